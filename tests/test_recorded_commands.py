"""Every result file records the command that makes it again, outside config dirs included.

The recorded line (``command``) is run as it is recorded, in a new process and a fresh working
directory, and must give the same numbers: a run's ``summary.json``, compare's JSON and an
experiment of one's own (``experiment.json``, ``expected.json``), each from an outside config
directory whose path holds a space (the line is shell-quoted).
"""

from __future__ import annotations

import json
import shlex
import subprocess
from pathlib import Path

import pytest

from salesculture.sim.config import configdirs
from tests.conftest import run_cli
from tests.test_adversarial import Cli
from tests.test_reproduce import OWN_ANALYSIS, OWN_CONFIG, OWN_QUICK

SMALL = ["years=1", "market.customers=500"]
PRESET = """# @package _global_
defaults:
  - override /leadership: coach_more
scenario:
  description: "A sales leader who forecasts more."
"""
OPTION = "defaults:\n  - sales_led\n  - _self_\ndiscipline_forecasting: 0.9\n"


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """An outside config dir with a preset, a leadership option and an experiment of its own."""
    root = tmp_path / "my study"
    for folder in ("scenario", "leadership", "experiment/mine"):
        (root / folder).mkdir(parents=True)
    (root / "scenario" / "forecaster.yaml").write_text(PRESET)
    (root / "leadership" / "coach_more.yaml").write_text(OPTION)
    (root / "experiment" / "mine.yaml").write_text(
        OWN_CONFIG.replace("customers: 2000", "customers: 500")
    )
    (root / "experiment" / "mine_quick.yaml").write_text(OWN_QUICK)
    (root / "experiment" / "mine" / "analysis.py").write_text(OWN_ANALYSIS)
    return root


def as_recorded(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run a recorded command line, as a shell would split it, in ``cwd``."""
    words = shlex.split(command)
    assert words[0] == configdirs.PROG
    cwd.mkdir(exist_ok=True)
    return run_cli(words[1:], cwd, timeout=300)


def test_a_run_records_the_command_that_makes_it_again(
    study: Path, tmp_path: Path, cli: Cli
) -> None:
    args = ["run", "scenario=forecaster", *SMALL, "--config-dir", str(study)]
    done = cli([*args, f"hydra.run.dir={tmp_path / 'first'}"], tmp_path)
    assert done.returncode == 0, done.stderr
    first = json.loads((tmp_path / "first" / "summary.json").read_text())
    assert first["command"] == shlex.join(["salesculture", *args])
    assert first["config_dirs"] == [str(study)]
    again = tmp_path / "again"
    done = as_recorded(first["command"], again)
    assert done.returncode == 0, done.stderr
    (summary,) = (again / "outputs" / "runs").rglob("summary.json")
    second = json.loads(summary.read_text())
    assert second["command"] == first["command"]
    for metric in ("revenue", "profit", "customers", "mean_belief"):
        assert second[metric] == first[metric], metric


def test_compare_records_the_command_that_makes_it_again(
    study: Path, tmp_path: Path, cli: Cli
) -> None:
    args = ["compare", "sales_led", "forecaster", "--seeds", "2", "--years", "1"]
    args += ["--set", "market.customers=500", "--format", "json", "--no-cache"]
    done = cli([*args, "--config-dir", str(study)], tmp_path)
    assert done.returncode == 0, done.stderr
    first = json.loads(done.stdout)
    words = shlex.split(first["command"])
    assert words[-2:] == ["--config-dir", str(study)]
    assert first["config_dirs"] == [str(study)]
    again = as_recorded(first["command"], tmp_path / "again")
    assert again.returncode == 0, again.stderr
    second = json.loads(again.stdout)
    assert second["command"] == first["command"]
    assert second["results"] == first["results"]
    assert any(row["scenario"] == "forecaster" for row in first["results"])


@pytest.mark.slow
def test_an_outside_experiment_records_the_command_that_reproduces_it(
    study: Path, tmp_path: Path, cli: Cli
) -> None:
    """``expected.json`` and ``experiment.json`` name ``--config-dir``; as recorded, it matches."""
    out = tmp_path / "out"
    args = ["reproduce", "mine", "--quick", "--jobs", "1", "--no-cache", "--out", str(out)]
    done = cli([*args, "--config-dir", str(study), "--write-expected"], tmp_path)
    assert done.returncode == 0, done.stderr
    wanted = shlex.join(
        ["salesculture", "reproduce", "mine", "--quick", "--config-dir", str(study)]
    )
    expected = json.loads((study / "experiment" / "mine" / "expected.json").read_text())
    record = json.loads((out / "experiment.json").read_text())
    for found in (expected["quick"], record):
        assert found["command"] == wanted
        assert found["config_dirs"] == [str(study)]
    again = as_recorded(wanted, tmp_path / "again")
    assert again.returncode == 0, again.stderr
    numbers = expected["quick"]["numbers"]
    assert f"{len(numbers)} of {len(numbers)} numbers match" in again.stdout
