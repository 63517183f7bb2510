"""No silent wrong answers: what would be mixed, miscounted or mislabelled is refused in one line.

Each case is met as a user meets it, through the installed console script: runs of different
settings aggregated as one configuration, counts of seeds and runs, two runs into one directory,
a regime switch that changes nothing, an experiment of one's own that sweeps ``scenario``, and a
SLURM launcher on a machine without SLURM. A refusal is one line, and nothing is written.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import CLI
from sweep_gate import hold_until
from test_adversarial import one_error_line, tree

ROOT = Path(__file__).resolve().parents[1]
#: The smallest world of the sweep tests (tests/test_sweep.py): a run takes about a second.
SMALL = [
    "market.customers=500",
    "workforce.salespeople=5",
    "workforce.engineers=10",
    "workforce.service_staff=8",
    "workforce.slots_per_role=32",
    "years=1",
]


def salesculture(args: list[str], cwd: Path, env: dict | None = None, timeout: float = 300):
    """Run the installed console script, as a user does."""
    return subprocess.run(
        [str(CLI), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def ok(done: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert done.returncode == 0, done.stderr
    return done


def sweep(directory: Path, *overrides: str) -> subprocess.CompletedProcess:
    args = ["sweep", *SMALL, *overrides, "hydra/launcher=basic", f"hydra.sweep.dir={directory}"]
    return ok(salesculture(args, directory.parent.parent))


# --- aggregate: runs grouped as one configuration are runs of one configuration ----------------


@pytest.mark.slow
def test_aggregate_refuses_parts_of_a_sweep_run_with_different_settings(tmp_path: Path) -> None:
    """docs/scaling.md's parts, one run with an extra setting: same labels, different worlds."""
    parts = tmp_path / "parts"
    sweep(parts / "part_a", "seed=0,1")
    sweep(parts / "part_b", "seed=2,3", "costs.marketing_per_week=1000")
    before = tree(parts)
    line = one_error_line(salesculture(["aggregate", str(parts)], tmp_path), code=2)
    assert f"costs.marketing_per_week: 32000.0 in {parts}/part_a, 1000.0 in {parts}/part_b" in line
    assert "configuration 'baseline'" in line and "aggregate each part on its own" in line
    assert tree(parts) == before  # no table, no report
    ok(salesculture(["aggregate", str(parts / "part_a")], tmp_path))  # a part alone is fine


@pytest.mark.slow
def test_aggregate_refuses_single_runs_of_different_settings(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    ok(salesculture(["run", "seed=2", *SMALL, f"hydra.run.dir={runs}/a"], tmp_path))
    extra = ["seed=3", *SMALL, "market.lost_cooldown_weeks=39", f"hydra.run.dir={runs}/b"]
    ok(salesculture(["run", *extra], tmp_path))
    before = tree(runs)
    line = one_error_line(salesculture(["aggregate", str(runs)], tmp_path), code=2)
    assert re.search(rf"market\.lost_cooldown_weeks: \d+ in {runs}/a, 39 in {runs}/b", line), line
    assert tree(runs) == before


# --- counts that say what ran --------------------------------------------------------------------


@pytest.mark.slow
def test_two_sweeps_of_different_configurations_count_the_seeds_each_ran(tmp_path: Path) -> None:
    parts = tmp_path / "parts"
    first = sweep(parts / "part_a", "seed=0,1", "costs.marketing_per_week=32000")
    assert "every run: " + " ".join([*SMALL, "costs.marketing_per_week=32000"]) in first.stdout
    assert "1 configuration x 2 paired seeds, 1 year;" in first.stdout
    report = (parts / "part_a" / "report.md").read_text()
    assert "every run: market.customers=500" in report
    sweep(parts / "part_b", "seed=2,3", "costs.marketing_per_week=1000")
    done = ok(salesculture(["aggregate", str(parts)], tmp_path))
    assert "2 configurations x 2 seeds each, 0 of them shared by all, 1 year;" in done.stdout
    assert "every run: " + " ".join(SMALL) in done.stdout

    from salesculture.sim.runs.aggregate import aggregate

    figure = aggregate(parts, write=False).comparison  # the figure's title shows its overrides
    assert figure is not None and figure.overrides == SMALL


def test_a_sweep_that_lists_a_run_twice_is_refused(tmp_path: Path) -> None:
    directory = tmp_path / "sweep"
    done = salesculture(["sweep", *SMALL, "seed=0,0,1", f"hydra.sweep.dir={directory}"], tmp_path)
    line = one_error_line(done)
    assert "seed=0,0,1: lists seed=0 twice" in line and "list each value once" in line
    assert not directory.exists()


def test_compare_refuses_no_cache_with_a_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    done = salesculture(["compare", "baseline", "--no-cache", "--cache", str(cache)], tmp_path)
    line = one_error_line(done)
    assert "--cache" in line and "--no-cache" in line and "not allowed with" in line
    assert not cache.exists() and tree(tmp_path) == {}


# --- two runs into one directory -----------------------------------------------------------------


def _held_run(directory: Path, gate: Path, seed: int) -> subprocess.Popen:
    """A run into ``directory`` that waits, once Hydra has recorded it, until ``gate`` exists."""
    here = [str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, here))}  # sweep_gate
    args = ["run", f"seed={seed}", *SMALL, f"hydra.run.dir={directory}", *hold_until(gate)]
    process = subprocess.Popen(
        [str(CLI), *args], cwd=directory.parent, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not (directory / ".hydra" / "overrides.yaml").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (directory / ".hydra" / "overrides.yaml").exists(), "the first run did not start"
    return process


@pytest.mark.slow
def test_a_second_run_into_a_directory_being_written_is_refused(tmp_path: Path) -> None:
    directory, gate = tmp_path / "D", tmp_path / "gate"
    first = _held_run(directory, gate, seed=1)
    try:
        before = tree(directory)
        second = salesculture(["run", "seed=2", *SMALL, f"hydra.run.dir={directory}"], tmp_path)
        line = one_error_line(second)
        assert f"hydra.run.dir={directory}: another run is writing into it" in line
        assert tree(directory) == before
        gate.touch()
        out, err = first.communicate(timeout=120)
    finally:
        first.kill()
    assert first.returncode == 0, err
    assert "scenario baseline, seed 1, 1 year\n" in out
    assert json.loads((directory / "summary.json").read_text())["seed"] == 1
    assert "- seed=1" in (directory / ".hydra" / "overrides.yaml").read_text()
    ok(salesculture(["run", "seed=2", *SMALL, f"hydra.run.dir={directory}"], tmp_path))  # free


@pytest.mark.slow
def test_an_interrupted_run_frees_its_directory(tmp_path: Path) -> None:
    directory, gate = tmp_path / "D", tmp_path / "gate"
    first = _held_run(directory, gate, seed=1)
    try:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=60)
    finally:
        first.kill()
    assert first.returncode == 130
    ok(salesculture(["run", "seed=2", *SMALL, f"hydra.run.dir={directory}"], tmp_path))
    assert json.loads((directory / "summary.json").read_text())["seed"] == 2


# --- a switch to the option in force --------------------------------------------------------------


@pytest.mark.parametrize(
    ("switches", "expected"),
    [
        (
            "[{week:10,leadership:sales_driven}]",
            "interventions[0].leadership=sales_driven: leadership is already sales_driven in "
            "week 10 (the run's own leadership), so the switch changes nothing",
        ),
        (
            "[{week:30,process:cross_functional_team},{week:10,process:cross_functional_team}]",
            "interventions[0].process=cross_functional_team: process is already "
            "cross_functional_team in week 30 (switched to in week 10)",
        ),
    ],
)
def test_a_switch_to_the_option_in_force_is_refused(
    tmp_path: Path, switches: str, expected: str
) -> None:
    done = salesculture(["run", f"interventions={switches}", *SMALL], tmp_path)
    assert expected in one_error_line(done)
    assert tree(tmp_path) == {}


def test_a_switch_back_to_the_runs_own_option_is_a_switch() -> None:
    from salesculture.sim.config.compose import compose_config

    back = "interventions=[{week:10,leadership:sales_led},{week:20,leadership:sales_driven}]"
    assert len(compose_config([back, *SMALL]).interventions) == 2


# --- tracebacks ---------------------------------------------------------------------------------

#: The reduced design of docs/experiments.md's example, in the small world, and an analysis that
#: finds nothing: the example's own files are read from the page.
QUICK = """# @package _global_
defaults:
  - forecasting
  - _self_
years: 1
market:
  customers: 500
workforce:
  salespeople: 5
  engineers: 10
  service_staff: 8
  slots_per_role: 32
hydra:
  sweeper:
    params:
      seed: range(0,2)
"""
NOTHING = """from salesculture.sim.study.findings import Findings


def findings(results, series):
    return Findings({}, "", [])


def figure(results, series, path):
    pass
"""


def docs_example(into: Path) -> list[str]:
    """Write the files docs/experiments.md's example of one's own shows; return their paths."""
    page = (ROOT / "docs" / "experiments.md").read_text()
    files = re.findall(r"^`my-study/([\w/.]+)`:\n\n```yaml\n(.*?)```", page, re.M | re.S)
    for path, text in files:
        (into / path).parent.mkdir(parents=True, exist_ok=True)
        (into / path).write_text(text)
    return [path for path, _ in files]


@pytest.mark.slow
def test_the_docs_experiment_of_ones_own_reproduces(tmp_path: Path) -> None:
    study = tmp_path / "my-study"
    written = docs_example(study)
    assert "experiment/forecasting.yaml" in written and len(written) == 4, written
    assert "scenario: sales_led,forecasting_leader" in (study / written[-1]).read_text()
    (study / "experiment" / "forecasting_quick.yaml").write_text(QUICK)
    (study / "experiment" / "forecasting").mkdir()
    (study / "experiment" / "forecasting" / "analysis.py").write_text(NOTHING)
    args = ["reproduce", "forecasting", "--quick", "--config-dir", str(study), "--no-cache"]
    done = salesculture([*args, "--write-expected", "--out", str(tmp_path / "out")], tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    results = pd.read_parquet(tmp_path / "out" / "results.parquet")
    assert results.columns.is_unique
    assert sorted(set(results.scenario)) == ["forecasting_leader", "sales_led"]
    assert sorted(results.seed) == [0, 0, 1, 1]


@pytest.mark.skipif(shutil.which("srun") is not None, reason="SLURM is installed here")
@pytest.mark.skipif(
    importlib.util.find_spec("hydra_plugins.hydra_submitit_launcher") is None,
    reason="the slurm extra is not installed",
)
def test_a_slurm_sweep_without_slurm_is_one_line(tmp_path: Path) -> None:
    directory = tmp_path / "sweep"
    args = ["sweep", "hydra/launcher=slurm", *SMALL, "seed=0,1", f"hydra.sweep.dir={directory}"]
    line = one_error_line(salesculture(args, tmp_path))
    assert "hydra/launcher=slurm: SLURM's" in line and "srun not found" in line
    assert "use hydra/launcher=slurm_local" in line
    assert not directory.exists()
