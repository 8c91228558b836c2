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
from ._common import atomic_write, check_options, words_for_writing
from ._stream import CHUNK_BYTES, Block, Source, collect

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
    """Read a word2vec text file (header ``N DIM``), ``.gz``/``.bz2`` allowed, in one pass."""
    check_options(errors, on_duplicate, limit)
    path = Path(path)
    with Source(path) as source:
        n, d = _text.read_header(source)
        want = n if limit is None else min(n, int(limit))
        blocks = word2vec_text_blocks(source, n, d, limit=limit, errors=errors, progress=progress)
        return collect(blocks, d, _text.estimate_rows(source, b"", want) if source.size is None else
                       min(want, source.size // (2 * d) + 1), path, on_duplicate=on_duplicate, meta={"format": format_name})


def word2vec_text_blocks(source: Source, n: int, d: int, *, limit: int | None, errors: str = "strict",
                         progress: bool | None = None):
    """The rows of a word2vec text body, checked against the header's count ``n``.

    With ``limit`` only a prefix is read: data beyond the header's count is not checked.
    """
    path = source.path
    want = n if limit is None else min(n, int(limit))
    got, last_line = 0, 1
    # Read one row past the header's count, so that a longer file is caught.
    for block in _text.text_blocks(source, d, first_line=2, errors=errors, limit=want + (limit is None),
                                   progress=progress):
        if len(block) and got + len(block) > want:
            if limit is None:
                raise FormatError(path, f"the header (line 1) says {n} words but the file holds more",
                                  line=int(block.lines[want - got]))
            block = block.head(want - got)
        got += len(block)
        if len(block.lines):
            last_line = int(block.lines[-1])
        yield block
    if got < want:
        raise FormatError(path, f"the header (line 1) says {n} words but the file ends after {got} (truncated?)",
                          line=last_line + 1)


def load_word2vec_binary(
    path: str | os.PathLike,
    *,
    limit: int | None = None,
    errors: str = "strict",
    on_duplicate: str = "error",
    progress: bool | None = None,
) -> "Embedding":
    """Read a word2vec binary file in one pass; line numbers in errors are record numbers
    (1 = first word)."""
    check_options(errors, on_duplicate, limit)
    path = Path(path)
    with Source(path) as source:
        n, d = _text.read_header(source)
        want = n if limit is None else min(n, int(limit))
        # Every record holds at least a one-byte word, a space and 4*d bytes.
        capacity = min(want, 1 << 16) if source.size is None else min(want, source.size // (4 * d + 2) + 1)
        blocks = word2vec_binary_blocks(source, n, d, limit=limit, errors=errors, progress=progress)
        return collect(blocks, d, capacity, path, on_duplicate=on_duplicate, meta={"format": "word2vec_binary"})


#: Streams with at least this many vector bytes use the compiled record scanner.
COMPILED_MIN_BYTES = 32 * 2**20
#: A word longer than this (bytes) means the records are misaligned.
MAX_WORD_BYTES = 4096


def word2vec_binary_blocks(source: Source, n: int, d: int, *, limit: int | None, errors: str = "strict",
                           progress: bool | None = None):
    """The records of a word2vec binary body, chunk by chunk.

    A record is the word (everything up to the next space, after any newlines that end
    the previous record: the C tool writes one, gensim does not), a space and 4*d
    little-endian float32 bytes.
    """
    from .._progress import progress_bar

    path = source.path
    vb = 4 * d
    want = n if limit is None else min(n, int(limit))
    scan, gather = _record_engine(want * vb)
    bar = progress_bar(total=want, desc=f"reading {path.name}", progress=progress, unit="words", unit_scale=True)
    pending, rec = b"", 0
    size = min(CHUNK_BYTES, want * (vb + 16) + 4096)
    try:
        while rec < want:
            data = source.read(size)
            buf = pending + data if pending else data
            ws, we, done, pos, status = scan(buf, 0, want - rec, vb, MAX_WORD_BYTES)
            if done:
                yield _binary_block(buf, ws[:done], we[:done], gather, vb, d, rec, path, errors)
                bar.update(done)
            if status == 0:
                pending = buf[pos:]
                rec += done
                break
            word_start = int(ws[done]) if status in (2, 3) else pos
            cut_by_chunk = status != 2 or word_start + MAX_WORD_BYTES > len(buf)
            if data and cut_by_chunk:  # the chunk ended inside a record: read on
                pending, rec = buf[word_start:], rec + done
                size = CHUNK_BYTES
                continue
            r = rec + done + 1
            if status == 1:
                raise FormatError(path, f"the header says {n} words but the file ends after {r - 1} (truncated?)", line=r)
            if status == 2:
                raise FormatError(path, f"no space after the word of record {r} (truncated or not word2vec binary?)", line=r)
            word = buf[max(word_start, int(we[done]) - 40) : int(we[done])]
            raise FormatError(path, f"the vector of {word!r} is cut short: {len(buf) - int(we[done]) - 1} of {vb} bytes "
                                    "(truncated file)", line=r)
        if limit is None and (pending.strip() or source.read(1 << 16).strip()):
            raise FormatError(path, f"the header says {n} words but data continues after the last one", line=n + 1)
    finally:
        bar.close()


def _binary_block(buf: bytes, ws: np.ndarray, we: np.ndarray, gather, vb: int, d: int, rec: int, path: Path,
                  errors: str) -> Block:
    """Words and vectors of complete records whose words span ``buf[ws[i]:we[i]]``."""
    lengths = we - ws
    if (lengths == 0).any():
        r = rec + int(np.flatnonzero(lengths == 0)[0]) + 1
        raise FormatError(path, f"record {r} has an empty word (misaligned records?)", line=r)
    joined = _join_words(np.frombuffer(buf, dtype=np.uint8), ws, lengths)
    if joined.count(b"\n") != len(ws) - 1 or b"\0" in joined:
        for i, (s, e) in enumerate(zip(ws.tolist(), we.tolist())):
            if b"\n" in buf[s:e] or b"\0" in buf[s:e]:
                raise FormatError(path, f"the word of record {rec + i + 1}, {buf[s:e][:40]!r}, holds a line break or "
                                        "NUL byte (misaligned records?)", line=rec + i + 1)
    words = _decode_words(joined, path, errors, first_record=rec + 1)
    vectors = gather(np.frombuffer(buf, dtype=np.uint8), we + 1, vb).view("<f4").reshape(len(ws), d)
    return Block(words, vectors.astype(np.float32, copy=False), np.arange(rec + 1, rec + len(ws) + 1))


def _join_words(a: np.ndarray, ws: np.ndarray, lengths: np.ndarray) -> bytes:
    """The bytes ``a[ws[i] : ws[i] + lengths[i]]`` of every word, joined by b"\\n" (vectorised)."""
    total = int(lengths.sum())
    out = np.full(total + len(ws) - 1, 10, dtype=np.uint8)
    within = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    out[np.repeat(np.cumsum(lengths + 1) - lengths - 1, lengths) + within] = a[np.repeat(ws, lengths) + within]
    return out.tobytes()


def _record_engine(vector_bytes: int):
    """``(scan, gather)``: compiled kernels for large streams (bench_io.py: ~0.1 µs a record
    against ~2 µs in Python), the Python versions for small ones (no numba import)."""
    if vector_bytes >= COMPILED_MIN_BYTES:
        from ._kernels import gather_records, scan_records

        return (lambda buf, *args: scan_records(np.frombuffer(buf, dtype=np.uint8), *args)), gather_records
    return _scan_records, _gather_records


def _scan_records(buf: bytes, pos: int, n: int, vb: int, max_word: int):
    """Python twin of :func:`._kernels.scan_records` (same contract, on bytes)."""
    size = len(buf)
    ws = np.empty(n, np.int64)
    we = np.empty(n, np.int64)
    find = buf.find
    for r in range(n):
        while pos < size and buf[pos] == 10:
            pos += 1
        if pos >= size:
            return ws, we, r, pos, 1
        ws[r] = pos
        sp = find(b" ", pos, min(size, pos + max_word))
        if sp < 0:
            return ws, we, r, pos, 2
        we[r] = sp
        pos = sp + 1 + vb
        if pos > size:
            return ws, we, r, pos, 3
    return ws, we, n, pos, 0


def _gather_records(a: np.ndarray, starts: np.ndarray, vb: int) -> np.ndarray:
    mv = memoryview(a)
    out = np.frombuffer(bytearray().join(mv[s : s + vb] for s in starts.tolist()), dtype=np.uint8)
    return out.reshape(len(starts), vb)


def _decode_words(joined: bytes, path: Path, errors: str, first_record: int) -> list[str]:
    """Decode words joined by b"\\n" at once; an undecodable one is named by its record."""
    try:
        return joined.decode("utf-8", errors).split("\n")
    except UnicodeDecodeError as exc:
        i = joined.count(b"\n", 0, exc.start)
        w = joined.split(b"\n")[i]
        raise FormatError(path, f"undecodable word {w!r} ({exc.reason}); pass errors='replace' to substitute U+FFFD",
                          line=first_record + i) from None


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
