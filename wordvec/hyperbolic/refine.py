"""Taxonomy refinement with Poincaré embeddings (Aly et al. 2019).

References
----------
Aly, Acharya, Ossa, Köhn, Biemann & Panchenko (2019), "Every child should have parents: a
taxonomy refinement algorithm based on hyperbolic term embeddings", ACL.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import EmptyInputError, OOVError
from ..results import ResultMixin, Summary
from .geometry import pairwise_distances
from .model import as_taxonomy
from .poincare_embedding import PoincareEmbedding
from .taxonomy import Taxonomy

REPORT_COLUMNS = ["step", "action", "hyponym", "old_hypernym", "new_hypernym", "rank", "threshold", "reason"]


def compound_head(term: str, head: str = "last") -> str | None:
    """The head of a multi-word term (``apple pie`` → ``pie`` for ``head="last"``), else None."""
    toks = term.replace("_", " ").split()
    if len(toks) < 2:
        return None
    return toks[-1] if head == "last" else toks[0]


class TermDistances:
    """Poincaré distances between *terms*, each term standing for one or more embedding keys.

    The distance of two terms is the minimum over their keys (Aly et al. 2019 match a term
    to every WordNet synset holding it as a lemma and keep the best rank).
    """

    def __init__(self, model: PoincareEmbedding, terms: Sequence[str], synonyms: Mapping[str, Sequence[str]] | None = None):
        keys, owner = [], []
        self.embedded: list[str] = []
        for t in dict.fromkeys(terms):
            cands = synonyms.get(t, ()) if synonyms is not None else (t, t.replace(" ", "_"))
            ks = [k for k in dict.fromkeys(cands) if k in model]
            if ks:
                owner += [len(self.embedded)] * len(ks)
                keys += ks
                self.embedded.append(t)
        self.index = {t: i for i, t in enumerate(self.embedded)}
        if not keys:
            self.D = np.zeros((0, 0))
            return
        pts = model.points[model.indices(keys)] if isinstance(model, PoincareEmbedding) else np.asarray(model[keys], float)
        D = pairwise_distances(pts)
        starts = np.flatnonzero(np.r_[True, np.diff(owner) != 0])
        D = np.minimum.reduceat(np.minimum.reduceat(D, starts, axis=0), starts, axis=1)
        np.fill_diagonal(D, np.inf)
        self.D = D
        self._sorted = np.sort(D, axis=1)

    def __contains__(self, term: str) -> bool:
        return term in self.index

    def rank(self, child: str, parents: Sequence[str]) -> np.ndarray:
        """``1 +`` number of vocabulary terms closer to ``child`` than each parent."""
        i = self.index[child]
        d = self.D[i, [self.index[p] for p in parents]]
        return np.searchsorted(self._sorted[i], d, side="left") + 1.0


@dataclass
class Refinement(ResultMixin):
    """Result of :func:`refine`: the refined taxonomy and an auditable report.

    Attributes
    ----------
    taxonomy : Taxonomy — the refined taxonomy.
    report : DataFrame — one row per edge removed, moved or added: ``step``, ``action``,
        ``hyponym``, ``old_hypernym``, ``new_hypernym``, ``rank``, ``threshold``, ``reason``.
    edge_ranks : DataFrame — every edge of the cleaned input with its Poincaré rank and outlier flag.
    mean_rank : float — the outlier threshold (mean rank of the scored edges).
    unembedded : list of str — terms without a point in the model (reported, never silently dropped).
    """

    taxonomy: Taxonomy
    report: pd.DataFrame
    edge_ranks: pd.DataFrame
    mean_rank: float
    root: str
    unembedded: list = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        return self.report

    def summary(self) -> Summary:
        counts = self.report.groupby(["step", "action"]).size().rename("edges").reset_index()
        info = {"root": self.root, "terms": len(self.taxonomy), "edges": self.taxonomy.n_edges,
                "outlier threshold (mean rank)": f"{self.mean_rank:.2f}",
                "edges scored": int(self.edge_ranks["rank"].notna().sum()),
                "terms without embedding": len(self.unembedded)}
        return Summary("Taxonomy refinement (Aly et al. 2019)", info, tables=[counts])

    def plot(self, ax=None):
        """Histogram of the edges' Poincaré ranks with the outlier threshold."""
        from ..plot import get_ax

        ax = get_ax(ax)
        r = self.edge_ranks["rank"].dropna()
        bins = np.unique(np.geomspace(1, max(2, r.max()) + 1, 30).astype(int))
        ax.hist(r, bins=bins)
        ax.axvline(self.mean_rank, color="C3", ls="--", label=f"mean rank {self.mean_rank:.1f} (outliers above)")
        ax.set_xscale("log")
        ax.set_xlabel("rank(child, parent)")
        ax.set_ylabel("edges")
        ax.legend()
        return ax


def refine(taxonomy, model: PoincareEmbedding, vocabulary: Iterable[str] | None = None, *, root: str | None = None,
           synonyms: Mapping[str, Sequence[str]] | None = None, head: str = "last", attach_missing: bool = True) -> Refinement:
    """Refine a noisy taxonomy with Poincaré embeddings (Aly et al. 2019).

    1. Break cycles (DFS back edges); drop the terms above the domain ``root``; link the top
       term of every other component to the root.
    2. Score every edge by ``rank(child, parent)`` = 1 + number of vocabulary terms closer
       to the child than the parent; edges ranked above the mean rank are outliers (edges whose
       parent is the child's compound head are never outliers).
    3. Remove the outliers; re-attach each orphan to the existing parent term (a term with
       children) of lowest rank, or — if it has no embedding — to its compound head when that
       is a taxonomy term, else to the root.
    4. Attach missing ``vocabulary`` terms to their lowest-rank parent when that rank is at most
       the mean rank (compound-head fallback for terms without embedding); clean again (1).

    Parameters
    ----------
    taxonomy : Taxonomy or (hyponym, hypernym) pairs
    model : PoincareEmbedding
        Trained on WordNet or on noisy hypernym pairs.
    vocabulary : iterable of str, optional
        The domain terms (taxonomy terms are always included).
    root : str, optional
        The domain root; default: the root with the most descendants.
    synonyms : mapping term → embedding keys, optional
        E.g. a lemma → its WordNet synsets (the distance of two terms is the minimum over keys).
        Default: the term itself or with spaces replaced by underscores.
    head : {"last", "first"}
        Which token of a multi-word term is its head.
    attach_missing : bool
        Run step 4.
    """
    tax = as_taxonomy(taxonomy)
    if not len(tax):
        raise EmptyInputError("cannot refine an empty taxonomy")
    if head not in ("last", "first"):
        raise ValueError(f"head must be 'last' or 'first', not {head!r}")
    vocab = list(dict.fromkeys(vocabulary)) if vocabulary is not None else []
    rows: list[dict] = []

    def log(step, action, c, old, new, rank=np.nan, thr=np.nan, reason=""):
        rows.append(dict(step=step, action=action, hyponym=c, old_hypernym=old, new_hypernym=new, rank=rank,
                         threshold=thr, reason=reason))

    # ---- 1. cycles, terms above the root, disconnected components
    if root is None:
        acyclic, _ = tax.remove_cycles()
        root = max(acyclic.roots, key=lambda r: (len(acyclic.descendants(r)), -acyclic.nodes.index(r)))
    elif root not in tax:
        raise OOVError([root], where="the taxonomy (root)")

    def clean(t: Taxonomy, step: str) -> Taxonomy:
        t, removed = t.remove_cycles()
        for c, p in removed:
            log(step, "removed", c, p, None, reason="back edge of a cycle")
        above = t.ancestors(root) - t.descendants(root)
        if above:
            for c, p in t.edges:
                if c in above or c == root:
                    log(step, "removed", c, p, None, reason="edge above the domain root")
            for a in sorted(above):
                log(step, "removed", a, None, None, reason="term above the domain root")
            t = t.with_edges(remove=[(c, p) for c, p in t.edges if c == root], remove_nodes=above)
        links = [(r, root) for r in t.roots if r != root]
        for c, p in links:
            log(step, "added", c, None, p, reason="top of a disconnected component linked to the root")
        return t.with_edges(add=links) if links else t

    tax = clean(tax, "1 clean")
    terms = list(dict.fromkeys(tax.nodes + vocab))
    space = TermDistances(model, terms, synonyms)
    unembedded = [t for t in terms if t not in space]

    # ---- 2. rank every edge
    edges = tax.edges
    ranks = np.full(len(edges), np.nan)
    exempt = np.zeros(len(edges), dtype=bool)
    for i, (c, p) in enumerate(edges):
        if compound_head(c, head) == p:
            exempt[i] = True
        elif c in space and p in space:
            ranks[i] = space.rank(c, [p])[0]
    scored = ~np.isnan(ranks)
    if not scored.any():
        raise OOVError(unembedded[:50], where="the Poincaré model (no edge of the taxonomy could be scored)")
    thr = float(np.nanmean(ranks))
    outlier = scored & (ranks > thr)
    edge_ranks = pd.DataFrame({"hyponym": [c for c, _ in edges], "hypernym": [p for _, p in edges], "rank": ranks,
                               "compound_head": exempt, "outlier": outlier})

    # ---- 3. remove outliers, re-attach orphans
    drop = [edges[i] for i in np.flatnonzero(outlier)]
    tax = tax.with_edges(remove=drop)
    removed_parent = {}
    for c, p in drop:
        removed_parent.setdefault(c, []).append(p)
    candidates = [n for n in tax.inner if n in space] + ([root] if root in space and not tax.children(root) else [])
    for c in removed_parent:
        if tax.parents(c) or c == root:
            for p in removed_parent[c]:
                i = edges.index((c, p))
                log("3 outliers", "removed", c, p, None, ranks[i], thr, "outlier (rank above the mean); child keeps another parent")
            continue
        old = ", ".join(removed_parent[c])
        r_old = float(np.min([ranks[edges.index((c, p))] for p in removed_parent[c]]))
        new, r_new, why = _best_parent(c, tax, space, candidates, root, head)
        tax = tax.with_edges(add=[(c, new)])  # at once, so that later orphans cannot close a cycle through it
        log("3 outliers", "moved" if new not in removed_parent[c] else "kept", c, old, new, r_new, thr,
            f"outlier (rank {r_old:.0f} > mean {thr:.1f}); {why}")

    # ---- 4. missing vocabulary terms
    if attach_missing:
        adds = []
        inner = [n for n in tax.inner if n in space]
        for t in vocab:
            if t in tax:
                continue
            if t in space and inner:
                r = space.rank(t, inner)
                j = int(np.argmin(r))
                if r[j] <= thr:
                    adds.append((t, inner[j]))
                    log("4 missing", "added", t, None, inner[j], r[j], thr, "missing term, lowest-rank parent within the mean rank")
                else:
                    log("4 missing", "skipped", t, None, inner[j], r[j], thr, "missing term: best parent ranked above the mean")
            else:
                h = compound_head(t, head)
                if h is not None and h in tax:
                    adds.append((t, h))
                    log("4 missing", "added", t, None, h, reason="missing term without embedding: compound head")
                else:
                    log("4 missing", "skipped", t, None, None, reason="missing term without embedding and no compound head in the taxonomy")
        tax = tax.with_edges(add=adds)
    tax = clean(tax, "5 clean")
    report = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    tax.meta = {**tax.meta, "refined": "Aly et al. 2019", "root": root}
    return Refinement(tax, report, edge_ranks, thr, root, unembedded)


def _best_parent(c: str, tax: Taxonomy, space: TermDistances, candidates: list[str], root: str, head: str):
    below = tax.descendants(c) | {c}
    cands = [p for p in candidates if p not in below]
    if c in space and cands:
        r = space.rank(c, cands)
        j = int(np.argmin(r))
        return cands[j], float(r[j]), f"re-attached to the lowest-rank parent term (rank {r[j]:.0f})"
    h = compound_head(c, head)
    if h is not None and h in tax and h not in below:
        return h, np.nan, "no embedding: re-attached to its compound head"
    return root, np.nan, "no embedding and no compound head in the taxonomy: attached to the root"
