"""Diachronic series, Procrustes alignment and change measures (wordvec.diachronic)."""
from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
import scipy.linalg
from scipy.spatial.distance import cosine as scipy_cosine

from wordvec import Embedding
from wordvec.diachronic import (AbsentWordError, DiachronicEmbedding, DiachronicError, align, change_series,
                                displacement, local_neighborhood_change, measure_change, neighbors_over_time,
                                nn_overlap_change, onomasiological, orthogonal_procrustes, synthetic)
from wordvec.errors import EmptyInputError, OOVError


def _emb(words, vecs, counts=None):
    return Embedding(words, np.asarray(vecs, dtype=np.float32), counts)


@pytest.fixture(scope="module")
def planted():
    return synthetic.planted_shift_embeddings(n_words=1500, dim=40, n_periods=4, shift_period=2, n_planted=15,
                                              noise=0.3, seed=3)


# ------------------------------------------------------------------------ series
def test_absent_words_are_masked_not_zero():
    rng = np.random.default_rng(0)
    e1 = _emb(["a", "b", "c"], rng.normal(size=(3, 4)), [10, 5, 3])
    e2 = _emb(["a", "c", "d"], rng.normal(size=(3, 4)), [8, 9, 1])
    s = DiachronicEmbedding.from_embeddings({1900: e1, 1950: e2})
    assert set(s.words) == {"a", "b", "c", "d"}
    i = s.index("b")
    assert not s.present[1, i] and np.isnan(s.vectors[1, i]).all()  # masked, not a zero row
    with pytest.raises(AbsentWordError, match=r"'b' is absent from period 1950"):
        s.vector("b", 1950)
    np.testing.assert_allclose(s.vector("c", 1950), e2["c"])
    assert s.period(1950).words == [w for w in s.words if w in ("a", "c", "d")]


def test_vocabulary_policy_average_relative_frequency_and_min_count():
    # period 2 has 10x the tokens: raw totals would favour its words, relative frequency does not.
    e1 = _emb(["x", "y", "z"], np.eye(3), [50, 30, 20])
    e2 = _emb(["x", "y", "w"], np.eye(3), [100, 850, 50])
    s = DiachronicEmbedding.from_embeddings({1: e1, 2: e2}, vocab_size=3, min_count=40)
    f1 = pd.Series({"x": .5, "y": .3, "z": .2, "w": 0})
    f2 = pd.Series({"x": .1, "y": .85, "z": 0, "w": .05})
    expected = ((f1 + f2) / 2).sort_values(ascending=False, kind="stable").index[:3].tolist()
    assert s.words == expected == ["y", "x", "z"]
    # min_count masks a word that has a vector but too few occurrences in a period
    assert not s.is_present("z", 1) and s.is_present("x", 2)
    assert s.counts[0, s.index("z")] == 20


def test_bad_inputs_have_clear_errors():
    e = _emb(["a", "b"], np.eye(2))
    with pytest.raises(DiachronicError, match="at least two periods"):
        DiachronicEmbedding.from_embeddings({1900: e})
    with pytest.raises(DiachronicError, match="same number of dimensions.*1900.*1950"):
        DiachronicEmbedding.from_embeddings({1900: e, 1950: _emb(["a"], np.ones((1, 3)))})
    with pytest.raises(EmptyInputError, match="1950"):
        DiachronicEmbedding.from_embeddings({1900: e, 1950: _emb([], np.zeros((0, 2)))})
    with pytest.raises(DiachronicError, match="needs word counts"):
        DiachronicEmbedding.from_embeddings({1900: e, 1950: e}, min_count=5)
    with pytest.raises(OOVError, match="'nope'"):
        DiachronicEmbedding.from_embeddings({1900: e, 1950: e}, words=["a", "nope"])
    # two periods without a shared word cannot be aligned
    s = DiachronicEmbedding.from_embeddings({1900: _emb(["a", "b"], np.eye(2)), 1950: _emb(["c", "d"], np.eye(2))})
    with pytest.raises(DiachronicError, match="share no words"):
        align(s)
    with pytest.raises(DiachronicError, match="share no anchor words"):
        align(DiachronicEmbedding.from_embeddings({1: _emb(["a", "b"], np.eye(2)), 2: _emb(["b", "c"], np.eye(2))}),
              anchors=["a"])
    with pytest.raises(DiachronicError, match="aligned series"):
        displacement(s)


def test_from_histwords_zero_rows_become_absent(tmp_path):
    rng = np.random.default_rng(1)
    words = ["alpha", "beta", "gamma"]
    for year, zero in ((1900, 2), (1910, None)):
        m = rng.normal(size=(3, 5))
        if zero is not None:
            m[zero] = 0.0
        np.save(tmp_path / f"{year}-w.npy", m)
        with open(tmp_path / f"{year}-vocab.pkl", "wb") as fh:
            pickle.dump(words, fh, protocol=2)
    s = DiachronicEmbedding.from_histwords(tmp_path)
    assert s.periods == [1900, 1910]
    assert not s.is_present("gamma", 1900) and s.is_present("gamma", 1910)
    np.testing.assert_allclose(s.vector("beta", 1910), np.load(tmp_path / "1910-w.npy")[1], rtol=1e-6)
    from wordvec.errors import MissingFileError

    (tmp_path / "1910-vocab.pkl").unlink()
    with pytest.raises(MissingFileError, match="1910-vocab.pkl"):
        DiachronicEmbedding.from_histwords(tmp_path)
    with pytest.raises(FileNotFoundError, match="no such directory"):
        DiachronicEmbedding.from_histwords(tmp_path / "missing")


# --------------------------------------------------------------------- alignment
@pytest.mark.parametrize("shape", [(200, 10), (50, 50), (1000, 3)])
def test_procrustes_equals_scipy(shape):
    rng = np.random.default_rng(shape[0])
    a, b = rng.normal(size=shape), rng.normal(size=shape)
    r, scale = orthogonal_procrustes(a, b)
    r_ref, scale_ref = scipy.linalg.orthogonal_procrustes(a, b)
    np.testing.assert_allclose(r, r_ref, atol=1e-10)
    assert scale == pytest.approx(scale_ref, rel=1e-12)


def test_procrustes_rejects_mismatched_shapes_and_nan():
    with pytest.raises(DiachronicError, match="same shape"):
        orthogonal_procrustes(np.ones((3, 2)), np.ones((3, 3)))
    with pytest.raises(DiachronicError, match="NaN"):
        orthogonal_procrustes(np.full((3, 2), np.nan), np.ones((3, 2)))


def test_random_rotation_plus_noise_is_recovered():
    rng = np.random.default_rng(7)
    n, d, sigma = 3000, 30, 0.05
    a = rng.normal(size=(n, d))
    q = synthetic.random_rotation(d, 8)
    noise = sigma * rng.normal(size=(n, d))
    words = [f"w{i}" for i in range(n)]
    s = DiachronicEmbedding.from_embeddings({0: _emb(words, a), 1: _emb(words, a @ q + noise)})
    al = align(s, normalize=False)
    r = al.alignment.rotations[1]
    # period 1 is rotated back onto period 0: R ≈ Qᵀ, with an error of the order of the noise
    assert np.linalg.norm(q @ r - np.eye(d)) < 10 * sigma * d / np.sqrt(n)
    res = al.alignment.to_frame().set_index("period").loc[1, "residual"]
    noise_norm = np.linalg.norm(noise)
    # the fitted rotation absorbs d(d-1)/2 of the n·d noise degrees of freedom, no more
    assert 0.97 * noise_norm < res <= noise_norm
    np.testing.assert_allclose(al.vectors[1], (a @ q + noise) @ r, rtol=1e-4, atol=1e-4)


def test_chain_and_reference_alignment(planted):
    s = planted.series
    chain = align(s)
    ref = align(s, method="reference")
    # the reference period keeps its (normalised) coordinates
    u_last = s.vectors[-1] / np.linalg.norm(s.vectors[-1], axis=1, keepdims=True)
    np.testing.assert_allclose(ref.vectors[-1], u_last, atol=1e-6)
    u_first = s.vectors[0] / np.linalg.norm(s.vectors[0], axis=1, keepdims=True)
    np.testing.assert_allclose(chain.vectors[0], u_first, atol=1e-6)
    for al in (chain, ref):
        for t in range(len(s.periods)):
            r = al.alignment.rotations[s.periods[t]]
            np.testing.assert_allclose(r @ r.T, np.eye(s.dim), atol=1e-5)
        assert (al.alignment.to_frame()["anchor_cosine"] > 0.8).all()
    # chain composes each period's rotation with its neighbour's; both recover the planted words
    assert displacement(chain).auc(planted.planted)["auc"] >= 0.95
    assert displacement(ref).auc(planted.planted)["auc"] >= 0.95


def test_anchors_restrict_the_fit_but_rotate_every_row(planted):
    s = planted.series
    k = 300
    al = align(s, anchors=k)
    # perturbing words outside the anchors leaves the rotation unchanged
    v = s.vectors.copy()
    v[1, k:] = np.random.default_rng(0).normal(size=v[1, k:].shape)
    al2 = align(s.with_vectors(v), anchors=k)
    np.testing.assert_allclose(al.alignment.rotations[s.periods[1]], al2.alignment.rotations[s.periods[1]], atol=1e-5)
    assert np.isfinite(al2.vectors[1, k:]).all()  # non-anchor rows rotated too
    words = [w for w in s.words[:200] if w not in planted.planted]
    al3 = align(s, anchors=words)
    assert al3.alignment.to_frame()["anchors"].iloc[1] == len(words)
    with pytest.raises(OOVError):
        align(s, anchors=["not-a-word"])


def test_centering_and_masks_survive_alignment():
    rng = np.random.default_rng(2)
    base = rng.normal(size=(100, 8)) + 3.0  # far from the origin
    words = [f"w{i}" for i in range(100)]
    e0 = _emb(words, base)
    e1 = _emb(words[:90], base[:90] @ synthetic.random_rotation(8, 1))
    s = DiachronicEmbedding.from_embeddings({0: e0, 1: e1})
    al = align(s, center=True, normalize=False)
    assert np.abs(np.nanmean(al.vectors[1][:90], axis=0)).max() < 1e-4
    assert np.isnan(al.vectors[1, s.indices(words[90:])]).all()
    assert al.alignment.to_frame()["anchors"].iloc[1] == 90


# ------------------------------------------------------------------ change measures
@pytest.mark.parametrize("measure,kw", [("cosine", {}), ("angular", {}), ("local", {"k": 25}),
                                        ("nn_overlap", {"k": 100})])
def test_planted_words_rank_on_top(planted, measure, kw):
    s = align(planted.series) if measure in ("cosine", "angular") else planted.series
    scores = measure_change(s, measure=measure, **kw)
    res = scores.auc(planted.planted)
    assert res["auc"] >= 0.95, res
    assert res["missing"] == []
    top = set(scores.most_changed(len(planted.planted))["word"])
    assert len(top & set(planted.planted)) >= 0.8 * len(planted.planted)


def test_no_change_before_the_shift(planted):
    al = align(planted.series)
    before = displacement(al, planted.series.periods[0], planted.series.periods[1])
    assert before.auc(planted.planted)["auc"] < 0.75  # nothing planted between periods 0 and 1


def test_cosine_and_angular_equal_scipy(planted):
    al = align(planted.series)
    cs = displacement(al)
    an = displacement(al, metric="angular")
    for w in planted.planted[:3] + ["w0", "w7"]:
        a, b = al.vector(w, al.periods[0]), al.vector(w, al.periods[-1])
        assert cs[w] == pytest.approx(scipy_cosine(a, b), abs=1e-5)
        assert an[w] == pytest.approx(np.arccos(1 - scipy_cosine(a, b)) / np.pi, abs=1e-4)


def _local_naive(ua, ub, i, k):
    def knn(u):
        s = u @ u[i]
        s[i] = -np.inf
        return set(np.argsort(-s)[:k].tolist())
    nbrs = sorted(knn(ua) | knn(ub))
    sa, sb = ua[nbrs] @ ua[i], ub[nbrs] @ ub[i]
    return scipy_cosine(sa, sb)


def test_local_neighbourhood_equals_definition(planted):
    s = planted.series.subset(planted.series.words[:300])
    cs = local_neighborhood_change(s, k=10)
    ua = s.vectors[0] / np.linalg.norm(s.vectors[0], axis=1, keepdims=True)
    ub = s.vectors[-1] / np.linalg.norm(s.vectors[-1], axis=1, keepdims=True)
    for w in s.words[:8]:
        assert cs[w] == pytest.approx(_local_naive(ua, ub, s.index(w), 10), abs=1e-5)


def test_nn_overlap_equals_set_intersection(planted):
    s = planted.series.subset(planted.series.words[:300])
    cs = nn_overlap_change(s, k=20, min_freq=None)
    ua = s.vectors[0] / np.linalg.norm(s.vectors[0], axis=1, keepdims=True)
    ub = s.vectors[-1] / np.linalg.norm(s.vectors[-1], axis=1, keepdims=True)
    f = cs.to_frame().set_index("word")
    for w in s.words[:8]:
        i = s.index(w)
        na = set(np.argsort(-(ua @ ua[i]))[1:21].tolist())
        nb = set(np.argsort(-(ub @ ub[i]))[1:21].tolist())
        assert f.loc[w, "overlap"] == len(na & nb)
        assert f.loc[w, "score"] == pytest.approx(1 - len(na & nb) / 20)


def test_absent_words_are_reported_and_frequency_filters():
    rng = np.random.default_rng(4)
    words = [f"w{i}" for i in range(60)]
    e0 = _emb(words, rng.normal(size=(60, 5)), np.arange(60, 0, -1) * 10)
    e1 = _emb(words[:50], rng.normal(size=(50, 5)), np.arange(50, 0, -1) * 10)
    al = align(DiachronicEmbedding.from_embeddings({0: e0, 1: e1}))
    cs = displacement(al)
    assert sorted(cs.absent) == sorted(words[50:]) and len(cs) == 50
    with pytest.raises(OOVError, match="absent words: 10"):
        cs["w55"]
    top = cs.most_changed(100, min_count=300)
    assert (top[["count_start", "count_end"]] >= 300).all().all() and len(top) == 21
    assert cs.least_changed(5)["score"].is_monotonic_increasing


def test_change_series_and_onomasiology(planted):
    al = align(planted.series)
    ser = change_series(al)
    w = ser.wide()
    assert w.shape == (len(al), 3)
    p = planted.planted[0]
    # the planted word jumps between periods 1 and 2 (shift_period=2), not elsewhere
    assert w.loc[p].idxmax() == al.periods[2]
    ono = onomasiological(al, p, k=3)
    first = ono.to_frame().query("rank == 1").set_index("period")["neighbor"]
    donor = planted.donors[0]
    assert first[al.periods[0]] == donor  # what p means now was called "donor" before the shift
    assert first[al.periods[1]] == donor
    nt = neighbors_over_time(al, p, k=3)
    assert len(nt.to_frame()) == 3 * len(al.periods)
    with pytest.raises(DiachronicError, match="align"):
        onomasiological(planted.series, p)
    against_first = change_series(al, against="first")
    assert set(against_first.frame["reference"]) == {al.periods[0]}


def test_results_render_and_plot(planted):
    import matplotlib.pyplot as plt

    from wordvec.diachronic.plots import plot_trajectory

    al = align(planted.series)
    cs = displacement(al)
    assert "Semantic change (cosine)" in str(cs) and "<table" in cs._repr_html_()
    assert "Orthogonal Procrustes" in str(al.alignment)
    for ax in (cs.plot(10), al.alignment.plot(), al.plot(), change_series(al).plot(planted.planted[:2]),
               plot_trajectory(al, planted.planted[0], k=4)):
        assert ax.figure is not None
    plt.close("all")


def test_caller_arrays_are_not_modified_and_exclude_filter():
    rng = np.random.default_rng(9)
    v = rng.normal(size=(2, 4, 3)).astype(np.float32)
    before = v.copy()
    present = np.array([[True, True, True, False], [True, True, True, True]])
    s = DiachronicEmbedding([1, 2], ["a", "b", "c", "d"], v, present)
    np.testing.assert_array_equal(v, before)  # the NaN mask went into a copy
    assert np.isnan(s.vectors[0, 3]).all()
    cs = displacement(align(s))
    assert "a" not in set(cs.most_changed(10, exclude=["a"])["word"])
    assert len(cs.least_changed(10, exclude={"a", "b"})) == 1


def test_neighbour_ties_go_to_the_lower_row():
    from wordvec.diachronic.change import knn_indices

    # rows 1, 2 and 3 are the same vector: every search must prefer the lowest tied row
    v = np.array([[1.0, 0.0], [0.6, 0.8], [0.6, 0.8], [0.6, 0.8], [0.0, 1.0]], dtype=np.float32)
    nn = knn_indices(v, 2, block_bytes=8)  # one row a block: the blocking cannot change the answer
    assert nn.tolist() == [[1, 2], [2, 3], [1, 3], [1, 2], [1, 2]]
    s = DiachronicEmbedding([0, 1], list("abcde"), np.stack([v, v]), np.ones((2, 5), bool))
    nt = neighbors_over_time(s, "a", k=2).to_frame()
    assert nt["neighbor"].tolist() == ["b", "c", "b", "c"] and nt["rank"].tolist() == [1, 2, 1, 2]


def test_parameter_errors_name_the_parameter(planted):
    from wordvec.errors import ParameterError, ParameterTypeError, WordvecError
    from wordvec.diachronic import train_periods

    with pytest.raises(ParameterError, match="measure"):
        measure_change(planted.series, measure="euclid")
    with pytest.raises(ParameterError, match="method"):
        align(planted.series, method="star")
    with pytest.raises(ParameterTypeError, match="corpora"):
        train_periods(42, object())
    assert issubclass(DiachronicError, WordvecError) and issubclass(DiachronicError, ValueError)
    np.testing.assert_array_equal(synthetic.random_rotation(4), synthetic.random_rotation(4, seed=0))  # seed=0 default
