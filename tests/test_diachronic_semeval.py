"""SemEval-2020 Task 1 file formats and scoring."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from wordvec.diachronic.semeval import (evaluate_binary, evaluate_graded, read_gold, read_targets, strip_pos,
                                        write_scores)
from wordvec.errors import EmptyInputError, FormatError, MissingFileError, ParameterError, ParameterTypeError

TARGETS = ["attack_nn", "bag_nn", "ball_nn", "bit_nn", "chairman_nn", "circle_vb", "contemplation_nn", "donkey_nn"]
GRADED = [0.144, 0.1, 0.404, 0.31, 0.0, 0.172, 0.0758, 0.0466]
BINARY = [1, 0, 1, 1, 0, 1, 0, 0]


@pytest.fixture
def task(tmp_path):
    (tmp_path / "truth").mkdir()
    (tmp_path / "targets.txt").write_text("\n".join(TARGETS) + "\n")
    (tmp_path / "truth" / "graded.txt").write_text("".join(f"{w}\t{s}\n" for w, s in zip(TARGETS, GRADED)))
    (tmp_path / "truth" / "binary.txt").write_text("".join(f"{w}\t{s}\n" for w, s in zip(TARGETS, BINARY)))
    return tmp_path


def test_read_files(task):
    assert read_targets(task / "targets.txt") == TARGETS
    g = read_gold(task / "truth" / "graded.txt")
    assert g.name == "graded" and g["ball_nn"] == pytest.approx(0.404)
    b = read_gold(task / "truth" / "binary.txt")
    assert b.name == "binary" and b.tolist() == BINARY
    assert strip_pos("circle_vb") == "circle" and strip_pos("new_york") == "new_york"


@pytest.mark.parametrize("content,message,line", [
    ("attack_nn\t0.1\nbag_nn 0.2\n", "expected 'word<TAB>score'", 2),
    ("attack_nn\t0.1\nbag_nn\tlots\n", "not a number", 2),
    ("attack_nn\t0.1\n\nattack_nn\t0.3\n", "duplicate word 'attack_nn'", 3),
])
def test_gold_format_errors_name_the_line(tmp_path, content, message, line):
    p = tmp_path / "graded.txt"
    p.write_text(content)
    with pytest.raises(FormatError, match=message) as exc:
        read_gold(p)
    assert exc.value.line == line and str(p) in str(exc.value)


def test_binary_gold_must_be_zero_or_one(tmp_path):
    p = tmp_path / "binary.txt"
    p.write_text("a\t1\nb\t0.5\n")
    with pytest.raises(FormatError, match="0 or 1"):
        read_gold(p)
    (tmp_path / "empty.txt").write_text("\n")
    with pytest.raises(EmptyInputError):
        read_targets(tmp_path / "empty.txt")


def test_graded_spearman_equals_scipy_and_reports_missing(task):
    rng = np.random.default_rng(0)
    pred = {strip_pos(w): s + rng.normal(scale=0.1) for w, s in zip(TARGETS, GRADED)}
    del pred["donkey"]
    res = evaluate_graded(pred, task / "truth" / "graded.txt", map_words=strip_pos)
    keep = [i for i, w in enumerate(TARGETS) if w != "donkey_nn"]
    ref = stats.spearmanr([pred[strip_pos(TARGETS[i])] for i in keep], [GRADED[i] for i in keep])
    assert res.statistic == pytest.approx(ref.statistic) and res.p_value == pytest.approx(ref.pvalue)
    assert res.missing == ["donkey_nn"] and res.n == 7
    ci = res.conf_int()
    assert list(ci.columns) == ["ci_low", "ci_high"] and list(ci.index) == ["spearman_rho"]
    lo, hi = ci.loc["spearman_rho"]
    assert lo < res.statistic < hi
    assert res.conf_int(0.5).loc["spearman_rho", "ci_low"] > lo  # a lower confidence, a narrower interval
    assert res.to_frame().loc[0, ["estimate", "ci_low", "ci_high"]].tolist() == [res.statistic, lo, hi]
    assert "SemEval-2020 Task 1" in str(res)


def test_binary_accuracy_after_threshold(task, tmp_path):
    scores = pd.Series([0.9, 0.2, 0.8, 0.1, 0.3, 0.7, 0.6, 0.05], index=TARGETS)
    path = tmp_path / "answer.txt"
    write_scores(path, scores)  # the submission format round-trips through the reader
    back = read_gold(path, "graded")
    pd.testing.assert_series_equal(back, scores.rename("graded").rename_axis("word"), check_exact=False)
    res = evaluate_binary(back, task / "truth" / "binary.txt", threshold=0.5)
    pred = (scores > 0.5).astype(int).tolist()
    assert res.statistic == pytest.approx(np.mean(np.array(pred) == np.array(BINARY)))  # 6/8
    assert res.statistic == pytest.approx(0.75) and res.baseline == pytest.approx(0.5)
    mean_thr = evaluate_binary(scores, task / "truth" / "binary.txt")
    assert mean_thr.threshold == pytest.approx(scores.mean())
    with pytest.raises(ParameterError, match="threshold"):
        evaluate_binary(scores, task / "truth" / "binary.txt", threshold="best")


def test_errors_are_wordvec_errors(task, tmp_path):
    with pytest.raises(MissingFileError, match="nowhere.txt"):
        read_targets(tmp_path / "nowhere.txt")
    with pytest.raises(ParameterError, match="kind"):
        read_gold(task / "truth" / "graded.txt", "ordinal")
    with pytest.raises(ParameterTypeError, match="predictions"):
        evaluate_graded([0.1, 0.2], task / "truth" / "graded.txt")
