"""Word analogies ``a : b :: c : ?`` — solving and evaluating, thousands of questions at once.

Methods (all over unit-normalised vectors, input words excluded from the answers):

* ``"3cosadd"`` — argmax_d cos(d, b − a + c) (Mikolov, Yih & Zweig 2013).
* ``"3cosmul"`` — argmax_d cos'(d, b) cos'(d, c) / (cos'(d, a) + ε), cos' = (1 + cos)/2
  (Levy & Goldberg 2014, eq. 4 and footnote 7; ε = 1e-6 as in gensim's
  ``most_similar_cosmul``, the paper used 0.001).
* ``"pairdirection"`` — argmax_d cos(d − c, b − a) (Levy & Goldberg 2014, "PairDirection").
* ``"3cosavg"`` (evaluation only) — argmax_d cos(d, c + mean(b_i − a_i)), the offset averaged
  over the other pairs of the section (Drozd, Gladkova & Matsuoka 2016).
* ``"lrcos"`` (evaluation only) — argmax_d P(target class | d) · cos(d, c) (Drozd, Gladkova &
  Matsuoka 2016, "LRCos"; their ``a : a' :: b : b'`` with ``b`` = our ``c``). P is an
  L2-regularised logistic regression trained, per section, on the *other* pairs of the
  section: their targets against their sources and a few seeded random words
  (see :func:`evaluate_analogies`).

Every objective is an element-wise function of three rows of cosines between the
question words and the vocabulary, so the cosines of the *distinct* question words
(a few hundred for the Google set) are computed once with one blocked matrix product
and a compiled kernel streams them through all questions (``wordvec.evaluation._kernels``).

Examples
--------
>>> import wordvec
>>> from wordvec.analogy import solve_analogy, evaluate_analogies
>>> emb = wordvec.datasets.googlenews_subset()
>>> solve_analogy(emb, "man", "king", "woman", topn=3)            # doctest: +SKIP
>>> res = evaluate_analogies(emb, "google", method="3cosmul")       # doctest: +SKIP
>>> res.accuracy, res.conf_int()                                    # doctest: +SKIP
"""
from __future__ import annotations

import sys
import time
import weakref
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from os import PathLike
from typing import TYPE_CHECKING, Any

import numpy as np

from ._progress import progress_bar
from .embedding import Embedding, Neighbors
from .errors import EmptyInputError
from .evaluation._vocab import cached_canonical_rows
from .evaluation.datasets import AnalogyDataset, load_analogies
from .evaluation.stats import wilson_ci
from .results import ResultMixin, Summary

if TYPE_CHECKING:
    import pandas as pd

METHODS = {"3cosadd": 0, "3cosmul": 1, "pairdirection": 2, "3cosavg": 3, "lrcos": 4}
_ALIASES = {"avg": "3cosavg", "cosavg": "3cosavg", "add": "3cosadd", "cosadd": "3cosadd", "mul": "3cosmul",
            "cosmul": "3cosmul", "pair": "pairdirection", "pair_direction": "pairdirection", "lr_cos": "lrcos"}
#: Memory for one block of cosines (distinct question words × vocabulary columns).
BLOCK_BYTES = 256 * 2**20
#: Columns per kernel tile: one tile of every distinct word's cosines is streamed through all questions.
TILE = 16384
#: Raw-score gap below which gensim's own float32 arithmetic is replayed (protocol="gensim").
GENSIM_TIE_TOL = 1e-4


def _method(method: str) -> str:
    m = str(method).lower().replace("-", "").replace(" ", "")
    m = _ALIASES.get(m, m)
    if m not in METHODS:
        raise ValueError(f"unknown analogy method {method!r}; choose one of {sorted(METHODS)}")
    return m


# ------------------------------------------------------------------------------ engine
#: With ``engine="auto"``, problems of fewer scores (questions x searched rows) stay in
#: NumPy unless numba is already loaded: its start-up in a fresh process (~0.5 s) costs
#: more than its faster scan saves (~0.6 ns a score; bench_cold.py, analogy), but once
#: paid (a notebook, a loop) the kernel is ~3x faster (bench_analogy.py).
NUMBA_MIN_SCORES = 10**9


def _engine(engine: str, scores: int | None = None) -> str:
    if engine not in ("auto", "numba", "numpy"):
        raise ValueError(f"engine must be 'auto', 'numba' or 'numpy', not {engine!r}")
    if engine == "auto" and scores is not None and scores < NUMBA_MIN_SCORES and "numba" not in sys.modules:
        return "numpy"
    if engine in ("auto", "numba"):
        try:
            from .evaluation import _kernels  # noqa: F401
            return "numba"
        except ImportError:
            if engine == "numba":
                raise
    return "numpy"


def _combine(Sa: np.ndarray, Sb: np.ndarray, Sc: np.ndarray, method: int, kq: np.ndarray, eps: float) -> np.ndarray:
    """Raw scores from cosine rows (NumPy reference of the kernel's arithmetic)."""
    if method == 0:
        return Sb + Sc - Sa
    if method == 1:
        one = np.float32(1.0)
        return ((one + Sb) * (one + Sc) * np.float32(0.25)) / ((one + Sa) * np.float32(0.5) + np.float32(eps))
    den = np.maximum(np.float32(2.0) - np.float32(2.0) * Sc, np.float32(1e-12))
    return (Sb - Sa - kq[:, None]) / np.sqrt(den)


def _top_scores(U: np.ndarray, ia: np.ndarray, ib: np.ndarray, ic: np.ndarray, method: int, k: int, stop: int,
                eps: float = 1e-6, engine: str = "auto", block_bytes: int | None = None,
                progress: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Top-``k`` raw scores and columns in ``[0, stop)`` for every question (inputs excluded).

    Returns ``(idx, raw)`` of shape (m, k), best first; ``idx == -1`` where fewer than
    ``k`` candidates exist. Columns are blocked so that the cosine block stays below
    ``block_bytes``.
    """
    m = len(ia)
    best_val = np.full((m, k), -np.inf, dtype=np.float32)
    best_idx = np.full((m, k), -1, dtype=np.int64)
    if m == 0:
        return best_idx, best_val
    words, inv = np.unique(np.concatenate([ia, ib, ic]), return_inverse=True)
    ra, rb, rc = inv[:m].astype(np.int64), inv[m:2 * m].astype(np.int64), inv[2 * m:].astype(np.int64)
    Uw = np.ascontiguousarray(U[words])
    kq = np.zeros(m, dtype=np.float32)
    if method == 2:
        kq = np.einsum("ij,ij->i", U[ic], U[ib] - U[ia]).astype(np.float32)
    eng = _engine(engine, m * stop)
    block_bytes = BLOCK_BYTES if block_bytes is None else int(block_bytes)
    width = int(max(1024, block_bytes // (4 * len(words))))
    blocks = range(0, stop, width)
    for col0 in progress_bar(blocks, total=len(blocks), desc="analogies", progress=progress):
        col1 = min(stop, col0 + width)
        S = Uw @ U[col0:col1].T
        if eng == "numba":
            from .evaluation._kernels import scan_topk

            # Per-word transforms (W x columns, cheap) so that the kernel's inner loop over
            # questions x columns (expensive) has no division or square root.
            if method == 1:
                S *= np.float32(0.5)
                S += np.float32(0.5)                      # cos' = (1 + cos) / 2
                S2 = S + np.float32(eps)
                np.reciprocal(S2, out=S2)                 # 1 / (cos' + eps)
            elif method == 2:
                S2 = np.float32(2.0) - np.float32(2.0) * S
                np.maximum(S2, np.float32(1e-12), out=S2)
                np.sqrt(S2, out=S2)
                np.reciprocal(S2, out=S2)                 # 1 / ||u_d - u_c||
            else:
                S2 = S
            import numba

            # Dynamic chunks of questions: on a shared machine a descheduled thread's
            # share is taken over by the others instead of stalling the whole loop.
            old = numba.set_parallel_chunksize(64)
            try:
                scan_topk(S, S2, col0, ra, rb, rc, ia, ib, ic, kq, method, best_val, best_idx, TILE)
            finally:
                numba.set_parallel_chunksize(old)
        else:
            _numpy_scan(S, col0, ra, rb, rc, ia, ib, ic, kq, method, eps, best_val, best_idx)
    return best_idx, best_val


def _numpy_scan(S, col0, ra, rb, rc, xa, xb, xc, kq, method, eps, best_val, best_idx, chunk: int = 256) -> None:
    k = best_val.shape[1]
    ncol = S.shape[1]
    for q0 in range(0, len(ra), chunk):
        q1 = min(len(ra), q0 + chunk)
        sl = slice(q0, q1)
        sc = _combine(S[ra[sl]], S[rb[sl]], S[rc[sl]], method, kq[sl], eps)
        rows = np.arange(q1 - q0)
        for x in (xa[sl], xb[sl], xc[sl]):
            inside = (x >= col0) & (x < col0 + ncol)
            sc[rows[inside], x[inside] - col0] = -np.inf
        kk = min(k, ncol)
        part = np.argpartition(-sc, kk - 1, axis=1)[:, :kk] if kk < ncol else np.tile(np.arange(ncol), (q1 - q0, 1))
        vals = np.concatenate([best_val[sl], np.take_along_axis(sc, part, axis=1)], axis=1)
        idx = np.concatenate([best_idx[sl], part + col0], axis=1)
        # Descending score, ties to the lower column (as the kernel does).
        order = np.lexsort((np.where(idx < 0, np.iinfo(np.int64).max, idx), -vals.astype(np.float64)), axis=1)[:, :k]
        best_val[sl] = np.take_along_axis(vals, order, axis=1)
        best_idx[sl] = np.take_along_axis(idx, order, axis=1)


def _normaliser(U: np.ndarray, ia, ib, ic, method: int) -> np.ndarray:
    """Per-question factor turning raw scores into the published objective."""
    if method == 0:  # cos(d, b - a + c) = raw / ||u_b - u_a + u_c||
        n = np.linalg.norm(U[ib] - U[ia] + U[ic], axis=1)
    elif method == 2:  # raw = (u_d - u_c)·(u_b - u_a) / ||u_d - u_c||
        n = np.linalg.norm(U[ib] - U[ia], axis=1)
    else:
        return np.ones(len(ia), dtype=np.float64)
    n[n == 0] = 1.0
    return n.astype(np.float64)


# --------------------------------------------------------------------------- solving
def solve_analogies(emb: Embedding, a: Sequence[str], b: Sequence[str], c: Sequence[str], *, method: str = "3cosadd",
                    topn: int = 1, restrict_vocab: int | None = None, eps: float = 1e-6, engine: str = "auto",
                    progress: bool | None = None) -> Neighbors:
    """Answer many analogies ``a[i] : b[i] :: c[i] : ?`` at once.

    Parameters
    ----------
    emb : Embedding
    a, b, c : sequences of str
        Question words (all must be in the vocabulary; one :class:`OOVError` names
        every missing word).
    method : {"3cosadd", "3cosmul", "pairdirection"}
        See the module docstring for the formulas and papers.
    topn : int
        Answers per question, best first. The three input words are never answers.
    restrict_vocab : int, optional
        Search only the first ``restrict_vocab`` rows.

    Returns
    -------
    Neighbors
        ``queries`` are ``"a:b::c"`` labels; ``scores`` are cosines for 3CosAdd and
        PairDirection and the 3CosMul objective for 3CosMul.
    """
    m_code = METHODS[_method(method)]
    if m_code == 3:
        raise ValueError("3CosAvg needs the pairs of a relation; use evaluate_analogies(..., method='3cosavg')")
    if m_code == 4:
        raise ValueError("LRCos needs the pairs of a relation; use evaluate_analogies(..., method='lrcos')")
    a, b, c = list(a), list(b), list(c)
    if not (len(a) == len(b) == len(c)):
        raise ValueError(f"a, b and c must have the same length ({len(a)}, {len(b)}, {len(c)})")
    if not a:
        raise EmptyInputError("solve_analogies(): no questions")
    rows = emb.indices(a + b + c)
    n = len(a)
    ia, ib, ic = rows[:n], rows[n:2 * n], rows[2 * n:]
    stop = len(emb) if restrict_vocab is None else min(int(restrict_vocab), len(emb))
    if topn < 1:
        raise ValueError(f"topn must be at least 1, not {topn}")
    U = emb.unit
    idx, raw = _top_scores(U, ia, ib, ic, m_code, int(topn), stop, eps, engine, progress=progress)
    scores = raw / _normaliser(U, ia, ib, ic, m_code)[:, None].astype(np.float32)
    keep = int((idx >= 0).all(axis=0).sum())
    labels = [f"{x}:{y}::{z}" for x, y, z in zip(a, b, c)]
    return Neighbors(labels, idx[:, :keep], scores[:, :keep], emb.words)


def solve_analogy(emb: Embedding, a: str, b: str, c: str, *, method: str = "3cosadd", topn: int = 10,
                  restrict_vocab: int | None = None, eps: float = 1e-6) -> pd.DataFrame:
    """Answer one analogy ``a : b :: c : ?``; a DataFrame of ``word``, ``score``, best first."""
    import pandas as pd

    nb = solve_analogies(emb, [a], [b], [c], method=method, topn=topn, restrict_vocab=restrict_vocab, eps=eps)
    return pd.DataFrame({"word": nb.words[0], "score": nb.scores[0].astype(float)})


# ------------------------------------------------------------------------ evaluation
def _avg_top_scores(U: np.ndarray, canon: np.ndarray, section: np.ndarray, qa, qb, qc, qd, k: int, stop: int,
                    block: int = 512) -> tuple[np.ndarray, np.ndarray]:
    """3CosAvg (Drozd, Gladkova & Matsuoka 2016): argmax_d cos(d, c + mean offset of the section).

    The offset averages u_b − u_a over the distinct (source, target) pairs of the section,
    leaving out the pair being answered (c, d); c and its case variants are excluded from the answers.
    """
    import pandas as pd

    m = len(qa)
    keys = pd.DataFrame({"s": section, "c": qc, "d": qd})
    codes, uniq_keys = pd.factorize(pd.MultiIndex.from_frame(keys))
    Q = np.empty((len(uniq_keys), U.shape[1]), dtype=np.float64)
    crow = np.empty(len(uniq_keys), dtype=np.int64)
    base = stop + 1
    per_section = {}
    for sec in pd.unique(section):
        in_sec = section == sec
        pairs = pd.unique(np.concatenate([qa[in_sec] * base + qb[in_sec], qc[in_sec] * base + qd[in_sec]]))
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
        top_idx, top_val = _rows_topk(sc, k)
        best_idx[r0:r1, :top_idx.shape[1]] = top_idx
        best_val[r0:r1, :top_idx.shape[1]] = top_val
    best_idx[~np.isfinite(best_val)] = -1
    return best_idx[codes], best_val[codes]


def _rows_topk(sc: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Top-``min(k, columns)`` columns and values of every row of ``sc``: best first, ties to the lower column."""
    ncol = sc.shape[1]
    kk = min(k, ncol)
    part = np.argpartition(-sc, kk - 1, axis=1)[:, :kk] if kk < ncol else np.tile(np.arange(ncol), (len(sc), 1))
    vals = np.take_along_axis(sc, part, axis=1)
    order = np.lexsort((part, -vals.astype(np.float64)), axis=1)
    return np.take_along_axis(part, order, axis=1), np.take_along_axis(vals, order, axis=1)


def _lrcos_top_scores(U: np.ndarray, canon: np.ndarray, section: np.ndarray, qa, qb, qc, qd, k: int, stop: int, *,
                      l2: float = 1.0, n_random: int | None = None, seed: int = 0, progress: bool | None = None,
                      ) -> tuple[np.ndarray, np.ndarray, dict]:
    """LRCos (Drozd, Gladkova & Matsuoka 2016): argmax_x P(target class | x) · cos(x, c).

    Per section, the (source, target) pairs are the distinct ``(a, b)`` and ``(c, d)`` of
    its scored questions. A question's answer depends only on its own pair ``(c, d)``:
    the classifier is trained on the *other* pairs of the section (leave-one-pair-out) —
    their targets are the positives; their sources (minus any word that is also a
    target) and ``n_random`` seeded random vocabulary words are the negatives, with
    class-balanced weights. ``c`` and its case variants are excluded from the answers.

    Returns ``(idx, raw, info)`` as :func:`_avg_top_scores` plus a dict of per-run counts.
    """
    import pandas as pd
    from scipy.special import expit

    from ._logistic import balanced_weights, fit_logistic

    keys = pd.DataFrame({"s": section, "c": qc, "d": qd})
    codes, uniq_keys = pd.factorize(pd.MultiIndex.from_frame(keys))
    key_sec = np.asarray(uniq_keys.get_level_values(0), dtype=object)
    key_c = np.asarray(uniq_keys.get_level_values(1), dtype=np.int64)
    key_d = np.asarray(uniq_keys.get_level_values(2), dtype=np.int64)
    best_idx = np.full((len(uniq_keys), k), -1, dtype=np.int64)
    best_val = np.full((len(uniq_keys), k), -np.inf, dtype=np.float32)
    Us = U[:stop]
    # Random negatives come from the canonical rows (one per case-folded word) of the vocabulary.
    pool_all = np.flatnonzero(canon == np.arange(stop))
    base = stop + 1
    block = int(max(1, BLOCK_BYTES // (8 * max(stop, 1))))
    fits = 0
    sections = list(pd.unique(section))
    for sec in progress_bar(sections, total=len(sections), desc="LRCos", progress=progress):
        in_sec = section == sec
        pairs = pd.unique(np.concatenate([qa[in_sec] * base + qb[in_sec], qc[in_sec] * base + qd[in_sec]]))
        src, tgt = pairs // base, pairs % base
        cat = np.unique(np.concatenate([src, tgt]))
        n_noise = len(np.unique(src)) if n_random is None else int(n_random)
        pool = np.setdiff1d(pool_all, cat, assume_unique=True)
        # Seeded by (seed, section name): a section's negatives do not depend on the other sections.
        rng = np.random.default_rng([int(seed), zlib.crc32(str(sec).encode("utf-8"))])
        noise = np.sort(rng.choice(pool, size=min(n_noise, len(pool)), replace=False)) if n_noise > 0 else pool[:0]
        rows = np.concatenate([cat, noise])
        X = U[rows].astype(np.float64)
        is_noise = np.r_[np.zeros(len(cat), dtype=bool), np.ones(len(noise), dtype=bool)]
        # How many pairs of the section have each category word as target / as source.
        n_tgt = np.r_[(tgt[None, :] == cat[:, None]).sum(axis=1), np.zeros(len(noise), dtype=np.int64)]
        n_src = np.r_[(src[None, :] == cat[:, None]).sum(axis=1), np.zeros(len(noise), dtype=np.int64)]

        def fit(nt: np.ndarray, ns: np.ndarray, start: np.ndarray | None = None) -> tuple[np.ndarray, float]:
            y = nt > 0
            keep = y | (ns > 0) | is_noise
            n_pos, n_neg = int(y[keep].sum()), int((~y[keep]).sum())
            if not (n_pos and n_neg):
                raise ValueError(f"LRCos: in section {sec!r} a training set has {n_pos} target and {n_neg} "
                                 "non-target words; both classes are needed (lrcos_random > 0 adds random negatives)")
            return fit_logistic(X, y, l2=l2, sample_weight=balanced_weights(y, keep), start=start)

        w_all, b_all = fit(n_tgt, n_src)
        start = np.r_[w_all, b_all]
        kj = np.flatnonzero(key_sec == sec)
        W = np.empty((len(kj), U.shape[1]), dtype=np.float64)
        b = np.empty(len(kj), dtype=np.float64)
        for t, j in enumerate(kj.tolist()):
            # Leave the question's pair (c, d) out; c and d stay only as members of other pairs.
            W[t], b[t] = fit(n_tgt - (rows == key_d[j]), n_src - (rows == key_c[j]), start)
            fits += 1
        # One product per block of questions gives both the classifier logits and cos(x, c).
        for r0 in range(0, len(kj), block):
            r1 = min(len(kj), r0 + block)
            jj = kj[r0:r1]
            M = np.vstack([W[r0:r1], U[key_c[jj]]]).astype(np.float32)
            S = Us @ M.T
            n_b = r1 - r0
            sc = (expit(S[:, :n_b] + b[r0:r1].astype(np.float32)) * S[:, n_b:]).T
            sc[canon[None, :] == key_c[jj][:, None]] = -np.inf
            top_idx, top_val = _rows_topk(sc, k)
            best_idx[jj, :top_idx.shape[1]] = top_idx
            best_val[jj, :top_idx.shape[1]] = top_val
    best_idx[~np.isfinite(best_val)] = -1
    info = {"lrcos_fits": fits, "lrcos_l2": l2, "lrcos_random": n_random, "seed": seed}
    return best_idx[codes], best_val[codes], info


_NORMS: "weakref.WeakKeyDictionary[Embedding, tuple]" = weakref.WeakKeyDictionary()


def _gensim_norms(emb: Embedding) -> tuple[np.ndarray, np.ndarray]:
    """The vectors and gensim's ``fill_norms()`` (``np.linalg.norm(vectors, axis=1)``), cached per embedding."""
    hit = _NORMS.get(emb)
    if hit is not None and hit[0] is emb.vectors:
        return hit[1], hit[2]
    V = np.asarray(emb.vectors)
    if V.dtype != np.float32 or not V.flags.c_contiguous:
        V = np.ascontiguousarray(V, dtype=np.float32)
    norms = np.linalg.norm(V, axis=1)
    _NORMS[emb] = (emb.vectors, V, norms)
    return V, norms


def _gensim_unitvec(vec: np.ndarray) -> np.ndarray:
    """``gensim.matutils.unitvec`` of a dense vector, with its arithmetic: double-precision
    BLAS ``nrm2`` and ``scal`` (without importing gensim, ~0.6 s in a fresh process)."""
    from scipy.linalg.blas import get_blas_funcs

    nrm2, scal = get_blas_funcs(("nrm2", "scal"), (np.array([], dtype=float),))
    length = nrm2(vec)
    return scal(1.0 / length, vec).astype(vec.dtype) if length > 0.0 else vec


def _gensim_replay(V: np.ndarray, norms: np.ndarray, ia: int, ib: int, ic: int, stop: int) -> list[int]:
    """gensim's ``most_similar(positive=[b, c], negative=[a], topn=5)`` rows, same float32 arithmetic.

    Used only for near-ties, where the summation order decides the winner.
    """
    weights = np.concatenate((np.ones(2), -1.0 * np.ones(1)))
    mean = np.zeros(V.shape[1], V.dtype)
    total = 0
    for w, row in zip(weights, (ib, ic, ia)):
        mean += w * (V[row] / norms[row])
        total += abs(w)
    mean = mean / total
    mean = _gensim_unitvec(mean).astype(np.float32)
    dists = np.dot(V[0:stop], mean) / norms[0:stop]
    neg = -dists  # gensim.matutils.argsort(dists, topn=8, reverse=True)
    topn = 5 + 3
    if topn >= neg.size:
        best = np.argsort(neg)[:topn]
    else:
        part = np.argpartition(neg, topn)[:topn]
        best = part.take(np.argsort(neg.take(part)))
    keys = (ib, ic, ia)
    return [int(i) for i in best if i not in keys][:5]


def _full_topk(U: np.ndarray, ia: int, ib: int, ic: int, method: int, stop: int, eps: float,
               banned: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact top-k for one question over ``[0, stop)`` with an arbitrary set of banned rows."""
    Us = U[:stop]
    S = Us @ np.stack([U[ia], U[ib], U[ic]]).T
    kq = np.array([U[ic] @ (U[ib] - U[ia])], dtype=np.float32)
    sc = _combine(S[:, 0][None], S[:, 1][None], S[:, 2][None], method, kq, eps)[0]
    sc[banned[banned < stop]] = -np.inf
    order = np.argsort(-sc, kind="stable")[:k]
    order = order[np.isfinite(sc[order])]
    return order, sc[order]


def evaluate_analogies(emb: Embedding, dataset: str | PathLike | AnalogyDataset = "google", method: str = "3cosadd", *,
                       restrict_vocab: int | None = 300_000, case_insensitive: bool = True, protocol: str = "wordvec",
                       topn: int = 1, eps: float = 1e-6, engine: str = "auto", lrcos_l2: float = 1.0,
                       lrcos_random: int | None = None, seed: int = 0,
                       progress: bool | None = None) -> "AnalogyResult":
    """Accuracy of an embedding on an analogy set, with per-section results and Wilson CIs.

    Parameters
    ----------
    emb : Embedding
    dataset : {"google"}, path or AnalogyDataset
        The Google set (Mikolov et al. 2013), a ``: section`` / ``a b c d`` file, or a BATS
        directory (Gladkova et al. 2016); see :func:`wordvec.evaluation.load_analogies`.
    method : {"3cosadd", "3cosmul", "pairdirection", "3cosavg", "lrcos"}
        3CosAvg answers ``c : ?`` from the average offset of the section's other pairs.
        LRCos (Drozd, Gladkova & Matsuoka 2016) answers ``c : ?`` with
        argmax_x P(target | x) · cos(x, c) over unit vectors, where P is a logistic
        regression fitted to the section with the question's pair left out (see Notes).
        For both, ``a`` and ``b`` play no part: only ``c`` (and its case variants) is
        excluded from the answers, and every question with the same ``(c, d)`` gets the
        same answer.
    restrict_vocab : int or None, default 300,000
        Only the first ``restrict_vocab`` rows are candidates *and* question words must be
        among them (gensim's convention; the rows are the most frequent words in a
        frequency-sorted file).
    case_insensitive : bool, default True
        Compare upper-cased words; of several case variants the first row wins.
    protocol : {"wordvec", "gensim"}
        ``"wordvec"``: the answer is the best-scoring row that is not an input word nor a
        case variant of one. ``"gensim"``: reproduce ``KeyedVectors.evaluate_word_analogies``
        exactly — 3CosAdd only; the answer is the first of gensim's top 5 that is not a
        case variant of an input (the 5th if none), and near-ties are re-scored with
        gensim's own float32 arithmetic, so that every question gets gensim's answer.
        In both, questions with a word outside the restricted vocabulary are *not*
        scored; they are counted and listed (``oov_questions``), and
        ``accuracy_all`` counts them as wrong (gensim's ``dummy4unknown=True``).
    topn : int, default 1
        A question counts as correct when the expected word is among the ``topn`` best
        answers (protocol "wordvec" only).
    eps : float, default 1e-6
        ε of 3CosMul.
    lrcos_l2 : float, default 1.0
        LRCos: L2 penalty ``lrcos_l2 / 2 · ||w||²`` on the logistic-regression weights
        (scikit-learn's ``C = 1 / lrcos_l2``; C = 1 is the setting of the authors' ``vecto``).
    lrcos_random : int, optional
        LRCos: random vocabulary words added to each section's negatives; default, as
        many as the section has distinct source words (as ``vecto`` does); 0 for none.
    seed : int, default 0
        Seed of LRCos's random negatives (drawn per section from ``seed`` and the
        section's name, so a section's result does not depend on the other sections).

    Returns
    -------
    AnalogyResult

    Notes
    -----
    LRCos, exactly. For each section the pairs are the distinct ``(a, b)`` and ``(c, d)``
    of its *scored* questions (rows as resolved in the embedding: for BATS, the first
    alternative found). For a question with pair ``(c, d)`` a logistic regression is
    fitted on the unit vectors of the other pairs' words: their targets are positives,
    their sources that are not also targets are negatives, plus ``lrcos_random`` random
    words (canonical rows of the restricted vocabulary that are not words of the
    section, drawn once per section). Classes get balanced weights (``n / (2 n_class)``,
    scikit-learn's ``class_weight="balanced"``), the intercept is unpenalised, and the
    fit is a deterministic Newton-CG run to a gradient tolerance of 1e-8, warm-started
    from the fit on all pairs. This is leave-one-pair-out (the paper's protocol): ``d``
    and ``c`` are in the training set only if another pair of the section contains
    them. The answer is the best ``P(target | x) · cos(x, c)`` over the first
    ``restrict_vocab`` rows, ``x`` not a case variant of ``c``. Differences from the
    authors' ``vecto``: each source counts once among the negatives (``vecto`` lists it
    four times), a word that is both a source and a target is a positive only, and
    random negatives never include a word of the section.
    """
    import pandas as pd

    m_name = _method(method)
    m_code = METHODS[m_name]
    if protocol not in ("wordvec", "gensim"):
        raise ValueError(f"protocol must be 'wordvec' or 'gensim', not {protocol!r}")
    if protocol == "gensim" and (m_name != "3cosadd" or topn != 1):
        raise ValueError("protocol='gensim' reproduces gensim's evaluate_word_analogies, which only implements "
                         "3CosAdd with the top answer; use protocol='wordvec' for other methods or topn")
    if topn < 1:
        raise ValueError(f"topn must be at least 1, not {topn}")
    t0 = time.perf_counter()
    ds = load_analogies(dataset)
    stop = len(emb) if restrict_vocab is None else min(int(restrict_vocab), len(emb))
    if stop == 0:
        raise EmptyInputError("evaluate_analogies(): the restricted vocabulary is empty")
    words = emb.words
    table, canon = cached_canonical_rows(emb, stop, case_insensitive)
    fold = str.upper if case_insensitive else (lambda s: s)
    q = ds.questions
    n = len(q)
    fa, fb, fc, fd = (q[col].to_numpy(dtype=object) for col in ("a", "b", "c", "d"))

    def rows_of(col: np.ndarray, options: list | None) -> tuple[np.ndarray, list | None]:
        # Rows are canonical (first case variant), so equal rows mean the same folded word.
        if options is None:
            return np.fromiter((table.get(fold(w), -1) for w in col.tolist()), dtype=np.int64, count=n), None
        out = np.full(n, -1, dtype=np.int64)
        sets = []
        for i, opts in enumerate(options):
            found = [table[fold(o)] for o in opts if fold(o) in table]
            if found:
                out[i] = found[0]
            sets.append(set(found))
        return out, sets

    codes, uniq = ds.codes()
    urow = np.fromiter((table.get(fold(w), -1) for w in uniq), dtype=np.int64, count=len(uniq))
    ia, ib, ic, idd = (urow[codes[:, j]] for j in range(4))
    d_sets = None
    if ds.b_options is not None:
        ib, _ = rows_of(fb, ds.b_options)
    if ds.d_options is not None:
        idd, d_sets = rows_of(fd, ds.d_options)
    covered = (ia >= 0) & (ib >= 0) & (ic >= 0) & (idd >= 0)
    sel = np.flatnonzero(covered)
    if len(sel) == 0:
        raise EmptyInputError(f"evaluate_analogies(): none of the {n:,} questions of {ds.name!r} has all four words "
                              f"in the first {stop:,} rows of the embedding")

    U = emb.unit
    qa, qb, qc, qd = ia[sel], ib[sel], ic[sel], idd[sel]
    m = len(sel)
    k = min(topn + 5 if protocol == "wordvec" else 6, stop)
    extra: dict[str, Any] = {}
    if m_name == "3cosavg":
        idx, raw = _avg_top_scores(U, canon, q["section"].to_numpy()[sel], qa, qb, qc, qd, k, stop)
        # Only c is an input of 3CosAvg: the offset comes from the other pairs of the section.
        qa, qb = qc, qc
        norm = np.ones(m)
    elif m_name == "lrcos":
        idx, raw, extra = _lrcos_top_scores(U, canon, q["section"].to_numpy()[sel], qa, qb, qc, qd, k, stop,
                                            l2=lrcos_l2, n_random=lrcos_random, seed=seed, progress=progress)
        # As for 3CosAvg, c is the only input word; a and b only contribute training pairs.
        qa, qb = qc, qc
        norm = np.ones(m)
    else:
        engine = _engine(engine, m * stop)
        idx, raw = _top_scores(U, qa, qb, qc, m_code, k, stop, eps, engine, progress=progress)
        norm = _normaliser(U, qa, qb, qc, m_code)
    valid = idx >= 0
    cidx = np.where(valid, canon[np.maximum(idx, 0)], -1)
    # A candidate is an input when it is a case variant of a, b or c (same canonical row).
    ok = valid & (cidx != qa[:, None]) & (cidx != qb[:, None]) & (cidx != qc[:, None])
    rows = np.arange(m)
    replayed = 0
    if protocol == "gensim":
        nvalid5 = valid[:, :5].sum(axis=1)
        ok5 = ok[:, :5]
        pos = np.where(ok5.any(axis=1), ok5.argmax(axis=1), np.maximum(nvalid5 - 1, 0))
        # gensim sorts float32 scores computed in another order: wherever the winner is
        # within GENSIM_TIE_TOL of a neighbour, gensim's arithmetic decides.
        gaps = raw[:, :-1].astype(np.float64) - raw[:, 1:]
        upto = np.minimum(valid.sum(axis=1), pos + 2) - 1
        gaps = np.where(np.arange(k - 1)[None, :] < upto[:, None], gaps, np.inf)
        amb = (gaps.min(axis=1, initial=np.inf) < GENSIM_TIE_TOL) | ((nvalid5 < 5) & (stop > 8))
        chosen = np.where(nvalid5 > 0, idx[rows, pos], -1)
        scores = raw[rows, pos] / norm
        V = norms = None
        for j in np.flatnonzero(amb).tolist():
            if V is None:
                V, norms = _gensim_norms(emb)
            top5 = _gensim_replay(V, norms, int(qa[j]), int(qb[j]), int(qc[j]), stop)
            okj = [canon[r] not in (qa[j], qb[j], qc[j]) for r in top5]
            p = okj.index(True) if True in okj else len(top5) - 1
            chosen[j] = top5[p] if top5 else -1
            scores[j] = float(U[chosen[j]] @ (U[qb[j]] - U[qa[j]] + U[qc[j]]) / norm[j]) if top5 else np.nan
            replayed += 1
        chosen = chosen[:, None]
        good = (chosen >= 0)
    else:
        order = np.argsort(~ok, axis=1, kind="stable")[:, :topn]
        chosen = np.take_along_axis(idx, order, axis=1)
        good = np.take_along_axis(ok, order, axis=1)
        scores = np.take_along_axis(raw, order, axis=1)[:, 0] / norm
        short = np.flatnonzero(~good.all(axis=1) & valid.all(axis=1) & (stop > k))
        for j in short.tolist():
            # More case variants of the inputs than the slack: this question is redone exactly.
            banned = np.flatnonzero(np.isin(canon, [qa[j], qb[j], qc[j]]))
            cand, vals = _full_topk(U, int(qa[j]), int(qb[j]), int(qc[j]), m_code, stop, eps, banned, topn)
            chosen[j, :] = -1
            good[j, :] = False
            chosen[j, :len(cand)] = cand
            good[j, :len(cand)] = True
            scores[j] = vals[0] / norm[j] if len(cand) else np.nan
        chosen = np.where(good, chosen, -1)
    top1 = chosen[:, 0]
    ctop = np.where(chosen >= 0, canon[np.maximum(chosen, 0)], -2)
    if d_sets is None:
        hit = (ctop == qd[:, None]).any(axis=1)
    else:
        hit = np.array([any(r in d_sets[i] for r in row) for i, row in zip(sel.tolist(), ctop.tolist())], dtype=bool)
    predicted = np.full(n, None, dtype=object)
    predicted[sel] = [words[r] if r >= 0 else None for r in top1.tolist()]
    score = np.full(n, np.nan)
    score[sel] = np.where(top1 >= 0, scores, np.nan)
    correct = np.zeros(n, dtype=bool)
    correct[sel] = hit
    candidates = None
    if topn > 1:
        candidates = np.full(n, None, dtype=object)
        candidates[sel] = [[words[r] for r in row if r >= 0] for row in chosen.tolist()]

    # Object columns: pandas' string inference would copy 20k strings per column per call.
    obj = {name: pd.Series(col, dtype=object, copy=False) for name, col in
           (("section", q["section"].to_numpy(dtype=object)), ("a", fa), ("b", fb), ("c", fc), ("expected", fd))}
    table_q = pd.DataFrame({
        **obj, "line": q["line"].to_numpy(), "oov": ~covered,
        "predicted": pd.Series(predicted, dtype=object, copy=False), "score": score, "correct": correct,
    })
    if candidates is not None:
        table_q["candidates"] = candidates
    return AnalogyResult(
        dataset=ds.name, method=m_name, protocol=protocol, restrict_vocab=stop, case_insensitive=case_insensitive,
        topn=topn, questions=table_q, sections_order=list(ds.sections),
        _missing=(ia, ib, ic, idd, ds.b_options, ds.d_options),
        meta={"engine": _engine(engine, m * stop), "replayed": replayed, "seconds": time.perf_counter() - t0, "eps": eps,
              "embedding": emb.meta.get("source"), "dataset_path": ds.path, **extra},
    )


@dataclass
class AnalogyResult(ResultMixin):
    """Outcome of :func:`evaluate_analogies`.

    Attributes
    ----------
    questions : pandas.DataFrame
        One row per question: ``section, a, b, c, expected, line, oov, missing,
        predicted, score, correct`` (``predicted`` is None for OOV questions).
    accuracy : float
        Correct / scored questions (OOV questions excluded, as in gensim).
    accuracy_all : float
        Correct / all questions (OOV counted wrong; gensim's ``dummy4unknown=True``).
    """

    dataset: str
    method: str
    protocol: str
    restrict_vocab: int
    case_insensitive: bool
    topn: int
    questions: pd.DataFrame = field(repr=False)
    sections_order: list[str] = field(default_factory=list, repr=False)
    meta: dict[str, Any] = field(default_factory=dict, repr=False)
    _missing: tuple | None = field(default=None, repr=False)

    @property
    def n_questions(self) -> int:
        return len(self.questions)

    @property
    def n_oov(self) -> int:
        return int(self.questions["oov"].sum())

    @property
    def n_evaluated(self) -> int:
        return self.n_questions - self.n_oov

    @property
    def n_correct(self) -> int:
        return int(self.questions["correct"].sum())

    @property
    def accuracy(self) -> float:
        return self.n_correct / self.n_evaluated if self.n_evaluated else float("nan")

    @property
    def accuracy_all(self) -> float:
        return self.n_correct / self.n_questions

    def conf_int(self, alpha: float = 0.05, include_oov: bool = False) -> tuple[float, float]:
        """Two-sided Wilson score interval (Wilson 1927) for the accuracy.

        The questions are treated as independent Bernoulli trials; questions of one
        section share words, so the interval is, if anything, optimistic.
        """
        n = self.n_questions if include_oov else self.n_evaluated
        return wilson_ci(self.n_correct, n, alpha)

    @property
    def oov_questions(self) -> pd.DataFrame:
        """The questions not scored because a word is outside the (restricted) vocabulary."""
        q = self.questions
        out = q.loc[q["oov"], ["section", "a", "b", "c", "expected", "line"]].copy()
        if self._missing is None:
            return out
        ia, ib, ic, idd, bopt, dopt = self._missing
        cols = ((q["a"].to_numpy(), ia, None), (q["b"].to_numpy(), ib, bopt), (q["c"].to_numpy(), ic, None),
                (q["expected"].to_numpy(), idd, dopt))
        miss = []
        for i in np.flatnonzero(q["oov"].to_numpy()).tolist():
            words = ["/".join(opts[i]) if opts is not None else w[i] for w, r, opts in cols if r[i] < 0]
            miss.append(" ".join(dict.fromkeys(words)))
        out["missing"] = miss
        return out

    def sections(self, alpha: float = 0.05) -> pd.DataFrame:
        """Per-section counts, accuracy and Wilson interval; the last row is the total."""
        import pandas as pd

        g = self.questions.groupby("section", sort=False)
        t = pd.DataFrame({"questions": g.size(), "oov": g["oov"].sum(), "correct": g["correct"].sum()})
        t = t.reindex([s for s in self.sections_order if s in t.index])
        t.loc["Total"] = t.sum()
        t = t.astype(int)
        t["evaluated"] = t["questions"] - t["oov"]
        with np.errstate(invalid="ignore", divide="ignore"):
            t["accuracy"] = t["correct"] / t["evaluated"]
        t["ci_low"], t["ci_high"] = wilson_ci(t["correct"].to_numpy(), t["evaluated"].to_numpy(), alpha)
        t.index.name = "section"
        return t[["questions", "oov", "evaluated", "correct", "accuracy", "ci_low", "ci_high"]]

    def to_frame(self) -> pd.DataFrame:
        """Per-section table (see :meth:`sections`)."""
        return self.sections()

    def to_gensim(self) -> tuple[float, list[dict]]:
        """The result in the shape ``KeyedVectors.evaluate_word_analogies`` returns (OOV skipped)."""
        secs = []
        q = self.questions[~self.questions["oov"]]
        f = (lambda s: s.upper()) if self.case_insensitive else (lambda s: s)
        for name in self.sections_order:
            sq = q[q["section"] == name]
            tup = [tuple(f(w) for w in r) for r in sq[["a", "b", "c", "expected"]].itertuples(index=False)]
            ok = sq["correct"].to_numpy()
            secs.append({"section": name, "correct": [t for t, c in zip(tup, ok) if c],
                         "incorrect": [t for t, c in zip(tup, ok) if not c]})
        secs.append({"section": "Total accuracy", "correct": [t for s in secs for t in s["correct"]],
                     "incorrect": [t for s in secs for t in s["incorrect"]]})
        return self.accuracy, secs

    def summary(self, alpha: float = 0.05) -> Summary:
        lo, hi = self.conf_int(alpha)
        info = {
            "dataset": self.dataset, "method": self.method, "protocol": self.protocol,
            "restricted vocabulary": f"first {self.restrict_vocab:,} rows, case-{'insensitive' if self.case_insensitive else 'sensitive'}",
            "questions": f"{self.n_questions:,} ({self.n_oov:,} OOV, not scored)",
            f"accuracy{'@' + str(self.topn) if self.topn > 1 else ''}": f"{self.accuracy:.4f} ({self.n_correct:,}/{self.n_evaluated:,}), "
                                                                       f"{1 - alpha:.0%} Wilson CI [{lo:.4f}, {hi:.4f}]",
            "accuracy incl. OOV as wrong": f"{self.accuracy_all:.4f}",
        }
        notes = [f"{self.n_oov:,} question(s) have a word outside the first {self.restrict_vocab:,} rows; see .oov_questions"] if self.n_oov else []
        if self.protocol == "gensim":
            notes.append(f"gensim protocol: {self.meta.get('replayed', 0)} near-tie question(s) re-scored with gensim's arithmetic")
        return Summary(f"Analogy evaluation: {self.method} on {self.dataset}", info, [self.sections(alpha)], notes)

    def plot(self, ax=None, alpha: float = 0.05):
        """Horizontal bars of per-section accuracy with Wilson CI whiskers; the total as a line."""
        from .plot import get_ax

        t = self.sections(alpha)
        total = t.loc["Total"]
        t = t.drop(index="Total")
        ax = get_ax(ax, figsize=(7, 0.32 * len(t) + 1.6))
        y = np.arange(len(t))[::-1]
        acc = t["accuracy"].to_numpy(dtype=float)
        err = np.vstack([acc - t["ci_low"].to_numpy(dtype=float), t["ci_high"].to_numpy(dtype=float) - acc])
        ax.barh(y, np.nan_to_num(acc), xerr=np.nan_to_num(err), color="#4C72B0", alpha=0.85, capsize=2,
                error_kw={"elinewidth": 1})
        ax.set_yticks(y, [f"{s} (n={n})" for s, n in zip(t.index, t["evaluated"])])
        ax.axvline(total["accuracy"], color="k", ls="--", lw=1, label=f"total {total['accuracy']:.3f}")
        ax.set_xlim(0, 1)
        ax.set_xlabel(f"accuracy ({1 - alpha:.0%} Wilson CI)")
        ax.set_title(f"{self.method} on {self.dataset}: {self.n_evaluated:,} scored, {self.n_oov:,} OOV")
        ax.legend(loc="lower right")
        return ax


@dataclass
class AnalogyComparison(ResultMixin):
    """Paired comparison of two analogy results on the questions both scored (exact McNemar test)."""

    labels: tuple[str, str]
    n_questions: int
    both: int
    only_first: int
    only_second: int
    neither: int
    pvalue: float

    @property
    def difference(self) -> float:
        """Accuracy of the first minus the second on the shared questions."""
        return (self.only_first - self.only_second) / self.n_questions

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        a, b = self.labels
        return pd.DataFrame({f"{b} correct": [self.both, self.only_second], f"{b} wrong": [self.only_first, self.neither]},
                            index=pd.Index([f"{a} correct", f"{a} wrong"], name=""))

    def summary(self) -> Summary:
        a, b = self.labels
        return Summary(f"{a} vs {b} on the same analogy questions",
                       {"shared questions": f"{self.n_questions:,}", "accuracy difference": f"{self.difference:+.4f}",
                        "exact McNemar p (two-sided)": f"{self.pvalue:.4g}"}, [self.to_frame()])

    def plot(self, ax=None):
        from .plot import get_ax

        ax = get_ax(ax, figsize=(4, 3.5))
        t = self.to_frame()
        ax.imshow(t.to_numpy(), cmap="Blues")
        for (i, j), v in np.ndenumerate(t.to_numpy()):
            ax.text(j, i, f"{v:,}", ha="center", va="center")
        ax.set_xticks([0, 1], t.columns)
        ax.set_yticks([0, 1], t.index)
        ax.grid(False)
        ax.set_title(f"McNemar p = {self.pvalue:.3g}")
        return ax


def compare_analogies(first: AnalogyResult, second: AnalogyResult, labels: tuple[str, str] | None = None) -> AnalogyComparison:
    """Exact McNemar test (McNemar 1947) of two methods or embeddings on the same questions.

    Questions are paired by their position in the dataset; only those scored by both
    results count. The p-value is the two-sided exact binomial test of the discordant
    pairs (``only_first`` vs ``only_second``) against 1/2.
    """
    from scipy import stats

    if first.n_questions != second.n_questions:
        raise ValueError("the two results come from datasets of different sizes; evaluate both on the same dataset")
    q1, q2 = first.questions, second.questions
    shared = (~q1["oov"].to_numpy()) & (~q2["oov"].to_numpy())
    c1, c2 = q1["correct"].to_numpy()[shared], q2["correct"].to_numpy()[shared]
    b, c = int((c1 & ~c2).sum()), int((~c1 & c2).sum())
    p = float(stats.binomtest(b, b + c, 0.5).pvalue) if b + c else 1.0
    labels = labels or (f"{first.method}", f"{second.method}")
    return AnalogyComparison(tuple(labels), int(shared.sum()), int((c1 & c2).sum()), b, c, int((~c1 & ~c2).sum()), p)
