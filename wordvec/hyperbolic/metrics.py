"""Comparing a taxonomy with a gold standard: edge precision/recall/F1 and the cumulative
Fowlkes–Mallows measure of TExEval.

References
----------
Bordea, Lefever & Buitelaar (2016), "SemEval-2016 Task 13: Taxonomy Extraction Evaluation (TExEval-2)".
Velardi, Navigli, Faralli & Ruiz-Martínez (2012), "A new method for evaluating automatically
learned terminological taxonomies", LREC (the cumulative Fowlkes & Mallows measure).
Fowlkes & Mallows (1983), "A method for comparing two hierarchical clusterings", JASA 78(383).
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..errors import EmptyInputError
from ..results import ResultMixin, Summary
from .taxonomy import Taxonomy, as_taxonomy

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd
    from matplotlib.axes import Axes

    TaxonomyLike = Taxonomy | Iterable[tuple[str, str]]


def _wilson(k: int, n: int, alpha: float) -> tuple[float, float]:
    from scipy import stats

    if n == 0:
        return (np.nan, np.nan)
    z = stats.norm.ppf(1 - alpha / 2)
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (centre - half, centre + half)


@dataclass
class EdgeScores(ResultMixin):
    """Edge-level precision, recall and F1 of a taxonomy against a gold standard.

    ``missing`` are gold edges not predicted, ``extra`` predicted edges not in the gold.
    """

    precision: float
    recall: float
    f1: float
    true_positives: int
    n_predicted: int
    n_gold: int
    missing: list = field(repr=False, default_factory=list)
    extra: list = field(repr=False, default_factory=list)

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Wilson score intervals for precision (over predicted edges) and recall (over gold edges).

        Returns
        -------
        DataFrame
            Columns ``ci_low``, ``ci_high``; rows ``precision`` and ``recall``.
        """
        import pandas as pd

        p = _wilson(self.true_positives, self.n_predicted, alpha)
        r = _wilson(self.true_positives, self.n_gold, alpha)
        return pd.DataFrame({"ci_low": [p[0], r[0]], "ci_high": [p[1], r[1]]}, index=["precision", "recall"])

    def to_frame(self) -> pd.DataFrame:
        """One row per edge that differs: ``hyponym``, ``hypernym``, ``status`` (missing / extra)."""
        import pandas as pd

        rows = [(c, p, "missing") for c, p in self.missing] + [(c, p, "extra") for c, p in self.extra]
        return pd.DataFrame(rows, columns=["hyponym", "hypernym", "status"])

    def summary(self) -> Summary:
        ci = self.conf_int()
        info = {"gold edges": self.n_gold, "predicted edges": self.n_predicted, "correct": self.true_positives,
                "precision": f"{self.precision:.4f} (95% Wilson {ci.loc['precision', 'ci_low']:.3f}–{ci.loc['precision', 'ci_high']:.3f})",
                "recall": f"{self.recall:.4f} (95% Wilson {ci.loc['recall', 'ci_low']:.3f}–{ci.loc['recall', 'ci_high']:.3f})",
                "F1": f"{self.f1:.4f}"}
        return Summary("Edge precision / recall / F1 (TExEval)", info)

    def plot(self, ax: Axes | None = None) -> Axes:
        from ..plot import get_ax

        ax = get_ax(ax, figsize=(4.5, 3.5))
        vals = [self.precision, self.recall, self.f1]
        ax.bar(["precision", "recall", "F1"], vals, color=["C0", "C1", "C2"])
        ci = self.conf_int()
        ax.errorbar([0, 1], vals[:2], yerr=[[vals[0] - ci.ci_low.iloc[0], vals[1] - ci.ci_low.iloc[1]],
                                            [ci.ci_high.iloc[0] - vals[0], ci.ci_high.iloc[1] - vals[1]]], fmt="none", color="k")
        ax.set_ylim(0, 1)
        ax.set_ylabel("score")
        return ax


def edge_scores(predicted: TaxonomyLike, gold: TaxonomyLike, *, lowercase: bool = False) -> EdgeScores:
    """Precision, recall and F1 of ``predicted`` (hyponym, hypernym) edges against ``gold`` (TExEval-2).

    Self-loops are ignored on both sides; with ``lowercase`` terms are compared case-insensitively.

    References
    ----------
    Bordea, Lefever & Buitelaar (2016), "SemEval-2016 Task 13: Taxonomy Extraction Evaluation (TExEval-2)".

    Examples
    --------
    >>> s = edge_scores([("dog", "mammal"), ("cat", "fish")], [("dog", "mammal"), ("cat", "mammal")])
    >>> s.precision, s.recall, list(s.conf_int().columns)
    (0.5, 0.5, ['ci_low', 'ci_high'])
    """
    pred, gold = as_taxonomy(predicted), as_taxonomy(gold)
    norm = (lambda t: t.lower()) if lowercase else (lambda t: t)
    P = {(norm(c), norm(p)) for c, p in pred.edges if c != p}
    G = {(norm(c), norm(p)) for c, p in gold.edges if c != p}
    if not G:
        raise EmptyInputError("the gold taxonomy has no edges")
    tp = len(P & G)
    prec = tp / len(P) if P else 0.0
    rec = tp / len(G)
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return EdgeScores(prec, rec, f1, tp, len(P), len(G), sorted(G - P), sorted(P - G))


@dataclass
class FowlkesMallows(ResultMixin):
    """Cumulative Fowlkes–Mallows measure and its per-level values ``B_l``."""

    cumulative: float
    levels: np.ndarray
    b: np.ndarray
    n_terms: int

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame({"level": self.levels, "B": self.b, "weight": self.levels / max(self.levels.sum(), 1)})

    def summary(self) -> Summary:
        return Summary("Cumulative Fowlkes–Mallows (Velardi et al. 2012)",
                       {"shared terms": self.n_terms, "levels": len(self.levels), "cumulative B": f"{self.cumulative:.4f}"},
                       tables=[self.to_frame()])

    def plot(self, ax: Axes | None = None) -> Axes:
        from ..plot import get_ax

        ax = get_ax(ax)
        ax.plot(self.levels, self.b, marker="o")
        ax.set_xlabel("cut level l (depth below the top)")
        ax.set_ylabel("Fowlkes–Mallows B_l")
        ax.set_ylim(0, 1.02)
        ax.set_title(f"cumulative B = {self.cumulative:.3f}")
        return ax


_TOP = "\0top"


def _clusters(tax: Taxonomy, terms: set[str], level: int, depth: dict[str, int], desc: dict[str, set[str]]) -> list[set[str]]:
    return [c for c in ((({n} | desc[n]) & terms) for n, d in depth.items() if d == level) if c]


def _levels(tax: Taxonomy) -> tuple[dict[str, int], dict[str, set[str]]]:
    tax.check_acyclic()
    # a virtual top above every root, so that a forest is cut like a tree
    children = {n: tax.children(n) for n in tax.nodes}
    children[_TOP] = tax.roots
    depth = {_TOP: 0}
    queue = deque([_TOP])
    while queue:
        n = queue.popleft()
        for c in children[n]:
            if c not in depth:
                depth[c] = depth[n] + 1
                queue.append(c)
    desc: dict[str, set[str]] = {}
    for n in reversed([_TOP] + tax.topological_order()):
        s: set[str] = set()
        for c in children[n]:
            s.add(c)
            s |= desc[c]
        desc[n] = s
    return depth, desc


def _pairs(sizes) -> int:
    return int(sum(s * (s - 1) // 2 for s in sizes))


def fowlkes_mallows(predicted: TaxonomyLike, gold: TaxonomyLike) -> FowlkesMallows:
    """Cumulative Fowlkes–Mallows measure of two taxonomies (Velardi et al. 2012; TExEval).

    Both hierarchies are cut at every level ``l = 1 … k−1`` (``k`` the larger depth, the
    top being a virtual node above all roots): each node at depth ``l`` defines the cluster
    of itself and its descendants, restricted to the terms the two taxonomies share.
    ``B_l = n11 / sqrt(pairs₁ · pairs₂)`` (``n11``: pairs clustered together in both;
    ``B_l = 0`` when one side has no pair) and the cumulative measure weighs level ``l``
    by ``l``: ``B = Σ l·B_l / Σ l`` — the weights ``(i+1)/(k−1)``, normalised, of Velardi et al.
    """
    pred, gold = as_taxonomy(predicted), as_taxonomy(gold)
    terms = set(pred.nodes) & set(gold.nodes)
    if len(terms) < 2:
        raise EmptyInputError(f"the two taxonomies share {len(terms)} term(s); the Fowlkes–Mallows measure needs at least 2")
    (d1, s1), (d2, s2) = _levels(pred), _levels(gold)
    k = max(max(d1.values()), max(d2.values()))
    levels, bs = [], []
    for level in range(1, k):
        c1 = _clusters(pred, terms, level, d1, s1)
        c2 = _clusters(gold, terms, level, d2, s2)
        p1, p2 = _pairs(len(c) for c in c1), _pairs(len(c) for c in c2)
        n11 = _pairs(len(a & b) for a in c1 for b in c2)
        levels.append(level)
        bs.append(n11 / np.sqrt(p1 * p2) if p1 and p2 else 0.0)
    levels_a, b = np.array(levels, dtype=float), np.array(bs)
    cum = float((levels_a * b).sum() / levels_a.sum()) if len(levels) else 0.0
    return FowlkesMallows(cum, levels_a.astype(int), b, len(terms))
