"""Semantic change in the State of the Union addresses (HistWords pipeline + shuffled control).

Hamilton, Leskovec & Jurafsky (2016), "Diachronic word embeddings reveal statistical
laws of semantic change" (ACL): one PPMI-SVD embedding per 50-year period (their advice
for corpora far below 100M tokens per period), chained orthogonal Procrustes
alignment, cosine displacement, and the laws of conformity/innovation. Dubossarsky,
Weinshall & Grossman (2017), "Outta control" (EMNLP): the same pipeline on documents
shuffled across periods — the null for every change score and for the laws.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from wordvec.corpus import sotu
from scipy.stats import spearmanr

from wordvec.diachronic import align, change_series, displacement, local_neighborhood_change, train_periods
from wordvec.diachronic.laws import ENGLISH_STOPWORDS, laws
from wordvec.diachronic.null import compare_to_control, shuffle_periods
from wordvec.diachronic.plots import plot_trajectory
from wordvec.reproduce import Artifact
from wordvec.train import PPMISVD

TITLE = "Semantic change in the State of the Union, 1790–2026: PPMI-SVD + Procrustes (Hamilton et al. 2016) vs a shuffled control"


def run(out: Path, quick: bool = False, progress: bool | None = None) -> list[Artifact]:
    out = Path(out)
    tsc = sotu(width=50, origin=1790)  # 1790–1839, 1840–1889, 1890–1939, 1940–1989, 1990–2026
    if quick:  # every 6th paragraph: same pipeline, seconds instead of minutes
        corpora = {p: list(tsc[p])[::6] for p in tsc.periods}
        dim, period_min, pair_min = 20, 5, 15
    else:
        corpora = tsc
        dim, period_min, pair_min = 50, 20, 50
    trainer = PPMISVD(dim=dim, window=4, min_count=period_min, seed=0)
    series = align(train_periods(corpora, trainer, min_count=period_min, progress=progress))
    # Three shuffled controls: their pooled change scores are the null of every word.
    controls = [align(train_periods(shuffle_periods(corpora, seed=s), trainer, min_count=period_min))
                for s in range(1, 2 if quick else 4)]
    control = controls[0]
    periods = series.periods
    stop = ENGLISH_STOPWORDS

    # ---------------------------------------------------------- most changed, first → last
    obs = compare_to_control(displacement(series), [displacement(c) for c in controls], bins=5)
    top = obs.most_changed(25, min_count=pair_min, exclude=stop)
    # The alignment-free local-neighbourhood measure (Hamilton et al. 2016b) next to the global one.
    local = local_neighborhood_change(series, k=25).scores
    top["local_change"] = local.reindex(top["word"]).to_numpy()
    both = obs.scores.to_frame("cosine").join(local.rename("local"), how="inner")
    rho = spearmanr(both["cosine"], both["local"])
    cols = ["word", "score", "null_mean", "z", "p_value", "q", "local_change", "count_start", "count_end"]
    top_csv = out / "sotu_most_changed.csv"
    top[cols].rename(columns={"score": "cosine_change", "p_value": "p"}).to_csv(top_csv, index=False, float_format="%.4g")
    fig, ax = plt.subplots(figsize=(7, 7))
    obs.plot(20, ax=ax, min_count=pair_min, exclude=stop)
    bar_png = out / "sotu_most_changed.png"
    fig.savefig(bar_png)
    plt.close(fig)

    # ------------------------------------------------------------------ laws vs control
    res = laws(series, control=control, min_count=pair_min, network_size=5000)
    laws_csv = out / "sotu_laws_of_change.csv"
    (res.to_frame().drop(columns="term").rename(columns={"estimate": "coef", "se": "std_err"})  # the gallery's header
     .to_csv(laws_csv, index=False, float_format="%.4g"))
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    res.plot(ax=ax)
    laws_png = out / "sotu_laws_of_change.png"
    fig.savefig(laws_png)
    plt.close(fig)

    # ---------------------------------------------- trajectories of significant changers
    everywhere = set(w for w, ok in zip(series.words, series.present.all(axis=0)) if ok)
    cand = obs.most_changed(200, min_count=pair_min, exclude=stop)
    cand = cand[cand["word"].isin(everywhere) & (cand["p_value"] < 0.05)]
    chosen = cand["word"].head(3).tolist()  # the largest significant changers present in every period
    fig, axes = plt.subplots(1, len(chosen), figsize=(6.2 * len(chosen), 5.6))
    for ax, w in zip(np.atleast_1d(axes), chosen):
        plot_trajectory(series, w, k=5, ax=ax)
        ax.set_title(f"{w!r}: position per period among its neighbours", fontsize=10)
    traj_png = out / "sotu_trajectories.png"
    fig.savefig(traj_png)
    plt.close(fig)

    # -------------------------------------------- change time series with the null band
    cs, null = change_series(series), change_series(control).frame
    band = null.groupby("period")["score"].quantile([0.05, 0.95]).unstack()
    fig, ax = plt.subplots(figsize=(7, 4.2))
    pos = {p: i for i, p in enumerate(periods[1:])}
    x = [pos[p] for p in band.index]
    ax.fill_between(x, band[0.05], band[0.95], color="grey", alpha=0.25, label="shuffled control, 5–95 % of words")
    cs.plot(chosen, ax=ax)
    ax.set_xticks(range(len(pos)), [f"{a}→{b}" for a, b in zip(periods[:-1], periods[1:])])
    ax.set_ylabel("cosine change from the previous period")
    ax.legend(fontsize=8)
    ts_png = out / "sotu_change_over_time.png"
    fig.savefig(ts_png)
    plt.close(fig)

    t = res.to_frame().set_index(["model", "term"])
    bf_o, bf_c = t.loc[("observed", "log_freq"), "estimate"], t.loc[("shuffled control", "log_freq"), "estimate"]
    bd_o, bd_c = t.loc[("observed", "polysemy"), "estimate"], t.loc[("shuffled control", "polysemy"), "estimate"]
    n_sig = int((obs.frame["q"] < 0.05).sum())
    n_p = int((obs.frame["p_value"] < 0.05).sum())
    p_min = float(obs.frame["p_value"].min())
    mode = " (quick mode: every 6th paragraph)" if quick else ""
    return [
        Artifact(top_csv, f"The 25 words (no stop words, ≥ {pair_min} occurrences in both) whose aligned PPMI-SVD vectors "
                          f"moved most between {periods[0]}–{periods[1] - 1} and {periods[-1]}– in the SOTU addresses{mode}, "
                          f"with z and one-sided p against the same pipeline on paragraphs shuffled across periods "
                          f"(pooled over {len(controls)} control run(s) within 5 frequency bins; q: Benjamini–Hochberg). "
                          f"{n_p} of {len(obs)} words have p < 0.05 and {n_sig} have q < 0.05 (the smallest attainable "
                          f"p here is about {p_min:.3f}). Across two centuries, topical and linguistic drift moves many words beyond "
                          f"what sampling noise alone produces in the control; the ranking, not the count, is the finding. "
                          f"local_change: the alignment-free local-neighbourhood measure (k = 25; Hamilton et al. 2016b); "
                          f"its Spearman correlation with the cosine change over all {len(both)} words is "
                          f"{rho.statistic:.2f} (p = {rho.pvalue:.1g})."),
        Artifact(bar_png, "Most changed words, first vs last period; red bars beat the shuffled-corpus null at p < 0.05 "
                          "(one-sided, per word), grey bars do not."),
        Artifact(laws_csv, f"Laws of semantic change (MixedLM: z-scored log angular change ~ period + log frequency + "
                           f"polysemy, random intercept per word; Wald 95 % CIs). Observed β_f = {bf_o:.2f}, β_d = {bd_o:.2f}; "
                           f"shuffled control β_f = {bf_c:.2f}, β_d = {bd_c:.2f}. Hamilton et al. report β_f < 0 and "
                           f"β_d ∈ [0.08, 0.53]; a coefficient of similar size in the control is an artefact of the "
                           f"representation, not a law (Dubossarsky et al. 2017)."),
        Artifact(laws_png, "β_f and β_d with 95 % CIs, observed (blue) vs shuffled control (grey)."),
        Artifact(traj_png, f"Hamilton et al. (2016) Fig. 1-style trajectories of {', '.join(chosen)} (the most significant "
                           f"changers present in every period): the word's aligned vector per period (arrows, oldest to "
                           f"newest) among its neighbours of each period (colour = period), in a PCA of the aligned space."),
        Artifact(ts_png, "Cosine change between consecutive periods for the same words; the grey band is the 5–95 % range "
                         "of change of all words in the shuffled control — change inside the band is indistinguishable "
                         "from no time signal."),
    ]
