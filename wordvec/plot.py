"""Matplotlib helpers shared by results' ``.plot()`` methods and the ``analyses/`` gallery.

matplotlib is imported by the functions that draw, not by importing this module.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: One consistent look for the gallery (applied by ``wordvec reproduce``).
STYLE = {
    "figure.dpi": 110,
    "savefig.dpi": 130,
    "savefig.bbox": "tight",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.25,
    "legend.frameon": False,
}


def get_ax(ax=None, figsize: tuple[float, float] = (6.4, 4.2)):
    """Return ``ax`` or a new Axes on a new figure."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def pca_2d(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project rows of ``x`` on their first two principal components; returns (coords, explained ratio)."""
    centred = x - x.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    var = s**2
    return centred @ vt[:2].T, var[:2] / var.sum()


def scatter_words(coords: np.ndarray, labels: Sequence[str], groups: Sequence[int] | None = None, ax=None, title: str | None = None):
    """Labelled 2-D scatter of words, coloured by group."""
    import matplotlib.pyplot as plt

    ax = get_ax(ax, figsize=(7, 6))
    groups = np.zeros(len(labels), dtype=int) if groups is None else np.asarray(groups)
    cmap = plt.get_cmap("tab10")
    for g in np.unique(groups):
        sel = groups == g
        ax.scatter(coords[sel, 0], coords[sel, 1], s=18, color=cmap(g % 10))
    for (x, y), word, g in zip(coords, labels, groups):
        ax.annotate(word, (x, y), fontsize=8, xytext=(3, 2), textcoords="offset points", color=cmap(g % 10))
    if title:
        ax.set_title(title)
    return ax
