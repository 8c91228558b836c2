"""Compiled record scanner of the word2vec binary reader (numba, cached on disk).

Used only for very large streams (see ``word2vec.COMPILED_MIN_BYTES``): the Python
record loop costs ~0.7 µs a record, these kernels ~0.1 µs, but numba's start-up costs
~0.5 s and ~130 MB. Module-level ``cache=True`` functions, so every process after the
first loads the machine code instead of compiling it.
"""
import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def scan_records(a, pos, n, vb, max_word):  # pragma: no cover - compiled
    """Word start/end of up to ``n`` records from ``pos``; returns ``(ws, we, done, pos,
    status)``, status 0 ok, 1 the data ends before a word, 2 no space within
    ``max_word`` bytes, 3 the vector is cut short (``ws[done]``/``we[done]`` hold the
    incomplete record's word where known)."""
    size = a.shape[0]
    ws = np.empty(n, np.int64)
    we = np.empty(n, np.int64)
    for r in range(n):
        while pos < size and a[pos] == 10:
            pos += 1
        if pos >= size:
            return ws, we, r, pos, 1
        ws[r] = pos
        lim = min(size, pos + max_word)
        while pos < lim and a[pos] != 32:
            pos += 1
        if pos >= lim:
            return ws, we, r, pos, 2
        we[r] = pos
        pos += 1 + vb
        if pos > size:
            return ws, we, r, pos, 3
    return ws, we, n, pos, 0


@numba.njit(cache=True, nogil=True)
def gather_records(a, starts, vb):  # pragma: no cover - compiled
    """The ``vb`` bytes from every start, one row each.

    Serial: the copy is bound by memory bandwidth, and a parallel kernel would start
    numba's threading layer (time and memory) in every process that reads a file."""
    out = np.empty((starts.shape[0], vb), np.uint8)
    for r in range(starts.shape[0]):
        s = starts[r]
        out[r, :] = a[s : s + vb]
    return out
