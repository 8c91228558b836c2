"""RIPA, relative norm distance, direct bias, and the bootstraps (wordvec.bias)."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import wordvec
from wordvec.bias import (caliskan_test, direct_bias, document_bootstrap, relative_norm_distance, ripa, weat,
                          weat_tests, word_set_bootstrap)


def emb_of(d: dict) -> wordvec.Embedding:
    return wordvec.Embedding(list(d), np.array(list(d.values()), dtype=np.float64))


# ------------------------------------------------------------------ RIPA
def test_ripa_closed_form_and_t_interval():
    emb = emb_of({"he": [1, 0, 0], "she": [-1, 0, 0], "a": [2, 1, 0], "b": [-0.5, 3, 1], "c": [0.25, 0, 7]})
    r = ripa(emb, [("he", "she")], ["a", "b", "c"])
    beta = np.array([2.0, -0.5, 0.25])  # ⟨w, (he − she)/‖he − she‖⟩ = first coordinate
    np.testing.assert_allclose(r.extra["per_word"].score, beta)
    assert r.estimate == pytest.approx(beta.mean())
    lo, hi = stats.t.interval(0.95, len(beta) - 1, loc=beta.mean(), scale=stats.sem(beta))
    assert r.ci == pytest.approx((lo, hi))


# ------------------------------------------------------------------ RND
def _garg_rnd(emb, g1, g2, neutral):
    """Garg et al.'s computation written out: normalise, average each group, sum norm differences."""
    unit = lambda w: np.asarray(emb[w], float) / np.linalg.norm(emb[w])  # noqa: E731
    v1 = np.mean([unit(w) for w in g1], axis=0)
    v2 = np.mean([unit(w) for w in g2], axis=0)
    return sum(np.linalg.norm(unit(w) - v1) - np.linalg.norm(unit(w) - v2) for w in neutral)


def test_rnd_matches_direct_computation_and_detects_planted_bias():
    rng = np.random.default_rng(0)
    dim = 10
    c1, c2 = rng.normal(size=dim), rng.normal(size=dim)
    vec = {f"m{k}": c1 + 0.5 * rng.normal(size=dim) for k in range(8)}
    vec.update({f"f{k}": c2 + 0.5 * rng.normal(size=dim) for k in range(8)})
    # occupations planted closer to group 2
    vec.update({f"o{k}": 0.3 * c1 + 0.7 * c2 + rng.normal(size=dim) for k in range(30)})
    emb = emb_of(vec)
    g1, g2, occ = [f"m{k}" for k in range(8)], [f"f{k}" for k in range(8)], [f"o{k}" for k in range(30)]
    r = relative_norm_distance(emb, g1, g2, occ, seed=0)
    assert r.estimate == pytest.approx(_garg_rnd(emb, g1, g2, occ), rel=1e-6)  # float32 vectors
    assert r.ci[0] > 0  # planted: closer to group 2
    # the vectorised bootstrap equals a generic one over the same three sets (different draws)
    generic = word_set_bootstrap(lambda a, b, c: _garg_rnd(emb, a, b, c), [g1, g2, occ], n_bootstrap=400, seed=1)
    assert generic.estimate == pytest.approx(r.estimate)
    assert generic.se == pytest.approx(r.se, rel=0.2)


# ------------------------------------------------------------------ direct bias
def test_direct_bias_closed_form():
    e = np.eye(4)
    vec = {"she": e[0] + e[1], "he": -e[0] + e[1], "her": e[0] + e[2], "his": -e[0] + e[2],
           "n1": np.array([1.0, 1, 0, 0]), "n2": np.array([0.0, 0, 1, 1]), "n3": np.array([-3.0, 0, 0, 4])}
    emb = emb_of(vec)
    r = direct_bias(emb, ["n1", "n2", "n3"], pairs=[("she", "he"), ("her", "his")], seed=0)
    # pairs differ only along e0 -> g = e0 (oriented to 'she'); cos(n, e0) = 1/√2, 0, −3/5
    np.testing.assert_allclose(r.extra["per_word"].similarity, [1 / np.sqrt(2), 0, -0.6], atol=1e-12)
    assert r.estimate == pytest.approx((1 / np.sqrt(2) + 0 + 0.6) / 3)
    assert direct_bias(emb, ["n1", "n2", "n3"], pairs=[("she", "he"), ("her", "his")], c=2, n_bootstrap=0).estimate == \
        pytest.approx((0.5 + 0 + 0.36) / 3)


def test_direct_bias_on_googlenews_default_pairs():
    gn = wordvec.datasets.googlenews_subset()
    r = direct_bias(gn, list(caliskan_test(6).A) + list(caliskan_test(6).B), seed=0)
    pw = r.extra["per_word"].set_index("word").similarity
    assert pw["family"] > pw["executive"]  # the (female, male) direction: family leans female
    assert 0 < r.ci[0] < r.estimate < r.ci[1] < 1


# ------------------------------------------------------------------ bootstraps
def test_generic_bootstrap_coverage():
    rng = np.random.default_rng(7)
    hits, sims = 0, 150
    for _ in range(sims):
        x = rng.normal(loc=3.0, size=40)
        r = word_set_bootstrap(np.mean, [list(x)], n_bootstrap=400, seed=int(rng.integers(1 << 30)))
        hits += r.ci[0] <= 3.0 <= r.ci[1]
    assert 0.88 <= hits / sims <= 0.99


def test_generic_bootstrap_equals_weat_builtin():
    gn = wordvec.datasets.googlenews_subset()
    t = caliskan_test(8)
    built_in = weat(gn, t, n_bootstrap=2000, seed=0)

    def d(X, Y, A, B):
        return weat(gn, X, Y, A, B, n_bootstrap=0, exact_limit=0, n_permutations=1).estimate

    generic = word_set_bootstrap(d, [t.X, t.Y, t.A, t.B], n_bootstrap=500, seed=3)
    assert generic.estimate == pytest.approx(built_in.estimate)
    assert generic.se == pytest.approx(built_in.se, rel=0.2)
    assert generic.ci[0] == pytest.approx(built_in.ci[0], abs=0.25)


def test_document_bootstrap_spread_of_a_planted_count():
    from wordvec.train import PPMI

    rng = np.random.default_rng(0)
    filler = [f"f{k}" for k in range(20)]
    n_docs, k = 100, 2
    docs = []
    for i in range(n_docs):
        doc = list(rng.choice(filler, size=12))
        if i % 2 == 0:
            doc += ["target"] * k  # 'target' in exactly half of the documents
        if i == 0:
            doc += ["rare"]
        docs.append(doc)

    def stat(emb):
        return {"target_count": emb.count("target"), "rare_count": emb.count("rare")}

    res = document_bootstrap(PPMI(min_count=1, window=2), docs, stat, n_bootstrap=60, seed=0)
    frame = res.to_frame().set_index("statistic")
    assert frame.estimate["target_count"] == n_docs // 2 * k
    # documents containing 'target' in a resample ~ Binomial(n, 1/2): SD of the count = k·√(n/4)
    assert frame.se["target_count"] == pytest.approx(k * np.sqrt(n_docs / 4), rel=0.3)
    # 'rare' is missing from about e^{-1} of the resamples: those replicates are reported, not hidden
    assert 5 <= len(res.failures) <= 40 and res.replicates["rare_count"].isna().sum() == len(res.failures)
    assert "Document bootstrap" in str(res) and res.plot() is not None


# ------------------------------------------------------------------ the result contract (issue 16)
def test_conf_int_is_a_frame_recomputed_at_any_level():
    import pandas as pd

    from wordvec.errors import ParameterError

    gn = wordvec.datasets.googlenews_subset()
    t = caliskan_test(6)
    boot = direct_bias(gn, list(t.A) + list(t.B), n_bootstrap=300)          # percentile of replicates
    ci = boot.conf_int()
    assert isinstance(ci, pd.DataFrame) and list(ci.columns) == ["ci_low", "ci_high"] and list(ci.index) == [boot.test]
    assert tuple(ci.iloc[0]) == boot.ci
    assert tuple(boot.conf_int(0.2).iloc[0]) == tuple(np.nanquantile(boot.replicates, [0.1, 0.9]))
    r = ripa(gn, [("she", "he")], list(t.A))                                  # t-interval: recomputed with t, not z
    lo, hi = r.conf_int(0.1).iloc[0]
    half = stats.t.ppf(0.95, r.sizes["words"] - 1) * r.se
    assert (lo, hi) == pytest.approx((r.estimate - half, r.estimate + half))
    none = direct_bias(gn, list(t.A), n_bootstrap=0)                          # no interval at any level
    assert none.conf_int(0.1).isna().all().all()
    fixed = type(boot)(test="given", statistic="s", estimate=1.0, ci=(0.5, 1.5), alpha=0.05)
    with pytest.raises(ParameterError, match="alpha=0.05"):                   # nothing to recompute it from
        fixed.conf_int(0.1)
    with pytest.raises(ParameterError, match="alpha"):
        boot.conf_int(1.5)
    res = weat_tests(gn, n_bootstrap=50, n_permutations=50)
    frame = res.conf_int()
    assert list(frame.columns) == ["ci_low", "ci_high"] and list(frame.index) == [r.test for r in res]


def test_seeds_default_to_zero_and_none_draws_fresh_entropy():
    gn = wordvec.datasets.googlenews_subset()
    t = caliskan_test(3)  # Monte Carlo permutations and a bootstrap
    a, b = weat(gn, t, n_bootstrap=100, n_permutations=200), weat(gn, t, n_bootstrap=100, n_permutations=200, seed=0)
    assert (a.ci, a.p_value) == (b.ci, b.p_value) and "seed=0" in a.ci_method
    c, d = (weat(gn, t, n_bootstrap=100, n_permutations=200, seed=None) for _ in range(2))
    assert c.ci != d.ci
    r1 = relative_norm_distance(gn, ["he", "man"], ["she", "woman"], ["nurse", "engineer", "doctor"], n_bootstrap=50)
    r2 = relative_norm_distance(gn, ["he", "man"], ["she", "woman"], ["nurse", "engineer", "doctor"], n_bootstrap=50)
    assert r1.ci == r2.ci
    w = word_set_bootstrap(np.mean, [[1.0, 2.0, 5.0]], n_bootstrap=50)
    assert w.ci == word_set_bootstrap(np.mean, [[1.0, 2.0, 5.0]], n_bootstrap=50, seed=0).ci


def test_document_bootstrap_keeps_n_replicates_as_a_deprecated_alias():
    from wordvec.train import PPMI

    docs = [["a", "b", "c", "a"], ["b", "c", "d"], ["a", "d", "d"], ["c", "a", "b"]] * 3
    new = document_bootstrap(PPMI(min_count=1, window=2), docs, lambda e: e.count("a"), n_bootstrap=3)
    with pytest.warns(DeprecationWarning, match="n_bootstrap"):
        old = document_bootstrap(PPMI(min_count=1, window=2), docs, lambda e: e.count("a"), n_replicates=3)
    assert new.replicates.equals(old.replicates)
    ci = new.conf_int(0.5)
    assert list(ci.columns) == ["ci_low", "ci_high"] and list(ci.index) == ["statistic"]
    from wordvec.errors import ParameterError

    with pytest.raises(ParameterError, match="n_bootstrap"):
        document_bootstrap(PPMI(min_count=1, window=2), docs, lambda e: 0.0, n_bootstrap=0)
