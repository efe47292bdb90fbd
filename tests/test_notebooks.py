"""The notebooks: kept without outputs, and each runs top to bottom in a real Jupyter kernel.

Execution starts the kernel in an empty temporary directory (the notebooks find the repository
themselves) with this checkout first on the kernel's import path, the way ``jupyter lab`` runs
them after ``pip install -e .[notebooks]``.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: the story the issue asks for, one notebook each
EXPECTED = ("01_parse_validate", "02_narrative", "03_section5", "04_rhetoric",
            "05_text_vs_numbers")
#: the issue's bound for one notebook on corpora/; the test allows twice as much, for a machine
#: shared with other jobs (alone, each runs in well under a minute)
BUDGET_SECONDS = 120


def _needs(module: str):
    """``module``, or a skip naming the extra; in CI a missing extra is a failure, since CI
    must execute the notebooks (install ``.[test,notebooks]``)."""
    if os.environ.get("CI"):
        return importlib.import_module(module)
    return pytest.importorskip(module, reason="the notebooks extra is not installed")


def _read(path: Path):
    return _needs("nbformat").read(path, as_version=4)


def test_the_five_notebooks_exist() -> None:
    assert tuple(p.stem for p in NOTEBOOKS) == EXPECTED


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(notebook: Path) -> None:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{notebook.name}: a cell has stored outputs"
            assert cell["execution_count"] is None, f"{notebook.name}: an execution count"
        assert not cell.get("attachments"), f"{notebook.name}: a cell has attachments"


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(notebook: Path, tmp_path: Path, monkeypatch) -> None:
    for module in ("matplotlib", "mplfonts", "ipykernel"):
        _needs(module)
    nbclient = _needs("nbclient")
    nb = _read(notebook)
    _needs("nbformat").validate(nb)  # what jupyter lab checks when it opens the file
    # the kernel inherits this environment: this checkout's gkmine, no display for matplotlib
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=600,
                                     resources={"metadata": {"path": str(tmp_path)}})
    started = time.perf_counter()
    client.execute()  # raises CellExecutionError naming the failing cell
    seconds = time.perf_counter() - started
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    print(f"{notebook.stem}: {seconds:.1f} s", file=sys.stderr)
    assert seconds < BUDGET_SECONDS * 2, f"{notebook.stem} took {seconds:.0f} s"
