"""``wordvec train``: every method end to end on a small text file, options reaching the trainer, errors."""
import numpy as np
import pytest

import wordvec
from wordvec.cli import main
from wordvec.corpus import TextCorpus, count_cooccurrences
from wordvec.train import GloVe

TEXT = "\n".join(
    " ".join(words)
    for words in (["the", "King", "rules", "the", "realm"], ["the", "queen", "rules", "the", "land"],
                  ["a", "dog", "chases", "the", "cat"], ["the", "cat", "fears", "a", "dog"]) * 10
) + "\n"


@pytest.fixture
def corpus_file(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.mark.parametrize("method, extra", [
    ("sgns", ["--dim", "8", "--epochs", "2"]),
    ("cbow", ["--dim", "8", "--epochs", "2"]),
    ("fasttext", ["--dim", "8", "--epochs", "1"]),
    ("ppmi", []),
    ("svd", ["--dim", "4", "--eig", "0"]),
    ("glove", ["--dim", "6", "--epochs", "3", "--x-max", "10", "--threads", "2"]),
])
def test_every_method_writes_a_loadable_embedding(method, extra, corpus_file, tmp_path, capsys):
    out = tmp_path / f"{method}.wv"
    assert main(["train", method, str(corpus_file), "-o", str(out), "--min-count", "2", "--window", "2"] + extra) == 0
    emb = wordvec.load(out)
    assert "king" in emb and "King" not in emb  # default tokenisation lower-cases
    assert emb.meta["trainer"] == {"svd": "ppmi_svd"}.get(method, method)
    assert emb.meta["window"] == 2 and emb.meta["min_count"] == 2
    assert emb.counts[emb.index("the")] == 60
    if "--dim" in extra:
        assert emb.dim == int(extra[extra.index("--dim") + 1])
    assert method in capsys.readouterr().out


def test_glove_options_and_cooccurrence_input(corpus_file, tmp_path):
    cooc = count_cooccurrences(TextCorpus(corpus_file), window=3, min_count=1)
    npz = cooc.save(tmp_path / "counts.npz")
    out = tmp_path / "g.wv"
    assert main(["train", "glove", str(npz), "-o", str(out), "--dim", "5", "--epochs", "2", "--vectors", "W",
                 "--eta", "0.1", "--seed", "3", "-q"]) == 0
    emb = wordvec.load(out)
    assert emb.meta["output"] == "W" and emb.meta["eta"] == 0.1 and emb.meta["seed"] == 3
    same = GloVe(dim=5, epochs=2, output="W", eta=0.1, seed=3).fit(cooc)
    np.testing.assert_allclose(np.asarray(emb.vectors), same.vectors)


def test_errors_exit_with_a_message(corpus_file, tmp_path, capsys):
    assert main(["train", "glove", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "x.wv")]) == 2
    assert "missing.txt" in capsys.readouterr().err
    assert main(["train", "sgns", str(corpus_file), "-o", str(tmp_path / "x.wv"), "--min-count", "1000"]) == 2
    assert "min_count=1000" in capsys.readouterr().err
    assert main(["train", "glove", str(corpus_file), "-o", str(tmp_path / "x.wv"), "--dim", "0"]) == 2
    assert "dim" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    assert main(["train", "svd", str(empty), "-o", str(tmp_path / "x.wv")]) == 2
    assert "empty" in capsys.readouterr().err
