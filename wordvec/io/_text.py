"""Vectorised parsing of the text vector formats (word2vec text, GloVe, fastText ``.vec``).

The stream is parsed in chunks of whole lines (:func:`text_blocks`, one pass, see
:mod:`._stream`); two parsers share one contract for a chunk:

* the **fast path** checks the layout of a whole chunk at once with numpy (number of
  single-space separators on every line) and, when every line has exactly one word
  and ``dim`` values, hands the chunk to pandas' C CSV tokenizer;
* the **exact path** (Python string splitting, one ``np.array(..., float32)``
  conversion) runs whenever the fast path sees anything unusual — tabs, repeated
  blanks, ``\\r``, a wrong field count, an unparsable number, undecodable bytes — and
  either parses the file (GloVe words with spaces, odd whitespace) or raises a
  :class:`~wordvec.errors.FormatError` naming the file, the line and the problem.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from ..errors import FormatError
from ._stream import Block, Source

#: Bytes of text parsed at a time: a chunk costs ~8x its size in temporaries (its lines,
#: pandas' tokens), so it is half the binary reader's chunk (as fast, less memory).
CHUNK_BYTES = 8 * 2**20
#: The first read when only a prefix is wanted (``limit=``).
FIRST_CHUNK_BYTES = 1 << 20
#: The longest word and value a text row may hold: a longer line is not a row, and
#: buffering it whole (a corrupt file of one 128 MB "line") would cost gigabytes.
MAX_LINE_WORD_BYTES, MAX_VALUE_BYTES = 1 << 16, 64
#: The largest dimension a header may declare (real embeddings have at most a few
#: thousand): a corrupt header must not size a buffer.
MAX_DIM = 1 << 20


def parse_header(line: bytes, path: Path) -> tuple[int, int]:
    """``(n, dim)`` from a word2vec header line."""
    parts = line.split()
    try:
        if len(parts) != 2:
            raise ValueError
        n, d = int(parts[0]), int(parts[1])
    except ValueError:
        shown = line[:80].decode("utf-8", "replace")
        raise FormatError(path, f"expected a header 'WORDS DIMENSIONS' (two integers), found {shown!r}", line=1) from None
    if n < 0 or d < 1:
        raise FormatError(path, f"header gives {n} words of dimension {d}; both must be positive", line=1)
    if d > MAX_DIM:
        raise FormatError(path, f"header gives dimension {d:,}, more than any embedding has ({MAX_DIM:,}): corrupt header?",
                          line=1)
    return n, d


def read_header(source: Source, min_row_bytes: int) -> tuple[int, int]:
    """``(n, dim)`` from the first line of a word2vec text or binary stream, checked
    against the file: ``min_row_bytes(dim)`` is the smallest a row can be, so a plain
    file too short for one row of the declared dimension is refused before anything
    is allocated for it."""
    head = source.readline()
    if not head.strip() and not source.read(1 << 16).strip():
        raise FormatError(source.path, "empty file", line=1)
    n, d = parse_header(head, source.path)
    if n and source.size is not None and len(head) + min_row_bytes(d) > source.size:
        raise FormatError(source.path, f"the header (line 1) declares {n:,} words of dimension {d:,}, but the file "
                                       f"has {source.size:,} bytes, too few for even one (truncated or corrupt?)",
                          line=1)
    return n, d


def first_line_dim(body: bytes, path: Path, first_line: int) -> int:
    """Dimension of a header-less file from its first non-blank line."""
    for i, raw in enumerate(body.split(b"\n", 50)[:50]):
        toks = raw.split()
        if toks:
            if len(toks) < 2:
                raise FormatError(path, "a line needs a word followed by at least one value", line=first_line + i)
            return len(toks) - 1
    raise FormatError(path, "empty file", line=first_line)


def estimate_rows(source: Source, sample: bytes, at_most: int | None = None) -> int:
    """Rows to preallocate: the (decompressed, ~3:1 for text) size over the mean line
    length of ``sample``. An underestimate only costs a reallocation."""
    per_row = len(sample) / max(1, sample.count(b"\n")) if sample else 1
    guess = int(source.size_bound(3) / per_row * 1.05) + 1024
    return guess if at_most is None else min(guess, at_most)


def text_blocks(
    source: Source,
    dim: int,
    *,
    first_line: int,
    errors: str = "strict",
    space_in_words: bool = False,
    limit: int | None = None,
    pending: bytes = b"",
    progress=None,
) -> Iterator[Block]:
    """Parse the rest of ``source`` chunk by chunk (whole lines each), yielding blocks.

    With ``limit`` only the lines needed are read: the first chunk is small and the
    next ones are sized from the bytes per row seen so far.
    """
    from .._progress import progress_bar

    path = source.path
    bar = progress_bar(total=source.size, desc=f"reading {path.name}", progress=progress, unit="B", unit_scale=True)
    line, rows, consumed, want = first_line, 0, 0, limit
    unterminated = False
    max_line = MAX_LINE_WORD_BYTES + dim * MAX_VALUE_BYTES
    size = FIRST_CHUNK_BYTES if limit is not None else CHUNK_BYTES
    try:
        while True:
            data = source.read(size)
            buf = pending + data if pending else data
            if data:
                nl = buf.rfind(b"\n")
                if nl < 0:  # a line longer than the chunk: read on, up to what a row can hold
                    if len(buf) > max_line:
                        raise FormatError(path, f"a line of more than {max_line:,} bytes, longer than any row of {dim} "
                                                "values can be (corrupt file, or not a vector file?)", line=line)
                    pending, size = buf, CHUNK_BYTES
                    continue
                chunk, pending = buf[: nl + 1], buf[nl + 1 :]
            else:
                chunk, pending = buf, b""
                if not chunk:
                    return
                # Every writer ends its last row with a newline: a file that stops inside
                # one was cut, perhaps inside its last value (refused once it parses).
                unterminated = want is None and bool(chunk[chunk.rfind(b"\n") + 1 :].strip())
            if want is not None:  # parse no line past the ones wanted
                cut = _end_of_rows(chunk, want - rows)
                chunk, pending = chunk[:cut], chunk[cut:] + pending
            res = _fast_chunk(chunk, dim, line, errors)
            if res is None:
                res = _exact_chunk(chunk, dim, path, line, errors, space_in_words)
            block = Block(*res)
            if unterminated:
                raise FormatError(path, "the file ends inside a line, without a final newline (truncated? "
                                        "if the file is complete, add a newline)", line=line + chunk.count(b"\n"))
            line += chunk.count(b"\n")
            consumed += len(chunk)
            bar.update(len(chunk))
            if want is not None and rows + len(block) >= want:
                yield block.head(want - rows)
                return
            rows += len(block)
            yield block
            if not data and not pending:
                return
            if want is not None:
                per_row = consumed / max(1, rows)
                size = int(min(CHUNK_BYTES, max(FIRST_CHUNK_BYTES, (want - rows) * per_row * 1.1)))
    finally:
        bar.close()


def _end_of_rows(chunk: bytes, rows: int) -> int:
    """Offset just past the ``rows``-th non-empty line of ``chunk`` (all of it if fewer)."""
    arr = np.frombuffer(chunk, dtype=np.uint8)
    ends = np.flatnonzero(arr == 10)
    starts = np.concatenate(([0], ends[:-1] + 1))
    full = np.flatnonzero(ends > starts)
    return len(chunk) if len(full) < rows else int(ends[full[rows - 1]]) + 1


def _fast_chunk(chunk: bytes, dim: int, first_line: int, errors: str):
    """Parse ``chunk`` with pandas if its layout is exactly ``word v1 … vdim[ ]`` per line."""
    import pandas as pd

    arr = np.frombuffer(chunk, dtype=np.uint8)
    if ((arr < 32) & (arr != 10)).any() or (arr == 127).any():  # tabs, \r, control characters
        return None
    ends = np.flatnonzero(arr == 10)
    if len(arr) and arr[-1] != 10:
        ends = np.append(ends, len(arr))
    starts = np.concatenate(([0], ends[:-1] + 1)) if len(ends) else np.empty(0, np.int64)
    nonblank = ends > starts
    if not nonblank.all():
        starts, ends_nb = starts[nonblank], ends[nonblank]
    else:
        ends_nb = ends
    line_no = np.flatnonzero(nonblank) + first_line
    if len(starts) == 0:
        return [], np.empty((0, dim), np.float32), line_no
    spaces = np.flatnonzero(arr == 32)
    per_line = np.searchsorted(spaces, ends_nb) - np.searchsorted(spaces, starts)
    trailing = arr[ends_nb - 1] == 32
    if (arr[starts] == 32).any() or not np.array_equal(per_line - trailing, np.full(len(starts), dim)):
        return None
    if trailing.any() and not trailing.all():
        return None
    del spaces, per_line, arr
    try:
        with np.errstate(over="ignore"):  # an overflow becomes inf, refused by name afterwards
            df = pd.read_csv(
                io.BytesIO(chunk),
                sep=" ",
                header=None,
                quoting=csv.QUOTE_NONE,
                na_filter=False,
                engine="c",
                dtype={0: object, **{i: np.float32 for i in range(1, dim + 1)}},
                usecols=range(dim + 1) if trailing.any() else None,
                encoding="utf-8",
                encoding_errors=errors,
                skip_blank_lines=True,
            )
    except Exception:  # any tokenizer/conversion problem: let the exact parser name it
        return None
    if df.shape != (len(starts), dim + 1):
        return None
    words = df[0].tolist()
    if any(not isinstance(w, str) for w in words):
        return None
    vectors = df.iloc[:, 1:].to_numpy(dtype=np.float32)
    return words, np.ascontiguousarray(vectors), line_no


def decode(chunk: bytes, path: Path, first_line: int, errors: str) -> str:
    try:
        return chunk.decode("utf-8", errors)
    except UnicodeDecodeError as exc:
        line = first_line + chunk.count(b"\n", 0, exc.start)
        raise FormatError(
            path,
            f"undecodable bytes {chunk[exc.start:exc.end]!r} at byte {exc.start} of the line's chunk "
            f"({exc.reason}); pass errors='replace' to substitute U+FFFD",
            line=line,
        ) from None


def _is_number(tok: str) -> bool:
    try:
        float(tok)
        return True
    except ValueError:
        return False


#: Control characters other than the blanks that separate fields (tab, CR).
_CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")


def _check_strict(text: str, values: list[str], words: list[str], lines: list[int], dim: int, path: Path,
                  first_line: int) -> None:
    """Refuse control characters anywhere, and numbers that only Python's lenient
    ``float`` reads (``1_0``, non-ASCII digits such as ``١٢``)."""
    bad = _CONTROL.search(text)
    if bad:
        raise FormatError(path, f"control character {bad.group()!r} in the line", line=first_line + text.count("\n", 0, bad.start()))
    joined = "".join(values)
    if joined.isascii() and "_" not in joined:
        return
    for k, tok in enumerate(values):
        if not tok.isascii() or "_" in tok:
            r = k // dim
            raise FormatError(path, f"cannot read {tok!r} as a number (vector of {words[r]!r})", line=lines[r])


def _exact_chunk(chunk: bytes, dim: int, path: Path, first_line: int, errors: str, space_in_words: bool):
    text = decode(chunk, path, first_line, errors)
    raw_lines = text.split("\n")
    last = len(raw_lines) - 1
    words: list[str] = []
    values: list[str] = []
    lines: list[int] = []
    for i, raw in enumerate(raw_lines):
        # Only ASCII blanks separate fields (as in gensim): a word may hold U+00A0 etc.
        toks = [t for t in raw.replace("\t", " ").replace("\r", " ").split(" ") if t]
        if not toks:
            continue
        lineno = first_line + i
        if len(toks) != dim + 1:
            if space_in_words and len(toks) > dim + 1 and not any(map(_is_number, toks[1:-dim])):
                toks = [" ".join(toks[:-dim])] + toks[-dim:]
            else:
                found = len(toks) - 1
                hint = " (truncated file?)" if i == last and found < dim else ""
                if raw[:1] in (" ", "\t"):
                    raise FormatError(path, "line starts with whitespace: the word is missing", line=lineno)
                raise FormatError(path, f"expected {dim} values after the word {toks[0]!r}, found {found}{hint}", line=lineno)
        words.append(toks[0])
        values.extend(toks[1:])
        lines.append(lineno)
    _check_strict(text, values, words, lines, dim, path, first_line)
    try:
        with np.errstate(over="ignore"):  # an overflow becomes inf, refused by name afterwards
            vectors = np.array(values, dtype=np.float32).reshape(len(words), dim)
    except ValueError:
        for r, lineno in enumerate(lines):
            for tok in values[r * dim : (r + 1) * dim]:
                if not _is_number(tok):
                    raise FormatError(path, f"cannot read {tok!r} as a number (vector of {words[r]!r})", line=lineno) from None
        raise
    return words, vectors, np.asarray(lines, dtype=np.int64)


def format_rows(words: list[str], vectors: np.ndarray, precision: int = 9) -> bytes:
    """``word v1 … vd\\n`` for every row; ``%.9g`` round-trips float32 exactly."""
    d = vectors.shape[1]
    fmt = " ".join([f"%.{precision}g"] * d)
    rows = vectors.astype(np.float64).tolist()
    return "".join([f"{w} {fmt % tuple(r)}\n" for w, r in zip(words, rows)]).encode("utf-8")
