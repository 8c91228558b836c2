"""Helpers shared by the format modules: atomic writes, transparent (de)compression,
the common keyword checks and the checks that name a line.

Every reader hands back *row → line* information so that a problem found after
vectorised parsing (a NaN, a duplicate word) can still be reported at its line.
"""
from __future__ import annotations

import bz2
import gzip
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

import numpy as np

from .._atomic import suffix_compression
from ..errors import FormatError, ParameterError

if TYPE_CHECKING:
    from ..embedding import Embedding

GZIP_MAGIC = b"\x1f\x8b"
BZ2_MAGIC = b"BZh"

ERRORS = ("strict", "replace")
ON_DUPLICATE = ("error", "first", "last")


def check_options(errors: str, on_duplicate: str, limit: int | None) -> None:
    if errors not in ERRORS:
        raise ParameterError(f"errors must be one of {ERRORS}, not {errors!r}")
    if on_duplicate not in ON_DUPLICATE:
        raise ParameterError(f"on_duplicate must be one of {ON_DUPLICATE}, not {on_duplicate!r}")
    if limit is not None and (int(limit) != limit or limit < 0):
        raise ParameterError(f"limit must be a non-negative integer, not {limit!r}")


def compression_of(path: Path, head: bytes | None = None) -> str | None:
    """``"gz"``, ``"bz2"`` or None, from the suffix or (when given) the first bytes."""
    by_suffix = suffix_compression(path)
    if by_suffix is not None:
        return by_suffix
    if head is not None:
        if head.startswith(GZIP_MAGIC):
            return "gz"
        if head.startswith(BZ2_MAGIC) and len(head) >= 4 and head[3:4].isdigit():
            return "bz2"
    return None


def open_read(path: Path) -> IO[bytes]:
    """Open ``path`` for binary reading, decompressing ``.gz``/``.bz2`` transparently."""
    with open(path, "rb") as f:
        head = f.read(4)
    comp = compression_of(path, head)
    if comp == "gz":
        return gzip.open(path, "rb")
    if comp == "bz2":
        return bz2.open(path, "rb")
    return open(path, "rb")


def inner_suffix(path: Path) -> str:
    """The suffix that names the format, skipping a compression suffix (``x.txt.gz`` → ``.txt``)."""
    p = path
    if p.suffix.lower() in (".gz", ".gzip", ".bz2"):
        p = p.with_suffix("")
    return p.suffix.lower()


def check_finite(vectors: np.ndarray, path, lines: Sequence[int] | np.ndarray | None, words: Sequence[str], unit: str = "line") -> None:
    """Raise a FormatError at the first row holding NaN or inf."""
    if vectors.size == 0:
        return
    finite = np.isfinite(vectors).all(axis=1)
    if not finite.all():
        bad = np.flatnonzero(~finite)
        r = int(bad[0])
        col = int(np.flatnonzero(~np.isfinite(vectors[r]))[0])
        raise FormatError(
            path,
            f"non-finite value {vectors[r, col]!r} in dimension {col + 1} of the vector of {words[r]!r}"
            + (f" ({len(bad)} rows affected)" if len(bad) > 1 else ""),
            line=None if lines is None else int(lines[r]),
        )


def check_duplicates(words: Sequence[str], path, lines: Sequence[int] | np.ndarray | None, on_duplicate: str) -> None:
    """Raise a FormatError naming the first duplicate word and both its lines (unless opted out)."""
    if on_duplicate != "error" or len(set(words)) == len(words):
        return
    seen: dict[str, int] = {}
    for r, w in enumerate(words):
        if w in seen:
            first = seen[w]
            where = "" if lines is None else f" (first at line {int(lines[first])})"
            raise FormatError(
                path,
                f"duplicate word {w!r}{where}; pass on_duplicate='first' or 'last' to keep one",
                line=None if lines is None else int(lines[r]),
            )
        seen[w] = r


def words_for_writing(emb: Embedding, path: Path, *, allow_space: bool = False) -> list[str]:
    """The vocabulary, refusing words that the target format cannot represent."""
    words = list(emb.words)
    for i, w in enumerate(words):
        if w == "" or "\n" in w or "\r" in w or (not allow_space and (" " in w or "\t" in w)):
            raise FormatError(path, f"word {w!r} (row {i}) cannot be written in this format: empty or containing whitespace")
    return words
