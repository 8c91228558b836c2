"""Planted shifts through the whole pipeline, the shuffled-corpus control and resampling intervals."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from wordvec.diachronic import ChangeScores, DiachronicError, align, displacement, synthetic, train_periods
from wordvec.diachronic.null import change_with_control, compare_to_control, resample_change, shuffle_periods
from wordvec.errors import ParameterError


@pytest.fixture(scope="module")
def planted_corpus():
    return synthetic.planted_shift_corpus(seed=0)


@pytest.fixture(scope="module")
def trainer():
    from wordvec.train import PPMISVD

    return PPMISVD(dim=30, window=5, min_count=5)


def test_shuffle_keeps_sizes_and_documents(planted_corpus):
    sh = shuffle_periods(planted_corpus.periods, seed=3)
    assert [len(v) for v in sh.values()] == [len(v) for v in planted_corpus.periods.values()]
    key = lambda docs: Counter(tuple(d) for d in docs)  # noqa: E731
    assert key(planted_corpus.documents) == key([d for v in sh.values() for d in v])
    assert sh == shuffle_periods(planted_corpus.periods, seed=3)
    assert sh[1900] != planted_corpus.periods[1900]


def test_compare_to_control_pvalues_by_hand():
    rng = np.random.default_rng(0)
    n = 400
    freq = np.exp(rng.uniform(-12, -6, n))

    def scores(values):
        return ChangeScores("cosine", 1, 2, pd.DataFrame({"word": [f"w{i}" for i in range(n)], "score": values,
                                                          "count_start": 100, "count_end": 100,
                                                          "freq_start": freq, "freq_end": freq}))
    controls = [scores(rng.normal(size=n)) for _ in range(5)]
    obs_values = rng.normal(size=n)
    obs_values[:10] += 6  # planted
    res = compare_to_control(scores(obs_values), controls, bins=1).frame.set_index("word")
    pool = np.concatenate([c.frame["score"].to_numpy() for c in controls])
    w = "w20"
    v = obs_values[20]
    assert res.loc[w, "p_value"] == pytest.approx((1 + (pool >= v).sum()) / (1 + len(pool)))
    assert res.loc[w, "z"] == pytest.approx((v - pool.mean()) / pool.std(ddof=1))
    # null words: p ~ uniform; planted: the smallest attainable p
    assert stats.kstest(res["p_value"].to_numpy()[10:], "uniform").pvalue > 0.01
    assert (res["p_value"].to_numpy()[:10] == 1 / (1 + len(pool))).all()
    assert (res["q"].to_numpy()[:10] < 0.05).all()
    with pytest.raises(DiachronicError, match="at least one control"):
        compare_to_control(scores(obs_values), [])


def test_planted_shift_found_and_control_shows_none(planted_corpus, trainer):
    scores, controls, series = change_with_control(planted_corpus.periods, trainer, n_controls=3, seed=0)
    planted = planted_corpus.planted
    res = scores.auc(planted)
    assert res["auc"] >= 0.95, res
    f = scores.frame.set_index("word")
    assert (f.loc[planted, "z"] > 2).all() and (f.loc[planted, "p_value"] < 0.05).all()
    stable = f.drop(index=planted)
    assert (stable["p_value"] < 0.05).mean() < 0.15  # close to the nominal 5 % for unchanged words
    for c in controls:
        assert c.auc(planted)["auc"] < 0.75  # documents shuffled: planted words no longer stand out
        assert not set(c.most_changed(10)["word"]) & set(planted)
    # a control tested against the other controls flags (almost) nothing
    self_test = compare_to_control(controls[0], controls[1:])
    assert (self_test.frame["p_value"] < 0.05).mean() < 0.15
    assert "shuffled-corpus control" in str(scores)


def test_bootstrap_and_seed_intervals(planted_corpus, trainer):
    boot = resample_change(planted_corpus.periods, trainer, n_bootstrap=4, method="bootstrap", seed=1)
    f = boot.frame.set_index("word")
    assert {"ci_low", "ci_high", "se", "n_resamples"} <= set(f.columns)
    assert f["ci_low"].isna().equals(f["n_resamples"] == 0)  # no replicate, no interval
    f = f[f["n_resamples"] >= 2]
    assert (f["ci_high"] >= f["ci_low"]).all() and (f["ci_high"] - f["ci_low"]).median() > 0
    planted = planted_corpus.planted
    stable_high = f.drop(index=planted)["ci_high"].median()
    assert (f.loc[planted, "ci_low"] > stable_high).all()
    with pytest.warns(DeprecationWarning, match="'n' is deprecated"):  # the old name still works
        seeds = resample_change(planted_corpus.periods, trainer, n=3, method="seed", seed=2, observed=boot)
    assert "seed" in seeds.params["interval"]
    assert seeds.plot(10).figure is not None
    with pytest.raises(DiachronicError, match="n_bootstrap ≥ 2"):
        resample_change(planted_corpus.periods, trainer, n_bootstrap=1)
    with pytest.raises(ParameterError, match="method"):
        resample_change(planted_corpus.periods, trainer, method="jackknife")


def test_time_sliced_corpus_pipeline(planted_corpus, trainer):
    corpus = pytest.importorskip("wordvec.corpus")
    if not hasattr(corpus, "TimeSlicedCorpus"):
        pytest.skip("wordvec.corpus.TimeSlicedCorpus not available")
    tsc = corpus.TimeSlicedCorpus(planted_corpus.documents, planted_corpus.years, width=10)
    assert list(tsc.periods) == list(planted_corpus.periods)
    s = align(train_periods(tsc, trainer))
    assert displacement(s).auc(planted_corpus.planted)["auc"] >= 0.95
    ctrl = align(train_periods(tsc.shuffled(0), trainer))
    assert displacement(ctrl).auc(planted_corpus.planted)["auc"] < 0.75


def test_change_series_intervals_bracket_the_planted_jump(planted_corpus, trainer):
    from wordvec.diachronic.null import resample_change_series

    cs = resample_change_series(planted_corpus.periods, trainer, n_bootstrap=3, seed=4)
    f = cs.to_frame()
    assert {"ci_low", "ci_high", "n_resamples"} <= set(f.columns)
    p = planted_corpus.planted[0]
    d = f[f["word"] == p].set_index("period")
    # the planted jump (1910 → 1920) sits far above the same word's non-jump intervals
    assert d.loc[1920, "ci_low"] > d.loc[[1910, 1930], "ci_high"].max()
    import matplotlib.pyplot as plt

    assert cs.plot(planted_corpus.planted[:2]).figure is not None
    plt.close("all")


def test_train_periods_from_cooccurrence_counts(planted_corpus, trainer):
    # Periods given as co-occurrence counts (e.g. from n-gram files) instead of documents.
    from wordvec.corpus import count_cooccurrences

    coocs = {p: count_cooccurrences(docs, window=5, weighting="uniform", min_count=5)
             for p, docs in planted_corpus.periods.items()}
    s = align(train_periods(coocs, trainer))
    assert displacement(s).auc(planted_corpus.planted)["auc"] >= 0.95
    assert set(s.trainers) == set(coocs)
