"""The commands that only read the configuration load neither the model nor its heavy libraries.

Each command runs in a fresh interpreter, as the console script runs it, and reports the
modules it loaded. Their speed is measured by ``benchmarks/startup_speed.py``, not here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from salesculture.sim.runs.provenance import REPO_ROOT

#: The model's libraries, and Hydra: none is needed to print help or list the presets.
HEAVY = ("mesa", "pandas", "matplotlib", "hydra", "scipy", "SALib", "numpy", "pyarrow")
RUN = """
import json, runpy, sys
sys.argv = ["salesculture", *json.loads(sys.argv[1])]
try:
    runpy.run_module("salesculture.sim.cli", run_name="__main__")
except SystemExit as stop:
    code = stop.code
else:
    code = 0
print(json.dumps({"code": code, "modules": sorted(m.split(".")[0] for m in sys.modules)}))
"""


def loaded(args: list[str]) -> tuple[int, set[str]]:
    """The exit code of ``salesculture ARGS`` and the top-level modules it loaded."""
    done = subprocess.run(
        [sys.executable, "-c", RUN, json.dumps(args)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
        env=os.environ.copy(),
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["code"], set(report["modules"])


@pytest.mark.parametrize(
    "args",
    [["--help"], ["scenarios"], ["run", "--help"], ["sweep", "--help"], ["show", "--help"]],
    ids=" ".join,
)
def test_help_and_scenarios_load_no_heavy_library(args: list[str]) -> None:
    code, modules = loaded(args)
    assert code == 0
    assert "salesculture" in modules  # the command ran
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_help_loads_no_configuration_library() -> None:
    _, modules = loaded(["--help"])
    assert not modules & {"omegaconf", "yaml", "antlr4"}, modules


@pytest.mark.parametrize("preset", ["baseline", "sales_led"])
def test_show_of_a_preset_composes_it_without_hydra(preset: str) -> None:
    code, modules = loaded(["show", preset])
    assert code == 0
    assert "omegaconf" in modules  # it did compose
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_the_check_sees_a_heavy_library() -> None:
    """The check itself: an override beyond choosing options is composed by Hydra."""
    code, modules = loaded(["show", "sales_led", "market.customers=5000"])
    assert code == 0
    assert "hydra" in modules
