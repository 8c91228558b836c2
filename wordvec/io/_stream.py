"""Reading vector files in one pass, at the memory of the result.

The text and binary readers yield :class:`Block` s of rows as they parse a stream
(plain, ``.gz`` or ``.bz2``) in chunks of :data:`CHUNK_BYTES`; two sinks consume them:

* :func:`collect` fills one preallocated float32 matrix (the loaders' result), so the
  peak memory is the matrix, the words and one chunk;
* :class:`~wordvec.io.native.NativeWriter` appends them to a native directory
  (``wordvec convert``), so the memory does not grow with the number of rows.
"""
from __future__ import annotations

import bz2
import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

import numpy as np

from ..errors import FormatError
from ._common import check_duplicates, check_finite, check_options, open_read

if TYPE_CHECKING:
    from ..embedding import Embedding

#: Bytes read and parsed at a time. It bounds the temporary memory of every reader (a
#: few chunks' worth); past a few MB it no longer changes the speed.
CHUNK_BYTES = 16 * 2**20


@dataclass
class Block:
    """Consecutive rows of a vector file: words, float32 vectors, and the line
    (text) or record (binary) number of every row, for errors found later."""

    words: list[str]
    vectors: np.ndarray
    lines: np.ndarray

    def __len__(self) -> int:
        return len(self.words)

    def head(self, n: int) -> "Block":
        return Block(self.words[:n], self.vectors[:n], self.lines[:n])


class Source:
    """A vector file opened for streaming: its (decompressed) bytes, read in chunks."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self._f: IO[bytes] = open_read(path)
        except (OSError, EOFError, zlib.error) as exc:
            if isinstance(exc, (FileNotFoundError, PermissionError, IsADirectoryError)):
                raise
            raise FormatError(path, f"cannot decompress: {exc}") from None
        self.compressed = isinstance(self._f, (gzip.GzipFile, bz2.BZ2File))
        self.file_size = path.stat().st_size
        # The decompressed size of .gz/.bz2 is unknown until the end.
        self.size = None if self.compressed else self.file_size
        self._delivered = 0

    def size_bound(self, ratio: float) -> int:
        """An upper bound of the decompressed size, for compressed files assuming at most
        ``ratio`` : 1 compression (only ever used to cap a preallocation)."""
        return self.file_size if self.size is not None else int(self.file_size * ratio)

    def _call(self, method: str, arg):
        # A corrupt .gz/.bz2 stream fails on some read: name the file, not zlib.
        try:
            got = getattr(self._f, method)(arg)
        except (OSError, EOFError, ValueError, zlib.error) as exc:
            raise FormatError(self.path, f"cannot decompress: {exc}") from None
        self._delivered += got if isinstance(got, int) else len(got)
        return got

    def read_size(self, n: int) -> int:
        """``n`` capped so that a small file never costs a large buffer: the bytes left
        (plain files) or, for compressed streams, a size that doubles as data arrives."""
        if self.size is not None:
            return max(0, min(n, self.size - self._delivered + 1))
        return min(n, max(1 << 16, 2 * self._delivered))

    def read(self, n: int) -> bytes:
        return self._call("read", self.read_size(n))

    def readinto(self, view: memoryview) -> int:
        return self._call("readinto", view)

    def readline(self, limit: int = 1 << 16) -> bytes:
        return self._call("readline", limit)

    def close(self) -> None:
        self._f.close()

    def __enter__(self) -> "Source":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class RowBuffer:
    """A float32 (rows, dim) matrix filled block by block.

    The first allocation is the expected size (``np.empty``: pages are only committed
    as rows arrive, so an overestimate costs address space, not memory); when it fills
    up it grows in place by 25 % (``realloc``, which moves pages instead of copying),
    and :meth:`result` trims it to the rows written.
    """

    def __init__(self, dim: int, capacity: int):
        self._data = np.empty((max(int(capacity), 1), dim), dtype=np.float32)
        self.n = 0

    def append(self, vectors: np.ndarray) -> None:
        end = self.n + len(vectors)
        if end > len(self._data):
            self._data.resize((max(end, len(self._data) * 5 // 4 + 1024), self._data.shape[1]), refcheck=False)
        self._data[self.n:end] = vectors
        self.n = end

    def result(self) -> np.ndarray:
        if self.n < len(self._data):
            self._data.resize((self.n, self._data.shape[1]), refcheck=False)
        return self._data


def checked(blocks: Iterator[Block], path: Path) -> Iterator[Block]:
    """The blocks, each checked for NaN/inf (the error names the line)."""
    for block in blocks:
        check_finite(block.vectors, path, block.lines, block.words)
        yield block


def load_stream(path, opener, *, limit: int | None, errors: str, on_duplicate: str, progress: bool | None,
                meta: dict) -> "Embedding":
    """Open ``path``, let the format's ``opener`` read its header, and :func:`collect` its rows."""
    check_options(errors, on_duplicate, limit)
    path = Path(path)
    with Source(path) as source:
        dim, capacity, blocks = opener(source, limit=limit, errors=errors, progress=progress)
        return collect(blocks, dim, capacity, path, on_duplicate=on_duplicate, meta=meta)


def _has_duplicates(words: list[str]) -> bool:
    """Whether a word repeats: sorted string hashes (8 bytes a word; a set would take ~32)
    find the candidates, a set decides exactly when two hashes are equal."""
    h = np.fromiter(map(hash, words), dtype=np.int64, count=len(words))
    h.sort()
    return bool((h[1:] == h[:-1]).any()) and len(set(words)) != len(words)


def collect(blocks: Iterator[Block], dim: int, capacity: int, path: Path, *, on_duplicate: str,
            meta: dict) -> "Embedding":
    """The Embedding of a stream of blocks: finiteness checked block by block (naming the
    line), duplicates checked once the words are known."""
    from ..embedding import Embedding

    buffer = RowBuffer(dim, capacity)
    words: list[str] = []
    lines: list[np.ndarray] = []
    for block in checked(blocks, path):
        buffer.append(block.vectors)
        words.extend(block.words)
        lines.append(block.lines)
    vectors = buffer.result()
    meta = {"source": str(path), **meta}
    if not _has_duplicates(words):
        return Embedding(words, vectors, None, meta, validate=False)
    all_lines = np.concatenate(lines) if lines else np.empty(0, np.int64)
    check_duplicates(words, path, all_lines, on_duplicate)
    return Embedding(words, vectors, None, meta, on_duplicate=on_duplicate)
