"""The public API: every advertised name resolves, and sub-packages load on demand."""
import subprocess
import sys

import wordvec


def test_every_public_name_resolves():
    for name in wordvec.__all__:
        assert getattr(wordvec, name) is not None, name


def test_import_wordvec_does_not_import_the_analysis_packages():
    code = "import sys, wordvec; print(any(m.startswith('wordvec.diachronic') or m.startswith('wordvec.hyperbolic') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


def test_cli_help_lists_every_command(capsys):
    import pytest

    from wordvec.cli import COMMANDS, main

    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    for command in ("reproduce", "info", "convert", "neighbors", "train", "evaluate", "taxonomy", "change", "corpus"):
        assert command in text
    assert len(COMMANDS) == len(set(COMMANDS))
