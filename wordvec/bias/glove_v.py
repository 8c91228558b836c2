"""GloVe-V: analytical variances of GloVe word vectors and their propagation to statistics.

Vallebueno, Handan-Nader, Manning & Ho (2024), "Statistical Uncertainty in Word Embeddings:
GloVe-V", EMNLP. Holding the context vectors ``v_j`` and both biases fixed at their fitted
values, each word's *centre* vector ``w_i`` (``GloVe.W_``, not ``W + C``) solves a weighted
least-squares problem over its non-zero co-occurrences ``K_i``::

    Σ_i  = σ_i² · (Σ_{j∈K_i} f(X_ij) v_j v_jᵀ)⁻¹
    σ_i² = Σ_{j∈K_i} f(X_ij) (log X_ij − b_i − c_j − w_iᵀ v_j)² / (|K_i| − D)

Words with ``|K_i| ≤ D`` (or a singular weighted Gram matrix) get no variance; they are
listed in :attr:`GloVeVariances.no_variance` and held fixed when a statistic is propagated,
never given an invented variance.

Propagation to a statistic g of several words (independent across words, as in the paper):

* **delta method** — ``var(g) = Σ_w ∇_w gᵀ Σ_w ∇_w g``, normal CI;
* **Monte Carlo** ("method of composition") — draw every involved vector from
  ``N(w, Σ_w)``, recompute g, report the SD and percentile interval of the draws.

Examples
--------
A small GloVe on two planted topics (a0–a7 and b0–b7), then cosine similarities with
delta-method and Monte Carlo intervals:

>>> import numpy as np
>>> from wordvec.corpus import count_cooccurrences
>>> from wordvec.train import GloVe
>>> rng = np.random.default_rng(0)
>>> topics = [[f"a{k}" for k in range(8)], [f"b{k}" for k in range(8)]]
>>> docs = [list(rng.choice(topics[i % 2], size=30)) + list(rng.choice(topics[0] + topics[1], size=10))
...         for i in range(300)]
>>> glove = GloVe(dim=3, epochs=30, x_max=10, seed=0, progress=False)
>>> _ = glove.fit(count_cooccurrences(docs, window=2))
>>> gv = glove_variances(glove)
>>> gv.similarity([("a1", "a2"), ("a1", "b1")]).to_frame()[["test", "estimate", "se"]].round(1)
      test  estimate   se
0  a1 ~ a2       1.0  0.0
1  a1 ~ b1      -1.0  0.1
>>> gv.similarity([("a1", "a2")], method="mc", n_draws=2000).conf_int(0.1).round(1)
         ci_low  ci_high
test
a1 ~ a2     0.6      1.0
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from .._deprecation import renamed_parameters
from .._estimator import N_JOBS, resolve_n_jobs
from .._numerics import unit_rows
from .._progress import progress_bar
from ..embedding import Embedding
from ..errors import NotFittedError, ParameterError, ParameterTypeError, WordvecError
from ..results import ResultMixin, Summary
from ._checks import check_alpha, check_count
from .results import BiasResult, BiasResults
from .weat import effect_size
from .wordsets import OOV_THRESHOLD, LookedUp, lookup

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

STORAGES = ("full", "diagonal", "lowrank")
#: Refuse ``storage="full"`` above this many bytes unless ``max_bytes`` is raised.
MAX_BYTES = 2 * 2**30
#: Above this ``sqrt(tr Σ_w)/‖w‖`` for a word carrying > 10 % of a statistic's variance, the
#: delta-method result is flagged as unreliable. On SOTU GloVe (D=50) the Monte Carlo / delta
#: SE ratio of cosines is ≈0.95 at 0.35, ≈0.87 at 0.55, ≈0.72 at 1.0 and ≈0.2 at 5.
DELTA_RELIABLE = 0.6


@renamed_parameters(alpha="weight_exponent")
def glove_weight(x: np.ndarray, x_max: float, weight_exponent: float) -> np.ndarray:
    """GloVe's weighting ``f(x) = min(1, (x / x_max)^weight_exponent)`` (Pennington et al. 2014).

    Parameters
    ----------
    x : array_like
        Co-occurrence counts.
    x_max : float
        The count from which the weight is 1.
    weight_exponent : float
        The exponent (0.75 in the paper). ``alpha`` is a deprecated alias.

    Examples
    --------
    >>> glove_weight([1.0, 50.0, 200.0], x_max=100, weight_exponent=0.75)
    array([0.03162278, 0.59460356, 1.        ])
    """
    return np.minimum(1.0, (np.asarray(x, dtype=np.float64) / x_max) ** weight_exponent)


def _fitted(glove: Any, name: str) -> Any:
    try:
        return getattr(glove, name)
    except AttributeError:
        raise NotFittedError(f"GloVe-V needs a fitted GloVe model (missing {name!r}); call fit() first") from None


def _weight_exponent(glove: Any) -> float:
    """The GloVe weighting exponent: ``weight_exponent``, or ``alpha`` on models from before that name."""
    exponent = getattr(glove, "weight_exponent", None)
    if exponent is None:
        exponent = getattr(glove, "alpha", None)
    if exponent is None:
        raise ParameterTypeError(f"GloVe-V: {type(glove).__name__} has no weighting exponent "
                                 "(weight_exponent, or alpha before it was renamed)")
    return float(exponent)


@dataclass
class _Fit:
    """What GloVe-V reads from a fitted GloVe: float64 parameters and the co-occurrences."""

    W: np.ndarray
    C: np.ndarray
    bw: np.ndarray
    bc: np.ndarray
    x_max: float
    weight_exponent: float
    X: Any                   # scipy.sparse CSR matrix without stored zeros
    embedding: Embedding     # the centre vectors W_ (float32) over the vocabulary


def _read_fit(glove: Any) -> _Fit:
    """The fitted parameters of ``glove``, checked for matching shapes."""
    cooc = _fitted(glove, "cooccurrence_")
    W, C, bw, bc = (np.asarray(_fitted(glove, name), dtype=np.float64) for name in ("W_", "C_", "bw_", "bc_"))
    vocab_words = list(cooc.vocab.words)
    n, D = W.shape
    if len(vocab_words) != n or C.shape != (n, D):
        raise WordvecError(f"GloVe-V: W_ {W.shape}, C_ {C.shape} and a vocabulary of {len(vocab_words)} words do not match")
    X = cooc.matrix.tocsr().copy()
    X.eliminate_zeros()  # K_i is the set of non-zero co-occurrences; stored zeros are not among them
    emb = Embedding(vocab_words, W.astype(np.float32), getattr(cooc.vocab, "counts", None),
                    {"source": "GloVe W_ (centre vectors)"})
    return _Fit(W, C, bw, bc, float(glove.x_max), _weight_exponent(glove), X, emb)


def _check_options(storage: str, variance_kept: float, n_jobs: int | None) -> None:
    if storage not in STORAGES:
        raise ParameterError(f"storage must be one of {STORAGES}, not {storage!r}")
    if not 0 < variance_kept <= 1:
        raise ParameterError(f"variance_kept must be in (0, 1], not {variance_kept!r}")
    if not N_JOBS.check(n_jobs):
        raise ParameterError(f"n_jobs must be {N_JOBS.text}, not {n_jobs!r}")


def _check_memory(storage: str, n_words: int, D: int, max_bytes: int) -> None:
    need = n_words * D * D * 8
    if storage == "full" and need > max_bytes:
        raise ParameterError(
            f"GloVe-V: full covariances of {n_words:,} words at D={D} need {need / 2**30:.1f} GiB "
            f"(> max_bytes={max_bytes / 2**30:.1f} GiB); use storage='lowrank' or 'diagonal', or pass words=")


@dataclass
class _Problem:
    """The weighted least-squares problems of the target words (shared read-only by every batch)."""

    fit: _Fit
    targets: np.ndarray      # vocabulary rows of the target words
    logx: np.ndarray         # log X_ij over the CSR data
    fx: np.ndarray           # f(X_ij)
    sqrt_f: np.ndarray
    storage: str
    rank: int | None
    variance_kept: float


def _log_weights(data: np.ndarray, x_max: float, exponent: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """log X_ij, f(X_ij) and √f(X_ij) of the non-zero co-occurrences."""
    if data.size and not (np.all(np.isfinite(data)) and data.min() > 0):
        raise WordvecError("GloVe-V: the co-occurrence matrix has negative or non-finite entries")
    logx = np.log(data)
    fx = np.minimum(1.0, np.exp(exponent * (logx - np.log(x_max))))  # f(x) = min(1, (x/x_max)^α), from log x
    return logx, fx, np.sqrt(fx)


def _gram_matrices(p: _Problem, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted Gram matrices Σ_j f v_j v_jᵀ (lower triangles) and residual variances σ² of a batch."""
    from scipy.linalg.blas import dsyrk as syrk

    f = p.fit
    X, D = f.X, f.W.shape[1]
    H = np.zeros((len(batch), D, D))
    s2 = np.empty(len(batch))
    for k, t in enumerate(batch):
        i = p.targets[t]
        lo, hi = X.indptr[i], X.indptr[i + 1]
        js = X.indices[lo:hi]
        V = f.C[js]
        resid = p.logx[lo:hi] - f.bw[i] - f.bc[js] - V @ f.W[i]
        # symmetric rank-k update: half the flops of VᵀFV; Cholesky reads the lower triangle only
        H[k] = syrk(1.0, V * p.sqrt_f[lo:hi, None], trans=1, lower=1)
        s2[k] = p.fx[lo:hi] @ resid**2 / (hi - lo - D)
    return H, s2


def _cholesky(H: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cholesky factors of a stack of Gram matrices, and which exist (singular: contexts span < D dims)."""
    ok = np.ones(len(H), dtype=bool)
    try:
        return np.linalg.cholesky(H), ok
    except np.linalg.LinAlgError:  # one singular matrix fails the whole stack: redo them one by one
        L = np.zeros_like(H)
        for k in range(len(H)):
            try:
                L[k] = np.linalg.cholesky(H[k])
            except np.linalg.LinAlgError:
                ok[k] = False
        return L, ok


def _lowrank(cov: np.ndarray, rank: int | None, variance_kept: float) -> tuple[np.ndarray, tuple[np.ndarray, int]]:
    """Factors F with Σ ≈ F Fᵀ (trailing columns zero beyond each word's rank) and (share kept, largest rank)."""
    D = cov.shape[1]
    lam, U = np.linalg.eigh(cov)                   # ascending
    lam, U = np.clip(lam[:, ::-1], 0, None), U[:, :, ::-1]
    share = np.cumsum(lam, axis=1) / lam.sum(axis=1, keepdims=True)
    r = np.full(len(cov), rank) if rank else (share < variance_kept - 1e-12).sum(axis=1) + 1
    r = np.minimum(r, D)
    F = U * np.sqrt(lam)[:, None, :] * (np.arange(D)[None, None, :] < r[:, None, None])
    return F, (share[np.arange(len(cov)), r - 1], int(r.max()))


def _batch_covariances(p: _Problem, batch: np.ndarray) -> tuple:
    """(kept positions, σ², stored covariances or None, low-rank (share, rank) or None, singular mask) of a batch."""
    H, s2 = _gram_matrices(p, batch)
    L, ok = _cholesky(H)
    batch, L, s2 = batch[ok], L[ok], s2[ok]
    bad = ~ok
    if not len(batch):
        return batch, s2, None, None, bad
    D = L.shape[1]
    Linv = np.linalg.solve(L, np.broadcast_to(np.eye(D), L.shape))   # L⁻¹, so H⁻¹ = L⁻ᵀ L⁻¹
    if p.storage == "diagonal":
        return batch, s2, (Linv**2).sum(axis=1) * s2[:, None], None, bad
    cov = np.matmul(Linv.transpose(0, 2, 1), Linv) * s2[:, None, None]
    if p.storage == "full":
        return batch, s2, cov, None, bad
    F, kept = _lowrank(cov, p.rank, p.variance_kept)
    return batch, s2, F, kept, bad


def _run_batches(p: _Problem, batches: list[np.ndarray], n_jobs: int | None, progress: bool | None) -> list[tuple]:
    """:func:`_batch_covariances` of every batch, on ``n_jobs`` threads with one BLAS thread each."""
    from threadpoolctl import threadpool_limits

    # Multi-threaded BLAS on these small per-word products thrashes (30x slower on a busy
    # 2-core machine) and gains nothing: threads run batches instead.
    threads = resolve_n_jobs(n_jobs)
    work = partial(_batch_covariances, p)
    with threadpool_limits(limits=1, user_api="blas"):
        if threads > 1 and len(batches) > 1:
            with ThreadPoolExecutor(threads) as pool:
                return list(progress_bar(pool.map(work, batches), total=len(batches), desc="GloVe-V", progress=progress))
        return [work(b) for b in progress_bar(batches, desc="GloVe-V", progress=progress)]


def _assemble(p: _Problem, n_contexts: np.ndarray, batches: list[np.ndarray], parts: list[tuple]) -> GloVeVariances:
    """One :class:`GloVeVariances` from the batches' results (stored in batch order)."""
    n, D = p.fit.W.shape
    m = len(p.targets)
    sigma2 = np.full(m, np.nan)
    reason = np.array([""] * m, dtype=object)
    reason[n_contexts <= D] = "too few contexts"
    store_pos = np.full(m, -1, dtype=np.int64)
    chunks, kept_share, stored, rmax_seen = [], [], 0, 1
    for batch_all, (batch, s2, chunk, kept, bad) in zip(batches, parts):
        reason[batch_all[bad]] = "singular weighted Gram matrix"
        if chunk is None:
            continue
        sigma2[batch] = s2
        store_pos[batch] = np.arange(stored, stored + len(batch))
        stored += len(batch)
        chunks.append(chunk)
        if kept is not None:
            kept_share.append(kept[0])
            rmax_seen = max(rmax_seen, kept[1])
    if p.storage == "lowrank" and chunks:
        chunks = [c[:, :, :rmax_seen] for c in chunks]
    store = np.concatenate(chunks) if chunks else np.zeros((0, D, D) if p.storage != "diagonal" else (0, D))
    pos_all = np.full(n, -1, dtype=np.int64)
    pos_all[p.targets] = store_pos
    return GloVeVariances(
        embedding=p.fit.embedding, means=p.fit.W, storage=p.storage, store=store, position=pos_all, targets=p.targets,
        n_contexts=n_contexts, sigma2=sigma2, reason=reason, kept=np.concatenate(kept_share) if kept_share else None,
    )


def glove_variances(
    glove: Any,
    *,
    words: Iterable[str] | None = None,
    storage: str = "full",
    rank: int | None = None,
    variance_kept: float = 0.9,
    batch_size: int = 256,
    n_jobs: int | None = None,
    max_bytes: int = MAX_BYTES,
    progress: bool | None = None,
) -> GloVeVariances:
    """Per-word covariance matrices of a fitted GloVe's centre vectors (GloVe-V).

    Parameters
    ----------
    glove : fitted :class:`wordvec.train.GloVe`
        Or any object with ``cooccurrence_``, ``W_``, ``C_``, ``bw_``, ``bc_``, ``x_max``
        and ``weight_exponent`` (``alpha`` on models from before that name).
    words : iterable of str, optional
        Only these words (default: every word of the vocabulary).
    storage : {"full", "diagonal", "lowrank"}
        Keep each D×D covariance, only its diagonal, or a rank-r factor ``F`` with
        ``Σ ≈ F Fᵀ`` (r = ``rank``, or per word the fewest eigenvectors keeping
        ``variance_kept`` of the trace — the paper keeps ≥ 90 %).
    rank : int, optional
        Fixed rank of the ``"lowrank"`` factors.
    variance_kept : float, default 0.9
        Share of each trace the ``"lowrank"`` factors keep when ``rank`` is not given.
    batch_size : int
        Words whose D×D systems are inverted together (batched LAPACK).
    n_jobs : int, optional
        Threads over batches (``None`` → 1, ``-1`` → all cores, ``-2`` → all but one, as in
        scikit-learn); BLAS runs single-threaded inside (through ``threadpoolctl``).
    max_bytes : int
        Refuse a ``"full"`` store larger than this (use ``"lowrank"``/``"diagonal"`` or ``words=``).
    progress : bool, optional
        Show a progress bar (default: on a terminal only).

    Returns
    -------
    GloVeVariances

    Raises
    ------
    NotFittedError
        ``glove`` has not been fitted.
    ParameterError
        A bad ``storage``, ``variance_kept`` or ``n_jobs``, or a ``"full"`` store above ``max_bytes``.
    """
    _check_options(storage, variance_kept, n_jobs)
    fit = _read_fit(glove)
    D = fit.W.shape[1]
    targets = np.arange(len(fit.W)) if words is None else fit.embedding.indices(list(words))
    logx, fx, sqrt_f = _log_weights(fit.X.data, fit.x_max, fit.weight_exponent)
    n_contexts = np.diff(fit.X.indptr)[targets]
    _check_memory(storage, len(targets), D, max_bytes)
    problem = _Problem(fit, targets, logx, fx, sqrt_f, storage, rank, variance_kept)
    eligible = np.flatnonzero(n_contexts > D)   # |K_i| ≤ D: no residual degrees of freedom
    batches = [eligible[k:k + batch_size] for k in range(0, len(eligible), batch_size)]
    return _assemble(problem, n_contexts, batches, _run_batches(problem, batches, n_jobs, progress))


@dataclass(repr=False)
class GloVeVariances(ResultMixin):
    """Per-word GloVe-V covariances of a fitted GloVe, and propagation to statistics.

    Attributes
    ----------
    embedding : Embedding
        The centre vectors ``W_`` (vocabulary lookups; float32).
    means : ndarray (n, D)
        The same vectors in float64: the means of the word-vector distributions.
    storage : {"full", "diagonal", "lowrank"}
    store : ndarray
        (m, D, D) covariances, (m, D) variances, or (m, D, r) factors with Σ ≈ F Fᵀ.
    position : ndarray (n,)
        Row of ``store`` for each vocabulary word (−1: no variance).
    n_contexts, sigma2 : per computed word: |K_i| and the residual variance σ_i².
    """

    embedding: Embedding
    means: np.ndarray
    storage: str
    store: np.ndarray
    position: np.ndarray
    targets: np.ndarray
    n_contexts: np.ndarray
    sigma2: np.ndarray
    reason: np.ndarray
    kept: np.ndarray | None = None

    # ------------------------------------------------------------ access
    @property
    def words(self) -> list[str]:
        return [self.embedding.words[i] for i in self.targets]

    @property
    def no_variance(self) -> dict[str, str]:
        """Words without a variance and why (|K_i| ≤ D, or a singular Gram matrix)."""
        return {self.embedding.words[i]: r for i, r in zip(self.targets, self.reason) if r}

    def has_variance(self, word: str) -> bool:
        return self.position[self.embedding.index(word)] >= 0

    def covariance(self, word: str) -> np.ndarray:
        """The D×D covariance of ``word`` (reconstructed from the diagonal / low-rank store)."""
        p = self.position[self.embedding.index(word)]
        if p < 0:
            why = self.no_variance.get(word, "not computed (pass it in words=)")
            raise WordvecError(f"GloVe-V: {word!r} has no variance: {why}")
        s = self.store[p]
        if self.storage == "full":
            return s.copy()
        if self.storage == "diagonal":
            return np.diag(s)
        return s @ s.T

    def _factor(self, rows: np.ndarray) -> np.ndarray:
        """(k, D, r) factors with Σ = F Fᵀ for embedding rows (zeros for words without variance)."""
        D = self.embedding.dim
        pos = self.position[rows]
        has = pos >= 0
        if self.storage == "full":
            F = np.zeros((len(rows), D, D))
            if has.any():
                S = self.store[pos[has]]
                # eigh is robust where a covariance is numerically semi-definite
                lam, U = np.linalg.eigh(S)
                F[has] = U * np.sqrt(np.clip(lam, 0, None))[:, None, :]
            return F
        if self.storage == "diagonal":
            F = np.zeros((len(rows), D, D))
            if has.any():
                F[has] = np.einsum("kd,de->kde", np.sqrt(self.store[pos[has]]), np.eye(D))
            return F
        F = np.zeros((len(rows), D, self.store.shape[2]))
        F[has] = self.store[pos[has]]
        return F

    def _quad(self, rows: np.ndarray, grads: np.ndarray) -> np.ndarray:
        """gᵀ Σ g for each (row, gradient) pair; 0 for words without variance."""
        pos = self.position[rows]
        has = pos >= 0
        out = np.zeros(len(rows))
        if not has.any():
            return out
        S, g = self.store[pos[has]], grads[has]
        if self.storage == "full":
            out[has] = np.einsum("kd,kde,ke->k", g, S, g)
        elif self.storage == "diagonal":
            out[has] = np.einsum("kd,kd->k", g * g, S)
        else:
            out[has] = (np.einsum("kd,kdr->kr", g, S) ** 2).sum(axis=1)
        return out

    def _trace(self, rows: np.ndarray) -> np.ndarray:
        """tr Σ per row (0 for words without variance)."""
        pos = self.position[rows]
        has = pos >= 0
        out = np.zeros(len(rows))
        st = self.store[pos[has]]
        out[has] = (np.einsum("kdd->k", st) if self.storage == "full" else
                    st.sum(axis=1) if self.storage == "diagonal" else (st**2).sum(axis=(1, 2)))
        return out

    def sample(self, words: Sequence[str], n_draws: int = 1000, seed: int | None = 0) -> np.ndarray:
        """Draws from each word's N(w, Σ_w) (words without a variance stay at their mean).

        Parameters
        ----------
        words : list of str
        n_draws : int, default 1000
        seed : int or None, default 0
            Seed of the draws (:func:`numpy.random.default_rng`); ``None`` draws fresh entropy.

        Returns
        -------
        ndarray, shape (n_draws, len(words), D)
        """
        rows = self.embedding.indices(list(words))
        return self._sample_rows(rows, check_count(n_draws, "n_draws", minimum=1), np.random.default_rng(seed))

    def _sample_rows(self, rows: np.ndarray, n_draws: int, rng: np.random.Generator) -> np.ndarray:
        mean = self.means[rows]
        F = self._factor(rows)
        z = rng.standard_normal((n_draws, len(rows), F.shape[2]))
        return mean[None] + np.einsum("kdr,nkr->nkd", F, z)

    # ------------------------------------------------------------ table / display
    def to_frame(self) -> pd.DataFrame:
        """One row per computed word: count, |K_i|, σ², total variance tr(Σ), why none."""
        import pandas as pd

        rows = self.targets
        counts = self.embedding.counts
        has = self.position[rows] >= 0
        total = np.where(has, self._trace(rows), np.nan)
        frame = pd.DataFrame({"word": self.words, "count": counts[rows] if counts is not None else np.nan,
                              "n_contexts": self.n_contexts, "sigma2": self.sigma2, "total_variance": total,
                              "no_variance": self.reason})
        return frame

    def summary(self) -> Summary:
        nv = self.no_variance
        info = {"words": f"{len(self.targets):,}", "dimensions": self.embedding.dim, "storage": self.storage,
                "with variance": f"{int((self.position[self.targets] >= 0).sum()):,}",
                "without variance (|K_i| ≤ D or singular)": f"{len(nv):,}"}
        if self.kept is not None:
            info["low-rank share of variance kept (min)"] = f"{self.kept.min():.3f}"
        notes = ["Vallebueno et al. (2024) GloVe-V: centre vectors W_, context vectors and biases held fixed."]
        if nv:
            notes.append("No variance: " + ", ".join(list(nv)[:30]) + (" …" if len(nv) > 30 else ""))
        return Summary("GloVe-V variances", info, [self.to_frame().describe().T], notes)

    def plot(self, ax: Axes | None = None) -> Axes:
        """Total variance tr(Σ_i) against corpus frequency (log–log): rare words are uncertain."""
        from ..plot import get_ax

        ax = get_ax(ax)
        f = self.to_frame().dropna(subset=["total_variance"])
        x = f["count"] if f["count"].notna().all() else f["n_contexts"]
        ax.loglog(x, f["total_variance"], ".", ms=2, alpha=0.5)
        ax.set_xlabel("word frequency" if f["count"].notna().all() else "|K_i| (non-zero co-occurrences)")
        ax.set_ylabel("tr Σ_i (GloVe-V total variance)")
        ax.set_title("GloVe-V: variance of word vectors vs frequency")
        return ax

    # ------------------------------------------------------------ propagation
    def _resolve(self, words: Iterable[str], name: str, oov_threshold: float) -> LookedUp:
        return lookup(self.embedding, list(words), name, oov_threshold)

    def _propagate(self, rows: np.ndarray, value: float, grad: np.ndarray, draw_stat: Callable[[np.ndarray], np.ndarray],
                   method: str, n_draws: int, alpha: float,
                   seed: int | None) -> tuple[float, tuple[float, float], str, np.ndarray | None]:
        """SE and CI of a statistic of the vectors of ``rows`` (unique) by delta method or Monte Carlo."""
        method = _check_method(method)
        if method == "delta":
            from scipy import stats

            parts = self._quad(rows, grad)
            se = float(np.sqrt(parts.sum()))
            z = stats.norm.ppf(1 - alpha / 2)
            rel = np.sqrt(self._trace(rows)) / np.linalg.norm(self.means[rows], axis=1)
            share = parts / parts.sum() if parts.sum() > 0 else np.zeros_like(parts)
            # The linearisation fails when a vector's spread is comparable to its length; flag
            # it when such a word carries a real share (> 10 %) of the variance.
            bad = (rel > DELTA_RELIABLE) & (share > 0.1)
            how = "GloVe-V delta method, normal CI"
            if bad.any():
                how += f" (unreliable: a word's sd/norm = {rel[bad].max():.2f} > {DELTA_RELIABLE}; use method='mc')"
            return se, (value - z * se, value + z * se), how, None
        draws = self._sample_rows(rows, n_draws, np.random.default_rng(seed))
        reps = draw_stat(draws)
        lo, hi = np.quantile(reps, [alpha / 2, 1 - alpha / 2])
        return (float(np.std(reps, ddof=1)), (float(lo), float(hi)),
                f"GloVe-V Monte Carlo, {n_draws} draws, seed={seed}, percentile CI", reps)

    def _nv(self, rows: np.ndarray) -> list[str]:
        return [self.embedding.words[i] for i in rows if self.position[i] < 0]

    def similarity(self, pairs: Iterable[tuple[str, str]], *, method: str = "delta", n_draws: int = 10_000,
                   alpha: float = 0.05, seed: int | None = 0) -> BiasResults:
        """Cosine similarity of word pairs with GloVe-V standard errors and CIs.

        ``∂cos/∂u = v/(‖u‖‖v‖) − cos·u/‖u‖²`` for the delta method; independent draws of
        both vectors for Monte Carlo.

        Parameters
        ----------
        pairs : iterable of (str, str)
        method : {"delta", "mc"}
            Delta method (normal CI) or Monte Carlo draws (percentile CI).
        n_draws : int, default 10000
            Monte Carlo draws.
        alpha : float, default 0.05
            1 − the confidence level.
        seed : int or None, default 0
            Seed of the Monte Carlo draws, the same for every pair (recorded in
            ``ci_method``); ``None`` draws fresh entropy. Unused by the delta method.

        Returns
        -------
        BiasResults
            One row per pair.
        """
        n_draws, alpha = _check_propagation(method, n_draws, alpha)
        results = []
        for a, b in pairs:
            rows = self.embedding.indices([a, b])
            u, v = self.means[rows]
            nu, nv = np.linalg.norm(u), np.linalg.norm(v)
            c = float(u @ v / (nu * nv))
            grad = np.stack([v / (nu * nv) - c * u / nu**2, u / (nu * nv) - c * v / nv**2])

            def stat(draws):
                du, dv = unit_rows(draws[:, 0]), unit_rows(draws[:, 1])
                return np.einsum("nd,nd->n", du, dv)

            se, ci, how, reps = self._propagate(rows, c, grad, stat, method, n_draws, alpha, seed)
            results.append(BiasResult(test=f"{a} ~ {b}", statistic="cosine similarity (GloVe W)", estimate=c, se=se,
                                      ci=ci, ci_method=how, sizes={"pairs": 1}, oov={"no variance": self._nv(rows)},
                                      alpha=alpha, replicates=reps))
        return BiasResults(results, title="Cosine similarity with GloVe-V uncertainty")

    def association(self, words: Sequence[str], A: Sequence[str], B: Sequence[str], *, method: str = "delta",
                    n_draws: int = 5000, alpha: float = 0.05, seed: int | None = 0,
                    oov_threshold: float = OOV_THRESHOLD) -> BiasResults:
        """Per-word association ``s(w, A, B) = mean cos(w, A) − mean cos(w, B)`` with GloVe-V SE/CI.

        The SC-WEAT numerator (Caliskan et al. 2017) for each word, e.g. a gender
        association with A = male and B = female terms. Uncertainty of w *and* of the
        attribute words is propagated (the attribute words are shared, so rows are not
        independent of each other). Words outside the vocabulary raise :class:`OOVError`.

        Parameters
        ----------
        words : list of str
            One row each.
        A, B : lists of str
            Attribute sets.
        method, n_draws, alpha :
            As in :meth:`similarity`.
        seed : int or None, default 0
            Seed of the Monte Carlo draws, the same for every word (recorded in
            ``ci_method``); ``None`` draws fresh entropy. Unused by the delta method.
        oov_threshold : float
            Largest share of A or B allowed to be OOV.

        Returns
        -------
        BiasResults
            One row per word (with its ``count`` and ``word_has_variance``).
        """
        n_draws, alpha = _check_propagation(method, n_draws, alpha)
        sa, sb = self._resolve(A, "A", oov_threshold), self._resolve(B, "B", oov_threshold)
        qrow = np.r_[sa.rows, sb.rows]
        na, nb = sa.size, sb.size
        Q = self.means[qrow]
        col = np.r_[np.full(na, 1 / na), np.full(nb, -1 / nb)]
        results = []
        for word in words:
            prow = self.embedding.indices([word])
            P = self.means[prow]
            cos = unit_rows(P) @ unit_rows(Q).T
            value = float(cos[0] @ col)
            rows, grad = _cos_matrix_gradient(prow, qrow, P, Q, cos, col[None, :])
            where = {r: k for k, r in enumerate(rows)}
            pi, qi = np.array([where[r] for r in prow]), np.array([where[r] for r in qrow])

            def stat(draws):
                c = np.einsum("npd,nqd->npq", unit_rows(draws[:, pi]), unit_rows(draws[:, qi]))[:, 0]
                return c @ col

            se, ci, how, reps = self._propagate(rows, value, grad, stat, method, n_draws, alpha, seed)
            cnt = self.embedding.counts
            results.append(BiasResult(test=word, statistic="association s(w, A, B) (GloVe W)", estimate=value, se=se,
                                      ci=ci, ci_method=how, sizes={"A": na, "B": nb},
                                      oov={"A": sa.oov, "B": sb.oov, "no variance": self._nv(rows)}, alpha=alpha,
                                      replicates=reps,
                                      extra={"count": float(cnt[prow[0]]) if cnt is not None else np.nan,
                                             "word_has_variance": bool(self.position[prow[0]] >= 0)}))
        return BiasResults(results, title="Association s(w, A, B) with GloVe-V uncertainty")

    def weat(self, X: Sequence[str], Y: Sequence[str], A: Sequence[str], B: Sequence[str], *, ddof: int = 1,
             method: str = "delta", n_draws: int = 5000, alpha: float = 0.05, seed: int | None = 0,
             oov_threshold: float = OOV_THRESHOLD, name: str = "WEAT") -> BiasResult:
        """WEAT effect size d (Caliskan et al. 2017) on the centre vectors with GloVe-V SE/CI.

        Parameters
        ----------
        X, Y, A, B : lists of str
            Target and attribute sets.
        ddof : int, default 1
            Degrees of freedom of the pooled std in d.
        method, n_draws, alpha :
            As in :meth:`similarity`.
        seed : int or None, default 0
            Seed of the Monte Carlo draws (recorded in ``ci_method``); ``None`` draws
            fresh entropy. Unused by the delta method.
        oov_threshold : float
            Largest share of X, Y, A or B allowed to be OOV.
        name : str
            Label of the test.

        Returns
        -------
        BiasResult
        """
        n_draws, alpha = _check_propagation(method, n_draws, alpha)
        sets = [self._resolve(s, lab, oov_threshold) for s, lab in zip((X, Y, A, B), "XYAB")]
        nx, na = sets[0].size, sets[2].size
        prow = np.r_[sets[0].rows, sets[1].rows]
        qrow = np.r_[sets[2].rows, sets[3].rows]
        vec = self.means
        P, Q = vec[prow], vec[qrow]
        Pu, Qu = unit_rows(P), unit_rows(Q)
        cos = Pu @ Qu.T
        s = cos[:, :na].mean(1) - cos[:, na:].mean(1)
        d = float(effect_size(s, nx, ddof))
        # ∂d/∂s, then ∂d/∂cos = ∂d/∂s ⊗ (1/|A| on A columns, −1/|B| on B columns)
        n = len(s)
        sd = s.std(ddof=ddof)
        delta = s[:nx].mean() - s[nx:].mean()
        dd_ds = np.r_[np.full(nx, 1 / nx), np.full(n - nx, -1 / (n - nx))] / sd - delta / sd**2 * (s - s.mean()) / ((n - ddof) * sd)
        col = np.r_[np.full(na, 1 / na), np.full(len(qrow) - na, -1 / (len(qrow) - na))]
        G = dd_ds[:, None] * col[None, :]
        rows, grad = _cos_matrix_gradient(prow, qrow, P, Q, cos, G)

        where = {r: k for k, r in enumerate(rows)}
        pi, qi = np.array([where[r] for r in prow]), np.array([where[r] for r in qrow])

        def stat(draws):
            c = np.einsum("npd,nqd->npq", unit_rows(draws[:, pi]), unit_rows(draws[:, qi]))
            return effect_size(c[..., :na].mean(-1) - c[..., na:].mean(-1), nx, ddof)

        se, ci, how, reps = self._propagate(rows, d, grad, stat, method, n_draws, alpha, seed)
        return BiasResult(test=name, statistic=f"WEAT effect size d (ddof={ddof}, GloVe W)", estimate=d, se=se, ci=ci,
                          ci_method=how, sizes={k: st.size for k, st in zip("XYAB", sets)},
                          oov={**{k: st.oov for k, st in zip("XYAB", sets)}, "no variance": self._nv(rows)},
                          alpha=alpha, replicates=reps)

    def rnd(self, group1: Sequence[str], group2: Sequence[str], neutral: Sequence[str], *, method: str = "delta",
            n_draws: int = 5000, alpha: float = 0.05, seed: int | None = 0, oov_threshold: float = OOV_THRESHOLD,
            name: str = "RND") -> BiasResult:
        """Relative norm distance (Garg et al. 2018) on the centre vectors with GloVe-V SE/CI.

        ``RND = Σ_{v∈M} (‖v̂ − m₁‖ − ‖v̂ − m₂‖)``, ``m_k`` the mean unit vector of group k;
        positive values mean the neutral words sit closer to group 2.

        Parameters
        ----------
        group1, group2, neutral : lists of str
            The two groups and the words compared with both.
        method, n_draws, alpha, seed, oov_threshold, name :
            As in :meth:`weat` (``seed`` defaults to 0).

        Returns
        -------
        BiasResult
        """
        n_draws, alpha = _check_propagation(method, n_draws, alpha)
        from .stats import _rnd_gradient, rnd_value

        g1, g2, m = (self._resolve(s, lab, oov_threshold) for s, lab in zip((group1, group2, neutral), ("group1", "group2", "neutral")))
        vec = self.means
        V1, V2, M = vec[g1.rows], vec[g2.rows], vec[m.rows]
        value = float(rnd_value(V1, V2, M))
        allrows = np.r_[g1.rows, g2.rows, m.rows]
        rows, inv = np.unique(allrows, return_inverse=True)
        grads_parts = _rnd_gradient(V1, V2, M)
        grad = np.zeros((len(rows), vec.shape[1]))
        np.add.at(grad, inv, grads_parts)
        n1, n2 = g1.size, g2.size

        def stat(draws):
            d = draws[:, inv]
            return rnd_value(d[:, :n1], d[:, n1:n1 + n2], d[:, n1 + n2:])

        se, ci, how, reps = self._propagate(rows, value, grad, stat, method, n_draws, alpha, seed)
        return BiasResult(test=name, statistic="relative norm distance (GloVe W)", estimate=value, se=se, ci=ci,
                          ci_method=how, sizes={"group1": n1, "group2": n2, "neutral": m.size},
                          oov={"group1": g1.oov, "group2": g2.oov, "neutral": m.oov, "no variance": self._nv(rows)},
                          alpha=alpha, replicates=reps)

    def __repr__(self) -> str:
        return (f"<GloVeVariances {len(self.targets):,} words × {self.embedding.dim} dims, storage={self.storage}, "
                f"{len(self.no_variance):,} without variance>")


_METHODS = {"delta": "delta", "mc": "mc", "monte carlo": "mc", "montecarlo": "mc"}


def _check_method(method: str) -> str:
    """``"delta"`` or ``"mc"`` (Monte Carlo, also spelled ``"monte carlo"``)."""
    if not isinstance(method, str) or method not in _METHODS:
        raise ParameterError(f"method must be 'delta' or 'mc', not {method!r}")
    return _METHODS[method]


def _check_propagation(method: str, n_draws: int, alpha: float) -> tuple[int, float]:
    """Checks the propagation options before any work: the method, ``n_draws`` ≥ 1 and ``alpha``."""
    _check_method(method)
    return check_count(n_draws, "n_draws", minimum=1), check_alpha(alpha)


def _cos_matrix_gradient(prow: np.ndarray, qrow: np.ndarray, P: np.ndarray, Q: np.ndarray, cos: np.ndarray,
                         G: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gradient of Σ_ij G_ij cos(p_i, q_j) w.r.t. every distinct word vector.

    ``∂cos(p,q)/∂p = q̂/‖p‖ − cos·p/‖p‖²``; contributions of a word that appears in several
    places are summed. Returns (unique rows, gradients).
    """
    npn = np.linalg.norm(P, axis=1)
    nqn = np.linalg.norm(Q, axis=1)
    gp = (G @ (Q / nqn[:, None])) / npn[:, None] - ((G * cos).sum(1) / npn**2)[:, None] * P
    gq = (G.T @ (P / npn[:, None])) / nqn[:, None] - ((G * cos).sum(0) / nqn**2)[:, None] * Q
    allrows = np.r_[prow, qrow]
    rows, inv = np.unique(allrows, return_inverse=True)
    grad = np.zeros((len(rows), P.shape[1]))
    np.add.at(grad, inv, np.vstack([gp, gq]))
    return rows, grad
