"""GloVe-V variances (wordvec.bias.glove_v): WLS identity, storage, delta method vs Monte Carlo."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import scipy.sparse as sp
import statsmodels.api as sm

import wordvec
from wordvec.bias import weat
from wordvec.bias.glove_v import glove_variances, glove_weight
from wordvec.errors import NotFittedError, WordvecError

D = 3


def fitted_model(n=40, noise=0.1, seed=0, x_max=2.0, weight_exponent=0.75, kmin=2, kmax=30, sparse_every=7):
    """A GloVe-shaped fitted model whose W_ is the exact WLS solution given C_ and the biases.

    Co-occurrences follow log X_ij = b_i + c_j + w_iᵀv_j + ε; some rows get ≤ D contexts.
    """
    rng = np.random.default_rng(seed)
    C = rng.normal(scale=0.6, size=(n, D))
    bw, bc = rng.normal(scale=0.3, size=n) + 1.0, rng.normal(scale=0.3, size=n)
    W_true = rng.normal(scale=0.6, size=(n, D)) + 0.8
    rows, cols, vals = [], [], []
    W = W_true.copy()
    for i in range(n):
        k = int(rng.integers(kmin, kmax)) if i % sparse_every else int(rng.integers(1, D + 1))  # some words: ≤ D contexts
        js = np.sort(rng.choice(n, size=k, replace=False))
        logx = bw[i] + bc[js] + C[js] @ W_true[i] + rng.normal(scale=noise, size=k)
        x = np.exp(logx)
        if k > D:  # GloVe's optimum for row i with everything else fixed: weighted least squares
            f = glove_weight(x, x_max, weight_exponent)
            y = np.log(x) - bw[i] - bc[js]
            V = C[js]
            W[i] = np.linalg.solve((V * f[:, None]).T @ V, (V * f[:, None]).T @ y)
        rows += [i] * k
        cols += list(js)
        vals += list(x)
    X = sp.csr_matrix((vals, (rows, cols)), shape=(n, n))
    words = [f"w{i}" for i in range(n)]
    vocab = SimpleNamespace(words=words, counts=np.asarray(X.sum(axis=1)).ravel().round().astype(np.int64) + 1)
    return SimpleNamespace(cooccurrence_=SimpleNamespace(matrix=X, vocab=vocab), W_=W, C_=C, bw_=bw, bc_=bc,
                           x_max=x_max, weight_exponent=weight_exponent)


@pytest.fixture(scope="module")
def model():
    return fitted_model()


def test_covariance_equals_statsmodels_wls(model):
    gv = glove_variances(model)
    X = model.cooccurrence_.matrix
    checked = 0
    for i, word in enumerate(model.cooccurrence_.vocab.words):
        lo, hi = X.indptr[i], X.indptr[i + 1]
        js, x = X.indices[lo:hi], X.data[lo:hi]
        if hi - lo <= D:
            assert not gv.has_variance(word) and gv.no_variance[word] == "too few contexts"
            continue
        y = np.log(x) - model.bw_[i] - model.bc_[js]
        fit = sm.WLS(y, model.C_[js], weights=glove_weight(x, model.x_max, model.weight_exponent)).fit()
        np.testing.assert_allclose(fit.params, model.W_[i], rtol=1e-8)
        np.testing.assert_allclose(gv.covariance(word), fit.cov_params(), rtol=1e-7, atol=1e-14)
        assert gv.sigma2[i] == pytest.approx(fit.scale, rel=1e-9)
        checked += 1
    assert checked > 25 and len(gv.no_variance) >= 5
    assert set(gv.to_frame().query("no_variance != ''").word) == set(gv.no_variance)


def test_storage_variants(model):
    full = glove_variances(model)
    diag = glove_variances(model, storage="diagonal")
    low_all = glove_variances(model, storage="lowrank", variance_kept=1.0)
    low = glove_variances(model, storage="lowrank", variance_kept=0.9)
    for w in full.words:
        if full.has_variance(w):
            S = full.covariance(w)
            np.testing.assert_allclose(diag.covariance(w), np.diag(np.diag(S)), rtol=1e-10)
            np.testing.assert_allclose(low_all.covariance(w), S, rtol=1e-8, atol=1e-14)
            assert np.trace(low.covariance(w)) >= 0.9 * np.trace(S) - 1e-12
    assert low.kept.min() >= 0.9 - 1e-12
    threaded = glove_variances(model, storage="lowrank", variance_kept=0.9, n_jobs=2, batch_size=4)
    for w in full.words:
        if full.has_variance(w):
            np.testing.assert_allclose(threaded.covariance(w), low.covariance(w), rtol=1e-10, atol=1e-16)
    sub = glove_variances(model, words=["w1", "w2"])
    np.testing.assert_allclose(sub.covariance("w2"), full.covariance("w2"))
    with pytest.raises(WordvecError, match="no variance"):
        sub.covariance("w3")


def test_monte_carlo_draws_have_the_covariance(model):
    gv = glove_variances(model)
    draws = gv.sample(["w1"], n_draws=40_000, seed=0)[:, 0]
    np.testing.assert_allclose(np.cov(draws.T), gv.covariance("w1"), atol=0.05 * np.abs(gv.covariance("w1")).max())
    np.testing.assert_allclose(draws.mean(0), model.W_[1], atol=4 * np.sqrt(np.diag(gv.covariance("w1")).max() / 40_000))


def _eligible(gv, k):
    return [w for w in gv.words if gv.has_variance(w)][:k]


def test_delta_method_agrees_with_monte_carlo():
    # The delta method linearises: it must agree with Monte Carlo when the SEs are small
    # relative to the vectors, as in the paper's COHA check (sd 0.01005 vs 0.00987).
    gv = glove_variances(fitted_model(n=80, noise=0.3, seed=1, kmin=30, kmax=60, sparse_every=1000))
    w = _eligible(gv, 16)
    pairs = [(w[0], w[1]), (w[2], w[3])]
    delta = gv.similarity(pairs).to_frame()
    mc = gv.similarity(pairs, method="mc", n_draws=40_000, seed=1).to_frame()
    np.testing.assert_allclose(mc.se, delta.se, rtol=0.1)
    for stat in ("weat", "rnd"):
        if stat == "weat":
            args = (w[:3], w[3:6], w[6:9], w[9:12])
        else:
            args = (w[:3], w[3:6], w[6:14])
        a = getattr(gv, stat)(*args)
        b = getattr(gv, stat)(*args, method="mc", n_draws=20_000, seed=2)
        assert b.se == pytest.approx(a.se, rel=0.12), stat
        assert a.estimate == pytest.approx(np.median(b.replicates), abs=0.5 * a.se)


def _numeric_delta_var(gv, words, fn, h=1e-6):
    """var = Σ_w ∇_w g ᵀ Σ_w ∇_w g with ∇ from central finite differences of ``fn(vectors dict)``."""
    base = {w: gv.means[gv.embedding.index(w)].copy() for w in words}
    var = 0.0
    for w in set(words):
        if not gv.has_variance(w):
            continue
        g = np.zeros(D)
        for k in range(D):
            up = {**base, w: base[w] + h * np.eye(D)[k]}
            dn = {**base, w: base[w] - h * np.eye(D)[k]}
            g[k] = (fn(up) - fn(dn)) / (2 * h)
        var += g @ gv.covariance(w) @ g
    return var


def test_delta_gradients_match_finite_differences(model):
    gv = glove_variances(model)
    w = _eligible(gv, 14)
    X, Y, A, B = w[:3], w[3:6], w[6:9], w[9:12]

    def weat_d(vecs):  # the WEAT effect size of wordvec.bias.weat on an Embedding of these vectors
        emb = wordvec.Embedding(list(vecs), np.array(list(vecs.values())))
        emb.vectors = np.array(list(vecs.values()))  # keep float64 for finite differences
        return weat(emb, X, Y, A, B, n_bootstrap=0, n_permutations=1).estimate

    assert gv.weat(X, Y, A, B).se ** 2 == pytest.approx(_numeric_delta_var(gv, X + Y + A + B, weat_d), rel=1e-4)

    from wordvec.bias.stats import rnd_value

    def rnd(vecs):
        get = lambda ws: np.array([vecs[x] for x in ws])  # noqa: E731
        return float(rnd_value(get(X), get(Y), get(w[6:14])))

    assert gv.rnd(X, Y, w[6:14]).se ** 2 == pytest.approx(_numeric_delta_var(gv, X + Y + w[6:14], rnd), rel=1e-4)


def test_words_without_variance_are_reported_not_invented(model):
    gv = glove_variances(model)
    nv = list(gv.no_variance)[0]
    ok = _eligible(gv, 2)
    r = gv.similarity([(nv, ok[0])]).to_frame()
    assert nv in r.oov[0] and r.se[0] > 0
    only_fixed = gv.similarity([(nv, list(gv.no_variance)[1])]).to_frame()
    assert only_fixed.se[0] == 0.0


def test_needs_a_fitted_model():
    with pytest.raises(NotFittedError):
        glove_variances(SimpleNamespace(x_max=100, weight_exponent=0.75))


def test_real_glove_trainer():
    """On the team's GloVe trainer: σ² and Σ equal the formula computed by hand for a few words."""
    train = pytest.importorskip("wordvec.train")
    from wordvec.corpus import count_cooccurrences

    rng = np.random.default_rng(0)
    vocab = [f"t{k}" for k in range(60)]
    docs = [list(rng.choice(vocab, size=30, p=np.r_[np.full(10, 0.05), np.full(50, 0.01)])) for _ in range(150)]
    cooc = count_cooccurrences(docs, window=3)
    glove = train.GloVe(dim=5, epochs=20, x_max=10, seed=0, progress=False)
    glove.fit(cooc)
    gv = glove_variances(glove)
    X = glove.cooccurrence_.matrix.tocsr()
    for word in ["t0", "t30", "t59"]:
        i = glove.cooccurrence_.vocab.index[word]
        lo, hi = X.indptr[i], X.indptr[i + 1]
        js, x = X.indices[lo:hi], X.data[lo:hi]
        f = np.minimum(1, (x / 10) ** 0.75)
        r = np.log(x) - glove.bw_[i] - glove.bc_[js] - glove.C_[js] @ glove.W_[i]
        s2 = (f * r**2).sum() / (len(js) - 5)
        H = sum(fk * np.outer(v, v) for fk, v in zip(f, glove.C_[js]))
        np.testing.assert_allclose(gv.covariance(word), s2 * np.linalg.inv(H), rtol=1e-8)
    assert gv.plot() is not None and "GloVe-V" in str(gv)


def test_association_delta_vs_monte_carlo_and_finite_differences():
    gv = glove_variances(fitted_model(n=80, noise=0.3, seed=1, kmin=30, kmax=60, sparse_every=1000))
    w = _eligible(gv, 10)
    A, B = w[2:5], w[5:9]
    a = gv.association(w[:2], A, B).to_frame()
    b = gv.association(w[:2], A, B, method="mc", n_draws=30_000, seed=0).to_frame()
    np.testing.assert_allclose(b.se, a.se, rtol=0.1)

    def s(vecs):
        u = lambda x: vecs[x] / np.linalg.norm(vecs[x])  # noqa: E731
        return np.mean([u(w[0]) @ u(x) for x in A]) - np.mean([u(w[0]) @ u(x) for x in B])

    assert a.se[0] ** 2 == pytest.approx(_numeric_delta_var(gv, [w[0]] + A + B, s), rel=1e-4)


def test_weight_exponent_is_read_before_and_after_the_rename(model):
    legacy = SimpleNamespace(**{k: v for k, v in vars(model).items() if k != "weight_exponent"}, alpha=model.weight_exponent)
    a, b = glove_variances(model), glove_variances(legacy)
    np.testing.assert_array_equal(a.store, b.store)
    with pytest.warns(DeprecationWarning, match="weight_exponent"):
        old = glove_weight([1.0, 4.0], 2.0, alpha=0.75)
    np.testing.assert_array_equal(old, glove_weight([1.0, 4.0], 2.0, weight_exponent=0.75))


def test_bad_options_are_parameter_errors(model):
    from wordvec.errors import ParameterError

    for kw, msg in [({"storage": "dense"}, "storage"), ({"variance_kept": 0}, "variance_kept"), ({"n_jobs": 0}, "n_jobs")]:
        with pytest.raises(ParameterError, match=msg):
            glove_variances(model, **kw)
    gv = glove_variances(model)
    w = _eligible(gv, 2)
    with pytest.raises(ParameterError, match="method"):
        gv.similarity([(w[0], w[1])], method="bootstrap")
    with pytest.raises(ParameterError, match="n_draws"):
        gv.similarity([(w[0], w[1])], method="mc", n_draws=0)
    # GloVe-V delta intervals recompute at any level from the SE; Monte Carlo ones from the draws
    delta = gv.similarity([(w[0], w[1])])[0]
    lo, hi = delta.conf_int(0.32).iloc[0]
    assert hi - lo == pytest.approx(2 * 0.994457883 * delta.se, rel=1e-6)
    assert gv.sample([w[0]], n_draws=3).shape == (3, 1, D)
    np.testing.assert_array_equal(gv.sample([w[0]], n_draws=3), gv.sample([w[0]], n_draws=3, seed=0))
