"""Vector file I/O: wordvec vs gensim ``KeyedVectors``, side by side in one process.

Targets (issue 2):

* word2vec text and binary loading at least as fast as
  ``KeyedVectors.load_word2vec_format`` on the same file (aim: >= 2x);
* opening the native format with ``mmap=True`` >= 20x faster than gensim's binary
  parse of the same vectors.

Files: the GoogleNews subset shipped with wordvec (13,013 x 300, real word2vec
vectors) written by gensim as word2vec text and binary, and as a native ``.wv``
directory. ``--synthetic N`` adds an N x 300 random file (e.g. 100000; gensim's
text parse of it takes ~30 s). Timings: best of ``--repeat`` runs (default 3), page
cache warm (every file is read once before timing).

Run: ``python benchmarks/bench_io.py [--repeat 3] [--synthetic 100000]``
"""
from __future__ import annotations

import argparse
import gc
import logging
import tempfile
import time
from pathlib import Path

import numpy as np

import wordvec
from wordvec import Embedding


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
        del out
    return min(times)


def bench(emb: Embedding, label: str, tmp: Path, repeat: int) -> list[tuple]:
    from gensim.models import KeyedVectors

    kv = emb.to_gensim()
    txt, binf, nat = tmp / f"{label}.txt", tmp / f"{label}.bin", tmp / f"{label}.wv"
    kv.save_word2vec_format(str(txt), binary=False)
    kv.save_word2vec_format(str(binf), binary=True)
    emb.save(nat)
    for p in (txt, binf):
        p.read_bytes()  # warm the page cache for both libraries alike

    # Same answer first: a benchmark of a wrong parser means nothing.
    for path, binary in ((txt, False), (binf, True)):
        ours, theirs = wordvec.load(path), KeyedVectors.load_word2vec_format(str(path), binary=binary)
        assert list(ours.words) == theirs.index_to_key and np.array_equal(ours.vectors, theirs.vectors), path
    opened = wordvec.load(nat, mmap=True)
    assert np.array_equal(opened.vectors, emb.vectors) and list(opened.words) == list(emb.words)

    rows = []
    g = best(lambda: KeyedVectors.load_word2vec_format(str(txt), binary=False), max(1, repeat if len(emb) < 50_000 else 1))
    o = best(lambda: wordvec.load(txt), repeat)
    rows.append((f"{label}: word2vec text load", g, o, ">= 2x (min 1x)"))
    g = best(lambda: KeyedVectors.load_word2vec_format(str(binf), binary=True), repeat)
    o = best(lambda: wordvec.load(binf), repeat)
    rows.append((f"{label}: word2vec binary load", g, o, ">= 2x (min 1x)"))
    o = best(lambda: wordvec.load(nat, mmap=True), max(repeat, 5))
    rows.append((f"{label}: native mmap open vs gensim binary parse", g, o, ">= 20x"))
    o2 = best(lambda: wordvec.load(nat, mmap=True)["king" if "king" in opened else opened.words[0]], max(repeat, 5))
    rows.append((f"{label}: native mmap open + first lookup vs gensim binary parse", g, o2, "(info)"))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--synthetic", type=int, default=0, help="also an N x 300 random embedding (e.g. 100000)")
    args = ap.parse_args()
    logging.getLogger("gensim").setLevel(logging.WARNING)
    rows = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        rows += bench(wordvec.datasets.googlenews_subset(mmap=False), "GoogleNews 13k x 300", tmp, args.repeat)
        if args.synthetic:
            rng = np.random.default_rng(0)
            n = args.synthetic
            emb = Embedding([f"w{i}" for i in range(n)], rng.normal(scale=0.2, size=(n, 300)).astype(np.float32))
            rows += bench(emb, f"synthetic {n // 1000}k x 300", tmp, args.repeat)
    print(f"{'benchmark':64s} {'gensim s':>10s} {'wordvec s':>10s} {'ratio':>8s}  target")
    for name, g, o, target in rows:
        print(f"{name:64s} {g:10.4f} {o:10.4f} {g / o:7.1f}x  {target}")


if __name__ == "__main__":
    main()
