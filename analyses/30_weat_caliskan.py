"""WEAT tests 1–10 of Caliskan, Bryson & Narayanan (2017) on the word2vec GoogleNews vectors.

Caliskan, A., Bryson, J. J. & Narayanan, A. (2017). Semantics derived automatically from
language corpora contain human-like biases. *Science* 356:183–186. The paper reports
word2vec GoogleNews effect sizes 1.54, 1.63, 0.58, 1.24, 0.72, 1.89, 0.97, 1.24, 1.30,
−0.08 for tests 1–10. Here: the same tests on the 13,013-word GoogleNews subset shipped
with wordvec, with exact or Monte Carlo permutation p-values and word-set bootstrap CIs.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import wordvec
from wordvec.bias import caliskan_tests, weat_tests
from wordvec.reproduce import Artifact

TITLE = "WEAT tests 1–10 (Caliskan, Bryson & Narayanan 2017) on word2vec GoogleNews, with p-values and CIs"
SEED = 2017


def run(out: Path, quick: bool = False) -> list[Artifact]:
    emb = wordvec.datasets.googlenews_subset()
    tests = caliskan_tests()
    res = weat_tests(emb, tests, seed=SEED, n_bootstrap=200 if quick else 2000,
                     n_permutations=2000 if quick else 100_000)
    frame = res.to_frame()
    frame.insert(0, "id", [t.id for t in tests])
    frame["published_glove_840b"] = [t.published["glove_common_crawl_840b"] for t in tests]
    frame["complete_in_subset"] = [all(w in emb for w in t.X + t.Y + t.A + t.B) for t in tests]
    frame["difference"] = frame["estimate"] - frame["word2vec_googlenews"]
    cols = ["id", "test", "estimate", "word2vec_googlenews", "difference", "complete_in_subset", "se", "ci_low",
            "ci_high", "p_value", "p_method", "ci_method", "sizes", "oov", "S", "published_glove_840b"]
    table = frame[cols]
    csv = out / "weat_caliskan.csv"
    table.to_csv(csv, index=False)
    show = table[["id", "estimate", "word2vec_googlenews", "difference", "complete_in_subset", "ci_low", "ci_high", "p_value", "oov"]]
    print(show.to_string(index=False, float_format=lambda x: f"{x:.4g}"))

    fig, ax = plt.subplots(figsize=(8.5, 5.5))
    res.plot(ax=ax)
    handles, labels = ax.get_legend_handles_labels()
    names = {"word2vec_googlenews": "published word2vec value (Caliskan et al. 2017)"}
    ax.legend(handles, [names.get(label, label) for label in labels], loc="upper left", fontsize=8)
    ax.set_yticklabels([f"{t.id}. {t.name}" for t in tests], fontsize=8)
    ax.set_xlabel("WEAT effect size d (ddof=1), 95% word-set bootstrap CI")
    ax.set_title("Caliskan et al. (2017) WEATs on word2vec GoogleNews (13k-word subset)")
    fig.tight_layout()
    png = out / "weat_caliskan_forest.png"
    fig.savefig(png)
    plt.close(fig)

    complete = table[table.complete_in_subset]
    worst = float(np.abs(complete.difference).max())
    missing = "; ".join(f"test {i}: {o}" for i, o in zip(table.id, table.oov) if o)
    return [
        Artifact(csv, f"Effect sizes of the ten Caliskan et al. WEATs on the real word2vec GoogleNews vectors next to the published "
                      f"word2vec values. The {len(complete)} tests whose word sets are complete in the subset reproduce the paper to "
                      f"within {worst:.3f}; missing words ({missing}) are reported, and test 10 lacks 'Billy'. p-values are exact "
                      f"permutation tests where the partitions are few (8+8: all 12,870), otherwise Monte Carlo (seed {SEED})."),
        Artifact(png, "Forest plot of the effect sizes with 95% word-set bootstrap intervals (resampling all four sets) and the "
                      "published word2vec values (open diamonds). The intervals are wide for the name tests: with small sets, "
                      "which words are chosen matters as much as the embedding."),
    ]
