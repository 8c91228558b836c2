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
    ("ppmi_svd", ["--dim", "4", "--eig", "0"]),
    ("ppmi-svd", ["--dim", "4", "--eig", "0"]),
    ("glove", ["--dim", "6", "--epochs", "3", "--x-max", "10", "--threads", "2"]),
])
def test_every_method_writes_a_loadable_embedding(method, extra, corpus_file, tmp_path, capsys):
    out = tmp_path / f"{method}.wv"
    assert main(["train", method, str(corpus_file), "-o", str(out), "--min-count", "2", "--window", "2"] + extra) == 0
    emb = wordvec.load(out)
    assert "king" in emb and "King" not in emb  # default tokenisation lower-cases
    assert emb.meta["trainer"] == method.replace("-", "_")
    assert emb.meta["window"] == 2 and emb.meta["min_count"] == 2
    assert emb.counts[emb.index("the")] == 60
    if "--dim" in extra:
        assert emb.dim == int(extra[extra.index("--dim") + 1])
    assert method.replace("-", "_") in capsys.readouterr().out


def test_glove_options_and_cooccurrence_input(corpus_file, tmp_path):
    cooc = count_cooccurrences(TextCorpus(corpus_file), window=3, min_count=1)
    npz = cooc.save(tmp_path / "counts.npz")
    out = tmp_path / "g.wv"
    assert main(["train", "glove", str(npz), "-o", str(out), "--dim", "5", "--epochs", "2", "--vectors", "W",
                 "--learning-rate", "0.1", "--weight-exponent", "0.5", "--seed", "3", "-q"]) == 0
    emb = wordvec.load(out)
    assert emb.meta["output"] == "w" and emb.meta["learning_rate"] == 0.1 and emb.meta["seed"] == 3
    same = GloVe(dim=5, epochs=2, output="w", learning_rate=0.1, weight_exponent=0.5, seed=3).fit(cooc)
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
    assert main(["train", "ppmi_svd", str(empty), "-o", str(tmp_path / "x.wv")]) == 2
    assert "empty" in capsys.readouterr().err


def test_old_spellings_still_reach_the_trainer(corpus_file, tmp_path, capsys):
    out = tmp_path / "old.wv"
    assert main(["train", "svd", str(corpus_file), "-o", str(out), "--min-count", "2", "--dim", "3", "-q"]) == 0
    assert "deprecated" in capsys.readouterr().err and wordvec.load(out).meta["trainer"] == "ppmi_svd"
    assert main(["train", "glove", str(corpus_file), "-o", str(out), "--min-count", "2", "--dim", "3", "--epochs", "1",
                 "--eta", "0.2", "--alpha", "0.5", "--threads", "1", "-q"]) == 0
    meta = wordvec.load(out).meta
    assert meta["learning_rate"] == 0.2 and meta["weight_exponent"] == 0.5 and meta["n_jobs"] == 1


def test_options_left_out_take_the_trainers_defaults(corpus_file):
    from wordvec.cli import build_parser
    from wordvec.cli.train import build_trainer
    from wordvec.train import SGNS

    for method, cls in wordvec.train.TRAINERS.items():
        args = build_parser().parse_args(["train", method, str(corpus_file), "-o", "x.wv"])
        assert build_trainer(args).get_params() == cls().get_params()
    args = build_parser().parse_args(["train", "sgns", str(corpus_file), "-o", "x.wv", "--window", "3", "-q"])
    assert build_trainer(args).get_params() == SGNS(window=3, progress=False).get_params()


def test_an_option_the_method_lacks_is_an_error(corpus_file, tmp_path, capsys):
    assert main(["train", "glove", str(corpus_file), "-o", str(tmp_path / "x.wv"), "--negative", "3"]) == 2
    err = capsys.readouterr().err
    assert "glove has no option --negative" in err and "Traceback" not in err
    with pytest.raises(SystemExit):
        main(["train", "word2vec", str(corpus_file), "-o", str(tmp_path / "x.wv")])
    assert "invalid method" in capsys.readouterr().err
