"""gensim's own float32 arithmetic for 3CosAdd, replayed where a near-tie lets the summation order decide.

``protocol="gensim"`` of :func:`wordvec.evaluation.evaluate_analogies` reproduces
``KeyedVectors.evaluate_word_analogies`` question by question; for the few questions whose
best candidates are within :data:`GENSIM_TIE_TOL` of each other, the answer is recomputed
the way gensim computes it, without importing gensim (~0.6 s in a fresh process).
"""
from __future__ import annotations

import weakref

import numpy as np

#: Raw-score gap below which gensim's own float32 arithmetic is replayed (protocol="gensim").
GENSIM_TIE_TOL = 1e-4

_NORMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def gensim_norms(emb) -> tuple[np.ndarray, np.ndarray]:
    """The vectors and gensim's ``fill_norms()`` (``np.linalg.norm(vectors, axis=1)``), cached per embedding."""
    hit = _NORMS.get(emb)
    if hit is not None and hit[0] is emb.vectors:
        return hit[1], hit[2]
    V = np.asarray(emb.vectors)
    if V.dtype != np.float32 or not V.flags.c_contiguous:
        V = np.ascontiguousarray(V, dtype=np.float32)
    norms = np.linalg.norm(V, axis=1)
    _NORMS[emb] = (emb.vectors, V, norms)
    return V, norms


def _gensim_unitvec(vec: np.ndarray) -> np.ndarray:
    """``gensim.matutils.unitvec`` of a dense vector, with its arithmetic: double-precision
    BLAS ``nrm2`` and ``scal``."""
    from scipy.linalg.blas import get_blas_funcs

    nrm2, scal = get_blas_funcs(("nrm2", "scal"), (np.array([], dtype=float),))
    length = nrm2(vec)
    return scal(1.0 / length, vec).astype(vec.dtype) if length > 0.0 else vec


def gensim_replay(V: np.ndarray, norms: np.ndarray, ia: int, ib: int, ic: int, stop: int) -> list[int]:
    """gensim's ``most_similar(positive=[b, c], negative=[a], topn=5)`` rows, same float32 arithmetic."""
    weights = np.concatenate((np.ones(2), -1.0 * np.ones(1)))
    mean = np.zeros(V.shape[1], V.dtype)
    total = 0
    for w, row in zip(weights, (ib, ic, ia)):
        mean += w * (V[row] / norms[row])
        total += abs(w)
    mean = mean / total
    mean = _gensim_unitvec(mean).astype(np.float32)
    dists = np.dot(V[0:stop], mean) / norms[0:stop]
    neg = -dists  # gensim.matutils.argsort(dists, topn=8, reverse=True)
    n_best = 5 + 3
    if n_best >= neg.size:
        best = np.argsort(neg)[:n_best]
    else:
        part = np.argpartition(neg, n_best)[:n_best]
        best = part.take(np.argsort(neg.take(part)))
    keys = (ib, ic, ia)
    return [int(i) for i in best if i not in keys][:5]
