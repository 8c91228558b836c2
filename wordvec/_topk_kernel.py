"""The compiled top-k scan behind :func:`wordvec._topk.top_k` (numba).

A module-level ``cache=True`` function: numba writes its machine code next to this file
(or, where that is read-only, to ``NUMBA_CACHE_DIR`` or the user's cache directory), so
every process after the first loads it instead of compiling.
"""
import numba
import numpy as np


@numba.njit(parallel=True, cache=True, nogil=True)
def top_k_rows(s, k, scale):  # pragma: no cover - compiled
    """Top ``k`` of ``s[i, j] * scale[j]`` for every row ``i``: indices and values, best first."""
    m, n = s.shape
    idx = np.empty((m, k), dtype=np.int64)
    val = np.empty((m, k), dtype=np.float32)
    for i in numba.prange(m):
        cnt = 0
        for j in range(n):
            v = s[i, j] * scale[j]
            if cnt < k:
                p = cnt
                cnt += 1
            elif v > val[i, k - 1]:
                p = k - 1
            else:
                continue
            # Strict comparison: an equal score stays behind the earlier column.
            while p > 0 and val[i, p - 1] < v:
                val[i, p] = val[i, p - 1]
                idx[i, p] = idx[i, p - 1]
                p -= 1
            val[i, p] = v
            idx[i, p] = j
    return idx, val
