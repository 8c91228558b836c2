"""Solving analogies ``a : b :: c : ?`` given as word lists: 3CosAdd, 3CosMul, PairDirection.

Methods (over unit-normalised vectors, input words excluded from the answers):
3CosAdd (Mikolov, Yih & Zweig 2013), 3CosMul and PairDirection (Levy & Goldberg 2014);
see :mod:`wordvec.evaluation.analogy_methods` for the formulas. The methods that learn
from a relation's other pairs (3CosAvg, LRCos; Drozd, Gladkova & Matsuoka 2016) need a
dataset: :func:`wordvec.evaluation.evaluate_analogies`.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .._deprecation import renamed_parameters
from ..embedding import Embedding, Neighbors
from ..errors import EmptyInputError, ParameterError
from ._analogy_engine import normaliser, top_scores
from .analogy_methods import SECTION_METHODS, analogy_method

if TYPE_CHECKING:
    import pandas as pd


def check_k(k: int) -> int:
    """``k`` as an int, at least 1."""
    if int(k) < 1:
        raise ParameterError(f"k={k!r}: at least one answer is needed (k >= 1)")
    return int(k)


@renamed_parameters(topn="k")
def solve_analogies(emb: Embedding, a: Sequence[str], b: Sequence[str], c: Sequence[str], *, method: str = "3cosadd",
                    k: int = 1, restrict_vocab: int | None = None, eps: float = 1e-6, engine: str = "auto",
                    progress: bool | None = None) -> Neighbors:
    """Answer many analogies ``a[i] : b[i] :: c[i] : ?`` at once.

    Parameters
    ----------
    emb : Embedding
    a, b, c : sequences of str
        Question words (all must be in the vocabulary; one :class:`~wordvec.errors.OOVError`
        names every missing word).
    method : {"3cosadd", "3cosmul", "pairdirection"}
        3CosAdd (Mikolov, Yih & Zweig 2013), 3CosMul or PairDirection (Levy & Goldberg 2014).
    k : int, default 1
        Answers per question, best first. The three input words are never answers.
        (Formerly ``topn``, still accepted with a DeprecationWarning.)
    restrict_vocab : int, optional
        Search only the first ``restrict_vocab`` rows.
    eps : float, default 1e-6
        ε of 3CosMul.
    engine : {"auto", "numba", "numpy"}
        The scan: compiled (numba) or NumPy; ``"auto"`` takes numba for large problems
        or when it is loaded already.
    progress : bool, optional
        Show a progress bar (default: on a terminal only).

    Returns
    -------
    Neighbors
        ``queries`` are ``"a:b::c"`` labels; ``scores`` are cosines for 3CosAdd and
        PairDirection and the 3CosMul objective for 3CosMul.

    Examples
    --------
    >>> import wordvec
    >>> emb = wordvec.datasets.googlenews_subset()
    >>> nb = solve_analogies(emb, ["man", "good"], ["king", "better"], ["woman", "bad"], k=2)
    >>> [list(words) for words in nb.words]
    [['queen', 'princess'], ['worse', 'uglier']]
    """
    method = analogy_method(method)
    if method in SECTION_METHODS:
        raise ParameterError(f"method={method!r} needs the pairs of a relation; "
                             f"use evaluate_analogies(..., method={method!r})")
    a, b, c = list(a), list(b), list(c)
    if not (len(a) == len(b) == len(c)):
        raise ParameterError(f"a, b and c must have the same length, not {len(a)}, {len(b)} and {len(c)}")
    if not a:
        raise EmptyInputError("solve_analogies(): no questions")
    rows = emb.indices(a + b + c)
    n = len(a)
    ia, ib, ic = rows[:n], rows[n:2 * n], rows[2 * n:]
    stop = len(emb) if restrict_vocab is None else min(int(restrict_vocab), len(emb))
    k = check_k(k)
    U = emb.unit
    idx, raw = top_scores(U, ia, ib, ic, method, k, stop, eps, engine, progress=progress)
    scores = raw / normaliser(U, ia, ib, ic, method)[:, None].astype(np.float32)
    keep = int((idx >= 0).all(axis=0).sum())
    labels = [f"{x}:{y}::{z}" for x, y, z in zip(a, b, c)]
    return Neighbors(labels, idx[:, :keep], scores[:, :keep], emb.words)


@renamed_parameters(topn="k")
def solve_analogy(emb: Embedding, a: str, b: str, c: str, *, method: str = "3cosadd", k: int = 10,
                  restrict_vocab: int | None = None, eps: float = 1e-6) -> pd.DataFrame:
    """Answer one analogy ``a : b :: c : ?``.

    Parameters
    ----------
    emb : Embedding
    a, b, c : str
    method : {"3cosadd", "3cosmul", "pairdirection"}
        3CosAdd (Mikolov, Yih & Zweig 2013), 3CosMul or PairDirection (Levy & Goldberg 2014).
    k : int, default 10
        Answers, best first (formerly ``topn``).
    restrict_vocab : int, optional
        Search only the first ``restrict_vocab`` rows.
    eps : float, default 1e-6
        ε of 3CosMul.

    Returns
    -------
    pandas.DataFrame
        ``word``, ``score``, best first (see :func:`solve_analogies` for the scores).

    Examples
    --------
    >>> import wordvec
    >>> emb = wordvec.datasets.googlenews_subset()
    >>> solve_analogy(emb, "man", "king", "woman", k=3).word.tolist()
    ['queen', 'princess', 'crown_prince']
    """
    import pandas as pd

    nb = solve_analogies(emb, [a], [b], [c], method=method, k=k, restrict_vocab=restrict_vocab, eps=eps)
    return pd.DataFrame({"word": nb.words[0], "score": nb.scores[0].astype(float)})
