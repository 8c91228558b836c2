"""The SOTU semantic-change analysis runs end to end (quick mode) and writes its artefacts."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "analyses" / "40_semantic_change_sotu.py"


@pytest.mark.slow
def test_sotu_semantic_change_quick(tmp_path):
    spec = importlib.util.spec_from_file_location("analysis40", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    artifacts = mod.run(tmp_path, quick=True)
    assert len(artifacts) == 6 and all(Path(a.path).exists() and a.caption for a in artifacts)
    laws = pd.read_csv(tmp_path / "sotu_laws_of_change.csv")
    assert set(laws["model"]) == {"observed", "shuffled control"}
    top = pd.read_csv(tmp_path / "sotu_most_changed.csv")
    assert {"word", "cosine_change", "z", "p"} <= set(top.columns) and len(top) > 0
