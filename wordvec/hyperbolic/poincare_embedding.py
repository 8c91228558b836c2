""":class:`PoincareEmbedding`: an :class:`~wordvec.Embedding` living in the Poincaré ball.

Neighbour queries (``nearest``, ``most_similar``) rank by Poincaré distance instead of
cosine similarity; the score reported is the negated distance (higher = closer).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .._atomic import atomic_text
from ..embedding import Embedding
from ..errors import EmptyInputError, FormatError, ParameterError
from .geometry import check_in_ball, distance, exp_map, log_map, pairwise_distances

if TYPE_CHECKING:
    import pandas as pd


class PoincareEmbedding(Embedding):
    """Points of the Poincaré ball, one per term (Nickel & Kiela 2017).

    Parameters are those of :class:`~wordvec.Embedding`; every row must have norm < 1.
    Coordinates are also kept in float64 (``points``) because float32 loses the digits
    that separate points near the boundary.

    Examples
    --------
    >>> import numpy as np
    >>> e = PoincareEmbedding(["root", "a", "b"], np.array([[0, 0], [0.5, 0], [0.5, 0.1]]))
    >>> round(e.distance("root", "a"), 4)
    1.0986
    >>> e.nearest(["a"], k=1).to_frame().neighbor.tolist()
    ['b']
    """

    def __init__(self, words: Sequence[str], vectors: Any, counts: Any = None, meta: dict | None = None, *,
                 on_duplicate: str = "error", validate: bool = True, points: np.ndarray | None = None):
        pts = np.asarray(vectors if points is None else points, dtype=np.float64)
        if validate and pts.ndim == 2:
            check_in_ball(pts, "Poincaré embedding rows")
        super().__init__(words, vectors, counts, meta, on_duplicate=on_duplicate, validate=validate)
        if pts.shape != self.vectors.shape:  # duplicates were dropped
            pts = np.asarray(self.vectors, dtype=np.float64)
        self.points = pts

    # ---------------------------------------------------------------- geometry
    def distance(self, a: str, b: str) -> float:
        """Poincaré distance between two terms."""
        return float(distance(self.points[self.index(a)], self.points[self.index(b)]))

    def distances(self, word: str, others: Iterable[str] | None = None) -> np.ndarray:
        """Distances from ``word`` to ``others`` (default: every term, in row order)."""
        rows = slice(None) if others is None else self.indices(others)
        return pairwise_distances(self.points[self.index(word)], self.points[rows])[0]

    def similarity(self, a: str, b: str) -> float:
        """Negated Poincaré distance (higher = closer), so that rankings read as for cosine."""
        return -self.distance(a, b)

    _query_dtype = np.float64

    def _prepare_query_vectors(self, q: np.ndarray) -> np.ndarray:
        check_in_ball(q, "query points")
        return q

    def _query_rows(self, rows: np.ndarray) -> np.ndarray:
        return self.points[rows]

    def _normalise_queries(self, q: np.ndarray) -> np.ndarray:
        return q  # points are not directions: no normalisation in the ball

    def _scores(self, q: np.ndarray, stop: int, out: np.ndarray | None = None) -> np.ndarray:
        return -pairwise_distances(q, self.points[:stop])

    def _column_scale(self, stop: int) -> None:
        return None  # distances are final scores

    def most_similar(self, positive: str | Iterable[str] = (), negative: str | Iterable[str] = (), topn: int = 10,
                     restrict_vocab: int | None = None) -> pd.DataFrame:
        """Terms with the smallest mean distance to ``positive`` minus mean distance to ``negative``.

        With one positive term this is gensim's ``PoincareKeyedVectors.most_similar``;
        the ``similarity`` column is the negated score.
        """
        import pandas as pd

        positive = [positive] if isinstance(positive, str) else list(positive)
        negative = [negative] if isinstance(negative, str) else list(negative)
        if not positive and not negative:
            raise ParameterError("most_similar() needs at least one positive or negative term; got positive=[], negative=[]")
        stop = len(self) if restrict_vocab is None else min(int(restrict_vocab), len(self))
        s = np.zeros(stop)
        if positive:
            s -= pairwise_distances(self.points[self.indices(positive)], self.points[:stop]).mean(axis=0)
        if negative:
            s += pairwise_distances(self.points[self.indices(negative)], self.points[:stop]).mean(axis=0)
        rows = self.indices(positive + negative)
        s[rows[rows < stop]] = -np.inf
        n = min(int(topn), int(np.isfinite(s).sum()))
        best = np.argsort(-s, kind="stable")[:n]
        return pd.DataFrame({"word": [self.words[i] for i in best], "similarity": s[best]})

    def _take(self, rows: np.ndarray, words: list[str] | None = None) -> PoincareEmbedding:
        words = [self.words[i] for i in rows] if words is None else words
        counts = None if self.counts is None else self.counts[rows]
        return type(self)(words, np.ascontiguousarray(self.vectors[rows]), counts, dict(self.meta), validate=False,
                          points=self.points[rows])

    def with_vectors(self, vectors: np.ndarray, **meta: Any) -> PoincareEmbedding:
        return type(self)(list(self.words), vectors, self.counts, {**self.meta, **meta})

    # ----------------------------------------------------------------- interop
    @classmethod
    def from_gensim(cls, kv: Any, meta: dict | None = None) -> PoincareEmbedding:
        """Wrap gensim's ``PoincareModel`` (its ``.kv``) or ``PoincareKeyedVectors``."""
        kv = getattr(kv, "kv", kv)
        return cls([str(w) for w in kv.index_to_key], np.asarray(kv.vectors, dtype=np.float64),
                   meta={"source": "gensim", **(meta or {})})

    def to_gensim(self) -> Any:
        """A gensim ``PoincareKeyedVectors`` with the same terms and (float64) points."""
        from gensim.models.poincare import PoincareKeyedVectors

        kv = PoincareKeyedVectors(self.dim, 0, dtype=np.float64)  # count=0: add_vectors appends after preallocated rows
        kv.add_vectors(list(self.words), self.points)
        return kv

    # ------------------------------------------------------------------- plots
    def disk_coordinates(self) -> tuple[np.ndarray, bool]:
        """2-D coordinates for drawing: the points themselves when ``dim == 2``.

        Otherwise the points are mapped to the tangent space at the origin (log map), projected
        on their first two principal axes and mapped back (exp map); this keeps norms'
        order only approximately, so the second value says whether it was exact.
        """
        if self.dim == 2:
            return self.points.copy(), True
        zero = np.zeros(self.dim)
        tangent = log_map(zero, self.points)
        _, _, vt = np.linalg.svd(tangent - tangent.mean(axis=0), full_matrices=False)
        return exp_map(np.zeros(2), tangent @ vt[:2].T), False

    def plot(self, taxonomy=None, ax=None, labels: int | Sequence[str] = 30, title: str | None = None):
        """Draw the Poincaré disk: points, the edges of ``taxonomy`` and labels.

        Parameters
        ----------
        taxonomy : Taxonomy, optional
            Edges to draw (use the transitive reduction for readability); points are then
            coloured by their depth in it, otherwise by their norm.
        labels : int or list of str
            The ``labels`` terms closest to the origin (the most general), or explicit terms.
        """
        from ..plot import get_ax

        ax = get_ax(ax, figsize=(7, 7))
        xy, exact = self.disk_coordinates()
        ax.add_patch(__import__("matplotlib").patches.Circle((0, 0), 1.0, fill=False, color="0.4", lw=1))
        if taxonomy is not None:
            idx = self._index
            segs = [(xy[idx[c]], xy[idx[p]]) for c, p in taxonomy.edges if c in idx and p in idx]
            if segs:
                from matplotlib.collections import LineCollection

                ax.add_collection(LineCollection(segs, colors="0.6", linewidths=0.4, alpha=0.5, zorder=1))
        norms = np.linalg.norm(self.points, axis=1)
        depth = None
        if taxonomy is not None and taxonomy.is_acyclic:
            d = taxonomy.depth()
            depth = np.array([d.get(w, np.nan) for w in self.words], dtype=float)
        if depth is not None and np.isfinite(depth).any():
            sc = ax.scatter(xy[:, 0], xy[:, 1], s=7, c=depth, cmap="viridis", zorder=2)
            ax.figure.colorbar(sc, ax=ax, shrink=0.7, label="depth in the taxonomy")
        else:
            sc = ax.scatter(xy[:, 0], xy[:, 1], s=7, c=norms, cmap="viridis", vmin=0, vmax=1, zorder=2)
            ax.figure.colorbar(sc, ax=ax, shrink=0.7, label="‖x‖ (distance from the origin)")
        names = [self.words[i] for i in np.argsort(norms)[:labels]] if isinstance(labels, int) else list(labels)
        for w in names:
            x, y = xy[self.index(w)]
            ax.annotate(w.split(".")[0].replace("_", " "), (x, y), fontsize=7, xytext=(2, 2), textcoords="offset points")
        ax.set_xlim(-1.05, 1.05)
        ax.set_ylim(-1.05, 1.05)
        ax.set_aspect("equal")
        ax.grid(False)
        ax.set_title(title or f"Poincaré disk, {len(self):,} terms" + ("" if exact else f" (dim {self.dim}, projected)"))
        return ax


def save_poincare(embedding: PoincareEmbedding, path) -> None:
    """Write ``term<TAB>x1<TAB>…<TAB>xd`` lines (float64, round-trip exact; terms may contain spaces), atomically."""
    from pathlib import Path

    path = Path(path)
    bad = [w for w in embedding.words if "\t" in w or "\n" in w]
    if bad:
        raise FormatError(path, f"term {bad[0]!r} contains a tab or newline and cannot be written")
    with atomic_text(path) as f:
        f.write(f"# poincare\t{len(embedding)}\t{embedding.dim}\n")
        for w, row in zip(embedding.words, embedding.points):
            f.write(w + "\t" + "\t".join(repr(float(x)) for x in row) + "\n")


def load_poincare(path) -> PoincareEmbedding:
    """Read a file written by :func:`save_poincare`; malformed lines raise :class:`FormatError` with their number."""
    words, rows, dim = [], [], None
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, start=1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if dim is None:
                dim = len(parts) - 1
            if len(parts) - 1 != dim or dim < 1:
                raise FormatError(path, f"expected a term and {dim} coordinates, found {len(parts) - 1} field(s) after the term", no)
            try:
                rows.append([float(x) for x in parts[1:]])
            except ValueError:
                raise FormatError(path, f"non-numeric coordinate in {line[:60]!r}", no) from None
            words.append(parts[0])
    if not words:
        raise EmptyInputError(f"{path}: no points")
    pts = np.array(rows)
    norms = np.linalg.norm(pts, axis=1)
    if np.any(norms >= 1):
        raise FormatError(path, f"{int((norms >= 1).sum())} point(s) outside the unit ball, e.g. {words[int(np.argmax(norms))]!r}")
    return PoincareEmbedding(words, pts, meta={"source": str(path)})
