"""Count-based vectors: (shifted) positive PMI and its truncated SVD (Levy, Goldberg & Dagan 2015).

``PPMI`` turns a co-occurrence matrix into sparse positive pointwise mutual information with
context-distribution smoothing; ``PPMISVD`` factorises it into dense vectors with eigenvalue
weighting, as in ``hyperwords`` and HistWords (Hamilton et al. 2016).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._numerics import unit_rows
from .._progress import progress_bar
from ..embedding import Embedding
from ..errors import EmptyInputError
from .base import (N_JOBS, OUTPUT, BaseTrainer, ParameterError, as_cooccurrence, boolean, check_output, integer,
                   numba_threads, one_of, real, vocab_counts)
from .svd import randomized_svd, truncated_svd

__all__ = ["PPMI", "PPMISVD", "ppmi_matrix"]

if TYPE_CHECKING:
    import scipy.sparse as sp

_PPMI_CONSTRAINTS = {
    "cds": real(0, 1, low_open=True),
    "shift": real(1),
    "window": integer(1),
    "weighting": one_of("uniform", "harmonic"),
    "min_count": integer(1),
    "n_jobs": N_JOBS,
    "seed": integer(0),
    "progress": boolean(none=True),
}


def ppmi_matrix(matrix: sp.spmatrix, cds: float = 0.75, shift: float = 1.0,
                dtype: Any = np.float64) -> sp.csr_matrix:
    """Sparse shifted positive PMI of a co-occurrence matrix.

    .. math:: \\mathrm{SPPMI}(w, c) = \\max\\Big(\\log \\frac{\\#(w,c)\\, \\sum_{c'} \\#(c')^{\\alpha}}
              {\\#(w)\\, \\#(c)^{\\alpha}} - \\log k,\\; 0\\Big)

    where ``#(w)`` are row sums, ``#(c)`` column sums, ``α = cds`` (context-distribution
    smoothing) and ``k = shift``. Only non-zero counts can be positive, so the result keeps
    (a subset of) the input's sparsity pattern; rows or columns that sum to zero stay empty.

    References
    ----------
    Levy, O., Goldberg, Y. & Dagan, I. (2015). Improving distributional similarity with
    lessons learned from word embeddings. TACL 3, 211–225.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> ppmi_matrix(sp.csr_matrix([[0, 2], [2, 1]]), cds=1.0).toarray().round(3)
    array([[0.   , 0.511],
           [0.511, 0.   ]])
    """
    import scipy.sparse as sp

    m = sp.csr_matrix(matrix, dtype=np.float64, copy=True)
    m.eliminate_zeros()
    m.sort_indices()
    row_sum = np.asarray(m.sum(axis=1)).ravel()
    col_sum = np.asarray(m.sum(axis=0)).ravel()
    col_smooth = col_sum ** cds
    log_pc = np.log(col_smooth, where=col_smooth > 0, out=np.full_like(col_smooth, -np.inf)) - np.log(col_smooth.sum())
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    # log P(w,c) - log P(w) - log P_alpha(c) = log #(w,c) - log #(w) - log P_alpha(c)
    pmi = np.log(m.data) - np.log(row_sum[rows]) - log_pc[m.indices] - np.log(shift)
    m.data = np.maximum(pmi, 0.0)
    m.eliminate_zeros()
    return m.astype(dtype)


class PPMI(BaseTrainer):
    """Explicit sparse (shifted) positive PMI vectors (Levy, Goldberg & Dagan 2015).

    Each word is represented by its row of the PPMI matrix (one dimension per context word).

    Parameters
    ----------
    cds : float, default 0.75
        Context-distribution smoothing exponent α (1 = plain PMI).
    shift : float, default 1
        ``k`` of shifted PPMI: ``log k`` is subtracted before clipping at 0 (1 = no shift).
    window, weighting, min_count :
        Used only when ``fit`` receives a corpus (see :func:`wordvec.corpus.count_cooccurrences`).
        The defaults (window 5, uniform counts, min count 5) follow ``hyperwords``.
    max_dense_bytes : int, default 2 GiB
        :meth:`fit` returns dense rows (``n × n`` float32); larger vocabularies raise an
        error pointing to :meth:`fit_transform` (sparse) or :class:`PPMISVD`.
    n_jobs : int or None, default None
        Accepted for the common trainer interface; PPMI is computed on one thread.
    seed : int, default 0
        Accepted for the common trainer interface; PPMI is deterministic.
    progress : bool or None
        Progress bar while counting a corpus.

    Attributes
    ----------
    embedding_ : Embedding
        The dense PPMI rows (what :meth:`fit` returns).
    ppmi_ : scipy.sparse.csr_matrix, shape (n, n)
        The PPMI matrix (rows: words, columns: contexts).
    cooccurrence_ : Cooccurrence
        The counts it was computed from.

    References
    ----------
    Levy, O., Goldberg, Y. & Dagan, I. (2015). Improving distributional similarity with
    lessons learned from word embeddings. TACL 3, 211–225.
    Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and
    lexicography. Computational Linguistics 16(1).

    Examples
    --------
    >>> docs = [["the", "cat", "sat", "on", "the", "mat"], ["the", "dog", "sat", "on", "a", "log"]] * 10
    >>> ppmi = PPMI(window=2, min_count=1, progress=False)
    >>> emb = ppmi.fit(docs)
    >>> emb.shape, emb is ppmi.embedding_, ppmi.ppmi_.nnz > 0
    ((8, 8), True, True)
    """

    _trainer_name = "ppmi"
    _parameter_constraints = {**_PPMI_CONSTRAINTS, "max_dense_bytes": integer(1)}

    def __init__(self, *, cds: float = 0.75, shift: float = 1.0, window: int = 5, weighting: str = "uniform",
                 min_count: int = 5, max_dense_bytes: int = 2**31, n_jobs: int | None = None, seed: int = 0,
                 progress: bool | None = None):
        self.cds = cds
        self.shift = shift
        self.window = window
        self.weighting = weighting
        self.min_count = min_count
        self.max_dense_bytes = max_dense_bytes
        self.n_jobs = n_jobs
        self.seed = seed
        self.progress = progress

    def fit_transform(self, data: Any) -> sp.csr_matrix:
        """Fit and return the sparse PPMI matrix (no densification; ``embedding_`` is not set)."""
        self._validate_params()
        return self._fit_sparse(data)

    def _fit_sparse(self, data: Any) -> sp.csr_matrix:
        """:meth:`fit_transform` once the parameters are checked (also used by :class:`PPMISVD`)."""
        cooc = as_cooccurrence(data, type(self).__name__, window=self.window, weighting=self.weighting,
                               min_count=self.min_count, progress=self.progress)
        self.cooccurrence_ = cooc
        self.ppmi_ = ppmi_matrix(cooc.matrix, self.cds, self.shift)
        if self.ppmi_.nnz == 0:
            raise EmptyInputError(f"{type(self).__name__}: every PMI value is ≤ log(shift={self.shift}); "
                                  "the PPMI matrix is empty (lower the shift or use more text)")
        return self.ppmi_

    def fit(self, data: Any) -> Embedding:
        """Fit and return the dense PPMI rows as an :class:`Embedding` (also stored as ``embedding_``)."""
        m = self.fit_transform(data)
        n = m.shape[0]
        if 4 * n * n > self.max_dense_bytes:
            raise ParameterError(
                f"PPMI: dense {n}×{n} rows need {4 * n * n / 2**30:.1f} GiB (> max_dense_bytes="
                f"{self.max_dense_bytes}); use fit_transform() for the sparse matrix or PPMISVD for dense "
                "low-rank vectors")
        self.embedding_ = Embedding(list(self.cooccurrence_.vocab.words), m.toarray().astype(np.float32),
                                    vocab_counts(self.cooccurrence_), self._meta(nnz=int(m.nnz)))
        return self.embedding_


class PPMISVD(BaseTrainer):
    """Truncated SVD of the PPMI matrix with eigenvalue weighting (Levy, Goldberg & Dagan 2015).

    With ``PPMI ≈ U Σ Vᵀ`` (top ``dim`` singular triplets), word vectors are ``W = U Σ^p`` and
    context vectors ``C = V Σ^p``. ``output="w+c"`` returns the sum of the row-normalised
    ``W`` and ``C`` (as ``hyperwords``' ensemble). HistWords factorises PPMI (``cds = 0.75``)
    with a randomised SVD (scikit-learn's, 5 power iterations) and its loader's exponent
    defaults to ``p = 0``; the default here, ``p = 0.5``, is Levy et al.'s recommendation.

    Parameters
    ----------
    dim : int, default 300
        Number of singular triplets kept.
    eig : float, default 0.5
        Eigenvalue weighting exponent ``p`` (0: ``U`` only, 1: classic ``UΣ``).
    output : {"w", "c", "w+c", "concat"}, default "w"
        Vectors returned by :meth:`fit` (case-insensitive): ``W``, ``C``, the sum of the
        row-normalised ``W`` and ``C``, or ``W`` and ``C`` side by side (``2·dim`` columns).
        :meth:`embedding` gives any of them after fitting.
    cds, shift, window, weighting, min_count :
        As in :class:`PPMI`.
    solver : {"randomized", "arpack"}, default "randomized"
        Randomised range finder with power iterations (Halko, Martinsson & Tropp 2011) or
        ARPACK Lanczos through :func:`scipy.sparse.linalg.svds` (exact, slower for large ``dim``).
    n_iter : int, default 4
        Power iterations of the randomised solver.
    oversample : int, default 20
        Extra random directions of the randomised solver.
    dtype : {"float32", "float64"}, default "float32"
        Working precision of the randomised solver (ARPACK always uses float64).
    n_jobs : int or None, default None
        Threads of the compiled sparse × dense products of the randomised solver (``None`` → 1,
        ``-1`` → all cores); the result does not depend on it. BLAS and LAPACK run on one
        thread, so neither does it depend on ``OMP_NUM_THREADS`` / ``OPENBLAS_NUM_THREADS``.
    seed : int, default 0
    progress : bool or None

    Attributes
    ----------
    embedding_ : Embedding
        The ``output`` vectors (what :meth:`fit` returns).
    ppmi_ : scipy.sparse.csr_matrix
    U_ : ndarray (n, dim); S_ : ndarray (dim,), descending; V_ : ndarray (n, dim)
        The truncated SVD (signs fixed so that each column of ``U_`` has a positive largest entry).
    cooccurrence_ : Cooccurrence

    References
    ----------
    Levy, O., Goldberg, Y. & Dagan, I. (2015). Improving distributional similarity with
    lessons learned from word embeddings. TACL 3, 211–225.
    Hamilton, W. L., Leskovec, J. & Jurafsky, D. (2016). Diachronic word embeddings reveal
    statistical laws of semantic change. ACL.
    Halko, N., Martinsson, P. G. & Tropp, J. A. (2011). Finding structure with randomness.
    SIAM Review 53(2).

    Examples
    --------
    >>> docs = [["the", "cat", "sat", "on", "the", "mat"], ["the", "dog", "sat", "on", "a", "log"]] * 10
    >>> svd = PPMISVD(dim=3, window=2, min_count=1, progress=False)
    >>> emb = svd.fit(docs)
    >>> emb.shape, emb is svd.embedding_, emb.meta["trainer"], svd.embedding("W+C").meta["output"]
    ((8, 3), True, 'ppmi_svd', 'w+c')
    """

    _trainer_name = "ppmi_svd"
    _parameter_constraints = {
        **_PPMI_CONSTRAINTS,
        "dim": integer(1),
        "eig": real(),
        "output": OUTPUT,
        "solver": one_of("randomized", "arpack"),
        "n_iter": integer(0),
        "oversample": integer(0),
        "dtype": one_of("float32", "float64"),
    }

    def __init__(self, dim: int = 300, *, eig: float = 0.5, output: str = "w", cds: float = 0.75, shift: float = 1.0,
                 window: int = 5, weighting: str = "uniform", min_count: int = 5, solver: str = "randomized",
                 n_iter: int = 4, oversample: int = 20, dtype: str = "float32", n_jobs: int | None = None,
                 seed: int = 0, progress: bool | None = None):
        self.dim = dim
        self.eig = eig
        self.output = output
        self.cds = cds
        self.shift = shift
        self.window = window
        self.weighting = weighting
        self.min_count = min_count
        self.solver = solver
        self.n_iter = n_iter
        self.oversample = oversample
        self.dtype = dtype
        self.n_jobs = n_jobs
        self.seed = seed
        self.progress = progress

    def fit(self, data: Any) -> Embedding:
        """Count (if given a corpus), build PPMI, factorise; the ``output`` vectors (also ``embedding_``)."""
        self._validate_params()
        ppmi = PPMI(cds=self.cds, shift=self.shift, window=self.window, weighting=self.weighting,
                    min_count=self.min_count, progress=self.progress)
        m = ppmi._fit_sparse(data)  # this trainer's parameters are checked: no second check
        n = m.shape[0]
        if self.dim >= n:
            raise ParameterError(f"PPMISVD: dim={self.dim} must be smaller than the vocabulary ({n} words)")
        with progress_bar(total=1, desc=f"SVD ({self.solver}, {self.dim} dims)", progress=self.progress) as bar, \
                numba_threads(self.n_jobs):
            if self.solver == "arpack":
                U, S, Vt = truncated_svd(m, self.dim, seed=self.seed)
            else:
                U, S, Vt = randomized_svd(m, self.dim, n_iter=self.n_iter, oversample=self.oversample,
                                          seed=self.seed, dtype=self.dtype)
            bar.update()
        self.cooccurrence_, self.ppmi_ = ppmi.cooccurrence_, m
        self.U_, self.S_, self.V_ = U, S, Vt.T
        self.embedding_ = self.embedding()
        return self.embedding_

    def embedding(self, output: str | None = None) -> Embedding:
        """The fitted vectors: ``"w"`` (``UΣ^p``), ``"c"`` (``VΣ^p``), ``"w+c"`` (both row-normalised, summed)
        or ``"concat"`` (side by side); ``None`` means the configured ``output`` (case-insensitive)."""
        self._check_fitted("U_")
        output = check_output(self.output if output is None else output, "PPMISVD.embedding")
        weight = self.S_ ** self.eig
        W, C = self.U_ * weight, self.V_ * weight
        vectors = {"w": lambda: W, "c": lambda: C, "w+c": lambda: _normalise(W) + _normalise(C),
                   "concat": lambda: np.hstack([W, C])}[output]()
        return Embedding(list(self.cooccurrence_.vocab.words), vectors.astype(np.float32),
                         vocab_counts(self.cooccurrence_), self._meta(output=output, ppmi_nnz=int(self.ppmi_.nnz)))


def _normalise(x: np.ndarray) -> np.ndarray:
    return unit_rows(x)
