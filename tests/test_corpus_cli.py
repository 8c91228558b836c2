"""The ``wordvec corpus`` command."""
from __future__ import annotations

import gzip

import numpy as np

from wordvec.cli import main
from wordvec.corpus import Cooccurrence, TextCorpus, Tokenizer, count_cooccurrences


def test_vocab_and_count_commands(tmp_path, capsys):
    src = tmp_path / "c.txt.gz"
    with gzip.open(src, "wt") as f:
        f.write("The cat sat.\nThe dog sat on the mat\n")
    out = tmp_path / "vocab.tsv"
    assert main(["corpus", "vocab", str(src), "-o", str(out)]) == 0
    assert out.read_text().splitlines()[:2] == ["the\t3", "sat\t2"]
    assert main(["corpus", "count", str(src), "-o", str(tmp_path / "counts"), "--window", "2",
                 "--weighting", "uniform"]) == 0
    c = Cooccurrence.load(tmp_path / "counts.npz")
    ref = count_cooccurrences(TextCorpus(src), window=2, weighting="uniform")
    assert c == ref and c.get("the", "sat") == 3 and c.window == 2


def test_errors_are_reported_not_raised(tmp_path, capsys):
    (tmp_path / "bin.dat").write_bytes(b"\x00\x01" * 50)
    assert main(["corpus", "count", str(tmp_path / "bin.dat"), "-o", str(tmp_path / "x.npz")]) == 2
    assert "binary" in capsys.readouterr().err
    assert main(["corpus", "vocab", str(tmp_path / "missing.txt")]) == 2


def test_sotu_command_writes_periods(tmp_path):
    assert main(["corpus", "sotu", "-o", str(tmp_path / "sotu"), "--width", "100"]) == 0
    files = sorted(p.name for p in (tmp_path / "sotu").iterdir())
    assert files == ["sotu-1700.txt", "sotu-1800.txt", "sotu-1900.txt", "sotu-2000.txt"]
    docs = list(TextCorpus(tmp_path / "sotu" / "sotu-1700.txt", Tokenizer.whitespace()))
    assert docs[0][:3] == ["fellow", "citizens", "of"] and np.mean([len(d) for d in docs]) > 20
