"""A time series of embeddings over one shared vocabulary, with absent words masked.

HistWords (Hamilton, Leskovec & Jurafsky 2016) stores a word that is too rare in a
period as an all-zero row; downstream code then happily computes cosines with zero
vectors. Here a word absent from a period is *absent*: its row is NaN and
``present[t, i]`` is False, so any accidental use propagates NaN instead of a
plausible-looking number, and every measure restricts itself to present words.
"""
from __future__ import annotations

import copy
import os
import pickle
from collections.abc import Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .._estimator import clone
from .._progress import progress_bar
from ..embedding import Embedding
from ..errors import EmptyInputError, FormatError, MissingFileError, OOVError, ParameterTypeError
from ..results import ResultMixin, Summary
from ._base import AbsentWordError, DiachronicError

__all__ = ["AbsentWordError", "DiachronicEmbedding", "DiachronicError", "train_periods"]

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes


class DiachronicEmbedding(ResultMixin):
    """Embeddings of ordered periods over one vocabulary; absent words are masked.

    Parameters
    ----------
    periods : sequence of hashable
        Period labels in chronological order (e.g. ``[1800, 1850, 1900]``).
    words : sequence of str
        The shared vocabulary, most frequent (on average over periods) first.
    vectors : array_like, shape (T, n, d)
        One matrix per period. Rows of absent words must be NaN (they are set to NaN
        whatever they hold, so a zero-row convention cannot leak in).
    present : array_like of bool, shape (T, n)
        ``present[t, i]`` is True when word ``i`` has a vector in period ``t``.
    counts : array_like of int, shape (T, n), optional
        Corpus count of every word in every period (0 where unseen).
    totals : array_like, shape (T,), optional
        Tokens per period, for relative frequencies (defaults to ``counts.sum(1)``).
    meta : dict, optional
        Provenance (trainer, parameters, vocabulary policy, alignment, ...).

    Notes
    -----
    Build one with :meth:`from_embeddings`, :func:`train_periods` or
    :meth:`from_histwords`; align it with :func:`wordvec.diachronic.align`.

    References
    ----------
    Hamilton, W. L., Leskovec, J. & Jurafsky, D. (2016). Diachronic word embeddings
    reveal statistical laws of semantic change. ACL.

    Examples
    --------
    >>> import numpy as np, wordvec
    >>> from wordvec.diachronic import DiachronicEmbedding
    >>> e1 = wordvec.Embedding(["a", "b", "c"], np.eye(3), counts=[5, 4, 3])
    >>> e2 = wordvec.Embedding(["a", "b"], np.eye(3)[:2], counts=[6, 1])
    >>> s = DiachronicEmbedding.from_embeddings({1900: e1, 1950: e2})
    >>> s.present.tolist()
    [[True, True, True], [True, True, False]]
    """

    def __init__(
        self,
        periods: Sequence[Hashable],
        words: Sequence[str],
        vectors: Any,
        present: Any,
        counts: Any = None,
        totals: Any = None,
        meta: dict | None = None,
    ):
        periods = list(periods)
        words = [str(w) for w in words]
        vectors = np.asarray(vectors, dtype=np.float32)
        present = np.asarray(present, dtype=bool)
        if len(periods) < 2:
            raise DiachronicError(f"a diachronic series needs at least two periods, got {len(periods)}: {periods!r}")
        if len(set(periods)) != len(periods):
            raise DiachronicError(f"duplicate period labels: {periods!r}")
        if vectors.ndim != 3 or vectors.shape[:2] != (len(periods), len(words)):
            raise DiachronicError(
                f"vectors must have shape (periods, words, dims) = ({len(periods)}, {len(words)}, d), got {vectors.shape}"
            )
        if present.shape != vectors.shape[:2]:
            raise DiachronicError(f"present must have shape {vectors.shape[:2]}, got {present.shape}")
        if len(set(words)) != len(words):
            seen: set[str] = set()
            dups = [w for w in words if w in seen or seen.add(w)]
            raise DiachronicError(f"duplicate words in the vocabulary: {dups[:10]!r}")
        if not words:
            raise EmptyInputError("the series' vocabulary is empty")
        bad = present & ~np.isfinite(vectors).all(axis=2)
        if bad.any():
            t, i = map(int, np.argwhere(bad)[0])
            raise FormatError(None, f"non-finite vector for present word {words[i]!r} in period {periods[t]!r}")
        absent = ~present
        if absent.any() and not np.isnan(vectors[absent]).all():
            vectors = vectors.copy()  # never write NaN into the caller's array
            vectors[absent] = np.nan
        self.periods = periods
        self.words = words
        self.vectors = vectors
        self.present = present
        self.counts = None if counts is None else np.asarray(counts, dtype=np.int64)
        if self.counts is not None and self.counts.shape != present.shape:
            raise DiachronicError(f"counts must have shape {present.shape}, got {self.counts.shape}")
        if totals is None and self.counts is not None:
            totals = self.counts.sum(axis=1)
        self.totals = None if totals is None else np.asarray(totals, dtype=np.float64)
        self.meta = dict(meta or {})
        self._index = {w: i for i, w in enumerate(words)}
        #: The :class:`~wordvec.diachronic.align.Alignment` that produced this series, if any.
        self.alignment = None
        #: Per-period fitted trainers (set by :func:`train_periods`), e.g. for their co-occurrences.
        self.trainers: dict = {}

    # ---------------------------------------------------------------- basics
    @property
    def dim(self) -> int:
        return self.vectors.shape[2]

    @property
    def aligned(self) -> bool:
        """True when the periods share one coordinate system (after :func:`align`)."""
        return self.alignment is not None

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self._index

    def period_index(self, period: Hashable) -> int:
        """Position of ``period`` in :attr:`periods`; negative ints count from the end if not labels."""
        if period in self.periods:
            return self.periods.index(period)
        if isinstance(period, (int, np.integer)) and -len(self.periods) <= period < 0:
            return len(self.periods) + int(period)
        raise DiachronicError(f"unknown period {period!r}; the series has {self.periods!r}")

    def index(self, word: str) -> int:
        try:
            return self._index[word]
        except KeyError:
            raise OOVError([word], where="the series' vocabulary") from None

    def indices(self, words: Iterable[str]) -> np.ndarray:
        words = list(words)
        idx = [self._index.get(w, -1) for w in words]
        missing = [w for w, i in zip(words, idx) if i < 0]
        if missing:
            raise OOVError(missing, where="the series' vocabulary")
        return np.asarray(idx, dtype=np.int64)

    def vector(self, word: str, period: Hashable) -> np.ndarray:
        """The vector of ``word`` in ``period``; :class:`AbsentWordError` if it is masked there."""
        t, i = self.period_index(period), self.index(word)
        if not self.present[t, i]:
            raise AbsentWordError(word, self.periods[t], None if self.counts is None else int(self.counts[t, i]))
        return self.vectors[t, i]

    def is_present(self, word: str, period: Hashable) -> bool:
        return bool(self.present[self.period_index(period), self.index(word)])

    @property
    def frequency(self) -> np.ndarray:
        """Relative frequency, shape (T, n) (NaN without counts)."""
        if self.counts is None or self.totals is None:
            return np.full(self.present.shape, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.counts / self.totals[:, None]

    def shared(self, a: Hashable, b: Hashable) -> np.ndarray:
        """Rows of the words present in both periods."""
        return np.flatnonzero(self.present[self.period_index(a)] & self.present[self.period_index(b)])

    def period(self, period: Hashable) -> Embedding:
        """The :class:`~wordvec.Embedding` of one period, present words only (series order)."""
        t = self.period_index(period)
        rows = np.flatnonzero(self.present[t])
        counts = None if self.counts is None else self.counts[t, rows]
        return Embedding([self.words[i] for i in rows], self.vectors[t, rows], counts,
                         {**self.meta, "period": self.periods[t]}, validate=False)

    __getitem__ = period

    def with_vectors(self, vectors: np.ndarray, *, _trusted: bool = False, **meta: Any) -> "DiachronicEmbedding":
        """Same periods, vocabulary, masks and counts; new vectors (validated unless produced internally)."""
        if _trusted:  # rows derived from this series' own validated ones (e.g. rotated): skip the O(T·n·d) checks
            out = copy.copy(self)
            out.vectors, out.meta, out.alignment = vectors, {**self.meta, **meta}, None
            return out
        out = DiachronicEmbedding(self.periods, self.words, vectors, self.present, self.counts, self.totals, {**self.meta, **meta})
        out.trainers = self.trainers
        return out

    def subset(self, words: Iterable[str]) -> "DiachronicEmbedding":
        """The series restricted to ``words`` (all must be in the vocabulary)."""
        words = list(words)
        rows = self.indices(words)
        out = DiachronicEmbedding(self.periods, words, self.vectors[:, rows], self.present[:, rows],
                                  None if self.counts is None else self.counts[:, rows], self.totals, dict(self.meta))
        out.alignment, out.trainers = self.alignment, self.trainers
        return out

    # ------------------------------------------------------------ constructors
    @classmethod
    def from_embeddings(
        cls,
        embeddings: Mapping[Hashable, Embedding],
        *,
        vocab_size: int | None = None,
        min_count: int = 0,
        words: Sequence[str] | None = None,
        meta: dict | None = None,
    ) -> "DiachronicEmbedding":
        """Stack per-period embeddings over a shared vocabulary.

        Parameters
        ----------
        embeddings : mapping period → Embedding
            In chronological order (the mapping's order is kept).
        vocab_size : int, optional
            Keep the top-``vocab_size`` words by *average relative frequency* over all
            periods (a period where a word is missing contributes 0), as HistWords does.
            Without counts, words are ranked by the number of periods they appear in.
        min_count : int
            A word with fewer occurrences than this in a period is absent (masked)
            there, even when the trainer gave it a vector.
        words : sequence of str, optional
            An explicit vocabulary instead of the policy above; words no period knows are
            an :class:`~wordvec.errors.OOVError`.
        """
        periods = list(embeddings)
        if len(periods) < 2:
            raise DiachronicError(f"a diachronic series needs at least two periods, got {len(periods)}: {periods!r}")
        embs = [embeddings[p] for p in periods]
        empty = [p for p, e in zip(periods, embs) if len(e) == 0]
        if empty:
            raise EmptyInputError(f"period(s) {empty!r} have no words")
        dims = {p: e.dim for p, e in zip(periods, embs)}
        if len(set(dims.values())) > 1:
            raise DiachronicError(f"all periods need the same number of dimensions, got {dims}")
        has_counts = all(e.counts is not None for e in embs)
        if min_count and not has_counts:
            missing = [p for p, e in zip(periods, embs) if e.counts is None]
            raise DiachronicError(f"min_count={min_count} needs word counts, but period(s) {missing!r} carry none")
        T, d = len(periods), embs[0].dim
        # The union vocabulary in first-seen order, then ranked by the policy.
        union: dict[str, int] = {}
        for e in embs:
            for w in e.words:
                union.setdefault(w, len(union))
        union_words = list(union)
        counts_full = np.zeros((T, len(union_words)), dtype=np.int64)
        known = np.zeros((T, len(union_words)), dtype=bool)
        for t, e in enumerate(embs):
            cols = np.fromiter((union[w] for w in e.words), dtype=np.int64, count=len(e))
            known[t, cols] = True
            if has_counts:
                counts_full[t, cols] = np.asarray(e.counts, dtype=np.int64)
        totals = counts_full.sum(axis=1).astype(float) if has_counts else None
        if words is not None:
            words = [str(w) for w in words]
            unknown = [w for w in words if w not in union]
            if unknown:
                raise OOVError(unknown, where="any period of the series")
            order = np.array([union[w] for w in words], dtype=np.int64)
        else:
            if has_counts:
                avg = (counts_full / np.maximum(totals, 1)[:, None]).mean(axis=0)
                key = avg
            else:
                key = known.sum(axis=0).astype(float)
            order = np.argsort(-key, kind="stable")
            if vocab_size is not None:
                order = order[: int(vocab_size)]
        out_words = [union_words[i] for i in order]
        present = known[:, order]
        counts = counts_full[:, order] if has_counts else None
        if min_count and counts is not None:
            present &= counts >= min_count
        vectors = np.full((T, len(out_words), d), np.nan, dtype=np.float32)
        for t, e in enumerate(embs):
            rows = np.flatnonzero(present[t])
            if len(rows):
                vectors[t, rows] = e.vectors[e.indices([out_words[i] for i in rows])]
        policy = {"vocab_size": vocab_size, "min_count": min_count, "explicit_words": words is not None}
        base_meta = {k: v for k, v in embs[0].meta.items() if k not in ("period", "source")}
        return cls(periods, out_words, vectors, present, counts, totals,
                   {**base_meta, "vocabulary_policy": policy, **(meta or {})})

    @classmethod
    def from_histwords(cls, directory: str | os.PathLike, periods: Sequence[int] | None = None, **kwargs: Any) -> "DiachronicEmbedding":
        """Read HistWords files (``{year}-w.npy`` + ``{year}-vocab.pkl``) from ``directory``.

        HistWords marks a word without a vector in a decade with an all-zero row; those
        rows become *absent* here. The (Python 2) pickles hold the vocabulary list.
        Keyword arguments go to :meth:`from_embeddings`.

        References
        ----------
        Hamilton, Leskovec & Jurafsky (2016), https://nlp.stanford.edu/projects/histwords/
        """
        directory = Path(directory)
        if not directory.is_dir():
            raise MissingFileError(directory, "no such directory (HistWords files expected here)")
        if periods is None:
            periods = sorted(int(p.name.split("-")[0]) for p in directory.glob("*-w.npy") if p.name.split("-")[0].isdigit())
        if not periods:
            raise FormatError(directory, "no HistWords '{year}-w.npy' files in this directory")
        embs = {}
        for year in periods:
            wpath, vpath = directory / f"{year}-w.npy", directory / f"{year}-vocab.pkl"
            for p in (wpath, vpath):
                if not p.exists():
                    raise MissingFileError(p, f"HistWords period {year}: file missing")
            try:
                with open(vpath, "rb") as fh:
                    vocab = pickle.load(fh, encoding="latin1")
            except Exception as exc:  # noqa: BLE001 - any unpickling failure is a format problem
                raise FormatError(vpath, f"cannot read the vocabulary pickle: {exc}") from None
            mat = np.load(wpath, mmap_mode="r")
            if mat.ndim != 2 or mat.shape[0] != len(vocab):
                raise FormatError(wpath, f"matrix of shape {mat.shape} does not match the {len(vocab)}-word vocabulary in {vpath.name}")
            keep = np.flatnonzero(np.abs(np.asarray(mat)).sum(axis=1) > 0)  # zero rows mean "absent"
            embs[year] = Embedding([str(vocab[i]) for i in keep], np.asarray(mat[keep]), meta={"source": str(wpath)})
        kwargs.setdefault("words", None)
        return cls.from_embeddings(embs, **kwargs)

    # ----------------------------------------------------------------- display
    def to_frame(self) -> pd.DataFrame:
        """One row per period: words present, tokens, and (if aligned) the alignment residual."""
        import pandas as pd

        df = pd.DataFrame({
            "period": self.periods,
            "present": self.present.sum(axis=1),
            "absent": (~self.present).sum(axis=1),
        })
        if self.totals is not None:
            df["tokens"] = self.totals.astype(np.int64)
        if self.alignment is not None:
            df = df.merge(self.alignment.to_frame()[["period", "residual", "relative_residual"]], on="period", how="left")
        return df

    def summary(self) -> Summary:
        info = {"periods": f"{len(self.periods)} ({self.periods[0]} … {self.periods[-1]})", "vocabulary": f"{len(self):,} words",
                "dimensions": self.dim, "aligned": self.aligned}
        for k in ("trainer", "vocabulary_policy"):
            if k in self.meta:
                info[k] = self.meta[k]
        return Summary("Diachronic embedding", info, [self.to_frame()],
                       ["absent words are masked (NaN rows, present=False), never zero vectors"])

    def __repr__(self) -> str:
        return (f"<DiachronicEmbedding {len(self.periods)} periods ({self.periods[0]}…{self.periods[-1]}) × "
                f"{len(self):,} words × {self.dim} dims{', aligned' if self.aligned else ''}>")

    def plot_trajectory(self, word: str, **kwargs: Any) -> Axes:
        """Hamilton et al. (2016) Fig. 1-style trajectory; see :func:`wordvec.diachronic.plots.plot_trajectory`."""
        from .plots import plot_trajectory

        return plot_trajectory(self, word, **kwargs)

    def plot(self, ax: Axes | None = None) -> Axes:
        """Words present per period."""
        from ..plot import get_ax

        ax = get_ax(ax)
        labels = [str(p) for p in self.periods]
        ax.bar(labels, self.present.sum(axis=1), color="#4c72b0")
        ax.set_xlabel("period")
        ax.set_ylabel("words with a vector")
        ax.set_title("Vocabulary present per period")
        return ax


def _period_items(corpora: Any) -> list[tuple[Hashable, Any]]:
    """(period, corpus) pairs of a TimeSlicedCorpus-like object or a mapping."""
    if isinstance(corpora, Mapping):
        return list(corpora.items())
    periods = getattr(corpora, "periods", None)
    if periods is None:
        raise ParameterTypeError("corpora: expected a TimeSlicedCorpus (with .periods and corpus[period]) or a mapping period → corpus, "
                        f"got {type(corpora).__name__}")
    return [(p, corpora[p]) for p in periods]


def train_periods(
    corpora: Any,
    trainer: Any,
    *,
    vocab_size: int | None = None,
    min_count: int = 0,
    keep_trainers: bool = True,
    progress: bool | None = None,
) -> DiachronicEmbedding:
    """Train one embedding per period with the *same* hyper-parameters.

    Parameters
    ----------
    corpora : TimeSlicedCorpus or mapping period → corpus
        ``corpora.periods`` in order and ``corpora[period]`` a re-iterable of token lists.
    trainer : estimator
        Any wordvec trainer (``SGNS``, ``PPMISVD``, ``GloVe``, ...) with
        ``fit(corpus) -> Embedding``. It is cloned per period, so the same settings and
        seed apply to every period.
    vocab_size, min_count
        The shared vocabulary policy (see :meth:`DiachronicEmbedding.from_embeddings`).
    keep_trainers : bool
        Keep the fitted per-period trainers in ``series.trainers`` (their
        co-occurrence matrices feed :func:`~wordvec.diachronic.laws`).

    Notes
    -----
    Hamilton et al. (2016) advise PPMI-SVD for periods of fewer than ~100M tokens
    and SGNS only above that.
    """
    items = _period_items(corpora)
    if len(items) < 2:
        raise DiachronicError(f"a diachronic series needs at least two periods, got {len(items)}")
    embs, fitted = {}, {}
    for period, corpus in progress_bar(items, desc="periods", progress=progress):
        est = clone(trainer)
        try:
            emb = est.fit(corpus)
        except EmptyInputError as exc:
            raise EmptyInputError(f"period {period!r}: {exc}") from exc
        if not isinstance(emb, Embedding):  # trainers returning self
            emb = getattr(est, "embedding_", emb)
        embs[period] = emb
        if keep_trainers:
            fitted[period] = est
    series = DiachronicEmbedding.from_embeddings(
        embs, vocab_size=vocab_size, min_count=min_count,
        meta={"trainer": type(trainer).__name__})
    series.trainers = fitted
    return series
