"""``wordvec change`` on HistWords-format files with a planted shift."""
from __future__ import annotations

import pickle

import numpy as np
import pandas as pd

from wordvec.cli import main
from wordvec.diachronic import synthetic


def test_change_command_on_histwords_files(tmp_path, capsys):
    planted = synthetic.planted_shift_embeddings(n_words=400, dim=20, n_periods=3, shift_period=1, n_planted=5, seed=2)
    s = planted.series
    for t, year in enumerate(s.periods):
        np.save(tmp_path / f"{year}-w.npy", s.vectors[t])
        with open(tmp_path / f"{year}-vocab.pkl", "wb") as fh:
            pickle.dump(list(s.words), fh, protocol=2)
    out = tmp_path / "table.csv"
    rc = main(["change", "--histwords", str(tmp_path), "--top", "5", "--out", str(out)])
    assert rc == 0
    printed = capsys.readouterr().out
    table = pd.read_csv(out)
    assert set(table["word"].head(5)) == set(planted.planted)  # the planted words top the ranking
    assert all(w in printed for w in planted.planted)
    assert main(["change", "--histwords", str(tmp_path / "missing")]) == 2
