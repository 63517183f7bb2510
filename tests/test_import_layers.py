"""Imports run one way: the layers of ``sim/`` and the model's own, with no cycles.

The rule is stated once, as import-linter contracts in ``pyproject.toml``; these tests run the
linter on the code as it is, and on a copy with one import added that runs back up, which it
must refuse.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from salesculture.sim.runs.provenance import REPO_ROOT

PACKAGES = ("salesculture", "sim", "agents", "scenarios", "hydra_plugins")
#: import-linter with salesculture imported first: in a checkout, the package's path takes in
#: the folders beside it (sim/, agents/, scenarios/), so the linter reads them as its modules.
LINT = (
    "import sys, salesculture; from importlinter.cli import lint_imports; "
    "sys.exit(lint_imports(no_cache=True))"
)


def lint(root: Path) -> subprocess.CompletedProcess:
    """import-linter over the packages under ``root``, with ``root`` first on the path."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-c", LINT], cwd=root, env=env, capture_output=True, text=True
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The packages and ``pyproject.toml``, copied to a directory of their own."""
    for package in PACKAGES:
        shutil.copytree(REPO_ROOT / package, tmp_path / package)
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_code_keeps_every_import_contract() -> None:
    done = lint(REPO_ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 kept, 0 broken" in done.stdout


#: (module, an import added to it, what the linter must name)
BACK_IMPORTS = [
    # the configuration reaching up into a study tool (as composing once reached robustness)
    (
        "sim/config/compose.py",
        "from salesculture.sim.study import screening",
        "salesculture.sim.config.compose -> salesculture.sim.study.screening",
    ),
    # a stage annotated with the model class instead of the protocol
    (
        "sim/world/stages/sale.py",
        "from salesculture.sim.world import model",
        "salesculture.sim.world.stages.sale -> salesculture.sim.world.model",
    ),
    # the engine reaching up into the Python API written on top of it
    (
        "sim/runs/compare.py",
        "def _f():\n    from salesculture import api",
        "salesculture.sim.runs.compare -> salesculture.api",
    ),
    # a cycle inside one layer, even through an import inside a function
    (
        "sim/config/errors.py",
        "def _f():\n    from salesculture.sim.config import validation",
        "No cycles are allowed in salesculture.sim.config",
    ),
]


@pytest.mark.parametrize(("module", "back_import", "broken"), BACK_IMPORTS)
def test_an_import_that_runs_back_up_is_refused(
    copy: Path, module: str, back_import: str, broken: str
) -> None:
    path = copy / module
    path.write_text(path.read_text() + f"\n\n{back_import}  # noqa\n")
    done = lint(copy)
    assert done.returncode != 0
    assert "BROKEN" in done.stdout and broken in done.stdout, done.stdout
