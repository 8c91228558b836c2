"""GloVe-V on the State of the Union corpus: similarities and a gender statistic with analytical CIs.

Vallebueno, Handan-Nader, Manning & Ho (2024), "Statistical Uncertainty in Word Embeddings:
GloVe-V", EMNLP. A GloVe model is trained on the SOTU addresses (one paragraph a document);
every word's centre vector gets a covariance ``Σ_i = σ_i² (Σ_j f(X_ij) v_j v_jᵀ)⁻¹`` and the
statistics below carry delta-method (and, as a check, Monte Carlo) intervals. The last panel
shows how the uncertainty grows as words get rarer — why small-corpus similarity claims
need intervals.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from wordvec.bias import glove_variances
from wordvec.reproduce import Artifact, sotu_glove

TITLE = "GloVe-V (Vallebueno et al. 2024) on State of the Union GloVe: similarities and gender association with CIs"

PAIRS = [("war", "peace"), ("army", "navy"), ("congress", "senate"), ("tax", "taxes"), ("slavery", "freedom"),
         ("economy", "jobs"), ("mexico", "texas"), ("liberty", "justice"), ("doctor", "nurse"), ("teacher", "lawyers")]
# frequent gendered terms only: a rare attribute word (e.g. "hers", 5 occurrences) would dominate every interval
MALE = ["he", "his", "man", "men"]
FEMALE = ["she", "her", "woman", "women"]
ANCHOR = "government"
OCCUPATIONS = ["soldier", "soldiers", "farmer", "farmers", "worker", "workers", "teacher", "teachers", "nurse", "nurses",
               "doctor", "doctors", "engineer", "engineers", "scientists", "lawyers", "officer", "officers", "veterans",
               "citizen", "president", "business", "career", "home", "family", "children", "welfare"]
SEED = 2024


def run(out: Path, quick: bool = False, progress: bool | None = None) -> list[Artifact]:
    glove = sotu_glove(quick=quick)  # shared with the other SOTU analyses, trained once per process
    D = glove.W_.shape[1]
    vocab = glove.cooccurrence_.vocab
    counts = np.asarray(vocab.counts)

    # Diagonal store for the whole vocabulary (the frequency panel), full covariances for
    # the words the statistics use.
    diag = glove_variances(glove, storage="diagonal", progress=progress)
    rng = np.random.default_rng(SEED)
    eligible = [w for w in diag.words if diag.has_variance(w)]
    spectrum = list(rng.choice(eligible, size=min(300, len(eligible)), replace=False))
    needed = sorted({w for p in PAIRS for w in p} | set(MALE) | set(FEMALE) | set(OCCUPATIONS) | set(spectrum) | {ANCHOR})
    needed = [w for w in needed if w in vocab.index]
    gv = glove_variances(glove, words=needed, storage="full", progress=progress)

    pairs = [p for p in PAIRS if p[0] in vocab.index and p[1] in vocab.index]
    delta = gv.similarity(pairs).to_frame()
    mc = gv.similarity(pairs, method="mc", n_draws=2000 if quick else 20_000, seed=SEED).to_frame()
    sim = pd.DataFrame({
        "pair": delta.test, "count_1": [int(counts[vocab.index[a]]) for a, _ in pairs],
        "count_2": [int(counts[vocab.index[b]]) for _, b in pairs], "cosine": delta.estimate,
        "se_delta": delta.se, "ci_low_delta": delta.ci_low, "ci_high_delta": delta.ci_high,
        "se_mc": mc.se, "ci_low_mc": mc.ci_low, "ci_high_mc": mc.ci_high, "no_variance": delta.oov,
    })
    occ = [w for w in OCCUPATIONS if w in vocab.index]
    assoc = gv.association(occ, MALE, FEMALE).to_frame()
    assoc_mc = gv.association(occ, MALE, FEMALE, method="mc", n_draws=1000 if quick else 5000, seed=SEED).to_frame()
    assoc["count"] = [int(counts[vocab.index[w]]) for w in occ]
    assoc["se_mc"], assoc["ci_low_mc"], assoc["ci_high_mc"] = assoc_mc.se, assoc_mc.ci_low, assoc_mc.ci_high
    assoc["delta_reliable"] = ~assoc.ci_method.str.contains("unreliable")
    rnd_d = gv.rnd(MALE, FEMALE, occ, name="RND(male, female; occupations)")
    rnd_mc = gv.rnd(MALE, FEMALE, occ, method="mc", n_draws=1000 if quick else 5000, seed=SEED,
                    name="RND(male, female; occupations)")
    rnd = pd.concat([rnd_d.to_frame(), rnd_mc.to_frame()], ignore_index=True)
    sim["delta_reliable"] = ~delta.ci_method.str.contains("unreliable")

    sim_csv, assoc_csv, rnd_csv = out / "glove_v_similarity.csv", out / "glove_v_gender_association.csv", out / "glove_v_rnd.csv"
    sim.to_csv(sim_csv, index=False)
    assoc[["test", "count", "estimate", "se", "ci_low", "ci_high", "delta_reliable", "se_mc", "ci_low_mc", "ci_high_mc", "oov"]].rename(
        columns={"test": "word", "estimate": "association_male_minus_female", "se": "se_delta", "ci_low": "ci_low_delta",
                 "ci_high": "ci_high_delta"}).to_csv(assoc_csv, index=False)
    rnd[["test", "estimate", "se", "ci_low", "ci_high", "ci_method", "sizes", "oov"]].to_csv(rnd_csv, index=False)
    print(sim.to_string(index=False, float_format=lambda x: f"{x:.4f}"))
    print(rnd[["test", "estimate", "se", "ci_low", "ci_high", "ci_method"]].to_string(index=False))

    # the spread with frequency: Monte Carlo SE of each spectrum word's similarity to a very
    # frequent anchor (Monte Carlo, because the delta method breaks down for the rarest words)
    spec = [w for w in spectrum if w != ANCHOR]
    sp_mc = gv.similarity([(w, ANCHOR) for w in spec], method="mc", n_draws=300 if quick else 1000, seed=SEED).to_frame()
    sp_counts = np.array([counts[vocab.index[w]] for w in spec])

    fig, axes = plt.subplots(1, 3, figsize=(17, 6))
    ax = axes[0]
    y = np.arange(len(sim))[::-1]
    lo_d = np.maximum(sim.ci_low_delta, -1.0)
    hi_d = np.minimum(sim.ci_high_delta, 1.0)
    ax.errorbar(sim.cosine, y + 0.15, xerr=[sim.cosine - lo_d, hi_d - sim.cosine], fmt="o", capsize=3,
                label="estimate, delta-method CI (clipped to [−1, 1])")
    ax.hlines(y - 0.15, sim.ci_low_mc, sim.ci_high_mc, color="C1", lw=2, label="Monte Carlo 95% interval")
    ax.set_yticks(y)
    ax.set_yticklabels([f"{p} ({a:,}/{b:,})" + ("" if ok else " *") for p, a, b, ok in
                        zip(sim.pair, sim.count_1, sim.count_2, sim.delta_reliable)], fontsize=8)
    ax.set_xlabel("cosine similarity (GloVe W); * delta method unreliable")
    ax.set_title("Word pairs (corpus counts)")
    ax.legend(fontsize=7, loc="lower left")

    ax = axes[1]
    a = assoc.sort_values("estimate").reset_index(drop=True)
    y = np.arange(len(a))
    ok = a.delta_reliable.to_numpy()
    ax.errorbar(a.estimate[ok], y[ok] + 0.15, xerr=[(a.estimate - a.ci_low)[ok], (a.ci_high - a.estimate)[ok]], fmt="o",
                capsize=2, label="delta-method CI")
    ax.errorbar(a.estimate[~ok], y[~ok] + 0.15, xerr=[(a.estimate - a.ci_low)[~ok], (a.ci_high - a.estimate)[~ok]],
                fmt="o", mfc="none", color="C0", alpha=0.45, capsize=2, label="delta-method CI, flagged unreliable")
    ax.hlines(y - 0.15, a.ci_low_mc, a.ci_high_mc, color="C1", lw=2, label="Monte Carlo 95% interval")
    span = max(abs(a.ci_low_mc.min()), abs(a.ci_high_mc.max())) * 1.6
    ax.set_xlim(-span, span)  # flagged delta intervals of the rarest words run off the axis
    ax.set_yticks(y)
    ax.set_yticklabels([f"{w} ({c:,})" for w, c in zip(a.test, a["count"])], fontsize=7)
    ax.axvline(0, color="0.5", lw=0.8)
    ax.set_xlabel("mean cos(w, male terms) − mean cos(w, female terms)")
    ax.set_title(f"Gender association; RND = {rnd_mc.estimate:.2f} (MC 95%: {rnd_mc.ci[0]:.2f} to {rnd_mc.ci[1]:.2f})")
    ax.legend(fontsize=7, loc="lower right")

    ax = axes[2]
    ax.loglog(sp_counts, sp_mc.se, ".", alpha=0.6, label=f"{len(spec)} random words")
    slope, icpt = np.polyfit(np.log(sp_counts), np.log(sp_mc.se), 1)
    xs = np.geomspace(sp_counts.min(), sp_counts.max(), 50)
    ax.loglog(xs, np.exp(icpt) * xs**slope, "-", color="C3", label=f"fit: SE ∝ count^{slope:.2f}")
    ax.set_xlabel("word frequency in SOTU")
    ax.set_ylabel(f"Monte Carlo SE of cos(w, {ANCHOR!r})")
    ax.set_title("Rarer words, wider intervals")
    ax.legend(fontsize=8)
    fig.suptitle(f"GloVe-V on State of the Union GloVe (D={D}, {len(vocab):,} words; "
                 f"{len(diag.no_variance):,} words with |K_i| ≤ D get no variance)")
    fig.tight_layout()
    png = out / "glove_v_sotu.png"
    fig.savefig(png)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    diag.plot(ax=ax)
    fig.tight_layout()
    png2 = out / "glove_v_variance_frequency.png"
    fig.savefig(png2)
    plt.close(fig)

    reliable = sim.delta_reliable.to_numpy(bool)
    ratio = float(np.median((sim.se_mc / sim.se_delta)[reliable])) if reliable.any() else float("nan")
    n_unrel = int((~sim.delta_reliable).sum())
    return [
        Artifact(sim_csv, f"Cosine similarities of {len(sim)} word pairs in SOTU GloVe with GloVe-V standard errors by the delta "
                          f"method and by Monte Carlo draws (median ratio MC/delta SE = {ratio:.2f} where the delta method is reliable"
                          f"{'' if reliable.any() else ': nowhere in this quick run'}); "
                          f"for {n_unrel} pair(s) of rare words a vector's spread exceeds its length and the delta method is flagged "
                          "unreliable. Monte Carlo draws centre below the point estimate: noise decorrelates vectors."),
        Artifact(assoc_csv, "Gender association (mean cosine to male minus female terms) of occupation and family words with "
                            "delta-method 95% CIs that propagate the uncertainty of the word and of every attribute word, and "
                            "Monte Carlo intervals; `delta_reliable` is False where a word whose spread is over 0.6 of its "
                            f"length carries >10% of the variance ({int((~assoc.delta_reliable).sum())} of {len(assoc)} rows; "
                            f"there the Monte Carlo SE is {float(np.median(assoc.se_mc / assoc.se)):.2f}× the delta SE at the median)."),
        Artifact(rnd_csv, "Relative norm distance (Garg et al. 2018) between male and female terms over the same words, with "
                          "delta-method and Monte Carlo intervals (the delta interval is flagged when rare words such as 'nurse' "
                          "enter the statistic)."),
        Artifact(png, f"Left: similarities with delta and Monte Carlo intervals; middle: gender association per word; right: the "
                      f"Monte Carlo SE of each word's similarity to '{ANCHOR}' falls with word frequency (slope {slope:.2f} on log–log axes): rare words "
                      "such as 'nurse' carry intervals many times wider than frequent ones."),
        Artifact(png2, f"Total GloVe-V variance tr(Σ_i) of every word with |K_i| > D against its frequency: the variance of a "
                       f"word vector falls steadily with frequency; {len(diag.no_variance):,} words have too few contexts for a variance."),
    ]
