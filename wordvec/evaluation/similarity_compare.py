"""Are two embeddings equally close to the human similarity scores, on the same pairs?

Williams' t (Williams 1959; Steiger 1980, eq. 7) and Steiger's (1980) Z2* for dependent,
overlapping correlations, and a paired bootstrap over the pairs (Efron & Tibshirani 1993).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from .._deprecation import RenamedAttribute, renamed_parameters
from ..embedding import Embedding
from ..errors import EmptyInputError
from ..results import ResultMixin, Summary
from .datasets import SimilarityDataset, load_similarity
from .similarity import COEFFICIENTS, _BootstrapAlias, check_choice, score_pairs
from .stats import (
    bootstrap_corr,
    bootstrap_indices,
    ci_frame,
    percentile_ci,
    steiger_z,
    williams_t,
)

if TYPE_CHECKING:
    import matplotlib.axes
    import pandas as pd


@renamed_parameters(n_boot="n_bootstrap")
def compare_similarity(emb1: Embedding, emb2: Embedding, dataset: str | os.PathLike | SimilarityDataset = "wordsim353", *,
                       method: str = "spearman", restrict_vocab: int | None = 300_000, case_insensitive: bool = True,
                       n_bootstrap: int = 2000, seed: int | None = 0, labels: tuple[str, str] = ("emb1", "emb2"),
                       delimiter: str | None = None) -> SimilarityComparison:
    """Is embedding 1 closer to the human scores than embedding 2, on the same pairs?

    Only pairs covered by *both* embeddings are used. The two correlations share the
    human scores, so they are dependent and overlapping: Williams' t (Williams 1959;
    Steiger 1980, eq. 7; recommended by Steiger) and Steiger's (1980) Z2* test
    H0: ρ(human, emb1) = ρ(human, emb2) from the three correlations, and a paired
    bootstrap (pairs resampled together for both embeddings, seeded; Efron & Tibshirani
    1993) gives a percentile CI of the difference and a two-sided p-value (share of
    centred replicates at least as far from 0 as the observed difference). For Spearman
    the tests are applied to the rank correlations, the usual approximation.

    Parameters
    ----------
    emb1, emb2 : Embedding
    dataset : {"wordsim353", "simlex999"}, path or SimilarityDataset
    method : {"spearman", "pearson"}
    restrict_vocab, case_insensitive, delimiter
        As in :func:`~wordvec.evaluation.evaluate_similarity`.
    n_bootstrap, seed
        Paired bootstrap resamples and their seed (``n_bootstrap`` was ``n_boot``).
    labels : (str, str)
        Names of the two embeddings (columns of ``pairs``).

    Returns
    -------
    SimilarityComparison

    Examples
    --------
    >>> import wordvec
    >>> emb = wordvec.datasets.googlenews_subset()
    >>> small = emb.with_vectors(emb.vectors[:, :100])
    >>> cmp = compare_similarity(emb, small, "wordsim353", n_bootstrap=500)
    >>> cmp.n_pairs, round(cmp.difference, 3)
    (205, 0.031)
    >>> list(cmp.conf_int().columns)
    ['ci_low', 'ci_high']
    """
    check_choice("method", method, COEFFICIENTS)
    ds = load_similarity(dataset, delimiter=delimiter)
    _, _, c1 = score_pairs(emb1, ds, restrict_vocab, case_insensitive)
    _, _, c2 = score_pairs(emb2, ds, restrict_vocab, case_insensitive)
    both = ~np.isnan(c1) & ~np.isnan(c2)
    if both.sum() < 5:
        raise EmptyInputError(f"compare_similarity(): only {both.sum()} pair(s) are covered by both embeddings")
    pairs = ds.pairs.copy()
    pairs[labels[0]] = c1
    pairs[labels[1]] = c2
    pairs["used"] = both
    return SimilarityComparison(dataset=ds.name, pairs=pairs, labels=tuple(labels), method=method,
                                n_bootstrap=n_bootstrap, seed=seed)


@_BootstrapAlias.keep_constructor_alias
@dataclass
class SimilarityComparison(_BootstrapAlias, ResultMixin):
    """Outcome of :func:`compare_similarity`: the two correlations, their difference and tests."""

    dataset: str
    pairs: pd.DataFrame = field(repr=False)
    labels: tuple[str, str] = ("emb1", "emb2")
    method: str = "spearman"
    n_bootstrap: int = 2000
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
        """``n_bootstrap`` paired-bootstrap replicates of r(human, emb1) − r(human, emb2)."""
        u = self.pairs[self.pairs["used"]]
        h = u["human"].to_numpy(float)
        idx = bootstrap_indices(len(h), self.n_bootstrap, self.seed)
        r1 = bootstrap_corr(h, u[self.labels[0]].to_numpy(float), idx, self.method)
        r2 = bootstrap_corr(h, u[self.labels[1]].to_numpy(float), idx, self.method)
        return r1 - r2

    bootstrap_pvalue = RenamedAttribute("bootstrap_p_value")  # the name before the naming table

    @property
    def bootstrap_p_value(self) -> float:
        d = self.bootstrap_differences
        d = d[np.isfinite(d)]
        obs = self.difference
        return float((np.sum(np.abs(d - d.mean()) >= abs(obs)) + 1) / (len(d) + 1))

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Percentile bootstrap CI of the difference r(human, emb1) − r(human, emb2).

        Returns
        -------
        pandas.DataFrame
            Columns ``ci_low``, ``ci_high``; one row, ``"difference"``.
        """
        return ci_frame({"difference": percentile_ci(self.bootstrap_differences, alpha)})

    def to_frame(self) -> pd.DataFrame:
        """One row per test: statistic, degrees of freedom, two-sided ``p_value`` (and the bootstrap CI)."""
        import pandas as pd

        lo, hi = self.conf_int().loc["difference"]
        return pd.DataFrame([
            {"test": "Williams t", "statistic": self.williams[0], "df": self.n_pairs - 3, "p_value": self.williams[1]},
            {"test": "Steiger Z2*", "statistic": self.steiger[0], "df": np.nan, "p_value": self.steiger[1]},
            {"test": f"paired bootstrap ({self.n_bootstrap}, seed={self.seed})", "statistic": self.difference,
             "df": np.nan, "p_value": self.bootstrap_p_value, "ci_low": lo, "ci_high": hi},
        ])

    def summary(self) -> Summary:
        r1, r2, r12 = self.correlations
        info = {"dataset": self.dataset, "pairs covered by both": f"{self.n_pairs:,} of {len(self.pairs):,}",
                f"{self.method} {self.labels[0]}": f"{r1:.4f}", f"{self.method} {self.labels[1]}": f"{r2:.4f}",
                "difference": f"{r1 - r2:+.4f}", f"{self.method} between the embeddings": f"{r12:.4f}"}
        return Summary(f"Comparing {self.labels[0]} and {self.labels[1]} on {self.dataset}", info, [self.to_frame()],
                       ["H0: equal correlation with the human scores; two-sided tests for dependent, overlapping correlations"])

    def plot(self, ax: matplotlib.axes.Axes | None = None) -> matplotlib.axes.Axes:
        """Histogram of the paired-bootstrap differences with the observed difference and 0."""
        from ..plot import get_ax

        ax = get_ax(ax)
        d = self.bootstrap_differences
        ax.hist(d[np.isfinite(d)], bins=40, color="#4C72B0", alpha=0.8)
        ax.axvline(self.difference, color="k", lw=1.5, label=f"observed {self.difference:+.3f}")
        ax.axvline(0, color="#C44E52", ls="--", lw=1, label="no difference")
        ax.set_xlabel(f"{self.method}({self.labels[0]}) − {self.method}({self.labels[1]})")
        ax.set_ylabel("bootstrap replicates")
        ax.set_title(f"{self.dataset}: Williams p = {self.williams[1]:.3g}, bootstrap p = {self.bootstrap_p_value:.3g}")
        ax.legend()
        return ax
