"""The bias analyses (analyses/30_weat_caliskan.py, analyses/31_glove_v.py) in quick mode."""
from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from wordvec.reproduce import discover


def load(name):
    path = discover()[name]
    spec = importlib.util.spec_from_file_location(f"analysis_{name}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_weat_caliskan_analysis(tmp_path):
    arts = load("weat_caliskan").run(tmp_path, quick=True)
    assert {a.path.suffix for a in arts} == {".csv", ".png"}
    table = pd.read_csv(tmp_path / "weat_caliskan.csv")
    complete = table[table.complete_in_subset]
    assert list(complete.id) == [1, 3, 4, 5, 6, 7, 8, 9]
    assert (complete.difference.abs() < 0.01).all()
    assert table.p_value.notna().all() and (table.ci_low <= table.estimate).all()


@pytest.mark.slow
def test_glove_v_analysis(tmp_path):
    arts = load("glove_v").run(tmp_path, quick=True)
    sim = pd.read_csv(tmp_path / "glove_v_similarity.csv")
    assert len(sim) >= 5 and (sim.se_delta > 0).all() and (sim.se_mc > 0).all()
    # where the delta method is flagged reliable it agrees with Monte Carlo (quick mode's
    # 5-epoch GloVe may leave no such pair: then the flag must be doing its job)
    ok = sim[sim.delta_reliable]
    assert ((ok.se_mc / ok.se_delta - 1).abs() < 0.25).all()
    assert "slope -" in arts[3].caption  # the SE falls with frequency
    assert len(pd.read_csv(tmp_path / "glove_v_gender_association.csv")) >= 10
