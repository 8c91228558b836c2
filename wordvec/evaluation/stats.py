"""Confidence intervals and tests used by intrinsic evaluation.

* Wilson score interval for a binomial proportion (Wilson 1927) — analogy accuracy.
* Fisher z interval for a correlation; for Spearman's ρ with the variance 1.06/(n−3)
  of Fieller, Hartley & Pearson (1957).
* Williams' t (Williams 1959, in the form of Steiger 1980, eq. 7) and Steiger's (1980)
  z for two *dependent, overlapping* correlations r(h, x₁) vs r(h, x₂) on the same items —
  "is embedding 1 closer to the human scores than embedding 2?".
* Vectorised bootstrap of Spearman/Pearson correlations (resampling items) and its percentile
  interval (Efron & Tibshirani 1993).
* :func:`ci_frame`, the ``conf_int()`` frame of every evaluation result.
"""
from __future__ import annotations

from statistics import NormalDist
from typing import TYPE_CHECKING

import numpy as np

from .._deprecation import renamed_parameters

if TYPE_CHECKING:
    import pandas as pd


def normal_quantile(q: float) -> float:
    """The standard normal quantile (``scipy.stats.norm.ppf`` to within one ulp; the
    standard library's, so that a confidence interval does not import scipy.stats,
    ~0.5 s in a fresh process)."""
    return NormalDist().inv_cdf(q)


def wilson_ci(successes: int | np.ndarray, n: int | np.ndarray, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided Wilson score interval for ``successes / n`` (Wilson 1927).

    Returns ``(low, high)``; ``nan`` where ``n == 0``. Agrees with
    ``statsmodels.stats.proportion.proportion_confint(method="wilson")``.
    """
    k = np.asarray(successes, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    z = normal_quantile(1 - alpha / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
        low, high = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    low = np.where(n > 0, low, np.nan)
    high = np.where(n > 0, high, np.nan)
    return (float(low), float(high)) if low.ndim == 0 else (low, high)


def fisher_ci(r: float, n: int, alpha: float = 0.05, method: str = "pearson") -> tuple[float, float]:
    """Fisher z confidence interval for a correlation coefficient.

    ``method="spearman"`` uses the standard error sqrt(1.06/(n−3)) of Fieller, Hartley &
    Pearson (1957); ``"pearson"`` uses 1/sqrt(n−3).
    """
    if n <= 3:
        return (float("nan"), float("nan"))
    var = (1.06 if method == "spearman" else 1.0) / (n - 3)
    z = np.arctanh(np.clip(r, -0.9999999, 0.9999999))
    h = normal_quantile(1 - alpha / 2) * np.sqrt(var)
    return float(np.tanh(z - h)), float(np.tanh(z + h))


def williams_t(r1: float, r2: float, r12: float, n: int) -> tuple[float, float]:
    """Williams' t for H0: ρ(h, x₁) = ρ(h, x₂) with x₁, x₂ measured on the same n items.

    ``r1 = r(h, x₁)``, ``r2 = r(h, x₂)``, ``r12 = r(x₁, x₂)``. Steiger (1980), eq. (7):

    t = (r1 − r2) √((n−1)(1+r12)) / √(2 (n−1)/(n−3) |R| + r̄² (1−r12)³),  df = n − 3,

    with |R| = 1 − r1² − r2² − r12² + 2 r1 r2 r12 and r̄ = (r1 + r2)/2.

    Returns ``(t, two-sided p)``.
    """
    from scipy import stats

    if n <= 3:
        return float("nan"), float("nan")
    det = 1 - r1**2 - r2**2 - r12**2 + 2 * r1 * r2 * r12
    rbar = (r1 + r2) / 2
    t = (r1 - r2) * np.sqrt((n - 1) * (1 + r12)) / np.sqrt(2 * (n - 1) / (n - 3) * det + rbar**2 * (1 - r12) ** 3)
    return float(t), float(2 * stats.t.sf(abs(t), n - 3))


def steiger_z(r1: float, r2: float, r12: float, n: int) -> tuple[float, float]:
    """Steiger's (1980) Z2* for two dependent overlapping correlations (eqs. 14–15).

    Both correlations are Fisher-transformed; their covariance uses the pooled r̄:
    ψ = r12 (1 − 2 r̄²) − ½ r̄² (1 − 2 r̄² − r12²), s = ψ / (1 − r̄²)²,
    Z = (z1 − z2) √(n−3) / √(2 − 2 s). Returns ``(z, two-sided p)``.
    """
    from scipy import stats

    if n <= 3:
        return float("nan"), float("nan")
    rbar = (r1 + r2) / 2
    psi = r12 * (1 - 2 * rbar**2) - 0.5 * rbar**2 * (1 - 2 * rbar**2 - r12**2)
    s = psi / (1 - rbar**2) ** 2
    z = (np.arctanh(r1) - np.arctanh(r2)) * np.sqrt(n - 3) / np.sqrt(2 - 2 * s)
    return float(z), float(2 * stats.norm.sf(abs(z)))


def _rowwise_corr(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    xc = x - x.mean(axis=-1, keepdims=True)
    yc = y - y.mean(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (xc * yc).sum(-1) / np.sqrt((xc * xc).sum(-1) * (yc * yc).sum(-1))


@renamed_parameters(n_boot="n_bootstrap")
def bootstrap_indices(n: int, n_bootstrap: int, seed: int | np.random.Generator | None = 0) -> np.ndarray:
    """``(n_bootstrap, n)`` resampling indices (items drawn with replacement), seeded (Efron & Tibshirani 1993).

    Examples
    --------
    >>> bootstrap_indices(5, 2, seed=0).shape
    (2, 5)
    """
    rng = np.random.default_rng(seed)
    return rng.integers(0, n, size=(n_bootstrap, n))


def percentile_ci(replicates: np.ndarray, alpha: float = 0.05) -> tuple[float, float]:
    """Two-sided percentile bootstrap interval (Efron & Tibshirani 1993) of the finite replicates.

    Examples
    --------
    >>> percentile_ci(np.arange(101.0), alpha=0.1)
    (5.0, 95.0)
    """
    b = np.asarray(replicates, dtype=np.float64)
    b = b[np.isfinite(b)]
    return float(np.quantile(b, alpha / 2)), float(np.quantile(b, 1 - alpha / 2))


def bootstrap_corr(x: np.ndarray, y: np.ndarray, idx: np.ndarray, method: str = "spearman") -> np.ndarray:
    """Correlation of ``x`` and ``y`` on each bootstrap resample ``idx`` (rows), vectorised.

    Spearman ranks each resample separately (average ranks for ties), as
    ``scipy.stats.spearmanr`` would on the resampled data.
    """
    xs, ys = np.asarray(x, float)[idx], np.asarray(y, float)[idx]
    if method == "spearman":
        from scipy import stats

        xs, ys = stats.rankdata(xs, axis=1), stats.rankdata(ys, axis=1)
    return _rowwise_corr(xs, ys)


def ci_frame(intervals: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """The ``conf_int()`` frame of a result: columns ``ci_low``, ``ci_high``, one row per named estimate.

    Examples
    --------
    >>> ci_frame({"accuracy": (0.25, 0.75)})
              ci_low  ci_high
    accuracy    0.25     0.75
    """
    import pandas as pd

    return pd.DataFrame([[float(lo), float(hi)] for lo, hi in intervals.values()], columns=["ci_low", "ci_high"],
                        index=list(intervals))
