"""The native ``.wv`` format: a directory that opens memory-mapped in milliseconds.

Layout of ``NAME.wv/``::

    vectors.npy   float32 (n, d), C order — memory-mappable
    words.txt     UTF-8, one word per line, row order
    counts.npy    int64 (n,), optional
    meta.json     {"format": "wordvec-native", "version": 1, "n": n, "dim": d, "meta": {...}}

The vocabulary is read lazily: opening the file touches only the JSON header and the
``.npy`` header, so the cost does not grow with the vocabulary until words are used.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..errors import FormatError

if TYPE_CHECKING:
    from ..embedding import Embedding

MAGIC = "wordvec-native"
VERSION = 1


class LazyWords(Sequence):
    """The vocabulary of a native file, decoded on first use."""

    def __init__(self, path: Path, n: int):
        self._path = path
        self._n = n
        self._list: list[str] | None = None

    def _load(self) -> list[str]:
        if self._list is None:
            words = self._path.read_text(encoding="utf-8").split("\n")
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


def save_native(emb: "Embedding", path: str | os.PathLike) -> None:
    """Write ``emb`` atomically: into a temporary sibling directory, then rename."""
    path = Path(path)
    bad = [w for w in emb.words if "\n" in w or "\r" in w]
    if bad:
        raise FormatError(path, f"words may not contain line breaks: {bad[:5]!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        np.save(tmp / "vectors.npy", np.ascontiguousarray(emb.vectors, dtype=np.float32))
        (tmp / "words.txt").write_text("".join(w + "\n" for w in emb.words), encoding="utf-8")
        if emb.counts is not None:
            np.save(tmp / "counts.npy", np.asarray(emb.counts, dtype=np.int64))
        header = {"format": MAGIC, "version": VERSION, "n": len(emb), "dim": emb.dim, "meta": _jsonable(emb.meta)}
        (tmp / "meta.json").write_text(json.dumps(header, indent=1), encoding="utf-8")
        if path.exists():
            old = path.with_name(f".{path.name}.old")
            os.replace(path, old)
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def load_native(path: str | os.PathLike, *, mmap: bool = False, limit: int | None = None) -> "Embedding":
    from ..embedding import Embedding

    path = Path(path)
    try:
        header = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FormatError(path / "meta.json", f"unreadable native header: {exc}") from None
    if header.get("format") != MAGIC:
        raise FormatError(path / "meta.json", "not a wordvec native header")
    try:
        vectors = np.load(path / "vectors.npy", mmap_mode="r" if mmap else None)
    except (OSError, ValueError) as exc:
        raise FormatError(path / "vectors.npy", f"unreadable or truncated: {exc}") from None
    if vectors.dtype != np.float32:
        # Written by another tool: keep the float32 contract (at the price of a copy).
        vectors = np.asarray(vectors, dtype=np.float32)
    n, dim = header["n"], header["dim"]
    if vectors.shape != (n, dim):
        raise FormatError(path / "vectors.npy", f"shape {vectors.shape} disagrees with the header ({n}, {dim})")
    counts = None
    if (path / "counts.npy").exists():
        counts = np.load(path / "counts.npy", mmap_mode="r" if mmap else None)
    words: Sequence[str] = LazyWords(path / "words.txt", n)
    if limit is not None and limit < n:
        vectors, words = vectors[:limit], list(words)[:limit]
        counts = None if counts is None else counts[:limit]
    meta = {**header.get("meta", {}), "source": str(path), "format": "native"}
    return Embedding(words, vectors, counts, meta, validate=False)


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
