"""The vocabulary of a native file, memory-mapped: random access and constant-time look-up.

Three arrays beside ``words.txt`` (UTF-8, one word a line) make the vocabulary usable
without reading it:

``word_offsets.npy``
    int64 (n + 1,): byte offset of every word's line, and the file size last.
``word_hashes.npy``
    uint64 (n,): 64-bit FNV-1a hash of every word's UTF-8 bytes, sorted.
``word_order.npy``
    int64 (n,): the row of each sorted hash.

``"w" in emb`` hashes ``w``, finds it by binary search in the sorted hashes (a handful
of pages of a memory-mapped array) and confirms the word at that row, so a look-up
costs the same at 10 thousand and 3 million words. Hash collisions are confirmed
word by word, never assumed.
"""
from __future__ import annotations

import mmap
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import FormatError, OOVError

_FNV_OFFSET = 0xCBF29CE484222325
_FNV_PRIME = 0x100000001B3
_MASK = 0xFFFFFFFFFFFFFFFF

#: Batches at least this long are hashed with numpy; shorter ones in Python.
_VECTOR_HASH_MIN = 32


def fnv1a(word: bytes) -> int:
    """64-bit FNV-1a hash of one byte string (the reference for :func:`fnv1a_many`)."""
    h = _FNV_OFFSET
    for byte in word:
        h = ((h ^ byte) * _FNV_PRIME) & _MASK
    return h


def fnv1a_many(encoded: Sequence[bytes]) -> np.ndarray:
    """64-bit FNV-1a hashes of many byte strings, vectorised over the strings.

    Byte position ``j`` of every string at least ``j + 1`` long is folded in at once;
    sorting by length keeps those strings a prefix, so the work is the total length.
    """
    n = len(encoded)
    if n < _VECTOR_HASH_MIN:
        return np.fromiter((fnv1a(w) for w in encoded), dtype=np.uint64, count=n)
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=n)
    data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    order = np.argsort(-lengths, kind="stable")
    starts, lengths = starts[order], lengths[order]
    # active[j]: how many strings are longer than j (a prefix, lengths descending).
    longest = int(lengths[0]) if n else 0
    active = np.searchsorted(-lengths, -np.arange(longest), side="left")
    h = np.full(n, _FNV_OFFSET, dtype=np.uint64)
    prime = np.uint64(_FNV_PRIME)
    for j in range(longest):
        c = active[j]
        h[:c] ^= data[starts[:c] + j]
        h[:c] *= prime  # uint64 arithmetic wraps: the hash is defined modulo 2**64
    out = np.empty(n, dtype=np.uint64)
    out[order] = h
    return out


def sort_hashes(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(sorted hashes, row of each)``; equal hashes keep row order."""
    order = np.argsort(hashes, kind="stable")
    return hashes[order], order.astype(np.int64)


class NativeWords(Sequence):
    """The words of a native file: decoded one at a time through their byte offsets.

    ``words[i]`` and slices read only the bytes they need; iterating decodes the file
    once and keeps the list. ``lookup`` is the :class:`WordIndex` that
    :class:`~wordvec.Embedding` uses for ``in`` and ``[]``.
    """

    def __init__(self, directory: Path, n: int, *, stop: int | None = None):
        self._dir = Path(directory)
        path = self._dir / "words.txt"
        self._offsets = _load_array(self._dir / "word_offsets.npy", np.int64, (n + 1,))
        size = path.stat().st_size
        if n and (int(self._offsets[0]) != 0 or int(self._offsets[-1]) != size):
            raise FormatError(path, f"word offsets disagree with the file size ({int(self._offsets[-1])} vs {size} bytes)")
        with open(path, "rb") as f:
            self._bytes: Any = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self._path = path
        self._n = n if stop is None else min(n, int(stop))
        self._list: list[str] | None = None
        self.lookup = WordIndex(self._dir, n, self, stop=self._n)

    def _decode(self, start: int, end: int, count: int) -> list[str]:
        raw = self._bytes[start:end]
        try:
            words = raw.decode("utf-8").split("\n")
        except UnicodeDecodeError as exc:
            raise FormatError(self._path, f"undecodable bytes in the vocabulary ({exc.reason})") from None
        if words and words[-1] == "":
            words.pop()
        if len(words) != count:
            raise FormatError(self._path, f"{len(words)} words where the offsets give {count}")
        return words

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):  # type: ignore[override]
        if self._list is not None:
            return self._list[i]
        if isinstance(i, slice):
            start, stop, step = i.indices(self._n)
            if step != 1 or stop <= start:
                return [self[j] for j in range(start, stop, step)]
            return self._decode(int(self._offsets[start]), int(self._offsets[stop]), stop - start)
        i = int(i)
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError(f"word index {i} out of range for {self._n} words")
        return self._decode(int(self._offsets[i]), int(self._offsets[i + 1]), 1)[0]

    def __iter__(self) -> Iterator[str]:
        if self._list is None:
            self._list = self._decode(0, int(self._offsets[self._n]), self._n) if self._n else []
        return iter(self._list)

    def __reduce__(self):
        # The memory maps are not picklable: reopen the same file (e.g. on a dask worker).
        return NativeWords, (self._dir, len(self._offsets) - 1), {"_n": self._n}

    def __setstate__(self, state: dict) -> None:
        self._n = state["_n"]
        self.lookup._stop = self._n

    def encoded(self, i: int) -> bytes:
        """The UTF-8 bytes of word ``i`` (no decoding)."""
        return bytes(self._bytes[int(self._offsets[i]) : int(self._offsets[i + 1]) - 1])


class WordIndex(Mapping):
    """Word → row of a native file, through the memory-mapped sorted hash table."""

    def __init__(self, directory: Path, n: int, words: NativeWords, *, stop: int):
        self._hashes = _load_array(directory / "word_hashes.npy", np.uint64, (n,))
        self._order = _load_array(directory / "word_order.npy", np.int64, (n,))
        self._words = words
        self._stop = stop

    def _find(self, word: str, h: int, pos: int) -> int:
        encoded = word.encode("utf-8", "surrogatepass")
        hashes, n = self._hashes, len(self._hashes)
        while pos < n and int(hashes[pos]) == h:
            row = int(self._order[pos])
            if row < self._stop and self._words.encoded(row) == encoded:
                return row
            pos += 1
        return -1

    def get(self, word: object, default: Any = None) -> Any:
        if not isinstance(word, str):
            return default
        h = fnv1a(word.encode("utf-8", "surrogatepass"))
        row = self._find(word, h, int(np.searchsorted(self._hashes, np.uint64(h))))
        return default if row < 0 else row

    def __contains__(self, word: object) -> bool:
        return self.get(word) is not None

    def __getitem__(self, word: str) -> int:
        row = self.get(word)
        if row is None:
            raise OOVError([word], "the native vocabulary")
        return row

    def rows(self, words: Sequence[str]) -> np.ndarray:
        """Rows of many words at once, -1 for absent ones (one vectorised search)."""
        words = list(words)
        out = np.full(len(words), -1, dtype=np.int64)
        keep = [i for i, w in enumerate(words) if isinstance(w, str)]
        if not keep or not len(self._hashes):
            return out
        hs = fnv1a_many([words[i].encode("utf-8", "surrogatepass") for i in keep])
        pos = np.searchsorted(self._hashes, hs)
        for i, h, p in zip(keep, hs.tolist(), pos.tolist()):
            out[i] = self._find(words[i], h, p)
        return out

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return self._stop

    def __reduce__(self):
        return getattr, (self._words, "lookup")


def _load_array(path: Path, dtype, shape: tuple[int, ...]) -> np.ndarray:
    try:
        # Tiny arrays (and empty ones, which cannot be mapped) are simply read.
        arr = np.load(path, mmap_mode="r" if path.stat().st_size > 1 << 16 else None)
    except FileNotFoundError:
        raise FormatError(path, "missing from the native directory (incomplete copy?)") from None
    except (OSError, ValueError) as exc:
        raise FormatError(path, f"unreadable or truncated: {exc}") from None
    if arr.dtype != dtype or arr.shape != shape:
        raise FormatError(path, f"expected {np.dtype(dtype)} of shape {shape}, found {arr.dtype} {arr.shape}")
    return arr
