"""The native ``.wv`` format: a directory that opens memory-mapped in milliseconds.

Layout of ``NAME.wv/`` (version 2)::

    vectors.npy        float32 (n, d), C order — memory-mappable
    norms.npy          float32 (n,), Euclidean row norms (a first query needs no extra pass)
    words.txt          UTF-8, one word per line, row order
    word_offsets.npy   int64 (n + 1,)  \\
    word_hashes.npy    uint64 (n,)      > the memory-mapped vocabulary index (:mod:`.wordtable`)
    word_order.npy     int64 (n,)      /
    counts.npy         int64 (n,), optional
    meta.json          {"format": "wordvec-native", "version": 2, "n": n, "dim": d, "meta": {...}}

Opening touches only the JSON header and the ``.npy`` headers; ``"w" in emb``,
``emb["w"]`` and ``emb.words[i]`` read a few pages, whatever the vocabulary size.
Version 1 directories (no index files) still open: their vocabulary is decoded on first
use, and :func:`upgrade_native` adds the index in place.

:class:`NativeWriter` writes block by block, so that a converter streams rows from a
text or binary file into the directory in constant memory.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from .._atomic import public_mode
from .._numerics import row_norms
from ..errors import FormatError, ParameterError
from .wordtable import NativeWords, fnv1a_many, sort_hashes

if TYPE_CHECKING:
    from ..embedding import Embedding

MAGIC = "wordvec-native"
VERSION = 2
#: Fixed size of the ``vectors.npy`` header, so that it can be rewritten in place once
#: the number of rows is known (room for 16-digit row counts; numpy aligns to 64).
NPY_HEADER_BYTES = 128
#: Rows per block when an in-memory embedding is written.
SAVE_BLOCK_ROWS = 1 << 16


class LazyWords(Sequence):
    """The vocabulary of a version 1 native file, decoded on first use."""

    def __init__(self, path: Path, n: int):
        self._path = path
        self._n = n
        self._list: list[str] | None = None

    def _load(self) -> list[str]:
        if self._list is None:
            try:
                words = self._path.read_text(encoding="utf-8").split("\n")
            except UnicodeDecodeError as exc:
                raise FormatError(self._path, f"undecodable bytes in the vocabulary ({exc.reason})") from None
            if words and words[-1] == "":
                words.pop()
            if len(words) != self._n:
                raise FormatError(self._path, f"{len(words)} words but the header says {self._n}")
            self._list = words
        return self._list

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):  # type: ignore[override]
        return self._load()[i]

    def __iter__(self):
        return iter(self._load())


def is_native(path: str | os.PathLike) -> bool:
    return (Path(path) / "meta.json").is_file() and (Path(path) / "vectors.npy").is_file()


def npy_header(n: int, dim: int) -> bytes:
    """A ``.npy`` (version 1.0) header for a C-order float32 (n, dim) array, padded to
    :data:`NPY_HEADER_BYTES` so that it can be rewritten in place."""
    body = f"{{'descr': '<f4', 'fortran_order': False, 'shape': ({int(n)}, {int(dim)}), }}".encode("latin1")
    pad = NPY_HEADER_BYTES - 10 - len(body) - 1
    if pad < 0:  # pragma: no cover - 16-digit row counts still fit
        raise FormatError(None, f"shape ({n}, {dim}) does not fit a {NPY_HEADER_BYTES}-byte header")
    body += b" " * pad + b"\n"
    return b"\x93NUMPY\x01\x00" + len(body).to_bytes(2, "little") + body


class NativeWriter:
    """Write a native directory block by block; it appears whole, or not at all.

    Rows go to a temporary sibling directory that replaces ``path`` when the ``with``
    block ends without an error; on any error (including ``KeyboardInterrupt``) it is
    removed and an existing ``path`` is left untouched. Memory stays at one block plus
    16 bytes a row (offsets and hashes of the vocabulary index).

    Examples
    --------
    >>> import os, tempfile, numpy as np
    >>> path = os.path.join(tempfile.mkdtemp(), "out.wv")
    >>> with NativeWriter(path, dim=2) as w:
    ...     for words, vectors in [(["a", "b"], np.eye(2)), (["c"], np.ones((1, 2)))]:
    ...         w.add(words, vectors)
    >>> import wordvec; len(wordvec.load(path))
    3
    """

    def __init__(self, path: str | os.PathLike, dim: int, *, meta: dict | None = None, counts: bool = False):
        self.path = Path(path)
        self.dim = int(dim)
        self.meta = dict(meta or {})
        self._with_counts = counts
        self.n = 0

    def __enter__(self) -> "NativeWriter":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.", dir=self.path.parent))
        os.chmod(self._tmp, public_mode(directory=True))  # mkdtemp's 0700 would hide it from others
        self._vectors: IO[bytes] = open(self._tmp / "vectors.npy", "wb")
        self._vectors.write(npy_header(0, self.dim))
        self._words: IO[bytes] = open(self._tmp / "words.txt", "wb")
        self._lengths: list[np.ndarray] = []
        self._hashes: list[np.ndarray] = []
        self._norms: list[np.ndarray] = []
        self._counts: list[np.ndarray] = []
        return self

    def add(self, words: Sequence[str], vectors: np.ndarray, counts: Any = None) -> None:
        """Append rows (``words`` and their ``vectors``, optionally ``counts``)."""
        vectors = np.ascontiguousarray(vectors, dtype="<f4")
        if vectors.ndim != 2 or vectors.shape != (len(words), self.dim):
            raise FormatError(self.path, f"block of {len(words)} words has vectors of shape {vectors.shape}, "
                                         f"expected ({len(words)}, {self.dim})")
        encoded = []
        for i, w in enumerate(words):
            if "\n" in w or "\r" in w:
                raise FormatError(self.path, f"words may not contain line breaks: {w!r} (row {self.n + i})")
            try:
                encoded.append(w.encode("utf-8"))
            except UnicodeEncodeError as exc:
                raise FormatError(self.path, f"word {w!r} (row {self.n + i}) is not valid Unicode ({exc.reason})") from None
        if encoded:
            self._words.write(b"\n".join(encoded) + b"\n")
        self._lengths.append(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)) + 1)
        self._hashes.append(fnv1a_many(encoded))
        self._norms.append(row_norms(vectors))
        if self._with_counts:
            if counts is None:
                raise ParameterError("this writer stores counts: pass counts= with every block")
            self._counts.append(np.asarray(counts, dtype=np.int64).reshape(len(words)))
        self._vectors.write(memoryview(vectors).cast("B"))
        self.n += len(words)

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self._vectors.close()
            self._words.close()
            if exc_type is None:
                self._finish()
                _replace_dir(self._tmp, self.path)
        finally:
            if self._tmp.exists():
                shutil.rmtree(self._tmp, ignore_errors=True)

    def _finish(self) -> None:
        tmp, n = self._tmp, self.n
        with open(tmp / "vectors.npy", "r+b") as f:
            f.write(npy_header(n, self.dim))
            f.flush()
            os.fsync(f.fileno())
        offsets = np.zeros(n + 1, dtype=np.int64)
        if n:
            np.cumsum(np.concatenate(self._lengths), out=offsets[1:])
        hashes, order = sort_hashes(np.concatenate(self._hashes) if n else np.empty(0, np.uint64))
        _check_unique(hashes, order, tmp / "words.txt", offsets, self.path)
        np.save(tmp / "word_offsets.npy", offsets)
        np.save(tmp / "word_hashes.npy", hashes)
        np.save(tmp / "word_order.npy", order)
        np.save(tmp / "norms.npy", np.concatenate(self._norms) if n else np.empty(0, np.float32))
        if self._with_counts:
            np.save(tmp / "counts.npy", np.concatenate(self._counts) if n else np.empty(0, np.int64))
        header = {"format": MAGIC, "version": VERSION, "n": n, "dim": self.dim, "meta": _jsonable(self.meta)}
        (tmp / "meta.json").write_text(json.dumps(header, indent=1), encoding="utf-8")


def _check_unique(hashes: np.ndarray, order: np.ndarray, words_txt: Path, offsets: np.ndarray, target: Path) -> None:
    """Refuse a vocabulary with a repeated word (equal hashes are compared as bytes)."""
    same = np.flatnonzero(hashes[1:] == hashes[:-1])
    if not len(same):
        return
    with open(words_txt, "rb") as f:
        def word(row: int) -> bytes:
            f.seek(int(offsets[row]))
            return f.read(int(offsets[row + 1] - offsets[row]) - 1)

        for p in same:
            a, b = int(order[p]), int(order[p + 1])
            if word(a) == word(b):
                raise FormatError(target, f"duplicate word {word(a).decode('utf-8')!r} (rows {a} and {b})")


def _replace_dir(tmp: Path, path: Path) -> None:
    """Move the finished directory ``tmp`` to ``path``, replacing an old one."""
    if path.exists():
        old = path.with_name(f".{path.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(path, old)
        os.replace(tmp, path)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, path)


def save_native(emb: "Embedding", path: str | os.PathLike) -> None:
    """Write ``emb`` atomically (a temporary sibling directory, then a rename)."""
    write_native_blocks(_blocks(emb), path, dim=emb.dim, meta=emb.meta, counts=emb.counts is not None)


def write_native_blocks(blocks: Iterable[tuple], path: str | os.PathLike, *, dim: int, meta: dict | None = None,
                        counts: bool = False) -> int:
    """Write ``(words, vectors[, counts])`` blocks as a native directory; returns the row count."""
    with NativeWriter(path, dim, meta=meta, counts=counts) as w:
        for block in blocks:
            w.add(*block)
    return w.n


def _blocks(emb: "Embedding"):
    words = emb.words
    for s in range(0, len(emb), SAVE_BLOCK_ROWS):
        e = min(len(emb), s + SAVE_BLOCK_ROWS)
        counts = None if emb.counts is None else emb.counts[s:e]
        yield list(words[s:e]), emb.vectors[s:e], counts


def _read_header(path: Path) -> dict:
    try:
        header = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FormatError(path / "meta.json", f"unreadable native header: {exc}") from None
    if not isinstance(header, dict) or header.get("format") != MAGIC:
        raise FormatError(path / "meta.json", "not a wordvec native header")
    n, dim, version = header.get("n"), header.get("dim"), header.get("version", 1)
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (n, dim, version)):
        raise FormatError(path / "meta.json", f"'n', 'dim' and 'version' must be non-negative integers, found {n!r}, {dim!r}, {version!r}")
    if version > VERSION:
        raise FormatError(path / "meta.json", f"native format version {version} is newer than this wordvec reads ({VERSION}); upgrade wordvec")
    if not isinstance(header.get("meta", {}), dict):
        raise FormatError(path / "meta.json", "'meta' must be a JSON object")
    return header


def load_native(path: str | os.PathLike, *, mmap: bool = False, limit: int | None = None) -> "Embedding":
    """Open a native directory; ``mmap=True`` maps the vectors read-only (nothing is read)."""
    from ..embedding import Embedding

    path = Path(path)
    header = _read_header(path)
    n, dim = header["n"], header["dim"]
    mode = "r" if mmap else None
    try:
        vectors = np.load(path / "vectors.npy", mmap_mode=mode)
    except (OSError, ValueError) as exc:
        raise FormatError(path / "vectors.npy", f"unreadable or truncated: {exc}") from None
    if vectors.dtype != np.float32:
        # Written by another tool: keep the float32 contract (at the price of a copy).
        vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.shape != (n, dim):
        raise FormatError(path / "vectors.npy", f"shape {vectors.shape} disagrees with the header ({n}, {dim})")
    counts = np.load(path / "counts.npy", mmap_mode=mode) if (path / "counts.npy").exists() else None
    stop = n if limit is None else min(n, int(limit))
    norms = None
    if (path / "word_offsets.npy").exists():
        words: Sequence[str] = NativeWords(path, n, stop=stop)
        if (path / "norms.npy").exists():
            norms = np.load(path / "norms.npy", mmap_mode=mode)[:stop]
    else:
        words = LazyWords(path / "words.txt", n)
        if stop < n:
            words = list(words)[:stop]
    if stop < n:
        vectors = vectors[:stop]
        counts = None if counts is None else counts[:stop]
    meta = {**header.get("meta", {}), "source": str(path), "format": "native"}
    return Embedding(words, vectors, counts, meta, validate=False, norms=norms)


def upgrade_native(path: str | os.PathLike) -> None:
    """Rewrite a version 1 native directory as version 2 (adds the vocabulary index and norms)."""
    path = Path(path)
    header = _read_header(path)
    if header.get("version", 1) >= VERSION:
        return
    emb = load_native(path, mmap=True)
    write_native_blocks(_blocks(emb), path, dim=emb.dim, meta=header.get("meta"), counts=emb.counts is not None)


def _jsonable(meta: dict) -> dict:
    """Keep JSON-serialisable entries; stringify the rest (e.g. numpy scalars, paths)."""
    out = {}
    for k, v in meta.items():
        try:
            json.dumps(v)
            out[str(k)] = v
        except TypeError:
            if hasattr(v, "tolist"):  # numpy scalars and arrays (e.g. a HistWords absent mask)
                out[str(k)] = v.tolist()
            else:
                out[str(k)] = str(v)
    return out
