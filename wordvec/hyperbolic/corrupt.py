"""A refinement benchmark without external data: corrupt a gold taxonomy, refine it, score it.

Moves a share of edges to random wrong parents and detaches a share of leaf terms
(seeded), trains a Poincaré model on the *context* hierarchy with every gold edge the
corruption destroyed held out, and compares edge P/R/F1 and the cumulative
Fowlkes–Mallows measure before and after :func:`~wordvec.hyperbolic.refine`.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..errors import EmptyInputError, ParameterError
from ..results import ResultMixin, Summary
from .metrics import edge_scores, fowlkes_mallows
from .model import PoincareModel
from .refine import Refinement, refine
from .taxonomy import Taxonomy

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Corruption:
    """A corrupted taxonomy and exactly what was done to it."""

    taxonomy: Taxonomy
    vocabulary: list
    moved: list   # (child, gold parent, wrong parent)
    detached: list  # (term, gold parents)

    @property
    def destroyed_edges(self) -> list[tuple[str, str]]:
        """Gold edges no longer in the corrupted taxonomy."""
        return [(c, p) for c, p, _ in self.moved] + [(t, p) for t, ps in self.detached for p in ps]


def corrupt(gold: Taxonomy, move: float = 0.2, detach: float = 0.1, seed: int = 0) -> Corruption:
    """Move ``move`` of the edges to random wrong parents and remove ``detach`` of the terms.

    Detached terms are leaves (so no subtree is orphaned) and stay in the returned
    vocabulary; a wrong parent is any term other than the child, its gold parents and its
    current descendants (so the corrupted taxonomy stays acyclic).
    """
    if not (0 <= move < 1 and 0 <= detach < 1):
        raise ParameterError(f"corrupt: move and detach must be fractions in [0, 1), got move={move!r}, detach={detach!r}")
    if gold.n_edges == 0:
        raise EmptyInputError("cannot corrupt a taxonomy without edges")
    gold.check_acyclic("the gold taxonomy")
    rng = np.random.default_rng(seed)
    nodes = gold.nodes
    leaves = [n for n in gold.leaves if gold.parents(n)]
    n_det = int(round(detach * len(nodes)))
    det = [leaves[i] for i in sorted(rng.choice(len(leaves), size=min(n_det, len(leaves)), replace=False))]
    det_set = set(det)
    movable = [e for e in gold.edges if e[0] not in det_set]
    n_mov = int(round(move * gold.n_edges))
    pick = sorted(rng.choice(len(movable), size=min(n_mov, len(movable)), replace=False))
    remaining = [n for n in nodes if n not in det_set]
    tax = gold.with_edges(remove_nodes=det_set)
    moved = []
    for i in pick:
        c, p = movable[i]
        # checked against the taxonomy corrupted so far, so that moves together make no cycle
        banned = tax.descendants(c) | {c} | set(gold.parents(c)) | set(tax.parents(c))
        while True:
            w = remaining[rng.integers(len(remaining))]
            if w not in banned:
                break
        moved.append((c, p, w))
        tax = tax.with_edges(add=[(c, w)], remove=[(c, p)])
    tax.meta = {**gold.meta, "corrupted": {"move": move, "detach": detach, "seed": seed}}
    return Corruption(tax, list(nodes), moved, [(t, gold.parents(t)) for t in det])


@dataclass
class BenchmarkResult(ResultMixin):
    """Scores of the gold vs. the corrupted and the refined taxonomy."""

    name: str
    corruption: Corruption
    refinement: Refinement
    table: pd.DataFrame
    diagnostics: pd.DataFrame
    model_meta: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.table

    def summary(self) -> Summary:
        c = self.corruption
        info = {"domain": self.name, "gold terms": len(c.vocabulary), "edges moved": len(c.moved),
                "terms detached": len(c.detached), "model": ", ".join(f"{k}={v}" for k, v in self.model_meta.items())}
        return Summary("Refinement benchmark: corrupted vs refined taxonomy", info, tables=[self.table, self.diagnostics])

    def plot(self, ax=None):
        from ..plot import get_ax

        ax = get_ax(ax)
        t = self.table.set_index("taxonomy")[["precision", "recall", "F1", "ancestor F1", "FM"]]
        t.T.plot.bar(ax=ax, rot=0)
        ax.set_ylim(0, 1)
        ax.set_title(self.name)
        return ax


def corruption_benchmark(gold: Taxonomy, context: Taxonomy | None = None, *, move: float = 0.2, detach: float = 0.1,
                         seed: int = 0, model: PoincareModel | None = None, name: str | None = None,
                         holdout: bool = True, corruption: Corruption | None = None,
                         embedding=None, refine_options: dict | None = None) -> BenchmarkResult:
    """Corrupt ``gold``, refine it with a Poincaré model of ``context`` minus the destroyed edges, score both.

    Parameters
    ----------
    gold : Taxonomy — the gold domain taxonomy (e.g. a WordNet subtree).
    context : Taxonomy, optional — the hierarchy the model is trained on (default: ``gold``);
        e.g. the domain subtrees plus their ancestors. The model is trained on its closure
        minus every gold edge the corruption destroyed (:func:`training_closure`), so it never
        sees them.
    model : PoincareModel, optional — its hyper-parameters (default ``PoincareModel(dim=10, learning_rate=0.3, negatives=20)``:
        at the default learning rate 1.0 the leaves of these closures freeze near the boundary, and a leaf's
        direct parent is its nearest linked term only a quarter of the time, against three quarters at 0.3).
    holdout : bool
        Remove the destroyed gold edges from the training context (default). ``False`` is the
        setting of Aly et al. (2019), whose WordNet model contained the gold edges.
    corruption, embedding : optional
        A ready corruption of ``gold`` and a model already trained without its destroyed
        edges (to share one model between several domains); ``context``/``model`` are then unused.
    refine_options : dict, optional
        Keyword arguments of :func:`~wordvec.hyperbolic.refine` (e.g. ``{"parent_rule": "rank"}``
        for the rule of Aly et al. 2019).

    Returns
    -------
    BenchmarkResult
        ``table``: edges, correct, precision, recall, F1, the same over ancestor (closure)
        edges — hierarchical P/R/F1 (Kiritchenko et al. 2005) — and cumulative Fowlkes–Mallows
        of the corrupted and the refined taxonomy; ``diagnostics``: how many corrupted edges
        were flagged as outliers, how many correct edges were (false alarms), and where the
        moved and detached terms ended up (gold parent, another gold ancestor, elsewhere).
    """
    import pandas as pd

    corr = corruption if corruption is not None else corrupt(gold, move=move, detach=detach, seed=seed)
    if embedding is None:
        context = gold if context is None else context
        held = set(corr.destroyed_edges) if holdout else set()
        model = copy.copy(model) if model is not None else PoincareModel(dim=10, learning_rate=0.3, negatives=20, seed=seed)
        model.closure = False  # the training set is already a (pruned) closure
        emb = model.fit(training_closure(context, held))
        meta = {"dim": model.dim, "epochs": model.epochs, "held-out edges": len(held),
                "training edges": model.relations_.n_edges}
    else:
        emb = embedding
        meta = {k: emb.meta[k] for k in ("dim", "epochs", "n_relations") if k in emb.meta}
    root = gold.roots[0] if len(gold.roots) == 1 else None
    ref = refine(corr.taxonomy, emb, vocabulary=corr.vocabulary, root=root, **(refine_options or {}))
    rows = []
    gold_closure = gold.closure()
    for label, tax in (("corrupted", corr.taxonomy), ("refined", ref.taxonomy)):
        s = edge_scores(tax, gold)
        fm = fowlkes_mallows(tax, gold)
        anc = edge_scores(tax.closure(), gold_closure)
        rows.append({"taxonomy": label, "edges": s.n_predicted, "correct": s.true_positives, "precision": s.precision,
                     "recall": s.recall, "F1": s.f1, "ancestor P": anc.precision, "ancestor R": anc.recall,
                     "ancestor F1": anc.f1, "FM": fm.cumulative})
    diag = _diagnostics(gold, corr, ref)
    return BenchmarkResult(name or gold.meta.get("name", "taxonomy"), corr, ref, pd.DataFrame(rows), diag, meta)


def training_closure(context: Taxonomy, held_out) -> Taxonomy:
    """The transitive closure of ``context`` without the ``held_out`` (hyponym, hypernym) pairs.

    Only the destroyed pairs themselves are hidden: a term whose parent edge is held out
    still has its edges to the ancestors *above* that parent, as a resource that knows "a
    croissant is some kind of baked goods" without knowing it is a "bread roll". Removing
    the edge before the closure would instead leave a detached leaf with no edge at all.
    """
    held_out = set(held_out)
    clo = context.closure()
    out = clo.with_edges(remove=held_out)
    out.meta["closure"] = False  # no longer closed under transitivity
    return out


def _diagnostics(gold: Taxonomy, corr: Corruption, ref: Refinement) -> pd.DataFrame:
    import pandas as pd

    er = ref.edge_ranks
    flagged = set(zip(er.hyponym[er.outlier], er.hypernym[er.outlier]))
    wrong = {(c, w) for c, _, w in corr.moved}
    right = set(corr.taxonomy.edges) - wrong
    final = ref.taxonomy

    roots = set(gold.roots)

    def placed(terms_parents):
        exact = anc = top = other = 0
        for t, gps in terms_parents:
            ps = set(final.parents(t)) if t in final else set()
            if ps & set(gps):
                exact += 1
            elif ps and ps <= roots:
                top += 1
            elif ps and ps <= gold.ancestors(t):
                anc += 1
            else:
                other += 1
        return exact, anc, top, other

    me, ma, mt, mo = placed([(c, [p]) for c, p, _ in corr.moved])
    de, da, dt, do = placed(corr.detached)
    fin_parents = {c: set(final.parents(c)) if c in final else set() for c, _, _ in corr.moved}
    still = sum(1 for c, p, w in corr.moved if w in fin_parents[c] and p not in fin_parents[c])
    relocated = sum(1 for c, p, w in corr.moved if w not in fin_parents[c] and p not in fin_parents[c])
    final_edges = set(final.edges)
    broken = len(right - final_edges)
    n_m, n_d = max(len(corr.moved), 1), max(len(corr.detached), 1)
    rows = [("moved edges flagged as outliers", len(flagged & wrong), len(wrong)),
            ("correct edges flagged as outliers", len(flagged & right), len(right)),
            ("correct edges broken (not in the refined taxonomy)", broken, len(right)),
            ("moved terms: back at the gold parent", me, n_m), ("moved terms: under a deeper gold ancestor", ma, n_m),
            ("moved terms: under the root", mt, n_m),
            ("moved terms: elsewhere", mo, n_m),
            ("moved terms: still at the wrong parent", still, n_m),
            ("moved terms: relocated to another wrong parent", relocated, n_m),
            ("detached terms: at the gold parent", de, n_d), ("detached terms: under a deeper gold ancestor", da, n_d),
            ("detached terms: under the root", dt, n_d),
            ("detached terms: elsewhere or not attached", do, n_d)]
    return pd.DataFrame([(a, b, c, b / c if c else np.nan) for a, b, c in rows], columns=["what", "count", "of", "share"])
