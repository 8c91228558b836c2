"""Figures of semantic change: Hamilton et al. (2016) Figure 1-style trajectories."""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from .._numerics import unit_rows
from ..plot import get_ax, pca_2d
from ._base import DiachronicError, nearest_in_period

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .series import DiachronicEmbedding


def plot_trajectory(series: DiachronicEmbedding, word: str, *, k: int = 6, periods: Sequence[Hashable] | None = None,
                    reference: Hashable | None = None, ax: Axes | None = None) -> Axes:
    """A word's positions over time among its neighbours, in a 2-D PCA of the aligned space.

    For every period where ``word`` is present, its ``k`` nearest neighbours *in that
    period* are drawn (coloured by period) at their positions in the ``reference``
    period (default: the last; a neighbour absent there is drawn where it was), and the
    word's own aligned vector in each period is joined by arrows, oldest to newest —
    the layout of Hamilton, Leskovec & Jurafsky (2016), Figure 1 (which used t-SNE; a
    linear projection is used here so that distances are not distorted per point).

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.pyplot as plt

    if not series.aligned:
        raise DiachronicError("a trajectory compares positions across periods: align the series first")
    i = series.index(word)
    ts = [series.period_index(p) for p in periods] if periods is not None else list(range(len(series.periods)))
    ts = [t for t in ts if series.present[t, i]]
    if len(ts) < 2:
        raise DiachronicError(f"{word!r} is present in fewer than two of the chosen periods; no trajectory to draw")
    tref = len(series.periods) - 1 if reference is None else series.period_index(reference)
    own = [series.vectors[t, i] for t in ts]
    neigh_words, neigh_vecs, neigh_period = [], [], []
    for t in ts:
        nn = nearest_in_period(series, t, series.vectors[t, i], k, exclude=i)
        for w in nn["neighbor"]:
            if w in neigh_words:
                continue
            j = series.index(w)
            v = series.vectors[tref, j] if series.present[tref, j] else series.vectors[t, j]
            neigh_words.append(w)
            neigh_vecs.append(v)
            neigh_period.append(t)
    pts = unit_rows(np.vstack(own + neigh_vecs), np.float32)
    coords, ratio = pca_2d(pts)
    ax = get_ax(ax, figsize=(7.5, 6))
    cmap = plt.get_cmap("viridis")
    col = {t: cmap(j / max(1, len(ts) - 1)) for j, t in enumerate(ts)}
    nc = coords[len(own):]
    for (x, y), w, t in zip(nc, neigh_words, neigh_period):
        ax.scatter(x, y, s=14, color=col[t], alpha=0.6)
        ax.annotate(w, (x, y), fontsize=8, color=col[t], xytext=(3, 2), textcoords="offset points")
    oc = coords[:len(own)]
    for j in range(len(oc) - 1):
        ax.annotate("", xy=oc[j + 1], xytext=oc[j], arrowprops=dict(arrowstyle="->", color="black", lw=1.2))
    for (x, y), t in zip(oc, ts):
        ax.scatter(x, y, s=60, color=col[t], edgecolor="black", zorder=3)
        ax.annotate(f"{word} ({series.periods[t]})", (x, y), fontsize=9, fontweight="bold", xytext=(4, -10),
                    textcoords="offset points")
    ax.set_xlabel(f"PC1 ({ratio[0]:.0%})")
    ax.set_ylabel(f"PC2 ({ratio[1]:.0%})")
    ax.set_title(f"{word!r} over time among its neighbours (colour = period of the neighbourhood)")
    return ax
