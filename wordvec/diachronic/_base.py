"""The floor of :mod:`wordvec.diachronic`: its errors and the neighbour search within one period.

Every other module of the package imports from here and this module imports none of
them, so that :mod:`.series`, :mod:`.change` and :mod:`.plots` share these pieces without
an import circle.
"""
from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import numpy as np

from .._numerics import unit_rows
from .._topk import top_k
from ..errors import WordvecError

if TYPE_CHECKING:
    import pandas as pd


class DiachronicError(WordvecError, ValueError):
    """Input that cannot form or be used as a diachronic series (one period, no shared words, ...)."""


class AbsentWordError(DiachronicError, KeyError):
    """A word is in the series' vocabulary but absent (masked) in the requested period."""

    def __init__(self, word: str, period: Hashable, count: int | None = None):
        self.word, self.period = word, period
        extra = f" (count {count} below the series' min_count)" if count else ""
        self.message = f"{word!r} is absent from period {period!r}{extra}: it has no vector there"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def nearest_in_period(series: Any, t: int, q: np.ndarray, k: int, exclude: int | None) -> pd.DataFrame:
    """The ``k`` words of period ``t`` closest (cosine) to the vector ``q``, best first.

    ``series`` is a :class:`~wordvec.diachronic.DiachronicEmbedding`; ``exclude`` is a
    row never returned (the query word itself). Ties go to the more frequent word (the
    lower row), as everywhere in wordvec. Columns: ``period``, ``rank`` (1 = best),
    ``neighbor``, ``similarity``.
    """
    import pandas as pd

    rows = np.flatnonzero(series.present[t])
    u = unit_rows(series.vectors[t, rows], np.float32)
    s = u @ (q / max(np.linalg.norm(q), 1e-12))
    if exclude is not None:
        s[rows == exclude] = -np.inf
    kk = min(int(k), int(np.isfinite(s).sum()))
    if kk > 0:
        best, sim = top_k(s[None, :], kk)
        best, sim = best[0], sim[0]
    else:
        best, sim = np.empty(0, dtype=np.int64), np.empty(0, dtype=s.dtype)
    return pd.DataFrame({"period": series.periods[t], "rank": np.arange(1, kk + 1),
                         "neighbor": [series.words[rows[i]] for i in best], "similarity": sim.astype(float)})
