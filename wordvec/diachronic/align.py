"""Orthogonal Procrustes alignment of the periods of a :class:`DiachronicEmbedding`.

Each period's embedding is trained independently, so its axes are arbitrary: only a
rotation makes vectors from two periods comparable. The rotation is fitted on anchor
words (by default every word present in both periods) and applied to *every* row.
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .._numerics import row_norms, unit_rows
from .._progress import progress_bar
from ..errors import ParameterError
from ..results import ResultMixin, Summary
from ._base import DiachronicError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from .series import DiachronicEmbedding


def orthogonal_procrustes(a: np.ndarray, b: np.ndarray, *, check_finite: bool = True) -> tuple[np.ndarray, float]:
    """The orthogonal matrix ``R`` minimising ``‖a R − b‖_F`` (Schönemann 1966).

    Same contract as :func:`scipy.linalg.orthogonal_procrustes`: returns ``(R, scale)``
    with ``scale`` the sum of the singular values of ``aᵀ b``. The ``d × d`` cross
    product is formed with one BLAS call in the inputs' precision and decomposed in
    float64.

    Parameters
    ----------
    a, b : ndarray, shape (m, d)
        Matched rows (anchor words) of the source and target periods.
    check_finite : bool
        Reject NaN/inf (e.g. an absent word's masked row among the anchors).

    Examples
    --------
    >>> from wordvec.diachronic.synthetic import random_rotation
    >>> a = np.random.default_rng(0).normal(size=(20, 3))
    >>> q = random_rotation(3, seed=2)
    >>> r, scale = orthogonal_procrustes(a, a @ q)
    >>> bool(np.allclose(r, q))
    True
    """
    a = np.asarray(a)
    b = np.asarray(b)
    if a.ndim != 2 or b.ndim != 2:
        raise DiachronicError(f"Procrustes needs 2-D matrices, got shapes {a.shape} and {b.shape}")
    if a.shape != b.shape:
        raise DiachronicError(f"Procrustes needs matrices of the same shape, got {a.shape} and {b.shape}")
    if a.shape[0] == 0:
        raise DiachronicError("Procrustes needs at least one anchor row")
    if check_finite and not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise DiachronicError("Procrustes input holds NaN/inf (an absent word among the anchors?)")
    m = np.asarray(a.T @ b, dtype=np.float64)
    u, w, vt = np.linalg.svd(m)
    dtype = np.result_type(a.dtype, b.dtype, np.float32)
    return (u @ vt).astype(dtype, copy=False), float(w.sum())


@dataclass
class Alignment(ResultMixin):
    """How a series was aligned: rotations and residuals per period.

    Attributes
    ----------
    rotations : dict period → ndarray (d, d)
        ``aligned[t] = preprocessed[t] @ rotations[t]`` (identity for the reference).
    residuals : DataFrame
        Per period: ``target`` period, ``anchors`` used, ``residual`` ``‖A R − B‖_F``,
        ``relative_residual`` (÷ ``‖B‖_F``), ``residual_before`` (``‖A − B‖_F``) and
        ``anchor_cosine`` (mean cosine of anchors to their target after rotation).
    """

    method: str
    reference: Hashable
    center: bool
    normalize: bool
    anchors: str
    rotations: dict = field(repr=False)
    residuals: pd.DataFrame = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        return self.residuals.copy()

    def summary(self) -> Summary:
        return Summary(
            "Orthogonal Procrustes alignment",
            {"method": self.method, "reference period": self.reference, "anchors": self.anchors,
             "mean-centred": self.center, "unit-normalised": self.normalize},
            [self.residuals],
            ["residual = ‖A R − B‖_F over the anchor words; a large relative residual means the periods' "
             "geometries differ beyond a rotation (or few anchors)"],
        )

    def plot(self, ax: Axes | None = None) -> Axes:
        """Relative residual per aligned period."""
        from ..plot import get_ax

        ax = get_ax(ax)
        df = self.residuals.dropna(subset=["relative_residual"])
        ax.bar([str(p) for p in df["period"]], df["relative_residual"], color="#55a868")
        ax.set_xlabel("period")
        ax.set_ylabel("relative Procrustes residual ‖AR−B‖/‖B‖")
        ax.set_title(f"Alignment residuals ({self.method}, reference {self.reference})")
        return ax


def _preprocess(x: np.ndarray, present: np.ndarray, center: bool, normalize: bool) -> np.ndarray:
    """Length-normalise, mean-centre, length-normalise (Schlechtweg et al. 2019), on present rows."""
    out = np.array(x, dtype=np.float32, copy=True)
    for t in range(out.shape[0]):
        full = bool(present[t].all())
        rows = None if full else np.flatnonzero(present[t])
        v = out[t] if full else out[t, rows]  # a view when every word is present: no gather/scatter
        if normalize:
            unit_rows(v, v.dtype, inplace=True)
        if center:
            v -= v.mean(axis=0, keepdims=True)
            if normalize:
                unit_rows(v, v.dtype, inplace=True)
        if not full:
            out[t, rows] = v
    return out


def _anchor_rows(series: DiachronicEmbedding, anchors) -> tuple[np.ndarray | None, int | None, str]:
    """(explicit anchor rows or None, top-k or None, description)."""
    if anchors is None:
        return None, None, "all shared words"
    if isinstance(anchors, (int, np.integer)) and not isinstance(anchors, bool):
        if anchors < 1:
            raise DiachronicError(f"anchors={anchors}: need at least one anchor word")
        return None, int(anchors), f"top-{int(anchors)} frequent shared words"
    words = [anchors] if isinstance(anchors, str) else list(anchors)
    if not words:
        raise DiachronicError("the anchor word list is empty")
    return series.indices(words), None, f"{len(words)} given anchor words"


def align(
    series: DiachronicEmbedding,
    *,
    method: str = "chain",
    reference: Hashable | None = None,
    anchors: int | Sequence[str] | None = None,
    center: bool = False,
    normalize: bool = True,
    progress: bool | None = None,
) -> DiachronicEmbedding:
    """Rotate every period into one coordinate system by orthogonal Procrustes.

    Parameters
    ----------
    series : DiachronicEmbedding
    method : {"chain", "reference"}
        ``"chain"`` (HistWords): each period is aligned to its already-aligned
        neighbour, walking outwards from ``reference`` (default: the first period).
        ``"reference"``: every period is aligned directly to ``reference`` (default:
        the last period, as in onomasiological studies).
    anchors : None, int or list of str
        Words the rotation is fitted on: all words present in both periods (None), the
        ``k`` most frequent of them (int; the series is ordered by average frequency),
        or an explicit list (each pair uses the listed words present in both).
    center : bool
        Mean-centre every period before aligning (helps, per Schlechtweg et al. 2019).
    normalize : bool
        Unit-normalise rows first (HistWords does); the aligned series keeps them so.

    Returns
    -------
    DiachronicEmbedding
        The aligned series; ``.alignment`` holds the :class:`Alignment` (rotations,
        residuals).

    Raises
    ------
    DiachronicError
        When two periods to be aligned share no (anchor) word.

    References
    ----------
    Schönemann, P. H. (1966). A generalized solution of the orthogonal Procrustes problem.
    Hamilton, W. L., Leskovec, J. & Jurafsky, D. (2016). Diachronic word embeddings reveal
    statistical laws of semantic change. ACL.
    Schlechtweg, D. et al. (2019). A wind of change: detecting and evaluating lexical
    semantic change across times and domains. ACL.

    Examples
    --------
    >>> from wordvec.diachronic import synthetic
    >>> planted = synthetic.planted_shift_embeddings(n_words=300, dim=10, n_planted=5, seed=1)
    >>> aligned = align(planted.series)
    >>> aligned.aligned, bool(aligned.alignment.residuals["anchor_cosine"].min() > 0.9)
    (True, True)
    """
    import pandas as pd

    if method not in ("chain", "reference"):
        raise ParameterError(f"method must be 'chain' or 'reference', got {method!r}")
    T = len(series.periods)
    ref = series.period_index(reference) if reference is not None else (0 if method == "chain" else T - 1)
    explicit, topk, desc = _anchor_rows(series, anchors)
    x = _preprocess(series.vectors, series.present, center, normalize)
    out = np.empty_like(x)  # every period is written below (absent rows stay NaN through the matmul)
    out[ref] = x[ref]
    d = series.dim
    rotations = {series.periods[ref]: np.eye(d, dtype=np.float32)}
    rows_out = [dict(period=series.periods[ref], target=None, anchors=int(series.present[ref].sum()),
                     residual=0.0, relative_residual=0.0, residual_before=0.0, anchor_cosine=1.0)]
    if method == "chain":
        order = [(t, t - 1) for t in range(ref + 1, T)] + [(t, t + 1) for t in range(ref - 1, -1, -1)]
    else:
        order = [(t, ref) for t in range(T) if t != ref]
    for t, target in progress_bar(order, desc="align", progress=progress):
        both = series.present[t] & series.present[target]
        if explicit is not None:
            rows = explicit[both[explicit]]
        else:
            rows = np.flatnonzero(both)
            if topk is not None:
                rows = rows[:topk]
        if len(rows) == 0:
            raise DiachronicError(
                f"periods {series.periods[t]!r} and {series.periods[target]!r} share no "
                f"{'anchor ' if anchors is not None else ''}words: cannot align them")
        full = len(rows) == x.shape[1]
        a = x[t] if full else x[t, rows]
        b = out[target] if full else out[target, rows]
        r, scale = orthogonal_procrustes(a, b, check_finite=False)  # anchors are present rows: finite
        np.matmul(x[t], r, out=out[t])
        ar = out[t] if full else out[t, rows]
        # Diagnostics from row norms and dots: ‖AR − B‖² = ‖A‖² + ‖B‖² − 2 tr(Rᵀ AᵀB) = ‖A‖² + ‖B‖² − 2·scale.
        na, nb = row_norms(a).astype(np.float64), row_norms(b).astype(np.float64)
        a2, b2 = float(na @ na), float(nb @ nb)
        res = float(np.sqrt(max(a2 + b2 - 2 * scale, 0.0)))
        before = float(np.sqrt(max(a2 + b2 - 2 * float(np.einsum("ij,ij->i", a, b).sum(dtype=np.float64)), 0.0)))
        cos = np.einsum("ij,ij->i", ar, b) / np.maximum(na * nb, 1e-12)
        rotations[series.periods[t]] = r
        rows_out.append(dict(period=series.periods[t], target=series.periods[target], anchors=len(rows), residual=res,
                             relative_residual=res / np.sqrt(b2) if b2 else np.nan,
                             residual_before=before, anchor_cosine=float(cos.mean())))
    residuals = pd.DataFrame(rows_out)
    residuals["_o"] = residuals["period"].map({p: i for i, p in enumerate(series.periods)})
    residuals = residuals.sort_values("_o").drop(columns="_o").reset_index(drop=True)
    aligned = series.with_vectors(out, _trusted=True, aligned=True)
    aligned.alignment = Alignment(method, series.periods[ref], center, normalize, desc, rotations, residuals)
    return aligned
