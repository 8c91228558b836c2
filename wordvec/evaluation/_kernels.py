"""Compiled top-k scan for analogy scoring (numba).

Why a kernel: every analogy objective is an element-wise combination of three rows of
cosines ``S[a], S[b], S[c]`` (S = unit vectors of the question words × the vocabulary).
NumPy would materialise several (questions × vocabulary) temporaries and then
``argpartition`` them; the kernel streams a cache-sized tile of columns through all
questions once and keeps a running top-k per question (benchmarks/bench_analogy.py).
"""
from __future__ import annotations

import numpy as np
from numba import njit, prange

ADD, MUL, PAIR = 0, 1, 2
TILE = 16384


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
def scan_topk(S, col0, ia, ib, ic, xa, xb, xc, kq, method, eps, best_val, best_idx, tile):
    """Update the running top-k of every question with the columns of block ``S``.

    Parameters
    ----------
    S : float32 (W, ncol)
        Cosines of the W distinct question words with vocabulary columns
        ``[col0, col0 + ncol)``.
    ia, ib, ic : int64 (m,)
        Rows of S holding a, b, c of each question.
    xa, xb, xc : int64 (m,)
        Vocabulary columns excluded from the answers (the input words).
    kq : float32 (m,)
        Per-question constant (PairDirection: u_c·(u_b − u_a)).
    method : int
        0 = 3CosAdd raw score S_b + S_c − S_a, 1 = 3CosMul, 2 = PairDirection raw score.
    best_val, best_idx : (m, k) arrays updated in place, best first.
    tile : int
        Columns per tile (see ``TILE``).

    The score of a column is compared with the current k-th best before anything else,
    so the loop is a fused stream over three rows; tiles of ``TILE`` columns keep the
    rows of one tile in cache while all questions pass over it.
    """
    m = ia.shape[0]
    ncol = S.shape[1]
    k = best_val.shape[1]
    one = np.float32(1.0)
    two = np.float32(2.0)
    quarter = np.float32(0.25)
    half = np.float32(0.5)
    tiny = np.float32(1e-12)
    for t0 in range(0, ncol, tile):
        t1 = min(ncol, t0 + tile)
        for q in prange(m):
            ra = S[ia[q]]
            rb = S[ib[q]]
            rc = S[ic[q]]
            vals = best_val[q]
            idx = best_idx[q]
            x1, x2, x3 = xa[q] - col0, xb[q] - col0, xc[q] - col0
            thr = vals[k - 1]
            if method == 0:
                for j in range(t0, t1):
                    v = rb[j] + rc[j] - ra[j]
                    if v > thr:
                        thr = _offer(vals, idx, v, j + col0, x1 + col0, x2 + col0, x3 + col0)
            elif method == 1:
                for j in range(t0, t1):
                    v = ((one + rb[j]) * (one + rc[j]) * quarter) / ((one + ra[j]) * half + eps)
                    if v > thr:
                        thr = _offer(vals, idx, v, j + col0, x1 + col0, x2 + col0, x3 + col0)
            else:
                k0 = kq[q]
                for j in range(t0, t1):
                    den = two - two * rc[j]
                    if den < tiny:
                        den = tiny
                    v = (rb[j] - ra[j] - k0) / np.sqrt(den)
                    if v > thr:
                        thr = _offer(vals, idx, v, j + col0, x1 + col0, x2 + col0, x3 + col0)
