"""L2-regularised binary logistic regression (weighted), deterministic, NumPy + SciPy only.

The objective is ::

    L(w, b) = sum_i s_i [log(1 + exp(z_i)) - y_i z_i] + (l2 / 2) ||w||^2,   z = X w + b

with sample weights ``s`` and an unpenalised intercept ``b`` — scikit-learn's
``LogisticRegression(C=1 / l2, class_weight=...)`` objective. It is minimised with
SciPy's Newton-CG (exact Hessian-vector products), so the result depends only on the
data and the starting point, and converges to the gradient tolerance, not a budget.
"""
from __future__ import annotations

import numpy as np
from scipy import optimize
from scipy.special import expit

from .errors import EmptyInputError, ParameterError


def balanced_weights(y: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """scikit-learn's ``class_weight="balanced"``: ``n / (2 n_class)`` per sample, 0 outside ``mask``."""
    y = np.asarray(y, dtype=bool)
    keep = np.ones(len(y), dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    n_pos, n_neg = int((y & keep).sum()), int((~y & keep).sum())
    if n_pos == 0 or n_neg == 0:
        raise EmptyInputError(f"logistic regression needs both classes (got {n_pos} positive, {n_neg} negative samples)")
    n = n_pos + n_neg
    return np.where(keep, np.where(y, n / (2 * n_pos), n / (2 * n_neg)), 0.0)


def fit_logistic(X: np.ndarray, y: np.ndarray, *, l2: float = 1.0, sample_weight: np.ndarray | None = None,
                 fit_intercept: bool = True, start: np.ndarray | None = None, gtol: float = 1e-8,
                 max_iter: int = 200) -> tuple[np.ndarray, float]:
    """Fit an L2-penalised (weighted) logistic regression; returns ``(coef, intercept)``.

    Parameters
    ----------
    X : ndarray of shape (n, d)
    y : ndarray of shape (n,)
        Labels in {0, 1}.
    l2 : float, default 1.0
        Penalty on ``||coef||^2 / 2`` (scikit-learn's ``1 / C``); the intercept is not
        penalised. ``l2 = 0`` is plain maximum likelihood, which only exists when the
        classes are not separable.
    sample_weight : ndarray of shape (n,), optional
        Per-sample weights (0 removes a sample); see :func:`balanced_weights`.
    fit_intercept : bool, default True
    start : ndarray of shape (d + 1,), optional
        Starting ``[coef, intercept]`` (a warm start, e.g. a fit on nearly the same data).
    gtol : float, default 1e-8
        Newton-CG stops when the largest gradient component, relative to the total
        sample weight, is below this.

    Returns
    -------
    coef : ndarray of shape (d,)
    intercept : float
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    n, d = X.shape
    s = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    if l2 < 0:
        raise ParameterError(f"l2 must be non-negative, not {l2}")
    scale = float(s.sum()) or 1.0
    # The objective is divided by the total weight so that the tolerance means the same
    # for 10 samples as for 10,000.
    sy, lam = s * y / scale, l2 / scale
    sw = s / scale
    b_mask = 1.0 if fit_intercept else 0.0

    def fun(theta):
        w, b = theta[:d], theta[d] * b_mask
        z = X @ w + b
        f = float(sw @ np.logaddexp(0.0, z) - sy @ z + 0.5 * lam * (w @ w))
        r = sw * expit(z) - sy
        g = np.empty(d + 1)
        g[:d] = X.T @ r + lam * w
        g[d] = r.sum() * b_mask
        return f, g

    def hessp(theta, v):
        z = X @ theta[:d] + theta[d] * b_mask
        p = expit(z)
        h = sw * p * (1.0 - p)
        t = h * (X @ v[:d] + v[d] * b_mask)
        out = np.empty(d + 1)
        out[:d] = X.T @ t + lam * v[:d]
        # An unused intercept keeps a unit curvature so that the Hessian stays invertible.
        out[d] = t.sum() if fit_intercept else v[d]
        return out

    x0 = np.zeros(d + 1) if start is None else np.array(start, dtype=np.float64)
    res = optimize.minimize(fun, x0, jac=True, hessp=hessp, method="trust-ncg",
                            options={"gtol": gtol, "maxiter": max_iter})
    theta = res.x
    return theta[:d].copy(), float(theta[d] * b_mask)
