"""Detect the format of a vector file from its name, magic bytes and first line."""
from __future__ import annotations

import os
import re
import zlib
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


def _looks_binary(sample: bytes, complete: bool = False) -> bool:
    """Control bytes other than whitespace, or invalid UTF-8, mean a binary body.

    ``complete=False``: ``sample`` was cut from a longer stream, so a multibyte
    character cut at its end is not evidence.
    """
    if any(b < 32 and b not in (9, 10, 13) for b in sample):
        return True
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return complete or exc.start < len(sample) - 4
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
    except (OSError, EOFError, zlib.error) as exc:
        raise FormatError(path, f"cannot decompress: {exc}") from None
    if not head.strip():
        raise FormatError(path, "empty file", line=1)
    nl = head.find(b"\n")
    first = head if nl < 0 else head[:nl]
    if _HEADER.match(first):
        body = head[nl + 1 :] if nl >= 0 else b""
        text = "fasttext_vec" if suffix == ".vec" else "word2vec"
        if not body.strip():
            return "word2vec_binary" if suffix == ".bin" else text
        dim = int(first.split()[1])
        # The first record settles it: a text line is a word and `dim` numbers.
        end = body.find(b"\n")
        if end >= 0 or len(head) < (1 << 16):
            line = body if end < 0 else body[:end]
            try:
                toks = line.decode("utf-8").split()
                if len(toks) == dim + 1:
                    [float(t) for t in toks[1:]]
                    return text
            except (UnicodeDecodeError, ValueError):
                pass
            # Not a text row: binary if the record's vector bytes look binary (or the
            # name says so); otherwise a malformed text file, for the text parser to report.
            sp = body.find(b" ")
            if sp > 0 and len(body) >= sp + 1 + 4 * dim:
                vec = body[sp + 1 : sp + 1 + 4 * dim]
                if suffix == ".bin" or _looks_binary(vec, complete=True):
                    return "word2vec_binary"
            return text
        if _looks_binary(body[:4096]):
            return "word2vec_binary"
        return text
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
