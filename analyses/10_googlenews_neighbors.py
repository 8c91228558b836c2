"""Nearest neighbours in the word2vec GoogleNews vectors (the 13k-word subset shipped with wordvec).

Mikolov et al. (2013), "Distributed representations of words and phrases and their
compositionality" — the vectors themselves; here we list neighbours of a few probe
words and draw them in the first two principal components.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import wordvec
from wordvec.plot import pca_2d, scatter_words
from wordvec.reproduce import Artifact

TITLE = "Nearest neighbours in word2vec GoogleNews (Mikolov et al. 2013), 13k-word subset"
PROBES = ["king", "doctor", "France", "computer", "happy", "river"]


def run(out: Path, quick: bool = False, progress: bool | None = None) -> list[Artifact]:
    emb = wordvec.datasets.googlenews_subset()
    k = 8
    nn = emb.nearest(PROBES, k=k)
    table = nn.to_frame()
    csv = out / "googlenews_neighbors.csv"
    table.to_csv(csv, index=False)
    print(nn.summary())

    words = [w for q, row in zip(PROBES, nn.words) for w in [q, *row]]
    groups = np.repeat(np.arange(len(PROBES)), k + 1)
    coords, ratio = pca_2d(emb.unit[emb.indices(words)])
    fig, axes = plt.subplots(2, 3, figsize=(12, 7.5))
    for g, (probe, ax) in enumerate(zip(PROBES, axes.ravel())):
        sel = groups == g
        scatter_words(coords[sel], [w for w, s in zip(words, sel) if s], np.full(sel.sum(), g), ax=ax, title=probe)
        ax.margins(0.25)
        ax.set_xlabel(f"PC1 ({ratio[0]:.0%})")
        ax.set_ylabel(f"PC2 ({ratio[1]:.0%})")
    fig.suptitle("GoogleNews word2vec: six probes and their 8 nearest neighbours (shared 2-D PCA of all 54 words)")
    fig.tight_layout()
    png = out / "googlenews_neighbors_pca.png"
    fig.savefig(png)
    plt.close(fig)
    top = {q: row[0] for q, row in zip(PROBES, nn.words)}
    return [
        Artifact(csv, f"The {k} nearest neighbours (cosine) of {len(PROBES)} probe words in the real word2vec GoogleNews vectors "
                      f"(13,013-word subset); e.g. " + ", ".join(f"{q} → {w}" for q, w in top.items()) +
                      ". They equal gensim's `most_similar` on the same vectors (tested)."),
        Artifact(png, "Probes and neighbours projected on the first two principal components of all 54 unit vectors (one panel per probe, "
                      "each zoomed on its neighbourhood; compare the axis ranges): the topical neighbourhoods of Mikolov et al. (2013) occupy distinct regions of one projection."),
    ]
