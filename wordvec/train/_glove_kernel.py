"""Compiled AdaGrad epoch of GloVe (numba, ``nogil`` so that Python threads run it lock-free).

One call processes a contiguous block of the (already shuffled) non-zeros. Several
threads calling it at once on disjoint blocks share ``W``, ``C`` and the AdaGrad
accumulators without locks — Hogwild! (Recht et al. 2011), as the reference C GloVe does
with pthreads. Sparse co-occurrence makes conflicting writes rare.
"""
from __future__ import annotations

import math

from numba import njit

# Fast-math without "nnan"/"ninf": the reference skips entries whose residual is not finite,
# and that check must survive optimisation.
_FASTMATH = {"nsz", "arcp", "contract", "afn", "reassoc"}

#: Element-wise gradient clip of the reference implementation (``grad_clip_value``).
GRAD_CLIP = 100.0


@njit(nogil=True, cache=True, fastmath=_FASTMATH, boundscheck=False, error_model="numpy")
def adagrad_block(rows, cols, logx, fx, start, stop, P, Q, eta, clip):  # pragma: no cover - compiled
    """AdaGrad updates for entries ``start:stop``; returns (sum of 0.5·f·diff², skipped entries).

    ``P[i] = [w_i (d), b_i, G(w_i) (d), G(b_i)]`` packs word ``i``'s vector, bias and their
    squared-gradient accumulators in one row (``Q`` likewise for contexts), so that an update
    touches two contiguous rows instead of eight scattered ones — as ``glove.c`` keeps the bias
    next to the vector. Mirrors ``glove.c``: accumulators start at 1, the element-wise gradient
    is clipped to ``±clip`` and both updates of one entry use the values before the update.
    """
    d = (P.shape[1] - 2) // 2
    g0 = d + 1
    cost = 0.0
    skipped = 0
    for e in range(start, stop):
        p = P[rows[e]]
        q = Q[cols[e]]
        diff = 0.0
        for b in range(d):
            diff += p[b] * q[b]
        diff += p[d] + q[d] - logx[e]
        if not math.isfinite(diff):
            skipped += 1
            continue
        fdiff = fx[e] * diff
        cost += 0.5 * fdiff * diff
        fdiff *= eta
        for b in range(d):
            w = p[b]
            c = q[b]
            g1 = min(max(fdiff * c, -clip), clip)
            g2 = min(max(fdiff * w, -clip), clip)
            p[b] = w - g1 / math.sqrt(p[g0 + b])
            q[b] = c - g2 / math.sqrt(q[g0 + b])
            p[g0 + b] += g1 * g1
            q[g0 + b] += g2 * g2
        p[d] -= fdiff / math.sqrt(p[g0 + d])
        q[d] -= fdiff / math.sqrt(q[g0 + d])
        fdiff *= fdiff
        p[g0 + d] += fdiff
        q[g0 + d] += fdiff
    return cost, skipped


@njit(nogil=True, cache=True, fastmath=_FASTMATH, error_model="numpy")
def weighted_cost(rows, cols, logx, fx, W, C, bw, bc):  # pragma: no cover - compiled
    """Σ 0.5·f(X_ij)·(w_i·c_j + b_i + b̃_j − log X_ij)² over all entries, at fixed parameters."""
    d = W.shape[1]
    cost = 0.0
    for e in range(rows.shape[0]):
        i = rows[e]
        j = cols[e]
        diff = 0.0
        for b in range(d):
            diff += W[i, b] * C[j, b]
        diff += bw[i] + bc[j] - logx[e]
        cost += 0.5 * fx[e] * diff * diff
    return cost
