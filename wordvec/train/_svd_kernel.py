"""Compiled sparse (CSR) × dense product for the randomised SVD (numba, multi-threaded)."""
from __future__ import annotations

from numba import njit, prange


@njit(parallel=True, cache=True, fastmath=True)
def csr_dense_product(indptr, indices, data, Y, out):  # pragma: no cover - compiled
    """``out = A @ Y`` for CSR ``A`` and a C-ordered dense ``Y``, rows in parallel.

    scipy's sparse × dense product runs on one thread; this one uses every numba thread and
    keeps the dtype of ``Y`` (float32 halves the memory traffic of the randomised SVD).
    """
    k = Y.shape[1]
    for i in prange(indptr.size - 1):
        for b in range(k):
            out[i, b] = 0
        for p in range(indptr[i], indptr[i + 1]):
            v = data[p]
            j = indices[p]
            for b in range(k):
                out[i, b] += v * Y[j, b]
    return out
