"""GloVe text format (Pennington, Socher & Manning 2014): ``word v1 … vDIM`` per line, no header.

The dimension is taken from the first line. Some released GloVe files (e.g. the
Common Crawl 840B vectors) contain a few "words" with spaces; those lines are read
with the last ``DIM`` fields as the vector, everything before them as the word.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..errors import FormatError
from . import _text
from ._stream import Source, load_stream
from .word2vec import save_word2vec_text

if TYPE_CHECKING:
    from ..embedding import Embedding


def load_glove(path: str | os.PathLike, *, limit: int | None = None, errors: str = "strict",
               on_duplicate: str = "error", progress: bool | None = None) -> Embedding:
    """Read a GloVe text file (``.gz``/``.bz2`` allowed) in one pass."""
    return load_stream(path, open_glove, limit=limit, errors=errors, on_duplicate=on_duplicate, progress=progress,
                       meta={"format": "glove"})


def open_glove(source: Source, *, limit: int | None, errors: str, progress: bool | None):
    """``(dim, rows to preallocate, blocks)`` of a GloVe stream."""
    d, first, first_line = glove_dim(source)
    blocks = _text.text_blocks(source, d, first_line=first_line, errors=errors, space_in_words=True, limit=limit,
                               pending=first, progress=progress)
    return d, _text.estimate_rows(source, first, limit), blocks


def glove_dim(source: Source) -> tuple[int, bytes, int]:
    """The dimension (from the first non-blank line), the bytes read from that line on,
    and its line number. Leading blank lines are counted and dropped as they are read,
    so that a stream of blanks costs no memory."""
    first, skipped = b"", 0
    while True:  # until a complete non-blank line, or the end
        more = source.read(_text.FIRST_CHUNK_BYTES)
        first += more
        blank = len(first) - len(first.lstrip())
        cut = first.rfind(b"\n", 0, blank) + 1  # drop whole blank lines only
        skipped += first.count(b"\n", 0, cut)
        first = first[cut:]
        if not more or b"\n" in first.lstrip():
            break
    if not first.strip():
        raise FormatError(source.path, "empty file", line=1)
    return _text.first_line_dim(first, source.path, 1 + skipped), first, 1 + skipped


def save_glove(emb: "Embedding", path: str | os.PathLike) -> None:
    """Write GloVe text (no header line), atomically."""
    save_word2vec_text(emb, path, header=False)
