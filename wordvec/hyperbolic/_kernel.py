"""Numba kernel of Poincaré-embedding training: one epoch of Riemannian SGD over mini-batches.

Kept apart from :mod:`.model` so that the (cached) compilation happens once, and so that
the tests can check the per-edge gradient :func:`edge_loss_grad` against finite
differences of the numpy loss in :mod:`.model`.

The negative sampler draws from an explicit Mersenne-Twister state (:func:`rng_state`)
passed in by the caller, not from numba's global (thread-local) generator, so a fit depends
on its own ``seed`` only. Generator and draws are those of numba's legacy ``np.random``
(MT19937 seeded by ``init_genrand``; doubles from 53 bits of two words; integers by masked
rejection): the samples equal those the kernel drew after seeding numba's global state.
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit

MT_N, MT_M = 624, 397
_U32 = np.uint64(0xFFFFFFFF)
_UPPER, _LOWER, _MATRIX_A = np.uint64(0x80000000), np.uint64(0x7FFFFFFF), np.uint64(0x9908B0DF)
_TEMPER_B, _TEMPER_C = np.uint64(0x9D2C5680), np.uint64(0xEFC60000)
_ONE = np.uint64(1)


def rng_state(seed: int) -> np.ndarray:
    """A fresh MT19937 state seeded with ``seed`` (``init_genrand``): 624 words and the position, as uint64."""
    state = np.empty(MT_N + 1, dtype=np.uint64)
    x = int(seed) & 0xFFFFFFFF
    for pos in range(MT_N):
        state[pos] = x
        x = (1812433253 * (x ^ (x >> 30)) + pos + 1) & 0xFFFFFFFF
    state[MT_N] = MT_N  # exhausted: the first draw regenerates the words
    return state


@njit(cache=True)
def _twist(state):
    for i in range(MT_N):
        y = (state[i] & _UPPER) | (state[(i + 1) % MT_N] & _LOWER)
        v = state[(i + MT_M) % MT_N] ^ (y >> _ONE)
        if y & _ONE:
            v ^= _MATRIX_A
        state[i] = v


@njit(cache=True)
def next_u32(state):
    """The next tempered 32-bit word of the generator (advances ``state``)."""
    i = np.int64(state[MT_N])
    if i >= MT_N:
        _twist(state)
        i = 0
    y = state[i]
    state[MT_N] = np.uint64(i + 1)
    y ^= y >> np.uint64(11)
    y ^= (y << np.uint64(7)) & _TEMPER_B
    y ^= (y << np.uint64(15)) & _TEMPER_C
    y ^= y >> np.uint64(18)
    return y & _U32


@njit(cache=True)
def uniform(state):
    """A double in [0, 1) from 53 random bits (randomkit's ``rk_double``)."""
    a = np.float64(next_u32(state) >> np.uint64(5))
    b = np.float64(next_u32(state) >> np.uint64(6))
    return (a * 67108864.0 + b) / 9007199254740992.0


@njit(cache=True)
def randint(state, n):
    """An integer in ``[0, n)`` (``n >= 1``) by rejection of masked words, as numba's legacy ``randint(0, n)``."""
    if n <= 1:
        return 0
    nbits = 0
    m = n - 1
    while m > 0:
        nbits += 1
        m >>= 1
    while True:
        if nbits <= 32:
            r = np.int64(next_u32(state) & (_U32 >> np.uint64(32 - nbits)))
        else:
            high = next_u32(state) & (_U32 >> np.uint64(64 - nbits))
            r = np.int64(next_u32(state) + (high << np.uint64(32)))
        if r < n:
            return r


@njit(cache=True)
def _linked(u, t, indptr, indices):
    lo = indptr[u]
    hi = indptr[u + 1]
    while lo < hi:  # binary search in u's sorted neighbour list
        mid = (lo + hi) // 2
        x = indices[mid]
        if x == t:
            return True
        if x < t:
            lo = mid + 1
        else:
            hi = mid
    return False


@njit(cache=True)
def sample_negatives(u, n, k, indptr, indices, cindptr, cindices, cdf, use_cdf, state, out):
    """Fill ``out[:k]`` with nodes not linked to ``u`` (either direction), ``u`` excluded; returns how many.

    Nodes linked to more than half of the graph have their complement listed explicitly
    (``cindptr``/``cindices``) so that rejection sampling cannot stall on them — the
    failure mode of gensim's sampler on closures where a node is linked to almost all.
    """
    c0 = cindptr[u]
    c1 = cindptr[u + 1]
    if c1 > c0 or indptr[u + 1] - indptr[u] >= n - 1:
        m = c1 - c0
        if m == 0:
            return 0
        for i in range(k):
            out[i] = cindices[c0 + randint(state, m)]
        return k
    cnt = 0
    tries = 0
    total = cdf[cdf.shape[0] - 1]
    while cnt < k and tries < 50 * k + 100:
        tries += 1
        if use_cdf:
            t = np.searchsorted(cdf, uniform(state) * total, side="right")
            if t >= n:
                t = n - 1
        else:
            t = randint(state, n)
        if t == u or _linked(u, t, indptr, indices):
            continue
        out[cnt] = t
        cnt += 1
    if 0 < cnt < k:  # fill up with repeats rather than shrinking the softmax
        for i in range(cnt, k):
            out[i] = out[randint(state, cnt)]
        cnt = k
    return cnt


@njit(cache=True)
def edge_loss_grad(theta, u, v, negs, cnt, coef_scale, G, eps):
    """Loss ``−log softmax(−d)[v]`` of edge (u, v) against ``negs[:cnt]``; adds ``coef_scale·∇`` into ``G``."""
    dim = theta.shape[1]
    K = cnt + 1
    d = np.empty(K)
    uu = 0.0
    for a in range(dim):
        uu += theta[u, a] * theta[u, a]
    alpha = max(1.0 - uu, eps * eps)
    for j in range(K):
        x = v if j == 0 else negs[j - 1]
        xx = 0.0
        diff = 0.0
        for a in range(dim):
            xx += theta[x, a] * theta[x, a]
            t = theta[u, a] - theta[x, a]
            diff += t * t
        beta = max(1.0 - xx, eps * eps)
        z = 2.0 * diff / (alpha * beta)
        d[j] = math.log1p(z + math.sqrt(z * (z + 2.0)))
    mx = -d[0]
    for j in range(1, K):
        if -d[j] > mx:
            mx = -d[j]
    s = 0.0
    for j in range(K):
        s += math.exp(-d[j] - mx)
    lse = mx + math.log(s)
    loss = d[0] + lse
    for j in range(K):
        x = v if j == 0 else negs[j - 1]
        p = math.exp(-d[j] - lse)
        g = ((1.0 if j == 0 else 0.0) - p) * coef_scale
        if g == 0.0:
            continue
        xx = 0.0
        ux = 0.0
        for a in range(dim):
            xx += theta[x, a] * theta[x, a]
            ux += theta[u, a] * theta[x, a]
        beta = max(1.0 - xx, eps * eps)
        gamma = 1.0 + 2.0 * max(uu + xx - 2.0 * ux, 0.0) / (alpha * beta)
        root = math.sqrt(max(gamma * gamma - 1.0, 1e-15))
        cu = 4.0 / (beta * root)
        cx = 4.0 / (alpha * root)
        au = (xx - 2.0 * ux + 1.0) / (alpha * alpha)
        ax = (uu - 2.0 * ux + 1.0) / (beta * beta)
        for a in range(dim):
            G[u, a] += g * cu * (au * theta[u, a] - theta[x, a] / alpha)
            G[x, a] += g * cx * (ax * theta[x, a] - theta[u, a] / beta)
    return loss


@njit(cache=True)
def train_epoch(theta, eu, ev, perm, batch, k, learning_rate, indptr, indices, cindptr, cindices, cdf, use_cdf, eps,
                mean, state):
    """One pass over the edges in the order ``perm``; returns the summed loss.

    Negatives come from the generator ``state`` (:func:`rng_state`), which advances.

    Each mini-batch's Euclidean gradient (of the summed loss, or of the mean loss over the
    batch when ``mean``) is accumulated per row, rescaled by ``(1−‖θ‖²)²/4`` and followed by a
    projection to ``‖θ‖ ≤ 1 − eps`` (Nickel & Kiela 2017, eq. 5–6).
    """
    n, dim = theta.shape
    G = np.zeros((n, dim))
    flag = np.zeros(n, dtype=np.bool_)
    touched = np.empty(batch * (k + 2), dtype=np.int64)
    negs = np.empty(k, dtype=np.int64)
    m = perm.shape[0]
    total = 0.0
    for b0 in range(0, m, batch):
        b1 = min(m, b0 + batch)
        scale = 1.0 / (b1 - b0) if mean else 1.0
        nt = 0
        for e in range(b0, b1):
            i = perm[e]
            u = eu[i]
            v = ev[i]
            cnt = sample_negatives(u, n, k, indptr, indices, cindptr, cindices, cdf, use_cdf, state, negs)
            total += edge_loss_grad(theta, u, v, negs, cnt, scale, G, eps)
            for j in range(cnt + 2):
                x = u if j == 0 else (v if j == 1 else negs[j - 2])
                if not flag[x]:
                    flag[x] = True
                    touched[nt] = x
                    nt += 1
        for q in range(nt):
            x = touched[q]
            sq = 0.0
            for a in range(dim):
                sq += theta[x, a] * theta[x, a]
            r = learning_rate * (1.0 - sq) * (1.0 - sq) / 4.0
            sq2 = 0.0
            for a in range(dim):
                theta[x, a] -= r * G[x, a]
                G[x, a] = 0.0
                sq2 += theta[x, a] * theta[x, a]
            nrm = math.sqrt(sq2)
            if nrm >= 1.0 - eps:
                f = (1.0 - eps) / nrm
                for a in range(dim):
                    theta[x, a] *= f
            flag[x] = False
    return total
