"""Bias statistics: wordvec.bias vs peers, timed side by side in one process (ratios printed).

1. Exact permutation p-value of an 8+8 WEAT (all 12,870 partitions, Caliskan test 6 on the
   GoogleNews subset): ours (one matrix product) vs ``scipy.stats.permutation_test``
   (exact, ``n_resamples=inf``) vs a brute-force ``itertools`` loop recomputing S per
   partition (the shape of WEFE's per-permutation Python loop).
2. WEAT effect sizes of Caliskan tests 1–10: ours vs WEFE's formula written word by word
   (WEFE itself pins numpy ≤ 1.26, so its ``_calc_effect_size`` loop is re-implemented), and
   one test's p-value: our exact test vs WEFE's default 10,000-iteration loop (re-implemented).
3. GloVe-V for every eligible word of a 10,000-word vocabulary at D=100 (a GloVe-shaped
   model with a Zipf-like co-occurrence pattern): ours (batched LAPACK) vs
   ``statsmodels`` WLS fitted word by word (timed on a sample, extrapolated).

Run: ``python benchmarks/bench_bias.py [--vocab 10000] [--dim 100]``.
"""
from __future__ import annotations

import argparse
import itertools
import time
from types import SimpleNamespace

import numpy as np
import scipy.sparse as sp
from scipy import stats

import wordvec
from wordvec.bias import caliskan_test, caliskan_tests, glove_variances, weat
from wordvec.bias.glove_v import glove_weight
from wordvec._numerics import unit_rows
from wordvec.bias.weat import associations


def best_of(fn, repeat=5):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def bench_permutation(emb):  # noqa: D103
    t = caliskan_test(6)
    T = unit_rows(emb[list(t.X) + list(t.Y)])
    AB = unit_rows(emb[list(t.A) + list(t.B)])
    s = associations(T @ AB.T, len(t.A))
    from wordvec.bias.permutation import _combination_indicator, subset_sum_test

    _combination_indicator.cache_clear()
    cold, ours = best_of(lambda: (_combination_indicator.cache_clear(), subset_sum_test(s, 8))[1], repeat=3)
    warm, _ = best_of(lambda: subset_sum_test(s, 8))
    t_scipy, res = best_of(lambda: stats.permutation_test((s[:8], s[8:]), lambda a, b, axis: a.mean(axis) - b.mean(axis),
                                                           permutation_type="independent", n_resamples=np.inf,
                                                           alternative="greater", vectorized=True), repeat=3)

    def brute():
        obs = s[:8].sum() - s[8:].sum()
        hits = 0
        for comb in itertools.combinations(range(16), 8):
            mask = np.zeros(16, bool)
            mask[list(comb)] = True
            hits += s[mask].sum() - s[~mask].sum() >= obs - 1e-12
        return hits / 12870

    t_brute, p_brute = best_of(brute, repeat=1)
    print("1. exact permutation p-value, 8+8 WEAT (Caliskan 6), 12,870 partitions")
    print(f"   wordvec   p={ours.p_value:.6g}  {cold * 1e3:7.2f} ms (first call)  {warm * 1e3:7.2f} ms (partitions cached)")
    print(f"   scipy     p={res.pvalue:.6g}  {t_scipy * 1e3:7.2f} ms   ratio scipy/wordvec = {t_scipy / cold:.1f}x (first call)")
    print(f"   itertools p={p_brute:.6g}  {t_brute * 1e3:7.2f} ms   ratio loop/wordvec  = {t_brute / cold:.1f}x")


def bench_weat(emb):
    def wefe_like(tst):
        def cos(u, v):
            return float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))
        vec = lambda ws: [np.asarray(emb[w], np.float64) for w in ws if w in emb]  # noqa: E731
        X, Y, A, B = vec(tst.X), vec(tst.Y), vec(tst.A), vec(tst.B)
        s = lambda w: np.mean([cos(w, a) for a in A]) - np.mean([cos(w, b) for b in B])  # noqa: E731
        sx, sy = [s(x) for x in X], [s(y) for y in Y]
        return (np.mean(sx) - np.mean(sy)) / np.std(sx + sy)

    tests = caliskan_tests()
    t_ours, ours = best_of(lambda: [weat(emb, t, ddof=0, n_bootstrap=0, n_permutations=1, exact_limit=0).estimate for t in tests])
    t_peer, peer = best_of(lambda: [wefe_like(t) for t in tests], repeat=2)
    # WEFE's default p-value: 10,000 "approximate" iterations, each drawing the pooled targets
    # *with replacement* and recomputing S word by word (WEFE.metrics.WEAT._calc_p_value).
    t6 = caliskan_test(6)
    vec = lambda ws: {w: np.asarray(emb[w], np.float64) for w in ws}  # noqa: E731
    pool, A, B = {**vec(t6.X), **vec(t6.Y)}, list(vec(t6.A).values()), list(vec(t6.B).values())

    def calc_weat(Xv, Yv):
        def s(w):
            return (np.mean([w @ a / (np.linalg.norm(w) * np.linalg.norm(a)) for a in A])
                    - np.mean([w @ b / (np.linalg.norm(w) * np.linalg.norm(b)) for b in B]))
        return sum(s(x) for x in Xv) - sum(s(y) for y in Yv)

    def wefe_p(iterations=10_000):
        words = list(pool)
        obs = calc_weat([pool[w] for w in t6.X], [pool[w] for w in t6.Y])
        rng = np.random.default_rng(0)
        hits = 0
        for _ in range(iterations):
            perm = rng.choice(words, size=len(words))
            hits += calc_weat([pool[w] for w in perm[:8]], [pool[w] for w in perm[8:]]) > obs
        return (hits + 1) / (iterations + 1)

    t_wefe, p_wefe = best_of(lambda: wefe_p(1000), repeat=1)
    t_exact, r6 = best_of(lambda: weat(emb, t6, n_bootstrap=0), repeat=3)
    print("2. WEAT effect sizes, Caliskan tests 1–10 (ddof=0)")
    print(f"   max |ours − WEFE formula| = {np.max(np.abs(np.array(ours) - np.array(peer))):.2e}")
    print(f"   wordvec {t_ours * 1e3:8.1f} ms   WEFE-style loop {t_peer * 1e3:8.1f} ms   ratio = {t_peer / t_ours:.1f}x")
    print(f"   with p-value (Caliskan 6): wordvec exact (12,870 partitions) p={r6.p_value:.2e} in {t_exact * 1e3:.1f} ms; "
          f"WEFE-style 10,000 draws with replacement ≈ {t_wefe * 10:.1f} s (timed on 1,000, p={p_wefe:.2e}); "
          f"ratio ≈ {t_wefe * 10 / t_exact:.0f}x")


def synthetic_glove(n, dim, seed=0):
    """A GloVe-shaped fitted model: Zipf-like row lengths (frequent words co-occur with many)."""
    rng = np.random.default_rng(seed)
    lengths = np.clip((8000 / np.sqrt(np.arange(1, n + 1))).astype(int) + rng.integers(20, 300, n), 5, n)
    rows = np.repeat(np.arange(n), lengths)
    # contexts drawn with frequent words more likely (duplicates merged by the sparse constructor)
    p = 1 / np.arange(1, n + 1) ** 0.8
    cols = rng.choice(n, size=rows.size, p=p / p.sum())
    X = sp.csr_matrix((rng.pareto(1.5, rows.size) + 1, (rows, cols)), shape=(n, n))
    X.sum_duplicates()
    vocab = SimpleNamespace(words=[f"w{i}" for i in range(n)], counts=np.asarray(X.sum(1)).ravel())
    return SimpleNamespace(cooccurrence_=SimpleNamespace(matrix=X, vocab=vocab), W_=rng.normal(size=(n, dim)) * 0.3,
                           C_=rng.normal(size=(n, dim)) * 0.3, bw_=rng.normal(size=n), bc_=rng.normal(size=n),
                           x_max=10.0, weight_exponent=0.75)


def bench_glove_v(n, dim):
    import statsmodels.api as sm

    g = synthetic_glove(n, dim)
    X = g.cooccurrence_.matrix
    print(f"3. GloVe-V, {n:,} words × D={dim}, {X.nnz:,} non-zeros, "
          f"{int((np.diff(X.indptr) > dim).sum()):,} words with |K_i| > D")
    timings = {}
    for storage in ("full", "diagonal", "lowrank"):
        t0 = time.perf_counter()
        gv = glove_variances(g, storage=storage, progress=False)
        timings[storage] = time.perf_counter() - t0
        print(f"   wordvec storage={storage:9s} {timings[storage]:6.2f} s  ({len(gv.no_variance):,} words without variance)",
              flush=True)
        del gv
    sample = np.flatnonzero(np.diff(X.indptr) > dim)[::max(1, n // 100)]
    from threadpoolctl import threadpool_limits

    t0 = time.perf_counter()
    with threadpool_limits(limits=1, user_api="blas"):  # same BLAS threading as ours (multi-threaded BLAS thrashes on small WLS fits)
        per_word_loop(sample, X, g, sm)
    per_word = (time.perf_counter() - t0) / len(sample)
    eligible = int((np.diff(X.indptr) > dim).sum())
    est = per_word * eligible
    print(f"   statsmodels WLS word by word: {per_word * 1e3:.2f} ms/word → {est:.1f} s for all eligible words (extrapolated "
          f"from {len(sample)}); ratio statsmodels/wordvec(full) = {est / timings['full']:.1f}x")


def per_word_loop(sample, X, g, sm):
    for i in sample:
        lo, hi = X.indptr[i], X.indptr[i + 1]
        js, x = X.indices[lo:hi], X.data[lo:hi]
        y = np.log(x) - g.bw_[i] - g.bc_[js]
        sm.WLS(y, g.C_[js], weights=glove_weight(x, g.x_max, g.weight_exponent)).fit().cov_params()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vocab", type=int, default=10_000)
    ap.add_argument("--dim", type=int, default=100)
    args = ap.parse_args()
    emb = wordvec.datasets.googlenews_subset()
    bench_permutation(emb)
    bench_weat(emb)
    bench_glove_v(args.vocab, args.dim)


if __name__ == "__main__":
    main()
