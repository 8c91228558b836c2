"""Reconstruction and link prediction for hierarchy embeddings (Nickel & Kiela 2017, §4.1).

For each node ``u`` with edges ``u → v`` to evaluate, every such ``v`` is ranked by Poincaré
distance among the nodes *not linked to u in either direction* (``u`` excluded); mean rank
is over edges, MAP is the mean over nodes of average precision. Every node is evaluated
(gensim's ``ReconstructionEvaluation`` subsamples with ``max_n``, counts ``u`` itself
and leaves ``u``'s descendants among the negatives; ``gensim_compatible=True``
reproduces its numbers).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .._deprecation import renamed_parameters
from ..errors import EmptyInputError, ParameterError
from ..results import ResultMixin, Summary
from .geometry import pairwise_distances
from .graph import adjacency, directed_adjacency
from .poincare_embedding import PoincareEmbedding
from .taxonomy import Taxonomy, as_taxonomy

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd
    from matplotlib.axes import Axes

    from ..embedding import Embedding


@dataclass
class RankingResult(ResultMixin):
    """Mean rank and MAP of a ranking task, with the per-node and per-edge detail.

    Attributes
    ----------
    task : str
    mean_rank, map : float
    nodes : list of str — the evaluated nodes; ``ap`` their average precision.
    ranks : ndarray — rank of every evaluated edge; ``edge_nodes`` the node it belongs to.
    """

    task: str
    mean_rank: float
    map: float
    nodes: list
    ap: np.ndarray
    ranks: np.ndarray
    edge_nodes: np.ndarray
    notes: list = field(default_factory=list)

    @renamed_parameters(n_boot="n_bootstrap")
    def conf_int(self, alpha: float = 0.05, n_bootstrap: int = 2000, seed: int = 0) -> pd.DataFrame:
        """Percentile bootstrap interval of MAP and mean rank, resampling nodes (with all their edges).

        Returns
        -------
        DataFrame
            Columns ``ci_low``, ``ci_high``; rows ``MAP`` and ``mean_rank``.
        """
        import pandas as pd

        rng = np.random.default_rng(seed)
        n = len(self.nodes)
        per_node_sum = np.bincount(self.edge_nodes, weights=self.ranks, minlength=n)
        per_node_cnt = np.bincount(self.edge_nodes, minlength=n)
        draw = rng.integers(0, n, size=(n_bootstrap, n))
        maps = self.ap[draw].mean(axis=1)
        mrs = per_node_sum[draw].sum(axis=1) / per_node_cnt[draw].sum(axis=1)
        q = [alpha / 2, 1 - alpha / 2]
        return pd.DataFrame({"ci_low": [np.quantile(maps, q[0]), np.quantile(mrs, q[0])],
                             "ci_high": [np.quantile(maps, q[1]), np.quantile(mrs, q[1])]}, index=["MAP", "mean_rank"])

    def to_frame(self) -> pd.DataFrame:
        """One row per evaluated node: ``node``, ``average_precision``, ``n_edges``, ``mean_rank``."""
        import pandas as pd

        n = len(self.nodes)
        cnt = np.bincount(self.edge_nodes, minlength=n)
        mr = np.bincount(self.edge_nodes, weights=self.ranks, minlength=n) / np.maximum(cnt, 1)
        return pd.DataFrame({"node": self.nodes, "average_precision": self.ap, "n_edges": cnt, "mean_rank": mr})

    def summary(self) -> Summary:
        ci = self.conf_int()
        info = {"nodes evaluated": f"{len(self.nodes):,}", "edges ranked": f"{len(self.ranks):,}",
                "mean rank": f"{self.mean_rank:.3f} (95% CI {ci.loc['mean_rank', 'ci_low']:.3f}–{ci.loc['mean_rank', 'ci_high']:.3f})",
                "MAP": f"{self.map:.4f} (95% CI {ci.loc['MAP', 'ci_low']:.4f}–{ci.loc['MAP', 'ci_high']:.4f})"}
        notes = self.notes + ["Intervals: percentile bootstrap over nodes, 2000 resamples, seed 0."]
        return Summary(f"Poincaré {self.task}", info, notes=notes)

    def plot(self, ax: Axes | None = None) -> Axes:
        """Histogram of the ranks (log scale)."""
        from ..plot import get_ax

        ax = get_ax(ax)
        bins = np.unique(np.geomspace(1, max(2, self.ranks.max()) + 1, 30).astype(int))
        ax.hist(self.ranks, bins=bins)
        ax.set_xscale("log")
        ax.set_xlabel("rank of the true neighbour")
        ax.set_ylabel("edges")
        ax.set_title(f"{self.task}: mean rank {self.mean_rank:.2f}, MAP {self.map:.3f}")
        return ax


def _points(embedding: Embedding, words: list[str]) -> np.ndarray:
    pts = embedding.points if isinstance(embedding, PoincareEmbedding) else np.asarray(embedding.vectors, np.float64)
    return pts[embedding.indices(words)]


def rank_edges(embedding: Embedding, positives: Taxonomy, known: Taxonomy | None = None, *, task: str = "ranking",
               gensim_compatible: bool = False, block: int = 256) -> RankingResult:
    """Rank each edge ``u → v`` of ``positives`` against the nodes unrelated to ``u``.

    Parameters
    ----------
    embedding : PoincareEmbedding (or an Embedding whose rows are ball points)
    positives : Taxonomy — the edges whose targets are ranked.
    known : Taxonomy, optional — further edges whose ends count as linked (masked), e.g. training edges.
    gensim_compatible : bool
        gensim's semantics: only ``u``'s own positive targets are masked and ``u`` itself
        counts as a negative (at distance 0).
    """
    nodes = list(dict.fromkeys(positives.nodes + (known.nodes if known is not None else [])))
    if not positives.n_edges:
        raise EmptyInputError(f"{task}: there are no edges to evaluate")
    embedding.indices(nodes)  # one OOVError naming every term without a point
    index = {w: i for i, w in enumerate(nodes)}
    n = len(nodes)
    pts = _points(embedding, nodes)
    pu, pv = positives.edge_arrays(index)
    keep = pu != pv
    pu, pv = pu[keep], pv[keep]
    if gensim_compatible:
        mu, mv = pu, pv
    else:
        mu, mv = pu, pv
        if known is not None:
            ku, kv = known.edge_arrays(index)
            mu, mv = np.concatenate([mu, ku]), np.concatenate([mv, kv])
    indptr, indices = adjacency(n, mu, mv) if not gensim_compatible else directed_adjacency(n, mu, mv)
    order = np.argsort(pu, kind="stable")
    pu, pv = pu[order], pv[order]
    qnodes = np.unique(pu)
    starts = np.searchsorted(pu, qnodes)
    ends = np.searchsorted(pu, qnodes, side="right")
    ranks = np.empty(len(pu), dtype=np.float64)
    ap = np.empty(len(qnodes))
    for b0 in range(0, len(qnodes), block):
        qs = qnodes[b0:b0 + block]
        D = pairwise_distances(pts[qs], pts)
        Dn = D.copy()
        r = np.repeat(np.arange(len(qs)), indptr[qs + 1] - indptr[qs])
        c = np.concatenate([indices[indptr[q]:indptr[q + 1]] for q in qs]) if len(r) else np.zeros(0, np.int64)
        Dn[r, c] = np.inf
        if not gensim_compatible:
            Dn[np.arange(len(qs)), qs] = np.inf
        Dn.sort(axis=1)
        for j, q in enumerate(qs):
            k = b0 + j
            s, e = starts[k], ends[k]
            dpos = D[j, pv[s:e]]
            rk = np.searchsorted(Dn[j], dpos, side="left") + 1.0  # strictly closer negatives + 1
            ranks[s:e] = rk
            srt = np.sort(rk) + np.arange(len(rk))
            ap[k] = np.mean(np.arange(1, len(rk) + 1) / srt)
    edge_nodes = np.searchsorted(qnodes, pu)
    return RankingResult(task, float(ranks.mean()), float(ap.mean()), [nodes[q] for q in qnodes], ap, ranks, edge_nodes)


def reconstruction(embedding: Embedding, taxonomy: Taxonomy | Iterable[tuple[str, str]], *,
                   gensim_compatible: bool = False) -> RankingResult:
    """Reconstruction mean rank and MAP over **all** nodes (Nickel & Kiela 2017, Table 1).

    ``taxonomy`` should be the edges trained on (usually the transitive closure). Each
    ancestor edge ``u → v`` is ranked among the nodes not linked to ``u`` in either
    direction; the symmetric variant that also ranks descendants is not used.

    References
    ----------
    Nickel & Kiela (2017), "Poincaré embeddings for learning hierarchical representations", NeurIPS.

    Examples
    --------
    >>> import numpy as np
    >>> from wordvec.hyperbolic import PoincareEmbedding, Taxonomy
    >>> emb = PoincareEmbedding(["root", "a", "b"], np.array([[0.0, 0.0], [0.5, 0.0], [-0.5, 0.0]]))
    >>> res = reconstruction(emb, Taxonomy([("a", "root"), ("b", "root")]))
    >>> res.map, list(res.conf_int(n_bootstrap=100).columns)
    (1.0, ['ci_low', 'ci_high'])
    """
    tax = as_taxonomy(taxonomy)
    res = rank_edges(embedding, tax, task="reconstruction", gensim_compatible=gensim_compatible)
    res.notes.append("Each node's ancestors ranked among nodes not linked to it in either direction (all nodes evaluated)."
                     if not gensim_compatible else "gensim semantics: the node itself and its descendants count as negatives.")
    return res


def link_prediction(embedding: Embedding, train: Taxonomy | Iterable[tuple[str, str]],
                    test: Taxonomy | Iterable[tuple[str, str]]) -> RankingResult:
    """Rank held-out edges among nodes linked to ``u`` neither in training nor in the test set."""
    train, test = as_taxonomy(train), as_taxonomy(test)
    res = rank_edges(embedding, test, known=train, task="link prediction")
    res.notes.append("Held-out edges ranked among nodes linked to the child neither in training nor in test.")
    return res


def split_edges(closure: Taxonomy, test_size: float = 0.1, seed: int = 0) -> tuple[Taxonomy, Taxonomy]:
    """Split closure edges into train/test, keeping every transitive-reduction edge in train.

    As in Nickel & Kiela (2017), so that the training graph stays connected and the held-out
    edges are exactly those that could be inferred from it.
    """
    if not 0 < test_size < 1:
        raise ParameterError(f"split_edges: test_size must be in (0, 1), got {test_size!r}")
    basic = set(closure.reduction().edges)
    others = [e for e in closure.edges if e not in basic]
    rng = np.random.default_rng(seed)
    n_test = int(round(test_size * closure.n_edges))
    if n_test > len(others):
        raise ParameterError(f"split_edges: test_size={test_size!r} asks for {n_test} held-out edges, but only {len(others)} "
                             "edges are not in the transitive reduction")
    pick = set(rng.choice(len(others), size=n_test, replace=False).tolist())
    test = [e for i, e in enumerate(others) if i in pick]
    train = [e for e in closure.edges if e in basic] + [e for i, e in enumerate(others) if i not in pick]
    return Taxonomy(train, nodes=closure.nodes), Taxonomy(test)
