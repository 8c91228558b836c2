"""Co-occurrence counting on the State of the Union corpus vs the reference GloVe `cooccur`.

Setting of the design notes (``shared/reference/evaluation-and-performance.md``):
lower-cased ``[a-z]+('[a-z]+)?`` tokens, one paragraph a line, min count 5,
window 10, 1/distance weighting. The reference C GloVe ``cooccur`` needs 4 s there
for 5.5M non-zeros (published figure for this kind of 2-core machine; the C tool
is not installable from a package registry, so its time is quoted, not re-run).

Also timed in the same process: a plain-Python counting loop on a sample of the
corpus (same output, checked), printed as a ratio.

Run: ``python benchmarks/bench_cooccurrence.py [--repeat 3] [--sample 2000]``
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import defaultdict

import numpy as np

from wordvec.corpus import TextCorpus, Tokenizer, Vocabulary, count_cooccurrences, sotu_corpus, write_lines

REFERENCE_SECONDS = 4.0     # GloVe C `cooccur`, SOTU, window 10 (design notes)
REFERENCE_NNZ = 5.5e6
WINDOW = 10
MIN_COUNT = 5


def best_of(fn, repeat: int):
    """(best wall seconds, best CPU seconds, result) over ``repeat`` runs."""
    walls, cpus, out = [], [], None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus), out


def python_loop(docs, vocab: Vocabulary, window: int):
    """A plain-Python co-occurrence count (dict of pairs), OOV skipped, 1/distance weights."""
    index = vocab.index
    counts: dict[tuple[int, int], float] = defaultdict(float)
    for doc in docs:
        ids = [index[t] for t in doc if t in index]
        for p in range(len(ids)):
            a = ids[p]
            for d in range(1, min(window, len(ids) - 1 - p) + 1):
                b = ids[p + d]
                counts[(a, b)] += 1.0 / d
                counts[(b, a)] += 1.0 / d
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sample", type=int, default=2000, help="documents for the plain-Python comparison")
    args = ap.parse_args()

    t0 = time.perf_counter()
    docs = list(sotu_corpus())
    t_tok = time.perf_counter() - t0
    n_tokens = sum(map(len, docs))
    print(f"SOTU: {len(docs):,} paragraphs, {n_tokens:,} tokens (tokenised in {t_tok:.2f} s)")

    t_vocab, _, vocab = best_of(lambda: Vocabulary.build(docs, min_count=MIN_COUNT), args.repeat)
    print(f"vocabulary (min count {MIN_COUNT}): {len(vocab):,} words in {t_vocab:.2f} s")

    wall, cpu, c = best_of(lambda: count_cooccurrences(docs, vocab, window=WINDOW), args.repeat)
    print(f"\ncounting, window {WINDOW}, 1/distance (vocabulary given, like `cooccur`):")
    print(f"  wordvec      {wall:6.2f} s wall  {cpu:6.2f} s CPU   nnz {c.nnz:,}")
    print(f"  GloVe C      {REFERENCE_SECONDS:6.2f} s (published)      nnz {REFERENCE_NNZ:,.0f}")
    print(f"  speed-up vs reference: {REFERENCE_SECONDS / wall:.1f}x on wall time, "
          f"{REFERENCE_SECONDS / cpu:.1f}x on CPU time (wall is inflated when the cores are shared)")

    wall2, _, _ = best_of(lambda: count_cooccurrences(docs, window=WINDOW, min_count=MIN_COUNT), args.repeat)
    print(f"  vocabulary + counting: {wall2:.2f} s  ({REFERENCE_SECONDS / wall2:.1f}x the reference's counting alone)")

    with tempfile.TemporaryDirectory() as tmp:
        path = write_lines(docs, os.path.join(tmp, "sotu.txt"))
        corpus = TextCorpus(path, Tokenizer(r"\S+", lowercase=False))
        wall3, _, c3 = best_of(lambda: count_cooccurrences(corpus, vocab, window=WINDOW), args.repeat)
        assert c3 == c
        print(f"  from a text file on disk (read + split + count): {wall3:.2f} s "
              f"({REFERENCE_SECONDS / wall3:.1f}x the reference)")

    sample = docs[: args.sample]
    sample_tokens = sum(map(len, sample))
    wall_py, _, ref = best_of(lambda: python_loop(sample, vocab, WINDOW), 1)
    wall_np, _, ours = best_of(lambda: count_cooccurrences(sample, vocab, window=WINDOW), args.repeat)
    rows, cols = zip(*ref)
    dense_ref = ours.matrix.toarray() * 0
    np.add.at(dense_ref, (np.array(rows), np.array(cols)), np.array(list(ref.values())))
    assert np.allclose(dense_ref, ours.matrix.toarray())
    print(f"\nplain-Python loop on {len(sample):,} paragraphs ({sample_tokens:,} tokens): {wall_py:.2f} s; "
          f"wordvec {wall_np:.3f} s -> {wall_py / wall_np:.0f}x faster (same counts)")


if __name__ == "__main__":
    main()
