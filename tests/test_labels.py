"""A run's label is what it ran; results describe themselves (issue 9).

Each case that used to give a wrong table with exit code 0 now gives either the right label or
one clear line and exit code 2.
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import subprocess
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pandas as pd
import pytest
import yaml

from salesculture.sim.config import configdirs
from salesculture.sim.config.compose import compose_config, compose_with_choices
from salesculture.sim.config.labels import label
from salesculture.sim.config.schema import REGIME_AXES
from salesculture.sim.runs.compare import Comparison, compare
from salesculture.sim.runs.comparetable import format_table
from salesculture.sim.runs.runner import metric_table
from tests.conftest import SMALL_WORLD

Cli = Callable[..., subprocess.CompletedProcess]

TINY = [item for item in SMALL_WORLD if not item.startswith("years=")]
SET_TINY = ["--seeds", "2", "--years", "1", "--jobs", "2"] + [
    arg for item in TINY for arg in ("--set", item)
]


def one_error_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


# --- the label itself ----------------------------------------------------------------------------


def named(preset: str, *overrides: str) -> str:
    config, choices = compose_with_choices([f"scenario={preset}", *overrides])
    return label(
        preset, list(overrides), config, choices, compose_with_choices([f"scenario={preset}"])
    )


def test_label_names_the_overrides_that_change_the_regime_and_only_those() -> None:
    assert named("sales_led") == "sales_led"
    assert named("sales_led", *TINY, "seed=3", "years=2") == "sales_led"  # world, seed, horizon
    assert named("sales_led", "leadership=sales_driven") == "sales_led+leadership=sales_driven"
    assert named("baseline", "leadership=sales_driven") == "baseline"  # the preset's own option
    assert named("sales_led", "leadership=sales_led") == "sales_led"
    assert (
        named("cross_functional", "process.reversion_rate=0")
        == "cross_functional+process.reversion_rate=0"
    )
    # Without the preset's own composition (a sweep job), every regime override is named.
    config, choices = compose_with_choices(["scenario=sales_led", "leadership=sales_led"])
    assert label("sales_led", ["leadership=sales_led"], config, choices) == (
        "sales_led+leadership=sales_led"
    )


# --- the four silent-wrong cases -----------------------------------------------------------------


@pytest.mark.slow
def test_compare_refuses_a_preset_set_with_set(tmp_path: Path, cli: Cli) -> None:
    done = cli(
        ["compare", "baseline", "sales_led", *SET_TINY, "--set", "scenario=sales_led"], tmp_path
    )
    line = one_error_line(done)
    assert "--set scenario=sales_led" in line and "argument" in line
    for key in ("seed=3", "years=2"):
        line = one_error_line(cli(["compare", "baseline", *SET_TINY, "--set", key], tmp_path))
        assert f"--set {key}" in line


@pytest.mark.slow
def test_compare_labels_an_axis_override_and_reports_equal_configurations(
    tmp_path: Path, cli: Cli
) -> None:
    done = cli(
        [
            "compare",
            "baseline",
            "sales_led",
            *SET_TINY,
            "--set",
            "leadership=sales_driven",
            "--format",
            "json",
            "--metrics",
            "revenue",
        ],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["scenarios"] == ["baseline", "sales_led+leadership=sales_driven"]
    warning = [line for line in done.stderr.splitlines() if "same configuration" in line]
    assert len(warning) == 1
    assert "baseline and sales_led+leadership=sales_driven" in warning[0]
    rows = {r["scenario"]: r for r in data["results"]}
    assert rows["baseline"]["mean"] == rows["sales_led+leadership=sales_driven"]["mean"]
    assert data["same_configuration"] == [["baseline", "sales_led+leadership=sales_driven"]]


@pytest.mark.slow
def test_run_with_an_axis_override_is_labelled_by_it(tmp_path: Path, cli: Cli) -> None:
    world = [*TINY, "years=1"]
    done = cli(["run", "scenario=sales_led", "leadership=sales_driven", *world], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "scenario sales_led+leadership=sales_driven, seed 0" in done.stdout
    (directory,) = (tmp_path / "outputs" / "runs").iterdir()
    assert directory.name == "sales_led+leadership=sales_driven"
    (run,) = directory.iterdir()
    summary = json.loads((run / "summary.json").read_text())
    assert summary["scenario"] == "sales_led+leadership=sales_driven"
    assert summary["axes"]["leadership"] == "sales_driven"
    assert summary["overrides"] == ["scenario=sales_led", "leadership=sales_driven", *world]
    base = tmp_path / "base"
    done = cli(["run", *world, f"hydra.run.dir={base}"], tmp_path)
    assert done.returncode == 0, done.stderr
    baseline = json.loads((base / "summary.json").read_text())
    assert baseline["scenario"] == "baseline"
    # The label is what ran: the same configuration as the baseline, the same revenue.
    assert summary["revenue"] == baseline["revenue"]


@pytest.fixture
def own_preset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A copy of conf/ with a preset of one's own that does not set scenario.name."""
    conf = tmp_path / "conf"
    shutil.copytree(configdirs.CONF_DIR, conf)
    (conf / "scenario" / "my_preset.yaml").write_text(
        "# @package _global_\ndefaults:\n  - override /process: cross_functional_team\n"
    )
    monkeypatch.setattr(configdirs, "CONF_DIR", conf)
    return "my_preset"


def test_a_preset_without_a_name_takes_its_file_name(own_preset: str) -> None:
    assert compose_config([f"scenario={own_preset}"]).scenario.name == own_preset
    result = compare(
        ["baseline", own_preset],
        seeds=2,
        years=1,
        overrides=TINY,
        jobs=1,
        metrics=["revenue"],
        progress=False,
    )
    assert result.scenarios == ["baseline", own_preset]
    assert result.runs.groupby("scenario").size().to_dict() == {"baseline": 2, own_preset: 2}
    assert result.axes[own_preset]["process"] == "cross_functional_team"
    assert not result.same


# --- self-describing results ---------------------------------------------------------------------


@pytest.mark.slow
def test_json_csv_and_table_carry_overrides_axes_commit_versions_and_seeds(
    tmp_path: Path, cli: Cli
) -> None:
    args = ["compare", "baseline", "sales_led", *SET_TINY, "--metrics", "revenue,nrr"]
    done = cli([*args, "--format", "json"], tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["overrides"] == TINY
    assert data["seeds"] == [0, 1]
    assert data["commit"] and data["commit"] != "unknown"
    assert data["versions"]["salesculture"] == metadata.version("salesculture")
    assert {"mesa", "python", "hydra-core"} <= set(data["versions"])
    axes = {c["scenario"]: c["axes"] for c in data["configurations"]}
    assert list(axes["baseline"]) == list(REGIME_AXES)
    assert axes["baseline"]["leadership"] == "sales_driven"
    assert axes["sales_led"]["leadership"] == "sales_led"

    done = cli([*args, "--format", "csv"], tmp_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {r["scenario"]: r["leadership"] for r in rows} == {
        "baseline": "sales_driven",
        "sales_led": "sales_led",
    }
    for row in rows:
        assert row["overrides"] == " ".join(TINY)
        assert row["seeds"] == "0 1"
        assert row["commit"] == data["commit"]
        assert f"salesculture={metadata.version('salesculture')}" in row["versions"]

    done = cli(args, tmp_path)
    assert done.returncode == 0, done.stderr
    table = done.stdout
    assert f"overrides (every run): {' '.join(TINY)}" in table
    assert data["commit"] in table and "seeds 0 1" in table
    assert "  sales_led: leadership=sales_led incentives=outcome_only" in table
    nrr = [line for line in table.splitlines() if line.startswith("nrr ")]
    assert len(nrr) == 2 and all("(fewer than 2 years)" in line for line in nrr)
    assert "nan" not in table


def test_version(tmp_path: Path, cli: Cli) -> None:
    done = cli(["--version"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"salesculture {metadata.version('salesculture')} (commit ")


def test_show_lists_what_a_preset_sets_against_the_baseline(tmp_path: Path, cli: Cli) -> None:
    done = cli(["show", "sales_led"], tmp_path)
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line.split() for line in done.stdout.splitlines()[2:] if line}
    assert rows["leadership"][1:] == ["sales_led", "sales_driven", "<-", "differs"]
    for axis in REGIME_AXES:
        if axis != "leadership":
            assert len(rows[axis]) == 3 and rows[axis][1] == rows[axis][2], rows[axis]
    assert "1 of 8 axes differ from baseline; no other parameter differs" in done.stdout

    done = cli(["show", "sales_led", "leadership=sales_driven", "market.customers=2000"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("sales_led+leadership=sales_driven (preset sales_led)")
    assert "0 of 8 axes differ" in done.stdout
    assert "market.customers=2000" in done.stdout

    done = cli(["show", "sales_led", "--resolved"], tmp_path)
    assert done.returncode == 0, done.stderr
    resolved = yaml.safe_load(done.stdout)
    assert resolved["leadership"]["regime"] == "sales_led"
    assert resolved["scenario"]["name"] == "sales_led"


def test_show_of_an_unknown_preset_is_one_line(tmp_path: Path, cli: Cli) -> None:
    line = one_error_line(cli(["show", "no_such_preset"], tmp_path))
    assert "no_such_preset" in line and "valid scenarios: amazing_culture" in line
    line = one_error_line(cli(["show", "sales_led", "leadership=nope"], tmp_path))
    assert "leadership='nope'" in line


# --- undefined metrics ---------------------------------------------------------------------------


def test_undefined_metrics_are_explained() -> None:
    runs = pd.DataFrame(
        [
            {"scenario": "baseline", "seed": s, "retention": math.nan, "nrr": math.nan}
            for s in range(2)
        ]
    )
    table = format_table(
        Comparison(
            scenarios=["baseline"],
            seeds=[0, 1],
            years=1,
            metrics=["retention", "nrr"],
            runs=runs,
            weekly=pd.DataFrame(),
        )
    )
    assert "(no customers)" in [line for line in table.splitlines() if "retention" in line][0]
    assert "(fewer than 2 years)" in [line for line in table.splitlines() if "nrr" in line][0]
    assert "nan" not in table
    from salesculture.sim.world.metrics import SUMMARY_METRICS

    text = metric_table(
        {m: (math.nan if m in ("retention", "nrr") else 1.0) for m in SUMMARY_METRICS}
    )
    assert "(undefined: no customers)" in text and "(undefined: fewer than 2 years)" in text
    assert "nan" not in text
