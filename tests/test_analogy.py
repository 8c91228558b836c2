"""Analogy solving and evaluation: gensim parity, planted answers, direct formulas, CIs, errors."""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

import wordvec
from wordvec.errors import EmptyInputError, FormatError, OOVError, ParameterError
from wordvec.evaluation import _analogy_engine as engine_module
from wordvec.evaluation import (
    compare_analogies,
    evaluate_analogies,
    load_analogies,
    load_bats,
    solve_analogies,
    solve_analogy,
    wilson_ci,
)

logging.getLogger("gensim").setLevel(logging.WARNING)
QFILE = wordvec.datasets.gensim_test_data("questions-words.txt")


def to_gensim(emb):
    # Built by hand: a fresh KeyedVectors with add_vectors (one row per word).
    from gensim.models import KeyedVectors

    kv = KeyedVectors(emb.dim, count=0, dtype=np.float32)
    kv.add_vectors(list(emb.words), np.asarray(emb.vectors))
    return kv


@pytest.fixture(scope="module")
def gnews():
    return wordvec.datasets.googlenews_subset()


@pytest.fixture(scope="module")
def gnews_kv(gnews):
    return to_gensim(gnews)


def assert_same_as_gensim(g, w):
    g_acc, g_secs = g
    w_acc, w_secs = w.to_gensim()
    assert w_acc == g_acc
    assert [s["section"] for s in w_secs] == [s["section"] for s in g_secs]
    for gs, ws in zip(g_secs, w_secs):
        assert ws["correct"] == gs["correct"], gs["section"]
        assert ws["incorrect"] == gs["incorrect"], gs["section"]


# ----------------------------------------------------------------------------- parity
@pytest.fixture(scope="module")
def gensim_full(gnews_kv):
    # One gensim run on the whole set (gensim answers one question at a time: slow).
    return gnews_kv.evaluate_word_analogies(str(QFILE))


@pytest.fixture(scope="module")
def every_5th(tmp_path_factory):
    lines, i = [], 0
    for line in QFILE.read_text().splitlines():
        if line.startswith(":"):
            lines.append(line)
        elif i % 5 == 0:
            lines.append(line)
        i += not line.startswith(":")
    f = tmp_path_factory.mktemp("q") / "every5.txt"
    f.write_text("\n".join(lines) + "\n")
    return f


@pytest.mark.slow
def test_gensim_parity_googlenews_every_question(gnews, gensim_full):
    # The whole set: ~2 s on a quiet machine, but gensim's one-question-at-a-time BLAS
    # calls slow down 50x on a loaded one, hence `slow`.
    w = evaluate_analogies(gnews, "google", protocol="gensim")
    assert_same_as_gensim(gensim_full, w)
    assert w.n_evaluated == sum(len(s["correct"]) + len(s["incorrect"]) for s in gensim_full[1][:-1])
    assert w.n_evaluated + w.n_oov == 19544  # OOV questions are counted, not dropped


def test_gensim_parity_googlenews_dummy4unknown(gnews, gnews_kv, every_5th):
    # One gensim run checks both the per-question answers and the OOV-as-wrong accuracy.
    g_acc, g_secs = gnews_kv.evaluate_word_analogies(str(every_5th), dummy4unknown=True)
    w = evaluate_analogies(gnews, every_5th, protocol="gensim")
    assert w.n_evaluated > 800 and w.n_oov > 0
    assert w.accuracy_all == pytest.approx(g_acc, abs=1e-15)
    _, w_secs = w.to_gensim()
    oov = w.oov_questions
    for gs, ws in zip(g_secs[:-1], w_secs[:-1]):
        assert ws["correct"] == gs["correct"], gs["section"]
        skipped = [tuple(x.upper() for x in r) for r in oov.loc[oov.section == gs["section"], ["a", "b", "c", "expected"]].itertuples(index=False)]
        assert sorted(ws["incorrect"] + skipped) == sorted(gs["incorrect"]), gs["section"]


@pytest.mark.parametrize("kwargs", [{"restrict_vocab": 6000},
                                    pytest.param({"case_insensitive": False}, marks=pytest.mark.slow)])
def test_gensim_parity_restricted_and_case_sensitive(gnews, gnews_kv, every_5th, kwargs):
    g = gnews_kv.evaluate_word_analogies(str(every_5th), **kwargs)
    w = evaluate_analogies(gnews, every_5th, protocol="gensim", **kwargs)
    assert w.n_evaluated > 150
    assert_same_as_gensim(g, w)


@pytest.fixture(scope="module")
def trained():
    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence

    sents = list(LineSentence(str(wordvec.datasets.gensim_test_data("lee_background.cor"))))
    model = Word2Vec(sents, vector_size=40, window=5, min_count=2, epochs=5, workers=1, seed=3)
    return model.wv


def test_gensim_parity_small_trained_model(trained):
    emb = wordvec.Embedding.from_gensim(trained)
    g = trained.evaluate_word_analogies(str(QFILE))
    w = evaluate_analogies(emb, "google", protocol="gensim")
    assert w.n_evaluated > 100
    assert_same_as_gensim(g, w)
    # the default protocol agrees too wherever no case variant interferes (this corpus keeps case)
    w2 = evaluate_analogies(emb, "google")
    assert abs(w2.accuracy - w.accuracy) <= 2 / w.n_evaluated


def test_gensim_parity_with_case_variants_and_ties(tmp_path):
    # Case variants of inputs ranking at the top, and an exact tie between two answers.
    rng = np.random.default_rng(0)
    base = rng.standard_normal((60, 8)).astype(np.float32)
    words = [f"w{i}" for i in range(60)]
    words[1], words[2], words[3], words[4] = "a", "b", "c", "d"
    base[5] = base[2] - base[1] + base[3]          # the true answer ...
    words[5] = "ANS"
    base[6] = base[5] * 1.0001                      # ... tied in direction with another word
    words[6] = "ans2"
    base[7] = (base[2] - base[1] + base[3]) * 0.9 + base[2] * 0.3  # a variant of b scoring high
    words[7] = "B"
    emb = wordvec.Embedding(words, base)
    f = tmp_path / "q.txt"
    f.write_text(": s\na b c ans\na b c ANS2\nc d a b\n")
    g = to_gensim(emb).evaluate_word_analogies(str(f))
    w = evaluate_analogies(emb, f, protocol="gensim")
    assert_same_as_gensim(g, w)
    assert w.meta["replayed"] >= 1  # the tie was settled by gensim's own arithmetic
    assert "B" not in w.questions["predicted"].tolist()  # a case variant of b is never the answer
    assert solve_analogy(emb, "a", "b", "c", k=1).word.tolist() == ["B"]  # ... though it scores best


# ---------------------------------------------------------------- known answers, formulas
def planted_embedding(seed=0, n_noise=200, d=200):
    """Gender and royalty offsets planted exactly: king − man + woman = queen, etc."""
    rng = np.random.default_rng(seed)
    male, royal, plural = (rng.standard_normal(d) for _ in range(3))
    people = {"man": rng.standard_normal(d), "boy": rng.standard_normal(d), "actor": rng.standard_normal(d)}
    vec = {}
    for w, v in people.items():
        vec[w] = v + male
        vec[w + "_f"] = v - male
        vec[w + "_royal"] = v + male + royal
        vec[w + "_f_royal"] = v - male + royal
    words = list(vec) + [f"noise{i}" for i in range(n_noise)]
    mat = np.vstack([*vec.values(), rng.standard_normal((n_noise, d)) * 1.5]).astype(np.float32)
    return wordvec.Embedding(words, mat)


@pytest.mark.parametrize("method", ["3cosadd", "3cosmul", "pairdirection"])
def test_planted_analogies_have_known_answers(method):
    emb = planted_embedding()
    a, b, c, d = [], [], [], []
    for p in ("man", "boy", "actor"):
        for q in ("man", "boy", "actor"):
            if p != q:
                a.append(p); b.append(p + "_f"); c.append(q); d.append(q + "_f")
                a.append(p); b.append(p + "_royal"); c.append(q + "_f"); d.append(q + "_f_royal")
    nb = solve_analogies(emb, a, b, c, method=method, k=3)
    assert nb.words[:, 0].tolist() == d
    # inputs are never answers
    for row, x, y, z in zip(nb.words, a, b, c):
        assert not {x, y, z} & set(row)


def test_inputs_excluded_even_when_closest():
    emb = planted_embedding()
    # b − a + c with a ≈ c: the raw nearest word to the query is b itself
    top = solve_analogy(emb, "man", "man_royal", "man", k=5)
    assert "man_royal" not in top.word.tolist() and "man" not in top.word.tolist()


def direct_scores(U, ia, ib, ic, method, eps=1e-6):
    """Plain-Python loop over every candidate, straight from the papers' formulas."""
    out = np.full(len(U), -np.inf)
    for d in range(len(U)):
        if d in (ia, ib, ic):
            continue
        cos = lambda x, y: float(np.dot(x, y) / (np.linalg.norm(x) * np.linalg.norm(y)))  # noqa: E731
        if method == "3cosadd":
            out[d] = cos(U[d], U[ib] - U[ia] + U[ic])
        elif method == "3cosmul":
            p = lambda x: (1 + cos(U[d], x)) / 2  # noqa: E731
            out[d] = p(U[ib]) * p(U[ic]) / (p(U[ia]) + eps)
        else:
            out[d] = cos(U[d] - U[ic], U[ib] - U[ia])
    return out


@pytest.mark.parametrize("method", ["3cosadd", "3cosmul", "pairdirection"])
@pytest.mark.parametrize("engine", ["numba", "numpy"])
def test_methods_match_direct_formula(method, engine):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((80, 12)).astype(np.float32)
    emb = wordvec.Embedding([f"w{i}" for i in range(80)], X)
    U = X.astype(np.float64) / np.linalg.norm(X, axis=1, keepdims=True)
    qs = rng.choice(80, size=(25, 3))
    qs = qs[(qs[:, 0] != qs[:, 1]) & (qs[:, 1] != qs[:, 2]) & (qs[:, 0] != qs[:, 2])]
    words = emb.words
    nb = solve_analogies(emb, [words[i] for i in qs[:, 0]], [words[i] for i in qs[:, 1]], [words[i] for i in qs[:, 2]],
                         method=method, k=4, engine=engine)
    for row, (ia, ib, ic) in enumerate(qs):
        ref = direct_scores(U, ia, ib, ic, method)
        order = np.argsort(-ref, kind="stable")[:4]
        assert nb.indices[row].tolist() == order.tolist()
        np.testing.assert_allclose(nb.scores[row], ref[order], rtol=2e-5, atol=2e-6)


def test_3cosmul_matches_gensim_most_similar_cosmul(gnews, gnews_kv):
    qs = [("man", "king", "woman"), ("France", "Paris", "Germany"), ("good", "better", "bad")]
    for a, b, c in qs:
        g = gnews_kv.most_similar_cosmul(positive=[b, c], negative=[a], topn=5)
        w = solve_analogy(gnews, a, b, c, method="3cosmul", k=5)
        assert w.word.tolist() == [x for x, _ in g]
        np.testing.assert_allclose(w.score, [s for _, s in g], rtol=1e-5)


def test_3cosadd_matches_gensim_most_similar(gnews, gnews_kv):
    g = gnews_kv.most_similar(positive=["king", "woman"], negative=["man"], topn=10)
    w = solve_analogy(gnews, "man", "king", "woman", k=10)
    assert w.word.tolist() == [x for x, _ in g]
    np.testing.assert_allclose(w.score, [s for _, s in g], rtol=1e-5)


@pytest.mark.parametrize("engine", ["numba", "numpy"])
def test_blocked_columns_give_same_answers(gnews, monkeypatch, engine):
    full = evaluate_analogies(gnews, "google", method="3cosmul")
    real = engine_module.top_scores
    monkeypatch.setattr(engine_module, "BLOCK_BYTES", 400 * 4 * 1500)  # < 1,500 columns a block: ~9 blocks
    monkeypatch.setattr(engine_module, "TILE", 700)                    # and several kernel tiles per block
    blocked = evaluate_analogies(gnews, "google", method="3cosmul", engine=engine)
    pd.testing.assert_series_equal(full.questions["predicted"], blocked.questions["predicted"])
    np.testing.assert_allclose(full.questions["score"], blocked.questions["score"], rtol=1e-6)
    idx1, raw1 = real(gnews.unit, np.array([1, 2]), np.array([3, 4]), np.array([5, 6]), "3cosadd", 4, len(gnews))
    idx2, raw2 = real(gnews.unit, np.array([1, 2]), np.array([3, 4]), np.array([5, 6]), "3cosadd", 4, len(gnews), block_bytes=4000)
    np.testing.assert_array_equal(idx1, idx2)


def test_top_k_accuracy_is_monotone(gnews):
    r1 = evaluate_analogies(gnews, "google")
    r5 = evaluate_analogies(gnews, "google", k=5)
    assert r5.n_correct >= r1.n_correct
    ok = ~r5.questions["oov"]
    assert (r5.questions.loc[ok, "candidates"].map(len) == 5).all()
    assert (r5.questions.loc[ok, "predicted"] == r1.questions.loc[ok, "predicted"]).all()


# ----------------------------------------------------------------------- OOV, datasets
def test_oov_questions_are_counted_and_listed(tmp_path):
    emb = planted_embedding()
    f = tmp_path / "q.txt"
    f.write_text(": people\nman man_f boy boy_f\nman man_f zebra zebra_f\n: royals\nman man_royal boy boy_royal\n"
                 "man man_royal actor unicorn\n")
    res = evaluate_analogies(emb, f, case_insensitive=False)
    assert (res.n_questions, res.n_oov, res.n_evaluated, res.n_correct) == (4, 2, 2, 2)
    assert res.accuracy == 1.0 and res.accuracy_all == 0.5
    oov = res.oov_questions
    assert oov["missing"].tolist() == ["zebra zebra_f", "unicorn"]
    assert oov["line"].tolist() == [3, 6]
    t = res.sections()
    assert t.loc["people", "oov"] == 1 and t.loc["Total", "questions"] == 4
    assert "2 question(s) have a word outside" in str(res)


def test_all_oov_is_an_error(tmp_path):
    f = tmp_path / "q.txt"
    f.write_text(": s\nxx yy zz ww\n")
    with pytest.raises(EmptyInputError, match="none of the 1 questions"):
        evaluate_analogies(planted_embedding(), f)


def test_solve_reports_every_oov_word():
    with pytest.raises(OOVError) as e:
        solve_analogies(planted_embedding(), ["man", "qq"], ["man_f", "rr"], ["boy", "boy"])
    assert e.value.words == ["qq", "rr"]


@pytest.mark.parametrize("text,line,msg", [
    (": s\na b c d\na b c\n", 3, "expected 4 words"),
    (": s\na b c d\n\na b c d e\n", 4, "found 5"),
    (":\na b c d\n", 1, "empty section"),
])
def test_malformed_analogy_lines(tmp_path, text, line, msg):
    f = tmp_path / "bad.txt"
    f.write_text(text)
    with pytest.raises(FormatError, match=msg) as e:
        load_analogies(f)
    assert e.value.line == line and str(f) in str(e.value)


def test_google_set_loads_with_sections():
    ds = load_analogies("google")
    assert len(ds) == 19544 and len(ds.sections) == 14
    assert ds.questions.iloc[0][["a", "b", "c", "d"]].tolist() == ["Athens", "Greece", "Baghdad", "Iraq"]


def make_bats(root):
    d = root / "BATS_3.0" / "2_Derivational_morphology"
    d.mkdir(parents=True)
    (d / "D01 [noun+less_reg].txt").write_text("man\tman_f\nboy\tboy_f\nactor\tactor_f/actress\n")
    e = root / "BATS_3.0" / "4_Lexicographic_semantics"
    e.mkdir(parents=True)
    (e / "L01 [hypernyms - animals].txt").write_text("man\tzzz/man_royal\nboy\tboy_royal\n")
    return root / "BATS_3.0"


def test_bats_directory_format(tmp_path):
    root = make_bats(tmp_path)
    ds = load_bats(root)
    assert len(ds) == 3 * 2 + 2 * 1
    assert ds.sections == ["D01 [noun+less_reg]", "L01 [hypernyms - animals]"]
    res = evaluate_analogies(planted_embedding(), root, case_insensitive=False)
    # b is the first *known* alternative (man_royal for man), any alternative of d counts
    assert res.n_oov == 0 and res.n_correct == len(ds)


def test_bats_malformed_line(tmp_path):
    d = tmp_path / "b"
    d.mkdir()
    (d / "x.txt").write_text("man\tman_f\nonlyone\n")
    with pytest.raises(FormatError) as e:
        load_bats(d)
    assert e.value.line == 2


# ------------------------------------------------------------------------ statistics
def test_wilson_matches_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    for k, n in [(0, 10), (3, 10), (2812, 4326), (50, 50)]:
        for alpha in (0.05, 0.1):
            ref = proportion_confint(k, n, alpha=alpha, method="wilson")
            np.testing.assert_allclose(wilson_ci(k, n, alpha), ref, rtol=1e-12, atol=1e-14)


def test_wilson_coverage_simulation():
    rng = np.random.default_rng(42)
    for p, n in [(0.3, 80), (0.9, 200)]:
        k = rng.binomial(n, p, size=4000)
        lo, hi = wilson_ci(k, np.full_like(k, n))
        cover = np.mean((lo <= p) & (p <= hi))
        assert 0.93 <= cover <= 0.97, (p, n, cover)


def test_result_interval_and_outputs(gnews):
    import matplotlib.pyplot as plt

    res = evaluate_analogies(gnews, "google", method="3cosmul")
    ci = res.conf_int()
    assert list(ci.columns) == ["ci_low", "ci_high"] and list(ci.index) == ["accuracy"]
    lo, hi = ci.loc["accuracy"]
    assert lo < res.accuracy < hi
    assert res.conf_int(0.01).loc["accuracy", "ci_low"] < lo
    assert list(res.conf_int(include_oov=True).index) == ["accuracy_all"]
    t = res.to_frame()
    assert t.loc["Total", "correct"] == res.n_correct
    assert (t["ci_low"] <= t["accuracy"]).all() and (t["accuracy"] <= t["ci_high"]).all()
    assert "Wilson CI" in res._repr_html_() or "Wilson" in str(res)
    ax = res.plot()
    assert len(ax.patches) == 14 and ax.get_xlabel().startswith("accuracy")
    plt.close("all")


def test_bad_arguments(gnews):
    with pytest.raises(ParameterError, match="only implements"):
        evaluate_analogies(gnews, "google", method="3cosmul", protocol="gensim")
    with pytest.raises(ParameterError, match="method='cosine' is not an analogy method"):
        evaluate_analogies(gnews, "google", method="cosine")
    with pytest.raises(FileNotFoundError):
        evaluate_analogies(gnews, "no-such-dataset")


def test_compare_analogies_matches_statsmodels_mcnemar(gnews):
    from statsmodels.stats.contingency_tables import mcnemar

    add = evaluate_analogies(gnews, "google", "3cosadd")
    mul = evaluate_analogies(gnews, "google", "3cosmul")
    cmp = compare_analogies(add, mul)
    ref = mcnemar(cmp.to_frame().to_numpy(), exact=True)
    assert cmp.p_value == pytest.approx(ref.pvalue, rel=1e-9)
    with pytest.warns(DeprecationWarning, match="use AnalogyComparison.p_value"):
        assert cmp.pvalue == cmp.p_value
    assert cmp.n_questions == add.n_evaluated
    assert cmp.difference == pytest.approx(add.accuracy - mul.accuracy)
    assert "McNemar" in str(cmp)


def test_3cosavg_matches_direct_computation(tmp_path):
    emb = planted_embedding(n_noise=300)
    people = ("man", "boy", "actor")
    lines = [": gender"] + [f"{p} {p}_f {q} {q}_f" for p in people for q in people if p != q]
    lines += [": royal"] + [f"{p} {p}_royal {q}_f {q}_f_royal" for p in people for q in people if p != q]
    f = tmp_path / "q.txt"
    f.write_text("\n".join(lines) + "\n")
    res = evaluate_analogies(emb, f, method="3cosavg", case_insensitive=False, k=3)
    assert res.n_correct == res.n_evaluated == 12
    # direct: leave-one-out mean offset of the section's other pairs, cosine, c excluded
    U = emb.unit.astype(np.float64)
    q = res.questions.iloc[0]  # man man_f boy boy_f
    pairs = [("man", "man_f"), ("boy", "boy_f"), ("actor", "actor_f")]
    off = np.mean([U[emb.index(b)] - U[emb.index(a)] for a, b in pairs if a != q.c], axis=0)
    query = U[emb.index(q.c)] + off
    cos = U @ query / np.linalg.norm(query)
    cos[emb.index(q.c)] = -np.inf
    assert q.candidates == [emb.words[i] for i in np.argsort(-cos)[:3]]
    assert q.score == pytest.approx(cos.max(), rel=1e-5)
    with pytest.raises(ParameterError, match="'3cosavg' needs the pairs"):
        solve_analogies(emb, ["man"], ["man_f"], ["boy"], method="3cosavg")


def test_renamed_parameters_and_old_import_path_still_work(gnews):
    with pytest.warns(DeprecationWarning, match="'topn' is deprecated"):
        old = solve_analogy(gnews, "man", "king", "woman", topn=3)
    assert old.equals(solve_analogy(gnews, "man", "king", "woman", k=3))
    with pytest.warns(DeprecationWarning, match="'topn' is deprecated"):
        res = evaluate_analogies(gnews, "google", restrict_vocab=2000, topn=2)
    assert res.k == 2
    with pytest.warns(DeprecationWarning, match="use AnalogyResult.k"):
        assert res.topn == 2
    with pytest.raises(AttributeError):
        res.topn = 3  # read-only
    with pytest.warns(DeprecationWarning, match="moved to wordvec.evaluation"):
        from wordvec.analogy import evaluate_analogies as old_home
    assert old_home is evaluate_analogies


def test_method_names_are_the_only_spelling_outside_the_engine():
    from wordvec.evaluation import METHODS, analogy_method

    assert METHODS == ("3cosadd", "3cosmul", "pairdirection", "3cosavg", "lrcos")
    assert set(engine_module.ENGINE_CODES) <= set(METHODS)
    assert [analogy_method(m) for m in ("3CosAdd", "mul", "pair-direction", "cosavg", "LR_Cos")] == \
        ["3cosadd", "3cosmul", "pairdirection", "3cosavg", "lrcos"]
    with pytest.raises(ParameterError, match="engine='gpu'"):
        engine_module.select_engine("gpu")
