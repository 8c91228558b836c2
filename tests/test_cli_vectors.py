"""Smoke tests of ``wordvec info | convert | neighbors`` through ``wordvec.cli.main``."""
from __future__ import annotations

import json

import numpy as np
import pytest
from gensim.models import KeyedVectors

import wordvec
from wordvec.cli import main

GN = str(wordvec.datasets.data_path("googlenews_subset.wv"))


def run(capsys, *argv):
    rc = main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_info_json_matches_the_embedding(capsys):
    rc, out, _ = run(capsys, "info", GN, "--json")
    info = json.loads(out)
    emb = wordvec.datasets.googlenews_subset()
    assert rc == 0 and info["words"] == 13013 and info["dim"] == 300 and info["format"] == "native"
    norms = np.linalg.norm(np.asarray(emb.vectors, dtype=np.float64), axis=1)
    assert info["norms"]["mean"] == pytest.approx(norms.mean(), rel=1e-5)
    assert info["norms"]["max"] == pytest.approx(norms.max(), rel=1e-5)
    assert info["first_words"][:3] == list(emb.words[:3])
    rc, out, _ = run(capsys, "info", GN)
    assert rc == 0 and "13,013 words × 300 dims" in out


def test_convert_then_gensim_reads_it(capsys, tmp_path):
    out_path = tmp_path / "gn.bin"
    rc, out, _ = run(capsys, "convert", GN, str(out_path), "--limit", "500", "--json")
    assert rc == 0 and json.loads(out)["to"] == "word2vec_binary"
    kv = KeyedVectors.load_word2vec_format(str(out_path), binary=True)
    emb = wordvec.datasets.googlenews_subset().head(500)
    assert kv.index_to_key == list(emb.words) and np.array_equal(kv.vectors, emb.vectors)
    rc, out, _ = run(capsys, "convert", str(out_path), str(tmp_path / "gn.txt"), "--to", "glove")
    assert rc == 0 and "wrote 500 words" in out
    assert len(wordvec.load(tmp_path / "gn.txt")) == 500


def test_neighbors_json_matches_gensim(capsys):
    rc, out, _ = run(capsys, "neighbors", GN, "king", "Paris", "--k", "5", "--json")
    res = json.loads(out)
    kv = wordvec.datasets.googlenews_subset().to_gensim()
    for q in ("king", "Paris"):
        assert [r["word"] for r in res[q]] == [w for w, _ in kv.most_similar(q, topn=5)]
    rc, out, _ = run(capsys, "neighbors", GN, "king", "--k", "3")
    assert rc == 0 and out.startswith("king: ")


def test_errors_exit_2_and_name_the_problem(capsys, tmp_path):
    rc, _, err = run(capsys, "neighbors", GN, "king", "notawordzz")
    assert rc == 2 and "notawordzz" in err
    bad = tmp_path / "bad.txt"
    bad.write_text("2 3\na 1 2 3\nb 1 2\n")
    rc, _, err = run(capsys, "info", str(bad))
    assert rc == 2 and "line 3" in err and "expected 3 values" in err
    rc, _, err = run(capsys, "info", str(tmp_path / "missing.txt"))
    assert rc == 2 and "no such file" in err


def test_info_on_a_histwords_directory(capsys, tmp_path):
    import pickle

    for decade, zero in ((1900, [1]), (1910, [])):
        v = np.ones((4, 3))
        v[zero] = 0
        np.save(tmp_path / f"{decade}-w.npy", v)
        with open(tmp_path / f"{decade}-vocab.pkl", "wb") as f:
            pickle.dump(["a", "b", "c", "d"], f, protocol=2)
    rc, out, _ = run(capsys, "info", str(tmp_path), "--json")
    res = json.loads(out)
    assert rc == 0 and [(r["decade"], r["words"], r["absent"]) for r in res["decades"]] == [(1900, 3, 1), (1910, 4, 0)]
