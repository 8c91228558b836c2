"""Compiled helpers for the word2vec binary reader (numba, cached on disk).

Used only for large files, where bench_io.py shows them paying: the Python record
loop plus one memoryview slice per vector costs ~2 µs a record, these kernels ~0.1 µs.
"""
from __future__ import annotations

import numpy as np

_CACHE: dict = {}


def kernels():
    """``(scan, gather, join_words)`` compiled on first use; None when numba is unavailable."""
    if "k" in _CACHE:
        return _CACHE["k"]
    try:
        import numba
    except ImportError:  # pragma: no cover - numba is a dependency
        _CACHE["k"] = None
        return None

    @numba.njit(cache=True, nogil=True)
    def scan(a, pos, n, vb, max_word):  # pragma: no cover - compiled
        """Word start/end of up to ``n`` records; returns how many were complete and
        a status: 0 ok, 1 file ends before a word, 2 no space within max_word bytes,
        3 vector cut short."""
        size = a.shape[0]
        ws = np.empty(n, np.int64)
        we = np.empty(n, np.int64)
        for r in range(n):
            while pos < size and a[pos] == 10:
                pos += 1
            if pos >= size:
                return ws, we, r, pos, 1
            s = pos
            lim = min(size, pos + max_word)
            while pos < lim and a[pos] != 32:
                pos += 1
            if pos >= lim:
                ws[r] = s
                return ws, we, r, pos, 2
            ws[r] = s
            we[r] = pos
            pos += 1 + vb
            if pos > size:
                return ws, we, r, pos, 3
        return ws, we, n, pos, 0

    @numba.njit(cache=True, nogil=True, parallel=True)
    def gather(a, starts, vb):  # pragma: no cover - compiled
        n = starts.shape[0]
        out = np.empty((n, vb), np.uint8)
        for r in numba.prange(n):
            s = starts[r]
            out[r, :] = a[s : s + vb]
        return out

    @numba.njit(cache=True, nogil=True)
    def join_words(a, ws, we):  # pragma: no cover - compiled
        """The words' bytes joined by b"\\n" (decoded and split once in Python)."""
        n = ws.shape[0]
        total = 0
        for r in range(n):
            total += we[r] - ws[r] + 1
        out = np.empty(max(total - 1, 0), np.uint8)
        p = 0
        for r in range(n):
            ln = we[r] - ws[r]
            out[p : p + ln] = a[ws[r] : we[r]]
            p += ln
            if r < n - 1:
                out[p] = 10
                p += 1
        return out

    _CACHE["k"] = (scan, gather, join_words)
    return _CACHE["k"]
