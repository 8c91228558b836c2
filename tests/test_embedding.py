"""The Embedding type against gensim KeyedVectors on the real GoogleNews subset."""
from __future__ import annotations

import numpy as np
import pytest

import wordvec
from wordvec import Embedding, OOVError
from wordvec.errors import FormatError


@pytest.fixture(scope="module")
def gn():
    return wordvec.datasets.googlenews_subset(mmap=False)


@pytest.fixture(scope="module")
def gn_kv(gn):
    return gn.to_gensim()


def same_ranking(ours_words, ours_scores, gensim_pairs, tol=2e-6):
    """Identical lists, except that words whose scores tie within ``tol`` may swap."""
    g_words = [w for w, _ in gensim_pairs]
    g_scores = np.array([s for _, s in gensim_pairs])
    assert np.allclose(ours_scores, g_scores, atol=tol)
    for i, (a, b) in enumerate(zip(ours_words, g_words)):
        if a != b:
            assert abs(ours_scores[i] - g_scores[i]) < tol, (i, a, b)
    # Apart from a tie at the cut-off, the sets must agree.
    cutoff = g_scores[-1]
    assert {w for w, s in zip(ours_words, ours_scores) if s > cutoff + tol} == {
        w for w, s in gensim_pairs if s > cutoff + tol
    }


def test_to_gensim_round_trip_is_exact(gn, gn_kv):
    assert gn_kv.index_to_key == list(gn.words)
    assert np.array_equal(gn_kv.vectors, gn.vectors)
    back = Embedding.from_gensim(gn_kv)
    assert list(back.words) == list(gn.words) and np.array_equal(back.vectors, gn.vectors)


def test_to_gensim_keeps_counts():
    emb = Embedding(["a", "b", "c"], np.arange(6, dtype=np.float32).reshape(3, 2), counts=[5, 3, 1])
    kv = emb.to_gensim()
    assert [kv.get_vecattr(w, "count") for w in "abc"] == [5, 3, 1]
    assert np.array_equal(Embedding.from_gensim(kv).counts, [5, 3, 1])


def test_nearest_matches_gensim_most_similar(gn, gn_kv):
    rng = np.random.default_rng(0)
    queries = [gn.words[i] for i in rng.choice(len(gn), 200, replace=False)] + ["king", "Paris", "doctor"]
    nb = gn.nearest(queries, k=10)
    for q, ws, ss in zip(nb.queries, nb.words, nb.scores):
        same_ranking(list(ws), ss, gn_kv.most_similar(q, topn=10))


def test_nearest_by_vector_and_restrict_vocab(gn, gn_kv):
    v = gn["king"] - gn["man"] + gn["woman"]
    nb = gn.nearest(v[None, :], k=5)
    same_ranking(list(nb.words[0]), nb.scores[0], gn_kv.similar_by_vector(v, topn=5))
    nb = gn.nearest(["king"], k=5, restrict_vocab=3000)
    same_ranking(list(nb.words[0]), nb.scores[0], gn_kv.most_similar("king", topn=5, restrict_vocab=3000))


def test_nearest_blocks_do_not_change_the_answer(gn):
    words = list(gn.words[:300])
    a = gn.nearest(words, k=7)
    b = gn.nearest(words, k=7, block_bytes=4 * len(gn) * 13)  # 13 queries a block
    assert np.array_equal(a.indices, b.indices)
    assert np.allclose(a.scores, b.scores)


def test_most_similar_analogy_matches_gensim(gn, gn_kv):
    for pos, neg in [(["king", "woman"], ["man"]), (["Paris", "Germany"], ["France"]), (["doctor"], [])]:
        ours = gn.most_similar(pos, neg, topn=10)
        same_ranking(ours.word.tolist(), ours.similarity.to_numpy(), gn_kv.most_similar(positive=pos, negative=neg, topn=10))


def test_similarity_matches_gensim(gn, gn_kv):
    for a, b in [("king", "queen"), ("dog", "computer"), ("Paris", "London")]:
        assert gn.similarity(a, b) == pytest.approx(float(gn_kv.similarity(a, b)), abs=1e-6)


def test_oov_error_names_every_missing_word(gn):
    with pytest.raises(OOVError) as exc:
        gn.indices(["king", "zzzqx", "qqqzz"])
    assert exc.value.words == ["zzzqx", "qqqzz"] and "zzzqx" in str(exc.value)
    assert isinstance(exc.value, KeyError)
    with pytest.raises(KeyError, match="zzzqx"):
        gn["zzzqx"]


def test_subset_and_intersect_keep_rows(gn):
    sub = gn.subset(["queen", "king", "dog"])
    assert list(sub.words) == ["queen", "king", "dog"]
    assert np.array_equal(sub.vectors[1], gn["king"])
    other = gn.subset(["dog", "cat", "king"]) if "cat" in gn else gn.subset(["dog", "king"])
    a, b = sub.intersect(other)
    assert list(a.words) == list(b.words) == ["king", "dog"]
    assert np.array_equal(a.vectors, b.vectors)


def test_duplicates_and_nonfinite_are_reported():
    v = np.eye(3, dtype=np.float32)
    with pytest.raises(FormatError, match="duplicate"):
        Embedding(["a", "b", "a"], v)
    assert list(Embedding(["a", "b", "a"], v, on_duplicate="first").words) == ["a", "b"]
    last = Embedding(["a", "b", "a"], v, on_duplicate="last")
    assert np.array_equal(last["a"], v[2])
    bad = v.copy()
    bad[1, 2] = np.nan
    with pytest.raises(FormatError, match="'b'"):
        Embedding(["a", "b", "c"], bad)


def test_memmap_is_read_only(tmp_path, gn):
    gn.head(50).save(tmp_path / "s.wv")
    emb = wordvec.load(tmp_path / "s.wv", mmap=True)
    assert isinstance(emb.vectors, np.memmap)
    with pytest.raises(ValueError, match="read-only"):
        emb.vectors[0, 0] = 1.0
    # Derived matrices are fresh arrays and the query API works on the memmap.
    assert emb.nearest(["#"], k=3).indices.shape == (1, 3)


def test_repr_and_html(gn):
    assert "13,013 words × 300 dims" in repr(gn)
    assert "<table>" in gn._repr_html_()


def test_top_k_matches_a_stable_sort_in_both_engines():
    from wordvec._topk import top_k
    from wordvec._topk_kernel import top_k_rows

    rng = np.random.default_rng(5)
    s = rng.normal(size=(64, 500)).astype(np.float32)
    s[:, 10] = s[:, 20]  # ties: the lower column must come first
    s[7] = 0.25  # a row of ties
    s[9, :3] = -np.inf  # excluded entries never outrank finite ones
    scale = rng.uniform(0.5, 2.0, size=500).astype(np.float32)
    for k in (1, 5, 10, 128):
        ref = np.argsort(-s, axis=1, kind="stable")[:, :k]
        idx, val = top_k_rows(s, k, np.ones(500, np.float32))
        assert np.array_equal(idx, ref)
        assert np.array_equal(val, np.take_along_axis(s, ref, axis=1))
        idx2, val2 = top_k(s.copy(), k)  # numpy path (small problem): exact on ties too
        assert np.array_equal(idx2, ref) and np.array_equal(val2, val)
        # A column scale ranks s * scale, in both engines.
        scaled = s * scale
        ref = np.argsort(-scaled, axis=1, kind="stable")[:, :k]
        assert np.array_equal(top_k_rows(s, k, scale)[0], ref)
        assert np.array_equal(top_k(s.copy(), k, scale)[0], ref)


def test_nearest_through_the_kernel_matches_gensim(gn, gn_kv, monkeypatch):
    # 400 queries x 13,013 rows is above the block size where nearest() may use the kernel;
    # the kernel is allowed whatever the total (a fresh process would stay in NumPy).
    import wordvec._topk

    monkeypatch.setattr(wordvec._topk, "KERNEL_MIN_TOTAL", 0)
    words = list(gn.words[1000:1400])
    nb = gn.nearest(words, k=10)
    for q, ws, ss in zip(nb.queries[::20], nb.words[::20], nb.scores[::20]):
        same_ranking(list(ws), ss, gn_kv.most_similar(q, topn=10))
    assert all(nb.indices[i, 0] != 1000 + i for i in range(400))  # self excluded


# --------------------------------------------------------------------------- the result contract
def test_word_rows_are_read_only_so_cached_norms_stay_true():
    emb = Embedding(["a", "b"], np.array([[3.0, 4.0], [1.0, 0.0]], dtype=np.float32))
    assert emb.norms[0] == 5.0
    for row in (emb["a"], emb.get("a")):
        with pytest.raises(ValueError, match="read-only"):
            row[0] = 0.0
    assert emb.norms[0] == 5.0 and emb.vectors[0, 0] == 3.0
    rows = emb[["a", "b"]]  # several rows are a copy: writing it cannot touch the embedding
    rows[0, 0] = 0.0
    assert emb.vectors[0, 0] == 3.0


def test_neighbors_follow_the_result_contract():
    from wordvec.results import ResultMixin, Summary

    emb = Embedding(["a", "b", "c"], np.array([[1, 0], [0.9, 0.1], [0, 1]], dtype=np.float32))
    nb = emb.nearest(["a", "c"], k=1)
    assert isinstance(nb, ResultMixin)
    summary = nb.summary()
    assert isinstance(summary, Summary)
    assert summary.tables[0].loc["a", "neighbors"].startswith("b (")
    assert "Nearest neighbours" in summary.as_latex() and "b (" in str(nb)
    ax = nb.plot("c")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["b"]


def test_summary_latex_keeps_title_info_and_notes():
    import pandas as pd

    from wordvec.results import Summary

    tex = Summary("WEAT 1_x", {"n_permutations": 100}, [pd.DataFrame({"d": [1.0]})], ["one-sided, 50% off"]).as_latex()
    assert "\\paragraph{WEAT 1\\_x}" in tex and "n\\_permutations & 100" in tex
    assert "\\textit{Note: one-sided, 50\\% off}" in tex and "\\begin{tabular}" in tex
