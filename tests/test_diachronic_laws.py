"""Laws of semantic change: network polysemy, the MixedLM fit, and the shuffled control."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from wordvec import Embedding
from wordvec.diachronic import DiachronicEmbedding, DiachronicError, align, synthetic, train_periods
from wordvec.diachronic.laws import clustering_coefficient, fit_laws, laws, laws_frame, polysemy
from wordvec.train import ppmi_matrix
from wordvec.diachronic.null import shuffled_series


def test_clustering_coefficient_equals_networkx():
    nx = pytest.importorskip("networkx")
    g = nx.gnp_random_graph(120, 0.08, seed=5)
    a = nx.to_scipy_sparse_array(g, nodelist=range(120), format="csr")
    ours = clustering_coefficient(a, block=17)  # small blocks exercise the blocking
    ref = nx.clustering(g)
    np.testing.assert_allclose(ours, [ref[i] for i in range(120)], atol=1e-12)


def test_ppmi_matrix_equals_dense_formula():
    rng = np.random.default_rng(0)
    c = rng.poisson(2.0, size=(30, 30)).astype(float)
    c = c + c.T
    ours = ppmi_matrix(sp.csr_matrix(c), cds=0.75).toarray()
    row, col = c.sum(1), c.sum(0) ** 0.75
    with np.errstate(divide="ignore"):
        pmi = np.log(c / c.sum()) - np.log(row / c.sum())[:, None] - np.log(col / col.sum())[None, :]
    np.testing.assert_allclose(ours, np.where(pmi > 0, pmi, 0.0), atol=1e-12)


def test_deprecated_laws_ppmi_matrix_and_alpha_alias():
    import importlib

    laws_module = importlib.import_module("wordvec.diachronic.laws")  # the module; its name is also a function

    c = sp.csr_matrix(np.random.default_rng(1).poisson(2.0, size=(20, 20)).astype(float))
    with pytest.warns(DeprecationWarning, match="wordvec.train.ppmi_matrix"):
        old = laws_module.ppmi_matrix(c, 0.75)
    assert (old != ppmi_matrix(c, cds=0.75)).nnz == 0
    with pytest.warns(DeprecationWarning, match="'alpha' is deprecated"):
        alias = polysemy((c, [f"w{i}" for i in range(20)]), stopwords=None, alpha=1.0)
    pd.testing.assert_series_equal(alias, polysemy((c, [f"w{i}" for i in range(20)]), stopwords=None, cds=1.0))


def test_polysemy_of_a_bridge_word_closed_form():
    # two cliques of m words; "bridge" co-occurs with all 2m: C(bridge) = (m-1)/(2m-1), C(member) = 1.
    m = 6
    words = [f"a{i}" for i in range(m)] + [f"b{i}" for i in range(m)] + ["bridge"]
    n = len(words)
    c = np.zeros((n, n))
    c[:m, :m] = 1
    c[m:2 * m, m:2 * m] = 1
    c[-1, :-1] = c[:-1, -1] = 1
    np.fill_diagonal(c, 0)
    p = polysemy((sp.csr_matrix(c), words), stopwords=None, cds=1.0)
    assert p["bridge"] == pytest.approx(-np.log((m - 1) / (2 * m - 1)))
    assert p["a0"] == pytest.approx(0.0, abs=1e-12)
    assert polysemy((sp.csr_matrix(c), words), ["bridge", "zzz"], stopwords=None).isna().tolist() == [False, True]


def _simulated_laws_data(beta_f=-0.3, beta_d=0.5, n_words=300, seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    u = rng.normal(scale=0.5, size=n_words)
    for t, eff in zip((1900, 1910, 1920), (0.0, 0.3, -0.2)):
        lf = rng.normal(-8, 1.5, n_words)
        poly = rng.normal(2, 0.5, n_words)
        change = eff + beta_f * lf + beta_d * poly + u + rng.normal(scale=0.5, size=n_words)
        rows.append(pd.DataFrame({"word": [f"w{i}" for i in range(n_words)], "period": t, "change": change,
                                  "log_freq": lf, "polysemy": poly}))
    return pd.concat(rows, ignore_index=True)


def test_fit_laws_recovers_planted_coefficients_and_equals_statsmodels():
    import statsmodels.formula.api as smf

    data = _simulated_laws_data()
    res = fit_laws(data)
    tab = res.table.set_index("term")
    for term, truth in (("log_freq", -0.3), ("polysemy", 0.5)):
        assert tab.loc[term, "ci_low"] < truth < tab.loc[term, "ci_high"]
    direct = smf.mixedlm("change ~ C(period) + log_freq + polysemy", data, groups=data["word"]).fit()
    assert tab.loc["log_freq", "estimate"] == pytest.approx(direct.fe_params["log_freq"], rel=1e-6)
    assert tab.loc["polysemy", "se"] == pytest.approx(direct.bse_fe["polysemy"], rel=1e-5)
    ci90 = res.conf_int(0.10)
    assert (ci90["ci_high"] - ci90["ci_low"] < tab[["ci_high"]].values.ravel() - tab["ci_low"].values).all()
    with pytest.raises(DiachronicError, match="polysemy"):
        fit_laws(data.drop(columns="polysemy"))


@pytest.fixture(scope="module")
def corpus_series():
    from wordvec.train import PPMISVD

    pc = synthetic.planted_shift_corpus(seed=0)
    tr = PPMISVD(dim=30, window=5, min_count=5)
    return pc, tr, align(train_periods(pc.periods, tr))


def test_laws_end_to_end_with_control(corpus_series):
    pc, tr, s = corpus_series
    control = align(shuffled_series(pc.periods, tr, seed=1))
    res = laws(s, control=control, min_count=20)
    d = res.data
    assert d["change"].mean() == pytest.approx(0, abs=1e-9) and d["change"].std(ddof=0) == pytest.approx(1)
    row = d.iloc[0]
    t = s.period_index(row["period"])
    assert row["log_freq"] == pytest.approx(np.log(s.counts[t, s.index(row["word"])] / s.totals[t]))
    # every row meets the count filter in both periods of its pair
    for _, r in d.sample(20, random_state=0).iterrows():
        t = s.period_index(r["period"])
        assert s.counts[t, s.index(r["word"])] >= 20 and s.counts[t + 1, s.index(r["word"])] >= 20
    frame = res.to_frame()
    assert list(frame["model"].unique()) == ["observed", "shuffled control"]
    assert "Laws of semantic change" in str(res)
    import matplotlib.pyplot as plt

    assert res.plot().figure is not None
    plt.close("all")


def test_laws_bad_input(corpus_series):
    pc, tr, s = corpus_series
    with pytest.raises(DiachronicError, match="align"):
        laws(train_periods(pc.periods, tr))
    words = ["a", "b", "c"]
    bare = DiachronicEmbedding.from_embeddings({1: Embedding(words, np.eye(3), [900, 900, 900]),
                                                2: Embedding(words, np.eye(3), [900, 900, 900])})
    with pytest.raises(DiachronicError, match="co-occurrence"):
        laws(align(bare))
    with pytest.raises(DiachronicError, match="lower min_count"):
        laws_frame(s, min_count=10**9)
