"""Compiled top-k scan for analogy scoring (numba).

Why a kernel: every analogy objective is an element-wise combination of three rows of
cosines ``S[a], S[b], S[c]`` (S = unit vectors of the question words × the vocabulary).
NumPy would materialise several (questions × vocabulary) temporaries and then
``argpartition`` them; the kernel streams a cache-sized tile of columns through all
questions once and keeps a running top-k per question (benchmarks/bench_analogy.py).
"""
from __future__ import annotations

from numba import njit, prange


@njit(cache=True, nogil=True)
def _insert(vals, idx, v, j):
    k = vals.shape[0]
    pos = k - 1
    # Ties keep the earlier column first (stable, like a stable descending sort).
    while pos > 0 and vals[pos - 1] < v:
        vals[pos] = vals[pos - 1]
        idx[pos] = idx[pos - 1]
        pos -= 1
    vals[pos] = v
    idx[pos] = j


@njit(cache=True, nogil=True)
def _offer(vals, idx, v, col, xa, xb, xc):
    if col == xa or col == xb or col == xc:
        return vals[vals.shape[0] - 1]
    _insert(vals, idx, v, col)
    return vals[vals.shape[0] - 1]


@njit(parallel=True, cache=True)
def scan_topk(S, S2, col0, ia, ib, ic, xa, xb, xc, kq, method, best_val, best_idx, tile):
    """Update the running top-k of every question with the columns of block ``S``.

    Parameters
    ----------
    S, S2 : float32 (W, ncol)
        Per-word rows over vocabulary columns ``[col0, col0 + ncol)``, transformed so
        that every objective is a sum of row entries (see ``wordvec.evaluation._analogy_engine.top_scores``):
        3CosAdd: S = S2 = cosines, score S_b + S_c − S_a;
        3CosMul: S = cos' = (1 + cos)/2, S2 = 1/(cos' + ε), score S_b·S_c·S2_a (no
        division in the loop);
        PairDirection: S = cosines, S2 = 1/√(2 − 2 cos), score (S_b − S_a − kq)·S2_c.
    ia, ib, ic : int64 (m,)
        Rows of S holding a, b, c of each question.
    xa, xb, xc : int64 (m,)
        Vocabulary columns excluded from the answers (the input words).
    kq : float32 (m,)
        Per-question constant (PairDirection: u_c·(u_b − u_a)).
    method : int
        0 = 3CosAdd, 1 = 3CosMul, 2 = PairDirection.
    best_val, best_idx : (m, k) arrays updated in place, best first.
    tile : int
        Columns per tile (``wordvec.evaluation._analogy_engine.TILE``).

    The score of a column is compared with the current k-th best before anything else,
    so the loop is a fused stream over three rows; tiles of ``tile`` columns keep the
    rows of one tile in cache while all questions pass over it.
    """
    m = ia.shape[0]
    ncol = S.shape[1]
    k = best_val.shape[1]
    for t0 in range(0, ncol, tile):
        t1 = min(ncol, t0 + tile)
        for q in prange(m):
            rb = S[ib[q]]
            vals = best_val[q]
            idx = best_idx[q]
            x1, x2, x3 = xa[q], xb[q], xc[q]
            thr = vals[k - 1]
            if method == 2:
                ra = S[ia[q]]
                rc = S2[ic[q]]
                k0 = kq[q]
                for j in range(t0, t1):
                    v = (rb[j] - ra[j] - k0) * rc[j]
                    if v > thr:
                        thr = _offer(vals, idx, v, j + col0, x1, x2, x3)
            elif method == 1:
                ra = S2[ia[q]]
                rc = S[ic[q]]
                for j in range(t0, t1):
                    v = rb[j] * rc[j] * ra[j]
                    if v > thr:
                        thr = _offer(vals, idx, v, j + col0, x1, x2, x3)
            else:
                ra = S2[ia[q]]
                rc = S[ic[q]]
                for j in range(t0, t1):
                    v = rb[j] + rc[j] - ra[j]
                    if v > thr:
                        thr = _offer(vals, idx, v, j + col0, x1, x2, x3)
