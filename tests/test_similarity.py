"""Word similarity: gensim parity, CI coverage, dependent-correlation tests, OOV, malformed files."""
from __future__ import annotations

import logging

import numpy as np
import pytest
from scipy import stats

import wordvec
from wordvec.errors import EmptyInputError, FormatError, ParameterError
from wordvec.evaluation import (
    compare_similarity,
    evaluate_similarity,
    fisher_ci,
    load_similarity,
    steiger_z,
    williams_t,
)
from wordvec.evaluation.stats import bootstrap_corr, bootstrap_indices

logging.getLogger("gensim").setLevel(logging.WARNING)


@pytest.fixture(scope="module")
def gnews():
    return wordvec.datasets.googlenews_subset()


@pytest.mark.parametrize("name,file", [("wordsim353", "wordsim353.tsv"), ("simlex999", "simlex999.txt")])
def test_gensim_parity(gnews, name, file):
    from gensim.models import KeyedVectors

    kv = KeyedVectors(gnews.dim, count=0, dtype=np.float32)
    kv.add_vectors(list(gnews.words), np.asarray(gnews.vectors))
    pearson, spearman, oov_ratio = kv.evaluate_word_pairs(str(wordvec.datasets.gensim_test_data(file)))
    res = evaluate_similarity(gnews, name)
    assert res.spearman == pytest.approx(spearman[0], abs=1e-9)
    assert res.pearson == pytest.approx(pearson[0], abs=1e-6)
    assert res.spearman_p_value == pytest.approx(spearman[1], rel=1e-6)
    assert 100 * res.n_oov / len(res.pairs) == pytest.approx(oov_ratio)
    assert res.n_pairs + res.n_oov == {"wordsim353": 353, "simlex999": 999}[name]


def test_oov_pairs_listed(gnews, tmp_path):
    f = tmp_path / "pairs.csv"
    f.write_text("word1,word2,score\nking,queen,8\nking,zzzunknown,3\ncar,dog,2\nhouse,home,9\nqqq,rrr,2\n")
    res = evaluate_similarity(gnews, f)
    assert res.n_pairs == 3 and res.n_oov == 2
    assert res.oov_pairs[["word1", "word2"]].values.tolist() == [["king", "zzzunknown"], ["qqq", "rrr"]]
    assert res.oov_pairs["line"].tolist() == [3, 6]
    assert "2 OOV pair(s) not scored" in str(res)


@pytest.mark.parametrize("text,line,msg", [
    ("a\tb\t1\nc\td\n", 2, "found 2"),
    ("a b 1\nc d x\n", 2, "not a number"),
    ("a b 1\nc d nan\n", 2, "not finite"),
    ("# comment\na b 1 2\n", 2, "found 4"),
])
def test_malformed_similarity_lines(tmp_path, text, line, msg):
    f = tmp_path / "bad.txt"
    f.write_text(text)
    with pytest.raises(FormatError, match=msg) as e:
        load_similarity(f)
    assert e.value.line == line


def test_header_and_separators(tmp_path):
    for name, text in [("t.tsv", "w1\tw2\tsim\nold\tnew\t1.5\n"), ("s.txt", "old new 1.5\n"), ("c.csv", "old,new,1.5\n")]:
        f = tmp_path / name
        f.write_text(text)
        ds = load_similarity(f)
        assert ds.pairs[["word1", "word2", "human"]].values.tolist() == [["old", "new", 1.5]]
    with pytest.raises(EmptyInputError):
        f = tmp_path / "empty.txt"
        f.write_text("# nothing\n")
        load_similarity(f)


# ------------------------------------------------------------------------- statistics
def test_bootstrap_corr_matches_scipy():
    rng = np.random.default_rng(0)
    x = rng.normal(size=60)
    y = x + rng.normal(size=60)
    x[::7] = 0.5  # ties
    idx = bootstrap_indices(60, 5, seed=1)
    for method, f in (("spearman", stats.spearmanr), ("pearson", stats.pearsonr)):
        got = bootstrap_corr(x, y, idx, method)
        ref = [f(x[i], y[i])[0] for i in idx]
        np.testing.assert_allclose(got, ref, rtol=1e-12)
    np.testing.assert_array_equal(bootstrap_indices(60, 5, seed=1), idx)


def test_fisher_ci_coverage_simulation():
    rng = np.random.default_rng(7)
    rho, n, reps = 0.5, 80, 1000
    cov = np.array([[1, rho], [rho, 1]])
    true_s = 6 / np.pi * np.arcsin(rho / 2)  # Spearman's rho of a bivariate normal
    hits = {"pearson": 0, "spearman": 0}
    for _ in range(reps):
        x = rng.multivariate_normal([0, 0], cov, size=n)
        r = stats.pearsonr(x[:, 0], x[:, 1])[0]
        s = stats.spearmanr(x[:, 0], x[:, 1])[0]
        lo, hi = fisher_ci(r, n, method="pearson")
        hits["pearson"] += lo <= rho <= hi
        lo, hi = fisher_ci(s, n, method="spearman")
        hits["spearman"] += lo <= true_s <= hi
    for k, v in hits.items():
        assert 0.93 <= v / reps <= 0.97, (k, v / reps)


def test_bootstrap_ci_covers_truth():
    rng = np.random.default_rng(11)
    rho, n, reps = 0.6, 120, 150
    cov = np.array([[1, rho], [rho, 1]])
    true_s = 6 / np.pi * np.arcsin(rho / 2)
    hit = 0
    for _ in range(reps):
        x = rng.multivariate_normal([0, 0], cov, size=n)
        b = bootstrap_corr(x[:, 0], x[:, 1], bootstrap_indices(n, 500, rng), "spearman")
        hit += np.quantile(b, 0.025) <= true_s <= np.quantile(b, 0.975)
    assert 0.90 <= hit / reps <= 0.99


def test_williams_t_hand_computation():
    # r1 = .50, r2 = .30, r12 = .40, n = 100, by hand:
    # |R| = 1 - .25 - .09 - .16 + 2(.5)(.3)(.4) = 0.62; rbar = .4
    # t = .2 * sqrt(99 * 1.4) / sqrt(2 * 99/97 * 0.62 + .16 * .6**3) = 2.35459 / 1.14023 = 2.0650
    t, p = williams_t(0.5, 0.3, 0.4, 100)
    expected = 0.2 * np.sqrt(99 * 1.4) / np.sqrt(2 * 99 / 97 * 0.62 + 0.16 * 0.216)
    assert t == pytest.approx(expected, rel=1e-12)
    assert t == pytest.approx(2.0650, abs=1e-4)
    assert p == pytest.approx(2 * stats.t.sf(t, 97))
    z, pz = steiger_z(0.5, 0.3, 0.4, 100)
    assert z == pytest.approx(t, rel=0.05) and pz == pytest.approx(p, rel=0.15)


def test_williams_and_steiger_null_rate_simulation():
    # Human scores h; two "models" equally correlated with h (.5), correlated .6 with
    # each other: H0 true, both tests should reject about 5% of the time.
    rng = np.random.default_rng(3)
    C = np.array([[1, 0.5, 0.5], [0.5, 1, 0.6], [0.5, 0.6, 1]])
    n, reps = 60, 3000
    rej_w = rej_s = 0
    for _ in range(reps):
        x = rng.multivariate_normal(np.zeros(3), C, size=n)
        c = np.corrcoef(x.T)
        rej_w += williams_t(c[0, 1], c[0, 2], c[1, 2], n)[1] < 0.05
        rej_s += steiger_z(c[0, 1], c[0, 2], c[1, 2], n)[1] < 0.05
    assert 0.04 <= rej_w / reps <= 0.065
    assert 0.04 <= rej_s / reps <= 0.07


def test_compare_detects_planted_difference(gnews):
    rng = np.random.default_rng(0)
    noisy = gnews.with_vectors(gnews.vectors + rng.normal(0, 0.5, gnews.vectors.shape).astype(np.float32))
    cmp = compare_similarity(gnews, noisy, "simlex999", labels=("clean", "noisy"), n_bootstrap=1000)
    r1, r2, r12 = cmp.correlations
    assert r1 > r2
    assert cmp.williams[1] < 0.01 and cmp.steiger[1] < 0.01 and cmp.bootstrap_p_value < 0.01
    lo, hi = cmp.conf_int().loc["difference"]
    assert 0 < lo < cmp.difference < hi
    same = compare_similarity(gnews, gnews, "wordsim353", n_bootstrap=200)
    assert same.difference == 0 and same.bootstrap_p_value == 1.0


def test_paired_bootstrap_agrees_with_williams_under_planted_effect():
    rng = np.random.default_rng(5)
    n = 300
    h = rng.normal(size=n)
    a = 0.6 * h + rng.normal(size=n) * 0.8
    b = 0.45 * h + 0.3 * a + rng.normal(size=n) * 0.8
    words = [f"w{i}" for i in range(2 * n)]
    # Build two embeddings whose cosines for pair i equal tanh-scaled a[i], b[i]: use 2-d vectors
    def emb_from(scores):
        ang = np.arccos(np.tanh(scores / 3))
        v = np.zeros((2 * n, 2), dtype=np.float32)
        v[:n, 0] = 1
        v[n:, 0], v[n:, 1] = np.cos(ang), np.sin(ang)
        return wordvec.Embedding(words, v)
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "pairs.txt"
        f.write_text("".join(f"w{i} w{n + i} {h[i]:.6f}\n" for i in range(n)))
        cmp = compare_similarity(emb_from(a), emb_from(b), f, method="pearson", n_bootstrap=2000)
        ref = williams_t(*[np.corrcoef(h, np.tanh(x / 3))[0, 1] for x in (a, b)],
                         np.corrcoef(np.tanh(a / 3), np.tanh(b / 3))[0, 1], n)
    assert cmp.williams[0] == pytest.approx(ref[0], rel=1e-4)
    assert (cmp.bootstrap_p_value < 0.05) == (cmp.williams[1] < 0.05)


def test_result_outputs(gnews):
    import matplotlib.pyplot as plt

    res = evaluate_similarity(gnews, "simlex999", n_bootstrap=500, seed=1)
    t = res.to_frame()
    assert t["coefficient"].tolist() == ["spearman", "pearson"]
    assert (t["ci_low"] < t["estimate"]).all() and (t["estimate"] < t["bootstrap_ci_high"]).all()
    again = evaluate_similarity(gnews, "simlex999", n_bootstrap=500, seed=1)
    assert res.conf_int(method="bootstrap").equals(again.conf_int(method="bootstrap"))
    assert "<table>" in res._repr_html_()
    ax = res.plot()
    assert len(ax.lines) == 1 and ax.get_xlabel() == "human similarity score"
    plt.close("all")
    with pytest.raises(ParameterError, match="method='jackknife'"):
        res.conf_int(method="jackknife")


def test_conf_int_frames_and_renamed_n_bootstrap(gnews):
    res = evaluate_similarity(gnews, "wordsim353", n_bootstrap=300)
    ci = res.conf_int()
    assert list(ci.columns) == ["ci_low", "ci_high"] and list(ci.index) == ["spearman", "pearson"]
    assert ci.loc["spearman", "ci_low"] < res.spearman < ci.loc["spearman", "ci_high"]
    assert list(res.conf_int(method="bootstrap", which="pearson").index) == ["pearson"]
    with pytest.raises(ParameterError, match="which='kendall'"):
        res.conf_int(which="kendall")
    assert {"estimate", "p_value", "ci_low", "ci_high"} <= set(res.to_frame().columns)
    with pytest.warns(DeprecationWarning, match="'n_boot' is deprecated"):
        old = evaluate_similarity(gnews, "wordsim353", n_boot=300)
    assert old.n_bootstrap == 300 and old.bootstrap_distribution.equals(res.bootstrap_distribution)
    with pytest.warns(DeprecationWarning, match="use n_bootstrap"):
        assert old.n_boot == 300
    cmp = compare_similarity(gnews, gnews, "wordsim353", n_bootstrap=100)
    assert list(cmp.conf_int().index) == ["difference"] and "p_value" in cmp.to_frame().columns
    with pytest.warns(DeprecationWarning):
        assert bootstrap_indices(10, n_boot=3, seed=0).shape == (3, 10)
    with pytest.warns(DeprecationWarning, match="moved to wordvec.evaluation"):
        from wordvec.similarity import evaluate_similarity as old_home
    assert old_home is evaluate_similarity


def test_p_value_attributes_keep_their_old_names(gnews):
    res = evaluate_similarity(gnews, "wordsim353", n_bootstrap=50)
    with pytest.warns(DeprecationWarning, match="use SimilarityResult.spearman_p_value"):
        assert res.spearman_pvalue == res.spearman_p_value
    with pytest.warns(DeprecationWarning, match="pearson_p_value"):
        assert res.pearson_pvalue == res.pearson_p_value
    cmp = compare_similarity(gnews, gnews, "wordsim353", n_bootstrap=50)
    with pytest.warns(DeprecationWarning, match="bootstrap_p_value"):
        assert cmp.bootstrap_pvalue == cmp.bootstrap_p_value
