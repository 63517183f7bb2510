"""The ``salesculture`` console script: ``scenarios``, ``run`` and its handling of bad input."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from salesculture.sim.config.configdirs import CONF_DIR
from salesculture.sim.world.metrics import SUMMARY_METRICS

Cli = Callable[..., subprocess.CompletedProcess]

SMALL = [
    "market.customers=1500",
    "workforce.salespeople=8",
    "workforce.engineers=20",
    "workforce.service_staff=16",
    "workforce.slots_per_role=32",
    "years=1",
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("market.custmers=5", ["market.custmers", "unknown key", "customers"]),
        ("market.customers=abc", ["market.customers", "abc", "integer"]),
        ("workforce.engineers=-3", ["workforce.engineers", "-3", "[1, 100000]"]),
        ("service.recovery_share=1.5", ["service.recovery_share", "1.5", "[0, 1]"]),
        ("resale.renewal_rate=1.5", ["resale.renewal_rate", "1.5", "[0.001, 0.999]"]),
        ("scenario=nope", ["scenario", "nope", "baseline", "sales_led"]),
        (
            "market.initial_customer_share=0.99",
            ["market.initial_customer_share", "initial_pipeline_share", "<= 1"],
        ),
        ("market.customers=5,6", ["market.customers", "sweep"]),
    ],
    ids=[
        "unknown_key",
        "wrong_type",
        "negative_count",
        "share_above_one",
        "probability_above_one",
        "unknown_scenario",
        "cross_field",
        "sweep_in_run",
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    override: str, expected: list[str], tmp_path: Path, cli: Cli
) -> None:
    target = tmp_path / "x"
    done = cli(["run", *SMALL, override, f"hydra.run.dir={target}"], tmp_path)
    assert done.returncode != 0
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    for part in expected:
        assert part in lines[0], f"{part!r} not in {lines[0]!r}"
    assert not target.exists()
    assert not (tmp_path / "outputs").exists()


@pytest.mark.slow
def test_good_run_writes_timeseries_and_summary(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "run"
    done = cli(["run", *SMALL, "seed=4", "scenario=sales_led", f"hydra.run.dir={target}"], tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads((target / "summary.json").read_text())
    required = {
        "revenue",
        "retention",
        "nrr",
        "cost",
        "profit",
        "win_rate",
        "believer_share",
        "employee_turnover",
        "customers",
        "delivery_delay",
        "config",
        "seed",
        "versions",
        "commit",
    }
    assert set(SUMMARY_METRICS) <= set(summary)
    assert required <= set(summary), required - set(summary)
    assert summary["seed"] == 4
    assert summary["config"]["seed"] == 4
    assert summary["config"]["scenario"]["name"] == "sales_led"
    assert summary["config"]["leadership"]["regime"] == "sales_led"
    assert summary["config"]["market"]["customers"] == 1500
    assert summary["profit"] == pytest.approx(summary["revenue"] - summary["cost"])
    assert {"mesa", "numpy", "python"} <= set(summary["versions"])
    assert summary["versions"]["mesa"] == "3.5.1"
    assert isinstance(summary["commit"], str) and summary["commit"]

    frame = pd.read_parquet(target / "timeseries.parquet")
    assert len(frame) == 52
    assert frame["week"].tolist() == list(range(1, 53))
    assert {"revenue", "cost", "profit", "leads", "wins", "customers", "believer_share"} <= set(
        frame.columns
    )
    assert frame["revenue"].sum() == pytest.approx(summary["revenue"])
    assert not list(target.glob("*.tmp")) and not list(target.glob(".*.tmp"))


@pytest.mark.slow
def test_scenarios_lists_baseline_first_and_every_preset(tmp_path: Path, cli: Cli) -> None:
    done = cli(["scenarios"], tmp_path)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    names = [line.split()[0] for line in lines]
    presets = {path.stem for path in (CONF_DIR / "scenario").glob("*.yaml")}
    assert names[0] == "baseline"
    assert set(names) == presets
    assert len(names) == len(presets)
    assert all(len(line.split(maxsplit=1)) == 2 for line in lines), "a preset lacks its line"


def test_run_profile_names_every_stage_and_stream_and_the_floor(tmp_path: Path, cli: Cli) -> None:
    """``run --profile``: seconds per stage of the plan and per stream, after the usual run."""
    from salesculture.sim.config.compose import compose_config
    from salesculture.sim.world.model import RECORDS_STAGE, SalesCultureModel

    target = tmp_path / "run"
    done = cli(["run", "--profile", *SMALL, f"hydra.run.dir={target}"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert (target / "summary.json").exists()  # the run itself is written as without --profile
    lines = done.stdout.splitlines()
    stages = [name for name, _ in SalesCultureModel(compose_config(SMALL)).plan]
    table = {line[:32].strip(): line[32:].split() for line in lines if line[:32].strip()}
    for stage in [*stages, RECORDS_STAGE, "weekly steps"]:
        seconds, share, drawing = table[stage]
        assert float(seconds) >= float(drawing) >= 0, stage
    assert float(table["weekly steps"][0]) > 0
    streams = [line.split() for line in lines if line.split()[:1] and "." in line.split()[0]]
    drawn = {fields[0] for fields in streams if len(fields) == 3}
    assert {"sale.close", "service.issue", "culture.noise", "people.quit"} <= drawn
    floor = [line for line in lines if line.startswith("floor")]
    assert len(floor) == 1 and "x the floor" in floor[0]
