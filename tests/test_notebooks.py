"""Every notebook in notebooks/ runs top to bottom; a failing cell fails its test.

Notebooks run with nbclient in a kernel of this interpreter (the ``python3`` kernel, whose
``python`` command jupyter_client resolves to ``sys.executable``, so the venv needs no
activation), with the repository root as working directory and the session's fresh store
(``ENTROPY_CONES_STORE``, set by conftest) in the environment.
"""

import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 900  # seconds per cell: generous, a cell may build a cone


def run_notebook(path: Path) -> nbformat.NotebookNode:
    """Execute the notebook at ``path`` in place (in memory) and return it; raises
    CellExecutionError naming the failing cell."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    return nb


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path):
    nb = run_notebook(path)
    errors = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", []) if o.output_type == "error"]
    assert not errors


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ has no .ipynb files"


def _notebook(tmp_path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    return path


def test_harness_uses_this_interpreter_and_the_repository_root(tmp_path):
    path = _notebook(
        tmp_path,
        "import os, sys\n"
        f"assert sys.prefix == {sys.prefix!r}, sys.prefix\n"
        f"assert os.getcwd() == {str(ROOT)!r}, os.getcwd()\n"
        "import cones, polytopes",
    )
    run_notebook(path)


def test_harness_fails_on_a_failing_cell(tmp_path):
    path = _notebook(tmp_path, "x = 1", "raise RuntimeError('cell failure ' + str(x))", "y = 2")
    with pytest.raises(CellExecutionError, match="cell failure 1"):
        run_notebook(path)
