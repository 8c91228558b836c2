"""Bad invocations of every sub-command: one line on stderr and exit status 2, never a traceback."""
from __future__ import annotations

import pytest

from wordvec.cli import main

GN = "googlenews"


@pytest.fixture
def files(tmp_path):
    text = tmp_path / "corpus.txt"
    text.write_text("the king rules the land\nthe queen rules the realm\n" * 5, encoding="utf-8")
    corrupt = tmp_path / "corrupt.vec"
    corrupt.write_text("3 2\nking 0.1 0.2\nqueen 0.3\n", encoding="utf-8")
    return {"text": str(text), "corrupt": str(corrupt), "missing": str(tmp_path / "missing.vec"),
            "out": str(tmp_path / "out.wv"), "dir": str(tmp_path)}


BAD = {
    "missing vector file": ["info", "{missing}"],
    "corrupt vector file": ["neighbors", "{corrupt}", "king"],
    "unknown word": ["neighbors", "{corrupt}", "emperor", "--limit", "1"],
    "k out of range": ["neighbors", GN, "king", "-k", "0"],
    "unknown analogy set": ["evaluate", "analogy", GN, "--dataset", "{missing}"],
    "bootstrap count": ["evaluate", "similarity", GN, "--n-bootstrap", "-5"],
    "bad trainer value": ["train", "glove", "{text}", "-o", "{out}", "--dim", "-1"],
    "option the trainer lacks": ["train", "ppmi", "{text}", "-o", "{out}", "--epochs", "3"],
    "empty vocabulary": ["train", "sgns", "{text}", "-o", "{out}", "--min-count", "1000"],
    "weat test numbers": ["weat", GN, "--tests", "one"],
    "weat partial sets": ["weat", GN, "--X", "{missing}"],
    "weat permutations": ["weat", GN, "--tests", "1", "--n-permutations", "0"],
    "taxonomy outliers": ["taxonomy", "refine", "{text}", "--embedding", "{missing}", "-o", "{out}",
                          "--outliers", "many"],
    "taxonomy nothing to do": ["taxonomy", "evaluate", "{text}"],
    "missing corpus": ["corpus", "vocab", "{missing}"],
    "unknown analysis": ["reproduce", "--only", "nothing", "--out", "{dir}"],
    "controls without corpus": ["change", "--histwords", "{dir}", "--controls", "2"],
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_invocation_is_one_line_and_status_2(case, files, capsys):
    argv = [a.format(**files) for a in BAD[case]]
    assert main(argv) == 2, case
    err = capsys.readouterr().err
    assert err.startswith(f"wordvec {argv[0]}: error: ") and "Traceback" not in err
    assert len(err.strip().splitlines()) <= 2, err


def test_argparse_errors_also_exit_2(capsys):
    for argv in (["neighbors"], ["train", "nope", "x", "-o", "y"], ["evaluate", "analogy", GN, "--method", "x"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
        assert "Traceback" not in capsys.readouterr().err
