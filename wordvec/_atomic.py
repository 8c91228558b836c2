"""Atomic file writing: a file (or directory) appears whole under its name or not at all.

Ground floor: every module that writes a result (vector files, corpora, reports, tables)
writes through here, so that a crash or ``kill -9`` never leaves a half-written file.
"""
from __future__ import annotations

import bz2
import gzip
import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def suffix_compression(path: str | os.PathLike) -> str | None:
    """``"gz"``, ``"bz2"`` or None, from the file name's suffix."""
    suffix = Path(path).suffix.lower()
    if suffix in (".gz", ".gzip"):
        return "gz"
    if suffix == ".bz2":
        return "bz2"
    return None


def public_mode(directory: bool = False) -> int:
    """The mode a plain ``open()`` would give a new file (or ``mkdir`` a directory) under
    the current umask; ``mkstemp``/``mkdtemp`` use 0600/0700, too private for a result."""
    mask = os.umask(0)
    os.umask(mask)
    return (0o777 if directory else 0o666) & ~mask


@contextmanager
def atomic_write(path: str | os.PathLike, *, compress: str | None | bool = True) -> Iterator[IO[bytes]]:
    """Write ``path`` through a temporary sibling file renamed into place on success.

    On any error (including KeyboardInterrupt) the temporary file is removed and an
    existing ``path`` is left untouched: no half-written file ever carries the name.
    ``compress=True`` compresses according to a ``.gz``/``.bz2`` suffix.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    comp = suffix_compression(path) if compress is True else (compress or None)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp, public_mode())
    raw = os.fdopen(fd, "wb")
    try:
        if comp == "gz":
            stream: IO[bytes] = gzip.GzipFile(filename=path.with_suffix("").name, mode="wb", fileobj=raw, mtime=0)
        elif comp == "bz2":
            stream = bz2.BZ2File(raw, "wb")
        else:
            stream = raw
        buffered = io.BufferedWriter(stream, 1 << 20) if stream is not raw else raw
        yield buffered
        buffered.flush()
        if stream is not raw:
            stream.close()
        raw.flush()
        os.fsync(raw.fileno())
        raw.close()
        os.replace(tmp, path)
    except BaseException:
        raw.close()
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


@contextmanager
def atomic_text(path: str | os.PathLike, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """:func:`atomic_write` for text (no compression): the file appears whole or not at all."""
    with atomic_write(path, compress=False) as raw:
        text = io.TextIOWrapper(raw, encoding=encoding)
        yield text
        text.flush()
        text.detach()  # atomic_write still owns (and closes) the binary stream
