"""GloVe text format (Pennington, Socher & Manning 2014): ``word v1 … vDIM`` per line, no header.

The dimension is taken from the first line. Some released GloVe files (e.g. the
Common Crawl 840B vectors) contain a few "words" with spaces; those lines are read
with the last ``DIM`` fields as the vector, everything before them as the word.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import FormatError
from . import _text
from ._common import check_options
from ._stream import Source, collect
from .word2vec import save_word2vec_text

if TYPE_CHECKING:
    from ..embedding import Embedding


def load_glove(
    path: str | os.PathLike,
    *,
    limit: int | None = None,
    errors: str = "strict",
    on_duplicate: str = "error",
    progress: bool | None = None,
) -> "Embedding":
    """Read a GloVe text file (``.gz``/``.bz2`` allowed) in one pass."""
    check_options(errors, on_duplicate, limit)
    path = Path(path)
    with Source(path) as source:
        d, first = glove_dim(source)
        blocks = glove_blocks(source, d, first, limit=limit, errors=errors, progress=progress)
        capacity = _text.estimate_rows(source, first, limit)
        return collect(blocks, d, capacity, path, on_duplicate=on_duplicate, meta={"format": "glove"})


def glove_dim(source: Source) -> tuple[int, bytes]:
    """The dimension (from the first non-blank line) and the bytes read to find it."""
    first = source.read(_text.FIRST_CHUNK_BYTES)
    while first and not first.strip() or (b"\n" not in first and len(first) % _text.FIRST_CHUNK_BYTES == 0 and first):
        more = source.read(_text.FIRST_CHUNK_BYTES)
        if not more:
            break
        first += more
    if not first.strip():
        raise FormatError(source.path, "empty file", line=1)
    return _text.first_line_dim(first, source.path, 1), first


def glove_blocks(source: Source, d: int, first: bytes, *, limit: int | None = None, errors: str = "strict",
                 progress: bool | None = None):
    """The rows of a GloVe file whose first ``first`` bytes were already read."""
    return _text.text_blocks(source, d, first_line=1, errors=errors, space_in_words=True, limit=limit,
                             pending=first, progress=progress)


def save_glove(emb: "Embedding", path: str | os.PathLike) -> None:
    """Write GloVe text (no header line), atomically."""
    save_word2vec_text(emb, path, header=False)
