"""The :class:`Embedding` type: a vocabulary, its vectors, and fast neighbour queries.

Every loader and trainer produces an :class:`Embedding`; every analysis accepts one.
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from ._numerics import BLOCK_BYTES, row_norms
from ._topk import top_k, use_kernel
from .errors import FormatError, OOVError, ParameterError, WordvecError
from .results import ResultMixin, Summary

if TYPE_CHECKING:
    import pandas as pd


class Embedding:
    """Static word vectors: ``words``, a float32 ``(n, d)`` matrix, optional counts.

    Parameters
    ----------
    words : sequence of str
        The vocabulary, in row order (conventionally most frequent first).
    vectors : array_like, shape (n, d)
        One row per word. Stored as float32; a read-only memmap is kept as is.
    counts : array_like of int, shape (n,), optional
        Corpus frequency of each word.
    meta : dict, optional
        Free-form provenance: source file, trainer, parameters, period, ...
    on_duplicate : {"error", "first", "last"}, default "error"
        What to do when a word appears twice. ``"first"``/``"last"`` keep one row.
    validate : bool, default True
        Check shapes, finiteness and duplicates. Loaders of already validated
        native files pass ``False`` so that a memory-mapped open stays O(1).
    norms : array_like of float32, shape (n,), optional
        Precomputed Euclidean row norms (the native format stores them), so that the
        first query of a memory-mapped embedding makes one pass over the vectors.

    Notes
    -----
    Word look-up uses the vocabulary's own index when it has one (``words.lookup``,
    as the native format's memory-mapped hash table does: constant time, no pass over
    the vocabulary); otherwise a dict is built on the first look-up.

    Examples
    --------
    >>> import numpy as np, wordvec
    >>> emb = wordvec.Embedding(["king", "queen", "man"], np.eye(3, dtype="float32"))
    >>> emb["queen"].shape
    (3,)
    >>> emb.nearest(["king"], k=2).to_frame().neighbor.tolist()
    ['queen', 'man']
    """

    def __init__(
        self,
        words: Sequence[str],
        vectors: Any,
        counts: Any = None,
        meta: dict | None = None,
        *,
        on_duplicate: str = "error",
        validate: bool = True,
        norms: Any = None,
    ):
        if not isinstance(vectors, np.memmap):
            vectors = np.asarray(vectors)
            if vectors.dtype != np.float32:
                vectors = vectors.astype(np.float32)
        self._words = words if not isinstance(words, (str, bytes)) else [words]
        self.vectors = vectors
        self.counts = None if counts is None else np.asarray(counts)
        self.meta = dict(meta or {})
        if validate:
            self._validate(on_duplicate)
        if norms is not None:
            if np.shape(norms) != (len(self),):
                raise ParameterError(f"norms has shape {np.shape(norms)}, expected ({len(self)},)")
            self.__dict__["norms"] = norms  # seeds the cached property

    # ------------------------------------------------------------------ checks
    def _validate(self, on_duplicate: str) -> None:
        if on_duplicate not in ("error", "first", "last"):
            raise ParameterError(f"on_duplicate must be 'error', 'first' or 'last', not {on_duplicate!r}")
        v = self.vectors
        if v.ndim != 2:
            raise FormatError(self.meta.get("source"), f"vectors must be a 2-D matrix, got shape {v.shape}")
        self._words = [str(w) for w in self._words]
        if len(self._words) != v.shape[0]:
            raise FormatError(
                self.meta.get("source"),
                f"{len(self._words)} words but {v.shape[0]} vector rows",
            )
        if self.counts is not None and self.counts.shape != (v.shape[0],):
            raise FormatError(self.meta.get("source"), f"counts has shape {self.counts.shape}, expected ({v.shape[0]},)")
        finite = np.isfinite(v).all(axis=1)
        if not finite.all():
            bad = np.flatnonzero(~finite)
            raise FormatError(
                self.meta.get("source"),
                f"non-finite values (NaN/inf) in the vectors of {len(bad)} word(s), "
                f"first {self._words[bad[0]]!r} (row {bad[0]})",
            )
        index: dict[str, int] = {}
        dups: list[str] = []
        for i, w in enumerate(self._words):
            if w in index:
                dups.append(w)
                if on_duplicate == "last":
                    index[w] = i
            else:
                index[w] = i
        if dups:
            if on_duplicate == "error":
                shown = ", ".join(repr(w) for w in dups[:10])
                raise FormatError(
                    self.meta.get("source"),
                    f"{len(dups)} duplicate word(s): {shown}; pass on_duplicate='first' or 'last' to keep one",
                )
            keep = np.array(sorted(index.values()))
            self._words = [self._words[i] for i in keep]
            self.vectors = np.ascontiguousarray(self.vectors[keep])
            if self.counts is not None:
                self.counts = self.counts[keep]
            index = {w: i for i, w in enumerate(self._words)}
            self.meta["duplicates_dropped"] = len(dups)
        self.__dict__["_index"] = index

    # ------------------------------------------------------------ container API
    @property
    def words(self) -> Sequence[str]:
        """The vocabulary in row order."""
        return self._words

    @cached_property
    def _index(self) -> Any:
        """Word → row: the vocabulary's own index if it has one, else a dict."""
        own = getattr(self._words, "lookup", None)
        if own is not None:
            return own
        return {w: i for i, w in enumerate(self._words)}

    def _rows(self, words: list) -> np.ndarray:
        """Rows of ``words``, -1 where absent (vectorised when the index supports it)."""
        index = self._index
        batch = getattr(index, "rows", None)
        if batch is not None:
            return batch(words)
        get = index.get
        return np.fromiter((get(w, -1) for w in words), dtype=np.int64, count=len(words))

    def __len__(self) -> int:
        return self.vectors.shape[0]

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __contains__(self, word: object) -> bool:
        return word in self._index

    @property
    def dim(self) -> int:
        """Number of dimensions."""
        return self.vectors.shape[1]

    @property
    def shape(self) -> tuple[int, int]:
        return self.vectors.shape

    def index(self, word: str) -> int:
        """Row of ``word``; raises :class:`~wordvec.errors.OOVError` if absent."""
        try:
            return self._index[word]
        except KeyError:
            raise OOVError([word]) from None

    def indices(self, words: Iterable[str]) -> np.ndarray:
        """Rows of ``words``; raises one :class:`OOVError` naming every missing word."""
        words = list(words)
        idx = self._rows(words)
        if (idx < 0).any():
            raise OOVError([words[i] for i in np.flatnonzero(idx < 0)])
        return idx

    def __getitem__(self, key: str | Iterable[str]) -> np.ndarray:
        """The vector of a word (a read-only view) or the rows of several words (a copy).

        A word's row is read-only, as in gensim: writing into it would silently
        invalidate the cached norms that every query uses. Change vectors with
        :meth:`with_vectors` instead.
        """
        if isinstance(key, str):
            return _read_only(self.vectors[self.index(key)])
        return self.vectors[self.indices(key)]

    def get(self, word: str, default: Any = None) -> np.ndarray | Any:
        """The (read-only) vector of ``word``, or ``default`` when it is not in the vocabulary."""
        i = self._index.get(word)
        return default if i is None else _read_only(self.vectors[i])

    def count(self, word: str) -> int | None:
        """Corpus count of ``word`` (None when the embedding carries no counts)."""
        return None if self.counts is None else int(self.counts[self.index(word)])

    # ----------------------------------------------------------------- geometry
    @cached_property
    def norms(self) -> np.ndarray:
        """Euclidean norm of every row (float32)."""
        return row_norms(self.vectors)

    @cached_property
    def _divisors(self) -> np.ndarray:
        """The row norms with zero rows set to 1 (so that they stay zero, scoring 0)."""
        n = np.array(self.norms, dtype=np.float32)
        n[n == 0] = 1.0
        return n

    @cached_property
    def _inverse_norms(self) -> np.ndarray:
        return np.reciprocal(self._divisors)

    @cached_property
    def unit(self) -> np.ndarray:
        """Row-normalised copy of the vectors (zero rows stay zero), computed once.

        A full copy of the matrix: neighbour queries do not need it (they scale the
        scores by the inverse norms instead), analyses that reuse it many times do.
        """
        return np.asarray(self.vectors / self._divisors[:, None], dtype=np.float32)

    def _unit_rows(self, rows: np.ndarray) -> np.ndarray:
        """``unit[rows]``, bit for bit, without materialising :attr:`unit`."""
        if "unit" in self.__dict__:
            return self.unit[rows]
        return np.asarray(self.vectors[rows] / self._divisors[rows, None], dtype=np.float32)

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two words."""
        u = self._unit_rows(np.array([self.index(a), self.index(b)]))
        return float(u[0] @ u[1])

    def _query_matrix(self, queries: Iterable[str] | np.ndarray) -> tuple[np.ndarray, list, np.ndarray | None]:
        """Unit-normalised query rows, labels, and the vocabulary rows of word queries."""
        if isinstance(queries, str):
            queries = [queries]
        if isinstance(queries, np.ndarray) and queries.dtype.kind == "f":
            q = np.atleast_2d(queries).astype(self._query_dtype)
            if q.shape[1] != self.dim:
                raise ParameterError(f"query vectors have {q.shape[1]} dimensions, the embedding has {self.dim}")
            return self._prepare_query_vectors(q), list(range(len(q))), None
        labels = list(queries)
        rows = self.indices(labels)
        return self._query_rows(rows), labels, rows

    # Hooks for other geometries (the Poincaré ball): query dtype, vector queries, word queries.
    _query_dtype = np.float32

    def _prepare_query_vectors(self, q: np.ndarray) -> np.ndarray:
        return self._normalise_queries(q)

    def _query_rows(self, rows: np.ndarray) -> np.ndarray:
        return self._unit_rows(rows)

    def _normalise_queries(self, q: np.ndarray) -> np.ndarray:
        n = np.linalg.norm(q, axis=1, keepdims=True)
        n[n == 0] = 1.0
        return q / n

    def _scores(self, q: np.ndarray, stop: int, out: np.ndarray | None = None) -> np.ndarray:
        """Scores (higher = closer) of query rows ``q`` against rows ``[0, stop)``,
        before the per-column factor :meth:`_column_scale`; written into ``out`` when
        given (a reused block: fresh memory costs a page fault per 4 kB).

        Cosine: raw dot products with the stored vectors (no normalised copy of the
        matrix is made). Subclasses with another geometry (the Poincaré ball) override
        this and :meth:`_column_scale`.
        """
        M = self.unit if "unit" in self.__dict__ else self.vectors
        if out is None or q.dtype != M.dtype:
            return q @ M[:stop].T
        return np.matmul(q, M[:stop].T, out=out)

    def _column_scale(self, stop: int) -> np.ndarray | None:
        """Factor for every column of :meth:`_scores` (the inverse norms), or None."""
        return None if "unit" in self.__dict__ else self._inverse_norms[:stop]

    def nearest(
        self,
        queries: Iterable[str] | np.ndarray,
        k: int = 10,
        *,
        exclude_self: bool = True,
        restrict_vocab: int | None = None,
        block_bytes: int = BLOCK_BYTES,
    ) -> "Neighbors":
        """The ``k`` nearest neighbours of many words or vectors at once.

        Scores are computed with blocked matrix products so that memory stays below
        ``block_bytes`` whatever the number of queries.

        Parameters
        ----------
        queries : iterable of str, or float array of shape (m, d)
            Words (all must be in the vocabulary) or raw vectors.
        k : int
            Neighbours per query.
        exclude_self : bool
            Leave a word query out of its own neighbours.
        restrict_vocab : int, optional
            Only search the first ``restrict_vocab`` rows (the most frequent words
            when the file is frequency-sorted, as in gensim).

        Returns
        -------
        Neighbors
            ``indices`` and ``scores`` arrays of shape (m, k), best first.
        """
        q, labels, rows = self._query_matrix(queries)
        stop = len(self) if restrict_vocab is None else min(int(restrict_vocab), len(self))
        if stop == 0:
            raise WordvecError("nearest(): the searchable vocabulary is empty")
        k_eff = min(int(k), stop - (1 if exclude_self and rows is not None else 0))
        if k_eff < 1:
            raise ParameterError(f"k must be at least 1 and the vocabulary must hold more words than the queries exclude (k={k})")
        m = len(q)
        out_idx = np.empty((m, k_eff), dtype=np.int64)
        out_sc = np.empty((m, k_eff), dtype=np.float32)
        step = max(1, block_bytes // (4 * stop))
        scale = self._column_scale(stop)
        kernel = use_kernel(m * stop)
        block = np.empty((min(step, m), stop), dtype=np.float32) if m > step else None
        for start in range(0, m, step):
            end = min(m, start + step)
            s = self._scores(q[start:end], stop, None if block is None else block[: end - start])
            if exclude_self and rows is not None:
                r = rows[start:end]
                inside = r < stop
                s[np.flatnonzero(inside), r[inside]] = -np.inf
            out_idx[start:end], out_sc[start:end] = top_k(s, k_eff, scale, kernel=kernel)
        return Neighbors(labels, out_idx, out_sc, self._words)

    def most_similar(
        self,
        positive: str | Iterable[str] = (),
        negative: str | Iterable[str] = (),
        topn: int = 10,
        restrict_vocab: int | None = None,
    ) -> pd.DataFrame:
        """Words closest to the mean of ``positive`` minus ``negative`` unit vectors.

        Same arithmetic as gensim's ``KeyedVectors.most_similar``: input words are
        excluded from the answer.

        Returns
        -------
        pandas.DataFrame
            Columns ``word`` and ``similarity``, best first.
        """
        positive = [positive] if isinstance(positive, str) else list(positive)
        negative = [negative] if isinstance(negative, str) else list(negative)
        if not positive and not negative:
            raise ParameterError("most_similar() needs at least one positive or negative word")
        import pandas as pd

        rows = self.indices(positive + negative)
        weights = np.array([1.0] * len(positive) + [-1.0] * len(negative), dtype=np.float32)
        q = (weights[:, None] * self._unit_rows(rows)).mean(axis=0, keepdims=True)
        stop = len(self) if restrict_vocab is None else min(int(restrict_vocab), len(self))
        s = self._scores(self._normalise_queries(q), stop)[0]
        scale = self._column_scale(stop)
        if scale is not None:
            s *= scale
        s[rows[rows < stop]] = -np.inf
        n = min(int(topn), int(np.isfinite(s).sum()))
        best = np.argpartition(-s, n - 1)[:n] if n < stop else np.arange(stop)
        best = best[np.argsort(-s[best], kind="stable")][:n]
        return pd.DataFrame({"word": [self._words[i] for i in best], "similarity": s[best].astype(float)})

    # ------------------------------------------------------------- vocabulary ops
    def subset(self, words: Iterable[str]) -> "Embedding":
        """A new embedding with only ``words``, in the given order."""
        words = list(words)
        rows = self.indices(words)
        return self._take(rows, words)

    def _take(self, rows: np.ndarray, words: list[str] | None = None) -> "Embedding":
        words = [self._words[i] for i in rows] if words is None else words
        counts = None if self.counts is None else self.counts[rows]
        return type(self)(words, np.ascontiguousarray(self.vectors[rows]), counts, dict(self.meta), validate=False)

    def head(self, n: int) -> "Embedding":
        """The first ``n`` words (the most frequent in frequency-sorted files)."""
        return self._take(np.arange(min(n, len(self))))

    def intersect(self, other: "Embedding") -> tuple["Embedding", "Embedding"]:
        """Both embeddings restricted to their shared words, in ``self``'s order."""
        shared = [w for w in self._words if w in other]
        if not shared:
            raise WordvecError("the two embeddings share no words")
        return self.subset(shared), other.subset(shared)

    def with_vectors(self, vectors: np.ndarray, **meta: Any) -> "Embedding":
        """Same vocabulary and counts, new vectors (e.g. after a rotation)."""
        return type(self)(list(self._words), vectors, self.counts, {**self.meta, **meta}, validate=False)

    # ----------------------------------------------------------------- interop
    @classmethod
    def from_gensim(cls, kv: Any, meta: dict | None = None) -> "Embedding":
        """Wrap a gensim ``KeyedVectors`` (or a model with ``.wv``) without copying rows."""
        kv = getattr(kv, "wv", kv)
        counts = None
        if "count" in getattr(kv, "expandos", {}):
            counts = np.asarray(kv.expandos["count"])
        return cls([str(w) for w in kv.index_to_key], kv.vectors, counts, {"source": "gensim", **(meta or {})})

    def to_gensim(self) -> Any:
        """A gensim ``KeyedVectors`` with the same words, vectors and counts."""
        from gensim.models import KeyedVectors

        # count=0: a pre-sized KeyedVectors would keep ``len(self)`` empty (None) slots
        # in front of the words that add_vectors appends.
        kv = KeyedVectors(self.dim, count=0, dtype=np.float32)
        kv.add_vectors(list(self._words), np.asarray(self.vectors, dtype=np.float32))
        if self.counts is not None:
            kv.expandos["count"] = np.asarray(self.counts, dtype=np.int64)
        return kv

    def save(self, path: str, format: str | None = None, **kwargs: Any) -> None:
        """Write to ``path``; the format follows the suffix (see :func:`wordvec.save`)."""
        from .io import save

        save(self, path, format=format, **kwargs)

    # ------------------------------------------------------------------ display
    def __repr__(self) -> str:
        src = self.meta.get("source")
        extra = f", source={src!r}" if src else ""
        head = ", ".join(self._words[i] for i in range(min(5, len(self))))
        return f"<Embedding {len(self):,} words × {self.dim} dims [{head}{', …' if len(self) > 5 else ''}]{extra}>"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))[:200]}</td></tr>"
            for k, v in {"words": f"{len(self):,}", "dims": self.dim, "counts": self.counts is not None, **self.meta}.items()
        )
        return f"<b>wordvec.Embedding</b><table>{rows}</table>"


def _read_only(row: np.ndarray) -> np.ndarray:
    if row.flags.writeable:
        row = row.view()
        row.flags.writeable = False
    return row


@dataclass
class Neighbors(ResultMixin):
    """Result of :meth:`Embedding.nearest`: the ``k`` best rows for every query."""

    queries: list
    indices: np.ndarray
    scores: np.ndarray
    vocabulary: Sequence[str] = field(repr=False)

    @property
    def words(self) -> np.ndarray:
        """Neighbour words, shape (m, k)."""
        voc = self.vocabulary
        return np.array([[voc[i] for i in row] for row in self.indices], dtype=object).reshape(self.indices.shape)

    def __getitem__(self, query: Any) -> pd.DataFrame:
        import pandas as pd

        i = self.queries.index(query)
        return pd.DataFrame({"neighbor": self.words[i], "similarity": self.scores[i].astype(float)})

    def to_frame(self) -> pd.DataFrame:
        """Long table: ``query``, ``rank`` (1 = nearest), ``neighbor``, ``similarity``."""
        import pandas as pd

        m, k = self.indices.shape
        return pd.DataFrame(
            {
                "query": np.repeat(np.array(self.queries, dtype=object), k),
                "rank": np.tile(np.arange(1, k + 1), m),
                "neighbor": self.words.ravel(),
                "similarity": self.scores.ravel().astype(float),
            }
        )

    def summary(self) -> Summary:
        """One row per query: its neighbours, best first, with their cosine similarity."""
        import pandas as pd

        table = pd.DataFrame(
            {"neighbors": [", ".join(f"{w} ({s:.3f})" for w, s in zip(ws, ss)) for ws, ss in zip(self.words, self.scores)]},
            index=pd.Index([str(q) if isinstance(q, str) else f"vector {i}" for i, q in enumerate(self.queries)], name="query"))
        k = self.indices.shape[1] if self.indices.ndim == 2 else 0
        return Summary("Nearest neighbours (cosine)", {"queries": len(self.queries), "k": k}, [table])

    def plot(self, query: Any = None, ax: Any = None) -> Any:
        """Bar chart of one query's neighbours and their similarity (default: the first query)."""
        from .plot import get_ax

        i = 0 if query is None else self.queries.index(query)
        ax = get_ax(ax)
        ax.barh(list(self.words[i])[::-1], self.scores[i][::-1].astype(float))
        ax.set_xlabel("cosine similarity")
        ax.set_title(f"Nearest neighbours of {self.queries[i]!r}" if isinstance(self.queries[i], str) else "Nearest neighbours")
        return ax

    def _repr_html_(self) -> str:
        return self.to_frame().pivot(index="query", columns="rank", values="neighbor")._repr_html_()
