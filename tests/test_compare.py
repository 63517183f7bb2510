"""`salesculture compare` via the real CLI: paired seeds, intervals, formats, plot, bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from salesculture.sim.runs.compare import compare
from salesculture.sim.runs.stats import mean_interval

CLI = str(Path(sys.executable).parent / "salesculture")
SMALL = [
    "market.customers=800",
    "workforce.salespeople=6",
    "workforce.engineers=12",
    "workforce.service_staff=10",
]
SET_SMALL = [arg for item in SMALL for arg in ("--set", item)]
#: The small world where a cross-functional team keeps its way of working: under the baseline's
#: sales-driven leadership the team would revert to the siloed way within months ([Plan of
#: Attack]), and
#: the comparison would then be of a team that has mostly ceased to exist.
LASTING_TEAM = [*SMALL, "process.reversion_rate=0"]
SET_LASTING_TEAM = [arg for item in LASTING_TEAM for arg in ("--set", item)]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300)


def test_paired_differences_are_computed_on_common_seeds() -> None:
    result = compare(
        ["baseline", "cross_functional"],
        seeds=5,  # three gave an interval that only just excluded zero
        years=1,
        overrides=LASTING_TEAM,
        jobs=1,
        metrics=["delivery_delay", "revenue"],
        progress=False,
    )
    # process.reversion_rate is a parameter of a regime axis: it is part of each row's label.
    base, team = "baseline+process.reversion_rate=0", "cross_functional+process.reversion_rate=0"
    assert result.scenarios == [base, team]
    runs = result.runs.set_index(["scenario", "seed"])
    rows = {(r["scenario"], r["metric"]): r for r in result.results()}
    paired = (runs.loc[team, "delivery_delay"] - runs.loc[base, "delivery_delay"]).to_numpy()
    mean, low, high = mean_interval(paired)
    row = rows[(team, "delivery_delay")]
    assert row["diff_mean"] == pytest.approx(mean)
    assert (row["diff_ci_low"], row["diff_ci_high"]) == pytest.approx((low, high))
    assert rows[(base, "delivery_delay")]["diff_mean"] is None
    # A cross-functional team shortens delivery on every seed ([Plan of Attack]).
    assert np.all(paired < 0)
    assert row["diff_ci_high"] < 0


@pytest.mark.slow
def test_json_is_one_object_with_the_documented_fields() -> None:
    done = run_cli(
        "compare",
        "baseline",
        "sales_led",
        "--seeds",
        "2",
        "--years",
        "1",
        "--jobs",
        "2",
        "--format",
        "json",
        *SET_SMALL,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)  # exactly one JSON document on stdout
    assert data["scenarios"] == ["baseline", "sales_led"]
    assert data["seeds"] == [0, 1]
    assert data["years"] == 1
    fields = {
        "scenario",
        "metric",
        "mean",
        "ci_low",
        "ci_high",
        "diff_mean",
        "diff_ci_low",
        "diff_ci_high",
    }
    assert all(set(row) == fields for row in data["results"])
    metrics = {row["metric"] for row in data["results"]}
    assert {"revenue", "retention", "nrr", "cost", "profit"} <= metrics
    for row in data["results"]:
        if row["scenario"] == "baseline":
            assert row["diff_mean"] is None and row["diff_ci_low"] is None
        elif row["mean"] is not None:  # nrr needs two years: null with one
            assert row["diff_mean"] is not None
        if row["ci_low"] is not None:
            assert row["ci_low"] <= row["mean"] <= row["ci_high"]


@pytest.mark.slow
def test_csv_and_table_and_plot(tmp_path: Path) -> None:
    plot = tmp_path / "figs" / "cmp.png"
    done = run_cli(
        "compare",
        "baseline",
        "cross_functional",
        "--seeds",
        "5",
        "--years",
        "1",
        "--jobs",
        "1",
        "--plot",
        str(plot),
        "--metrics",
        "delivery_delay,revenue",
        *SET_LASTING_TEAM,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    delay = [
        line for line in lines if line.startswith("delivery_delay") and "cross_functional" in line
    ]
    assert len(delay) == 1 and "*" in delay[0]  # the interval of the difference excludes zero
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert plot.stat().st_size > 20_000

    done = run_cli(
        "compare",
        "baseline",
        "cross_functional",
        "--seeds",
        "2",
        "--years",
        "1",
        "--jobs",
        "1",
        "--format",
        "csv",
        "--metrics",
        "revenue",
        *SET_SMALL,
    )
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["scenario"] for r in rows] == ["baseline", "cross_functional"]
    assert rows[0]["diff_mean"] == "" and rows[1]["diff_mean"] != ""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["baseline", "no_such_preset"], "valid scenarios: amazing_culture, baseline"),
        (["baseline", "--metrics", "revenue,happiness"], "valid metrics: revenue, retention"),
        (["baseline", "--set", "market.customers=-1"], "market.customers=-1"),
    ],
)
def test_bad_names_fail_in_one_line(tmp_path: Path, args: list[str], expected: str) -> None:
    plot = tmp_path / "never.png"
    done = run_cli("compare", *args, "--seeds", "1", "--years", "1", "--plot", str(plot))
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert expected in done.stderr
    assert not plot.exists()
