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
def adagrad_block(rows, cols, logx, fx, start, stop, W, C, bw, bc, gW, gC, gbw, gbc, eta, clip):  # pragma: no cover - compiled
    """AdaGrad updates for entries ``start:stop``; returns (sum of 0.5·f·diff², skipped entries).

    Mirrors ``glove.c``: the squared-gradient accumulators start at 1, the element-wise
    gradient is clipped to ``±clip`` and the word and context updates of one entry are both
    computed from the values before the update.
    """
    d = W.shape[1]
    cost = 0.0
    skipped = 0
    for e in range(start, stop):
        i = rows[e]
        j = cols[e]
        diff = 0.0
        for b in range(d):
            diff += W[i, b] * C[j, b]
        diff += bw[i] + bc[j] - logx[e]
        if not math.isfinite(diff):
            skipped += 1
            continue
        fdiff = fx[e] * diff
        cost += 0.5 * fdiff * diff
        fdiff *= eta
        for b in range(d):
            w = W[i, b]
            c = C[j, b]
            g1 = min(max(fdiff * c, -clip), clip)
            g2 = min(max(fdiff * w, -clip), clip)
            W[i, b] = w - g1 / math.sqrt(gW[i, b])
            C[j, b] = c - g2 / math.sqrt(gC[j, b])
            gW[i, b] += g1 * g1
            gC[j, b] += g2 * g2
        bw[i] -= fdiff / math.sqrt(gbw[i])
        bc[j] -= fdiff / math.sqrt(gbc[j])
        fdiff *= fdiff
        gbw[i] += fdiff
        gbc[j] += fdiff
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
