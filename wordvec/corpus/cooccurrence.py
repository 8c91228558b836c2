"""Word–word co-occurrence counts: a symmetric scipy.sparse matrix and its vocabulary.

Counting is vectorised. Documents are mapped to an int id array per chunk of
tokens, each document followed by ``window`` sentinels (-1) so that no window
crosses a document boundary. For each offset ``d = 1..window`` the pairs
``(a[k], a[k+d])`` come out of two shifted views of that array; each pair is stored
once, as (smaller id, larger id), and accumulated

* in place into a dense block (``np.add.at``: no sort, no allocation) when the
  smaller id is among the most frequent words — under Zipf's law those rows hold
  almost all pairs (96 % of the SOTU pairs have a partner among the 1,000 most
  frequent words), the idea of the dense "rank product" array of the reference
  GloVe ``cooccur`` tool;
* into a sparse COO → CSR sum (duplicates added) for the remaining pairs.

On the SOTU benchmark (2.0M tokens, window 10, 5.46M non-zeros) this takes about
0.6 s of CPU, against 4 s for the reference C tool (``benchmarks/bench_cooccurrence.py``).

The upper triangle ``U`` is finally symmetrised as ``X = U + Uᵀ``. Memory is
bounded by the chunk size and the dense block (``dense_bins`` floats), not by the
corpus.
"""
from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from .._atomic import atomic_write
from .._progress import progress_bar
from ..errors import EmptyInputError, FormatError, OOVError, ParameterError, ParameterTypeError, WordvecError
from .readers import as_corpus, require_reiterable
from .vocabulary import Vocabulary

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Cooccurrence", "count_cooccurrences", "count_periods", "count_partial", "PartialCounts",
           "CooccurrenceCounter", "symmetrize", "write_glove_cooccurrences", "read_glove_cooccurrences",
           "check_counting_params", "WEIGHTINGS", "OOV_MODES"]

WEIGHTINGS = ("harmonic", "uniform")
OOV_MODES = ("skip", "keep")
#: Tokens mapped and counted at a time (the default of ``chunk_size``, declared once).
_DEFAULT_CHUNK = 1_000_000
#: Cells of the dense frequent-word block (the default of ``dense_bins``): 64 MB of float64.
_DEFAULT_DENSE_BINS = 8_000_000


class IncompatibleError(WordvecError, ValueError):
    """Two co-occurrence objects cannot be combined (different vocabulary, window or weighting)."""


def _weight(d: int, weighting: str) -> float:
    return 1.0 / d if weighting == "harmonic" else 1.0


class Cooccurrence:
    """A symmetric word–word co-occurrence matrix with its vocabulary.

    ``matrix[i, j]`` is the (weighted) number of times word ``j`` occurs within
    ``window`` tokens of word ``i`` in the same document: summed over ordered pairs of
    positions ``p != q``, ``|p - q| <= window``, of ``1/|p - q|`` ("harmonic", the
    weighting of GloVe, Pennington, Socher & Manning 2014) or ``1`` ("uniform").
    It is symmetric; a word next to itself counts twice on the diagonal (once in each
    direction), as in the reference ``cooccur`` tool.

    Parameters
    ----------
    matrix : scipy.sparse matrix or array, n × n
        Stored as ``csr_matrix`` of float64 with sorted indices.
    vocab : Vocabulary
    window : int
    weighting : {"harmonic", "uniform"}
    tokens : int, optional
        Corpus tokens (in the vocabulary) the counts come from.

    Notes
    -----
    ``a + b`` adds the counts of two shards or periods counted with the same
    vocabulary, window and weighting (vocabulary counts are added too); ``sum()``
    over a list works.

    Examples
    --------
    >>> c = count_cooccurrences([["a", "b", "a"]], window=1, weighting="uniform")
    >>> c.get("a", "b"), c.get("a", "a"), (c + c).get("a", "b")
    (2.0, 0.0, 4.0)
    """

    def __init__(self, matrix: Any, vocab: Vocabulary, window: int, weighting: str, *, tokens: int | None = None):
        if weighting not in WEIGHTINGS:
            raise ParameterError(f"Cooccurrence: weighting must be one of {WEIGHTINGS}, got {weighting!r}")
        m = sp.csr_matrix(matrix, dtype=np.float64)
        n = len(vocab)
        if m.shape != (n, n):
            raise ParameterError(f"Cooccurrence: matrix is {m.shape[0]}×{m.shape[1]} but the vocabulary has {n} words")
        m.sum_duplicates()
        m.sort_indices()
        self.matrix: sp.csr_matrix = m
        self.vocab = vocab
        self.window = int(window)
        self.weighting = weighting
        self.tokens = tokens

    # ------------------------------------------------------------------ basics
    @property
    def nnz(self) -> int:
        """Number of stored non-zero entries (both triangles)."""
        return int(self.matrix.nnz)

    @property
    def words(self) -> list[str]:
        return self.vocab.words

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape

    def __len__(self) -> int:
        return len(self.vocab)

    def total(self) -> float:
        """Sum of all entries."""
        return float(self.matrix.sum())

    def get(self, w1: str, w2: str) -> float:
        """The co-occurrence value of two words (:class:`OOVError` if either is unknown)."""
        missing = [w for w in (w1, w2) if w not in self.vocab]
        if missing:
            raise OOVError(missing, "the co-occurrence vocabulary")
        return float(self.matrix[self.vocab.index[w1], self.vocab.index[w2]])

    def __getitem__(self, key: tuple[str, str]) -> float:
        return self.get(*key)

    def _check_compatible(self, other: "Cooccurrence") -> None:
        if not isinstance(other, Cooccurrence):
            raise ParameterTypeError(f"cannot add Cooccurrence and {type(other).__name__}")
        if not self.vocab.same_words(other.vocab):
            raise IncompatibleError("cannot add co-occurrence counts over different vocabularies; "
                                    "count every shard or period with the same Vocabulary (vocab=...)")
        if (self.window, self.weighting) != (other.window, other.weighting):
            raise IncompatibleError(f"cannot add counts with window/weighting {self.window}/{self.weighting} "
                                    f"and {other.window}/{other.weighting}")

    def __add__(self, other: "Cooccurrence") -> "Cooccurrence":
        self._check_compatible(other)
        vocab = Vocabulary(self.vocab.words, self.vocab.counts + other.vocab.counts,
                           corpus_tokens=self.vocab.corpus_tokens + other.vocab.corpus_tokens)
        tokens = None if self.tokens is None or other.tokens is None else self.tokens + other.tokens
        return Cooccurrence(self.matrix + other.matrix, vocab, self.window, self.weighting, tokens=tokens)

    def __radd__(self, other: Any) -> "Cooccurrence":
        if isinstance(other, (int, float)) and other == 0:  # sum([...]) starts from 0
            return self
        return NotImplemented

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Cooccurrence) and self.vocab.same_words(other.vocab)
                and (self.window, self.weighting) == (other.window, other.weighting)
                and (self.matrix != other.matrix).nnz == 0)

    __hash__ = None  # type: ignore[assignment]

    def subset(self, words: Sequence[str]) -> "Cooccurrence":
        """Restrict to ``words`` (in that order); :class:`OOVError` lists unknown ones."""
        missing = [w for w in words if w not in self.vocab]
        if missing:
            raise OOVError(missing, "the co-occurrence vocabulary")
        ids = self.vocab.ids(words)
        vocab = Vocabulary(list(words), self.vocab.counts[ids], corpus_tokens=self.vocab.corpus_tokens)
        return Cooccurrence(self.matrix[ids][:, ids], vocab, self.window, self.weighting, tokens=self.tokens)

    def to_frame(self, top: int | None = None) -> pd.DataFrame:
        """Non-zero entries of the upper triangle as a DataFrame (word1, word2, value), largest first."""
        import pandas as pd

        u = sp.triu(self.matrix, format="coo")
        order = np.argsort(-u.data, kind="stable")
        if top is not None:
            order = order[:top]
        w = np.asarray(self.vocab.words, dtype=object)
        return pd.DataFrame({"word1": w[u.row[order]], "word2": w[u.col[order]], "value": u.data[order]})

    def __repr__(self) -> str:
        return (f"Cooccurrence({len(self)} words, nnz={self.nnz}, window={self.window}, "
                f"weighting={self.weighting!r})")

    # ------------------------------------------------------------------ persistence
    def save(self, path: str | os.PathLike) -> Path:
        """Write to a ``.npz`` file (matrix, words, counts, parameters); atomic (temp file + rename)."""
        path = Path(path)
        if path.suffix != ".npz":
            path = path.with_suffix(path.suffix + ".npz")
        m = self.matrix
        meta = {"window": self.window, "weighting": self.weighting, "tokens": self.tokens,
                "corpus_tokens": self.vocab.corpus_tokens, "format": "wordvec-cooccurrence-1"}
        with atomic_write(path, compress=False) as f:
            np.savez(f, data=m.data, indices=m.indices, indptr=m.indptr,
                     words=np.asarray(self.vocab.words, dtype=str), counts=self.vocab.counts,
                     meta=np.asarray(json.dumps(meta)))
        return path

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Cooccurrence":
        """Read a file written by :meth:`save`."""
        try:
            with np.load(path, allow_pickle=False) as z:
                meta = json.loads(str(z["meta"]))
                words = z["words"].tolist()
                n = len(words)
                m = sp.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=(n, n))
                vocab = Vocabulary(words, z["counts"], corpus_tokens=meta.get("corpus_tokens"))
        except (KeyError, ValueError, OSError) as e:
            raise FormatError(path, f"not a wordvec co-occurrence file: {e}") from None
        return cls(m, vocab, meta["window"], meta["weighting"], tokens=meta.get("tokens"))


# the reference GloVe's record: struct { int word1; int word2; double val; }, 1-based ids
_GLOVE_CREC = np.dtype([("word1", "<i4"), ("word2", "<i4"), ("val", "<f8")])


def write_glove_cooccurrences(cooc: Cooccurrence, path: str | os.PathLike) -> Path:
    """Write the binary ``cooccurrence.bin`` of the reference GloVe (Pennington et al. 2014) (atomic).

    One record per non-zero entry (both triangles), 1-based ids in the vocabulary's
    order — write the vocabulary with :meth:`Vocabulary.write_glove` next to it. The
    files feed the C tools ``shuffle`` and ``glove`` directly.
    """
    path = Path(path)
    coo = cooc.matrix.tocoo()
    rec = np.empty(coo.nnz, dtype=_GLOVE_CREC)
    rec["word1"] = coo.row + 1
    rec["word2"] = coo.col + 1
    rec["val"] = coo.data
    with atomic_write(path, compress=False) as f:
        f.write(memoryview(rec).cast("B"))
    return path


def read_glove_cooccurrences(path: str | os.PathLike, vocab: Vocabulary, *, window: int,
                             weighting: str = "harmonic") -> Cooccurrence:
    """Read a reference GloVe ``cooccurrence.bin`` (or its shuffled copy) over ``vocab``.

    Duplicate records are summed. ``window``/``weighting`` describe how the file was
    made (``cooccur -window-size``; its default weighting is 1/distance).
    """
    size = os.path.getsize(path)
    if size % _GLOVE_CREC.itemsize:
        raise FormatError(path, f"{size} bytes is not a whole number of {_GLOVE_CREC.itemsize}-byte "
                                "GloVe records (int, int, double): truncated or not a cooccurrence file")
    rec = np.fromfile(path, dtype=_GLOVE_CREC)
    n = len(vocab)
    for field in ("word1", "word2"):
        bad = np.flatnonzero((rec[field] < 1) | (rec[field] > n))
        if bad.size:
            raise FormatError(path, f"{field} id {int(rec[field][bad[0]])} is outside the {n}-word vocabulary",
                              int(bad[0]) + 1)
    if not np.all(np.isfinite(rec["val"])):
        raise FormatError(path, "non-finite co-occurrence value", int(np.flatnonzero(~np.isfinite(rec["val"]))[0]) + 1)
    m = sp.coo_matrix((rec["val"], (rec["word1"] - 1, rec["word2"] - 1)), shape=(n, n)).tocsr()
    return Cooccurrence(m, vocab, window, weighting)


class CooccurrenceCounter:
    """Accumulates co-occurrence pairs into a dense frequent-word block plus a sparse rest.

    Low-level: most users want :func:`count_cooccurrences` or
    :func:`~wordvec.corpus.read_ngram_cooccurrences`. Each pair is stored once as
    (smaller id, larger id); :meth:`matrix` returns the symmetric ``U + Uᵀ``.

    Parameters
    ----------
    n : int
        Vocabulary size.
    dense_bins : int
        Size of the dense block in float64 cells: rows ``0..K-1`` (the most frequent
        words when ids are frequency-sorted) with ``K = min(n, dense_bins // n)``.
        Pairs whose smaller id is below ``K`` are added in place with
        ``np.add.at`` (no sort, no allocation); the rest are buffered and summed by a
        COO → CSR conversion at each :meth:`flush`.
    """

    def __init__(self, n: int, dense_bins: int = _DEFAULT_DENSE_BINS):
        self.n = int(n)
        self.k = min(self.n, max(int(dense_bins), 0) // max(self.n, 1))
        self.dense = np.zeros(self.k * self.n, dtype=np.float64) if self.k else None
        self.sparse: sp.csr_matrix | None = None
        self.pairs = 0
        # int32 keys halve the memory traffic whenever n² fits
        self._key_dtype = np.int32 if self.n * self.n < 2**31 else np.int64
        self._sk: list[np.ndarray] = []
        self._sw: list[np.ndarray] = []

    def add_pairs(self, left: np.ndarray, right: np.ndarray, weight: float | np.ndarray) -> None:
        """Add pairs of ids (both in ``[0, n)``) with a scalar or per-pair weight."""
        m = left.size
        if m == 0:
            return
        self.pairs += m
        kd = self._key_dtype
        lo = np.minimum(left, right).astype(kd, copy=False)
        key = np.maximum(left, right).astype(kd, copy=False)
        key += lo * kd(self.n)
        scalar = np.ndim(weight) == 0
        w = float(weight) if scalar else np.asarray(weight, dtype=np.float64)
        if self.k:
            if self.k == self.n:
                np.add.at(self.dense, key, w)
                return
            dense = key < self.k * self.n  # ⇔ smaller id < k
            nd = int(np.count_nonzero(dense))
            if nd == m:
                np.add.at(self.dense, key, w)
                return
            if nd:
                np.add.at(self.dense, key[dense], w if scalar else w[dense])
                rest = ~dense
                key = key[rest]
                if not scalar:
                    w = w[rest]
        self._sk.append(key)
        self._sw.append(np.full(key.size, w) if scalar else np.array(w))

    def flush(self) -> None:
        """Sum the buffered sparse pairs (called per chunk; bounds memory)."""
        if self._sk:
            keys = np.concatenate(self._sk).astype(np.int64, copy=False)
            vals = np.concatenate(self._sw)
            part = sp.coo_matrix((vals, (keys // self.n, keys % self.n)), shape=(self.n, self.n)).tocsr()
            part.sum_duplicates()
            self.sparse = part if self.sparse is None else self.sparse + part
        self._sk, self._sw = [], []

    def upper(self) -> sp.csr_matrix:
        """The accumulated upper triangle (pairs stored as smaller id, larger id)."""
        self.flush()
        n = self.n
        u = self.sparse if self.sparse is not None else sp.csr_matrix((n, n), dtype=np.float64)
        if self.k:
            nz = np.flatnonzero(self.dense)  # sorted: row-major, canonical CSR order
            rows = nz // n
            indptr = np.zeros(n + 1, dtype=np.int64)
            indptr[1:self.k + 1] = np.cumsum(np.bincount(rows, minlength=self.k))
            indptr[self.k + 1:] = indptr[self.k]
            d = sp.csr_matrix((self.dense[nz], (nz - rows * n), indptr), shape=(n, n))
            u = u + d
        return u.tocsr()

    def matrix(self) -> sp.csr_matrix:
        """The symmetric matrix ``U + Uᵀ``."""
        return symmetrize(self.upper())


def check_counting_params(window: Any, weighting: Any, oov: Any = "skip", chunk_size: Any = 1) -> None:
    """Check the options of a co-occurrence count once, before any pass over the corpus.

    The public counting functions (:func:`count_cooccurrences`, :func:`count_periods`,
    :func:`~wordvec.corpus.read_ngram_cooccurrences`, :func:`wordvec.distributed.count_shards`)
    call it on entry; the passes they run (:func:`count_partial`) do not check again.

    Raises
    ------
    ParameterError
        Naming the parameter and the value it got.

    Examples
    --------
    >>> check_counting_params(0, "harmonic")
    Traceback (most recent call last):
    ...
    wordvec.errors.ParameterError: window must be a positive integer, got 0
    """
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 1:
        raise ParameterError(f"window must be a positive integer, got {window!r}")
    if weighting not in WEIGHTINGS:
        raise ParameterError(f"weighting must be one of {WEIGHTINGS}, got {weighting!r}")
    if oov not in OOV_MODES:
        raise ParameterError(f"oov must be 'skip' or 'keep', got {oov!r}")
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, (int, np.integer)) or chunk_size < 1:
        raise ParameterError(f"chunk_size must be a positive integer, got {chunk_size!r}")


def count_cooccurrences(corpus: Any, vocab: Vocabulary | None = None, *, window: int = 10,
                        weighting: str = "harmonic", min_count: int = 1, max_size: int | None = None,
                        oov: str = "skip", chunk_size: int = _DEFAULT_CHUNK,
                        dense_bins: int = _DEFAULT_DENSE_BINS, progress: bool | None = None) -> Cooccurrence:
    """Count word co-occurrences within a symmetric window, never across documents.

    Parameters
    ----------
    corpus : corpus (re-iterable of token lists) or path
        See :func:`~wordvec.corpus.as_corpus`. With ``vocab=None`` it is read twice.
    vocab : Vocabulary, optional
        Words to count (others are out-of-vocabulary). Default: built from the corpus
        with ``min_count`` / ``max_size``. Pass the same vocabulary to count shards or
        periods that will be added together.
    window : int, default 10
        Maximum distance between the two words.
    weighting : {"harmonic", "uniform"}
        ``1/distance`` (GloVe; Pennington et al. 2014) or ``1`` per pair.
    min_count, max_size : int
        Vocabulary filters (applied to ``vocab`` too when it is given).
    oov : {"skip", "keep"}
        ``"skip"`` removes out-of-vocabulary tokens before windowing, so distances are
        counted among vocabulary words (reference GloVe ``cooccur``, word2vec);
        ``"keep"`` leaves them as gaps that occupy a position (hyperwords, Levy et al. 2015).
    chunk_size : int
        Tokens mapped and counted at a time (bounds the working memory to a few tens
        of bytes per token of ``chunk_size``, whatever the corpus size).
    dense_bins : int
        Cells of the dense frequent-word block (8 bytes each); 0 for sparse only.
    progress : bool, optional
        Show a progress bar (default: on in terminals and notebooks).

    Returns
    -------
    Cooccurrence
        Its ``vocab`` has the words (and ids) of ``vocab`` with the counts observed in
        *this* corpus (``corpus_tokens`` includes out-of-vocabulary tokens), so results
        for shards or periods add up to those of the whole; ``tokens`` is the number of
        in-vocabulary tokens.

    Raises
    ------
    ParameterError
        A bad ``window``, ``weighting``, ``oov`` or ``chunk_size`` (checked before any pass).
    EmptyInputError
        Empty corpus, vocabulary filtered to nothing, or no pair within the window.

    References
    ----------
    Pennington, J., Socher, R. & Manning, C. D. (2014). GloVe: Global Vectors for Word
    Representation. EMNLP (the ``cooccur`` tool and its 1/distance weighting).
    Levy, O., Goldberg, Y. & Dagan, I. (2015). Improving distributional similarity with
    lessons learned from word embeddings. TACL 3 (uniform windows, OOV gaps kept).

    Examples
    --------
    >>> c = count_cooccurrences([["a", "b", "c"], ["a", "c"]], window=2)
    >>> c.get("a", "c"), c.get("a", "b")
    (1.5, 1.0)
    """
    check_counting_params(window, weighting, oov, chunk_size)
    corpus = as_corpus(corpus)
    if vocab is None:
        require_reiterable(corpus, "count_cooccurrences without vocab=")
        vocab = Vocabulary.build(corpus, min_count=min_count, max_size=max_size, progress=progress)
    elif min_count > 1 or max_size is not None:
        vocab = vocab.filter(min_count, max_size)
    return _count(corpus, vocab, window, weighting, oov, chunk_size, dense_bins, progress)


def _count(corpus: Any, vocab: Vocabulary, window: int, weighting: str, oov: str, chunk_size: int,
           dense_bins: int, progress: bool | None) -> Cooccurrence:
    """The counting pass and its symmetrisation, on checked options (all required)."""
    part = count_partial(corpus, vocab, window=window, weighting=weighting, oov=oov, chunk_size=chunk_size,
                         dense_bins=dense_bins, progress=progress)
    return part.finish(vocab, window, weighting)


def count_periods(corpus: Any, vocab: Vocabulary | None = None, *, max_size: int | None = None,
                  min_count: int = 1, window: int = 10, weighting: str = "harmonic", oov: str = "skip",
                  progress: bool | None = None) -> dict[Any, Cooccurrence]:
    """One :class:`Cooccurrence` per period, all over the same vocabulary (diachronic studies).

    Parameters
    ----------
    corpus : TimeSlicedCorpus or mapping period → corpus
        Empty periods raise :class:`~wordvec.errors.EmptyInputError` (drop them with
        ``TimeSlicedCorpus.nonempty()``).
    vocab : Vocabulary, optional
        Default: :func:`~wordvec.corpus.shared_vocabulary` — words with at least
        ``min_count`` occurrences in every period, the ``max_size`` most frequent by
        average relative frequency (HistWords; Hamilton et al. 2016).
    window, weighting, oov
        As :func:`count_cooccurrences`.

    Returns
    -------
    dict
        period → Cooccurrence (same words and ids; each with its period's word counts).

    References
    ----------
    Hamilton, W. L., Leskovec, J. & Jurafsky, D. (2016). Diachronic word embeddings reveal
    statistical laws of semantic change. ACL.

    Examples
    --------
    >>> counts = count_periods({1800: [["a", "b", "c"]], 1850: [["c", "b", "a", "b"]]}, window=1)
    >>> counts[1800].words == counts[1850].words, counts[1850].get("a", "b")
    (True, 2.0)
    """
    from .vocabulary import shared_vocabulary

    check_counting_params(window, weighting, oov)
    items = list(corpus.items())
    if not items:
        raise EmptyInputError("no period given")
    if vocab is None:
        vocab = shared_vocabulary(dict(items), max_size=max_size, min_count=min_count, progress=progress)
    out = {}
    for period, docs in progress_bar(items, desc="periods", progress=progress):
        try:
            out[period] = _count(as_corpus(docs), vocab, window, weighting, oov, _DEFAULT_CHUNK,
                                 _DEFAULT_DENSE_BINS, False)
        except EmptyInputError as e:
            raise EmptyInputError(f"period {period!r}: {e}") from None
    return out


@dataclass
class PartialCounts:
    """Counts of one shard before symmetrisation: mergeable by ``+`` (upper triangles and word counts add).

    Shards are reduced in this form (half the entries of the symmetric matrix) and
    turned into a :class:`Cooccurrence` once, by :meth:`finish`.
    """

    upper: sp.csr_matrix
    word_counts: np.ndarray
    corpus_tokens: int
    documents: int
    pairs: int

    def __add__(self, other: "PartialCounts") -> "PartialCounts":
        return PartialCounts(self.upper + other.upper, self.word_counts + other.word_counts,
                             self.corpus_tokens + other.corpus_tokens, self.documents + other.documents,
                             self.pairs + other.pairs)

    def finish(self, vocab: Vocabulary, window: int, weighting: str) -> Cooccurrence:
        """The symmetric :class:`Cooccurrence` (errors for an empty corpus or no pair)."""
        tokens = int(self.word_counts.sum())
        n = len(vocab)
        if self.documents == 0 or tokens == 0:
            what = "the corpus is empty: no document" if self.documents == 0 else \
                f"none of the {self.documents} documents holds a word of the {n}-word vocabulary"
            raise EmptyInputError(what)
        if self.pairs == 0:
            raise EmptyInputError(f"no two vocabulary words occur within window={window} of each other "
                                  f"in the same document ({self.documents} documents, {tokens} tokens)")
        # the result's vocabulary: same words and ids, counts of *this* corpus, so that shard
        # or period results add up (``a + b``) to the counts of the whole
        observed = Vocabulary(vocab.words, self.word_counts, corpus_tokens=self.corpus_tokens)
        return Cooccurrence(symmetrize(self.upper), observed, window, weighting, tokens=tokens)


def symmetrize(upper: sp.spmatrix) -> sp.csr_matrix:
    """``U + Uᵀ`` as canonical CSR (a pair stored once becomes both entries; the diagonal doubles).

    Examples
    --------
    >>> symmetrize(sp.csr_matrix([[1.0, 2.0], [0.0, 0.0]])).toarray()
    array([[2., 2.],
           [2., 0.]])
    """
    u = sp.csr_matrix(upper)
    x = (u + u.T).tocsr()
    x.sum_duplicates()
    x.sort_indices()
    return x


def count_partial(corpus: Any, vocab: Vocabulary, *, window: int, weighting: str, oov: str,
                  chunk_size: int = _DEFAULT_CHUNK, dense_bins: int = _DEFAULT_DENSE_BINS,
                  progress: bool | None = None) -> PartialCounts:
    """The counting pass of :func:`count_cooccurrences` over one corpus or shard, unsymmetrised.

    A building block for sharded counting (:mod:`wordvec.distributed`): the counting options
    are required and not checked again — the caller checks them once with
    :func:`check_counting_params`. Shards' results add up (``a + b``) before
    :meth:`PartialCounts.finish` symmetrises them.

    Examples
    --------
    >>> v = Vocabulary.build([["a", "b", "c"]])
    >>> parts = [count_partial([doc], v, window=2, weighting="uniform", oov="skip") for doc in (["a", "b"], ["b", "c"])]
    >>> sum(parts[1:], parts[0]).finish(v, 2, "uniform").get("b", "c")
    1.0
    """
    corpus = as_corpus(corpus)
    n = len(vocab)
    counter: CooccurrenceCounter | None = None
    import pandas as pd

    sentinel = object()  # marks document ends; never equal to a token
    # pandas' C hash table maps tokens to ids faster than a Python loop over dict.get
    lookup = pd.Index(list(vocab.words) + [sentinel], dtype=object)
    pad = [sentinel] * window
    weights = [_weight(d, weighting) for d in range(1, window + 1)]
    id_dtype = np.int32 if n < 2**31 - 1 else np.int64
    buf: list[Any] = []
    n_docs = 0
    all_tokens = 0
    word_counts = np.zeros(n, dtype=np.int64)

    def flush_chunk() -> None:
        nonlocal counter
        if counter is None:
            # a small corpus (one short chunk) gets a dense block no larger than ~4x its pairs:
            # zeroing and scanning a mostly empty block would cost more than the counting
            counter = CooccurrenceCounter(n, min(dense_bins, max(4 * window * len(buf), n)))
        a = lookup.get_indexer(buf)  # OOV → -1, sentinel → n
        if oov == "skip":
            a = a[a >= 0]
        a = a.astype(id_dtype)
        a[a == n] = -1  # sentinels (and kept OOV gaps) are -1: no pair touches them
        word_counts[:] += np.bincount(a[a >= 0], minlength=n)
        for d in range(1, window + 1):
            left = a[:-d]
            right = a[d:]
            ok = (left >= 0) & (right >= 0)
            counter.add_pairs(left[ok], right[ok], weights[d - 1])
        counter.flush()
        buf.clear()

    try:
        total = len(corpus)  # type: ignore[arg-type]
    except TypeError:
        total = None  # streamed files: unknown until read
    for doc in progress_bar(corpus, total=total, desc="co-occurrences", progress=progress, unit="doc"):
        n_docs += 1
        all_tokens += len(doc)
        buf.extend(doc)
        buf.extend(pad)
        if len(buf) >= chunk_size:
            flush_chunk()
    if buf:
        flush_chunk()
    upper = counter.upper() if counter is not None else sp.csr_matrix((n, n), dtype=np.float64)
    return PartialCounts(upper, word_counts, all_tokens, n_docs, counter.pairs if counter is not None else 0)
