"""fastText formats (Bojanowski et al. 2017, "Enriching Word Vectors with Subword Information").

* ``.vec`` is word2vec text; it carries whole-word vectors only.
* ``.bin`` is Facebook's model file; it is read through gensim's
  ``load_facebook_vectors`` and returned as a :class:`FastTextEmbedding`, which keeps
  the character n-gram vectors so that out-of-vocabulary words still get a vector
  (the sum of their n-gram vectors, as fastText computes it).
"""
from __future__ import annotations

import logging
import os
import re
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from .._atomic import atomic_write
from ..embedding import Embedding
from ..errors import FormatError, OOVError
from ._common import check_options
from .word2vec import load_word2vec_text, save_word2vec_text

#: First int32 of every fastText ``.bin`` model file.
FASTTEXT_MAGIC = 793712314
#: fastText splits words on blanks: no word of a model holds one, nor a control character.
_BLANK_OR_CONTROL = re.compile(rb"[\x00-\x20\x7f]")


class FastTextEmbedding(Embedding):
    """An :class:`Embedding` whose out-of-vocabulary words get subword vectors.

    The vocabulary, ``vectors``, ``nearest`` and every other :class:`Embedding`
    method behave as usual for in-vocabulary words; ``"w" in emb`` still means "w is
    in the vocabulary". In addition:

    * ``emb[word]`` / ``emb.get(word)`` / :meth:`vector` return fastText's n-gram
      vector for an unknown word (an :class:`~wordvec.errors.OOVError` only when the
      word has no n-gram in the model);
    * ``emb.nearest(["unseen-word"])`` queries with that vector.

    Parameters
    ----------
    subwords : gensim.models.fasttext.FastTextKeyedVectors, optional
        The model's n-gram buckets; without it this is a plain Embedding.
    """

    def __init__(self, words, vectors, counts=None, meta=None, *, subwords: Any = None, **kwargs: Any):
        super().__init__(words, vectors, counts, meta, **kwargs)
        self.subwords = subwords

    def __repr__(self) -> str:
        base = super().__repr__()
        if self.subwords is None:
            return base
        sw = self.subwords
        return base.replace("<Embedding", "<FastTextEmbedding", 1)[:-1] + f" + {sw.bucket:,} n-gram buckets ({sw.min_n}-{sw.max_n} chars)>"

    def has_vector(self, word: str) -> bool:
        """True when ``word`` is in the vocabulary or has at least one known n-gram."""
        if word in self._index:
            return True
        return self._has_ngrams(word)

    def _ngram_rows(self, word: str) -> np.ndarray:
        from gensim.models.fasttext import ft_ngram_hashes

        sw = self.subwords
        return np.asarray(ft_ngram_hashes(word, sw.min_n, sw.max_n, sw.bucket), dtype=np.int64)

    def vector(self, word: str) -> np.ndarray:
        """The vector of ``word``: its row if known, else the mean of its n-gram vectors."""
        i = self._index.get(word)
        if i is not None:
            return self.vectors[i]
        if self.subwords is None or self.subwords.bucket == 0:
            raise OOVError([word])
        rows = self._ngram_rows(word)
        if len(rows) == 0:
            raise OOVError([word], where="the vocabulary or the character n-grams")
        # gensim/fastText: mean of the word's n-gram vectors.
        return self.subwords.vectors_ngrams[rows].mean(axis=0).astype(np.float32)

    def __getitem__(self, key: str | Iterable[str]) -> np.ndarray:
        if isinstance(key, str):
            return self.vector(key)
        return np.stack([self.vector(w) for w in key]) if not isinstance(key, np.ndarray) else super().__getitem__(key)

    def get(self, word: str, default: Any = None):
        try:
            return self.vector(word)
        except OOVError:
            return default

    def _query_matrix(self, queries):
        if isinstance(queries, str):
            queries = [queries]
        if isinstance(queries, np.ndarray) and queries.dtype.kind == "f":
            return super()._query_matrix(queries)
        labels = list(queries)
        if all(w in self._index for w in labels) or self.subwords is None:
            return super()._query_matrix(labels)
        missing = [w for w in labels if w not in self._index and not self._has_ngrams(w)]
        if missing:
            raise OOVError(missing, where="the vocabulary or the character n-grams")
        q = np.stack([self.vector(w) for w in labels]).astype(np.float32)
        # An OOV query has no row to exclude: give it a row index past the end.
        rows = np.array([self._index.get(w, np.iinfo(np.int64).max) for w in labels], dtype=np.int64)
        return self._normalise_queries(q), labels, rows

    def _has_ngrams(self, word: str) -> bool:
        return self.subwords is not None and self.subwords.bucket > 0 and len(self._ngram_rows(word)) > 0

    def _take(self, rows, words=None):
        out = super()._take(rows, words)
        out.subwords = self.subwords
        return out

    def with_vectors(self, vectors: np.ndarray, **meta: Any) -> Embedding:
        # New vectors no longer match the n-gram vectors: the result is a plain Embedding.
        return Embedding(list(self.words), vectors, self.counts, {**self.meta, **meta}, validate=False)

    def to_gensim(self):
        """The gensim ``FastTextKeyedVectors`` (with n-grams) when this is its whole vocabulary.

        A subset (``head``, ``subset``) gets a plain ``KeyedVectors`` of its rows.
        """
        sw = self.subwords
        if sw is not None and len(sw.index_to_key) == len(self) and list(sw.index_to_key) == list(self.words):
            return sw
        return super().to_gensim()


def _check_vocabulary(path: Path) -> None:
    """Walk the vocabulary section before gensim does.

    gensim reads each word byte by byte until a NUL and loops forever when the file
    ends inside a word; this check finds that truncation (and a negative size) first.
    """
    import mmap

    from ._common import compression_of

    if compression_of(path) is not None:
        return  # a truncated archive raises EOFError inside gensim instead
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size < 8:
            raise FormatError(path, "empty or truncated fastText .bin model", line=1)
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            magic = struct.unpack_from("@i", mm, 0)[0]
            new_format = magic == FASTTEXT_MAGIC
            pos = 8 + (12 * 4 + 8 if new_format else 10 * 4 + 8)
            if pos + 20 > size:
                raise FormatError(path, "truncated fastText .bin model: the header is incomplete", line=1)
            vocab_size, nwords, nlabels = struct.unpack_from("@3i", mm, pos)
            prune = struct.unpack_from("@q", mm, pos + 20)[0] if new_format and pos + 28 <= size else 0
            pos += 12 + 8 + (8 if new_format else 0)
            if vocab_size < 0 or nwords < 0 or nlabels < 0 or nwords > vocab_size:
                raise FormatError(path, f"corrupt fastText .bin header (vocabulary size {vocab_size}, words {nwords})", line=1)
            if nlabels > 0:
                raise FormatError(path, "a supervised fastText classifier (it has labels), not word vectors", line=1)
            if new_format:
                _check_args(path, struct.unpack_from("@12i", mm, 8))
            for i in range(vocab_size):
                end = mm.find(b"\0", pos)
                if end < 0 or end + 10 > size:
                    raise FormatError(
                        path, f"truncated fastText .bin model: the file ends inside vocabulary entry {i + 1} of {vocab_size}", line=i + 1
                    )
                count, kind = struct.unpack_from("@qb", mm, end + 1)
                if end == pos or _BLANK_OR_CONTROL.search(mm, pos, end):
                    raise FormatError(path, f"vocabulary entry {i + 1} ({bytes(mm[pos:end][:40])!r}) is empty or holds "
                                            "a blank or control character, which fastText never writes", line=i + 1)
                if count < 0 or kind not in (0, 1):
                    raise FormatError(path, f"corrupt vocabulary entry {i + 1} ({bytes(mm[max(pos, end - 40):end])!r}): "
                                            f"count {count}, entry type {kind}", line=i + 1)
                pos = end + 1 + 9
            pos += 8 * max(prune, 0)
            dim = struct.unpack_from("@i", mm, 8)[0]
            # Then two matrices (input: words + buckets; output): [quant flag] rows, cols, float32s.
            for which in ("input", "output"):
                pos += 1 if new_format else 0
                if pos + 16 > size:
                    raise FormatError(path, f"truncated fastText .bin model: the {which} matrix header is missing")
                rows, cols = struct.unpack_from("@2q", mm, pos)
                if new_format and cols != dim:
                    raise FormatError(path, f"corrupt fastText .bin model: the {which} matrix has {cols} columns, "
                                            f"the header's dimension is {dim}")
                pos += 16 + 4 * rows * cols
                if rows < 0 or cols < 0 or pos > size:
                    raise FormatError(
                        path, f"truncated fastText .bin model: the {which} matrix ({rows} x {cols}) needs {pos - size} more bytes"
                    )
            if pos != size:
                raise FormatError(path, f"{size - pos} unexpected bytes after the end of the fastText model")


def _check_args(path: Path, args: tuple[int, ...]) -> None:
    """The model's arguments (dim, ws, epoch, minCount, neg, wordNgrams, loss, model,
    bucket, minn, maxn, lrUpdateRate) within the ranges fastText itself allows."""
    dim, bucket, minn, maxn = args[0], args[8], args[9], args[10]
    if dim < 1 or bucket < 0 or minn < 0 or maxn < 0 or (maxn and minn > maxn) or maxn > 64:
        raise FormatError(path, f"corrupt fastText .bin header: dim {dim}, bucket {bucket}, minn {minn}, maxn {maxn}",
                          line=1)


class _Collect(logging.Handler):
    def __init__(self, out: list):
        super().__init__(logging.ERROR)
        self.out = out

    def emit(self, record: logging.LogRecord) -> None:
        if "failed to decode" in str(record.msg) and len(record.args or ()) == 2:
            self.out.append(tuple(record.args))


def load_fasttext_vec(path: str | os.PathLike, **kwargs: Any) -> Embedding:
    """Read a fastText ``.vec`` file (word2vec text layout)."""
    return load_word2vec_text(path, format_name="fasttext_vec", **kwargs)


def save_fasttext_vec(emb: Embedding, path: str | os.PathLike) -> None:
    save_word2vec_text(emb, path)


def load_fasttext_bin(
    path: str | os.PathLike,
    *,
    limit: int | None = None,
    errors: str = "strict",
    on_duplicate: str = "error",
    progress: bool | None = None,
) -> FastTextEmbedding:
    """Read a Facebook fastText ``.bin`` model through gensim, keeping its n-gram vectors."""
    from gensim.models.fasttext import load_facebook_vectors

    check_options(errors, on_duplicate, limit)
    path = Path(path)
    with path.open("rb") as f:
        head = f.read(8)
    if len(head) < 8:
        raise FormatError(path, "empty or truncated fastText .bin file", line=1)
    if head[:1].isdigit() and b" " in head:
        raise FormatError(path, "this looks like a word2vec binary file, not a fastText .bin model", line=1)
    _check_vocabulary(path)
    # gensim never fails on undecodable words: it logs an error and backslash-escapes
    # the bytes. Listen to that log so that errors="strict" can refuse the file.
    bad: list[tuple] = []
    handler = _Collect(bad)
    log = logging.getLogger("gensim.models._fasttext_bin")
    log.addHandler(handler)
    try:
        kv = load_facebook_vectors(str(path), encoding="utf-8")
    except (ValueError, EOFError, AssertionError, OSError, IndexError, KeyError, MemoryError, struct.error) as exc:
        raise FormatError(path, f"truncated or corrupt fastText .bin model: {exc or type(exc).__name__}") from None
    finally:
        log.removeHandler(handler)
    if bad and errors == "strict":
        raw, word = bad[0]
        line = kv.key_to_index.get(word)
        raise FormatError(
            path,
            f"undecodable word {raw!r} in the vocabulary ({len(bad)} in all); pass errors='replace' to keep "
            "them with backslash escapes, as gensim does",
            line=None if line is None else line + 1,
        )
    words = [str(w) for w in kv.index_to_key]
    counts = np.asarray(kv.expandos["count"]) if "count" in kv.expandos else None
    meta = {
        "source": str(path),
        "format": "fasttext_bin",
        "min_n": int(kv.min_n),
        "max_n": int(kv.max_n),
        "bucket": int(kv.bucket),
    }
    emb = FastTextEmbedding(words, np.asarray(kv.vectors, dtype=np.float32), counts, meta, subwords=kv, on_duplicate=on_duplicate)
    if limit is not None and limit < len(emb):
        emb = emb.head(int(limit))
    return emb


def save_fasttext_bin(emb: Embedding, path: str | os.PathLike) -> None:
    """Write a Facebook fastText ``.bin`` model, atomically.

    A :class:`FastTextEmbedding` keeps its n-gram vectors; a plain
    :class:`Embedding` is written with no n-gram buckets (``bucket=0``, so OOV words
    get no vector). The output layer is not part of an embedding and is written as
    zeros: the file loads in fastText and gensim, but training cannot be resumed.
    """
    from gensim.models import FastText
    from gensim.models.fasttext import FastTextKeyedVectors, save_facebook_model

    path = Path(path)
    sub = getattr(emb, "subwords", None)
    n, d = len(emb), emb.dim
    if sub is not None:
        min_n, max_n, bucket = int(sub.min_n), int(sub.max_n), int(sub.bucket)
    else:
        min_n, max_n, bucket = 0, 0, 0
    model = FastText(vector_size=d, min_n=max(min_n, 1), max_n=max_n, bucket=bucket, min_count=1, sg=1)
    kv = FastTextKeyedVectors(d, min_n, max_n, bucket)
    kv.index_to_key = list(emb.words)
    kv.key_to_index = {w: i for i, w in enumerate(kv.index_to_key)}
    kv.vectors = np.array(emb.vectors, dtype=np.float32)
    # fastText stores the word's own vector without its n-grams ("vectors_vocab"); take
    # those rows from the model when every word comes from it.
    rows = [sub.key_to_index.get(w, -1) for w in emb.words] if sub is not None else [-1]
    if sub is not None and min(rows, default=0) >= 0 and sub.vectors_vocab.shape[1] == d:
        vocab_vectors = sub.vectors_vocab[np.asarray(rows, dtype=np.int64)]
    else:
        vocab_vectors = emb.vectors
    kv.vectors_vocab = np.array(vocab_vectors, dtype=np.float32)
    kv.vectors_ngrams = np.array(sub.vectors_ngrams if sub is not None else np.zeros((0, d)), dtype=np.float32)
    counts = np.asarray(emb.counts if emb.counts is not None else np.ones(n), dtype=np.int64)
    kv.allocate_vecattrs(attrs=["count"], types=[np.int64])
    kv.expandos["count"][:] = counts
    model.wv = kv
    model.corpus_total_words = int(counts.sum())
    model.syn1neg = np.zeros((n, d), dtype=np.float32)
    with atomic_write(path, compress=False) as f:
        save_facebook_model(model, f)
