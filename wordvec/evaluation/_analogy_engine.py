"""The blocked scan behind every single-pair analogy method: top-k answers of many questions at once.

Every objective of 3CosAdd (Mikolov, Yih & Zweig 2013), 3CosMul and PairDirection (Levy &
Goldberg 2014) is an element-wise function of three rows of cosines between the question
words and the vocabulary, so the cosines of the *distinct* question words (a few hundred
for the Google set) are computed once per block of columns with one matrix product, and a
compiled kernel (:mod:`._kernels`) or its NumPy reference streams them through all
questions. The integer method codes the kernel needs live here, in :data:`ENGINE_CODES`,
and nowhere else.
"""
from __future__ import annotations

import sys

import numpy as np

from .._numerics import BLOCK_BYTES, rows_per_block
from .._progress import progress_bar
from .._topk import top_k
from ..errors import ParameterError

#: The one mapping from method names to the codes of the compiled kernel.
ENGINE_CODES = {"3cosadd": 0, "3cosmul": 1, "pairdirection": 2}
#: Columns per kernel tile: one tile of every distinct word's cosines is streamed through all questions.
TILE = 16384
#: With ``engine="auto"``, problems of fewer scores (questions x searched rows) stay in
#: NumPy unless numba is already loaded: its start-up in a fresh process (~0.5 s) costs
#: more than its faster scan saves (~0.6 ns a score; bench_cold.py, analogy), but once
#: paid (a notebook, a loop) the kernel is ~3x faster (bench_analogy.py).
NUMBA_MIN_SCORES = 10**9
ENGINES = ("auto", "numba", "numpy")


def select_engine(engine: str, scores: int | None = None) -> str:
    """``"numba"`` or ``"numpy"``: the scan that ``engine`` asks for on a problem of ``scores`` scores."""
    if engine not in ENGINES:
        raise ParameterError(f"engine={engine!r} is not one of {list(ENGINES)}")
    if engine == "auto" and scores is not None and scores < NUMBA_MIN_SCORES and "numba" not in sys.modules:
        return "numpy"
    if engine in ("auto", "numba"):
        try:
            from . import _kernels  # noqa: F401
            return "numba"
        except ImportError:
            if engine == "numba":
                raise
    return "numpy"


def combine(Sa: np.ndarray, Sb: np.ndarray, Sc: np.ndarray, method: str, kq: np.ndarray, eps: float) -> np.ndarray:
    """Raw scores from cosine rows (NumPy reference of the kernel's arithmetic)."""
    if method == "3cosadd":
        return Sb + Sc - Sa
    if method == "3cosmul":
        one = np.float32(1.0)
        return ((one + Sb) * (one + Sc) * np.float32(0.25)) / ((one + Sa) * np.float32(0.5) + np.float32(eps))
    den = np.maximum(np.float32(2.0) - np.float32(2.0) * Sc, np.float32(1e-12))
    return (Sb - Sa - kq[:, None]) / np.sqrt(den)


def top_scores(U: np.ndarray, ia: np.ndarray, ib: np.ndarray, ic: np.ndarray, method: str, k: int, stop: int,
               eps: float = 1e-6, engine: str = "auto", block_bytes: int | None = None,
               progress: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Top-``k`` raw scores and columns in ``[0, stop)`` for every question (inputs excluded).

    Returns ``(idx, raw)`` of shape (m, k), best first; ``idx == -1`` where fewer than
    ``k`` candidates exist. Columns are blocked so that the cosine block stays below
    ``block_bytes`` (default :data:`wordvec._numerics.BLOCK_BYTES`).
    """
    m = len(ia)
    best_val = np.full((m, k), -np.inf, dtype=np.float32)
    best_idx = np.full((m, k), -1, dtype=np.int64)
    if m == 0:
        return best_idx, best_val
    words, inv = np.unique(np.concatenate([ia, ib, ic]), return_inverse=True)
    rows = (inv[:m].astype(np.int64), inv[m:2 * m].astype(np.int64), inv[2 * m:].astype(np.int64))
    Uw = np.ascontiguousarray(U[words])
    kq = np.zeros(m, dtype=np.float32)
    if method == "pairdirection":
        kq = np.einsum("ij,ij->i", U[ic], U[ib] - U[ia]).astype(np.float32)
    eng = select_engine(engine, m * stop)
    width = rows_per_block(4 * len(words), BLOCK_BYTES if block_bytes is None else int(block_bytes), minimum=1024)
    blocks = range(0, stop, width)
    for col0 in progress_bar(blocks, total=len(blocks), desc="analogies", progress=progress):
        S = Uw @ U[col0:min(stop, col0 + width)].T
        scan = _numba_scan if eng == "numba" else _numpy_scan
        scan(S, col0, rows, (ia, ib, ic), kq, method, eps, best_val, best_idx)
    return best_idx, best_val


def _numba_scan(S, col0, rows, inputs, kq, method, eps, best_val, best_idx) -> None:
    """Merge one block of cosines into the running top-k with the compiled kernel."""
    import numba

    from ._kernels import scan_topk

    # Per-word transforms (W x columns, cheap) so that the kernel's inner loop over
    # questions x columns (expensive) has no division or square root.
    if method == "3cosmul":
        S *= np.float32(0.5)
        S += np.float32(0.5)                      # cos' = (1 + cos) / 2
        S2 = S + np.float32(eps)
        np.reciprocal(S2, out=S2)                 # 1 / (cos' + eps)
    elif method == "pairdirection":
        S2 = np.float32(2.0) - np.float32(2.0) * S
        np.maximum(S2, np.float32(1e-12), out=S2)
        np.sqrt(S2, out=S2)
        np.reciprocal(S2, out=S2)                 # 1 / ||u_d - u_c||
    else:
        S2 = S
    # Dynamic chunks of questions: on a shared machine a descheduled thread's
    # share is taken over by the others instead of stalling the whole loop.
    old = numba.set_parallel_chunksize(64)
    try:
        scan_topk(S, S2, col0, *rows, *inputs, kq, ENGINE_CODES[method], best_val, best_idx, TILE)
    finally:
        numba.set_parallel_chunksize(old)


def _numpy_scan(S, col0, rows, inputs, kq, method, eps, best_val, best_idx, chunk: int = 256) -> None:
    """Merge one block of cosines into the running top-k in NumPy, ``chunk`` questions at a time."""
    ra, rb, rc = rows
    k = best_val.shape[1]
    ncol = S.shape[1]
    for q0 in range(0, len(ra), chunk):
        q1 = min(len(ra), q0 + chunk)
        sl = slice(q0, q1)
        sc = combine(S[ra[sl]], S[rb[sl]], S[rc[sl]], method, kq[sl], eps)
        qrows = np.arange(q1 - q0)
        for x in inputs:
            x = x[sl]
            inside = (x >= col0) & (x < col0 + ncol)
            sc[qrows[inside], x[inside] - col0] = -np.inf
        part, top = top_k(sc, k, kernel=False)
        vals = np.concatenate([best_val[sl], top], axis=1)
        idx = np.concatenate([best_idx[sl], part + col0], axis=1)
        # Descending score, ties to the lower column (as the kernel does).
        order = np.lexsort((np.where(idx < 0, np.iinfo(np.int64).max, idx), -vals.astype(np.float64)), axis=1)[:, :k]
        best_val[sl] = np.take_along_axis(vals, order, axis=1)
        best_idx[sl] = np.take_along_axis(idx, order, axis=1)


def normaliser(U: np.ndarray, ia: np.ndarray, ib: np.ndarray, ic: np.ndarray, method: str) -> np.ndarray:
    """Per-question factor turning raw scores into the published objective."""
    if method == "3cosadd":  # cos(d, b - a + c) = raw / ||u_b - u_a + u_c||
        n = np.linalg.norm(U[ib] - U[ia] + U[ic], axis=1)
    elif method == "pairdirection":  # raw = (u_d - u_c)·(u_b - u_a) / ||u_d - u_c||
        n = np.linalg.norm(U[ib] - U[ia], axis=1)
    else:
        return np.ones(len(ia), dtype=np.float64)
    n[n == 0] = 1.0
    return n.astype(np.float64)


def full_topk(U: np.ndarray, ia: int, ib: int, ic: int, method: str, stop: int, eps: float,
              banned: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact top-k for one question over ``[0, stop)`` with an arbitrary set of banned rows."""
    S = U[:stop] @ np.stack([U[ia], U[ib], U[ic]]).T
    kq = np.array([U[ic] @ (U[ib] - U[ia])], dtype=np.float32)
    sc = combine(S[:, 0][None], S[:, 1][None], S[:, 2][None], method, kq, eps)
    sc[0, banned[banned < stop]] = -np.inf
    order, vals = top_k(sc, k, kernel=False)
    finite = np.isfinite(vals[0])
    return order[0][finite], vals[0][finite]
