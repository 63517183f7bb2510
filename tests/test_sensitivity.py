"""``salesculture sensitivity``: outputs, ranking, determinism, resume, and bad input.

Every design here is tiny (the small world, one year, 2 parameters, 3 Morris trajectories, one
seed: 9 runs) so that the whole file stays within seconds of CPU.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import salesculture.sim.study.sensitivity as sensitivity
from salesculture.sim.cli import main
from tests.conftest import SMALL_WORLD

ROOT = Path(__file__).resolve().parent.parent
#: An engineer's salary is a cost every week of the run; the exit threshold of non-believers
#: does nothing under the baseline's people regime (keep_all): no review ever exits anyone.
STRONG, NONE = "costs.salary_engineer", "people.exit_threshold"
TINY = [
    "sensitivity", "--params", f"{NONE},{STRONG}", "--metric", "cost", "--trajectories", "3",
    "--seeds", "1", "--years", "1", *(a for o in SMALL_WORLD if not o.startswith("years")
                                       for a in ("--set", o)),
]  # fmt: skip
RUNS = 3 * 3  # trajectories x (parameters + 1) points, one seed, one preset


def run_command(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The real command, from this checkout's code, in ``cwd``."""
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "salesculture.sim.cli", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Path:
    """The tiny design run once by the real command, on two workers."""
    cwd = tmp_path_factory.mktemp("sens")
    done = run_command([*TINY, "--jobs", "2", "--out", "out"], cwd)
    assert done.returncode == 0, done.stderr
    assert STRONG in done.stdout  # the table is printed
    return cwd / "out"


def test_writes_table_plot_runs_and_provenance(finished):
    table = pd.read_csv(finished / "indices.csv")
    assert list(table.parameter) == [STRONG, NONE]  # ranked, the strong one first
    strong, none = table.set_index("parameter").loc[[STRONG, NONE]].itertuples()
    assert strong.mu_star > strong.mu_star_conf > 0  # an effect, clear of its interval
    assert none.mu_star == 0 and none.sigma == 0  # no effect at all
    assert {"mu_star", "mu_star_conf", "sigma", "unit", "low", "high"} <= set(table.columns)
    assert (finished / "indices.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    runs = pd.read_parquet(finished / "runs.parquet")
    assert len(runs) == RUNS
    assert runs[STRONG].between(1000.0, 3000.0).all() and runs[STRONG].nunique() > 1
    record = json.loads((finished / "sensitivity.json").read_text())
    assert record["design"]["method"] == "morris"
    assert record["design"]["configs"]["baseline"]["market"]["customers"] == 2000
    assert record["commit"] and record["versions"]["SALib"]
    assert [row["parameter"] for row in record["indices"]] == [STRONG, NONE]


def test_same_command_gives_identical_indices(finished, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main([*TINY, "--jobs", "1", "--out", "again"]) == 0
    again = pd.read_csv(tmp_path / "again" / "indices.csv")
    pd.testing.assert_frame_equal(again, pd.read_csv(finished / "indices.csv"))


def test_interrupted_run_keeps_its_runs_and_resumes(finished, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    real, calls = sensitivity.run_metrics, []

    def stop_after_four(config):
        if len(calls) == 4:
            raise KeyboardInterrupt
        calls.append(config)
        return real(config)

    monkeypatch.setattr(sensitivity, "run_metrics", stop_after_four)
    assert main([*TINY, "--jobs", "1", "--out", "cut"]) == 130
    assert "interrupted after 4 of 9 runs" in capsys.readouterr().err
    assert len(pd.read_parquet(tmp_path / "cut" / "runs.parquet")) == 4
    assert not (tmp_path / "cut" / "indices.csv").exists()

    calls.clear()
    monkeypatch.setattr(sensitivity, "run_metrics", lambda c: calls.append(c) or real(c))
    assert main([*TINY, "--jobs", "1", "--out", "cut"]) == 0
    assert len(calls) == RUNS - 4  # only the runs that were missing
    assert "4 reused" in capsys.readouterr().out
    resumed = pd.read_csv(tmp_path / "cut" / "indices.csv")
    pd.testing.assert_frame_equal(resumed, pd.read_csv(finished / "indices.csv"))


def test_sobol_indices_tell_the_strong_parameter_from_the_inert_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main([*TINY, "--method", "sobol", "--trajectories", "2", "--jobs", "1"]) == 0
    out = tmp_path / "outputs" / "sensitivity" / "sobol-cost-baseline"
    table = pd.read_csv(out / "indices.csv").set_index("parameter")
    assert len(pd.read_parquet(out / "runs.parquet")) == 2 * (2 + 2)  # N (D + 2) points
    assert table.loc[NONE, "S1"] == 0 and table.loc[NONE, "ST"] == 0  # its runs are identical
    assert table.loc[STRONG, "ST"] > 0.5


def test_another_design_in_the_same_directory_is_refused(finished, tmp_path, capsys):
    before = {p.name: p.stat().st_mtime_ns for p in finished.iterdir()}
    code = main([*TINY, "--trajectories", "4", "--out", str(finished)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert "another sensitivity design" in err[0] and "trajectories" in err[0]
    assert {p.name: p.stat().st_mtime_ns for p in finished.iterdir()} == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (["--params", "sales.no_such_rate"], "--params: parameter 'sales.no_such_rate' is unknown"),
        (["--params", "leadership.regime"], "--params: leadership.regime is not a numeric"),
        (["--params", "workforce.growth_per_year"], "workforce.growth_per_year=0.0 has no"),
        (["--metric", "happiness"], "metric 'happiness' is unknown; valid metrics: revenue"),
        (
            ["--difference", "sales_led-basline"],
            "preset 'basline' is unknown; did you mean baseline? valid presets",
        ),
        (["--difference", "sales_led-baseline", "--params", "leadership.contact_strength"],
         "leadership.contact_strength is 0.15 in baseline but"),
        (["--trajectories", "1"], "--trajectories=1: must be at least 2"),
        (["--trajectories", "0"], "--trajectories=0: must be at least 2"),
        (["--metric", "nrr"], "--metric=nrr: needs --years of at least 2 (got 1)"),
        (["--method", "sobol", "--trajectories", "6"], "must be a power of 2"),
        (["--method", "fast"], "argument --method: invalid choice: 'fast'"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_writes_nothing(change, expected, tmp_path, capsys):
    try:
        code = main([*TINY, *change, "--out", str(tmp_path / "out")])
    except SystemExit as stop:  # argparse's own checks (the same one-line format)
        code = stop.code
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("salesculture: error: ")
    assert expected in err[0]
    assert not (tmp_path / "out").exists()
