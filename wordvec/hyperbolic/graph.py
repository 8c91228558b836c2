"""Sparse adjacency of node indices (CSR): what the sampler and the ranking evaluation mask.

Nodes are the rows ``0 … n−1`` of an embedding; relations come as parallel arrays of
(child, parent) rows, e.g. from :meth:`~wordvec.hyperbolic.Taxonomy.edge_arrays`.
"""
from __future__ import annotations

import numpy as np


def _csr(n: int, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    key = np.unique(rows * n + cols)
    rows, cols = key // n, key % n
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return indptr, cols.astype(np.int64)


def adjacency(n: int, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CSR (indptr, sorted indices) of the symmetric relation ``u ~ v``.

    Examples
    --------
    >>> import numpy as np
    >>> indptr, indices = adjacency(3, np.array([0, 1]), np.array([2, 2]))
    >>> indices[indptr[2]:indptr[3]].tolist()
    [0, 1]
    """
    return _csr(n, np.concatenate([u, v]), np.concatenate([v, u]))


def directed_adjacency(n: int, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CSR (indptr, sorted indices) of the directed relation ``u → v``."""
    return _csr(n, u, v)


def complement_lists(n: int, indptr: np.ndarray, indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CSR lists of the nodes *not* linked to each node linked to more than half of the graph.

    Other nodes get an empty list. The sampler draws negatives of such crowded nodes from
    their list, so that rejection sampling cannot stall on them.
    """
    crowded = np.flatnonzero(np.diff(indptr) > n // 2)
    comp = []
    for x in crowded:
        mask = np.ones(n, dtype=bool)
        mask[indices[indptr[x]:indptr[x + 1]]] = False
        mask[x] = False
        comp.append(np.flatnonzero(mask))
    sizes = np.zeros(n, dtype=np.int64)
    sizes[crowded] = [len(c) for c in comp]
    cindptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sizes, out=cindptr[1:])
    cindices = np.concatenate(comp).astype(np.int64) if comp else np.zeros(0, dtype=np.int64)
    return cindptr, cindices
