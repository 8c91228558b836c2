"""Top-k selection over a block of scores, shared by every neighbour search.

Small blocks stay in NumPy (``argpartition`` + a sort of the k survivors); large blocks
go to a compiled one-pass kernel (:mod:`._topk_kernel`) that reads each score once and
keeps a sorted buffer of k: ~0.4 ns a score against ~2 ns for ``argpartition`` (1,000 x
100,000 scores). Its machine code is cached on disk, but importing numba and loading the
code still costs ~0.5 s in a fresh process, so a search uses the kernel only when it has
enough scores to win that back, or when numba is loaded already (:func:`use_kernel`).
"""
from __future__ import annotations

import sys

import numpy as np

#: Above this k, NumPy's argpartition beats the kernel's insertion buffer.
KERNEL_MAX_K = 128
#: Below this many scores a block stays in NumPy whatever else holds.
KERNEL_MIN_SCORES = 2**22
#: Scores in a whole search from which the kernel pays for numba's start-up
#: (0.5 s / ~1.5 ns saved a score).
KERNEL_MIN_TOTAL = 3 * 10**8


def use_kernel(total_scores: int) -> bool:
    """Whether a search of ``total_scores`` scores should use the compiled kernel."""
    return total_scores >= KERNEL_MIN_TOTAL or "numba" in sys.modules


def top_k(s: np.ndarray, k: int, scale: np.ndarray | None = None, *,
          kernel: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of the ``k`` largest scores of every row, best first.

    Ties keep the lower column first, as a stable sort of ``-s`` would.

    Parameters
    ----------
    s : ndarray, shape (m, n)
        Scores, higher is better; ``-inf`` marks excluded columns.
    k : int
        Number of columns to keep, ``1 <= k``; capped at ``n``.
    scale : ndarray, shape (n,), optional
        Positive factor for every column, applied before ranking (cosine scores from
        raw dot products and inverse norms). ``s`` may be modified in place.
    kernel : bool, optional
        Allow the compiled kernel (default: :func:`use_kernel` of this block's size);
        a search over many blocks decides once for its total.
    """
    m, n = s.shape
    k = min(int(k), n)
    if kernel is None:
        kernel = use_kernel(m * n)
    if kernel and 0 < k <= KERNEL_MAX_K and k < n and m * n >= KERNEL_MIN_SCORES:
        from ._topk_kernel import top_k_rows

        ones = np.ones(n, dtype=np.float32) if scale is None else np.ascontiguousarray(scale, dtype=np.float32)
        return top_k_rows(np.ascontiguousarray(s, dtype=np.float32), k, ones)
    if scale is not None:
        s *= scale
    if k < n:
        # Partition s itself (no negated copy): the k largest end up in the last k slots.
        part = np.argpartition(s, n - k, axis=1)[:, n - k:]
        _lowest_columns_on_ties(s, part, k)
    else:
        part = np.broadcast_to(np.arange(n), (m, n)).copy()
    top = np.take_along_axis(s, part, axis=1)
    # Best first, ties by column: sort on (-score, column).
    order = np.lexsort((part, -top), axis=1) if m else np.empty((0, k), np.int64)
    return np.take_along_axis(part, order, axis=1), np.take_along_axis(top, order, axis=1)


def _lowest_columns_on_ties(s: np.ndarray, part: np.ndarray, k: int) -> None:
    """Where the k-th score is tied, keep the lowest tied columns (argpartition picks any)."""
    thr = np.take_along_axis(s, part, axis=1).min(axis=1)
    for r in np.flatnonzero((s >= thr[:, None]).sum(axis=1) > k):  # rare with real scores
        above = np.flatnonzero(s[r] > thr[r])
        part[r] = np.concatenate([above, np.flatnonzero(s[r] == thr[r])[: k - len(above)]])
