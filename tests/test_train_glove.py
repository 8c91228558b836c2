"""GloVe: the reference update rule, convergence to a stationary point, loss history, threads, errors."""
import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import minimize

from wordvec.corpus import Cooccurrence, Vocabulary
from wordvec.errors import EmptyInputError, NotFittedError, WordvecError
from wordvec.train import GloVe, ParameterError


def make_cooc(X, window=10, weighting="harmonic"):
    X = np.asarray(X, dtype=float)
    n = X.shape[0]
    vocab = Vocabulary([f"w{i}" for i in range(n)], np.arange(n, 0, -1) * 10)
    return Cooccurrence(sp.csr_matrix(X), vocab, window, weighting)


def random_counts(n, seed, density=0.8, scale=20.0):
    rng = np.random.default_rng(seed)
    X = rng.gamma(1.0, scale, (n, n))
    X[rng.random((n, n)) > density] = 0
    X = np.triu(X)
    return X + X.T


def reference_glove_epoch(rows, cols, x, W, C, bw, bc, gW, gC, gbw, gbc, eta, x_max, alpha, clip=100.0):
    """A line-by-line Python transcription of the training loop of glove.c (one thread)."""
    cost = 0.0
    for i, j, val in zip(rows, cols, x):
        diff = float(W[i] @ C[j]) + bw[i] + bc[j] - np.log(val)
        fdiff = diff if val > x_max else (val / x_max) ** alpha * diff
        cost += 0.5 * fdiff * diff
        fdiff *= eta
        temp1 = np.clip(fdiff * C[j], -clip, clip)
        temp2 = np.clip(fdiff * W[i], -clip, clip)
        up1 = temp1 / np.sqrt(gW[i])
        up2 = temp2 / np.sqrt(gC[j])
        gW[i] += temp1 ** 2
        gC[j] += temp2 ** 2
        W[i] -= up1
        C[j] -= up2
        bw[i] -= fdiff / np.sqrt(gbw[i])
        bc[j] -= fdiff / np.sqrt(gbc[j])
        gbw[i] += fdiff ** 2
        gbc[j] += fdiff ** 2
    return cost / len(x)


def test_epochs_match_a_transcription_of_glove_c():
    X = random_counts(7, seed=3)
    cooc = make_cooc(X)
    n, d, seed = 7, 4, 11
    glove = GloVe(dim=d, epochs=3, x_max=10, learning_rate=0.05, seed=seed, n_jobs=1)
    glove.fit(cooc)
    # Same initialisation and order as documented: (rand - 0.5)/d for W, C, bw, bc, then one shuffle.
    rng = np.random.default_rng(seed)
    W = (rng.random((n, d)) - 0.5) / d
    C = (rng.random((n, d)) - 0.5) / d
    bw = (rng.random(n) - 0.5) / d
    bc = (rng.random(n) - 0.5) / d
    coo = sp.csr_matrix(X).tocoo()
    perm = rng.permutation(coo.nnz)
    rows, cols, x = coo.row[perm], coo.col[perm], coo.data[perm]
    gW, gC, gbw, gbc = np.ones((n, d)), np.ones((n, d)), np.ones(n), np.ones(n)
    costs = [reference_glove_epoch(rows, cols, x, W, C, bw, bc, gW, gC, gbw, gbc, 0.05, 10.0, 0.75) for _ in range(3)]
    np.testing.assert_allclose(glove.loss_history_, costs, rtol=1e-10)
    np.testing.assert_allclose(glove.W_, W, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(glove.C_, C, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(glove.bw_, bw, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(glove.bc_, bc, rtol=1e-9, atol=1e-12)


def _objective(X, x_max, alpha, d):
    """Full GloVe objective and its exact gradient, for scipy's L-BFGS (an independent optimiser)."""
    n = X.shape[0]
    mask = X > 0
    f = np.where(mask, np.minimum(1.0, (np.where(mask, X, 1) / x_max) ** alpha), 0.0)
    L = np.log(np.where(mask, X, 1.0))

    def unpack(theta):
        return (theta[: n * d].reshape(n, d), theta[n * d: 2 * n * d].reshape(n, d),
                theta[2 * n * d: 2 * n * d + n], theta[2 * n * d + n:])

    def J(theta):
        W, C, bw, bc = unpack(theta)
        diff = (W @ C.T + bw[:, None] + bc[None, :] - L) * mask
        R = f * diff
        grad = np.concatenate([(R @ C).ravel(), (R.T @ W).ravel(), R.sum(1), R.sum(0)])
        return 0.5 * float((R * diff).sum()), grad

    return J


def _normal_equation_violations(glove, X):
    """Relative size of the three stationarity conditions of the weighted least-squares problem.

    For each word i: sum_j f(X_ij) r_ij c_j = 0 and sum_j f(X_ij) r_ij = 0 (its bias); for each
    context j: sum_i f(X_ij) r_ij w_i = 0, with r_ij = w_i.c_j + b_i + b~_j - log X_ij. Each sum
    is divided by the sum of the absolute values of its terms, so 0 means exact cancellation.
    """
    mask = X > 0
    f = np.where(mask, np.minimum(1.0, (np.where(mask, X, 1) / glove.x_max) ** glove.weight_exponent), 0.0)
    resid = glove.W_ @ glove.C_.T + glove.bw_[:, None] + glove.bc_[None, :] - np.log(np.where(mask, X, 1))
    R = f * resid * mask
    A = np.abs(R)
    words = np.abs(R @ glove.C_).max() / (A @ np.abs(glove.C_)).max()
    bias = np.abs(R.sum(1)).max() / A.sum(1).max()
    contexts = np.abs(R.T @ glove.W_).max() / (A.T @ np.abs(glove.W_)).max()
    return words, bias, contexts, np.abs(resid[mask]).mean()


def test_fixed_point_satisfies_weighted_least_squares_normal_equations():
    X = random_counts(8, seed=1)
    d = 2
    early = GloVe(dim=d, epochs=10, x_max=10, learning_rate=0.05, seed=0)
    early.fit(make_cooc(X))
    assert max(_normal_equation_violations(early, X)[:3]) > 0.3  # far from stationary: the check discriminates
    glove = GloVe(dim=d, epochs=20000, x_max=10, learning_rate=0.05, seed=0)
    glove.fit(make_cooc(X))
    words, bias, contexts, mean_abs_resid = _normal_equation_violations(glove, X)
    assert words < 0.05 and bias < 0.05 and contexts < 0.05
    # The residuals are genuinely non-zero (rank 2 cannot fit log X), so the cancellation is not trivial.
    assert mean_abs_resid > 0.1
    # An exact full-batch optimiser (scipy L-BFGS) started from our point barely improves it and hardly
    # moves it: AdaGrad's last iterate sits at a stationary point of the published objective.
    J = _objective(X, 10.0, 0.75, d)
    theta = np.concatenate([glove.W_.ravel(), glove.C_.ravel(), glove.bw_, glove.bc_])
    ours = J(theta)[0]
    assert ours == pytest.approx(glove.objective() * (X > 0).sum(), rel=1e-12)
    best = minimize(J, theta, jac=True, method="L-BFGS-B", options=dict(gtol=1e-12, ftol=1e-15, maxiter=5000))
    assert np.abs(best.jac).max() < 1e-6
    assert (ours - best.fun) / best.fun < 2e-3
    # Parameters are identified only up to W -> W A, C -> C A^-T and a constant moved between the two
    # biases, so compare the gauge-invariant fitted values w_i.c_j + b_i + b~_j where X_ij > 0 (the others
    # are not constrained by the objective).
    def fitted(t):
        n = X.shape[0]
        W, C = t[: n * d].reshape(n, d), t[n * d: 2 * n * d].reshape(n, d)
        return W @ C.T + t[2 * n * d: 2 * n * d + n][:, None] + t[2 * n * d + n:][None, :]

    assert np.abs(fitted(best.x) - fitted(theta))[X > 0].max() < 0.05


def test_loss_falls_nearly_monotonically_and_threads_agree():
    X = random_counts(150, seed=4, density=0.3)
    cooc = make_cooc(X)
    one = GloVe(dim=10, epochs=30, x_max=10, seed=0, n_jobs=1)
    one.fit(cooc)
    h = one.loss_history_
    assert h.shape == (30,) and one.epoch_times_.shape == (30,)
    assert h[-1] < 0.3 * h[0]
    assert np.all(np.diff(h) <= 1e-3 * h[:-1])
    # Hogwild: two threads race on shared rows, yet reach the same cost.
    two = GloVe(dim=10, epochs=30, x_max=10, seed=0, n_jobs=2)
    two.fit(cooc)
    assert two.n_threads_ == 2
    assert two.loss_history_[-1] == pytest.approx(h[-1], rel=0.05)
    assert one.objective() == pytest.approx(two.objective(), rel=0.05)


def test_seeded_runs_are_identical_and_outputs_are_consistent():
    cooc = make_cooc(random_counts(20, seed=5))
    a, b = GloVe(dim=5, epochs=5, seed=3), GloVe(dim=5, epochs=5, seed=3)
    ea, eb = a.fit(cooc), b.fit(cooc)
    np.testing.assert_array_equal(ea.vectors, eb.vectors)
    np.testing.assert_allclose(ea.vectors, (a.W_ + a.C_).astype(np.float32))
    np.testing.assert_allclose(a.embedding("w").vectors, a.W_.astype(np.float32))
    assert a.embedding("concat").shape == (20, 10)
    assert ea.meta["trainer"] == "glove" and ea.meta["x_max"] == 100.0 and ea.meta["dim"] == 5
    np.testing.assert_array_equal(ea.counts, cooc.vocab.counts)
    assert list(ea.words) == list(cooc.vocab.words)
    c = GloVe(dim=5, epochs=5, seed=4).fit(cooc)
    assert not np.array_equal(c.vectors, ea.vectors)
    f32 = GloVe(dim=5, epochs=5, seed=3, dtype="float32")
    f32.fit(cooc)
    assert f32.W_.dtype == np.float32
    assert f32.loss_history_[-1] == pytest.approx(a.loss_history_[-1], rel=1e-3)


@pytest.mark.parametrize("params, name", [
    (dict(dim=0), "dim"), (dict(epochs=-1), "epochs"), (dict(x_max=0), "x_max"),
    (dict(weight_exponent=-1), "weight_exponent"), (dict(learning_rate=float("nan")), "learning_rate"), (dict(output="WC"), "output"), (dict(n_jobs=0), "n_jobs"),
    (dict(dtype="float16"), "dtype"), (dict(dim=2.5), "dim"),
])
def test_bad_hyperparameters_are_named(params, name):
    glove = GloVe(**params)  # __init__ stores only
    with pytest.raises(ParameterError, match=name):
        glove.fit(make_cooc(random_counts(5, seed=0)))


def test_empty_and_malformed_inputs():
    with pytest.raises(EmptyInputError):
        GloVe().fit(make_cooc(np.zeros((3, 3))))
    with pytest.raises(WordvecError, match="negative"):
        GloVe().fit(make_cooc(-np.ones((3, 3))))
    with pytest.raises(WordvecError, match="no-such-file"):
        GloVe().fit("/no-such-file.txt")
    with pytest.raises(WordvecError, match="one-shot"):
        GloVe().fit(iter([["a", "b"]]))
    with pytest.raises(NotFittedError):
        GloVe().embedding()
    with pytest.raises(EmptyInputError):
        GloVe(min_count=1).fit([[], []])
    with pytest.raises(EmptyInputError):
        GloVe(min_count=50).fit([["a", "b", "c"]] * 3)


def test_fit_counts_a_corpus_with_its_window():
    corpus = [["a", "b", "c", "d"], ["b", "c", "a"]] * 5
    glove = GloVe(dim=3, epochs=2, window=2, min_count=1)
    emb = glove.fit(corpus)
    assert glove.cooccurrence_.window == 2
    assert set(emb.words) == {"a", "b", "c", "d"}
    X = glove.cooccurrence_.matrix.toarray()
    ia, id_ = glove.cooccurrence_.vocab.index["a"], glove.cooccurrence_.vocab.index["d"]
    assert X[ia, id_] == 0  # distance 3 > window 2, and never across the document boundary


@pytest.mark.slow
def test_sotu_glove_matches_the_reference_figures():
    """Setting of the design notes: the reference C GloVe reaches cost 0.0241 and WS-353 ρ 0.44 (±0.02)."""
    from scipy.stats import spearmanr

    from wordvec.corpus import count_cooccurrences, sotu_corpus
    from wordvec.datasets import gensim_test_data

    cooc = count_cooccurrences(sotu_corpus(), window=10, weighting="harmonic", min_count=5)
    glove = GloVe(dim=100, epochs=15, x_max=10, n_jobs=1, seed=0)  # one thread: deterministic
    emb = glove.fit(cooc)
    assert glove.loss_history_[-1] == pytest.approx(0.0241, abs=0.001)
    pairs = [line.split("\t") for line in gensim_test_data("wordsim353.tsv").read_text().splitlines()
             if line and not line.startswith("#")]
    used = [(a.lower(), b.lower(), float(s)) for a, b, s in pairs if a.lower() in emb and b.lower() in emb]
    rho = spearmanr([emb.similarity(a, b) for a, b, _ in used], [s for *_, s in used]).statistic
    assert rho > 0.44 - 0.03


def test_renamed_parameters_keep_their_old_names_as_deprecated_aliases():
    cooc = make_cooc(random_counts(10, seed=1))
    with pytest.warns(DeprecationWarning) as caught:
        old = GloVe(dim=3, epochs=2, alpha=0.5, eta=0.1)
    assert {"'alpha' is deprecated", "'eta' is deprecated"} <= {str(w.message).split(", ")[0].split(": ")[1]
                                                             for w in caught}
    new = GloVe(dim=3, epochs=2, weight_exponent=0.5, learning_rate=0.1)
    assert old.get_params() == new.get_params()
    assert "alpha" not in new.get_params() and "eta" not in new.get_params()
    np.testing.assert_array_equal(old.fit(cooc).vectors, new.fit(cooc).vectors)
    with pytest.warns(DeprecationWarning):
        assert new.alpha == 0.5 and new.eta == 0.1
    assert new.embedding_.meta["weight_exponent"] == 0.5 and new.embedding_.meta["learning_rate"] == 0.1
    with pytest.raises(ParameterError, match="both"):
        GloVe(alpha=0.5, weight_exponent=0.5)


def test_output_is_case_insensitive_and_fit_stores_embedding_():
    cooc = make_cooc(random_counts(10, seed=2))
    upper, lower = GloVe(dim=3, epochs=2, output="W+C"), GloVe(dim=3, epochs=2)
    eu, el = upper.fit(cooc), lower.fit(cooc)
    np.testing.assert_array_equal(eu.vectors, el.vectors)
    assert eu is upper.embedding_ and eu.meta["output"] == el.meta["output"] == "w+c"
    np.testing.assert_array_equal(lower.embedding("C").vectors, lower.embedding("c").vectors)
    assert lower.embedding("w").meta["output"] == "w"
    with pytest.raises(ParameterError, match="output"):
        lower.embedding("WC")
