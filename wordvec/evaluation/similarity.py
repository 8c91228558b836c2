"""Word-similarity evaluation: correlation of cosine similarities with human judgements.

``evaluate_similarity(emb, "wordsim353")`` reports Spearman's ρ and Pearson's r between
the embedding's cosines and the human scores of WordSim-353 (Finkelstein et al. 2002),
SimLex-999 (Hill, Reichart & Korhonen 2015) or any pair file, with the pairs used, the
OOV pairs listed, and two confidence intervals: Fisher z (Fieller, Hartley & Pearson
1957 variance for ρ) and a seeded bootstrap over pairs (Efron & Tibshirani 1993,
percentile). Comparing two embeddings on the same pairs is
:func:`wordvec.evaluation.compare_similarity`.
"""
from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from .._deprecation import RenamedAttribute, renamed_parameters
from .._estimator import check_params, integer
from ..embedding import Embedding
from ..errors import EmptyInputError, ParameterError
from ..results import ResultMixin, Summary
from ._vocab import cached_canonical_rows
from .datasets import SimilarityDataset, load_similarity
from .stats import bootstrap_corr, bootstrap_indices, ci_frame, fisher_ci, percentile_ci

if TYPE_CHECKING:
    import matplotlib.axes
    import pandas as pd

COEFFICIENTS = ("spearman", "pearson")
CI_METHODS = ("fisher", "bootstrap")


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    """``value`` if it is one of ``choices``, else a :class:`~wordvec.errors.ParameterError` naming ``name``."""
    if value not in choices:
        raise ParameterError(f"{name}={value!r} is not one of {list(choices)}")
    return value


def score_pairs(emb: Embedding, ds: SimilarityDataset, restrict_vocab: int | None,
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


@renamed_parameters(n_boot="n_bootstrap")
def evaluate_similarity(emb: Embedding, dataset: str | os.PathLike | SimilarityDataset = "wordsim353", *,
                        restrict_vocab: int | None = 300_000, case_insensitive: bool = True, n_bootstrap: int = 2000,
                        seed: int | None = 0, delimiter: str | None = None) -> SimilarityResult:
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
    n_bootstrap, seed
        Bootstrap resamples of the pairs (Efron & Tibshirani 1993) and the seed of their
        generator (``n_bootstrap`` was ``n_boot``, still accepted with a DeprecationWarning).
    delimiter : str, optional
        Field separator of a pair file (default: detected).

    Returns
    -------
    SimilarityResult
        Pairs with an OOV word are not scored; they are listed in ``oov_pairs``.

    Examples
    --------
    >>> import wordvec
    >>> res = evaluate_similarity(wordvec.datasets.googlenews_subset(), "wordsim353")
    >>> res.n_pairs, round(res.spearman, 3)
    (205, 0.581)
    >>> res.conf_int().round(3)
              ci_low  ci_high
    spearman   0.480    0.668
    pearson    0.466    0.653
    """
    check_params("evaluate_similarity()", {"n_bootstrap": integer(1), "restrict_vocab": integer(1, none=True)},
                 {"n_bootstrap": n_bootstrap, "restrict_vocab": restrict_vocab})
    ds = load_similarity(dataset, delimiter=delimiter)
    _, _, cos = score_pairs(emb, ds, restrict_vocab, case_insensitive)
    pairs = ds.pairs.copy()
    pairs["model"] = cos
    pairs["oov"] = np.isnan(cos)
    if (~pairs["oov"]).sum() < 3:
        raise EmptyInputError(f"evaluate_similarity(): only {(~pairs['oov']).sum()} pair(s) of {ds.name!r} are in the "
                              "vocabulary; at least 3 are needed for a correlation")
    return SimilarityResult(dataset=ds.name, pairs=pairs, n_bootstrap=n_bootstrap, seed=seed,
                            meta={"embedding": emb.meta.get("source"), "dataset_path": ds.path,
                                  "restrict_vocab": restrict_vocab, "case_insensitive": case_insensitive})


class _BootstrapAlias:
    """The deprecated read-only ``n_boot`` of a result with ``n_bootstrap``; its constructor keeps ``n_boot=``."""

    @staticmethod
    def keep_constructor_alias(result_class: type) -> type:
        """Class decorator, applied after ``@dataclass``: ``Result(n_boot=...)`` still works, with a warning."""
        result_class.__init__ = renamed_parameters(n_boot="n_bootstrap")(result_class.__init__)
        return result_class

    @property
    def n_boot(self) -> int:
        """Deprecated name of ``n_bootstrap``."""
        warnings.warn(f"{type(self).__name__}.n_boot is deprecated, use n_bootstrap", DeprecationWarning, stacklevel=2)
        return self.n_bootstrap


@_BootstrapAlias.keep_constructor_alias
@dataclass
class SimilarityResult(_BootstrapAlias, ResultMixin):
    """Outcome of :func:`evaluate_similarity`.

    Attributes
    ----------
    pairs : pandas.DataFrame
        ``word1, word2, human, line, model`` (cosine; nan when OOV), ``oov``.
    spearman, pearson : float
    spearman_p_value, pearson_p_value : float
        Two-sided p-values of scipy's ``spearmanr`` / ``pearsonr`` (H0: no correlation).
    """

    dataset: str
    pairs: pd.DataFrame = field(repr=False)
    n_bootstrap: int = 2000
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
    def spearman_p_value(self) -> float:
        return float(self._spearman[1])

    @property
    def pearson(self) -> float:
        return float(self._pearson[0])

    @property
    def pearson_p_value(self) -> float:
        return float(self._pearson[1])

    # the names before the naming table
    spearman_pvalue = RenamedAttribute("spearman_p_value")
    pearson_pvalue = RenamedAttribute("pearson_p_value")

    @cached_property
    def bootstrap_distribution(self) -> pd.DataFrame:
        """``n_bootstrap`` bootstrap replicates (pairs resampled with replacement, seeded) of ρ and r."""
        import pandas as pd

        h, m = self._used["human"].to_numpy(), self._used["model"].to_numpy()
        idx = bootstrap_indices(len(h), self.n_bootstrap, self.seed)
        return pd.DataFrame({"spearman": bootstrap_corr(h, m, idx, "spearman"), "pearson": bootstrap_corr(h, m, idx, "pearson")})

    def _interval(self, alpha: float, method: str, which: str) -> tuple[float, float]:
        if method == "fisher":
            return fisher_ci(getattr(self, which), self.n_pairs, alpha, which)
        return percentile_ci(self.bootstrap_distribution[which].to_numpy(), alpha)

    def conf_int(self, alpha: float = 0.05, method: str = "fisher", which: str | None = None) -> pd.DataFrame:
        """Two-sided confidence intervals for ρ and r.

        Parameters
        ----------
        alpha : float, default 0.05
        method : {"fisher", "bootstrap"}
            Fisher z (variance 1.06/(n−3) for ρ, Fieller, Hartley & Pearson 1957) or the
            percentile bootstrap over pairs (Efron & Tibshirani 1993).
        which : {"spearman", "pearson"}, optional
            One coefficient; default both.

        Returns
        -------
        pandas.DataFrame
            Columns ``ci_low``, ``ci_high``; one row per coefficient (index ``spearman``, ``pearson``).
        """
        check_choice("method", method, CI_METHODS)
        names = COEFFICIENTS if which is None else (check_choice("which", which, COEFFICIENTS),)
        return ci_frame({w: self._interval(alpha, method, w) for w in names})

    def to_frame(self, alpha: float = 0.05) -> pd.DataFrame:
        """One row per coefficient: estimate, p-value, Fisher (``ci_*``) and bootstrap CIs, pairs used / OOV."""
        import pandas as pd

        fisher, boot = self.conf_int(alpha, "fisher"), self.conf_int(alpha, "bootstrap")
        rows = [{"dataset": self.dataset, "coefficient": w, "estimate": getattr(self, w),
                 "p_value": getattr(self, f"{w}_p_value"), "ci_low": fisher.loc[w, "ci_low"],
                 "ci_high": fisher.loc[w, "ci_high"], "bootstrap_ci_low": boot.loc[w, "ci_low"],
                 "bootstrap_ci_high": boot.loc[w, "ci_high"], "pairs": self.n_pairs, "oov": self.n_oov}
                for w in COEFFICIENTS]
        return pd.DataFrame(rows)

    def summary(self, alpha: float = 0.05) -> Summary:
        info = {"dataset": self.dataset, "pairs used": f"{self.n_pairs:,} of {len(self.pairs):,} ({self.n_oov:,} OOV)",
                "Spearman rho": f"{self.spearman:.4f}", "Pearson r": f"{self.pearson:.4f}",
                "bootstrap": f"{self.n_bootstrap:,} resamples of pairs, percentile, seed={self.seed}"}
        notes = []
        if self.n_oov:
            shown = ", ".join(f"{a}-{b}" for a, b in self.oov_pairs[["word1", "word2"]].head(8).itertuples(index=False))
            notes.append(f"{self.n_oov} OOV pair(s) not scored: {shown}{', ...' if self.n_oov > 8 else ''} (see .oov_pairs)")
        return Summary(f"Word similarity: {self.dataset}", info, [self.to_frame(alpha).set_index("coefficient")], notes)

    def plot(self, ax: matplotlib.axes.Axes | None = None) -> matplotlib.axes.Axes:
        """Scatter of human score vs cosine, with the least-squares line and ρ in the title."""
        from ..plot import get_ax

        ax = get_ax(ax, figsize=(5.5, 4.5))
        h, m = self._used["human"].to_numpy(), self._used["model"].to_numpy()
        ax.scatter(h, m, s=10, alpha=0.6, color="#4C72B0")
        slope, intercept = np.polyfit(h, m, 1)
        xs = np.linspace(h.min(), h.max(), 50)
        ax.plot(xs, intercept + slope * xs, color="#C44E52", lw=1.5, label=f"least squares (r = {self.pearson:.3f})")
        lo, hi = self.conf_int(which="spearman").loc["spearman"]
        ax.set_xlabel("human similarity score")
        ax.set_ylabel("cosine similarity")
        ax.set_title(f"{self.dataset}: Spearman ρ = {self.spearman:.3f} [{lo:.3f}, {hi:.3f}], n = {self.n_pairs}")
        ax.legend(loc="upper left")
        return ax
