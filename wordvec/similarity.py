"""Word-similarity evaluation: correlation of cosine similarities with human judgements.

``evaluate_similarity(emb, "wordsim353")`` reports Spearman's ρ and Pearson's r between
the embedding's cosines and the human scores of WordSim-353 (Finkelstein et al. 2002),
SimLex-999 (Hill, Reichart & Korhonen 2015) or any pair file, with the pairs used, the
OOV pairs listed, and two confidence intervals: Fisher z (Fieller, Hartley & Pearson
1957 variance for ρ) and a seeded bootstrap over pairs (Efron & Tibshirani 1993,
percentile). ``compare_similarity(emb1, emb2, dataset)`` tests whether two embeddings
differ on the same pairs: Williams' t and Steiger's z for dependent overlapping
correlations (Steiger 1980) and a paired bootstrap.

Examples
--------
>>> import wordvec
>>> from wordvec.similarity import evaluate_similarity
>>> res = evaluate_similarity(wordvec.datasets.googlenews_subset(), "wordsim353")   # doctest: +SKIP
>>> res.spearman, res.conf_int()                                                   # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from os import PathLike
from typing import TYPE_CHECKING, Any

import numpy as np

from .embedding import Embedding
from .errors import EmptyInputError
from .evaluation._vocab import cached_canonical_rows
from .evaluation.datasets import SimilarityDataset, load_similarity
from .evaluation.stats import bootstrap_corr, bootstrap_indices, fisher_ci, steiger_z, williams_t
from .results import ResultMixin, Summary

if TYPE_CHECKING:
    import pandas as pd

_METHODS = ("spearman", "pearson")


def _score_pairs(emb: Embedding, ds: SimilarityDataset, restrict_vocab: int | None,
                 case_insensitive: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of both words (-1 when OOV) and the cosine of covered pairs (nan otherwise)."""
    table, _ = cached_canonical_rows(emb, restrict_vocab, case_insensitive)
    fold = str.upper if case_insensitive else (lambda s: s)
    r1 = np.array([table.get(fold(w), -1) for w in ds.pairs["word1"]], dtype=np.int64)
    r2 = np.array([table.get(fold(w), -1) for w in ds.pairs["word2"]], dtype=np.int64)
    ok = (r1 >= 0) & (r2 >= 0)
    cos = np.full(len(r1), np.nan)
    U = emb.unit
    cos[ok] = np.einsum("ij,ij->i", U[r1[ok]], U[r2[ok]], dtype=np.float64)
    return r1, r2, cos


def evaluate_similarity(emb: Embedding, dataset: str | PathLike | SimilarityDataset = "wordsim353", *,
                        restrict_vocab: int | None = 300_000, case_insensitive: bool = True, n_boot: int = 2000,
                        seed: int | None = 0, delimiter: str | None = None) -> "SimilarityResult":
    """Correlation between cosine similarity and human similarity scores.

    Parameters
    ----------
    emb : Embedding
    dataset : {"wordsim353", "simlex999"}, path or SimilarityDataset
        WordSim-353 (Finkelstein et al. 2002) or SimLex-999 (Hill et al. 2015) from
        gensim's test data, or a file of ``word1 word2 score`` lines (tab, comma or space).
    restrict_vocab, case_insensitive
        As in gensim's ``evaluate_word_pairs``: only the first ``restrict_vocab`` rows are
        looked up, upper-cased, the first case variant winning.
    n_boot, seed
        Bootstrap resamples of the pairs and the seed of their generator.

    Returns
    -------
    SimilarityResult
        Pairs with an OOV word are not scored; they are listed in ``oov_pairs``.
    """
    ds = load_similarity(dataset, delimiter=delimiter)
    r1, r2, cos = _score_pairs(emb, ds, restrict_vocab, case_insensitive)
    pairs = ds.pairs.copy()
    pairs["model"] = cos
    pairs["oov"] = np.isnan(cos)
    if (~pairs["oov"]).sum() < 3:
        raise EmptyInputError(f"evaluate_similarity(): only {(~pairs['oov']).sum()} pair(s) of {ds.name!r} are in the "
                              "vocabulary; at least 3 are needed for a correlation")
    return SimilarityResult(dataset=ds.name, pairs=pairs, n_boot=n_boot, seed=seed,
                            meta={"embedding": emb.meta.get("source"), "dataset_path": ds.path,
                                  "restrict_vocab": restrict_vocab, "case_insensitive": case_insensitive})


@dataclass
class SimilarityResult(ResultMixin):
    """Outcome of :func:`evaluate_similarity`.

    Attributes
    ----------
    pairs : pandas.DataFrame
        ``word1, word2, human, line, model`` (cosine; nan when OOV), ``oov``.
    spearman, pearson : float
    spearman_pvalue, pearson_pvalue : float
        Two-sided p-values of scipy's ``spearmanr`` / ``pearsonr`` (H0: no correlation).
    """

    dataset: str
    pairs: pd.DataFrame = field(repr=False)
    n_boot: int = 2000
    seed: int | None = 0
    meta: dict[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def _used(self) -> pd.DataFrame:
        return self.pairs[~self.pairs["oov"]]

    @property
    def n_pairs(self) -> int:
        """Pairs scored (both words in the vocabulary)."""
        return len(self._used)

    @property
    def n_oov(self) -> int:
        return int(self.pairs["oov"].sum())

    @property
    def oov_pairs(self) -> pd.DataFrame:
        return self.pairs.loc[self.pairs["oov"], ["word1", "word2", "human", "line"]]

    @cached_property
    def _spearman(self):
        from scipy import stats

        return stats.spearmanr(self._used["human"], self._used["model"])

    @cached_property
    def _pearson(self):
        from scipy import stats

        return stats.pearsonr(self._used["human"], self._used["model"])

    @property
    def spearman(self) -> float:
        return float(self._spearman[0])

    @property
    def spearman_pvalue(self) -> float:
        return float(self._spearman[1])

    @property
    def pearson(self) -> float:
        return float(self._pearson[0])

    @property
    def pearson_pvalue(self) -> float:
        return float(self._pearson[1])

    @cached_property
    def bootstrap_distribution(self) -> pd.DataFrame:
        """``n_boot`` bootstrap replicates (pairs resampled with replacement, seeded) of ρ and r."""
        import pandas as pd

        h, m = self._used["human"].to_numpy(), self._used["model"].to_numpy()
        idx = bootstrap_indices(len(h), self.n_boot, self.seed)
        return pd.DataFrame({"spearman": bootstrap_corr(h, m, idx, "spearman"), "pearson": bootstrap_corr(h, m, idx, "pearson")})

    def conf_int(self, alpha: float = 0.05, method: str = "fisher", which: str = "spearman") -> tuple[float, float]:
        """Two-sided CI for ρ (``which="spearman"``) or r: ``method="fisher"`` or ``"bootstrap"`` (percentile)."""
        if which not in _METHODS:
            raise ValueError(f"which must be one of {_METHODS}, not {which!r}")
        if method == "fisher":
            return fisher_ci(getattr(self, which), self.n_pairs, alpha, which)
        if method == "bootstrap":
            b = self.bootstrap_distribution[which].dropna().to_numpy()
            return float(np.quantile(b, alpha / 2)), float(np.quantile(b, 1 - alpha / 2))
        raise ValueError(f"method must be 'fisher' or 'bootstrap', not {method!r}")

    def to_frame(self, alpha: float = 0.05) -> pd.DataFrame:
        """One row per coefficient: estimate, p-value, Fisher and bootstrap CIs, pairs used / OOV."""
        import pandas as pd

        rows = []
        for which in _METHODS:
            fl, fh = self.conf_int(alpha, "fisher", which)
            bl, bh = self.conf_int(alpha, "bootstrap", which)
            rows.append({"dataset": self.dataset, "coefficient": which, "estimate": getattr(self, which),
                         "pvalue": getattr(self, f"{which}_pvalue"), "fisher_low": fl, "fisher_high": fh,
                         "bootstrap_low": bl, "bootstrap_high": bh, "pairs": self.n_pairs, "oov": self.n_oov})
        return pd.DataFrame(rows)

    def summary(self, alpha: float = 0.05) -> Summary:
        info = {"dataset": self.dataset, "pairs used": f"{self.n_pairs:,} of {len(self.pairs):,} ({self.n_oov:,} OOV)",
                "Spearman rho": f"{self.spearman:.4f}", "Pearson r": f"{self.pearson:.4f}",
                "bootstrap": f"{self.n_boot:,} resamples of pairs, percentile, seed={self.seed}"}
        notes = []
        if self.n_oov:
            shown = ", ".join(f"{a}-{b}" for a, b in self.oov_pairs[["word1", "word2"]].head(8).itertuples(index=False))
            notes.append(f"{self.n_oov} OOV pair(s) not scored: {shown}{', ...' if self.n_oov > 8 else ''} (see .oov_pairs)")
        return Summary(f"Word similarity: {self.dataset}", info, [self.to_frame(alpha).set_index("coefficient")], notes)

    def plot(self, ax=None):
        """Scatter of human score vs cosine, with the least-squares line and ρ in the title."""
        from .plot import get_ax

        ax = get_ax(ax, figsize=(5.5, 4.5))
        h, m = self._used["human"].to_numpy(), self._used["model"].to_numpy()
        ax.scatter(h, m, s=10, alpha=0.6, color="#4C72B0")
        slope, intercept = np.polyfit(h, m, 1)
        xs = np.linspace(h.min(), h.max(), 50)
        ax.plot(xs, intercept + slope * xs, color="#C44E52", lw=1.5, label=f"least squares (r = {self.pearson:.3f})")
        lo, hi = self.conf_int()
        ax.set_xlabel("human similarity score")
        ax.set_ylabel("cosine similarity")
        ax.set_title(f"{self.dataset}: Spearman ρ = {self.spearman:.3f} [{lo:.3f}, {hi:.3f}], n = {self.n_pairs}")
        ax.legend(loc="upper left")
        return ax


def compare_similarity(emb1: Embedding, emb2: Embedding, dataset: str | PathLike | SimilarityDataset = "wordsim353", *,
                       method: str = "spearman", restrict_vocab: int | None = 300_000, case_insensitive: bool = True,
                       n_boot: int = 2000, seed: int | None = 0, labels: tuple[str, str] = ("emb1", "emb2"),
                       delimiter: str | None = None) -> "SimilarityComparison":
    """Is embedding 1 closer to the human scores than embedding 2, on the same pairs?

    Only pairs covered by *both* embeddings are used. The two correlations share the
    human scores, so they are dependent and overlapping: Williams' t (Williams 1959;
    Steiger 1980, eq. 7; recommended by Steiger) and Steiger's (1980) Z2* test
    H0: ρ(human, emb1) = ρ(human, emb2) from the three correlations, and a paired
    bootstrap (pairs resampled together for both embeddings, seeded) gives a percentile
    CI of the difference and a two-sided p-value (share of centred replicates at least
    as far from 0 as the observed difference). For Spearman the tests are applied to the
    rank correlations, the usual approximation.
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}, not {method!r}")
    ds = load_similarity(dataset, delimiter=delimiter)
    _, _, c1 = _score_pairs(emb1, ds, restrict_vocab, case_insensitive)
    _, _, c2 = _score_pairs(emb2, ds, restrict_vocab, case_insensitive)
    both = ~np.isnan(c1) & ~np.isnan(c2)
    if both.sum() < 5:
        raise EmptyInputError(f"compare_similarity(): only {both.sum()} pair(s) are covered by both embeddings")
    pairs = ds.pairs.copy()
    pairs[labels[0]] = c1
    pairs[labels[1]] = c2
    pairs["used"] = both
    return SimilarityComparison(dataset=ds.name, pairs=pairs, labels=tuple(labels), method=method, n_boot=n_boot, seed=seed)


@dataclass
class SimilarityComparison(ResultMixin):
    """Outcome of :func:`compare_similarity`: the two correlations, their difference and tests."""

    dataset: str
    pairs: pd.DataFrame = field(repr=False)
    labels: tuple[str, str] = ("emb1", "emb2")
    method: str = "spearman"
    n_boot: int = 2000
    seed: int | None = 0

    @cached_property
    def _arrays(self):
        from scipy import stats

        u = self.pairs[self.pairs["used"]]
        h, a, b = u["human"].to_numpy(float), u[self.labels[0]].to_numpy(float), u[self.labels[1]].to_numpy(float)
        if self.method == "spearman":
            h, a, b = stats.rankdata(h), stats.rankdata(a), stats.rankdata(b)
        return h, a, b

    @property
    def n_pairs(self) -> int:
        return int(self.pairs["used"].sum())

    @cached_property
    def correlations(self) -> tuple[float, float, float]:
        """``(r(human, emb1), r(human, emb2), r(emb1, emb2))`` on the shared pairs."""
        h, a, b = self._arrays
        c = np.corrcoef(np.vstack([h, a, b]))
        return float(c[0, 1]), float(c[0, 2]), float(c[1, 2])

    @property
    def difference(self) -> float:
        r1, r2, _ = self.correlations
        return r1 - r2

    @cached_property
    def williams(self) -> tuple[float, float]:
        """Williams' t (df = n − 3) and its two-sided p-value."""
        return williams_t(*self.correlations, self.n_pairs)

    @cached_property
    def steiger(self) -> tuple[float, float]:
        """Steiger's Z2* and its two-sided p-value."""
        return steiger_z(*self.correlations, self.n_pairs)

    @cached_property
    def bootstrap_differences(self) -> np.ndarray:
        u = self.pairs[self.pairs["used"]]
        h = u["human"].to_numpy(float)
        idx = bootstrap_indices(len(h), self.n_boot, self.seed)
        r1 = bootstrap_corr(h, u[self.labels[0]].to_numpy(float), idx, self.method)
        r2 = bootstrap_corr(h, u[self.labels[1]].to_numpy(float), idx, self.method)
        return r1 - r2

    @property
    def bootstrap_pvalue(self) -> float:
        d = self.bootstrap_differences
        d = d[np.isfinite(d)]
        obs = self.difference
        return float((np.sum(np.abs(d - d.mean()) >= abs(obs)) + 1) / (len(d) + 1))

    def conf_int(self, alpha: float = 0.05) -> tuple[float, float]:
        """Percentile bootstrap CI of the difference r(human, emb1) − r(human, emb2)."""
        d = self.bootstrap_differences
        d = d[np.isfinite(d)]
        return float(np.quantile(d, alpha / 2)), float(np.quantile(d, 1 - alpha / 2))

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        r1, r2, r12 = self.correlations
        lo, hi = self.conf_int()
        return pd.DataFrame([
            {"test": "Williams t", "statistic": self.williams[0], "df": self.n_pairs - 3, "pvalue": self.williams[1]},
            {"test": "Steiger Z2*", "statistic": self.steiger[0], "df": np.nan, "pvalue": self.steiger[1]},
            {"test": f"paired bootstrap ({self.n_boot}, seed={self.seed})", "statistic": self.difference, "df": np.nan,
             "pvalue": self.bootstrap_pvalue, "ci_low": lo, "ci_high": hi},
        ])

    def summary(self) -> Summary:
        r1, r2, r12 = self.correlations
        info = {"dataset": self.dataset, "pairs covered by both": f"{self.n_pairs:,} of {len(self.pairs):,}",
                f"{self.method} {self.labels[0]}": f"{r1:.4f}", f"{self.method} {self.labels[1]}": f"{r2:.4f}",
                "difference": f"{r1 - r2:+.4f}", f"{self.method} between the embeddings": f"{r12:.4f}"}
        return Summary(f"Comparing {self.labels[0]} and {self.labels[1]} on {self.dataset}", info, [self.to_frame()],
                       ["H0: equal correlation with the human scores; two-sided tests for dependent, overlapping correlations"])

    def plot(self, ax=None):
        """Histogram of the paired-bootstrap differences with the observed difference and 0."""
        from .plot import get_ax

        ax = get_ax(ax)
        d = self.bootstrap_differences
        ax.hist(d[np.isfinite(d)], bins=40, color="#4C72B0", alpha=0.8)
        ax.axvline(self.difference, color="k", lw=1.5, label=f"observed {self.difference:+.3f}")
        ax.axvline(0, color="#C44E52", ls="--", lw=1, label="no difference")
        ax.set_xlabel(f"{self.method}({self.labels[0]}) − {self.method}({self.labels[1]})")
        ax.set_ylabel("bootstrap replicates")
        ax.set_title(f"{self.dataset}: Williams p = {self.williams[1]:.3g}, bootstrap p = {self.bootstrap_pvalue:.3g}")
        ax.legend()
        return ax
