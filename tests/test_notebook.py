"""The retraining notebook runs top to bottom on the bundled corpus."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_retrain_notebook_runs():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(ROOT / "notebooks" / "retrain.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT / "notebooks")}})
    client.execute()
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "mun:krasnozersky" in outputs
    assert "meta.json" in outputs
