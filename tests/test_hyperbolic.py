"""Poincaré geometry, model, evaluation and interop with gensim (fast; mammals target is @slow)."""
import numpy as np
import pytest

from wordvec.errors import EmptyInputError, FormatError, NotFittedError, OOVError
from wordvec.hyperbolic import (
    CycleError,
    PoincareEmbedding,
    PoincareModel,
    Taxonomy,
    _kernel,
    link_prediction,
    load_poincare,
    mammal_closure,
    poincare_loss,
    reconstruction,
    save_poincare,
    split_edges,
)
from wordvec.hyperbolic import geometry as G


def binary_tree(depth=3):
    edges = []
    for d in range(1, depth + 1):
        for i in range(2 ** d):
            edges.append((f"n{d}_{i}", f"n{d - 1}_{i // 2}"))
    return Taxonomy(edges)


@pytest.fixture(scope="module")
def tree_model():
    tree = binary_tree(3)
    model = PoincareModel(dim=2, epochs=150, negatives=5, batch_size=5, seed=1)
    return tree, model, model.fit(tree)


# ------------------------------------------------------------------ geometry
def test_distance_closed_forms():
    rng = np.random.default_rng(0)
    x = G.project(rng.uniform(-0.7, 0.7, (50, 4)))
    # distance from the origin is 2 artanh(‖x‖)
    np.testing.assert_allclose(G.distance(np.zeros(4), x), 2 * np.arctanh(np.linalg.norm(x, axis=1)), rtol=1e-12)
    # textbook formula with arccosh
    u, v = x[:25], x[25:]
    nu, nv = (u ** 2).sum(1), (v ** 2).sum(1)
    ref = np.arccosh(1 + 2 * ((u - v) ** 2).sum(1) / ((1 - nu) * (1 - nv)))
    np.testing.assert_allclose(G.distance(u, v), ref, rtol=1e-10)
    np.testing.assert_allclose(G.pairwise_distances(u, v), np.arccosh(1 + 2 * ((u[:, None] - v[None]) ** 2).sum(-1)
                                                                      / ((1 - nu)[:, None] * (1 - nv)[None])), rtol=1e-8, atol=1e-10)


def test_distance_matches_gensim():
    from gensim.models.poincare import PoincareKeyedVectors

    rng = np.random.default_rng(1)
    x = G.project(rng.uniform(-0.6, 0.6, (30, 3)))
    ours = G.pairwise_distances(x[:1], x)[0]
    theirs = PoincareKeyedVectors.vector_distance_batch(x[0], x)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def test_distance_is_stable_near_boundary_and_for_close_points():
    a = np.array([1 - 1e-5, 0.0])
    b = np.array([0.0, 1 - 1e-5])
    assert np.isfinite(G.distance(a, b)) and G.distance(a, b) > 20
    u = np.array([0.3, 0.1])
    # d(u, u+h) ≈ λ_u ‖h‖ for tiny h: arccosh would return 0 or nan here
    h = np.array([1e-9, 0.0])
    assert G.distance(u, u + h) == pytest.approx(G.conformal_factor(u) * 1e-9, rel=1e-5)
    assert G.project(np.array([[3.0, 4.0]]))[0] @ G.project(np.array([[3.0, 4.0]]))[0] < 1


def test_exp_log_maps_and_mobius():
    rng = np.random.default_rng(2)
    x = G.project(rng.uniform(-0.5, 0.5, (20, 3)))
    v = rng.normal(scale=0.3, size=(20, 3))
    y = G.exp_map(x, v)
    np.testing.assert_allclose(G.log_map(x, y), v, rtol=1e-7, atol=1e-9)
    # geodesic length of the exponential map: d(x, exp_x(v)) = λ_x ‖v‖
    np.testing.assert_allclose(G.distance(x, y), G.conformal_factor(x) * np.linalg.norm(v, axis=1), rtol=1e-7)
    # d(x, y) = 2 artanh ‖(−x) ⊕ y‖
    np.testing.assert_allclose(G.distance(x, y), 2 * np.arctanh(np.linalg.norm(G.mobius_add(-x, y), axis=1)), rtol=1e-8)
    np.testing.assert_allclose(G.mobius_add(np.zeros(3), y), y)


# ------------------------------------------------------------------ loss and gradient
def test_loss_gradient_finite_differences():
    rng = np.random.default_rng(3)
    theta = G.project(rng.uniform(-0.8, 0.8, (12, 3)))
    u, v = np.array([0, 1, 2]), np.array([3, 4, 5])
    negs = np.array([[6, 7, 8], [9, 10, 11], [6, 9, 3]])
    loss, grad = poincare_loss(theta, u, v, negs)
    num = np.zeros_like(theta)
    h = 1e-6
    for i in range(theta.shape[0]):
        for a in range(theta.shape[1]):
            tp, tm = theta.copy(), theta.copy()
            tp[i, a] += h
            tm[i, a] -= h
            num[i, a] = (poincare_loss(tp, u, v, negs)[0] - poincare_loss(tm, u, v, negs)[0]) / (2 * h)
    np.testing.assert_allclose(grad, num, rtol=1e-5, atol=1e-7)
    # the numba kernel computes the same loss and gradient
    Gk = np.zeros_like(theta)
    lk = sum(_kernel.edge_loss_grad(theta, u[i], v[i], negs[i], 3, 1 / 3, Gk, G.EPS) for i in range(3)) / 3
    assert lk == pytest.approx(loss, rel=1e-10)
    np.testing.assert_allclose(Gk, grad, rtol=1e-8, atol=1e-12)


def test_negative_sampler_never_returns_linked_nodes():
    from wordvec.hyperbolic.graph import adjacency

    n = 30
    u = np.array([0] * 27 + [5, 6])
    v = np.array(list(range(1, 28)) + [7, 8])   # node 0 linked to 27 of 29 others
    indptr, indices = adjacency(n, u, v)
    state = _kernel.rng_state(0)
    out = np.empty(20, dtype=np.int64)
    empty = np.zeros(n + 1, dtype=np.int64)
    cdf = np.arange(1, n + 1, dtype=float)
    got = _kernel.sample_negatives(5, n, 20, indptr, indices, empty, np.zeros(0, np.int64), cdf, False, state, out)
    assert got == 20 and not set(out.tolist()) & {5, 7} and 0 not in set()
    # node 0: explicit complement list {28, 29}
    cindptr = np.zeros(n + 1, dtype=np.int64)
    cindptr[1:] = 2
    got = _kernel.sample_negatives(0, n, 20, indptr, indices, cindptr, np.array([28, 29]), cdf, False, state, out)
    assert got == 20 and set(out.tolist()) <= {28, 29}


# ------------------------------------------------------------------ model
def test_tiny_tree_recovered_with_map_one(tree_model):
    tree, model, emb = tree_model
    res = reconstruction(emb, tree.closure())
    assert res.map == 1.0 and res.mean_rank == 1.0
    assert len(res.nodes) == 14   # every node but the root is evaluated
    # the root sits nearest the origin, leaves farthest (hierarchy from the norm)
    norms = dict(zip(emb.words, np.linalg.norm(emb.points, axis=1)))
    assert norms["n0_0"] < min(norms[f"n3_{i}"] for i in range(8))
    assert len(model.loss_history_) == model.burn_in + model.epochs
    assert model.loss_history_[-1] < model.loss_history_[0]
    assert np.all(np.linalg.norm(emb.points, axis=1) < 1)


def test_model_is_reproducible_and_validates():
    tree = binary_tree(2)
    a = PoincareModel(dim=3, epochs=5, negatives=3, seed=7).fit(tree)
    b = PoincareModel(dim=3, epochs=5, negatives=3, seed=7).fit(tree)
    np.testing.assert_array_equal(a.points, b.points)
    with pytest.raises(CycleError):
        PoincareModel(epochs=1).fit([("a", "b"), ("b", "a")])
    PoincareModel(epochs=1, negatives=1, closure=False).fit([("a", "b"), ("b", "a"), ("c", "b")])
    with pytest.raises(EmptyInputError):
        PoincareModel().fit(Taxonomy(nodes=["a"]))
    with pytest.raises(ValueError, match="negatives"):
        PoincareModel(negatives=0).fit(tree)
    with pytest.raises(NotFittedError):
        PoincareModel().plot_loss()


def test_model_follows_the_estimator_contract():
    from wordvec._estimator import clone
    from wordvec.errors import ParameterError

    tree = binary_tree(2)
    with pytest.warns(DeprecationWarning, match="learning_rate"):
        old = PoincareModel(dim=3, epochs=5, negatives=3, lr=0.5, seed=7)
    new = PoincareModel(dim=3, epochs=5, negatives=3, learning_rate=0.5, seed=7)
    params = old.get_params()
    assert params["learning_rate"] == 0.5 and "lr" not in params and params["n_jobs"] is None
    assert params == new.get_params() == clone(new).get_params()
    emb = old.fit(tree)
    assert old.embedding_ is emb and emb.meta["trainer"] == "poincare" and emb.meta["learning_rate"] == 0.5
    np.testing.assert_array_equal(emb.points, new.fit(tree).points)
    np.testing.assert_array_equal(emb.points, PoincareModel(dim=3, epochs=5, negatives=3, learning_rate=0.5, seed=7,
                                                            n_jobs=-1).fit(tree).points)
    # the sampler has its own generator: numba's global state does not change a fit
    from numba import njit

    @njit
    def reseed(s):
        np.random.seed(s)

    reseed(12345)
    np.testing.assert_array_equal(emb.points, new.fit(tree).points)
    assert "learning_rate=0.5" in repr(new)
    for bad in ({"learning_rate": 0}, {"reduction": "max"}, {"eps": 0.5}, {"n_jobs": 0}, {"seed": -1}):
        with pytest.raises(ParameterError, match=next(iter(bad))):
            clone(new, **bad).fit(tree)
    with pytest.raises(TypeError, match="read_taxonomy"):
        new.fit("taxonomy.tsv")


def test_sampler_generator_matches_numbas_legacy_draws():
    from numba import njit

    @njit
    def legacy(seed, ns):
        np.random.seed(seed)
        out = np.empty(2 * len(ns))
        for i in range(len(ns)):
            out[2 * i] = np.random.randint(0, ns[i])
            out[2 * i + 1] = np.random.random()
        return out

    @njit
    def ours(state, ns):
        out = np.empty(2 * len(ns))
        for i in range(len(ns)):
            out[2 * i] = _kernel.randint(state, ns[i])
            out[2 * i + 1] = _kernel.uniform(state)
        return out

    ns = np.random.default_rng(0).integers(1, 3000, 2000)
    ns[::7] = 1
    for seed in (0, 2**31 - 2):
        np.testing.assert_array_equal(legacy(seed, ns), ours(_kernel.rng_state(seed), ns))


# ------------------------------------------------------------------ evaluation
def test_ranking_hand_computed():
    # u at the origin; positives p1 (d=0.2), p2 (d=1.0); negatives n1 (0.5), n2 (2.0); c a child of u (masked)
    r = lambda d: np.tanh(d / 2)  # noqa: E731  point at distance d from the origin
    words = ["u", "p1", "p2", "n1", "n2", "c"]
    pts = np.array([[0, 0], [r(0.2), 0], [0, r(1.0)], [-r(0.5), 0], [0, -r(2.0)], [r(0.05), r(0.05)]])
    emb = PoincareEmbedding(words, pts)
    tax = Taxonomy([("u", "p1"), ("u", "p2"), ("c", "u"), ("n1", "n2")])
    res = reconstruction(emb, tax)
    row = res.to_frame().set_index("node").loc["u"]
    # ranks: p1 → 1, p2 → 2 (n1 closer); AP = (1/1 + 2/3) / 2
    assert row.mean_rank == pytest.approx(1.5)
    assert row.average_precision == pytest.approx((1 + 2 / 3) / 2)


def test_reconstruction_gensim_compatible_matches_gensim(tmp_path):
    from gensim.models.poincare import ReconstructionEvaluation

    rng = np.random.default_rng(4)
    tree = binary_tree(3).closure()
    words = tree.nodes
    emb = PoincareEmbedding(words, G.project(rng.uniform(-0.7, 0.7, (len(words), 3))))
    path = tmp_path / "rel.tsv"
    path.write_text("".join(f"{c}\t{p}\n" for c, p in tree.edges))
    theirs = ReconstructionEvaluation(str(path), emb.to_gensim()).evaluate_mean_rank_and_map()
    ours = reconstruction(emb, tree, gensim_compatible=True)
    assert ours.mean_rank == pytest.approx(theirs[0]) and ours.map == pytest.approx(theirs[1])
    strict = reconstruction(emb, tree)
    assert strict.mean_rank <= ours.mean_rank   # masking the node itself and its descendants can only help
    ci = strict.conf_int()
    assert list(ci.columns) == ["ci_low", "ci_high"] and list(ci.index) == ["MAP", "mean_rank"]
    lo, hi = ci.loc["MAP"]
    assert lo <= strict.map <= hi
    with pytest.warns(DeprecationWarning, match="n_bootstrap"):
        old = strict.conf_int(n_boot=200)
    assert old.equals(strict.conf_int(n_bootstrap=200))


def test_evaluation_errors(tree_model):
    tree, _, emb = tree_model
    with pytest.raises(OOVError, match="'ghost'.*'phantom'"):
        reconstruction(emb, tree.with_edges(add=[("ghost", "n0_0"), ("phantom", "n1_0")]))
    with pytest.raises(EmptyInputError):
        reconstruction(emb, Taxonomy(nodes=["n0_0"]))
    with pytest.raises(ValueError, match="test_size"):
        split_edges(tree.closure(), test_size=1.5)


def test_link_prediction_and_split(tree_model):
    tree, _, emb = tree_model
    clo = tree.closure()
    train, test = split_edges(clo, test_size=0.2, seed=0)
    assert set(tree.edges) <= set(train.edges) and not set(train.edges) & set(test.edges)
    assert train.n_edges + test.n_edges == clo.n_edges
    res = link_prediction(emb, train, test)
    assert res.map == 1.0   # the embedding saw every edge: a planted, perfect ranking


def test_embedding_neighbours_use_poincare_distance(tree_model, tmp_path):
    tree, _, emb = tree_model
    D = G.pairwise_distances(emb.points)
    np.fill_diagonal(D, np.inf)
    nn = emb.nearest(["n3_0", "n1_1"], k=3)
    np.testing.assert_array_equal(nn.indices, np.argsort(D[emb.indices(["n3_0", "n1_1"])], axis=1)[:, :3])
    np.testing.assert_allclose(-nn.scores, np.sort(D[emb.indices(["n3_0", "n1_1"])], axis=1)[:, :3], rtol=1e-5)
    assert emb.most_similar("n3_0", topn=1).word[0] == emb.words[nn.indices[0, 0]]
    kv = emb.to_gensim()
    assert kv.distance("n3_0", "n1_1") == pytest.approx(emb.distance("n3_0", "n1_1"), rel=1e-12)
    back = PoincareEmbedding.from_gensim(kv)
    np.testing.assert_array_equal(back.points, emb.points)
    with pytest.raises(OOVError, match="zebra"):
        emb.nearest(["zebra"])
    with pytest.raises(ValueError, match="unit ball"):
        PoincareEmbedding(["a"], np.array([[1.0, 0.0]]))
    save_poincare(emb, tmp_path / "e.tsv")
    np.testing.assert_array_equal(load_poincare(tmp_path / "e.tsv").points, emb.points)
    (tmp_path / "bad.tsv").write_text("a\t0.1\t0.2\nb\t0.1\n")
    with pytest.raises(FormatError, match="line 2"):
        load_poincare(tmp_path / "bad.tsv")


def test_disk_plot(tree_model):
    import matplotlib.pyplot as plt

    tree, model, emb = tree_model
    ax = emb.plot(tree, labels=5)
    assert len(ax.collections) >= 2 and ax.get_xlim() == (-1.05, 1.05)
    model.plot_loss()
    plt.close("all")


def test_mammals_reach_published_map():
    mammals = mammal_closure()
    model = PoincareModel(dim=5, epochs=60, seed=0)
    res = reconstruction(model.fit(mammals), mammals)
    assert res.map >= 0.90   # Nickel & Kiela (2017): MAP 0.927, mean rank 1.26 at dim 5
