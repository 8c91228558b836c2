"""`wordvec taxonomy {embed,evaluate,refine}` end to end on a small tree."""
import pandas as pd

from wordvec.cli import main
from wordvec.hyperbolic import load_poincare, read_texeval


def test_taxonomy_cli(tmp_path, capsys):
    edges = [(f"t{a}{b}", f"t{a}") for a in range(3) for b in range(3)] + [(f"t{a}", "t") for a in range(3)]
    gold = tmp_path / "gold.tsv"
    gold.write_text("".join(f"{i}\t{c}\t{p}\n" for i, (c, p) in enumerate(edges, 1)))
    noisy = tmp_path / "noisy.tsv"
    noisy.write_text("".join(f"{i}\t{c}\t{p}\n" for i, (c, p) in enumerate(edges, 1)).replace("t00\tt0", "t00\tt21"))
    emb = tmp_path / "emb.tsv"
    assert main(["taxonomy", "embed", str(gold), "-o", str(emb), "--dim", "3", "--epochs", "40", "--negatives", "5"]) == 0
    assert "MAP" in capsys.readouterr().out and len(load_poincare(emb)) == 13
    assert main(["taxonomy", "evaluate", str(noisy), "--gold", str(gold), "--embedding", str(emb)]) == 0
    out = capsys.readouterr().out
    assert "precision: 0.9167" in out and "Fowlkes" in out
    refined, report = tmp_path / "refined.tsv", tmp_path / "report.csv"
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("t\nnew t1\n")
    assert main(["taxonomy", "refine", str(noisy), "--embedding", str(emb), "-o", str(refined), "--report", str(report),
                 "--vocabulary", str(vocab)]) == 0
    rep = pd.read_csv(report)
    assert ((rep.hyponym == "t00") & (rep.old_hypernym == "t21")).any()
    assert ("new t1", "t1") in read_texeval(refined).edges
    # Aly et al.'s own rule from the command line gives the library's result for that rule
    from wordvec.hyperbolic import refine

    assert main(["taxonomy", "refine", str(noisy), "--embedding", str(emb), "-o", str(refined), "--parent-rule", "rank",
                 "--outliers", "mean"]) == 0
    direct = refine(read_texeval(noisy), load_poincare(emb), parent_rule="rank", outliers="mean")
    assert read_texeval(refined).edges == direct.taxonomy.edges
    bad = tmp_path / "bad.tsv"
    bad.write_text("1\ta\tb\n2\tc\n")
    assert main(["taxonomy", "evaluate", str(bad), "--gold", str(gold)]) == 2
    assert "line 2" in capsys.readouterr().err
