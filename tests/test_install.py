"""A regular (non-editable) install runs the main job from any directory (issue 16's "done when")."""
from __future__ import annotations

import shutil
import site
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns(".git", "figures", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache")


def test_pip_install_runs_reproduce_quick_from_elsewhere(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=IGNORE)
    venv = tmp_path / "venv"
    # A fresh venv that sees this environment's packages (numpy, gensim, pip, …) as plain paths,
    # after its own: its own wordvec wins, and the editable install's finder here is not loaded
    # (a .pth line is a path, not a site dir). --without-pip: no ensurepip needed.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python, wordvec = venv / "bin" / "python", venv / "bin" / "wordvec"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    outer = [*site.getsitepackages(), site.getusersitepackages()]
    Path(purelib, "outer_environment.pth").write_text("\n".join(outer) + "\n", encoding="utf-8")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--no-build-isolation",
                    str(source)], check=True)
    shutil.rmtree(source)  # nothing may still point into the copy

    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run([str(python), "-c", "import wordvec, wordvec.analyses as a; print(wordvec.__file__, a.__file__)"],
                           cwd=work, check=True, capture_output=True, text=True).stdout
    assert str(venv) in where and str(REPO) not in where, where

    done = subprocess.run([str(wordvec), "reproduce", "--quick", "-q"], cwd=work, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    report = (work / "figures" / "REPORT.md").read_text(encoding="utf-8")
    for csv in ("googlenews_neighbors.csv", "weat_caliskan.csv", "sotu_most_changed.csv",
                "poincare_mammals_reconstruction.csv"):
        assert (work / "figures" / csv).is_file() and csv in report
