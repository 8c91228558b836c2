"""LRCos (Drozd, Gladkova & Matsuoka 2016): the logistic regression, the planted case, the machinery."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import optimize
from scipy.special import expit
from test_analogy import make_bats, planted_embedding

import wordvec
from wordvec._logistic import balanced_weights, fit_logistic
from wordvec.errors import ParameterError
from wordvec.evaluation import AnalogyDataset, evaluate_analogies, solve_analogies


# ------------------------------------------------------------------ logistic regression
def newton_reference(X, y, s, l2):
    """Independent dense Newton iterations on the same objective (intercept unpenalised)."""
    Xc = np.hstack([X, np.ones((len(X), 1))])
    P = np.diag(np.r_[np.full(X.shape[1], l2), 0.0])
    theta = np.zeros(Xc.shape[1])
    for _ in range(100):
        p = expit(Xc @ theta)
        g = Xc.T @ (s * (p - y)) + P @ theta
        H = Xc.T @ (Xc * (s * p * (1 - p))[:, None]) + P
        step = np.linalg.solve(H, g)
        theta -= step
        if np.abs(step).max() < 1e-14:
            break
    return theta[:-1], theta[-1]


def objective(X, y, s, l2, w, b):
    z = X @ w + b
    return float(s @ (np.logaddexp(0, z) - y * z) + 0.5 * l2 * w @ w)


def test_logistic_mle_matches_statsmodels_logit():
    import statsmodels.api as sm

    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 5))
    y = (X[:, 0] - 0.5 * X[:, 1] + rng.standard_normal(200) > 0).astype(float)  # not separable
    w, b = fit_logistic(X, y, l2=0.0)
    ref = sm.Logit(y, sm.add_constant(X)).fit(disp=0)
    np.testing.assert_allclose(np.r_[b, w], ref.params, atol=1e-7)


@pytest.mark.parametrize("separable", [False, True])
def test_penalised_weighted_logistic_is_the_minimum(separable):
    import statsmodels.api as sm

    rng = np.random.default_rng(1)
    n, d = 30, 4
    y = np.r_[np.ones(10), np.zeros(20)]
    X = rng.standard_normal((n, d)) + (3.0 if separable else 0.4) * (2 * y[:, None] - 1) * np.eye(d)[0]
    s = balanced_weights(y)
    assert s[:10] == pytest.approx(n / 20) and s[10:] == pytest.approx(n / 40)   # sklearn's "balanced"
    w, b = fit_logistic(X, y, l2=0.7, sample_weight=s)
    w_ref, b_ref = newton_reference(X, y, s, 0.7)
    np.testing.assert_allclose(np.r_[w, b], np.r_[w_ref, b_ref], atol=1e-7)
    # gradient of the objective, by central differences, vanishes at the fit
    f = lambda th: objective(X, y, s, 0.7, th[:d], th[d])
    grad = optimize.approx_fprime(np.r_[w, b], f, 1e-6)
    assert np.abs(grad).max() < 1e-5
    # statsmodels' elastic net with L1_wt=0 is the same problem (loglike / n, per-parameter
    # penalty, none on the constant), solved less tightly by coordinate descent
    glm = sm.GLM(y, sm.add_constant(X), family=sm.families.Binomial(), freq_weights=s)
    ref = glm.fit_regularized(alpha=np.r_[0.0, np.full(d, 0.7 / s.sum())], L1_wt=0.0, cnvrg_tol=1e-12, maxiter=500)
    np.testing.assert_allclose(np.r_[b, w], ref.params, atol=2e-3)
    assert objective(X, y, s, 0.7, w, b) <= objective(X, y, s, 0.7, ref.params[1:], ref.params[0]) + 1e-12


def test_logistic_symmetric_separable_closed_form():
    # x = +1 (y=1), x = -1 (y=0): by symmetry b = 0 and l2 w = 2 sigma(-w).
    X, y = np.array([[1.0], [-1.0]]), np.array([1.0, 0.0])
    for l2 in (0.1, 1.0, 5.0):
        w, b = fit_logistic(X, y, l2=l2)
        w_star = optimize.brentq(lambda t: l2 * t - 2 * expit(-t), 0, 100, xtol=1e-14)
        assert w[0] == pytest.approx(w_star, abs=1e-8) and b == pytest.approx(0.0, abs=1e-8)
    with pytest.raises(ValueError, match="both classes"):
        balanced_weights(np.ones(3))


# --------------------------------------------------------------------- planted case
def noisy_offset_embedding(seed=0, n_pairs=20, d=60, n_noise=400):
    """Targets t_i = s_i + T + e_i share a direction T, but the offsets are noisy (||e|| > ||T||),
    and each source has a close non-target neighbour n_i: 3CosAdd lands on n_c, LRCos on t_c."""
    rng = np.random.default_rng(seed)
    T = rng.standard_normal(d)
    T *= 6.0 / np.linalg.norm(T)
    S = rng.standard_normal((n_pairs, d))
    targets = S + T + rng.standard_normal((n_pairs, d))
    neighbours = S + 0.3 * rng.standard_normal((n_pairs, d))
    words = ([f"s{i}" for i in range(n_pairs)] + [f"t{i}" for i in range(n_pairs)]
             + [f"n{i}" for i in range(n_pairs)] + [f"x{i}" for i in range(n_noise)])
    mat = np.vstack([S, targets, neighbours, rng.standard_normal((n_noise, d))]).astype(np.float32)
    return wordvec.Embedding(words, mat)


def pairs_dataset(pairs, section="rel"):
    rows = [(section, a, b, c, d, j + 1) for i, (a, b) in enumerate(pairs) for j, (c, d) in enumerate(pairs) if i != j]
    return AnalogyDataset("planted", pd.DataFrame(rows, columns=["section", "a", "b", "c", "d", "line"]))


def test_lrcos_solves_a_category_3cosadd_fails():
    emb = noisy_offset_embedding()
    ds = pairs_dataset([(f"s{i}", f"t{i}") for i in range(20)])
    add = evaluate_analogies(emb, ds, "3cosadd", case_insensitive=False)
    lr = evaluate_analogies(emb, ds, "lrcos", case_insensitive=False)
    assert add.accuracy < 0.3 and lr.accuracy >= 0.9, (add.accuracy, lr.accuracy)
    # 3CosAdd's mistakes are the sources' neighbours; an answer depends on (c, d) only
    assert add.questions["predicted"].str.startswith("n").mean() > 0.5
    per_cd = lr.questions.groupby(["c", "expected"])["predicted"].nunique()
    assert (per_cd == 1).all()
    assert lr.meta["lrcos_fits"] == 20
    # deterministic; the seed only moves the random negatives
    again = evaluate_analogies(emb, ds, "lrcos", case_insensitive=False)
    pd.testing.assert_series_equal(again.questions["score"], lr.questions["score"])


def test_lrcos_matches_direct_computation():
    emb = noisy_offset_embedding(seed=3, n_pairs=8)
    pairs = [(f"s{i}", f"t{i}") for i in range(8)]
    res = evaluate_analogies(emb, pairs_dataset(pairs), "lrcos", case_insensitive=False, k=3, lrcos_random=0)
    U = emb.unit.astype(np.float64)
    for _, q in res.questions.iloc[[0, 25]].iterrows():
        # leave the question's pair out: other targets vs other sources, balanced weights, l2 = 1
        train = [(a, b) for a, b in pairs if a != q.c]
        X = U[emb.indices([b for _, b in train] + [a for a, _ in train])]
        y = np.r_[np.ones(len(train)), np.zeros(len(train))]
        w, b = newton_reference(X, y, np.ones(len(y)), 1.0)
        score = expit(U @ w + b) * (U @ U[emb.index(q.c)])
        score[emb.index(q.c)] = -np.inf
        assert q.candidates == [emb.words[i] for i in np.argsort(-score)[:3]]
        assert q.score == pytest.approx(score.max(), rel=1e-5)


def test_lrcos_random_negatives_are_seeded():
    emb = noisy_offset_embedding(seed=1, n_pairs=10)
    ds = pairs_dataset([(f"s{i}", f"t{i}") for i in range(10)])
    a = evaluate_analogies(emb, ds, "lrcos", case_insensitive=False, seed=0, lrcos_random=50)
    b = evaluate_analogies(emb, ds, "lrcos", case_insensitive=False, seed=0, lrcos_random=50)
    c = evaluate_analogies(emb, ds, "lrcos", case_insensitive=False, seed=1, lrcos_random=50)
    assert a.questions["score"].equals(b.questions["score"])
    assert not a.questions["score"].equals(c.questions["score"])
    assert a.meta["lrcos_random"] == 50 and a.meta["seed"] == 0


def test_lrcos_on_bats_and_errors(tmp_path):
    root = make_bats(tmp_path)
    res = evaluate_analogies(planted_embedding(), root, "lrcos", case_insensitive=False)
    t = res.sections()
    assert res.n_oov == 0 and t.loc["Total", "evaluated"] == 8
    assert list(t.index[:-1]) == ["D01 [noun+less_reg]", "L01 [hypernyms - animals]"]
    assert ((t["ci_low"] <= t["accuracy"] + 1e-12) & (t["accuracy"] <= t["ci_high"] + 1e-12)).all()
    # L01: the royal targets are near their sources, and any alternative of d counts (zzz/man_royal).
    # D01: here the gender offset is as long as the words (cos(man_f, man) ~ 0.05), so
    # P(target) · cos(x, c) prefers man_royal: LRCos needs answers near c, 3CosAdd does not.
    q = res.questions.set_index("c")
    assert t.loc["L01 [hypernyms - animals]", "correct"] == 2 and q.loc["boy"].iloc[-1]["predicted"] == "boy_royal"
    assert t.loc["D01 [noun+less_reg]", "correct"] == 0
    # leaving (s2, s1) out of {s0->s1, s1->s0, s2->s1} leaves no word that is only a source
    ds = pairs_dataset([("s0", "s1"), ("s1", "s0"), ("s2", "s1")])
    with pytest.raises(ValueError, match="both classes are needed"):
        evaluate_analogies(noisy_offset_embedding(), ds, "lrcos", case_insensitive=False, lrcos_random=0)
    assert evaluate_analogies(noisy_offset_embedding(), ds, "lrcos", case_insensitive=False).n_evaluated == 6
    with pytest.raises(ParameterError, match="'lrcos' needs the pairs"):
        solve_analogies(planted_embedding(), ["man"], ["man_f"], ["boy"], method="lrcos")
    with pytest.raises(ParameterError, match="only implements"):
        evaluate_analogies(planted_embedding(), root, "lrcos", protocol="gensim")


# ------------------------------------------------------------------ GoogleNews subset
@pytest.fixture(scope="module")
def gnews():
    return wordvec.datasets.googlenews_subset()


def test_lrcos_on_googlenews_subset(gnews):
    add = evaluate_analogies(gnews, "google", "3cosadd")
    lr = evaluate_analogies(gnews, "google", "lrcos")
    assert lr.n_oov == add.n_oov and lr.n_evaluated == add.n_evaluated
    t = lr.sections()
    for sec in ("gram3-comparative", "gram7-past-tense", "city-in-state"):
        row = t.loc[sec]
        assert row["evaluated"] > 100 and row["ci_low"] < row["accuracy"] < row["ci_high"]
    lo, hi = lr.conf_int().loc["accuracy"]
    assert lo < lr.accuracy < hi
    # on this subset LRCos is well ahead of 3CosAdd (0.82 vs 0.65)
    assert lr.accuracy > add.accuracy + 0.1
    assert "lrcos" in str(lr.summary())


def test_cli_lrcos(capsys):
    from wordvec.cli import main

    assert main(["evaluate", "analogy", "googlenews-subset", "--method", "lrcos", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["method"] == "lrcos" and out["sections"][-1]["section"] == "Total"
