"""The main job end to end (quick mode) and its report."""
from pathlib import Path

import pandas as pd
import pytest

from wordvec.cli import main
from wordvec.reproduce import discover


def test_every_analysis_runs_quick_and_report_lists_its_files(tmp_path):
    assert main(["reproduce", "--quick", "--out", str(tmp_path)]) == 0
    report = (tmp_path / "REPORT.md").read_text()
    produced = sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".png", ".csv"))
    assert produced, "the analyses wrote no figure or table"
    for name in produced:
        assert name in report, f"{name} is not shown in REPORT.md"
    for csv in tmp_path.glob("*.csv"):
        assert len(pd.read_csv(csv)) > 0, f"{csv.name} is empty"


def test_only_runs_one_analysis(tmp_path):
    assert main(["reproduce", "--only", "googlenews_neighbors", "--out", str(tmp_path)]) == 0
    table = pd.read_csv(tmp_path / "googlenews_neighbors.csv")
    # 'king' → 'kings' then 'queen' in the real GoogleNews vectors (same as gensim's most_similar).
    assert table.query("query == 'king'").neighbor.tolist()[:2] == ["kings", "queen"]


def test_only_refreshes_its_section_and_keeps_the_others(tmp_path):
    sections = tmp_path / ".sections"
    sections.mkdir()
    (sections / "weat_caliskan.md").write_text("## an earlier WEAT section\n")
    assert main(["reproduce", "--only", "googlenews_neighbors", "--out", str(tmp_path)]) == 0
    report = (tmp_path / "REPORT.md").read_text()
    assert "an earlier WEAT section" in report and "googlenews_neighbors.csv" in report
    # sections follow the analyses' order, whatever order they were refreshed in
    assert report.index("googlenews_neighbors.csv") < report.index("an earlier WEAT section")


def test_unknown_analysis_is_a_clear_error(tmp_path, capsys):
    assert main(["reproduce", "--only", "no_such_analysis", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "unknown analysis ['no_such_analysis']" in err and "googlenews_neighbors" in err


def test_analyses_are_discovered_in_order():
    names = list(discover())
    assert names[0] == "googlenews_neighbors"
    assert all(Path(p).exists() for p in discover().values())


@pytest.mark.slow
def test_same_seeds_give_the_same_tables(tmp_path):
    # Two separate runs (quick mode) must write byte-identical tables: the determinism target.
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["reproduce", "--quick", "--out", str(first)]) == 0
    from wordvec import reproduce as r

    r._sotu_trainer.cache_clear()  # retrain the shared SOTU models instead of reusing them
    assert main(["reproduce", "--quick", "--out", str(second)]) == 0
    tables = sorted(p.name for p in first.glob("*.csv"))
    assert tables and tables == sorted(p.name for p in second.glob("*.csv"))
    for name in tables:
        assert (first / name).read_bytes() == (second / name).read_bytes(), f"{name} differs between runs"
