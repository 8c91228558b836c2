"""Result objects of the bias statistics: one row per statistic, with its uncertainty and method.

Every row carries the estimate, a standard error and/or confidence interval (and how it was
obtained), a p-value where a test is defined (test, sidedness, permutations or "exact",
seed), the set sizes and the OOV words. Collections of rows plot as a forest plot.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..errors import ParameterError
from ..plot import get_ax
from ..results import ResultMixin, Summary
from ._checks import check_alpha

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

_COLUMNS = ["test", "statistic", "estimate", "se", "ci_low", "ci_high", "ci_method", "p_value", "p_method", "sizes", "oov"]


def _fmt_oov(oov: dict[str, list[str]]) -> str:
    parts = [f"{k}: {', '.join(v)}" for k, v in oov.items() if v]
    return "; ".join(parts)


@dataclass(repr=False)
class BiasResult(ResultMixin):
    """One bias statistic with its uncertainty.

    Attributes
    ----------
    test : str
        What was tested (e.g. "Caliskan 6: male vs female names, career vs family").
    statistic : str
        Which statistic ``estimate`` is (e.g. "WEAT effect size d (ddof=1)").
    estimate, se : float
        Point estimate and standard error (NaN where none is defined).
    ci : (float, float)
        Confidence interval at level ``1 - alpha``; ``ci_method`` says how it was made.
    p_value, p_method : float, str
        p-value and a description of the test (sidedness, permutations / exact, seed).
    sizes : dict
        Words used per set; ``oov`` the words of each set missing from the embedding.
    alpha : float
        1 − the confidence level of ``ci``.
    replicates : array, optional
        Bootstrap or Monte Carlo replicates of the statistic (used by :meth:`conf_int`).
    extra : dict
        Further values; the scalar ones become columns of :meth:`to_frame`.
    ci_df : float, optional
        Degrees of freedom of a t-interval (``None``: a normal or percentile interval).
    """

    test: str
    statistic: str
    estimate: float
    se: float = float("nan")
    ci: tuple[float, float] = (float("nan"), float("nan"))
    ci_method: str = ""
    p_value: float = float("nan")
    p_method: str = ""
    sizes: dict = field(default_factory=dict)
    oov: dict = field(default_factory=dict)
    alpha: float = 0.05
    replicates: np.ndarray | None = None
    extra: dict = field(default_factory=dict)
    ci_df: float | None = None

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Confidence interval at level ``1 - alpha``, one row indexed by :attr:`test`.

        At the level the result was computed at, the stored interval :attr:`ci`. At
        another level the interval is recomputed the same way where that is possible:
        percentiles of the :attr:`replicates` (bootstrap / Monte Carlo), else
        ``estimate ± q·se`` with ``q`` the normal quantile (the t quantile with
        :attr:`ci_df` degrees of freedom, as for RIPA).

        Parameters
        ----------
        alpha : float, default 0.05
            1 − the confidence level.

        Returns
        -------
        pandas.DataFrame
            Columns ``ci_low``, ``ci_high``.

        Raises
        ------
        ParameterError
            ``alpha`` outside (0, 1), or an interval that cannot be recomputed at another
            level (no replicates and no standard error); the message names the level the
            result was computed at.
        """
        import pandas as pd

        lo, hi = self._interval(check_alpha(alpha))
        return pd.DataFrame({"ci_low": [lo], "ci_high": [hi]}, index=pd.Index([self.test], name="test"))

    def _interval(self, alpha: float) -> tuple[float, float]:
        """(low, high) at level ``1 - alpha`` (see :meth:`conf_int`)."""
        if alpha == self.alpha and np.isfinite(self.ci[0]):
            return float(self.ci[0]), float(self.ci[1])
        if self.replicates is not None and len(self.replicates):
            lo, hi = np.nanquantile(self.replicates, [alpha / 2, 1 - alpha / 2])
            return float(lo), float(hi)
        if np.isfinite(self.se):
            from scipy import stats

            q = stats.norm.ppf(1 - alpha / 2) if self.ci_df is None else stats.t.ppf(1 - alpha / 2, self.ci_df)
            return float(self.estimate - q * self.se), float(self.estimate + q * self.se)
        if not np.isfinite(self.ci).any():  # no interval was computed (e.g. n_bootstrap=0): none at any level
            return float("nan"), float("nan")
        raise ParameterError(f"{self.test}: the interval ({self.ci_method or 'no method recorded'}) was computed at "
                             f"alpha={self.alpha} and cannot be recomputed at alpha={alpha}")

    def row(self) -> dict:
        """This result as one row of :meth:`to_frame` (scalar ``extra`` values become columns)."""
        lo, hi = self.ci
        return {"test": self.test, "statistic": self.statistic, "estimate": self.estimate, "se": self.se,
                "ci_low": lo, "ci_high": hi, "ci_method": self.ci_method, "p_value": self.p_value,
                "p_method": self.p_method, "sizes": ", ".join(f"{k}={v}" for k, v in self.sizes.items()),
                "oov": _fmt_oov(self.oov), **{k: v for k, v in self.extra.items() if np.isscalar(v)}}

    def to_frame(self) -> pd.DataFrame:
        """One-row table: estimate, se, CI, p-value, methods, set sizes, OOV words."""
        import pandas as pd

        return pd.DataFrame([self.row()])

    def summary(self) -> Summary:
        """Estimate, SE, interval and p-value with how each was made; set sizes; OOV words."""
        lo, hi = self.ci
        info = {"test": self.test, "statistic": self.statistic, "estimate": f"{self.estimate:.4f}",
                "std. error": f"{self.se:.4f}", f"{1 - self.alpha:.0%} CI": f"[{lo:.4f}, {hi:.4f}] ({self.ci_method})"}
        if np.isfinite(self.p_value):
            info["p-value"] = f"{self.p_value:.4g} ({self.p_method})"
        info["sizes"] = ", ".join(f"{k}={v}" for k, v in self.sizes.items())
        notes = [f"OOV words (not used): {_fmt_oov(self.oov)}"] if _fmt_oov(self.oov) else []
        return Summary(type(self).__name__, info, self._tables(), notes)

    def _tables(self) -> list[pd.DataFrame]:
        return []

    def plot(self, ax: Axes | None = None) -> Axes:
        """Forest plot (one row): estimate with its confidence interval."""
        return forest_plot(self.to_frame(), ax=ax)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.test}: {self.statistic}={self.estimate:.4g} CI=[{self.ci[0]:.3g}, {self.ci[1]:.3g}] p={self.p_value:.3g}>"


class BiasResults(ResultMixin):
    """Several :class:`BiasResult` rows (e.g. Caliskan tests 1–10); a forest plot of them all."""

    def __init__(self, results: Iterable[BiasResult], title: str = "Bias statistics", reference: dict | None = None,
                 reference_label: str = "published"):
        self.results = list(results)
        self.title = title
        self.reference = dict(reference or {})  # test -> published value
        self.reference_label = reference_label

    def __len__(self) -> int:
        return len(self.results)

    def __iter__(self) -> Iterator[BiasResult]:
        return iter(self.results)

    def __getitem__(self, i: int) -> BiasResult:
        return self.results[i]

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Every row's interval at level ``1 - alpha`` (:meth:`BiasResult.conf_int`), indexed by test."""
        import pandas as pd

        alpha = check_alpha(alpha)
        rows = [r._interval(alpha) for r in self.results]
        return pd.DataFrame(rows, columns=["ci_low", "ci_high"], index=pd.Index([r.test for r in self.results], name="test"))

    def to_frame(self) -> pd.DataFrame:
        """One row per result (:meth:`BiasResult.row`), with the published values if any."""
        import pandas as pd

        frame = pd.DataFrame([r.row() for r in self.results])
        if self.reference:
            frame[self.reference_label] = [self.reference.get(t, np.nan) for t in frame["test"]]
        return frame

    def summary(self) -> Summary:
        """The table of estimates, intervals and p-values, and every method used."""
        cols = ["test", "estimate", "ci_low", "ci_high", "p_value"] + ([self.reference_label] if self.reference else []) + ["oov"]
        frame = self.to_frame()
        methods = sorted({m for m in frame["p_method"] if m} | {m for m in frame["ci_method"] if m})
        return Summary(self.title, {"statistic": ", ".join(sorted(set(frame["statistic"])))},
                       [frame[[c for c in cols if c in frame]]], [f"Methods: {m}" for m in methods])

    def plot(self, ax: Axes | None = None) -> Axes:
        """Forest plot of every row with its CI, published values (if any) as open diamonds."""
        return forest_plot(self.to_frame(), ax=ax, reference=self.reference_label if self.reference else None, title=self.title)


def forest_plot(frame: pd.DataFrame, ax: Axes | None = None, reference: str | None = None,
                title: str | None = None) -> Axes:
    """Horizontal forest plot of ``frame`` (columns test, estimate, ci_low, ci_high[, reference])."""
    ax = get_ax(ax, figsize=(7.5, 0.45 * len(frame) + 1.4))
    y = np.arange(len(frame))[::-1]
    est = frame["estimate"].to_numpy(float)
    lo, hi = frame["ci_low"].to_numpy(float), frame["ci_high"].to_numpy(float)
    ok = np.isfinite(lo) & np.isfinite(hi)
    ax.errorbar(est[ok], y[ok], xerr=[est[ok] - lo[ok], hi[ok] - est[ok]], fmt="o", color="C0", capsize=3,
                label="estimate with CI")
    ax.plot(est[~ok], y[~ok], "o", color="C0")
    if reference is not None and reference in frame:
        ax.plot(frame[reference].to_numpy(float), y, "D", mfc="none", color="C3", label=reference)
    ax.axvline(0, color="0.5", lw=0.8)
    ax.set_yticks(y)
    ax.set_yticklabels([str(t) for t in frame["test"]])
    stat = frame["statistic"].iloc[0] if len(frame) else ""
    ax.set_xlabel(stat)
    if title:
        ax.set_title(title)
    ax.legend(loc="best", fontsize=8)
    return ax


def per_word_frame(words: Sequence[str], groups: Sequence[str], values: np.ndarray, name: str = "score") -> pd.DataFrame:
    """Per-word contributions (Dobrzeniecka & Urbaniak 2024 warn against reading only the aggregate)."""
    import pandas as pd

    return pd.DataFrame({"word": list(words), "set": list(groups), name: np.asarray(values, float)})
