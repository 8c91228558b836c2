"""Taxonomy structure, readers (TExEval, edge lists, WordNet), metrics, refinement and its benchmark."""
import numpy as np
import pytest

from wordvec.errors import EmptyInputError, FormatError, OOVError
from wordvec.hyperbolic import (
    CycleError,
    NotATreeError,
    PoincareModel,
    Taxonomy,
    compound_head,
    corrupt,
    corruption_benchmark,
    edge_scores,
    fowlkes_mallows,
    mammal_closure,
    read_taxonomy,
    read_texeval,
    read_wordnet_nouns,
    refine,
    wordnet_domains,
)
from wordvec.hyperbolic.wordnet import DEFAULT_WORDNET


def small():
    return Taxonomy([("a", "r"), ("b", "r"), ("a1", "a"), ("a2", "a"), ("b1", "b"), ("b2", "b")])


# ------------------------------------------------------------------ structure
def test_structure_closure_reduction_subtree():
    t = small()
    assert t.roots == ["r"] and sorted(t.leaves) == ["a1", "a2", "b1", "b2"] and t.is_tree
    assert t.depth() == {"r": 0, "a": 1, "b": 1, "a1": 2, "a2": 2, "b1": 2, "b2": 2}
    clo = t.closure()
    assert set(clo.edges) == set(t.edges) | {("a1", "r"), ("a2", "r"), ("b1", "r"), ("b2", "r")}
    assert clo.reduction() == t
    sub = t.subtree("a")
    assert set(sub.nodes) == {"a", "a1", "a2"} and set(sub.edges) == {("a1", "a"), ("a2", "a")}
    assert t.ancestors("a1") == {"a", "r"} and t.descendants("a") == {"a1", "a2"}
    with pytest.raises(OOVError, match="zz"):
        t.parents("zz")
    dag = t.with_edges(add=[("a1", "b")])
    with pytest.raises(NotATreeError, match="several parents"):
        dag.check_tree()
    with pytest.raises(NotATreeError, match="2"):
        Taxonomy([("a", "r"), ("b", "s")]).check_tree()
    with pytest.raises(EmptyInputError):
        Taxonomy().check_tree()
    assert Taxonomy([("x", "y"), ("x", "y")]).meta["duplicate_edges"] == 1


def test_cycles_found_and_removed():
    t = small().with_edges(add=[("r", "a1"), ("b2", "b2")])  # r → a1 closes r ← a ← a1; plus a self-loop
    cycles = t.find_cycles()
    assert sorted(map(sorted, cycles)) == [["a", "a1", "r"], ["b2"]]
    with pytest.raises(CycleError, match="cycle"):
        t.closure()
    with pytest.raises(CycleError):
        t.check_tree()
    with pytest.raises(CycleError):
        t.depth()
    fixed, removed = t.remove_cycles()
    assert fixed.is_acyclic and len(removed) == 2 and ("b2", "b2") in removed
    assert len(fixed.roots) == 1
    # with a root above the cycle, the edge against the top-down order is the one dropped
    fixed, removed = small().with_edges(add=[("a", "a1")]).remove_cycles()
    assert removed == [("a", "a1")] and fixed == small()
    # a cycle without any root
    ring = Taxonomy([("x", "y"), ("y", "z"), ("z", "x")])
    fixed, removed = ring.remove_cycles()
    assert fixed.is_acyclic and len(removed) == 1 and fixed.n_edges == 2


# ------------------------------------------------------------------ readers
def test_texeval_reader_multiword_and_errors(tmp_path):
    p = tmp_path / "food.taxo"
    p.write_text("1\tapple pie\tpie\n2\tpie\tfood\n\n3\tcherry tart\ttart\n")
    t = read_texeval(p)
    assert ("apple pie", "pie") in t.edges and t.n_edges == 3 and t.meta["format"] == "texeval"
    assert read_taxonomy(p) == t
    t.write(tmp_path / "out.tsv")
    assert read_texeval(tmp_path / "out.tsv") == t
    t.write(tmp_path / "out2.tsv", format="edgelist")
    assert read_taxonomy(tmp_path / "out2.tsv") == t
    bad = tmp_path / "bad.taxo"
    bad.write_text("1\tapple\tfruit\n2\tpear fruit\n")
    with pytest.raises(FormatError, match=r"bad.taxo, line 2: expected 3"):
        read_texeval(bad)
    bad.write_text("1\tapple\tfruit\n2\t\tfruit\n")
    with pytest.raises(FormatError, match="line 2: empty"):
        read_texeval(bad)
    empty = tmp_path / "empty.taxo"
    empty.write_text("\n# nothing\n")
    with pytest.raises(EmptyInputError):
        read_taxonomy(empty)
    with pytest.raises(FileNotFoundError):
        read_taxonomy(tmp_path / "missing.tsv")
    with pytest.raises(ValueError, match="'csv'"):
        read_taxonomy(p, format="csv")


def test_wordnet_reader_on_a_tiny_database(tmp_path):
    lic = "  1 licence line\n"
    data = (lic +
            "00000001 03 n 01 entity 0 001 ~ 00000002 n 0000 | top\n"
            "00000002 03 n 02 animal 0 beast 0 002 @ 00000001 n 0000 ~ 00000003 n 0000 | an animal\n"
            "00000003 05 n 01 Dog 0 001 @ 00000002 n 0000 | a dog\n"
            "00000004 05 n 01 dog 0 001 @i 00000003 n 0000 | a famous dog\n")
    index = (lic +
             "animal n 1 1 @ 1 0 00000002\nbeast n 1 1 @ 1 0 00000002\n"
             "dog n 2 2 @ @i 2 0 00000003 00000004\nentity n 1 1 ~ 1 0 00000001\n")
    (tmp_path / "data.noun").write_text(data)
    (tmp_path / "index.noun").write_text(index)
    wn = read_wordnet_nouns(tmp_path)
    assert sorted(wn.lemmas) == ["animal.n.01", "dog.n.01", "dog.n.02", "entity.n.01"]
    assert wn.hypernyms == [("animal.n.01", "entity.n.01"), ("dog.n.01", "animal.n.01")]
    assert wn.instance_hypernyms == [("dog.n.02", "dog.n.01")]
    clo = wn.taxonomy(closure=True)
    assert ("dog.n.02", "entity.n.01") in clo.edges and clo.n_edges == 6
    assert wn.taxonomy(instances=False, closure=True).n_edges == 3
    assert wn.lemma_map()["dog"] == ["dog.n.02"] and wn.lemma_map()["Dog"] == ["dog.n.01"]
    assert wn.synsets_of("dog") == ["dog.n.01", "dog.n.02"]
    lem = wn.taxonomy(by="lemma", instances=False)
    assert ("Dog", "beast") in lem.edges and ("Dog", "animal") in lem.edges
    (tmp_path / "data.noun").write_text(lic + "00000001 03 n zz\n")
    with pytest.raises(FormatError, match="line 2"):
        read_wordnet_nouns(tmp_path)
    with pytest.raises(FileNotFoundError, match="wordnet-base"):
        read_wordnet_nouns(tmp_path / "nowhere")


def test_shipped_wordnet_data():
    m = mammal_closure()
    assert (len(m), m.n_edges) == (1182, 6542) and m.roots == ["mammal.n.01"]
    assert ("dog.n.01", "carnivore.n.01") in m.edges and m.closure() == m
    food = wordnet_domains("food")
    assert food.roots == ["food.n.02"] and len(food) == 1121


@pytest.mark.slow
@pytest.mark.skipif(not (DEFAULT_WORDNET / "data.noun").exists(), reason="Debian's wordnet-base is not installed")
def test_recipe_reproduces_shipped_data():
    wn = read_wordnet_nouns()
    assert len(wn.names) == 82115   # WordNet 3.0 noun synsets
    assert wn.taxonomy(root="mammal.n.01", closure=True) == mammal_closure()
    full = wn.taxonomy(instances=False)
    assert full.subtree("science.n.01") == wordnet_domains("science")


# ------------------------------------------------------------------ metrics
def test_edge_scores_and_fowlkes_mallows_hand_computed():
    gold = small()
    pred = Taxonomy([("a", "r"), ("b", "r"), ("a1", "a"), ("b1", "a"), ("a2", "b"), ("b2", "b")])
    s = edge_scores(pred, gold)
    assert (s.true_positives, s.precision, s.recall, s.f1) == (4, 4 / 6, 4 / 6, pytest.approx(4 / 6))
    assert set(s.extra) == {("b1", "a"), ("a2", "b")} and set(s.missing) == {("a2", "a"), ("b1", "b")}
    assert list(s.conf_int().columns) == ["ci_low", "ci_high"]
    lo, hi = s.conf_int().loc["precision"]
    assert lo < 4 / 6 < hi
    fm = fowlkes_mallows(pred, gold)
    # level 1: one cluster of all 7 terms on both sides → B1 = 1; level 2: {a,a1,a2},{b,b1,b2} vs
    # {a,a1,b1},{b,a2,b2}: n11 = 2 of 6 pairs → B2 = 1/3; cumulative (1·1 + 2·1/3) / 3 = 5/9
    np.testing.assert_allclose(fm.b, [1.0, 1 / 3])
    assert fm.cumulative == pytest.approx(5 / 9)
    assert fowlkes_mallows(gold, gold).cumulative == pytest.approx(1.0)
    with pytest.raises(EmptyInputError):
        edge_scores(pred, Taxonomy(nodes=["x"]))
    with pytest.raises(EmptyInputError):
        fowlkes_mallows(Taxonomy([("x", "y")]), gold)


# ------------------------------------------------------------------ refinement
def tree(branch=3, depth=3):
    edges, level = [], ["t"]
    for d in range(depth):
        nxt = [f"{p}{i}" for p in level for i in range(branch)]
        edges += [(c, c[:-1]) for c in nxt]
        level = nxt
    return Taxonomy(edges)


@pytest.fixture(scope="module")
def tree_embedding():
    gold = tree()
    return gold, PoincareModel(dim=5, epochs=40, negatives=10, seed=0).fit(gold)


def test_refine_moves_a_planted_wrong_edge_and_reports_it(tree_embedding):
    gold, emb = tree_embedding
    noisy = gold.with_edges(remove=[("t000", "t00")], add=[("t000", "t21"), ("t21", "t000")], remove_nodes=["t111"])
    noisy = noisy.with_edges(add=[("t", "above")])
    res = refine(noisy, emb, vocabulary=gold.nodes + ["apple t1"], root="t")
    rep = res.report
    assert ((rep.reason == "back edge of a cycle") & (rep.hyponym == "t21")).any() or \
           ((rep.reason == "back edge of a cycle") & (rep.hyponym == "t000")).any()
    assert ((rep.hyponym == "above") & (rep.reason == "term above the domain root")).any()
    moved = rep[(rep.action == "moved") & (rep.hyponym == "t000")]
    assert len(moved) == 1 and moved.old_hypernym.iloc[0] == "t21"
    assert set(res.taxonomy.parents("t000")) <= gold.ancestors("t000")   # back under a true ancestor
    added = rep[(rep.action == "added") & (rep.hyponym == "t111")]
    assert len(added) == 1 and added.new_hypernym.iloc[0] in gold.ancestors("t111")
    # no embedding: compound-head fallback
    head = rep[rep.hyponym == "apple t1"]
    assert head.new_hypernym.iloc[0] == "t1" and "compound head" in head.reason.iloc[0]
    assert res.unembedded == ["apple t1"]
    assert res.taxonomy.is_acyclic and res.taxonomy.roots == ["t"]
    assert (res.edge_ranks.outlier.sum() >= 1) and str(res.summary())


def test_term_distance_is_minimum_over_synonym_keys(tree_embedding):
    from wordvec.hyperbolic.geometry import distance
    from wordvec.hyperbolic.refine import TermDistances

    _, emb = tree_embedding
    syn = {"x": ["t000", "t221"], "y": ["t001"], "z": ["t2"]}
    td = TermDistances(emb, ["x", "y", "z", "w"], syn)
    assert td.embedded == ["x", "y", "z"]
    p = lambda k: emb.points[emb.index(k)]  # noqa: E731
    assert td.D[0, 1] == pytest.approx(min(distance(p("t000"), p("t001")), distance(p("t221"), p("t001"))))
    assert td.D[0, 2] == pytest.approx(min(distance(p("t000"), p("t2")), distance(p("t221"), p("t2"))))
    # rank = 1 + number of other terms closer to the child than the parent
    assert td.rank("y", ["x"])[0] == 1 + (td.D[1, 2] < td.D[1, 0])


def test_term_lemma_and_compound_head_match_hand_computed():
    from wordvec.hyperbolic.refine import head_match, term_lemma

    assert term_lemma("Sourdough_bread.n.01") == "sourdough bread" and term_lemma("ice  cream") == "ice cream"
    cands = ["bread.n.01", "cream.n.02", "ice_cream.n.01", "chocolate ice cream", "bread", "chocolate.n.02"]
    assert head_match("sourdough_bread.n.01", cands).tolist() == [1, 0, 0, 0, 1, 0]
    assert head_match("chocolate_ice_cream.n.01", cands).tolist() == [0, 1, 2, 0, 0, 0]   # not itself
    assert head_match("chocolate_ice_cream.n.01", cands, head="first").tolist() == [0, 0, 0, 0, 0, 1]
    assert head_match("bread", cands).tolist() == [0] * 6                                # one word: no head


def test_intruder_count_matches_its_definition():
    """intruders(x, v) = terms off v's chain nearer to x than the farthest chain member (brute force)."""
    from wordvec.hyperbolic import PoincareEmbedding
    from wordvec.hyperbolic.geometry import distance
    from wordvec.hyperbolic.refine import TermDistances, _ChainScorer

    tax = Taxonomy([("a", "r"), ("b", "r"), ("a1", "a"), ("a2", "a"), ("b1", "b"), ("a11", "a1"), ("a12", "a1")])
    rng = np.random.default_rng(4)
    words = tax.nodes + ["x"]
    emb = PoincareEmbedding(words, rng.uniform(-0.6, 0.6, (len(words), 3)))
    space = TermDistances(emb, words)
    cands = tax.inner
    sc = _ChainScorer(tax, space, cands)
    pt = {w: emb.points[emb.index(w)] for w in words}
    for x in ("x", "a2", "b1"):
        got = sc.intruders(x)
        for j, v in enumerate(cands):
            chain = tax.ancestors(v) | {v}
            far = max(distance(pt[x], pt[a]) for a in chain if a != x)
            want = sum(1 for t in words if t not in chain and t != x and distance(pt[x], pt[t]) < far)
            assert got[j] == want, (x, v)
    # planted: x lies beyond a on the ray r → a, a1 off to the side; a is nearest, yet a1's whole chain
    # a1 ← a ← r is nearer to x than any other term (0 intruders), a1 intrudes on a's chain, a1 and a on r's
    at = {"r": [0, 0, 0], "a": [.5, 0, 0], "x": [.8, 0, 0], "a1": [.6, .45, 0], "a11": [.45, .8, 0], "a12": [.7, .6, 0],
          "b": [0, -.5, 0], "b1": [0, -.8, 0], "a2": [.3, 0, .8]}
    emb2 = PoincareEmbedding(words, np.array([at[w] for w in words], float))
    assert emb2.distance("x", "a") < emb2.distance("x", "a1") < emb2.distance("x", "r") < emb2.distance("x", "b")
    sc2 = _ChainScorer(tax, TermDistances(emb2, words), cands)
    s = dict(zip(cands, sc2.intruders("x")))
    assert (s["a1"], s["a"], s["r"], s["b"]) == (0, 1, 2, 2)
    # the lowest-rank rule takes the nearest candidate (a); the specific rule the deepest plausible one (a1)
    noisy = tax.with_edges(add=[("x", "b")])
    res_rank = refine(noisy, emb2, root="r", parent_rule="rank", outliers=3)
    res_spec = refine(noisy, emb2, root="r", parent_rule="specific", outliers=3, slack=0)
    assert res_rank.taxonomy.parents("x") == ["a"] and res_spec.taxonomy.parents("x") == ["a1"]
    assert set(res_spec.taxonomy.edges) - {("x", "a1")} == set(tax.edges)
    row = res_spec.report[res_spec.report.hyponym == "x"].iloc[0]
    assert (row.action, row.old_hypernym, row.new_hypernym) == ("moved", "b", "a1") and "most specific plausible" in row.reason


def test_specific_rule_restores_planted_moves_and_keeps_plausible_edges(tree_embedding):
    gold, emb = tree_embedding
    moves = {"t000": ("t00", "t21"), "t12": ("t1", "t20"), "t221": ("t22", "t01")}   # two leaves, one inner term
    noisy = gold.with_edges(remove=[(c, p) for c, (p, _) in moves.items()], add=[(c, w) for c, (_, w) in moves.items()])
    res = refine(noisy, emb, root="t")
    for c, (p, _) in moves.items():
        assert res.taxonomy.parents(c) == [p]
    assert set(res.taxonomy.edges) == set(gold.edges)            # and no correct edge was broken
    rep = res.report
    assert set(rep[rep.action == "moved"].hyponym) == set(moves)
    assert res.parent_rule == "specific" and res.slack >= 0 and "intruders" in res.edge_ranks
    # a fixed threshold of 1 flags nearly everything; parents the model does not contradict are kept, not moved
    strict = refine(noisy, emb, root="t", outliers=1)
    kept = strict.report[(strict.report.action == "kept") & strict.report.reason.str.contains("not contradicted")]
    assert len(kept) >= 5 and (kept.old_hypernym == kept.new_hypernym).all()
    assert set(zip(kept.hyponym, kept.old_hypernym)) <= set(strict.taxonomy.edges) & set(gold.edges)
    er = strict.edge_ranks
    assert er.flagged_by_rank.sum() == len(kept) + er.outlier.sum() and len(kept) > 0
    with pytest.raises(ValueError, match="parent_rule"):
        refine(noisy, emb, parent_rule="nearest")
    with pytest.raises(ValueError, match="outliers"):
        refine(noisy, emb, outliers="max")
    with pytest.raises(ValueError, match="attach_missing"):
        refine(noisy, emb, attach_missing="all")


def test_refine_errors(tree_embedding):
    gold, emb = tree_embedding
    with pytest.raises(EmptyInputError):
        refine(Taxonomy(), emb)
    with pytest.raises(OOVError, match="nowhere"):
        refine(gold, emb, root="nowhere")
    with pytest.raises(OOVError, match="no edge of the taxonomy could be scored"):
        refine(Taxonomy([("x", "y")]), emb)
    assert compound_head("apple pie") == "pie" and compound_head("apple pie", "first") == "apple" and compound_head("pie") is None


def test_corruption_is_seeded_and_exact():
    gold = tree()
    c1, c2 = corrupt(gold, seed=3), corrupt(gold, seed=3)
    assert c1.taxonomy == c2.taxonomy
    assert len(c1.moved) == round(0.2 * gold.n_edges) and len(c1.detached) == round(0.1 * len(gold))
    assert all(w != p and w not in gold.descendants(c) for c, p, w in c1.moved)
    assert not {t for t, _ in c1.detached} & set(c1.taxonomy.nodes)
    assert edge_scores(c1.taxonomy, gold).true_positives == gold.n_edges - len(c1.destroyed_edges)


def test_corruption_benchmark_small():
    from wordvec.hyperbolic.corrupt import training_closure

    gold = tree(branch=3, depth=4)   # 121 terms
    corr = corrupt(gold, seed=0)
    held = training_closure(gold, corr.destroyed_edges)
    assert not set(corr.destroyed_edges) & set(held.edges) and held.n_edges == gold.closure().n_edges - len(corr.destroyed_edges)
    emb = PoincareModel(dim=5, epochs=60, learning_rate=0.3, negatives=10, closure=False, seed=0).fit(held)
    res = corruption_benchmark(gold, corruption=corr, embedding=emb)
    t = res.table.set_index("taxonomy")
    d = res.diagnostics.set_index("what")["count"]
    # planted: moved edges point to random terms, far in the hyperbolic model → flagged, no correct edge broken
    assert d["moved edges flagged as outliers"] >= 0.8 * len(corr.moved)
    assert d["correct edges broken (not in the refined taxonomy)"] == 0
    # the destroyed gold edges were held out, yet inner moved terms come back through their children → F1 rises
    assert d["moved terms: back at the gold parent"] >= 5
    assert t.loc["refined", "F1"] > t.loc["corrupted", "F1"] + 0.05
    assert t.loc["refined", "correct"] == t.loc["corrupted", "correct"] + d["moved terms: back at the gold parent"] + \
        d["detached terms: at the gold parent"]
    assert t.loc["refined", "ancestor P"] > t.loc["corrupted", "ancestor P"] + 0.2
    assert t.loc["refined", "FM"] > t.loc["corrupted", "FM"] + 0.1
    # the lowest-rank rule of Aly et al. (2019), same corruption and model
    aly = corruption_benchmark(gold, corruption=corr, embedding=emb, refine_options={"parent_rule": "rank"})
    assert aly.table.set_index("taxonomy").loc["refined", "F1"] < t.loc["refined", "F1"]
    assert str(res.summary())
