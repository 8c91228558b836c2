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
from numpy.lib.stride_tricks import sliding_window_view

from .._atomic import atomic_write
from ..errors import FormatError
from . import _text
from ._common import words_for_writing
from ._stream import CHUNK_BYTES, Block, Source, load_stream

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
    return load_stream(path, open_word2vec_text, limit=limit, errors=errors, on_duplicate=on_duplicate,
                       progress=progress, meta={"format": format_name})


def open_word2vec_text(source: Source, *, limit: int | None, errors: str, progress: bool | None):
    """``(dim, rows to preallocate, blocks)`` of a word2vec text stream."""
    n, d = _text.read_header(source, min_row_bytes=lambda d: 2 * d + 1)
    want = n if limit is None else min(n, int(limit))
    # A row holds at least 2*d bytes (d one-character values and their separators); a
    # header that promises more rows than that is not believed.
    capacity = min(want, source.size_bound(16) // (2 * d) + 1)
    return d, capacity, word2vec_text_blocks(source, n, d, limit=limit, errors=errors, progress=progress)


def word2vec_text_blocks(source: Source, n: int, d: int, *, limit: int | None, errors: str = "strict",
                         progress: bool | None = None):
    """The rows of a word2vec text body, checked against the header's count ``n``.

    With ``limit`` only a prefix is read: data beyond the header's count is not checked.
    """
    path = source.path
    want = n if limit is None else min(n, int(limit))
    got, last_line = 0, 1
    # Without a limit everything is read, so that a file longer than its header is caught.
    for block in _text.text_blocks(source, d, first_line=2, errors=errors, limit=None if limit is None else want,
                                   progress=progress):
        if got + len(block) > want:  # only without a limit: text_blocks stops at `want` rows
            raise FormatError(path, f"the header (line 1) says {n} words but the file holds more",
                              line=int(block.lines[want - got]))
        got += len(block)
        if len(block.lines):
            last_line = int(block.lines[-1])
        yield block
    if got < want:
        raise FormatError(path, f"the header (line 1) says {n} words but the file ends after {got} (truncated?)",
                          line=last_line + 1)


def load_word2vec_binary(path: str | os.PathLike, *, limit: int | None = None, errors: str = "strict",
                         on_duplicate: str = "error", progress: bool | None = None) -> Embedding:
    """Read a word2vec binary file in one pass; line numbers in errors are record numbers
    (1 = first word)."""
    return load_stream(path, open_word2vec_binary, limit=limit, errors=errors, on_duplicate=on_duplicate,
                       progress=progress, meta={"format": "word2vec_binary"})


def open_word2vec_binary(source: Source, *, limit: int | None, errors: str, progress: bool | None):
    """``(dim, rows to preallocate, blocks)`` of a word2vec binary stream."""
    n, d = _text.read_header(source, min_row_bytes=lambda d: 4 * d + 2)
    want = n if limit is None else min(n, int(limit))
    # Every record holds at least a one-byte word, a space and 4*d bytes (float32 data
    # barely compresses: 8:1 is a generous bound).
    capacity = min(want, source.size_bound(8) // (4 * d + 2) + 1)
    return d, capacity, word2vec_binary_blocks(source, n, d, limit=limit, errors=errors, progress=progress)


#: Streams with at least this many vector bytes use the compiled record scanner. The
#: Python scanner costs ~0.7 µs a record; the compiled one ~0.1 µs, but importing numba
#: and loading its cached code costs ~0.5 s and ~130 MB in a fresh process, so it pays
#: only from a few million records (bench_cold.py, load-binary).
COMPILED_MIN_BYTES = 2 * 2**30
#: A word longer than this (bytes) means the records are misaligned.
MAX_WORD_BYTES = 4096


def word2vec_binary_blocks(source: Source, n: int, d: int, *, limit: int | None, errors: str = "strict",
                           progress: bool | None = None):
    """The records of a word2vec binary body, chunk by chunk.

    A record is the word, a space and exactly 4*d little-endian float32 bytes, then a
    newline (the C tool) or nothing (gensim). The first record fixes which, and every
    other record must start exactly where that framing puts it: a vector of the wrong
    length is refused at its record, never re-synchronised on the next space.
    """
    from .._progress import progress_bar

    path = source.path
    vb = 4 * d
    want = n if limit is None else min(n, int(limit))
    scan, gather = _record_engine(min(want * vb, source.size_bound(8)))  # a header's claim is not believed
    bar = progress_bar(total=want, desc=f"reading {path.name}", progress=progress, unit="words", unit_scale=True)
    # One read buffer, reused for every chunk (the unparsed tail moves to its front);
    # never larger than the data can be, so that a lying header costs nothing.
    least = 2 * (vb + MAX_WORD_BYTES)
    size = min(CHUNK_BYTES, want * (vb + 16) + 4096, source.read_size(CHUNK_BYTES))
    buf = bytearray(max(size, least))
    filled = start = rec = 0
    framing = Framing(path)
    origin = 0  # where the last complete record ends in the buffer (the framing's reference)
    try:
        while rec < want:
            if start:  # move the unparsed tail to the front
                buf[: filled - start] = buf[start:filled]
                filled, origin, start = filled - start, origin - start, 0
            if filled == len(buf) and len(buf) < CHUNK_BYTES:  # a compressed stream delivering more than guessed
                buf.extend(bytes(len(buf)))
            with memoryview(buf)[filled:] as free:
                got = source.readinto(free)
            filled += got
            # At most one record per vb + 2 bytes: no more can end in the buffer.
            ws, we, done, pos, status = scan(buf, filled, start, min(want - rec, filled // (vb + 2) + 1), vb,
                                             MAX_WORD_BYTES)
            if done:
                framing.check(ws[:done], we[:done], vb, rec, origin)
                origin = int(we[done - 1]) + 1 + vb
                yield _binary_block(buf, filled, ws[:done], we[:done], gather, vb, d, rec, path, errors)
                bar.update(done)
                rec += done
            if status == 0:
                start = pos
                continue
            start = int(ws[done]) if status in (2, 3) else pos
            cut_by_chunk = status != 2 or start + MAX_WORD_BYTES > filled
            if got and cut_by_chunk:  # the chunk ended inside a record: read on
                continue
            r = rec + 1
            if status == 1:
                raise FormatError(path, f"the header says {n} words but the file ends after {rec} (truncated?)", line=r)
            if status == 2:
                raise FormatError(path, f"no space after the word of record {r} (truncated or not word2vec binary?)", line=r)
            end = int(we[done])
            word = bytes(buf[max(start, end - 40) : end])
            raise FormatError(path, f"the vector of {word!r} is cut short: {filled - end - 1} of {vb} bytes "
                                    "(truncated file)", line=r)
        if limit is None and (buf[start:filled].strip(b"\n") or source.read(1 << 16).strip(b"\n")):
            raise FormatError(path, f"the header says {n} words but data continues after the last one", line=n + 1)
    finally:
        bar.close()


class Framing:
    """The separator between word2vec binary records, learnt from the first two and then
    enforced: 1 byte (the C tool's newline) or none (gensim)."""

    def __init__(self, path: Path):
        self.path = path
        self.gap: int | None = None

    def check(self, ws: np.ndarray, we: np.ndarray, vb: int, rec: int, origin: int) -> None:
        """Refuse records that do not start where the previous one's vector ends (plus
        the separator); ``ws``/``we`` are the words of one scan, ``origin`` the end of
        the record before them."""
        ends = np.concatenate(([origin], we[:-1] + 1 + vb))
        gaps = ws - ends
        if rec == 0:
            gaps = gaps[1:]  # the first record follows the header line
            if not len(gaps):
                return
        if self.gap is None:
            self.gap = int(gaps[0])
        bad = np.flatnonzero(gaps != self.gap)
        if len(bad) or self.gap not in (0, 1):
            i = int(bad[0]) if len(bad) else 0
            r = rec + i + (2 if rec == 0 else 1)
            raise FormatError(self.path, f"record {r} does not start where the vector of record {r - 1} ends "
                                         f"({int(gaps[i])} bytes apart instead of {self.gap if self.gap in (0, 1) else 1}): "
                                         "a vector of the wrong length or a corrupt word", line=r)


def _binary_block(buf: bytearray, size: int, ws: np.ndarray, we: np.ndarray, gather, vb: int, d: int, rec: int,
                  path: Path, errors: str) -> Block:
    """Words and vectors of complete records whose words span ``buf[ws[i]:we[i]]``."""
    lengths = we - ws
    if (lengths == 0).any():
        r = rec + int(np.flatnonzero(lengths == 0)[0]) + 1
        raise FormatError(path, f"record {r} has an empty word (misaligned records?)", line=r)
    joined = _join_words(np.frombuffer(buf, dtype=np.uint8), ws, lengths)
    codes = np.frombuffer(joined, dtype=np.uint8)
    if joined.count(b"\n") != len(ws) - 1 or ((codes < 32) & (codes != 10)).any() or (codes == 127).any():
        for i, (s, e) in enumerate(zip(ws.tolist(), we.tolist())):
            word = bytes(buf[s:e])
            bad = next((c for c in word if c < 32 or c == 127), None)
            if bad is not None:
                what = {0: "a NUL byte", 10: "a line break"}.get(bad, f"the control character {bytes([bad])!r}")
                raise FormatError(path, f"the word of record {rec + i + 1}, {word[:40]!r}, holds {what} "
                                        "(misaligned records?)", line=rec + i + 1)
    words = _decode_words(joined, path, errors, first_record=rec + 1)
    vectors = gather(np.frombuffer(buf, dtype=np.uint8, count=size), we + 1, vb).view("<f4").reshape(len(ws), d)
    return Block(words, vectors.astype(np.float32, copy=False), np.arange(rec + 1, rec + len(ws) + 1))


def _join_words(a: np.ndarray, ws: np.ndarray, lengths: np.ndarray) -> bytes:
    """The bytes ``a[ws[i] : ws[i] + lengths[i]]`` of every word, joined by b"\\n" (vectorised)."""
    total = int(lengths.sum())
    out = np.full(total + len(ws) - 1, 10, dtype=np.uint8)
    within = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    out[np.repeat(np.cumsum(lengths + 1) - lengths - 1, lengths) + within] = a[np.repeat(ws, lengths) + within]
    return out.tobytes()


def _record_engine(vector_bytes: int):
    """``(scan, gather)``: compiled kernels for very large streams, the Python versions
    (no numba import) otherwise; see :data:`COMPILED_MIN_BYTES`."""
    if vector_bytes >= COMPILED_MIN_BYTES:
        from ._kernels import gather_records, scan_records

        def scan(buf, size, *args):
            return scan_records(np.frombuffer(buf, dtype=np.uint8, count=size), *args)

        return scan, gather_records
    return _scan_records, _gather_records


def _scan_records(buf: bytearray, size: int, pos: int, n: int, vb: int, max_word: int):
    """Python twin of :func:`._kernels.scan_records` (same contract, on the first ``size``
    bytes of ``buf``)."""
    ws = np.empty(n, np.int64)
    we = np.empty(n, np.int64)
    find = buf.find
    for r in range(n):
        while pos < size and buf[pos] == 10:
            pos += 1
        if pos >= size:
            return ws, we, r, pos, 1
        ws[r] = pos
        end = pos + max_word
        sp = find(b" ", pos, end if end < size else size)
        if sp < 0:
            return ws, we, r, pos, 2
        we[r] = sp
        pos = sp + 1 + vb
        if pos > size:
            return ws, we, r, pos, 3
    return ws, we, n, pos, 0


def _gather_records(a: np.ndarray, starts: np.ndarray, vb: int) -> np.ndarray:
    """The ``vb`` bytes after every start, one row each (rows of a sliding-window view:
    one C-level copy, no index array)."""
    return sliding_window_view(a, vb)[starts]


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
