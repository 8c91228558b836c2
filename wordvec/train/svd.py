"""Truncated SVD of large sparse matrices: ARPACK (exact) and a randomised range finder.

Both return ``(U, S, Vt)`` with singular values in descending order and a deterministic sign
(the largest-magnitude entry of every column of ``U`` is positive), so results can be compared
across solvers and with :func:`numpy.linalg.svd` up to that convention.

Both run BLAS and LAPACK on one thread (:func:`one_blas_thread`), so their output is the same,
bit for bit, whatever the BLAS thread count of the machine or of ``OMP_NUM_THREADS`` /
``OPENBLAS_NUM_THREADS``; the parallel work is the sparse products, whose rows are summed in
a fixed order by each thread.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import scipy.sparse as sp


def one_blas_thread() -> Any:
    """A context manager (:mod:`threadpoolctl`) running BLAS and LAPACK on one thread inside it.

    OpenBLAS's LU (``getrf``), Cholesky, triangular solves and symmetric eigensolver split
    their work by the number of threads, and so round differently on 1 and on 2 threads
    (issue 19: PPMI-SVD vectors differing in every row). On one thread each call does its
    arithmetic in one order. In the randomised SVD these calls take about a fifth of the
    time and multi-threading them did not pay on 2 cores; ARPACK's re-orthogonalisation
    does lose from it, about 20 % at 50,000 words × 300 dimensions (``benchmarks/bench_svd.py``).
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def orthonormalise(Y: np.ndarray) -> np.ndarray:
    """Orthonormal basis of the columns of ``Y`` by Cholesky-QR applied twice ("CholQR2"), in float64.

    Two Gram-matrix passes are BLAS-3 only and, for the moderately conditioned sketches of the
    randomised SVD, as accurate as Householder QR (Yamamoto et al. 2015) while much faster than
    LAPACK's ``orgqr`` on tall matrices. Falls back to Householder QR if the Gram matrix is singular.
    """
    import scipy.linalg

    Q = np.asarray(Y, dtype=np.float64)
    try:
        for _ in range(2):
            R = scipy.linalg.cholesky(Q.T @ Q, lower=False, check_finite=False)
            Q = scipy.linalg.solve_triangular(R, Q.T, trans="T", lower=False, check_finite=False).T
    except np.linalg.LinAlgError:
        Q = scipy.linalg.qr(np.asarray(Y, dtype=np.float64), mode="economic", check_finite=False)[0]
    return np.ascontiguousarray(Q)


def _product(a, Y: np.ndarray) -> np.ndarray:
    import scipy.sparse as sp

    if sp.issparse(a):
        from ._svd_kernel import csr_dense_product

        Y = np.ascontiguousarray(Y, dtype=a.dtype)
        return csr_dense_product(a.indptr, a.indices, a.data, Y, np.empty((a.shape[0], Y.shape[1]), a.dtype))
    return a @ Y


def fix_signs(U: np.ndarray, Vt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flip each singular pair so that the largest-magnitude entry of ``U[:, i]`` is positive."""
    big = np.argmax(np.abs(U), axis=0)
    signs = np.sign(U[big, np.arange(U.shape[1])])
    signs[signs == 0] = 1.0
    return U * signs, Vt * signs[:, None]


def truncated_svd(m: sp.spmatrix | np.ndarray, k: int, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top-``k`` singular triplets by ARPACK (:func:`scipy.sparse.linalg.svds`), sorted descending.

    Exact (implicitly restarted Lanczos bidiagonalisation); ``seed`` fixes the start vector.
    Signs follow :func:`fix_signs`; BLAS runs on one thread (:func:`one_blas_thread`).

    References
    ----------
    Lehoucq, R. B., Sorensen, D. C. & Yang, C. (1998). ARPACK Users' Guide. SIAM.

    Examples
    --------
    >>> U, S, Vt = truncated_svd(np.diag([3.0, 1.0, 2.0]), 2)
    >>> S.round(6).tolist(), U.shape, Vt.shape
    ([3.0, 2.0], (3, 2), (2, 3))
    """
    import scipy.sparse.linalg as spla

    v0 = np.random.default_rng(seed).uniform(-1, 1, min(m.shape))
    with one_blas_thread():
        U, S, Vt = spla.svds(m, k=k, v0=v0, solver="arpack")
    order = np.argsort(S)[::-1]
    U, S, Vt = U[:, order], S[order], Vt[order]
    U, Vt = fix_signs(U, Vt)
    return U, S, Vt


def randomized_svd(m: sp.spmatrix | np.ndarray, k: int, *, n_iter: int = 4, oversample: int = 20, seed: int = 0,
                   dtype: str | np.dtype = "float32") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top-``k`` singular triplets by a randomised range finder with power iterations.

    Algorithms 4.4/5.1 of Halko, Martinsson & Tropp (2011): sketch the range of ``m`` with
    ``k + oversample`` Gaussian directions, sharpen it with ``n_iter`` power iterations
    (re-orthonormalised by LU between products, as scikit-learn does, and by Cholesky-QR2 at the end),
    then take the exact SVD of the small projected matrix. The cost is ``2·(n_iter + 1)``
    sparse-times-dense products (multi-threaded); the error decays like
    ``(σ_{k+p+1}/σ_k)^(2·n_iter+1)``. ``dtype="float32"`` (default) halves time and memory;
    singular values then carry ~1e-6 relative rounding, irrelevant for embeddings. The products
    use numba's threads; BLAS and LAPACK run on one thread (:func:`one_blas_thread`), so the
    result is identical for any thread count.

    Returns
    -------
    U : ndarray (n_rows, k); S : ndarray (k,), descending; Vt : ndarray (k, n_cols)
        In float64, signs fixed by :func:`fix_signs`.

    References
    ----------
    Halko, N., Martinsson, P. G. & Tropp, J. A. (2011). Finding structure with randomness:
    probabilistic algorithms for constructing approximate matrix decompositions. SIAM Review 53(2).

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> U, S, Vt = randomized_svd(sp.diags([3.0, 1.0, 2.0]).tocsr(), 2, dtype="float64")
    >>> S.round(6).tolist()
    [3.0, 2.0]
    """
    import scipy.linalg
    import scipy.sparse as sp

    dtype = np.dtype(dtype)
    n_rows, n_cols = m.shape
    width = min(k + oversample, min(n_rows, n_cols))
    rng = np.random.default_rng(seed)
    if sp.issparse(m):
        m = sp.csr_matrix(m, dtype=dtype)
        mt = m.T.tocsr()  # CSR of the transpose: products with it are row-parallel too
    else:
        m = np.asarray(m, dtype=dtype)
        mt = m.T
    with one_blas_thread():
        Y = _product(m, rng.standard_normal((n_cols, width)).astype(dtype))
        for _ in range(n_iter):
            Y = scipy.linalg.lu(Y, permute_l=True, check_finite=False)[0]
            Z = scipy.linalg.lu(_product(mt, Y), permute_l=True, check_finite=False)[0]
            Y = _product(m, Z)
        Q = orthonormalise(Y)
        Bt = _product(mt, Q.astype(dtype)).astype(np.float64)  # (n_cols, width) = (Qᵀ m)ᵀ
        # SVD of the small wide matrix B = Qᵀ m through the eigen-decomposition of B Bᵀ (width × width):
        # half the flops of LAPACK's gesdd on B, in float64 so that squaring costs no useful precision.
        evals, Uh = scipy.linalg.eigh(Bt.T @ Bt, check_finite=False)
        order = np.argsort(evals)[::-1][:k]
        S = np.sqrt(np.maximum(evals[order], 0.0))
        Uh = Uh[:, order]
        safe = np.where(S > 0, S, 1.0)
        Vt = (Bt @ Uh / safe).T
        U = Q @ Uh
    U, Vt = fix_signs(U, Vt)
    return U, S, Vt
