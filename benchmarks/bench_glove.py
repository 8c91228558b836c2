"""GloVe on the State of the Union corpus: wordvec's compiled Hogwild loop vs the reference C GloVe.

Setting of the design notes (``/work/shared/reference/evaluation-and-performance.md``): SOTU,
lower-cased ``[a-z]+('[a-z]+)?`` tokens, one paragraph a document, min count 5, window 10
(1/distance weights), x_max 10, 100 dimensions, 2 threads, 15 epochs.

The reference is the C ``glove`` of stanfordnlp/GloVe. Build it yourself (``make`` in a checkout)
and pass ``--glove-bin PATH`` (or set ``WORDVEC_GLOVE_BIN``): it is then run in this process's
session on *the same* co-occurrence counts (written as its binary ``CREC`` file, shuffled), and
timed per epoch from its ``iter:`` lines. Without it, the figures published in the notes are shown.
A reduced build taking positional arguments (``INPUT VOCAB_SIZE DIM ITER THREADS X_MAX SAVE``) is
accepted with ``WORDVEC_GLOVE_POSITIONAL=1``.

Run: ``python benchmarks/bench_glove.py [--epochs 15] [--threads 2] [--glove-bin ./glove]``.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

from wordvec import Embedding
from wordvec.corpus import count_cooccurrences, sotu_corpus
from wordvec.datasets import gensim_test_data
from wordvec.train import GloVe

#: Reference C GloVe on this corpus and machine type, from the design notes.
NOTE = {"count_s": 4.0, "epoch_s": 5.8, "cost": 0.0241, "ws353": 0.44}


def word_pairs(name: str) -> list[tuple[str, str, float]]:
    """(w1, w2, score) from gensim's test-data copy of WordSim-353 / SimLex-999 (comments skipped)."""
    pairs = []
    for line in gensim_test_data(name).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        a, b, s = line.split("\t")[:3]
        pairs.append((a.lower(), b.lower(), float(s)))
    return pairs


def similarity_rho(emb: Embedding, pairs: list[tuple[str, str, float]]) -> tuple[float, int, int]:
    """Spearman ρ of cosine vs human scores on in-vocabulary pairs; (ρ, pairs used, pairs OOV)."""
    used = [(a, b, s) for a, b, s in pairs if a in emb and b in emb]
    u = emb.unit
    cos = [float(u[emb.index(a)] @ u[emb.index(b)]) for a, b, _ in used]
    rho = spearmanr(cos, [s for *_, s in used]).statistic
    return float(rho), len(used), len(pairs) - len(used)


def write_crec(cooc, path: Path, seed: int = 0) -> None:
    """The co-occurrences as glove.c's input: shuffled records {int word1; int word2; double val}, 1-based."""
    coo = cooc.matrix.tocoo()
    rec = np.empty(coo.nnz, dtype=[("w1", "<i4"), ("w2", "<i4"), ("val", "<f8")])
    rec["w1"], rec["w2"], rec["val"] = coo.row + 1, coo.col + 1, coo.data
    rec[np.random.default_rng(seed).permutation(coo.nnz)].tofile(path)


def run_reference(binary: str, cooc, dim: int, epochs: int, threads: int, x_max: float) -> dict:
    """Run the C glove on ``cooc``; per-epoch times from the arrival of its ``iter:`` lines."""
    n = len(cooc.vocab)
    with tempfile.TemporaryDirectory() as tmp:
        crec, out = Path(tmp) / "cooc.shuf.bin", Path(tmp) / "vectors"
        write_crec(cooc, crec)
        vocab = Path(tmp) / "vocab.txt"
        vocab.write_text("".join(f"{w} {c}\n" for w, c in zip(cooc.vocab.words, cooc.vocab.counts)))
        # Two command lines are supported: the upstream flags, or the positional reduced build.
        if os.environ.get("WORDVEC_GLOVE_POSITIONAL"):
            cmd = [binary, str(crec), str(n), str(dim), str(epochs), str(threads), str(x_max), str(out)]
        else:
            cmd = [binary, "-input-file", str(crec), "-vocab-file", str(vocab), "-save-file", str(out),
                   "-vector-size", str(dim), "-iter", str(epochs), "-threads", str(threads), "-x-max", str(x_max),
                   "-binary", "1", "-verbose", "0"]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
        stamps, costs = [], []
        for line in proc.stderr:
            if line.startswith("iter:"):
                stamps.append(time.perf_counter())
                costs.append(float(line.rsplit(":", 1)[1]))
        proc.wait()
        if proc.returncode != 0:
            raise RuntimeError(f"{binary} exited with {proc.returncode}")
        params = np.fromfile(f"{out}.bin", dtype=np.float64).reshape(2 * n, dim + 1)
    times = np.diff([t0] + stamps)
    emb = Embedding(list(cooc.vocab.words), params[:n, :dim] + params[n:, :dim])
    # The first interval also holds process start and initialisation; report the median epoch.
    return {"epoch_s": float(np.median(times)), "cost": costs[-1], "emb": emb}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--glove-bin", default=os.environ.get("WORDVEC_GLOVE_BIN"))
    args = ap.parse_args(argv)

    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (timings are noisy on a shared machine)")
    corpus = sotu_corpus()
    t0 = time.perf_counter()
    cooc = count_cooccurrences(corpus, window=10, weighting="harmonic", min_count=5, progress=False)
    count_s = time.perf_counter() - t0
    n_tokens = sum(len(d) for d in corpus)
    print(f"SOTU: {n_tokens:,} tokens, {len(cooc.vocab):,} words (min count 5), {cooc.nnz:,} non-zeros "
          f"(window 10, 1/d); counted in {count_s:.2f} s")

    GloVe(dim=4, epochs=1, n_jobs=args.threads).fit(cooc.subset(cooc.vocab.words[:50]))  # JIT warm-up (cached)
    ws, sl = word_pairs("wordsim353.tsv"), word_pairs("simlex999.txt")
    rows = []
    for dtype in ("float64", "float32"):
        glove = GloVe(dim=args.dim, epochs=args.epochs, x_max=10, n_jobs=args.threads, dtype=dtype, seed=0)
        emb = glove.fit(cooc)
        rows.append((f"wordvec GloVe ({dtype})", float(np.median(glove.epoch_times_)), float(glove.loss_history_[-1]),
                     similarity_rho(emb, ws), similarity_rho(emb, sl)))
    ref = None
    if args.glove_bin:
        ref = run_reference(args.glove_bin, cooc, args.dim, args.epochs, args.threads, 10.0)
        rows.append(("reference C glove (run here)", ref["epoch_s"], ref["cost"], similarity_rho(ref["emb"], ws),
                     similarity_rho(ref["emb"], sl)))

    print(f"\n{args.epochs} epochs, {args.dim} dims, x_max 10, {args.threads} threads; W+C vectors; "
          "Spearman ρ on in-vocabulary pairs (used/OOV)")
    print(f"{'':34s} {'s/epoch':>8s} {'cost':>8s} {'WS-353 ρ':>18s} {'SimLex-999 ρ':>18s}")
    print(f"{'reference C glove (design notes)':34s} {NOTE['epoch_s']:8.2f} {NOTE['cost']:8.4f} {NOTE['ws353']:8.2f}{'':10s} {'—':>18s}")
    for name, sec, cost, (r1, u1, o1), (r2, u2, o2) in rows:
        print(f"{name:34s} {sec:8.2f} {cost:8.4f} {r1:8.3f} ({u1}/{o1}) {r2:8.3f} ({u2}/{o2})")
    base = ref["epoch_s"] if ref else NOTE["epoch_s"]
    label = "the reference run here" if ref else "the reference figure in the notes"
    for name, sec, *_ in rows[:2]:
        print(f"speed-up of {name} over {label}: {base / sec:.1f}×")
    best_ws = rows[0][3][0]
    ref_ws = similarity_rho(ref["emb"], ws)[0] if ref else NOTE["ws353"]
    print(f"WS-353 ρ difference (ours float64 − reference): {best_ws - ref_ws:+.3f} (target ≥ −0.02)")
    print(f"counting: {count_s:.2f} s vs reference cooccur {NOTE['count_s']:.1f} s (notes) → {NOTE['count_s'] / count_s:.1f}×")


if __name__ == "__main__":
    sys.exit(main())
