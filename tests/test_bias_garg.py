"""The Garg et al. (2018) word lists (wordvec/data/garg.json) and RND on them (wordvec.bias)."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest

import wordvec
import wordvec.bias
from wordvec.bias import GuttedSetError, garg_sets, load_wordset, relative_norm_distance
from wordvec.datasets import data_path

NAMES = ["female", "male", "asian_surnames", "hispanic_surnames", "white_surnames", "adjectives", "professions"]


@pytest.fixture(scope="module")
def gn():
    return wordvec.datasets.googlenews_subset()


def card_counts() -> dict[str, int]:
    """The per-list word counts printed in the data card's table."""
    text = data_path("garg.CARD.md").read_text(encoding="utf-8")
    return {m[1]: int(m[2]) for m in re.finditer(r"^\| `(\w+)` \| `\w+` \| (\d+) \|", text, re.M)}


# ------------------------------------------------------------------ the data
def test_lists_load_with_the_card_sizes_and_no_duplicates():
    sets = garg_sets()
    assert list(sets) == NAMES
    counts = card_counts()
    assert counts == {k: len(v) for k, v in sets.items()}
    assert counts == {"female": 20, "male": 20, "asian_surnames": 20, "hispanic_surnames": 16,
                      "white_surnames": 20, "adjectives": 422, "professions": 288}
    for name, words in sets.items():
        assert len(set(words)) == len(words), name
        assert all(w == w.strip().lower() and w for w in words), name
        assert load_wordset("garg:" + name) == words  # the named-set route gives the same list


def test_femen_typo_is_corrected_and_recorded():
    sets = garg_sets()
    assert "femen" not in sets["female"] and sets["female"][14] == "females"   # HELM's position 15
    assert sets["male"][14] == "males"
    raw = json.loads(data_path("garg.json").read_text(encoding="utf-8"))
    assert any("femen" in d and "females" in d for d in raw["deviations"])
    assert "femen" in data_path("garg.CARD.md").read_text(encoding="utf-8")


def test_api_exports_and_errors():
    assert "garg_sets" in wordvec.bias.__all__
    sets = garg_sets()
    sets["female"].append("x")   # a fresh copy each call: callers cannot corrupt the cache
    assert len(garg_sets()["female"]) == 20
    with pytest.raises(ValueError, match="garg:adjectives"):
        load_wordset("garg:adjective")


# ------------------------------------------------------------------ RND on real vectors
def garg_formula(emb, group1: list[str], group2: list[str], neutral: list[str]) -> tuple[float, list[str]]:
    """Garg et al.'s relative norm distance written out, dropping (and returning) OOV words.

    Σ_{w ∈ neutral} (‖ŵ − v₁‖ − ‖ŵ − v₂‖), v_k the mean of the unit vectors of group k.
    """
    def unit(w):
        v = np.asarray(emb[w], dtype=np.float64)
        return v / np.sqrt(v @ v)

    oov = [w for w in group1 + group2 + neutral if w not in emb]
    v1 = np.mean([unit(w) for w in group1 if w in emb], axis=0)
    v2 = np.mean([unit(w) for w in group2 if w in emb], axis=0)
    total = 0.0
    for w in neutral:
        if w in emb:
            u = unit(w)
            total += np.sqrt(((u - v1) ** 2).sum()) - np.sqrt(((u - v2) ** 2).sum())
    return total, oov


def test_rnd_professions_male_female_matches_garg_formula(gn):
    sets = garg_sets()
    r = relative_norm_distance(gn, sets["male"], sets["female"], sets["professions"], n_bootstrap=200, seed=0)
    expected, oov = garg_formula(gn, sets["male"], sets["female"], sets["professions"])
    assert oov == []                                    # complete in the subset (with 'females')
    assert r.oov == {"group1": [], "group2": [], "neutral": []}
    assert r.sizes == {"group1": 20, "group2": 20, "neutral": 288}
    assert r.estimate == pytest.approx(expected, rel=1e-5, abs=1e-4)   # float32 vectors
    assert r.ci[0] <= r.estimate <= r.ci[1]
    per_word = r.extra["per_word"].set_index("word").score
    assert per_word.sum() == pytest.approx(r.estimate)
    # positive = closer to group 2 (female): the female job titles lean that way
    assert per_word["actress"] > 0 and per_word["waitress"] > 0 and per_word["housewife"] > 0


def test_rnd_adjectives_reports_oov_words(gn):
    sets = garg_sets()
    with pytest.raises(GuttedSetError, match="adjectives|neutral"):   # 85 of 422 missing: above 20 %
        relative_norm_distance(gn, sets["male"], sets["female"], sets["adjectives"], n_bootstrap=0)
    r = relative_norm_distance(gn, sets["male"], sets["female"], sets["adjectives"], n_bootstrap=0,
                               oov_threshold=0.25)
    expected, oov = garg_formula(gn, sets["male"], sets["female"], sets["adjectives"])
    assert r.oov["neutral"] == oov and len(oov) == 85   # the same words, in list order
    assert "impressionable" in oov and r.sizes["neutral"] == 422 - 85
    assert r.estimate == pytest.approx(expected, rel=1e-5, abs=1e-4)
