"""Analogy methods that learn from the other pairs of a section: 3CosAvg and LRCos.

Both answer ``c : ?`` from what the *other* (source, target) pairs of the question's
section have in common (Drozd, Gladkova & Matsuoka 2016): 3CosAvg from their average
offset, LRCos from a logistic regression on their targets. A question's answer depends
only on its own pair ``(c, d)``, so each distinct ``(section, c, d)`` is answered once.
"""
from __future__ import annotations

import zlib

import numpy as np

from .._numerics import rows_per_block
from .._progress import progress_bar
from .._topk import top_k
from ..errors import EmptyInputError


def _pair_keys(section: np.ndarray, qc: np.ndarray, qd: np.ndarray):
    """Codes of every question's ``(section, c, d)`` and the distinct keys (a pandas MultiIndex)."""
    import pandas as pd

    return pd.factorize(pd.MultiIndex.from_frame(pd.DataFrame({"s": section, "c": qc, "d": qd})))


def _section_pairs(in_sec: np.ndarray, qa, qb, qc, qd, base: int) -> np.ndarray:
    """The distinct (source, target) pairs of a section's questions, coded ``source * base + target``."""
    import pandas as pd

    return pd.unique(np.concatenate([qa[in_sec] * base + qb[in_sec], qc[in_sec] * base + qd[in_sec]]))


def _store_top(best_idx: np.ndarray, best_val: np.ndarray, rows, sc: np.ndarray, k: int) -> None:
    """Top-``k`` of every row of the score block ``sc`` into ``best_*[rows]``."""
    top_idx, top_val = top_k(sc, k)
    best_idx[rows, :top_idx.shape[1]] = top_idx
    best_val[rows, :top_idx.shape[1]] = top_val


def avg_top_scores(U: np.ndarray, canon: np.ndarray, section: np.ndarray, qa, qb, qc, qd, k: int, stop: int,
                   block: int = 512) -> tuple[np.ndarray, np.ndarray]:
    """3CosAvg (Drozd, Gladkova & Matsuoka 2016): argmax_d cos(d, c + mean offset of the section).

    The offset averages u_b − u_a over the distinct (source, target) pairs of the section,
    leaving out the pair being answered (c, d); c and its case variants are excluded from the answers.
    """
    import pandas as pd

    codes, uniq_keys = _pair_keys(section, qc, qd)
    Q = np.empty((len(uniq_keys), U.shape[1]), dtype=np.float64)
    crow = np.empty(len(uniq_keys), dtype=np.int64)
    base = stop + 1
    per_section = {}
    for sec in pd.unique(section):
        pairs = _section_pairs(section == sec, qa, qb, qc, qd, base)
        diffs = U[pairs % base].astype(np.float64) - U[pairs // base]
        per_section[sec] = (diffs, diffs.sum(axis=0), {int(p): i for i, p in enumerate(pairs)})
    for j, (s_, c_, d_) in enumerate(uniq_keys):
        diffs, total, pos = per_section[s_]
        i = pos[int(c_) * base + int(d_)]
        Q[j] = U[c_] + (total - diffs[i]) / max(len(diffs) - 1, 1)
        crow[j] = c_
    Q /= np.maximum(np.linalg.norm(Q, axis=1, keepdims=True), 1e-12)
    Q = Q.astype(np.float32)
    best_idx = np.full((len(Q), k), -1, dtype=np.int64)
    best_val = np.full((len(Q), k), -np.inf, dtype=np.float32)
    for r0 in range(0, len(Q), block):
        r1 = min(len(Q), r0 + block)
        sc = Q[r0:r1] @ U[:stop].T
        sc[canon[None, :stop] == crow[r0:r1][:, None]] = -np.inf
        _store_top(best_idx, best_val, slice(r0, r1), sc, k)
    best_idx[~np.isfinite(best_val)] = -1
    return best_idx[codes], best_val[codes]


class _SectionClassifier:
    """LRCos's training set for one section, and its leave-one-pair-out logistic fits."""

    def __init__(self, U: np.ndarray, sec, src: np.ndarray, tgt: np.ndarray, noise: np.ndarray, l2: float):
        cat = np.unique(np.concatenate([src, tgt]))
        self.sec, self.l2 = sec, l2
        self.rows = np.concatenate([cat, noise])
        self.X = U[self.rows].astype(np.float64)
        self.is_noise = np.r_[np.zeros(len(cat), dtype=bool), np.ones(len(noise), dtype=bool)]
        # How many pairs of the section have each category word as target / as source.
        self.n_tgt = np.r_[(tgt[None, :] == cat[:, None]).sum(axis=1), np.zeros(len(noise), dtype=np.int64)]
        self.n_src = np.r_[(src[None, :] == cat[:, None]).sum(axis=1), np.zeros(len(noise), dtype=np.int64)]

    def fit(self, nt: np.ndarray, ns: np.ndarray, start: np.ndarray | None = None) -> tuple[np.ndarray, float]:
        from .._logistic import balanced_weights, fit_logistic

        y = nt > 0
        keep = y | (ns > 0) | self.is_noise
        n_pos, n_neg = int(y[keep].sum()), int((~y[keep]).sum())
        if not (n_pos and n_neg):
            raise EmptyInputError(f"LRCos: in section {self.sec!r} a training set has {n_pos} target and {n_neg} "
                                  "non-target words; both classes are needed (lrcos_random > 0 adds random negatives)")
        return fit_logistic(self.X, y, l2=self.l2, sample_weight=balanced_weights(y, keep), start=start)

    def fit_leaving_out(self, c: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Weights and intercepts of the fits that leave out each pair ``(c[t], d[t])``."""
        w_all, b_all = self.fit(self.n_tgt, self.n_src)
        start = np.r_[w_all, b_all]
        W = np.empty((len(c), self.X.shape[1]), dtype=np.float64)
        b = np.empty(len(c), dtype=np.float64)
        for t in range(len(c)):
            # Leave the question's pair (c, d) out; c and d stay only as members of other pairs.
            W[t], b[t] = self.fit(self.n_tgt - (self.rows == d[t]), self.n_src - (self.rows == c[t]), start)
        return W, b


def _random_negatives(pool_all: np.ndarray, cat: np.ndarray, n_noise: int, seed: int, sec) -> np.ndarray:
    """``n_noise`` canonical rows outside the section, seeded by (seed, section name)."""
    pool = np.setdiff1d(pool_all, cat, assume_unique=True)
    # Seeded by (seed, section name): a section's negatives do not depend on the other sections.
    rng = np.random.default_rng([int(seed), zlib.crc32(str(sec).encode("utf-8"))])
    return np.sort(rng.choice(pool, size=min(n_noise, len(pool)), replace=False)) if n_noise > 0 else pool[:0]


def lrcos_top_scores(U: np.ndarray, canon: np.ndarray, section: np.ndarray, qa, qb, qc, qd, k: int, stop: int, *,
                     l2: float = 1.0, n_random: int | None = None, seed: int = 0, progress: bool | None = None,
                     ) -> tuple[np.ndarray, np.ndarray, dict]:
    """LRCos (Drozd, Gladkova & Matsuoka 2016): argmax_x P(target class | x) · cos(x, c).

    Per section, the (source, target) pairs are the distinct ``(a, b)`` and ``(c, d)`` of
    its scored questions. A question's answer depends only on its own pair ``(c, d)``:
    the classifier is trained on the *other* pairs of the section (leave-one-pair-out) —
    their targets are the positives; their sources (minus any word that is also a
    target) and ``n_random`` seeded random vocabulary words are the negatives, with
    class-balanced weights. ``c`` and its case variants are excluded from the answers.

    Returns ``(idx, raw, info)`` as :func:`avg_top_scores` plus a dict of per-run counts.
    """
    import pandas as pd
    from scipy.special import expit

    codes, uniq_keys = _pair_keys(section, qc, qd)
    key_sec = np.asarray(uniq_keys.get_level_values(0), dtype=object)
    key_c = np.asarray(uniq_keys.get_level_values(1), dtype=np.int64)
    key_d = np.asarray(uniq_keys.get_level_values(2), dtype=np.int64)
    best_idx = np.full((len(uniq_keys), k), -1, dtype=np.int64)
    best_val = np.full((len(uniq_keys), k), -np.inf, dtype=np.float32)
    Us = U[:stop]
    # Random negatives come from the canonical rows (one per case-folded word) of the vocabulary.
    pool_all = np.flatnonzero(canon == np.arange(stop))
    base = stop + 1
    block = rows_per_block(8 * stop)
    fits = 0
    sections = list(pd.unique(section))
    for sec in progress_bar(sections, total=len(sections), desc="LRCos", progress=progress):
        pairs = _section_pairs(section == sec, qa, qb, qc, qd, base)
        src, tgt = pairs // base, pairs % base
        n_noise = len(np.unique(src)) if n_random is None else int(n_random)
        noise = _random_negatives(pool_all, np.unique(np.concatenate([src, tgt])), n_noise, seed, sec)
        kj = np.flatnonzero(key_sec == sec)
        W, b = _SectionClassifier(U, sec, src, tgt, noise, l2).fit_leaving_out(key_c[kj], key_d[kj])
        fits += len(kj)
        # One product per block of questions gives both the classifier logits and cos(x, c).
        for r0 in range(0, len(kj), block):
            r1 = min(len(kj), r0 + block)
            jj = kj[r0:r1]
            S = Us @ np.vstack([W[r0:r1], U[key_c[jj]]]).astype(np.float32).T
            n_b = r1 - r0
            sc = (expit(S[:, :n_b] + b[r0:r1].astype(np.float32)) * S[:, n_b:]).T
            sc[canon[None, :] == key_c[jj][:, None]] = -np.inf
            _store_top(best_idx, best_val, jj, sc, k)
    best_idx[~np.isfinite(best_val)] = -1
    info = {"lrcos_fits": fits, "lrcos_l2": l2, "lrcos_random": n_random, "seed": seed}
    return best_idx[codes], best_val[codes], info
