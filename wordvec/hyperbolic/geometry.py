"""Operations on the Poincaré ball ``B^d = {x : ‖x‖ < 1}`` (curvature −1), vectorised over rows.

All functions accept arrays of shape ``(..., d)`` and broadcast like numpy. They work in
float64 and stay finite up to the projection boundary ``‖x‖ = 1 − eps``.

References
----------
Nickel & Kiela (2017), "Poincaré embeddings for learning hierarchical representations", NeurIPS.
Ganea, Bécigneul & Hofmann (2018), "Hyperbolic neural networks", NeurIPS (Möbius addition,
exponential and logarithmic maps).
"""
from __future__ import annotations

import numpy as np

from ..errors import ParameterError

#: Default distance of the projection boundary from the unit sphere (Nickel & Kiela 2017).
EPS = 1e-5


def _sqnorm(x: np.ndarray) -> np.ndarray:
    return np.einsum("...i,...i->...", x, x)


def project(x: np.ndarray, eps: float = EPS) -> np.ndarray:
    """Rescale points with ``‖x‖ ≥ 1 − eps`` onto the sphere of radius ``1 − eps``."""
    x = np.asarray(x, dtype=np.float64)
    n = np.sqrt(_sqnorm(x))[..., None]
    scale = np.where(n >= 1 - eps, (1 - eps) / np.maximum(n, 1e-300), 1.0)
    return x * scale


def check_in_ball(x: np.ndarray, what: str = "points") -> None:
    """Raise :class:`~wordvec.errors.ParameterError` (a ``ValueError``) if any row lies on or outside the unit sphere."""
    n = np.sqrt(_sqnorm(np.asarray(x, dtype=np.float64)))
    if np.any(~np.isfinite(n)) or np.any(n >= 1):
        bad = np.flatnonzero(~(n < 1).ravel())
        raise ParameterError(f"{what} must lie inside the unit ball; {len(bad)} row(s) have norm ≥ 1 (first: row {bad[0]}, norm {n.ravel()[bad[0]]:.6g})")


def _arcosh1p(z: np.ndarray) -> np.ndarray:
    """``arcosh(1 + z)`` accurate for tiny ``z`` (where ``arccosh`` loses all digits)."""
    z = np.maximum(z, 0.0)
    return np.log1p(z + np.sqrt(z * (z + 2.0)))


def distance(u: np.ndarray, v: np.ndarray, eps: float = EPS) -> np.ndarray:
    """Poincaré distance ``arcosh(1 + 2‖u−v‖² / ((1−‖u‖²)(1−‖v‖²)))``, broadcast over rows."""
    u = np.asarray(u, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    alpha = np.maximum(1.0 - _sqnorm(u), eps * eps)
    beta = np.maximum(1.0 - _sqnorm(v), eps * eps)
    return _arcosh1p(2.0 * _sqnorm(u - v) / (alpha * beta))


def pairwise_distances(a: np.ndarray, b: np.ndarray | None = None, eps: float = EPS) -> np.ndarray:
    """All distances between rows of ``a`` (m, d) and ``b`` (n, d) as an (m, n) matrix (one BLAS product)."""
    a = np.atleast_2d(np.asarray(a, dtype=np.float64))
    b = a if b is None else np.atleast_2d(np.asarray(b, dtype=np.float64))
    na, nb = _sqnorm(a), _sqnorm(b)
    sq = np.maximum(na[:, None] + nb[None, :] - 2.0 * (a @ b.T), 0.0)
    denom = np.maximum(1.0 - na, eps * eps)[:, None] * np.maximum(1.0 - nb, eps * eps)[None, :]
    return _arcosh1p(2.0 * sq / denom)


def mobius_add(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Möbius addition ``x ⊕ y`` (Ganea et al. 2018, eq. 2 with c = 1)."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    xy = np.einsum("...i,...i->...", x, y)[..., None]
    x2 = _sqnorm(x)[..., None]
    y2 = _sqnorm(y)[..., None]
    num = (1 + 2 * xy + y2) * x + (1 - x2) * y
    den = 1 + 2 * xy + x2 * y2
    return num / np.maximum(den, 1e-15)


def conformal_factor(x: np.ndarray) -> np.ndarray:
    """``λ_x = 2 / (1 − ‖x‖²)``: the metric at ``x`` is ``λ_x²`` times the Euclidean one."""
    return 2.0 / np.maximum(1.0 - _sqnorm(np.asarray(x, dtype=np.float64)), 1e-15)


def exp_map(x: np.ndarray, v: np.ndarray, eps: float = EPS) -> np.ndarray:
    """Exponential map ``exp_x(v) = x ⊕ tanh(λ_x‖v‖/2) v/‖v‖`` (Ganea et al. 2018, lemma 2)."""
    x = np.asarray(x, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    nv = np.sqrt(_sqnorm(v))[..., None]
    lam = conformal_factor(x)[..., None]
    step = np.tanh(lam * nv / 2.0) * v / np.maximum(nv, 1e-300)
    return project(mobius_add(x, step), eps)


def log_map(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logarithmic map ``log_x(y) = (2/λ_x) artanh(‖−x⊕y‖) (−x⊕y)/‖−x⊕y‖``, the inverse of :func:`exp_map`."""
    x = np.asarray(x, dtype=np.float64)
    w = mobius_add(-x, y)
    nw = np.sqrt(_sqnorm(w))[..., None]
    lam = conformal_factor(x)[..., None]
    return (2.0 / lam) * np.arctanh(np.minimum(nw, 1 - 1e-15)) * w / np.maximum(nw, 1e-300)


def distance_grad(u: np.ndarray, v: np.ndarray, eps: float = EPS) -> tuple[np.ndarray, np.ndarray]:
    """Euclidean gradients ``(∂d/∂u, ∂d/∂v)`` of the Poincaré distance (Nickel & Kiela 2017, eq. 4)."""
    u = np.asarray(u, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    uu, vv, uv = _sqnorm(u)[..., None], _sqnorm(v)[..., None], np.einsum("...i,...i->...", u, v)[..., None]
    alpha = np.maximum(1 - uu, eps * eps)
    beta = np.maximum(1 - vv, eps * eps)
    gamma = 1 + 2 * np.maximum(uu + vv - 2 * uv, 0) / (alpha * beta)
    root = np.sqrt(np.maximum(gamma * gamma - 1, 1e-15))
    gu = 4 / (beta * root) * ((vv - 2 * uv + 1) / alpha**2 * u - v / alpha)
    gv = 4 / (alpha * root) * ((uu - 2 * uv + 1) / beta**2 * v - u / beta)
    return gu, gv

