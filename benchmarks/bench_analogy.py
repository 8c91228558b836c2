"""Analogy evaluation: wordvec vs gensim ``KeyedVectors.evaluate_word_analogies``, side by side.

Targets (issue 4): the whole Google set with 3CosAdd is >= 20x faster than gensim with
identical accuracy, on the GoogleNews subset and on a 100k x 300 matrix; 3CosMul is no
more than 2x slower than 3CosAdd.

Run: ``python benchmarks/bench_analogy.py [--full] [--repeat N]``

* GoogleNews subset (13,013 real word2vec vectors): the whole Google set for both.
* 100k x 300 matrix: the words of the Google set (real GoogleNews vectors where the
  subset has them, random ones otherwise) among 100,000 rows. gensim needs ~10-30 ms per
  question there, so by default both libraries answer every 8th question of every
  section (2,443 questions; the ratio is per question and the accuracies must agree on
  that file); ``--full`` gives gensim the whole set too (several minutes).

Single-threaded comparison (both libraries on one core, immune to BLAS thread
oversubscription on a shared machine)::

    OPENBLAS_NUM_THREADS=1 NUMBA_NUM_THREADS=1 taskset -c 0 python benchmarks/bench_analogy.py --skip-big

Timings are the best of ``--repeat`` runs (default 3) of the whole call, including
reading the question file (wordvec caches a parsed file by path and mtime: the cached
and uncached timings are both printed).
"""
from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

import numpy as np

import wordvec
from wordvec.evaluation import evaluate_analogies  # noqa: E402
from wordvec.evaluation import _kernels  # noqa: E402,F401  warm loop: numba loaded, so engine="auto" uses it
from wordvec.evaluation.datasets import _load_sections_cached


def to_gensim(emb):
    from gensim.models import KeyedVectors

    kv = KeyedVectors(emb.dim, count=0, dtype=np.float32)
    kv.add_vectors(list(emb.words), np.asarray(emb.vectors))
    return kv


def best_of(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def big_matrix(n=100_000, d=300, seed=0):
    """100k rows: every word of the Google set (real vectors where known) + filler words."""
    rng = np.random.default_rng(seed)
    qfile = wordvec.datasets.gensim_test_data("questions-words.txt")
    gwords = list(dict.fromkeys(w for line in qfile.read_text().splitlines() if not line.startswith(":")
                                for w in line.split()))
    sub = wordvec.datasets.googlenews_subset()
    vecs = rng.standard_normal((n, d)).astype(np.float32) * 0.12
    words = [f"filler_{i}" for i in range(n)]
    pos = rng.choice(n, size=len(gwords), replace=False)
    for p, w in zip(pos, gwords):
        words[p] = w
        if w in sub:
            vecs[p] = sub[w]
    return wordvec.Embedding(words, vecs)


def every_kth(path: Path, k: int, out: Path) -> Path:
    lines, i = [], 0
    for line in path.read_text().splitlines():
        if line.startswith(":"):
            lines.append(line)
            i = 0
        else:
            if i % k == 0:
                lines.append(line)
            i += 1
    out.write_text("\n".join(lines) + "\n")
    return out


def compare(label, emb, qpath, repeat, extra_methods=True, gensim_repeat=None):
    kv = to_gensim(emb)
    t_g, (g_acc, g_secs) = best_of(lambda: kv.evaluate_word_analogies(str(qpath)), gensim_repeat or repeat)
    _load_sections_cached.cache_clear()
    t_cold, _ = best_of(lambda: (_load_sections_cached.cache_clear(), evaluate_analogies(emb, qpath, protocol="gensim"))[1], repeat)
    t_w, res = best_of(lambda: evaluate_analogies(emb, qpath, protocol="gensim"), repeat)
    w_acc, w_secs = res.to_gensim()
    same = all(set(a["correct"]) == set(b["correct"]) and set(a["incorrect"]) == set(b["incorrect"])
               for a, b in zip(g_secs, w_secs))
    print(f"\n== {label}: {len(emb):,} x {emb.dim}, {res.n_evaluated:,} questions scored ({res.n_oov:,} OOV)")
    print(f"gensim evaluate_word_analogies : {t_g:8.3f} s   accuracy {g_acc:.6f}")
    print(f"wordvec (protocol='gensim')    : {t_w:8.3f} s   accuracy {w_acc:.6f}  (file parse included: {t_cold:.3f} s)")
    print(f"speed-up: {t_g / t_w:.1f}x (parse included: {t_g / t_cold:.1f}x); same accuracy: {g_acc == w_acc}; "
          f"same answer on every question: {same}; near-ties replayed: {res.meta['replayed']}")
    if extra_methods:
        t_add, _ = best_of(lambda: evaluate_analogies(emb, qpath, method="3cosadd"), repeat)
        t_mul, rm = best_of(lambda: evaluate_analogies(emb, qpath, method="3cosmul"), repeat)
        t_pair, rp = best_of(lambda: evaluate_analogies(emb, qpath, method="pairdirection"), repeat)
        print(f"3CosAdd {t_add:.3f} s | 3CosMul {t_mul:.3f} s ({t_mul / t_add:.2f}x of 3CosAdd, accuracy {rm.accuracy:.4f}) | "
              f"PairDirection {t_pair:.3f} s ({t_pair / t_add:.2f}x, accuracy {rp.accuracy:.4f})")
    return t_g / t_w


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--full", action="store_true", help="give gensim the whole Google set on the 100k matrix too")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-big", action="store_true", help="only the GoogleNews subset")
    ap.add_argument("--tile", type=int, default=None, help="kernel tile width (default wordvec.evaluation._analogy_engine.TILE)")
    args = ap.parse_args(argv)
    logging.getLogger("gensim").setLevel(logging.WARNING)
    if args.tile:
        from wordvec.evaluation import _analogy_engine

        _analogy_engine.TILE = args.tile
    qpath = wordvec.datasets.gensim_test_data("questions-words.txt")
    emb = wordvec.datasets.googlenews_subset(mmap=False)
    evaluate_analogies(emb, method="3cosadd")  # compile the kernels once
    evaluate_analogies(emb, method="3cosmul")
    evaluate_analogies(emb, method="pairdirection")
    compare("GoogleNews subset, whole Google set", emb, qpath, args.repeat)
    if args.skip_big:
        return

    big = big_matrix()
    with tempfile.TemporaryDirectory() as tmp:
        path = qpath if args.full else every_kth(qpath, 8, Path(tmp) / "questions-every-8th.txt")
        compare(f"100k x 300 matrix, {'whole Google set' if args.full else 'every 8th question'}", big, path,
                args.repeat, gensim_repeat=1)
    t_all, r_all = best_of(lambda: evaluate_analogies(big, qpath, protocol="gensim"), 1)
    t_mul, _ = best_of(lambda: evaluate_analogies(big, qpath, method="3cosmul"), 1)
    print(f"\nwordvec, 100k x 300, whole Google set ({r_all.n_evaluated:,} questions): 3CosAdd {t_all:.2f} s, "
          f"3CosMul {t_mul:.2f} s ({t_mul / t_all:.2f}x); gensim needs about "
          f"{r_all.n_evaluated:,} x its per-question time above")


if __name__ == "__main__":
    main()
