"""Taxonomy refinement with Poincaré embeddings (Aly et al. 2019).

References
----------
Aly, Acharya, Ossa, Köhn, Biemann & Panchenko (2019), "Every child should have parents: a
taxonomy refinement algorithm based on hyperbolic term embeddings", ACL.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..errors import EmptyInputError, OOVError, ParameterError
from ..results import ResultMixin, Summary
from .geometry import pairwise_distances
from .poincare_embedding import PoincareEmbedding
from .taxonomy import Taxonomy, as_taxonomy

if TYPE_CHECKING:
    import pandas as pd

#: quantile of the trusted edges' intruder counts up to which a flagged edge is kept (parent_rule="specific")
KEEP_QUANTILE = 0.9
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

    def rank_row(self, child: str) -> np.ndarray:
        """:meth:`rank` of every embedded term (in :attr:`embedded` order) for ``child``; the child itself ranks last."""
        i = self.index[child]
        return np.searchsorted(self._sorted[i], self.D[i], side="left") + 1.0


_SENSE = re.compile(r"\.[a-z]\.\d+$")


def term_lemma(term: str) -> str:
    """The words of a term: a WordNet sense suffix dropped, underscores as spaces, lower case.

    Examples
    --------
    >>> term_lemma("Apple_pie.n.01"), term_lemma("apple pie")
    ('apple pie', 'apple pie')
    """
    return " ".join(_SENSE.sub("", term).replace("_", " ").lower().split())


def head_match(child: str, candidates: Sequence[str], head: str = "last") -> np.ndarray:
    """Number of words of each candidate that form the compound head of ``child`` (0: no match).

    A candidate matches when its words (:func:`term_lemma`) are the last (``head="last"``) or
    first (``"first"``) words of the child's, and fewer of them: ``sourdough bread`` →
    ``bread``; ``chocolate ice cream`` → ``ice cream`` (2) and ``cream`` (1).
    """
    words = term_lemma(child).split()
    out = np.zeros(len(candidates), dtype=np.int64)
    for j, c in enumerate(candidates):
        w = term_lemma(c).split()
        if 0 < len(w) < len(words) and (words[-len(w):] if head == "last" else words[:len(w)]) == w:
            out[j] = len(w)
    return out


class _ChainScorer:
    """Intruder counts of the "specific" parent rule (see :func:`refine`).

    For a term ``x`` and a candidate parent ``v`` with chain ``{v} ∪ ancestors(v)`` (in the
    taxonomy ``tax``, embedded terms only), ``intruders(x)[v] = max_{a ∈ chain} rank(x, a) −
    |chain|``: the number of terms off the chain that the model puts nearer to ``x`` than some
    member of the chain. It is 0 when the chain is exactly the set of ``x``'s nearest terms — what
    a Poincaré model trained on a transitive closure (every term linked to all its ancestors)
    gives when ``v`` is an ancestor of ``x``.
    """

    def __init__(self, tax: Taxonomy, space: TermDistances, candidates: Sequence[str]):
        self.space, self.candidates = space, list(candidates)
        self.C = np.zeros((len(self.candidates), len(space.embedded)), dtype=bool)
        for j, v in enumerate(self.candidates):
            self.C[j, [space.index[a] for a in tax.ancestors(v) | {v} if a in space]] = True
        self.length = self.C.sum(axis=1)
        self.col = {v: j for j, v in enumerate(self.candidates)}
        self._rows: dict[str, np.ndarray] = {}

    def intruders(self, x: str) -> np.ndarray:
        if x not in self._rows:
            self._rows[x] = np.where(self.C, self.space.rank_row(x)[None, :], 0.0).max(axis=1) - self.length
        return self._rows[x]

    def of(self, x: str, v: str, tax: Taxonomy) -> float:
        """Intruders of any term ``v`` (not only a candidate) as a parent of ``x``."""
        if v in self.col:
            return float(self.intruders(x)[self.col[v]])
        chain = [self.space.index[a] for a in tax.ancestors(v) | {v} if a in self.space]
        return float(self.space.rank_row(x)[chain].max() - len(chain)) if chain else np.inf

    def combined(self, x: str, kids: Sequence[str]) -> np.ndarray:
        """Intruders for ``x``, or — when lower — the median over ``x``'s children of theirs minus one
        (``x`` itself is the one ancestor of a child that no candidate's chain holds)."""
        s = self.intruders(x)
        kids = [k for k in kids if k in self.space]
        if kids:
            s = np.minimum(s, np.median(np.stack([self.intruders(k) for k in kids]), axis=0) - 1)
        return s


@dataclass
class Refinement(ResultMixin):
    """Result of :func:`refine`: the refined taxonomy and an auditable report.

    Attributes
    ----------
    taxonomy : Taxonomy — the refined taxonomy.
    report : DataFrame — one row per edge removed, moved, kept or added: ``step``, ``action``,
        ``hyponym``, ``old_hypernym``, ``new_hypernym``, ``rank``, ``threshold``, ``reason``.
    edge_ranks : DataFrame — every edge of the cleaned input with its Poincaré rank, outlier flag
        and (``parent_rule="specific"``) its intruder count.
    mean_rank : float — mean rank of the scored edges (Aly et al.'s outlier threshold).
    root : str — the domain root.
    unembedded : list of str — terms without a point in the model (reported, never silently dropped).
    threshold : float — the outlier threshold used (``mean_rank`` for ``outliers="mean"``).
    parent_rule : str — ``"specific"`` or ``"rank"``.
    slack : float — intruders allowed for a plausible parent (``parent_rule="specific"``).
    """

    taxonomy: Taxonomy
    report: pd.DataFrame
    edge_ranks: pd.DataFrame
    mean_rank: float
    root: str
    unembedded: list = field(default_factory=list)
    threshold: float = np.nan
    parent_rule: str = "rank"
    slack: float = np.nan

    def to_frame(self) -> pd.DataFrame:
        return self.report

    def summary(self) -> Summary:
        counts = self.report.groupby(["step", "action"]).size().rename("edges").reset_index()
        thr = self.mean_rank if np.isnan(self.threshold) else self.threshold
        info = {"root": self.root, "terms": len(self.taxonomy), "edges": self.taxonomy.n_edges,
                "parent rule": self.parent_rule,
                "outlier threshold (rank)": f"{thr:.2f} (mean rank {self.mean_rank:.2f})",
                "edges scored": int(self.edge_ranks["rank"].notna().sum()),
                "terms without embedding": len(self.unembedded)}
        if self.parent_rule == "specific":
            info["plausible parent: intruders ≤"] = f"{self.slack:g}"
        return Summary("Taxonomy refinement (Aly et al. 2019)", info, tables=[counts])

    def plot(self, ax=None):
        """Histogram of the edges' Poincaré ranks with the outlier threshold."""
        from ..plot import get_ax

        ax = get_ax(ax)
        r = self.edge_ranks["rank"].dropna()
        thr = self.mean_rank if np.isnan(self.threshold) else self.threshold
        bins = np.unique(np.geomspace(1, max(2, r.max()) + 1, 30).astype(int))
        ax.hist(r, bins=bins)
        ax.axvline(thr, color="C3", ls="--", label=f"outlier threshold {thr:.1f} (outliers above)")
        ax.set_xscale("log")
        ax.set_xlabel("rank(child, parent)")
        ax.set_ylabel("edges")
        ax.legend()
        return ax


def refine(taxonomy: Taxonomy | Iterable[tuple[str, str]], model: PoincareEmbedding, vocabulary: Iterable[str] | None = None, *, root: str | None = None,
           synonyms: Mapping[str, Sequence[str]] | None = None, head: str = "last", attach_missing: bool | str = True,
           parent_rule: str = "specific", outliers: str | float | None = None, slack: float | None = None) -> Refinement:
    """Refine a noisy taxonomy with Poincaré embeddings (Aly et al. 2019).

    1. Break cycles (DFS back edges); drop the terms above the domain ``root``; link the top
       term of every other component to the root.
    2. Score every edge by ``rank(child, parent)`` = 1 + number of vocabulary terms closer
       to the child than the parent; edges ranked above the threshold (``outliers``; the mean
       rank in the paper) are outliers (edges whose parent is the child's compound head never are).
    3. Remove the outliers and re-attach each orphan to a parent term (a term with children)
       chosen by ``parent_rule``, or — if it has no embedding — to its compound head when that
       is a taxonomy term, else to the root.
    4. Attach missing ``vocabulary`` terms (``attach_missing``); clean again (1).

    Parent rules:

    ``"rank"`` (Aly et al. 2019)
        The candidate of lowest ``rank(child, parent)``; in step 4 only when that rank is at most
        the threshold. A model trained on a transitive closure links a term to *all* its
        ancestors alike, so the nearest candidate is often a general one: on corrupted WordNet
        subtrees this rule re-attaches most moved terms to the domain root.
    ``"specific"`` (default)
        The most specific *plausible* candidate. A candidate ``v`` is plausible for a term ``x``
        when its chain ``{v} ∪ ancestors(v)`` is, up to ``slack`` intruders, the set of terms the
        model puts nearest to ``x`` (intruders = ``max rank(x, chain) − |chain|``; for a term
        with children, the median over its children minus one is used when lower: a child's
        nearest terms are its ancestors, which include the orphan's parent). The plausible
        candidate with the longest chain wins (fewest intruders, then lowest rank, break ties);
        a candidate at or below it whose words are the orphan's compound head (``sourdough
        bread`` → ``bread``, WordNet sense suffixes ignored) refines the choice. A flagged edge
        is kept when its parent has no more intruders than 90 % of the unflagged edges
        (:data:`KEEP_QUANTILE`), so a term is relocated only when the model contradicts its
        current parent. Without a plausible candidate: a compound head anywhere
        in the taxonomy, else the lowest-rank candidate. In step 4 a missing term is attached only
        to a plausible parent (or a compound head).

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
    attach_missing : bool or "head"
        Run step 4; ``"head"`` attaches only missing terms whose parent is a compound head.
    parent_rule : {"specific", "rank"}
        How orphans and missing terms find a parent (above).
    outliers : "mean", "median", "tukey" or float, optional
        The outlier threshold on ``rank(child, parent)``: the mean rank of the scored edges (Aly
        et al. 2019), their median, Tukey's upper fence ``Q3 + 1.5 IQR``, or a fixed rank.
        Default: "mean" with ``parent_rule="rank"``, "tukey" with "specific" (the mean is pulled up
        by the outliers themselves: on corrupted WordNet subtrees it misses 10–15 % of the moved
        edges, the fence about 3 %, and flagged edges with a plausible parent are kept anyway).
    slack : float, optional
        Intruders allowed for a plausible parent (``parent_rule="specific"``). Default: the
        median intruder count of the edges that are not outliers, i.e. calibrated on the
        taxonomy's own trusted edges.

    Returns
    -------
    Refinement

    References
    ----------
    Aly, Acharya, Ossa, Köhn, Biemann & Panchenko (2019), "Every child should have parents: a
    taxonomy refinement algorithm based on hyperbolic term embeddings", ACL.
    Nickel & Kiela (2017), "Poincaré embeddings for learning hierarchical representations", NeurIPS.

    Examples
    --------
    >>> from wordvec.hyperbolic import PoincareModel, Taxonomy, refine
    >>> gold = Taxonomy([("dog", "mammal"), ("cat", "mammal"), ("mammal", "animal"), ("trout", "fish"),
    ...                  ("salmon", "fish"), ("fish", "animal")])
    >>> emb = PoincareModel(dim=5, epochs=100, negatives=4, seed=0).fit(gold)
    >>> noisy = gold.with_edges(remove=[("dog", "mammal")], add=[("dog", "fish")])
    >>> refine(noisy, emb, root="animal").taxonomy.parents("dog")
    ['mammal']
    """
    import pandas as pd

    tax = as_taxonomy(taxonomy)
    if not len(tax):
        raise EmptyInputError("cannot refine an empty taxonomy")
    outliers = _check_options(head, parent_rule, attach_missing, outliers)
    vocab = list(dict.fromkeys(vocabulary)) if vocabulary is not None else []
    log = _Report()
    root = _domain_root(tax, root)
    tax = _clean(tax, root, "1 clean", log)
    terms = list(dict.fromkeys(tax.nodes + vocab))
    space = TermDistances(model, terms, synonyms)
    unembedded = [t for t in terms if t not in space]
    sc = _score_edges(tax, space, head, outliers, unembedded)
    kept = tax.with_edges(remove=[sc.edges[i] for i in np.flatnonzero(sc.outlier)])
    candidates = [n for n in kept.inner if n in space] + ([root] if root in space and not kept.children(root) else [])
    scorer = None
    if parent_rule == "specific":
        scorer = _ChainScorer(kept, space, candidates)
        drop, slack = _keep_plausible_flagged(sc, kept, space, scorer, slack, log)
        tax = tax.with_edges(remove=drop)
    else:
        drop, tax = [sc.edges[i] for i in np.flatnonzero(sc.outlier)], kept
    tax = _reattach_orphans(tax, drop, sc, space, scorer, candidates, root, head, slack, log)
    if attach_missing:
        tax = _attach_missing_terms(tax, vocab, space, scorer, root, head, slack, sc.threshold, sc.threshold_name,
                                    attach_missing, log)
    tax = _clean(tax, root, "5 clean", log)
    report = pd.DataFrame(log.rows, columns=REPORT_COLUMNS)
    tax.meta = {**tax.meta, "refined": f"Aly et al. 2019 (parent rule {parent_rule!r})", "root": root}
    return Refinement(tax, report, sc.frame, sc.mean_rank, root, unembedded, sc.threshold, parent_rule,
                      np.nan if slack is None else float(slack))


class _Report:
    """The rows of :attr:`Refinement.report`; calling it logs one decision."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def __call__(self, step: str, action: str, c: str | None, old: str | None, new: str | None, rank: float = np.nan,
                 thr: float = np.nan, reason: str = "") -> None:
        self.rows.append(dict(step=step, action=action, hyponym=c, old_hypernym=old, new_hypernym=new, rank=rank,
                              threshold=thr, reason=reason))


def _check_options(head: str, parent_rule: str, attach_missing: bool | str, outliers: str | float | None) -> str | float:
    """Validate the options of :func:`refine`; returns ``outliers`` with its default resolved."""
    if head not in ("last", "first"):
        raise ParameterError(f"head must be 'last' or 'first', not {head!r}")
    if parent_rule not in ("specific", "rank"):
        raise ParameterError(f"parent_rule must be 'specific' or 'rank', not {parent_rule!r}")
    if attach_missing not in (True, False, "head"):
        raise ParameterError(f"attach_missing must be True, False or 'head', not {attach_missing!r}")
    if outliers is None:
        outliers = "mean" if parent_rule == "rank" else "tukey"
    if not (outliers in ("mean", "median", "tukey") or (isinstance(outliers, (int, float)) and not isinstance(outliers, bool) and outliers > 0)):
        raise ParameterError(f"outliers must be 'mean', 'median', 'tukey' or a positive rank, not {outliers!r}")
    return outliers


def _domain_root(tax: Taxonomy, root: str | None) -> str:
    """``root`` checked, or by default the root (after breaking cycles) with the most descendants."""
    if root is None:
        acyclic, _ = tax.remove_cycles()
        return max(acyclic.roots, key=lambda r: (len(acyclic.descendants(r)), -acyclic.nodes.index(r)))
    if root not in tax:
        raise OOVError([root], where="the taxonomy (root)")
    return root


def _clean(t: Taxonomy, root: str, step: str, log: _Report) -> Taxonomy:
    """Steps 1 and 5 of :func:`refine`: break cycles, drop the terms above ``root``, link other components to it."""
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


@dataclass
class _EdgeScores:
    """Step 2 of :func:`refine`: every edge's rank and outlier flag."""

    edges: list
    ranks: np.ndarray
    outlier: np.ndarray
    mean_rank: float
    threshold: float
    threshold_name: str
    frame: pd.DataFrame


def _score_edges(tax: Taxonomy, space: TermDistances, head: str, outliers: str | float,
                 unembedded: list[str]) -> _EdgeScores:
    """Rank every edge (compound-head edges are exempt) and flag those above the outlier threshold."""
    import pandas as pd

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
    thr, thr_name = _rank_threshold(ranks, outliers)
    outlier = scored & (ranks > thr)
    frame = pd.DataFrame({"hyponym": [c for c, _ in edges], "hypernym": [p for _, p in edges], "rank": ranks,
                          "compound_head": exempt, "outlier": outlier})
    return _EdgeScores(edges, ranks, outlier, float(np.nanmean(ranks)), thr, thr_name, frame)


def _keep_plausible_flagged(sc: _EdgeScores, kept: Taxonomy, space: TermDistances, scorer: _ChainScorer,
                            slack: float | None, log: _Report) -> tuple[list[tuple[str, str]], float]:
    """Rule "specific": keep the flagged edges whose parent the model does not contradict; returns (edges to drop, slack)."""
    edges, outlier, ranks, thr = sc.edges, sc.outlier, sc.ranks, sc.threshold
    s_edges = np.full(len(edges), np.nan)
    for i, (c, p) in enumerate(edges):
        if c in space and p in space:
            s_edges[i] = scorer.of(c, p, kept)
    sc.frame["intruders"] = s_edges
    trusted = s_edges[~outlier & ~np.isnan(s_edges)]
    if slack is None:
        slack = float(np.median(trusted)) if len(trusted) else 0.0
    keep = max(slack, float(np.quantile(trusted, KEEP_QUANTILE)) if len(trusted) else 0.0)
    # a flagged edge whose parent the model does not contradict stays: no more intruders than 90 % of the trusted edges
    plausible = outlier & (s_edges <= keep)
    for i in np.flatnonzero(plausible):
        c, p = edges[i]
        log("3 outliers", "kept", c, p, p, ranks[i], thr,
            f"rank {ranks[i]:.0f} > {sc.threshold_name} {thr:.1f}, but the parent is not contradicted ({s_edges[i]:.0f} intruders ≤ {keep:g}, "
            f"the {KEEP_QUANTILE:.0%} quantile over the other edges)")
    sc.frame["outlier"] = outlier & ~plausible
    sc.frame["flagged_by_rank"] = outlier
    return [edges[i] for i in np.flatnonzero(outlier & ~plausible)], slack


def _reattach_orphans(tax: Taxonomy, drop: list[tuple[str, str]], sc: _EdgeScores, space: TermDistances,
                      scorer: _ChainScorer | None, candidates: list[str], root: str, head: str, slack: float | None,
                      log: _Report) -> Taxonomy:
    """Step 3 of :func:`refine`: log each removed outlier and give every orphan a new parent."""
    edges, ranks, thr, thr_name = sc.edges, sc.ranks, sc.threshold, sc.threshold_name
    removed_parent: dict[str, list[str]] = {}
    for c, p in drop:
        removed_parent.setdefault(c, []).append(p)
    for c in removed_parent:
        if tax.parents(c) or c == root:
            for p in removed_parent[c]:
                i = edges.index((c, p))
                log("3 outliers", "removed", c, p, None, ranks[i], thr,
                    f"outlier (rank above the {thr_name}); child keeps another parent")
            continue
        old = ", ".join(removed_parent[c])
        r_old = float(np.min([ranks[edges.index((c, p))] for p in removed_parent[c]]))
        if scorer is None:
            new, r_new, why = _best_parent(c, tax, space, candidates, root, head)
        else:
            new, r_new, why = _specific_parent(c, tax, space, scorer, root, head, slack, missing=False)
        tax = tax.with_edges(add=[(c, new)])  # at once, so that later orphans cannot close a cycle through it
        log("3 outliers", "moved" if new not in removed_parent[c] else "kept", c, old, new, r_new, thr,
            f"outlier (rank {r_old:.0f} > {thr_name} {thr:.1f}); {why}")
    return tax


def _rank_threshold(ranks: np.ndarray, outliers: str | float) -> tuple[float, str]:
    """The outlier threshold on edge ranks and its name for the report."""
    if outliers == "mean":
        return float(np.nanmean(ranks)), "mean rank"
    if outliers == "median":
        return float(np.nanmedian(ranks)), "median rank"
    if outliers == "tukey":
        q1, q3 = np.nanpercentile(ranks, [25, 75])
        return float(q3 + 1.5 * (q3 - q1)), "Tukey fence"
    return float(outliers), "threshold"


def _attach_missing_terms(tax: Taxonomy, vocab: list[str], space: TermDistances, scorer: _ChainScorer | None,
                          root: str, head: str, slack: float | None, thr: float, thr_name: str,
                          attach_missing: bool | str, log: Callable) -> Taxonomy:
    """Step 4 of :func:`refine`: attach the vocabulary terms absent from the taxonomy, logging each decision."""
    adds = []
    inner = [n for n in tax.inner if n in space]
    for t in vocab:
        if t in tax:
            continue
        if scorer is not None:
            new, r_new, why = _specific_parent(t, tax, space, scorer, root, head, slack, missing=True)
            ok = new is not None and (attach_missing is True or "compound head" in why)
            if ok:
                adds.append((t, new))
            log("4 missing", "added" if ok else "skipped", t, None, new, r_new, thr, f"missing term: {why}")
        elif t in space and inner and attach_missing is True:
            r = space.rank(t, inner)
            j = int(np.argmin(r))
            if r[j] <= thr:
                adds.append((t, inner[j]))
                log("4 missing", "added", t, None, inner[j], r[j], thr, f"missing term, lowest-rank parent within the {thr_name}")
            else:
                log("4 missing", "skipped", t, None, inner[j], r[j], thr, f"missing term: best parent ranked above the {thr_name}")
        else:
            h = compound_head(t, head)
            if h is not None and h in tax:
                adds.append((t, h))
                log("4 missing", "added", t, None, h, reason="missing term: compound head")
            else:
                log("4 missing", "skipped", t, None, None, reason="missing term: no compound head in the taxonomy" +
                    ("" if t in space else " and no embedding"))
    return tax.with_edges(add=adds)


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


def _specific_parent(c: str, tax: Taxonomy, space: TermDistances, scorer: _ChainScorer, root: str, head: str,
                     slack: float, missing: bool):
    """Most specific plausible parent of ``c`` (the ``"specific"`` rule of :func:`refine`): (parent, rank, reason)."""
    cands = scorer.candidates
    below = (tax.descendants(c) | {c}) if c in tax else {c}
    ok = np.array([v not in below for v in cands], dtype=bool)
    heads = head_match(c, cands, head) * ok
    if c in space and ok.any():
        s = scorer.combined(c, tax.children(c) if c in tax else [])
        r = space.rank(c, cands)
        plaus = np.flatnonzero(ok & (s <= slack))
        if len(plaus):
            j = plaus[np.lexsort((r[plaus], s[plaus], -scorer.length[plaus]))[0]]
            why = (f"most specific plausible parent (chain of {scorer.length[j]} terms, {s[j]:.0f} intruders ≤ {slack:g}, "
                   f"rank {r[j]:.0f})")
            v = cands[j]
            sub = [h for h in np.flatnonzero(heads) if cands[h] == v or v in tax.ancestors(cands[h])]
            if sub:
                h = max(sub, key=lambda h: (heads[h], -s[h], -r[h]))
                if h != j:
                    why += f", refined to its compound head {cands[h]!r} below it"
                    j = h
            return cands[j], float(r[j]), why
        if heads.any():
            j = int(np.lexsort((r, -heads))[0])
            return cands[j], float(r[j]), "no plausible parent: compound head"
        if missing:
            j = int(np.flatnonzero(ok)[np.argmin(r[ok])])
            return None, float(r[j]), f"no plausible parent (best by rank {cands[j]!r}, rank {r[j]:.0f}, {s[j]:.0f} intruders > {slack:g})"
        j = int(np.flatnonzero(ok)[np.argmin(r[ok])])
        return cands[j], float(r[j]), f"no plausible parent: lowest-rank parent term (rank {r[j]:.0f}, {s[j]:.0f} intruders)"
    if heads.any():
        j = int(np.argmax(heads))
        return cands[j], np.nan, "no embedding: compound head"
    h = compound_head(c, head)
    if h is not None and h in tax and h not in below:
        return h, np.nan, "no embedding: compound head"
    if missing:
        return None, np.nan, "no embedding and no compound head in the taxonomy"
    return root, np.nan, "no embedding and no compound head in the taxonomy: attached to the root"
