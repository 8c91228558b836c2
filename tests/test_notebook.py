"""The walkthrough notebook executes top to bottom (nbclient), so it never rots."""
from pathlib import Path

import nbformat
import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "analyses" / "walkthrough.ipynb"


def test_walkthrough_notebook_is_current_and_runs():
    nbclient = pytest.importorskip("nbclient")
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_walkthrough", NOTEBOOK.with_name("make_walkthrough.py"))
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert [c.source for c in nb.cells] == [c.source for c in maker.build().cells], "run analyses/make_walkthrough.py"
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    assert "kings" in str(nb.cells[3].outputs)
