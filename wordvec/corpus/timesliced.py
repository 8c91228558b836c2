"""Dated corpora grouped into ordered periods: `Binning` and `TimeSlicedCorpus`."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import EmptyInputError, FormatError, ParameterError, ParameterTypeError, WordvecError
from .readers import Corpus, OneShotIteratorError, as_corpus

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Binning", "TimeSlicedCorpus", "PeriodError"]


class PeriodError(WordvecError, KeyError):
    """A period label that the corpus does not have."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class Binning:
    """How years map to periods: fixed-width bins or explicit boundaries.

    Parameters
    ----------
    width : int, optional
        Width of each bin in years. Bins are aligned on ``origin``: with ``width=10``
        and the default ``origin=0``, 1790–1799 is period 1790 (decades); with
        ``width=50`` 1800–1849 is period 1800.
    boundaries : sequence of int, optional
        Increasing period starts plus a final end (exclusive): ``[1790, 1850, 1900,
        2030]`` gives periods 1790 (1790–1849), 1850 and 1900 (1900–2029). Years
        outside ``[boundaries[0], boundaries[-1])`` belong to no period.
    origin : int, default 0
        Alignment of fixed-width bins.

    Exactly one of ``width`` and ``boundaries`` is given. Period labels are the
    first year of each period.

    Examples
    --------
    >>> Binning(width=50).start([1790, 1801, 1850]).tolist()
    [1750, 1800, 1850]
    >>> Binning(boundaries=[1790, 1861, 2027]).start([1789, 1860, 1861]).tolist()
    [-1, 1790, 1861]
    """

    def __init__(self, width: int | None = None, boundaries: Sequence[int] | None = None, origin: int = 0):
        if (width is None) == (boundaries is None):
            raise ParameterError(f"Binning: give exactly one of width= and boundaries=, got width={width!r} "
                                 f"and boundaries={boundaries!r}")
        if width is not None:
            if isinstance(width, bool) or not isinstance(width, (int, np.integer)) or width < 1:
                raise ParameterError(f"Binning: width must be a positive integer number of years, got {width!r}")
            self.width: int | None = int(width)
            self.boundaries: np.ndarray | None = None
        else:
            b = np.asarray(boundaries)
            if b.ndim != 1 or b.size < 2 or not np.issubdtype(b.dtype, np.integer):
                raise ParameterError("Binning: boundaries must be at least two integer years (period starts and "
                                     f"a final end), got {boundaries!r}")
            if np.any(np.diff(b) <= 0):
                raise ParameterError(f"Binning: boundaries must be strictly increasing, got {b.tolist()}")
            self.width = None
            self.boundaries = b.astype(np.int64)
        self.origin = int(origin)

    @classmethod
    def coerce(cls, bins: Any) -> "Binning":
        """A Binning from a Binning, an int width or a sequence of boundaries."""
        if isinstance(bins, Binning):
            return bins
        if isinstance(bins, (int, np.integer)) and not isinstance(bins, bool):
            return cls(width=int(bins))
        return cls(boundaries=list(bins))

    def start(self, years: Any) -> np.ndarray:
        """Period label (first year) of each year; for boundaries, ``-1`` marks years outside."""
        y = np.asarray(years, dtype=np.int64)
        if self.width is not None:
            return (y - self.origin) // self.width * self.width + self.origin
        b = self.boundaries
        idx = np.searchsorted(b, y, side="right") - 1
        inside = (idx >= 0) & (idx < b.size - 1)
        return np.where(inside, b[np.clip(idx, 0, b.size - 2)], -1)

    def labels(self, years: Any = None) -> list[int]:
        """All period labels: every boundary interval, or every width bin from the first to the last year."""
        if self.boundaries is not None:
            return self.boundaries[:-1].tolist()
        y = np.asarray(years, dtype=np.int64)
        if y.size == 0:
            return []
        first, last = self.start([y.min(), y.max()]).tolist()
        return list(range(first, last + 1, self.width))

    def span(self, label: int) -> tuple[int, int]:
        """``(first_year, last_year)`` of a period (inclusive)."""
        if self.width is not None:
            return label, label + self.width - 1
        i = int(np.searchsorted(self.boundaries, label))
        return label, int(self.boundaries[i + 1]) - 1

    def __repr__(self) -> str:
        if self.width is not None:
            return f"Binning(width={self.width}, origin={self.origin})"
        return f"Binning(boundaries={self.boundaries.tolist()})"


def _zip_years(assign: Any, docs: Any) -> Iterator[tuple[int, Any]]:
    """Pair each document with its period; a streaming source whose length differs from the years is an error."""
    try:
        yield from zip(assign, docs, strict=True)
    except ValueError as e:
        if "zip()" not in str(e):
            raise
        raise FormatError(None, f"the corpus and its years differ in length ({len(assign)} years): "
                                "give exactly one year per document") from None


class _PeriodCorpus(Corpus):
    """The documents of one period (a view; re-reads the parent's source)."""

    def __init__(self, parent: "TimeSlicedCorpus", index: int, label: int):
        self.parent = parent
        self.index = index
        self.label = label

    def __iter__(self) -> Iterator[list[str]]:
        docs = self.parent._documents
        assign = self.parent._assign
        if isinstance(docs, Sequence):
            for i in np.flatnonzero(assign == self.index):
                yield docs[i]
        else:
            target = self.index
            for a, doc in _zip_years(assign, docs):
                if a == target:
                    yield doc

    def __len__(self) -> int:
        return int(np.count_nonzero(self.parent._assign == self.index))

    def __repr__(self) -> str:
        lo, hi = self.parent.binning.span(self.label)
        return f"<period {self.label} ({lo}–{hi}) of {self.parent!r}: {len(self)} documents>"


class TimeSlicedCorpus(Corpus):
    """Documents with a year each, grouped into ordered periods.

    Parameters
    ----------
    documents : corpus (re-iterable of token lists), or a sequence of them
        Streaming sources work: a period is read by re-iterating the source and
        keeping its documents.
    years : array-like of int
        One year per document, in the documents' order.
    width, boundaries, origin
        The period bins (see :class:`Binning`); default ``width=10`` (decades).
    metadata : pandas.DataFrame, optional
        One row per document (e.g. speech, president), kept as ``.metadata``.

    Attributes
    ----------
    periods : list of int
        Ordered period labels (first year of each period). With fixed-width bins every
        bin from the first to the last year is listed, so a gap in the data shows up
        as an empty period; using it raises :class:`~wordvec.errors.EmptyInputError`.
    binning : Binning
    years : np.ndarray
    excluded : int
        Documents whose year is outside every period (explicit boundaries only).

    Notes
    -----
    Iterating over the object yields every document that belongs to a period, in
    source order (the undated corpus); ``corpus[period]`` is the corpus of one period.
    :meth:`shuffled` is the control of Dubossarsky, Weinshall & Grossman (2017,
    "Outta control: laws of semantic change and inherent biases in word
    representation models", EMNLP): same period sizes, documents randomly reassigned.

    Examples
    --------
    >>> tsc = TimeSlicedCorpus([["a", "b"], ["b", "c"], ["c"]], years=[1801, 1812, 1855], width=50)
    >>> tsc.periods, [len(tsc[p]) for p in tsc.periods]
    ([1800, 1850], [2, 1])
    """

    def __init__(self, documents: Any, years: Any, *, width: int | None = None,
                 boundaries: Sequence[int] | None = None, origin: int = 0, metadata: Any = None):
        if width is None and boundaries is None:
            width = 10
        self.binning = Binning(width, boundaries, origin)
        if isinstance(documents, Corpus) or not isinstance(documents, Sequence):
            documents = as_corpus(documents)
            if not getattr(documents, "reiterable", True):
                raise OneShotIteratorError("TimeSlicedCorpus needs a re-iterable source (a list or a corpus), "
                                           "not a generator")
        self._documents = documents
        y = np.asarray(years)
        if y.ndim != 1 or (y.size and not np.issubdtype(y.dtype, np.integer)):
            if y.size and np.issubdtype(y.dtype, np.floating) and np.all(y == np.round(y)):
                y = y.astype(np.int64)
            else:
                raise ParameterTypeError(f"TimeSlicedCorpus: years must be a 1-D array of integer years, "
                                         f"got {y.ndim}-D {y.dtype} values")
        self.years = y.astype(np.int64)
        if isinstance(documents, Sequence) and len(documents) != self.years.size:
            raise ParameterError(f"TimeSlicedCorpus: {len(documents)} documents but {self.years.size} years")
        self.periods: list[int] = self.binning.labels(self.years)
        starts = self.binning.start(self.years)
        pos = {p: i for i, p in enumerate(self.periods)}
        self._assign = np.fromiter((pos.get(s, -1) for s in starts.tolist()), dtype=np.int64,
                                   count=self.years.size)
        self.excluded = int(np.count_nonzero(self._assign < 0))
        self.metadata = metadata

    # ------------------------------------------------------------------ access
    def _index(self, period: Any) -> int:
        try:
            return self.periods.index(int(period))
        except (ValueError, TypeError):
            raise PeriodError(f"no period {period!r}; the periods are {self.periods}") from None

    def __getitem__(self, period: int) -> _PeriodCorpus:
        i = self._index(period)
        view = _PeriodCorpus(self, i, self.periods[i])
        if len(view) == 0:
            lo, hi = self.binning.span(self.periods[i])
            raise EmptyInputError(f"period {self.periods[i]} ({lo}–{hi}) is empty: no document is dated in it")
        return view

    def __contains__(self, period: object) -> bool:
        return period in self.periods

    def items(self, *, skip_empty: bool = False) -> Iterator[tuple[int, _PeriodCorpus]]:
        """``(period, corpus)`` pairs in order (empty periods raise unless ``skip_empty``)."""
        for p, n in zip(self.periods, self.period_sizes()):
            if n == 0 and skip_empty:
                continue
            yield p, self[p]

    def period_sizes(self) -> list[int]:
        """Number of documents in each period."""
        return np.bincount(self._assign[self._assign >= 0], minlength=len(self.periods)).tolist()

    def sizes(self) -> pd.DataFrame:
        """A DataFrame of periods: ``period``, ``start``, ``end``, ``documents``, ``tokens`` (one pass)."""
        import pandas as pd

        tokens = np.zeros(len(self.periods), dtype=np.int64)
        for a, doc in _zip_years(self._assign.tolist(), self._documents):
            if a >= 0:
                tokens[a] += len(doc)
        spans = [self.binning.span(p) for p in self.periods]
        return pd.DataFrame({"period": self.periods, "start": [s for s, _ in spans], "end": [e for _, e in spans],
                             "documents": self.period_sizes(), "tokens": tokens})

    def nonempty(self) -> "TimeSlicedCorpus":
        """The same corpus with empty periods removed (as explicit boundaries)."""
        sizes = self.period_sizes()
        keep = [i for i, n in enumerate(sizes) if n]
        if not keep:
            raise EmptyInputError("every period is empty")
        new = self._copy()
        new.periods = [self.periods[i] for i in keep]
        remap = np.full(len(self.periods) + 1, -1, dtype=np.int64)
        remap[keep] = np.arange(len(keep))
        new._assign = remap[self._assign]  # -1 stays -1 (last cell)
        return new

    def _copy(self) -> "TimeSlicedCorpus":
        new = object.__new__(TimeSlicedCorpus)
        new.__dict__.update(self.__dict__)
        return new

    def shuffled(self, seed: int | None = 0) -> "TimeSlicedCorpus":
        """A control corpus: documents randomly reassigned to periods, keeping each period's size.

        The number of documents per period is unchanged (token counts vary slightly);
        the documents' own years are kept in ``.years`` but no longer decide their
        period. Dubossarsky et al. (2017) use such a shuffle to show which "laws of
        semantic change" survive without any real change.

        Parameters
        ----------
        seed : int or None, default 0
            Seeds the reassignment (``None`` draws fresh entropy).

        Examples
        --------
        >>> tsc = TimeSlicedCorpus([["a"], ["b"], ["c"]], years=[1801, 1802, 1855], width=50)
        >>> [len(tsc.shuffled()[p]) for p in tsc.periods]
        [2, 1]

        References
        ----------
        Dubossarsky, H., Weinshall, D. & Grossman, E. (2017). Outta control: laws of semantic
        change and inherent biases in word representation models. EMNLP.
        """
        rng = np.random.default_rng(seed)
        new = self._copy()
        inside = np.flatnonzero(self._assign >= 0)
        assign = self._assign.copy()
        assign[inside] = rng.permutation(self._assign[inside])
        new._assign = assign
        return new

    def __iter__(self) -> Iterator[list[str]]:
        for a, doc in _zip_years(self._assign, self._documents):
            if a >= 0:
                yield doc

    def __len__(self) -> int:
        return int(np.count_nonzero(self._assign >= 0))

    def __repr__(self) -> str:
        return f"TimeSlicedCorpus({len(self)} documents, {len(self.periods)} periods, {self.binning!r})"
