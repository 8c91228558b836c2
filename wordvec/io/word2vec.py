"""word2vec formats (Mikolov et al. 2013, the original C tool): text and binary.

Text::

    N DIM
    word v1 v2 … vDIM
    …

Binary: the same header line, then for each word ``word`` + ``b" "`` + ``DIM``
little-endian float32 values, optionally followed by ``b"\\n"`` (the C tool writes it,
gensim does not; both are read).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..errors import FormatError
from . import _text
from ._common import atomic_write, check_options, finish, read_bytes, read_prefix, read_rows, words_for_writing

if TYPE_CHECKING:
    from ..embedding import Embedding


def load_word2vec_text(
    path: str | os.PathLike,
    *,
    limit: int | None = None,
    errors: str = "strict",
    on_duplicate: str = "error",
    format_name: str = "word2vec",
    progress: bool | None = None,
) -> "Embedding":
    """Read a word2vec text file (header ``N DIM``), ``.gz``/``.bz2`` allowed."""
    check_options(errors, on_duplicate, limit)
    path = Path(path)
    # With limit= only a prefix is read: data beyond the header's count is not checked.
    complete = limit is None

    def parse(raw: bytes):
        n, d, body = _text.split_header(raw, path)
        return (*_text.parse_body(body, d, path, first_line=2, errors=errors, progress=progress), n)

    words, vectors, lines, n = parse(read_bytes(path)) if complete else read_rows(path, int(limit), parse, skip=1)
    want = n if complete else min(n, int(limit))
    if complete and len(words) > n:
        raise FormatError(path, f"the header (line 1) says {n} words but the file holds more", line=int(lines[n]))
    if len(words) < want:
        raise FormatError(
            path,
            f"the header (line 1) says {n} words but the file ends after {len(words)} (truncated?)",
            line=int(lines[-1]) + 1 if len(lines) else 2,
        )
    words, vectors, lines = words[:want], vectors[:want], lines[:want]
    return finish(words, vectors, path, lines=lines, on_duplicate=on_duplicate, meta={"format": format_name})


def load_word2vec_binary(
    path: str | os.PathLike,
    *,
    limit: int | None = None,
    errors: str = "strict",
    on_duplicate: str = "error",
    progress: bool | None = None,
) -> "Embedding":
    """Read a word2vec binary file; line numbers in errors are record numbers (1 = first word)."""
    check_options(errors, on_duplicate, limit)
    path = Path(path)
    if limit is None:
        buf = read_bytes(path)
    else:
        # Read about as many bytes as `limit` records need; the whole file if that was short.
        head, _ = read_prefix(path, 4096)
        dims = head.split(b"\n", 1)[0].split()
        d_guess = int(dims[1]) if len(dims) == 2 and dims[1].isdigit() else 300
        buf, whole = read_prefix(path, 4096 + int(limit) * (4 * d_guess + 80))
        if not whole:
            try:
                return _parse_binary(buf, path, limit, errors, on_duplicate)
            except FormatError:
                pass  # ran out of the prefix (very long words?): parse the whole file
        buf = read_bytes(path)
    return _parse_binary(buf, path, limit, errors, on_duplicate)


def _parse_binary(buf, path: Path, limit: int | None, errors: str, on_duplicate: str) -> "Embedding":
    """Parse word2vec binary records from ``buf``."""
    if not buf[: 1 << 16].strip():
        raise FormatError(path, "empty file", line=1)
    nl = buf.find(b"\n")
    if nl < 0:
        raise FormatError(path, "no header line 'WORDS DIMENSIONS' (file truncated?)", line=1)
    n, d = _text.parse_header(buf[:nl], path)
    want = n if limit is None else min(n, limit)
    vb = 4 * d
    if want > 0 and want * vb >= COMPILED_MIN_BYTES:
        compiled = _parse_records_compiled(buf, path, nl, n, want, vb, limit)
        if compiled is not None:
            raw_words, vectors = compiled
            words = _decode_words(raw_words, path, errors)
            return finish(words, vectors.reshape(want, d), path, lines=np.arange(1, want + 1), on_duplicate=on_duplicate,
                          meta={"format": "word2vec_binary"})
    mv = memoryview(buf)
    find = buf.find
    raw_words: list[bytes] = []
    chunks: list[memoryview] = []
    pos, size = nl + 1, len(buf)
    try:
        # One pass over the records: the word is everything up to the next space, the
        # vector the next 4*DIM bytes. Only the word boundaries need Python; the floats
        # are gathered with one join and one frombuffer.
        for rec in range(1, want + 1):
            while pos < size and buf[pos] == 10:
                pos += 1
            sp = find(b" ", pos, pos + 4096)
            if sp < 0:
                if pos >= size:
                    raise FormatError(path, f"the header says {n} words but the file ends after {rec - 1} (truncated?)", line=rec)
                raise FormatError(path, f"no space after the word of record {rec} (truncated or not word2vec binary?)", line=rec)
            raw_words.append(buf[pos:sp])
            start = sp + 1
            pos = start + vb
            if pos > size:
                raise FormatError(
                    path, f"the vector of {buf[sp - 40 if sp > 40 else 0:sp]!r} is cut short: {size - start} of {vb} bytes (truncated file)", line=rec
                )
            chunks.append(mv[start:pos])
        if limit is None and buf[pos : pos + (1 << 16)].strip():
            raise FormatError(path, f"the header says {n} words but data continues after the last one", line=n + 1)
        joined = bytearray().join(chunks)
    finally:
        chunks.clear()
        mv.release()
    vectors = np.frombuffer(joined, dtype="<f4").reshape(want, d)
    if vectors.dtype != np.float32:
        vectors = vectors.astype(np.float32)
    words = _decode_words(raw_words, path, errors)
    lines = np.arange(1, want + 1)
    return finish(words, vectors, path, lines=lines, on_duplicate=on_duplicate, meta={"format": "word2vec_binary"})


#: Files with at least this many vector bytes use the compiled record scanner.
COMPILED_MIN_BYTES = 32 * 2**20


def _parse_records_compiled(buf, path: Path, nl: int, n: int, want: int, vb: int, limit: int | None):
    """Same records as the Python loop, found and copied by numba kernels."""
    from ._kernels import kernels

    k = kernels()
    if k is None:
        return None
    scan, gather, join_words = k
    a = np.frombuffer(buf, dtype=np.uint8)
    try:
        ws, we, done, pos, status = scan(a, nl + 1, want, vb, 4096)
        if status:
            rec = done + 1
            if status == 1:
                raise FormatError(path, f"the header says {n} words but the file ends after {done} (truncated?)", line=rec)
            if status == 2:
                raise FormatError(path, f"no space after the word of record {rec} (truncated or not word2vec binary?)", line=rec)
            start = int(we[done]) + 1 if status == 3 else 0
            word = bytes(buf[int(ws[done]) : int(we[done])])[-40:]
            raise FormatError(path, f"the vector of {word!r} is cut short: {len(a) - start} of {vb} bytes (truncated file)", line=rec)
        if limit is None and buf[pos : pos + (1 << 16)].strip():
            raise FormatError(path, f"the header says {n} words but data continues after the last one", line=n + 1)
        vectors = gather(a, we + 1, vb).view("<f4")
        joined = join_words(a, ws, we).tobytes()
        if joined.count(b"\n") != want - 1:  # a word holds a newline: slice them one by one
            joined = [buf[s:e] for s, e in zip(ws.tolist(), we.tolist())]
    finally:
        del a
    return joined, vectors.astype(np.float32, copy=False)


def _decode_words(raw: list[bytes] | bytes, path: Path, errors: str) -> list[str]:
    """Decode all words at once; ``raw`` is a list of words or their b"\\n"-joined bytes."""
    if isinstance(raw, bytes):
        joined, raw = raw, None
        try:
            return joined.decode("utf-8", errors).split("\n")
        except UnicodeDecodeError:
            raw = joined.split(b"\n")
    joined = b"\n".join(raw)
    try:
        words = joined.decode("utf-8", errors).split("\n")
        if len(words) == len(raw):
            return words
    except UnicodeDecodeError:
        pass
    out = []
    for i, w in enumerate(raw):
        try:
            out.append(w.decode("utf-8", errors))
        except UnicodeDecodeError as exc:
            raise FormatError(path, f"undecodable word {w!r} ({exc.reason}); pass errors='replace' to substitute U+FFFD", line=i + 1) from None
    return out


def save_word2vec_text(emb: "Embedding", path: str | os.PathLike, *, header: bool = True) -> None:
    """Write word2vec text (``header=False`` gives GloVe's layout), atomically."""
    path = Path(path)
    words = words_for_writing(emb, path)
    vectors = np.asarray(emb.vectors, dtype=np.float32)
    with atomic_write(path) as f:
        if header:
            f.write(f"{len(words)} {emb.dim}\n".encode())
        step = max(1, 2**16 // max(1, emb.dim))
        for s in range(0, len(words), step):
            f.write(_text.format_rows(words[s : s + step], vectors[s : s + step]))


def save_word2vec_binary(emb: "Embedding", path: str | os.PathLike) -> None:
    """Write word2vec binary as the C tool does (newline after each vector), atomically."""
    path = Path(path)
    words = words_for_writing(emb, path)
    vectors = np.ascontiguousarray(emb.vectors, dtype="<f4")
    vb = 4 * emb.dim
    with atomic_write(path) as f:
        f.write(f"{len(words)} {emb.dim}\n".encode())
        step = 2**14
        for s in range(0, len(words), step):
            block = vectors[s : s + step].tobytes()
            f.write(
                b"".join(
                    w.encode("utf-8") + b" " + block[i * vb : (i + 1) * vb] + b"\n" for i, w in enumerate(words[s : s + step])
                )
            )
