"""Count-based vectors: (shifted) positive PMI and its truncated SVD (Levy, Goldberg & Dagan 2015).

``PPMI`` turns a co-occurrence matrix into sparse positive pointwise mutual information with
context-distribution smoothing; ``PPMISVD`` factorises it into dense vectors with eigenvalue
weighting, as in ``hyperwords`` and HistWords (Hamilton et al. 2016).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._progress import progress_bar
from ..embedding import Embedding
from ..errors import WordvecError
from .base import BaseTrainer, ParameterError, as_cooccurrence, boolean, integer, one_of, real, vocab_counts
from .svd import randomized_svd, truncated_svd

if TYPE_CHECKING:
    import scipy.sparse as sp

_PPMI_CONSTRAINTS = {
    "cds": real(0, 1, low_open=True),
    "shift": real(1),
    "window": integer(1),
    "weighting": one_of("uniform", "harmonic"),
    "min_count": integer(1),
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
    progress : bool or None
        Progress bar while counting a corpus.

    Attributes
    ----------
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
    """

    _trainer_name = "ppmi"
    _parameter_constraints = {**_PPMI_CONSTRAINTS, "max_dense_bytes": integer(1)}

    def __init__(self, *, cds: float = 0.75, shift: float = 1.0, window: int = 5, weighting: str = "uniform",
                 min_count: int = 5, max_dense_bytes: int = 2**31, progress: bool | None = None):
        self.cds = cds
        self.shift = shift
        self.window = window
        self.weighting = weighting
        self.min_count = min_count
        self.max_dense_bytes = max_dense_bytes
        self.progress = progress

    def fit_transform(self, data: Any) -> sp.csr_matrix:
        """Fit and return the sparse PPMI matrix (no densification)."""
        self._validate_params()
        cooc = as_cooccurrence(data, type(self).__name__, window=self.window, weighting=self.weighting,
                               min_count=self.min_count, progress=self.progress)
        self.cooccurrence_ = cooc
        self.ppmi_ = ppmi_matrix(cooc.matrix, self.cds, self.shift)
        if self.ppmi_.nnz == 0:
            raise WordvecError(f"{type(self).__name__}: every PMI value is ≤ log(shift={self.shift}); "
                               "the PPMI matrix is empty (lower the shift or use more text)")
        return self.ppmi_

    def fit(self, data: Any) -> Embedding:
        """Fit and return the dense PPMI rows as an :class:`Embedding`."""
        m = self.fit_transform(data)
        n = m.shape[0]
        if 4 * n * n > self.max_dense_bytes:
            raise WordvecError(
                f"PPMI: dense {n}×{n} rows need {4 * n * n / 2**30:.1f} GiB (> max_dense_bytes); "
                "use fit_transform() for the sparse matrix or PPMISVD for dense low-rank vectors")
        return Embedding(list(self.cooccurrence_.vocab.words), m.toarray().astype(np.float32),
                         vocab_counts(self.cooccurrence_), self._meta(nnz=int(m.nnz)))


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
    output : {"w", "w+c"}, default "w"
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
    seed : int, default 0
    progress : bool or None

    Attributes
    ----------
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
    """

    _trainer_name = "ppmi_svd"
    _parameter_constraints = {
        **_PPMI_CONSTRAINTS,
        "dim": integer(1),
        "eig": real(),
        "output": one_of("w", "w+c"),
        "solver": one_of("randomized", "arpack"),
        "n_iter": integer(0),
        "oversample": integer(0),
        "dtype": one_of("float32", "float64"),
        "seed": integer(0),
    }

    def __init__(self, dim: int = 300, *, eig: float = 0.5, output: str = "w", cds: float = 0.75, shift: float = 1.0,
                 window: int = 5, weighting: str = "uniform", min_count: int = 5, solver: str = "randomized",
                 n_iter: int = 4, oversample: int = 20, dtype: str = "float32", seed: int = 0,
                 progress: bool | None = None):
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
        self.seed = seed
        self.progress = progress

    def fit(self, data: Any) -> Embedding:
        """Count (if given a corpus), build PPMI, factorise, and return the word vectors."""
        self._validate_params()
        ppmi = PPMI(cds=self.cds, shift=self.shift, window=self.window, weighting=self.weighting,
                    min_count=self.min_count, progress=self.progress)
        m = ppmi.fit_transform(data)
        n = m.shape[0]
        if self.dim >= n:
            raise ParameterError(f"PPMISVD: dim={self.dim} must be smaller than the vocabulary ({n} words)")
        with progress_bar(total=1, desc=f"SVD ({self.solver}, {self.dim} dims)", progress=self.progress) as bar:
            if self.solver == "arpack":
                U, S, Vt = truncated_svd(m, self.dim, seed=self.seed)
            else:
                U, S, Vt = randomized_svd(m, self.dim, n_iter=self.n_iter, oversample=self.oversample,
                                          seed=self.seed, dtype=self.dtype)
            bar.update()
        self.cooccurrence_, self.ppmi_ = ppmi.cooccurrence_, m
        self.U_, self.S_, self.V_ = U, S, Vt.T
        return self.embedding(self.output)

    def embedding(self, output: str | None = None) -> Embedding:
        """The fitted vectors, ``"w"`` (``UΣ^p``) or ``"w+c"`` (normalised ``UΣ^p`` + ``VΣ^p``)."""
        self._check_fitted("U_")
        output = self.output if output is None else output
        if output not in ("w", "w+c"):
            raise ParameterError(f"PPMISVD.embedding: output must be 'w' or 'w+c', got {output!r}")
        weight = self.S_ ** self.eig
        W = self.U_ * weight
        if output == "w+c":
            W = _normalise(W) + _normalise(self.V_ * weight)
        return Embedding(list(self.cooccurrence_.vocab.words), W.astype(np.float32), vocab_counts(self.cooccurrence_),
                         self._meta(output=output, ppmi_nnz=int(self.ppmi_.nnz)))


def _normalise(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return x / n
