"""docs/tutorial.ipynb: stored without outputs, and runs top to bottom beside another ``agents``.

The notebook runs in a fresh Jupyter kernel (nbclient, the ``test`` extra) whose path holds a
distribution of its own top-level ``agents`` and ``sim``, installed by pip; a cell added at the
end shows that both theirs and ours import in the same kernel.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from salesculture.sim.runs.provenance import REPO_ROOT
from tests.conftest import needs
from tests.otherdist import install_other_distribution

NOTEBOOK = REPO_ROOT / "docs" / "tutorial.ipynb"


def test_the_notebook_is_stored_without_outputs() -> None:
    needs("nbformat", "test")
    import nbformat

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert len(code) >= 8
    assert all(not cell.outputs and cell.execution_count is None for cell in code)


@pytest.mark.slow
def test_the_notebook_runs_top_to_bottom_beside_another_agents(tmp_path: Path) -> None:
    needs("nbclient", "test")
    needs("ipykernel", "test")
    import nbformat
    from nbclient import NotebookClient

    site = install_other_distribution(tmp_path)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells.append(
        nbformat.v4.new_code_cell(
            "import agents, sim, salesculture.agents\n"
            "print(agents.WHOSE); print(sim.WHOSE); print(salesculture.agents.CEO.__module__)"
        )
    )
    paths = [str(site), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    work = tmp_path / "work"  # the kernel's working directory: anything written stays there
    work.mkdir()
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    )
    client.execute(env=env)

    def outputs(text: str) -> list[dict]:
        cell = next(c for c in notebook.cells if c.cell_type == "code" and text in c.source)
        return cell.outputs

    printed = "".join(o.get("text", "") for o in outputs("print(agents.WHOSE)"))
    assert printed.splitlines() == [
        "the other distribution: agents",
        "the other distribution: sim",
        "salesculture.agents.ceo",
    ]
    assert any("image/png" in o.get("data", {}) for o in outputs("sc.plot(comparison)"))
    matched = "".join(o.get("text", "") for o in outputs("sc.reproduce("))
    found = re.search(r"(\d+) of (\d+) numbers match", matched)
    assert found and found.group(1) == found.group(2) != "0", matched
    explained = "".join(o.get("text", "") for o in outputs("sc.explain("))
    assert "sales_led against baseline: profit" in explained
    assert not list(work.iterdir())  # the notebook wrote nothing where it ran
