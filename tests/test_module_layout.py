"""The sweep's code reads in one direction, and failure injection stays out of the model's path."""

from __future__ import annotations

import inspect
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from salesculture.sim.runs.provenance import REPO_ROOT


def loaded_after(module: str) -> set[str]:
    """The ``salesculture`` modules a fresh interpreter has loaded after importing ``module``."""
    code = (
        f"import json, sys, {module}; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'salesculture')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ.copy(),
    )
    return set(json.loads(done.stdout))


def test_aggregating_does_not_load_the_model() -> None:
    loaded = loaded_after("salesculture.sim.runs.aggregate")
    loaded = {module.removeprefix("salesculture.") for module in loaded}
    assert "sim.world.model" not in loaded and "sim.runs.runner" not in loaded
    assert not loaded & {"sim.runs.sweep", "sim.runs.progress", "sim.runs.sweepdir"}


@pytest.mark.parametrize(
    "module", ["salesculture.sim.config.overrides", "salesculture.sim.runs.runfiles"]
)
def test_override_parsing_and_run_files_load_neither_model_nor_configuration(module: str) -> None:
    package = module.rpartition(".")[0]
    assert loaded_after(module) == {"salesculture", "salesculture.sim", package, module}


def test_sweep_modules_import_one_way() -> None:
    """overrides, runfiles <- sweepdir, aggregate <- progress; sweep jobs <- runner."""
    assert "salesculture.sim.runs.aggregate" not in loaded_after("salesculture.sim.runs.sweep")
    later = {
        "salesculture.sim.runs.aggregate",
        "salesculture.sim.runs.sweep",
        "salesculture.sim.world.model",
    }
    assert not loaded_after("salesculture.sim.runs.sweepdir") & later


def test_failure_injection_is_not_in_production_code() -> None:
    """Tests install faults from outside (tests/sweep_faults.py); the step loop has no hook."""
    from salesculture.sim.runs.runner import simulate

    assert "on_week" not in inspect.signature(simulate).parameters
    assert list(inspect.signature(simulate).parameters) == ["config", "progress", "label"]
    for path in [
        *Path(REPO_ROOT, "sim").rglob("*.py"),
        *Path(REPO_ROOT, "hydra_plugins").rglob("*.py"),
    ]:
        text = path.read_text()
        assert "SALESCULTURE_FAIL_AT" not in text and not re.search(r"\bon_week\b", text), path
