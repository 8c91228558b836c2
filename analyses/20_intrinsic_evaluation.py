"""Intrinsic evaluation of the bundled embeddings: Google analogies and word similarity, with CIs.

Mikolov et al. (2013) analogy set with 3CosAdd and 3CosMul (Levy & Goldberg 2014);
WordSim-353 (Finkelstein et al. 2002) and SimLex-999 (Hill et al. 2015) Spearman ρ.
Embeddings: the real word2vec GoogleNews vectors (13k-word subset) and, when the shared
SOTU models are available (``wordvec.reproduce.sotu_embedding``), SGNS, PPMI-SVD and GloVe
trained on the State of the Union corpus.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import wordvec
from wordvec.errors import EmptyInputError
from wordvec.reproduce import Artifact
from wordvec.evaluation import compare_analogies, compare_similarity, evaluate_analogies, evaluate_similarity

TITLE = "Intrinsic evaluation: Google analogies (3CosAdd, 3CosMul, 3CosAvg, LRCos) and WordSim-353/SimLex-999, with confidence intervals"
SOTU_KINDS = ("sgns", "ppmi_svd", "glove")
ANALOGY_METHODS = ("3cosadd", "3cosmul", "3cosavg", "lrcos")


def _embeddings(quick: bool) -> dict:
    embs = {"GoogleNews word2vec (13k subset)": wordvec.datasets.googlenews_subset()}
    try:
        from wordvec.reproduce import sotu_embedding
    except ImportError:  # the shared SOTU models are not part of this checkout
        return embs
    for kind in SOTU_KINDS:
        embs[f"SOTU {kind}"] = sotu_embedding(kind, quick=quick)
    return embs


def run(out: Path, quick: bool = False, progress: bool | None = None) -> list[Artifact]:
    out = Path(out)
    embs = _embeddings(quick)
    rows, sim_results, analogy_results = [], {}, {}
    for name, emb in embs.items():
        for method in ANALOGY_METHODS:
            try:
                res = evaluate_analogies(emb, "google", method, progress=progress)
            except EmptyInputError:
                continue
            analogy_results[(name, method)] = res
            lo, hi = res.conf_int().loc["accuracy"]
            rows.append({"embedding": name, "task": "analogy", "dataset": "Google (Mikolov et al. 2013)", "measure": f"accuracy {method}",
                         "estimate": res.accuracy, "ci_low": lo, "ci_high": hi, "ci": "Wilson 95%",
                         "n_used": res.n_evaluated, "n_oov": res.n_oov})
        for ds in ("wordsim353", "simlex999"):
            res = evaluate_similarity(emb, ds, n_bootstrap=500 if quick else 2000, seed=0)
            sim_results[(name, ds)] = res
            lo, hi = res.conf_int(method="fisher").loc["spearman"]
            blo, bhi = res.conf_int(method="bootstrap").loc["spearman"]
            rows.append({"embedding": name, "task": "similarity", "dataset": ds, "measure": "Spearman rho",
                         "estimate": res.spearman, "ci_low": lo, "ci_high": hi, "ci": "Fisher z 95%",
                         "bootstrap_low": blo, "bootstrap_high": bhi, "n_used": res.n_pairs, "n_oov": res.n_oov})
    table = pd.DataFrame(rows)
    csv = out / "intrinsic_evaluation.csv"
    table.to_csv(csv, index=False)

    # Figure: analogy accuracy (left), similarity rho (right), CI whiskers everywhere.
    names = list(embs)
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.8), gridspec_kw={"width_ratios": [1, 1, 1.3]})
    colors = {"3cosadd": "#4C72B0", "3cosmul": "#DD8452", "3cosavg": "#8172B3", "lrcos": "#937860", "wordsim353": "#55A868", "simlex999": "#C44E52"}
    for ax, task, keys in ((axes[0], "analogy", ANALOGY_METHODS), (axes[1], "similarity", ("wordsim353", "simlex999"))):
        y = np.arange(len(names))[::-1]
        h = 0.8 / len(keys)
        for j, key in enumerate(keys):
            shift = 0.4 - h / 2 - h * j
            sel = table[(table.task == task) & ((table.measure == f"accuracy {key}") | (table.dataset == key))]
            sel = sel.set_index("embedding").reindex(names)
            est = sel["estimate"].to_numpy(float)
            err = np.vstack([est - sel["ci_low"].to_numpy(float), sel["ci_high"].to_numpy(float) - est])
            ax.barh(y + shift, np.nan_to_num(est), height=h * 0.95, xerr=np.nan_to_num(err), capsize=3,
                    color=colors[key], label=key)
            for yy, e, hi, n in zip(y + shift, est, sel["ci_high"].to_numpy(float), sel["n_used"].to_numpy()):
                if np.isfinite(e):
                    ax.text(max(hi, 0) + 0.015, yy, f"{e:.2f} (n={int(n)})", va="center", fontsize=7)
        ax.set_yticks(y, names)
        ax.legend(loc="center right", fontsize=8)
    axes[0].set_xlabel("Google analogy accuracy (Wilson 95% CI), OOV questions not scored")
    axes[0].set_xlim(0, 1)
    axes[1].set_xlabel("Spearman ρ with human scores (Fisher z 95% CI)")
    axes[1].set_xlim(min(0, table.loc[table.task == "similarity", "ci_low"].min() - 0.05), 1)
    axes[1].set_yticklabels([])
    gn = names[0]
    analogy_results[(gn, "3cosmul")].plot(ax=axes[2])
    axes[2].set_title("GoogleNews subset, 3CosMul, per section", fontsize=10)
    axes[2].tick_params(axis="y", labelsize=7)
    fig.suptitle("Intrinsic evaluation of the bundled embeddings", fontsize=12)
    fig.tight_layout()
    png = out / "intrinsic_evaluation.png"
    fig.savefig(png)
    plt.close(fig)

    add, mul, avg, lrcos = (analogy_results[(gn, m)] for m in ANALOGY_METHODS)
    ws, sl = sim_results[(gn, "wordsim353")], sim_results[(gn, "simlex999")]
    paired = compare_analogies(add, mul)
    direction = ("the direction Levy & Goldberg (2014) report" if mul.accuracy > add.accuracy
                 else "unlike Levy & Goldberg (2014), who found 3CosMul ahead")
    avg_note = ("ahead of the single-pair methods, as Drozd et al. 2016 found" if avg.accuracy > max(add.accuracy, mul.accuracy)
                else "not ahead of the single-pair methods, unlike Drozd et al. 2016")
    sim_note = ("SimLex-999 is the harder set, as Hill et al. (2015) found for every distributional model"
                if sl.spearman < ws.spearman else "unlike Hill et al. (2015), SimLex-999 is not the harder set here")
    sotu = [n for n in names if n.startswith("SOTU")]
    sotu_note = ""
    if sotu:
        best = max(sotu, key=lambda n: sim_results[(n, "wordsim353")].spearman)
        cmp = compare_similarity(embs[gn], embs[best], "wordsim353", labels=("GoogleNews", best),
                                 n_bootstrap=500 if quick else 2000)
        sotu_note = (f" Of the SOTU models (2M tokens) {best} correlates best with WordSim-353 (ρ = "
                     f"{sim_results[(best, 'wordsim353')].spearman:.2f}); against GoogleNews on the {cmp.n_pairs} pairs both cover, "
                     f"Williams' t gives p = {cmp.williams[1]:.2g} (difference {cmp.difference:+.2f}).")
    return [
        Artifact(png, f"Left: Google-analogy accuracy with Wilson 95% intervals; middle: Spearman ρ on WordSim-353 and "
                      f"SimLex-999 with Fisher-z 95% intervals; right: per-section 3CosMul accuracy of the GoogleNews vectors. "
                      f"On the GoogleNews subset 3CosMul ({mul.accuracy:.3f}) beats 3CosAdd ({add.accuracy:.3f}) on the same "
                      f"{add.n_evaluated:,} covered questions (exact McNemar p = {paired.p_value:.2g}), {direction}; 3CosAvg, which "
                      f"averages the offset over the section's other pairs, reaches {avg.accuracy:.3f} ({avg_note}), and LRCos (a logistic "
                      f"regression on the section's targets times the cosine to c, each question's pair left out) {lrcos.accuracy:.3f}. The subset covers only "
                      f"{add.n_evaluated / add.n_questions:.0%} of the questions, so the numbers are not those of the full "
                      f"3M-word vocabulary. SimLex-999 (ρ = {sl.spearman:.2f}) versus WordSim-353 (ρ = {ws.spearman:.2f}): "
                      f"{sim_note}.{sotu_note}"),
        Artifact(csv, "Every estimate with its 95% interval (Wilson for accuracy; Fisher z and a seeded pair bootstrap for ρ), "
                      "the number of questions/pairs scored and how many were skipped as out-of-vocabulary."),
    ]
