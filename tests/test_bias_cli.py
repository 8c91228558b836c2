"""``wordvec weat`` command."""
from __future__ import annotations

import pandas as pd
import pytest

from wordvec.bias import caliskan_test, weat
from wordvec.cli import main


def test_weat_cli_caliskan_and_files(tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert main(["weat", "googlenews", "--tests", "6", "--bootstrap", "0", "--csv", str(out)]) == 0
    assert "exact permutation test, all 12,870 partitions" in capsys.readouterr().out
    assert pd.read_csv(out).estimate[0] == pytest.approx(1.89, abs=0.005)
    t = caliskan_test(7)
    paths = []
    for name, words in zip("XYAB", (t.X, t.Y, t.A, t.B)):
        p = tmp_path / f"{name}.txt"
        p.write_text("\n".join(words), encoding="utf-8")
        paths += [f"--{name}", str(p)]
    assert main(["weat", "googlenews", *paths, "--bootstrap", "0", "--ddof", "0", "--csv", str(out)]) == 0
    import wordvec

    expected = weat(wordvec.datasets.googlenews_subset(), t, ddof=0, n_bootstrap=0).estimate
    assert pd.read_csv(out).estimate[0] == pytest.approx(expected, abs=1e-9)


def test_weat_cli_refuses_gutted_set(tmp_path, capsys):
    t = caliskan_test(6)
    paths = []
    for name, words in zip("XYAB", (["zzqa", "zzqb", "zzqc"] + list(t.X[:3]), t.Y, t.A, t.B)):
        p = tmp_path / f"{name}.txt"
        p.write_text("\n".join(words), encoding="utf-8")
        paths += [f"--{name}", str(p)]
    assert main(["weat", "googlenews", *paths]) == 2
    err = capsys.readouterr().err
    assert "word set 'X'" in err and "'zzqa'" in err


def test_weat_cli_takes_shipped_garg_lists(tmp_path):
    out = tmp_path / "g.csv"
    sets = ["garg:white_surnames", "garg:asian_surnames", "garg:male", "garg:female"]
    args = [a for s, name in zip("XYAB", sets) for a in (f"--{s}", name)]
    assert main(["weat", "googlenews", *args, "--bootstrap", "0", "--permutations", "500", "--csv", str(out)]) == 0
    from wordvec.bias import garg_sets
    import wordvec

    g = garg_sets()
    expected = weat(wordvec.datasets.googlenews_subset(), g["white_surnames"], g["asian_surnames"], g["male"],
                    g["female"], n_bootstrap=0, n_permutations=500).estimate
    assert pd.read_csv(out).estimate[0] == pytest.approx(expected, abs=1e-9)
