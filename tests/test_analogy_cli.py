"""``wordvec evaluate analogy|similarity``: numbers equal the library's, errors exit cleanly."""
from __future__ import annotations

import json

import pytest

import wordvec
from wordvec.cli import main
from wordvec.evaluation import evaluate_analogies, evaluate_similarity


def test_cli_analogy_json(capsys):
    assert main(["evaluate", "analogy", "googlenews-subset", "--method", "3cosmul", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    ref = evaluate_analogies(wordvec.datasets.googlenews_subset(), "google", "3cosmul")
    assert out["accuracy"] == ref.accuracy and out["oov"] == ref.n_oov
    assert out["ci95"] == ref.conf_int().loc["accuracy"].tolist()
    assert [s["section"] for s in out["sections"]][-1] == "Total"


def test_cli_similarity_text_and_json(capsys, tmp_path):
    assert main(["evaluate", "similarity", "googlenews-subset", "--dataset", "simlex999"]) == 0
    assert "Spearman rho" in capsys.readouterr().out
    assert main(["evaluate", "similarity", "googlenews-subset", "--json", "--n-boot", "200"]) == 0
    out = json.loads(capsys.readouterr().out)
    ref = evaluate_similarity(wordvec.datasets.googlenews_subset(), "wordsim353", n_bootstrap=200)
    assert out["estimate"] == pytest.approx(ref.spearman) and out["oov"] == ref.n_oov == len(out["oov_pairs"])


def test_cli_errors(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text(": s\na b c\n")
    assert main(["evaluate", "analogy", "googlenews-subset", "--dataset", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "bad.txt" in err
    assert main(["evaluate", "similarity", str(tmp_path / "missing.vec")]) == 2
