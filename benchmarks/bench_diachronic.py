"""Benchmarks of wordvec.diachronic, each next to its peer in the same process.

1. Chained Procrustes alignment of 10 periods × 50,000 words × 300 dims (issue target:
   "in seconds"): ``wordvec.diachronic.align`` vs a HistWords-style loop over
   ``scipy.linalg.orthogonal_procrustes`` on the same unit-normalised matrices.
2. Planted-shift detection on the default synthetic benchmark (issue target: ROC AUC
   ≥ 0.95 for the planted words; the shuffled control shows none).

Run: ``python benchmarks/bench_diachronic.py [--quick]``.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import scipy.linalg

from wordvec import Embedding
from wordvec.diachronic import DiachronicEmbedding, align, measure_change, synthetic, train_periods
from wordvec.diachronic.null import shuffle_periods


def make_series(n_periods: int, n_words: int, dim: int, seed: int = 0) -> DiachronicEmbedding:
    rng = np.random.default_rng(seed)
    base = rng.standard_normal((n_words, dim), dtype=np.float32)
    words = [f"w{i}" for i in range(n_words)]
    embs = {}
    for t in range(n_periods):
        q = synthetic.random_rotation(dim, rng).astype(np.float32)
        x = (base + 0.3 * rng.standard_normal((n_words, dim), dtype=np.float32)) @ q
        embs[1800 + 10 * t] = Embedding(words, x, validate=False)
    return DiachronicEmbedding.from_embeddings(embs)


def scipy_chain(series: DiachronicEmbedding) -> list[np.ndarray]:
    """HistWords' loop: unit-normalise, then align each period to the previous aligned one."""
    out = []
    for t in range(len(series.periods)):
        x = series.vectors[t]
        x = x / np.linalg.norm(x, axis=1, keepdims=True)
        if t == 0:
            out.append(x)
            continue
        r, _ = scipy.linalg.orthogonal_procrustes(x, out[-1])
        out.append(x @ r)
    return out


def bench_alignment(n_periods: int, n_words: int, dim: int) -> None:
    series = make_series(n_periods, n_words, dim)
    t0 = time.perf_counter()
    ours = align(series)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    ref = scipy_chain(series)
    t_peer = time.perf_counter() - t0
    err = max(float(np.abs(ours.vectors[t] - ref[t]).max()) for t in range(n_periods))
    print(f"chained alignment, {n_periods} periods × {n_words:,} words × {dim} dims")
    print(f"  wordvec.diachronic.align : {t_ours:7.2f} s   (target: seconds)")
    print(f"  scipy Procrustes loop    : {t_peer:7.2f} s")
    print(f"  ratio peer/ours          : {t_peer / t_ours:7.2f}x   max |difference| = {err:.2e}")


def bench_planted(seed: int = 0) -> None:
    from wordvec.train import PPMISVD

    pc = synthetic.planted_shift_corpus(seed=seed)
    tr = PPMISVD(dim=30, window=5, min_count=5)
    t0 = time.perf_counter()
    s = train_periods(pc.periods, tr)
    al = align(s)
    ctrl = train_periods(shuffle_periods(pc.periods, seed + 1), tr)
    ctrl_al = align(ctrl)
    print(f"planted-shift benchmark: {len(pc.planted)} planted of {len(s)} words, {len(s.periods)} periods "
          f"(PPMI-SVD, {time.perf_counter() - t0:.1f} s incl. control)")
    for m, kw in (("cosine", {}), ("angular", {}), ("local", {"k": 25}), ("nn_overlap", {"k": 25})):
        obs = measure_change(al if m in ("cosine", "angular") else s, measure=m, **kw).auc(pc.planted)["auc"]
        ctl = measure_change(ctrl_al if m in ("cosine", "angular") else ctrl, measure=m, **kw).auc(pc.planted)["auc"]
        print(f"  {m:10s} ROC AUC observed {obs:.3f} (target ≥ 0.95)   shuffled control {ctl:.3f} (≈ 0.5 expected)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller alignment problem")
    args = ap.parse_args()
    if args.quick:
        bench_alignment(10, 5_000, 100)
    else:
        bench_alignment(10, 50_000, 300)
    bench_planted()


if __name__ == "__main__":
    main()
