"""The trainers' inputs (a corpus or a co-occurrence matrix, checked and coerced) and shared options.

The estimator plumbing (parameter checks, ``get_params``, cloning, ``n_jobs``) lives in
the ground-floor :mod:`wordvec._estimator` and is re-exported here for the trainers. This
module adds what only trainers share: the ``output`` option of the factorisations
(:data:`OUTPUTS`, :func:`check_output`).
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import numpy as np

from .._estimator import (N_JOBS, BaseTrainer, Constraint, boolean, clone, integer, numba_threads,  # noqa: F401
                          one_of, real, resolve_n_jobs)
from ..errors import EmptyInputError, ParameterError, ParameterTypeError, WordvecError  # noqa: F401

# --------------------------------------------------------------------------- shared options
#: Which vectors a factorisation returns: word, context, their sum, or both side by side.
OUTPUTS = ("w", "c", "w+c", "concat")

#: The ``output`` rule: one of :data:`OUTPUTS`, in any case (``"W+C"`` is ``"w+c"``).
OUTPUT = Constraint(lambda v: isinstance(v, str) and v.lower() in OUTPUTS,
                    "one of " + ", ".join(repr(o) for o in OUTPUTS) + " (case-insensitive)")


def check_output(output: Any, who: str) -> str:
    """``output`` in its canonical lower-case spelling; :class:`ParameterError` names a bad value.

    Examples
    --------
    >>> check_output("W+C", "GloVe")
    'w+c'
    """
    if not OUTPUT.check(output):
        raise ParameterError(f"{who}: output must be {OUTPUT.text}, got {output!r}")
    return output.lower()


# --------------------------------------------------------------------------- inputs
def is_cooccurrence(data: Any) -> bool:
    """Duck-typed test for :class:`wordvec.corpus.Cooccurrence` (a ``.matrix`` and a ``.vocab``)."""
    return hasattr(data, "matrix") and hasattr(data, "vocab")


def check_corpus(data: Any, who: str) -> Iterable[list[str]]:
    """A re-iterable corpus from ``data`` (a path is read as text); one-shot iterators are refused."""
    if data is None:
        raise EmptyInputError(f"{who}.fit() got None instead of a corpus")
    if isinstance(data, (str, os.PathLike)):
        from ..corpus import as_corpus

        return as_corpus(data)  # a text file, directory or glob: one document per line
    if isinstance(data, bytes):
        raise ParameterTypeError(f"{who}.fit() got bytes; pass a corpus (a re-iterable of token lists) or a path")
    if not isinstance(data, Iterable):
        raise ParameterTypeError(f"{who}.fit() needs a corpus (a re-iterable of token lists) or a Cooccurrence, "
                                 f"got {type(data).__name__}")
    if iter(data) is data or getattr(data, "reiterable", True) is False:
        from ..corpus.readers import OneShotIteratorError

        raise OneShotIteratorError(
            f"{who}.fit() got a one-shot iterator ({type(data).__name__}); training reads the corpus "
            "several times, so pass a re-iterable corpus (a list, or a wordvec.corpus reader)")
    return data


def as_cooccurrence(data: Any, who: str, *, window: int, weighting: str, min_count: int,
                    progress: bool | None) -> Any:
    """A :class:`~wordvec.corpus.Cooccurrence` from either one or a corpus (counted here).

    The counting options are required: each trainer passes on its own (validated) values,
    so that their defaults are declared once, in the trainer's signature.
    """
    if is_cooccurrence(data):
        cooc = data
    else:
        from ..corpus import count_cooccurrences

        data = check_corpus(data, who)
        cooc = count_cooccurrences(data, window=window, weighting=weighting, min_count=min_count,
                                   progress=progress)
    check_cooccurrence(cooc, who)
    return cooc


def check_cooccurrence(cooc: Any, who: str) -> None:
    """The co-occurrence matrix must be square, finite, non-negative, match its vocabulary and be non-empty."""
    import scipy.sparse as sp

    m = cooc.matrix
    if not sp.issparse(m):
        raise ParameterTypeError(f"{who}: Cooccurrence.matrix must be a scipy.sparse matrix, got {type(m).__name__}")
    n = len(cooc.vocab)
    if m.shape != (n, n):
        raise ParameterError(f"{who}: co-occurrence matrix has shape {m.shape} but the vocabulary has {n} words")
    if n == 0:
        raise EmptyInputError(f"{who}: the vocabulary is empty (empty corpus, or min_count filtered every word)")
    if m.nnz == 0 or not np.any(m.data):
        raise EmptyInputError(f"{who}: the co-occurrence matrix has no non-zero entries "
                              "(every document shorter than two in-vocabulary tokens?)")
    data = np.asarray(m.data)
    if not np.all(np.isfinite(data)):
        raise ParameterError(f"{who}: the co-occurrence matrix holds NaN or infinite values")
    if np.any(data < 0):
        raise ParameterError(f"{who}: the co-occurrence matrix holds negative counts")


def vocab_counts(cooc: Any) -> np.ndarray | None:
    """The vocabulary's word counts as int64, or ``None`` when the vocabulary has none."""
    counts = getattr(cooc.vocab, "counts", None)
    return None if counts is None else np.asarray(counts, dtype=np.int64)
