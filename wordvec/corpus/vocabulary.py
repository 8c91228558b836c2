"""`Vocabulary`: words, their counts and integer ids (most frequent first)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any

import numpy as np

from .._progress import progress_bar
from ..errors import EmptyInputError, FormatError, OOVError, ParameterError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Vocabulary", "shared_vocabulary"]


class Vocabulary:
    """Words with counts and integer ids.

    Parameters
    ----------
    words : list of str
        Unique words; their position is their id. :meth:`build` sorts them by
        decreasing count (ties in order of first appearance), as do word2vec, GloVe
        and gensim; a vocabulary built another way keeps the order given.
    counts : array-like of int
        Corpus frequency of each word (int64, non-negative).

    Attributes
    ----------
    words : list of str
    counts : np.ndarray of int64
    index : dict
        word → id.
    total : int
        Sum of the counts (tokens of the corpus that the vocabulary covers).
    corpus_tokens : int
        Tokens seen when the vocabulary was built, including the words filtered out
        (equal to ``total`` unless :meth:`build`/:meth:`filter` dropped words).

    Examples
    --------
    >>> v = Vocabulary.build([["a", "b", "a"], ["c", "a"]])
    >>> v.words, v.counts.tolist(), v.ids(["a", "zzz", "c"]).tolist()
    (['a', 'b', 'c'], [3, 1, 1], [0, -1, 2])
    """

    def __init__(self, words: Sequence[str], counts: Any, *, corpus_tokens: int | None = None):
        words = list(words)
        counts = np.asarray(counts)
        if counts.ndim != 1 or counts.shape[0] != len(words):
            raise ParameterError(f"Vocabulary: {len(words)} words but counts has shape {counts.shape}")
        if counts.size and (not np.issubdtype(counts.dtype, np.integer) and not np.all(counts == np.round(counts))):
            bad = counts[counts != np.round(counts)][:3].tolist()
            raise ParameterError(f"Vocabulary: counts must be integers, got {bad}")
        counts = counts.astype(np.int64)
        if counts.size and counts.min() < 0:
            raise ParameterError(f"Vocabulary: counts must be non-negative, got {int(counts.min())}")
        index = {w: i for i, w in enumerate(words)}
        if len(index) != len(words):
            dup = [w for w, c in Counter(words).items() if c > 1]
            raise FormatError(None, f"duplicate words in vocabulary: {dup[:10]}")
        self.words = words
        self.counts = counts
        self.index = index
        self.total = int(counts.sum())
        self.corpus_tokens = self.total if corpus_tokens is None else int(corpus_tokens)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_counter(cls, counter: Mapping[str, int], min_count: int = 1, max_size: int | None = None,
                     *, corpus_tokens: int | None = None) -> "Vocabulary":
        """Vocabulary of the words with count ≥ ``min_count``, the ``max_size`` most frequent.

        Sorted by decreasing count; ties keep the mapping's order (first appearance for
        a :class:`collections.Counter` filled in corpus order).

        Examples
        --------
        >>> Vocabulary.from_counter({"b": 1, "a": 3, "c": 1}, min_count=1, max_size=2).words
        ['a', 'b']
        """
        if min_count < 1:
            raise ParameterError(f"min_count must be >= 1, got {min_count!r}")
        if max_size is not None and max_size < 1:
            raise ParameterError(f"max_size must be >= 1 or None, got {max_size!r}")
        total = int(sum(counter.values())) if corpus_tokens is None else corpus_tokens
        items = [(w, c) for w, c in counter.items() if c >= min_count]
        items.sort(key=lambda wc: -wc[1])  # stable: ties keep first-appearance order
        if max_size is not None:
            items = items[:max_size]
        if not items:
            if not counter:
                raise EmptyInputError("the corpus is empty: no document holds a token")
            raise EmptyInputError(
                f"the vocabulary is empty after filtering: none of the {len(counter)} distinct words "
                f"({total} tokens) occurs at least min_count={min_count} times "
                f"(the most frequent occurs {max(counter.values())} times)")
        return cls([w for w, _ in items], np.fromiter((c for _, c in items), np.int64, len(items)),
                   corpus_tokens=total)

    @classmethod
    def build(cls, corpus: Iterable[Sequence[str]], min_count: int = 1, max_size: int | None = None,
              *, progress: bool | None = None) -> "Vocabulary":
        """Count the words of a corpus (one pass) and keep the frequent ones.

        Parameters
        ----------
        corpus : iterable of token lists, or a path (see :func:`as_corpus`)
        min_count : int, default 1
            Drop words seen fewer times.
        max_size : int, optional
            Keep only the ``max_size`` most frequent words (after ``min_count``).

        Raises
        ------
        EmptyInputError
            If the corpus has no token, or no word survives the filters.

        Examples
        --------
        >>> Vocabulary.build([["a", "b", "a"], ["c", "a"]], min_count=2).words
        ['a']
        """
        from .readers import as_corpus

        counter: Counter[str] = Counter()
        for doc in progress_bar(as_corpus(corpus), desc="vocabulary", progress=progress, unit="doc"):
            counter.update(doc)
        return cls.from_counter(counter, min_count, max_size)

    def filter(self, min_count: int = 1, max_size: int | None = None) -> "Vocabulary":
        """A new vocabulary with only the words of count ≥ ``min_count`` (and the ``max_size`` most frequent)."""
        return Vocabulary.from_counter(dict(zip(self.words, self.counts.tolist())), min_count, max_size,
                                       corpus_tokens=self.corpus_tokens)

    @classmethod
    def merge(cls, vocabularies: Iterable["Vocabulary"], min_count: int = 1,
              max_size: int | None = None) -> "Vocabulary":
        """Union of vocabularies with summed counts (e.g. of corpus shards), re-sorted and filtered."""
        counter: Counter[str] = Counter()
        tokens = 0
        for v in vocabularies:
            counter.update(dict(zip(v.words, v.counts.tolist())))
            tokens += v.corpus_tokens
        return cls.from_counter(counter, min_count, max_size, corpus_tokens=tokens)

    # ------------------------------------------------------------------ lookups
    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.index

    def __iter__(self):
        return iter(self.words)

    def __getitem__(self, i: int) -> str:
        return self.words[i]

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Vocabulary) and self.words == other.words
                and np.array_equal(self.counts, other.counts))

    __hash__ = None  # type: ignore[assignment]

    def same_words(self, other: "Vocabulary") -> bool:
        """Whether both vocabularies give every word the same id (counts may differ)."""
        return self is other or self.words == other.words

    def ids(self, tokens: Iterable[str]) -> np.ndarray:
        """Ids of ``tokens`` as an int64 array; unknown tokens get -1."""
        if not isinstance(tokens, (list, tuple)):
            tokens = list(tokens)
        return np.fromiter(map(self.index.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))

    def id(self, word: str) -> int:
        """Id of one word; raises :class:`~wordvec.errors.OOVError` if it is unknown."""
        try:
            return self.index[word]
        except KeyError:
            raise OOVError([word], "the vocabulary") from None

    def count(self, word: str) -> int:
        """Corpus count of one word (:class:`OOVError` if unknown)."""
        return int(self.counts[self.id(word)])

    def frequencies(self) -> np.ndarray:
        """Relative frequencies ``counts / corpus_tokens``."""
        return self.counts / max(self.corpus_tokens, 1)

    # ------------------------------------------------------------------ files
    def write_glove(self, path: Any) -> Any:
        """Write ``word count`` lines, most frequent first: the output of GloVe's ``vocab_count`` (atomic)."""
        from pathlib import Path

        from .._atomic import atomic_text

        path = Path(path)
        with atomic_text(path) as f:
            for w, c in zip(self.words, self.counts.tolist()):
                f.write(f"{w} {c}\n")
        return path

    @classmethod
    def read_glove(cls, path: Any) -> "Vocabulary":
        """Read a ``word count`` file (GloVe ``vocab_count`` output; tab-separated also accepted)."""
        from .readers import open_text

        words: list[str] = []
        counts: list[int] = []
        for lineno, line in open_text(path):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 2:
                raise FormatError(path, f"expected 'word count', got {line.strip()[:60]!r}", lineno)
            try:
                counts.append(int(parts[1]))
            except ValueError:
                raise FormatError(path, f"count {parts[1]!r} is not an integer", lineno) from None
            words.append(parts[0])
        if not words:
            raise EmptyInputError(f"{path}: the vocabulary file is empty")
        return cls(words, np.asarray(counts, dtype=np.int64))

    def to_frame(self) -> pd.DataFrame:
        """A pandas DataFrame with columns ``word`` and ``count``, indexed by id."""
        import pandas as pd

        return pd.DataFrame({"word": self.words, "count": self.counts})

    def __repr__(self) -> str:
        head = ", ".join(f"{w!r}:{c}" for w, c in zip(self.words[:5], self.counts[:5].tolist()))
        more = ", ..." if len(self) > 5 else ""
        return f"Vocabulary({len(self)} words, {self.total} tokens; {head}{more})"


def shared_vocabulary(corpora: Any, max_size: int | None = None, min_count: int = 1, *,
                      progress: bool | None = None) -> Vocabulary:
    """One vocabulary for several periods (or corpora), as in diachronic studies.

    A word is kept if it occurs at least ``min_count`` times in **every** period; the
    kept words are ranked by their average relative frequency across periods (each
    period weighted equally, so a large period does not dominate) and the top
    ``max_size`` are kept, in that order. This is the HistWords selection (Hamilton,
    Leskovec & Jurafsky 2016, "Diachronic word embeddings reveal statistical laws of
    semantic change", ACL: top words by average frequency, present in every decade).

    Parameters
    ----------
    corpora : TimeSlicedCorpus, mapping period → corpus, or mapping period → Vocabulary
    max_size : int, optional
    min_count : int, default 1
        Minimum count required in each period.

    Returns
    -------
    Vocabulary
        ``counts`` are the totals over all periods; the order is by average relative
        frequency (most frequent first), which is also the order of the ids.

    Raises
    ------
    EmptyInputError
        If a period is empty or no word meets ``min_count`` in every period.

    Examples
    --------
    >>> shared_vocabulary({1800: [["a", "b", "a"]], 1850: [["a", "c"]]}).words
    ['a']
    """
    if hasattr(corpora, "periods") and hasattr(corpora, "shuffled"):
        items = [(p, corpora[p]) for p in corpora.periods]
    else:
        items = list(corpora.items())
    if not items:
        raise EmptyInputError("no period given")
    vocabs = []
    for period, c in progress_bar(items, desc="vocabulary per period", progress=progress):
        if isinstance(c, Vocabulary):
            vocabs.append(c)
        else:
            try:
                vocabs.append(Vocabulary.build(c, min_count=1))
            except EmptyInputError:
                raise EmptyInputError(f"period {period!r} is empty: no document holds a token") from None
    common = set(vocabs[0].index)
    for v in vocabs[1:]:
        common &= v.index.keys()
    words = [w for w in vocabs[0].words if w in common]
    if not words:
        raise EmptyInputError(f"no word occurs in all {len(vocabs)} periods")
    counts = np.stack([v.counts[v.ids(words)] for v in vocabs])  # (periods, words)
    ok = (counts >= min_count).all(axis=0)
    if not ok.any():
        raise EmptyInputError(f"the shared vocabulary is empty: no word occurs at least min_count={min_count} "
                              f"times in each of the {len(vocabs)} periods")
    tokens = np.array([max(v.corpus_tokens, 1) for v in vocabs], dtype=np.float64)
    rel = (counts / tokens[:, None]).mean(axis=0)
    order = np.flatnonzero(ok)
    order = order[np.argsort(-rel[order], kind="stable")]
    if max_size is not None:
        order = order[:max_size]
    return Vocabulary([words[i] for i in order], counts.sum(axis=0)[order],
                      corpus_tokens=int(sum(v.corpus_tokens for v in vocabs)))
