"""Numerics shared by every analysis: row norms, unit rows and the size of a score block.

Ground floor (imports nothing of wordvec). One definition each, so that a cosine means
the same thing in every module: norms are summed in float64 whatever the storage type,
and a zero row stays zero instead of becoming NaN. The blocked top-k search over those
scores is :func:`wordvec._topk.top_k`.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike

#: Upper bound on the bytes of one block of scores (or gathered rows) in a blocked search.
BLOCK_BYTES = 128 * 2**20


def row_norms(vectors: np.ndarray) -> np.ndarray:
    """Euclidean norm of every row (last axis), summed in float64, returned as float32."""
    v = np.asarray(vectors)
    return np.sqrt(np.einsum("...j,...j->...", v, v, dtype=np.float64)).astype(np.float32)


def unit_rows(vectors: np.ndarray, dtype: DTypeLike = np.float64, *, inplace: bool = False) -> np.ndarray:
    """Rows (last axis) scaled to unit Euclidean length; zero rows stay zero.

    Parameters
    ----------
    vectors : array_like, shape (..., d)
    dtype : dtype, default float64
        Type of the result (norms are always summed in float64).
    inplace : bool, default False
        Scale ``vectors`` itself (it must be a floating array of type ``dtype``).

    Examples
    --------
    >>> unit_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    array([[0.6, 0.8],
           [0. , 0. ]])
    """
    v = vectors if inplace else np.array(vectors, dtype=dtype)
    norms = np.sqrt(np.einsum("...j,...j->...", v, v, dtype=np.float64))[..., None]
    norms[norms == 0] = 1.0
    np.divide(v, norms, out=v, casting="unsafe")
    return v


def rows_per_block(row_bytes: int, block_bytes: int = BLOCK_BYTES, minimum: int = 1) -> int:
    """How many rows of ``row_bytes`` bytes fit in one block (at least ``minimum``)."""
    return int(max(minimum, block_bytes // max(int(row_bytes), 1)))
