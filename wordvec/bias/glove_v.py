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
>>> from wordvec.train import GloVe                                        # doctest: +SKIP
>>> glove = GloVe(dim=50).fit(corpus) and glove                             # doctest: +SKIP
>>> gv = glove_variances(glove)                                             # doctest: +SKIP
>>> gv.similarity([("doctor", "surgeon")]).to_frame()                       # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .._progress import progress_bar
from ..embedding import Embedding
from ..errors import NotFittedError, WordvecError
from ..results import ResultMixin, Summary
from ..train.base import resolve_n_jobs
from .results import BiasResult, BiasResults
from .weat import effect_size, unit_rows
from .wordsets import OOV_THRESHOLD, lookup

if TYPE_CHECKING:
    import pandas as pd

STORAGES = ("full", "diagonal", "lowrank")
#: Refuse ``storage="full"`` above this many bytes unless ``max_bytes`` is raised.
MAX_BYTES = 2 * 2**30
#: Above this ``sqrt(tr Σ_w)/‖w‖`` for a word carrying > 10 % of a statistic's variance, the
#: delta-method result is flagged as unreliable. On SOTU GloVe (D=50) the Monte Carlo / delta
#: SE ratio of cosines is ≈0.95 at 0.35, ≈0.87 at 0.55, ≈0.72 at 1.0 and ≈0.2 at 5.
DELTA_RELIABLE = 0.6


def glove_weight(x: np.ndarray, x_max: float, alpha: float) -> np.ndarray:
    """GloVe's weighting ``f(x) = min(1, (x / x_max)^alpha)`` (Pennington et al. 2014)."""
    return np.minimum(1.0, (np.asarray(x, dtype=np.float64) / x_max) ** alpha)


def _fitted(glove, name: str):
    try:
        return getattr(glove, name)
    except AttributeError:
        raise NotFittedError(f"GloVe-V needs a fitted GloVe model (missing {name!r}); call fit() first") from None


def glove_variances(
    glove,
    *,
    words: Iterable[str] | None = None,
    storage: str = "full",
    rank: int | None = None,
    variance_kept: float = 0.9,
    batch_size: int = 256,
    n_jobs: int | None = None,
    max_bytes: int = MAX_BYTES,
    progress: bool | None = None,
) -> "GloVeVariances":
    """Per-word covariance matrices of a fitted GloVe's centre vectors (GloVe-V).

    Parameters
    ----------
    glove : fitted :class:`wordvec.train.GloVe` (or any object with ``cooccurrence_``,
        ``W_``, ``C_``, ``bw_``, ``bc_``, ``x_max``, ``alpha``)
    words : iterable of str, optional
        Only these words (default: every word of the vocabulary).
    storage : {"full", "diagonal", "lowrank"}
        Keep each D×D covariance, only its diagonal, or a rank-r factor ``F`` with
        ``Σ ≈ F Fᵀ`` (r = ``rank``, or per word the fewest eigenvectors keeping
        ``variance_kept`` of the trace — the paper keeps ≥ 90 %).
    batch_size : int
        Words whose D×D systems are inverted together (batched LAPACK).
    n_jobs : int, optional
        Threads over batches (``None`` → 1, ``-1`` → all cores, ``-2`` → all but one, as in
        scikit-learn); BLAS runs single-threaded inside (through ``threadpoolctl``).
    max_bytes : int
        Refuse a ``"full"`` store larger than this (use ``"lowrank"``/``"diagonal"`` or ``words=``).

    Returns
    -------
    GloVeVariances
    """
    from scipy.linalg.blas import dsyrk as syrk
    from threadpoolctl import threadpool_limits

    if storage not in STORAGES:
        raise ValueError(f"storage must be one of {STORAGES}, not {storage!r}")
    if not 0 < variance_kept <= 1:
        raise ValueError(f"variance_kept must be in (0, 1], not {variance_kept}")
    cooc = _fitted(glove, "cooccurrence_")
    W = np.asarray(_fitted(glove, "W_"), dtype=np.float64)
    C = np.asarray(_fitted(glove, "C_"), dtype=np.float64)
    bw = np.asarray(_fitted(glove, "bw_"), dtype=np.float64)
    bc = np.asarray(_fitted(glove, "bc_"), dtype=np.float64)
    x_max, alpha = float(glove.x_max), float(glove.alpha)
    vocab_words = list(cooc.vocab.words)
    n, D = W.shape
    if len(vocab_words) != n or C.shape != (n, D):
        raise WordvecError(f"GloVe-V: W_ {W.shape}, C_ {C.shape} and a vocabulary of {len(vocab_words)} words do not match")
    X = cooc.matrix.tocsr().copy()
    X.eliminate_zeros()  # K_i is the set of non-zero co-occurrences; stored zeros are not among them
    emb = Embedding(vocab_words, W.astype(np.float32), getattr(cooc.vocab, "counts", None), {"source": "GloVe W_ (centre vectors)"})
    if words is None:
        targets = np.arange(n)
    else:
        targets = emb.indices(list(words))
    indptr, indices, data = X.indptr, X.indices, X.data
    if data.size and not (np.all(np.isfinite(data)) and data.min() > 0):
        raise WordvecError("GloVe-V: the co-occurrence matrix has negative or non-finite entries")
    logx = np.log(data)
    fx = np.minimum(1.0, np.exp(alpha * (logx - np.log(x_max))))  # f(x) = min(1, (x/x_max)^α), from log x
    sqrt_f = np.sqrt(fx)
    n_ctx = np.diff(indptr)[targets]
    if storage == "full" and len(targets) * D * D * 8 > max_bytes:
        raise WordvecError(
            f"GloVe-V: full covariances of {len(targets):,} words at D={D} need {len(targets) * D * D * 8 / 2**30:.1f} GiB "
            f"(> max_bytes={max_bytes / 2**30:.1f} GiB); use storage='lowrank' or 'diagonal', or pass words=")

    sigma2 = np.full(len(targets), np.nan)
    reason = np.array([""] * len(targets), dtype=object)
    reason[n_ctx <= D] = "too few contexts"
    store_pos = np.full(len(targets), -1, dtype=np.int64)
    eligible = np.flatnonzero(n_ctx > D)

    def process(batch: np.ndarray):
        """Covariances (in the chosen storage) of one batch of target positions."""
        H = np.zeros((len(batch), D, D))
        s2 = np.empty(len(batch))
        for k, t in enumerate(batch):
            i = targets[t]
            lo, hi = indptr[i], indptr[i + 1]
            js = indices[lo:hi]
            V = C[js]
            resid = logx[lo:hi] - bw[i] - bc[js] - V @ W[i]
            # symmetric rank-k update: half the flops of VᵀFV; Cholesky reads the lower triangle only
            H[k] = syrk(1.0, V * sqrt_f[lo:hi, None], trans=1, lower=1)
            s2[k] = fx[lo:hi] @ resid**2 / (hi - lo - D)
        # Cholesky detects singular Gram matrices (contexts spanning < D dimensions).
        ok = np.ones(len(batch), dtype=bool)
        try:
            L = np.linalg.cholesky(H)
        except np.linalg.LinAlgError:
            L = np.zeros_like(H)
            for k in range(len(batch)):
                try:
                    L[k] = np.linalg.cholesky(H[k])
                except np.linalg.LinAlgError:
                    ok[k] = False
        batch, L, s2 = batch[ok], L[ok], s2[ok]
        bad = ~ok
        if not len(batch):
            return batch, s2, None, None, bad
        Linv = np.linalg.solve(L, np.broadcast_to(np.eye(D), L.shape))   # L⁻¹, so H⁻¹ = L⁻ᵀ L⁻¹
        if storage == "diagonal":
            return batch, s2, (Linv**2).sum(axis=1) * s2[:, None], None, bad
        cov = np.matmul(Linv.transpose(0, 2, 1), Linv) * s2[:, None, None]
        if storage == "full":
            return batch, s2, cov, None, bad
        lam, U = np.linalg.eigh(cov)                   # ascending
        lam, U = np.clip(lam[:, ::-1], 0, None), U[:, :, ::-1]
        share = np.cumsum(lam, axis=1) / lam.sum(axis=1, keepdims=True)
        r = np.full(len(batch), rank) if rank else (share < variance_kept - 1e-12).sum(axis=1) + 1
        r = np.minimum(r, D)
        F = U * np.sqrt(lam)[:, None, :] * (np.arange(D)[None, None, :] < r[:, None, None])
        return batch, s2, F, (share[np.arange(len(batch)), r - 1], int(r.max())), bad

    batches = [eligible[k:k + batch_size] for k in range(0, len(eligible), batch_size)]
    # One BLAS thread per batch, batches on n_jobs threads: multi-threaded BLAS on these small
    # per-word products thrashes (30x slower on a busy 2-core machine) and gains nothing.
    if n_jobs is not None and int(n_jobs) == 0:
        raise ValueError("n_jobs must be a positive number of threads, or negative to count back from all cores")
    threads = resolve_n_jobs(n_jobs)
    with threadpool_limits(limits=1, user_api="blas"):
        if threads > 1 and len(batches) > 1:
            with ThreadPoolExecutor(threads) as pool:
                parts = list(progress_bar(pool.map(process, batches), total=len(batches), desc="GloVe-V", progress=progress))
        else:
            parts = [process(b) for b in progress_bar(batches, desc="GloVe-V", progress=progress)]
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
    if storage == "lowrank" and chunks:
        chunks = [c[:, :, :rmax_seen] for c in chunks]
    store = np.concatenate(chunks) if chunks else np.zeros((0, D, D) if storage != "diagonal" else (0, D))
    pos_all = np.full(n, -1, dtype=np.int64)
    pos_all[targets] = store_pos
    return GloVeVariances(
        embedding=emb, means=W, storage=storage, store=store, position=pos_all, targets=targets, n_contexts=n_ctx,
        sigma2=sigma2, reason=reason, kept=np.concatenate(kept_share) if kept_share else None,
    )


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

    def relative_sd(self, words: Sequence[str]) -> np.ndarray:
        """``sqrt(tr Σ_w) / ‖w‖`` per word: above ~0.6 the delta method's linearisation is unreliable."""
        rows = self.embedding.indices(list(words))
        return np.sqrt(self._trace(rows)) / np.linalg.norm(self.means[rows], axis=1)

    def sample(self, words: Sequence[str], n_draws: int = 1000, seed: int | None = None) -> np.ndarray:
        """Draws from each word's N(w, Σ_w): array (n_draws, len(words), D)."""
        rows = self.embedding.indices(list(words))
        return self._sample_rows(rows, n_draws, np.random.default_rng(seed))

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

    def plot(self, ax=None):
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
    def _resolve(self, words, name, oov_threshold):
        return lookup(self.embedding, list(words), name, oov_threshold)

    def _propagate(self, rows: np.ndarray, value: float, grad: np.ndarray, draw_stat, method: str,
                   n_draws: int, alpha: float, seed: int | None) -> tuple[float, tuple[float, float], str, np.ndarray | None]:
        """SE and CI of a statistic of the vectors of ``rows`` (unique) by delta method or Monte Carlo."""
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
        if method in ("mc", "monte carlo", "montecarlo"):
            draws = self._sample_rows(rows, int(n_draws), np.random.default_rng(seed))
            reps = draw_stat(draws)
            lo, hi = np.quantile(reps, [alpha / 2, 1 - alpha / 2])
            return (float(np.std(reps, ddof=1)), (float(lo), float(hi)),
                    f"GloVe-V Monte Carlo, {int(n_draws)} draws, seed={seed}, percentile CI", reps)
        raise ValueError(f"method must be 'delta' or 'mc', not {method!r}")

    def _nv(self, rows) -> list[str]:
        return [self.embedding.words[i] for i in rows if self.position[i] < 0]

    def similarity(self, pairs: Iterable[tuple[str, str]], *, method: str = "delta", n_draws: int = 10_000,
                   alpha: float = 0.05, seed: int | None = None) -> BiasResults:
        """Cosine similarity of word pairs with GloVe-V standard errors and CIs.

        ``∂cos/∂u = v/(‖u‖‖v‖) − cos·u/‖u‖²`` for the delta method; independent draws of
        both vectors for Monte Carlo.
        """
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
                    n_draws: int = 5000, alpha: float = 0.05, seed: int | None = None,
                    oov_threshold: float = OOV_THRESHOLD) -> BiasResults:
        """Per-word association ``s(w, A, B) = mean cos(w, A) − mean cos(w, B)`` with GloVe-V SE/CI.

        The SC-WEAT numerator (Caliskan et al. 2017) for each word, e.g. a gender
        association with A = male and B = female terms. Uncertainty of w *and* of the
        attribute words is propagated (the attribute words are shared, so rows are not
        independent of each other). Words outside the vocabulary raise :class:`OOVError`.
        """
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
             method: str = "delta", n_draws: int = 5000, alpha: float = 0.05, seed: int | None = None,
             oov_threshold: float = OOV_THRESHOLD, name: str = "WEAT") -> BiasResult:
        """WEAT effect size d (Caliskan et al. 2017) on the centre vectors with GloVe-V SE/CI."""
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
            n_draws: int = 5000, alpha: float = 0.05, seed: int | None = None, oov_threshold: float = OOV_THRESHOLD,
            name: str = "RND") -> BiasResult:
        """Relative norm distance (Garg et al. 2018) on the centre vectors with GloVe-V SE/CI.

        ``RND = Σ_{v∈M} (‖v̂ − m₁‖ − ‖v̂ − m₂‖)``, ``m_k`` the mean unit vector of group k;
        positive values mean the neutral words sit closer to group 2.
        """
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


def _cos_matrix_gradient(prow, qrow, P, Q, cos, G):
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
