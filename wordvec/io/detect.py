"""Detect the format of a vector file from its name, magic bytes and first line."""
from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import FormatError, UnknownFormatError
from ._common import compression_of, inner_suffix, open_read

FORMATS = ("native", "word2vec", "word2vec_binary", "glove", "fasttext_vec", "fasttext_bin", "gensim", "histwords")

#: Accepted spellings of each format name.
ALIASES = {
    "native": "native", "wv": "native",
    "word2vec": "word2vec", "w2v": "word2vec", "word2vec_text": "word2vec", "text": "word2vec", "txt": "word2vec",
    "word2vec_binary": "word2vec_binary", "word2vec_bin": "word2vec_binary", "binary": "word2vec_binary", "bin": "word2vec_binary",
    "glove": "glove",
    "fasttext_vec": "fasttext_vec", "vec": "fasttext_vec", "fasttext": "fasttext_vec",
    "fasttext_bin": "fasttext_bin",
    "gensim": "gensim", "kv": "gensim", "keyedvectors": "gensim",
    "histwords": "histwords",
}

_HEADER = re.compile(rb"^\s*\d+\s+\d+\s*$")
_PICKLE = (b"\x80\x02", b"\x80\x03", b"\x80\x04", b"\x80\x05")


def normalise_format(fmt: str, path: Path | None = None) -> str:
    try:
        return ALIASES[fmt.lower().replace("-", "_")]
    except KeyError:
        raise UnknownFormatError(path, f"unknown vector format {fmt!r}; known: {', '.join(FORMATS)}") from None


def format_for_suffix(path: str | os.PathLike) -> str | None:
    """The format a *written* file gets from its name (None when the name says nothing)."""
    from .histwords import _DECADE

    path = Path(path)
    if _DECADE.match(path.name):
        return "histwords"
    return {
        ".wv": "native", ".txt": "word2vec", ".w2v": "word2vec", ".bin": "word2vec_binary", ".vec": "fasttext_vec",
        ".glove": "glove", ".kv": "gensim", ".model": "gensim",
    }.get(inner_suffix(path))


def _looks_binary(sample: bytes) -> bool:
    """Control bytes other than whitespace, or invalid UTF-8, mean a binary body."""
    if any(b < 32 and b not in (9, 10, 13) for b in sample):
        return True
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(sample) - 4  # a multibyte char cut by the sample end is fine
    return False


def detect_format(path: str | os.PathLike) -> str:
    """Name of the format of ``path`` (see :data:`FORMATS`).

    Order: native directory; HistWords file names; then the (decompressed) content —
    fastText magic, pickle, a ``N DIM`` header followed by text (word2vec) or binary
    records (word2vec binary), ``word float float…`` lines (GloVe) — with the suffix
    (``.bin``, ``.vec``, ``.txt``, ``.kv``) settling what the bytes leave open.
    """
    from .fasttext import FASTTEXT_MAGIC
    from .histwords import _DECADE, is_histwords
    from .native import is_native

    path = Path(path)
    if path.is_dir():
        if is_native(path):
            return "native"
        if any(_DECADE.match(p.name) for p in path.iterdir()):
            raise UnknownFormatError(path, "a HistWords directory holds several decades: use wordvec.io.load_histwords_dir(path)")
        raise UnknownFormatError(path, "a directory that is neither a native .wv embedding nor HistWords")
    if _DECADE.match(path.name) or (not path.exists() and is_histwords(path)):
        return "histwords"
    with open(path, "rb") as f:
        raw_head = f.read(8)
    if not raw_head:
        raise FormatError(path, "empty file", line=1)
    suffix = inner_suffix(path)
    if compression_of(path, raw_head) is None:
        if raw_head[:4] == FASTTEXT_MAGIC.to_bytes(4, "little"):
            return "fasttext_bin"
        if raw_head[:2] in _PICKLE:
            return "gensim"
        if raw_head.startswith(b"\x93NUMPY"):
            raise UnknownFormatError(path, "a bare .npy matrix: HistWords files are named '<decade>-w.npy' next to '<decade>-vocab.pkl'")
    try:
        with open_read(path) as f:
            head = f.read(1 << 16)
    except (OSError, EOFError) as exc:
        raise FormatError(path, f"cannot decompress: {exc}") from None
    if not head.strip():
        raise FormatError(path, "empty file", line=1)
    nl = head.find(b"\n")
    first = head if nl < 0 else head[:nl]
    if _HEADER.match(first):
        body = head[nl + 1 :] if nl >= 0 else b""
        if suffix == ".bin" and not body:
            return "word2vec_binary"
        if _looks_binary(body[:4096]):
            return "word2vec_binary"
        return "fasttext_vec" if suffix == ".vec" else "word2vec"
    if suffix == ".bin" and not head[:1].isdigit():
        return "fasttext_bin"  # pre-0.9 fastText models start with the dimension, no magic
    if suffix in (".kv", ".model"):
        return "gensim"
    if not _looks_binary(first):
        toks = first.split()
        if len(toks) >= 2:
            try:
                [float(t) for t in toks[1:]]
                return "glove"
            except ValueError:
                pass
    raise UnknownFormatError(path, f"could not detect the vector format from the name or the first line {first[:60]!r}")
