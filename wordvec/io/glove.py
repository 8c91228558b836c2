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
from ._common import check_options, finish, read_bytes, read_rows
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
    """Read a GloVe text file (``.gz``/``.bz2`` allowed)."""
    check_options(errors, on_duplicate, limit)
    path = Path(path)

    def parse(buf: bytes):
        if not buf.strip():
            raise FormatError(path, "empty file", line=1)
        d = _text.first_line_dim(buf, path, 1)
        return _text.parse_body(buf, d, path, first_line=1, errors=errors, space_in_words=True, progress=progress)

    words, vectors, lines = parse(read_bytes(path)) if limit is None else read_rows(path, int(limit), parse)
    if limit is not None:
        words, vectors, lines = words[:limit], vectors[:limit], lines[:limit]
    return finish(words, vectors, path, lines=lines, on_duplicate=on_duplicate, meta={"format": "glove"})


def save_glove(emb: "Embedding", path: str | os.PathLike) -> None:
    """Write GloVe text (no header line), atomically."""
    save_word2vec_text(emb, path, header=False)
