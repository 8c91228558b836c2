"""The :class:`Taxonomy` type: a directed graph of child → parent (hyponym → hypernym) edges.

A taxonomy may be a tree (TExEval gold standards) or a DAG (WordNet, where a synset can
have several hypernyms); noisy induced taxonomies may even contain cycles, which
:meth:`Taxonomy.find_cycles` reports and :meth:`Taxonomy.remove_cycles` breaks.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..errors import EmptyInputError, OOVError, ParameterTypeError, WordvecError
from .writers import write_edges

if TYPE_CHECKING:
    import pandas as pd


class TaxonomyError(WordvecError, ValueError):
    """A taxonomy's content is not what an operation needs (a malformed edge, a cycle, not a tree)."""


class CycleError(TaxonomyError):
    """A taxonomy has a cycle where an acyclic graph (or a tree) is required."""

    def __init__(self, cycle: Sequence[str], what: str = "the taxonomy"):
        self.cycle = list(cycle)
        shown = " → ".join(repr(n) for n in self.cycle[:12])
        more = " → …" if len(self.cycle) > 12 else ""
        super().__init__(f"{what} has a cycle ({len(self.cycle)} node(s)): {shown}{more} → {self.cycle[0]!r}; "
                         "break it with Taxonomy.remove_cycles()")


class NotATreeError(TaxonomyError):
    """A taxonomy is not a tree where one is required (several parents or several roots)."""


class Taxonomy:
    """Hyponym → hypernym edges between terms (strings), with graph operations.

    Parameters
    ----------
    edges : iterable of (child, parent) pairs
        Each pair says ``parent`` is a hypernym of ``child``. Repeated pairs are kept once
        (their number is in ``meta["duplicate_edges"]``).
    nodes : iterable of str, optional
        Extra isolated terms (terms without any edge).
    meta : dict, optional
        Provenance (source file, name).

    Examples
    --------
    >>> t = Taxonomy([("dog", "mammal"), ("cat", "mammal"), ("mammal", "animal")])
    >>> t.roots, t.depth()["dog"]
    (['animal'], 2)
    >>> sorted(t.closure().edges)[:2]
    [('cat', 'animal'), ('cat', 'mammal')]
    """

    def __init__(self, edges: Iterable[tuple[str, str]] = (), nodes: Iterable[str] = (), meta: dict | None = None):
        self.meta = dict(meta or {})
        parents: dict[str, list[str]] = {}
        children: dict[str, list[str]] = {}
        seen: set[tuple[str, str]] = set()
        dups = 0
        for pair in edges:
            if len(pair) != 2:
                raise TaxonomyError(f"an edge must be a (child, parent) pair, got {pair!r}")
            c, p = str(pair[0]), str(pair[1])
            if (c, p) in seen:
                dups += 1
                continue
            seen.add((c, p))
            parents.setdefault(c, []).append(p)
            parents.setdefault(p, [])
            children.setdefault(p, []).append(c)
            children.setdefault(c, [])
        for n in nodes:
            n = str(n)
            parents.setdefault(n, [])
            children.setdefault(n, [])
        if dups:
            self.meta["duplicate_edges"] = dups
        self._parents = parents
        self._children = children

    # ----------------------------------------------------------------- basics
    @property
    def nodes(self) -> list[str]:
        """All terms, in order of first appearance."""
        return list(self._parents)

    @property
    def edges(self) -> list[tuple[str, str]]:
        """(child, parent) pairs."""
        return [(c, p) for c, ps in self._parents.items() for p in ps]

    def __len__(self) -> int:
        return len(self._parents)

    @property
    def n_edges(self) -> int:
        return sum(len(ps) for ps in self._parents.values())

    def __contains__(self, term: object) -> bool:
        return term in self._parents

    def __iter__(self) -> Iterator[str]:
        return iter(self._parents)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Taxonomy):
            return NotImplemented
        return set(self.nodes) == set(other.nodes) and set(self.edges) == set(other.edges)

    def __repr__(self) -> str:
        name = self.meta.get("name") or self.meta.get("source")
        extra = f", {name!r}" if name else ""
        return f"<Taxonomy {len(self):,} terms, {self.n_edges:,} edges, {len(self.roots)} root(s){extra}>"

    def _check(self, term: str) -> None:
        if term not in self._parents:
            raise OOVError([term], where="the taxonomy")

    def parents(self, term: str) -> list[str]:
        self._check(term)
        return list(self._parents[term])

    def children(self, term: str) -> list[str]:
        self._check(term)
        return list(self._children[term])

    @property
    def roots(self) -> list[str]:
        """Terms without a parent."""
        return [n for n, ps in self._parents.items() if not ps]

    @property
    def leaves(self) -> list[str]:
        """Terms without a child."""
        return [n for n, cs in self._children.items() if not cs]

    @property
    def inner(self) -> list[str]:
        """Terms with at least one child (the candidate parents of refinement)."""
        return [n for n, cs in self._children.items() if cs]

    def ancestors(self, term: str) -> set[str]:
        """Every term reachable by following parent edges (the term itself excluded)."""
        return self._reach(term, self._parents)

    def descendants(self, term: str) -> set[str]:
        """Every term below ``term``."""
        return self._reach(term, self._children)

    def _reach(self, term: str, graph: dict[str, list[str]]) -> set[str]:
        self._check(term)
        out: set[str] = set()
        stack = list(graph[term])
        while stack:
            n = stack.pop()
            if n not in out:
                out.add(n)
                stack.extend(graph[n])
        out.discard(term)
        return out

    # ----------------------------------------------------------------- cycles
    def find_cycles(self) -> list[list[str]]:
        """Strongly connected components with a cycle (Tarjan 1972), self-loops included.

        Iterative, so deep taxonomies do not hit Python's recursion limit.
        """
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        on_stack: set[str] = set()
        stack: list[str] = []
        out: list[list[str]] = []
        counter = 0
        for start in self._parents:
            if start in index:
                continue
            work = [(start, iter(self._parents[start]))]
            index[start] = low[start] = counter
            counter += 1
            stack.append(start)
            on_stack.add(start)
            while work:
                node, it = work[-1]
                advanced = False
                for nxt in it:
                    if nxt not in index:
                        index[nxt] = low[nxt] = counter
                        counter += 1
                        stack.append(nxt)
                        on_stack.add(nxt)
                        work.append((nxt, iter(self._parents[nxt])))
                        advanced = True
                        break
                    if nxt in on_stack:
                        low[node] = min(low[node], index[nxt])
                if advanced:
                    continue
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp.append(w)
                        if w == node:
                            break
                    if len(comp) > 1 or node in self._parents[node]:
                        out.append(comp[::-1])
        return out

    @property
    def is_acyclic(self) -> bool:
        return not self.find_cycles()

    def check_acyclic(self, what: str = "the taxonomy") -> None:
        """Raise :class:`CycleError` naming one cycle if there is any."""
        cycles = self.find_cycles()
        if cycles:
            raise CycleError(self._one_cycle(cycles[0]), what)

    def _one_cycle(self, comp: list[str]) -> list[str]:
        members = set(comp)
        start = comp[0]
        if start in self._parents[start]:
            return [start]
        # walk parent edges inside the component until a node repeats
        path, pos, node = [], {}, start
        while node not in pos:
            pos[node] = len(path)
            path.append(node)
            node = next(p for p in self._parents[node] if p in members)
        return path[pos[node]:]

    def remove_cycles(self) -> tuple[Taxonomy, list[tuple[str, str]]]:
        """Break every cycle by dropping DFS back edges; returns (acyclic taxonomy, removed edges).

        The depth-first search runs top-down from the roots (then from any node not yet
        reached, in order of appearance), so the edges kept are those consistent with the
        hierarchy seen from the top, as in TAXI's cycle removal (Panchenko et al. 2016).
        """
        removed: list[tuple[str, str]] = []
        state: dict[str, int] = {}  # 1 = on the DFS stack, 2 = finished
        order = self.roots + [n for n in self._parents if self._parents[n]]
        for start in order:
            if start in state:
                continue
            state[start] = 1
            work = [(start, iter(self._children[start]))]
            while work:
                node, it = work[-1]
                advanced = False
                for child in it:
                    s = state.get(child)
                    if s == 1:  # child → node closes a cycle through the stack
                        removed.append((child, node))
                    elif s is None:
                        state[child] = 1
                        work.append((child, iter(self._children[child])))
                        advanced = True
                        break
                if not advanced:
                    state[node] = 2
                    work.pop()
        drop = set(removed)
        return self.with_edges(remove=drop), removed

    # --------------------------------------------------------------- structure
    def topological_order(self) -> list[str]:
        """Terms ordered so that every parent comes before its children (Kahn's algorithm)."""
        indeg = {n: len(ps) for n, ps in self._parents.items()}
        queue = deque(n for n, d in indeg.items() if d == 0)
        order: list[str] = []
        while queue:
            n = queue.popleft()
            order.append(n)
            for c in self._children[n]:
                indeg[c] -= 1
                if indeg[c] == 0:
                    queue.append(c)
        if len(order) != len(self._parents):
            self.check_acyclic()
        return order

    def depth(self) -> dict[str, int]:
        """Shortest number of edges from each term up to a root (roots have depth 0)."""
        self.check_acyclic()
        depth: dict[str, int] = {}
        queue = deque()
        for r in self.roots:
            depth[r] = 0
            queue.append(r)
        while queue:
            n = queue.popleft()
            for c in self._children[n]:
                if c not in depth:
                    depth[c] = depth[n] + 1
                    queue.append(c)
        return depth

    @property
    def is_tree(self) -> bool:
        return len(self.roots) == 1 and all(len(ps) <= 1 for ps in self._parents.values()) and self.is_acyclic

    def check_tree(self) -> None:
        """Raise :class:`CycleError` or :class:`NotATreeError` unless this is a rooted tree."""
        if not len(self):
            raise EmptyInputError("the taxonomy is empty")
        self.check_acyclic()
        multi = [n for n, ps in self._parents.items() if len(ps) > 1]
        if multi:
            raise NotATreeError(f"{len(multi)} term(s) have several parents, e.g. {multi[0]!r} → {self._parents[multi[0]]}")
        if len(self.roots) != 1:
            raise NotATreeError(f"a tree has one root, this taxonomy has {len(self.roots)}: {self.roots[:10]}")

    def closure(self) -> Taxonomy:
        """Transitive closure: an edge from every term to each of its ancestors."""
        anc: dict[str, set[str]] = {}
        for n in self.topological_order():
            s: set[str] = set()
            for p in self._parents[n]:
                s.add(p)
                s |= anc[p]
            anc[n] = s
        edges = [(n, a) for n in self._parents for a in sorted(anc[n])]
        return Taxonomy(edges, nodes=self.nodes, meta={**self.meta, "closure": True})

    def reduction(self) -> Taxonomy:
        """Transitive reduction (of an acyclic taxonomy): drop edges implied by longer paths."""
        anc: dict[str, set[str]] = {}
        for n in self.topological_order():
            anc[n] = set().union(*[{p} | anc[p] for p in self._parents[n]]) if self._parents[n] else set()
        keep = []
        for n, ps in self._parents.items():
            implied = set().union(*[anc[p] for p in ps]) if ps else set()
            keep += [(n, p) for p in ps if p not in implied]
        return Taxonomy(keep, nodes=self.nodes, meta=dict(self.meta))

    def subtree(self, root: str) -> Taxonomy:
        """``root`` and all its descendants, with the edges among them."""
        keep = self.descendants(root) | {root}
        return self.restrict(keep)

    def restrict(self, terms: Iterable[str]) -> Taxonomy:
        """The sub-graph induced by ``terms`` (edges with both ends inside)."""
        keep = set(terms)
        edges = [(c, p) for c, p in self.edges if c in keep and p in keep]
        return Taxonomy(edges, nodes=[n for n in self._parents if n in keep], meta=dict(self.meta))

    def with_edges(self, add: Iterable[tuple[str, str]] = (), remove: Iterable[tuple[str, str]] = (),
                   add_nodes: Iterable[str] = (), remove_nodes: Iterable[str] = ()) -> Taxonomy:
        """A new taxonomy with edges (and nodes) added and removed."""
        remove = set(remove)
        gone = set(remove_nodes)
        edges = [e for e in self.edges if e not in remove and e[0] not in gone and e[1] not in gone]
        nodes = [n for n in self._parents if n not in gone] + list(add_nodes)
        return Taxonomy(edges + list(add), nodes=nodes, meta=dict(self.meta))

    def rename(self, mapping: dict[str, str]) -> Taxonomy:
        """Relabel terms (terms missing from ``mapping`` keep their name)."""
        f = lambda n: mapping.get(n, n)  # noqa: E731
        return Taxonomy([(f(c), f(p)) for c, p in self.edges], nodes=[f(n) for n in self._parents], meta=dict(self.meta))

    # ---------------------------------------------------------------- exports
    def edge_arrays(self, index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
        """Child and parent rows of every edge under ``index``."""
        e = self.edges
        return (np.fromiter((index[c] for c, _ in e), np.int64, len(e)), np.fromiter((index[p] for _, p in e), np.int64, len(e)))

    def to_frame(self) -> pd.DataFrame:
        """One row per edge: ``hyponym``, ``hypernym``."""
        import pandas as pd

        return pd.DataFrame(self.edges, columns=["hyponym", "hypernym"])

    def write(self, path: str | os.PathLike, format: str = "texeval") -> None:
        """Write to ``path`` atomically (see :func:`wordvec.hyperbolic.write_taxonomy`)."""
        write_edges(self.edges, path, format=format)


def as_taxonomy(data: Taxonomy | Iterable[tuple[str, str]]) -> Taxonomy:
    """A :class:`Taxonomy` from a taxonomy, or an iterable of (hyponym, hypernym) pairs.

    Examples
    --------
    >>> as_taxonomy([("dog", "mammal")]).edges
    [('dog', 'mammal')]
    """
    if isinstance(data, Taxonomy):
        return data
    if isinstance(data, (str, bytes)):
        raise ParameterTypeError(f"pass a Taxonomy or (hyponym, hypernym) pairs, not the string {data!r}; "
                                 "read files with wordvec.hyperbolic.read_taxonomy")
    return Taxonomy(list(data))
