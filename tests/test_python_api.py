"""``import salesculture``: the API gives the command line's numbers for the same configuration.

Each test runs the command (``python -m salesculture.sim.cli``, this checkout first on the path)
and the function on the same small world and seeds, and compares what they give.
"""

from __future__ import annotations

import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import salesculture as sc
from salesculture.sim.config.errors import ConfigError
from salesculture.sim.runs.provenance import REPO_ROOT
from salesculture.sim.world.metrics import SUMMARY_METRICS

#: The small world of tests/conftest.py's SMALL_WORLD, as keyword parameters.
SMALL = {
    "market__customers": 2000,
    "workforce__salespeople": 10,
    "workforce__engineers": 28,
    "workforce__service_staff": 22,
    "workforce__slots_per_role": 64,
}
SMALL_SET = [f"{key.replace('__', '.')}={value}" for key, value in SMALL.items()]


def command(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """``salesculture ARGS`` of this checkout, in ``cwd``; it must succeed."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "salesculture.sim.cli", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done


def same_number(a: object, b: object) -> bool:
    """Equal, NaN equal to NaN and to None (JSON's and CSV's missing number)."""
    missing = [v is None or (isinstance(v, float) and math.isnan(v)) for v in (a, b)]
    return all(missing) if any(missing) else a == pytest.approx(b, rel=1e-12, abs=1e-12)


@pytest.mark.slow
def test_run_gives_what_salesculture_run_writes(tmp_path: Path) -> None:
    directory = tmp_path / "run"
    sets = ["scenario=sales_led", "seed=3", "years=1", "sales.base_win_rate=0.25", *SMALL_SET]
    command(["run", *sets, f"hydra.run.dir={directory}"], tmp_path)
    written = sc.read_run(directory)
    mine = sc.run("sales_led", seed=3, years=1, sales__base_win_rate=0.25, **SMALL)

    assert mine.name == written.name and mine.preset == written.preset == "sales_led"
    assert mine.seed == written.seed == 3
    assert list(mine.metrics.index) == list(SUMMARY_METRICS)
    assert all(same_number(mine.metrics[m], written.metrics[m]) for m in SUMMARY_METRICS)
    assert mine.metrics["revenue"] > 0
    pd.testing.assert_frame_equal(mine.weekly, written.weekly, check_dtype=False)
    assert len(mine.weekly) == 52
    assert mine.config == json.loads(json.dumps(written.config))
    assert mine.config["sales"]["base_win_rate"] == 0.25


@pytest.mark.slow
def test_compare_and_explain_give_the_command_lines_tables(tmp_path: Path) -> None:
    options = ["--seeds", "3", "--years", "1", "--jobs", "2", "--no-cache"]
    options += [word for text in SMALL_SET for word in ("--set", text)]
    printed = command(["compare", "baseline", "sales_led", *options, "--format", "csv"], tmp_path)
    theirs = pd.read_csv(io.StringIO(printed.stdout))
    comparison = sc.compare(["baseline", "sales_led"], seeds=3, years=1, jobs=2, **SMALL)
    mine = comparison.table()

    assert list(mine.scenario.unique()) == ["baseline", "sales_led"]
    assert len(mine) == len(theirs) == 2 * len(SUMMARY_METRICS)
    for column in ("mean", "ci_low", "ci_high", "diff_mean", "diff_ci_low", "diff_ci_high"):
        pairs = zip(mine[column], theirs[column], strict=True)
        assert all(same_number(a, b) for a, b in pairs), column
    assert comparison.runs.shape[0] == 6

    pair = ["baseline", "sales_led"]
    explained = command(["explain", *pair, *options, "--format", "json"], tmp_path)
    rows = json.loads(explained.stdout)["explanations"][0]["rows"]
    table = sc.explain(comparison).table()
    assert list(table.channel) == [row["channel"] for row in rows]
    assert all(same_number(a, row["diff"]) for a, row in zip(table["diff"], rows, strict=True))
    again = sc.explain("baseline", "sales_led", seeds=3, years=1, jobs=2, **SMALL)
    pd.testing.assert_frame_equal(again.table(), table)
    assert "sales_led against baseline: profit" in again.summary()


@pytest.mark.slow
def test_read_sweep_reads_what_salesculture_sweep_wrote(tmp_path: Path) -> None:
    directory = tmp_path / "sweep"
    sweep = ["scenario=baseline,sales_led", "seed=0,1", "years=1", *SMALL_SET]
    command(["sweep", *sweep, f"hydra.sweep.dir={directory}"], tmp_path)
    for written in ("results.parquet", "report.md", "report.png"):  # the sweep's own report
        (directory / written).unlink(missing_ok=True)
    report = sc.read_sweep(directory)
    assert report.ok == 4 and report.failed == 0
    assert list(report.comparison.scenarios) == ["baseline", "sales_led"]
    assert not (directory / "results.parquet").exists()  # reading writes nothing
    run = report.results.iloc[-1]
    alone = sc.read_run(directory / run.run)
    assert alone.metrics["profit"] == run.profit
    direct = sc.run(run.scenario, seed=int(run.seed), years=1, **SMALL)
    assert direct.metrics["profit"] == pytest.approx(run.profit, rel=1e-12)


def test_compose_is_the_command_lines_configuration() -> None:
    team = "cross_functional_team"
    config = sc.compose("sales_led", years=2, sales__base_win_rate=0.25, process=team)
    assert config.scenario.name == "sales_led" and config.years == 2
    assert config.sales.base_win_rate == 0.25
    assert config.process == sc.compose("cross_functional").process
    assert config.process != sc.compose("sales_led").process
    assert sc.compose("sales_led", **{"sales.base_win_rate": 0.25}) == sc.compose(
        "sales_led", sales__base_win_rate=0.25
    )
    assert {"baseline", "sales_led"} <= set(sc.presets().index)
    assert sc.presets().loc["sales_led", "description"]


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: sc.compose(sales__base_win_rat=0.3), ["sales__base_win_rat", "base_win_rate"]),
        (lambda: sc.compose(sales__base_win_rate=1.5), ["sales.base_win_rate", "1.5", "0.999"]),
        (lambda: sc.compose("nope"), ["scenario", "nope", "baseline"]),
        (lambda: sc.compose(leadership="bossy"), ["leadership", "bossy", "sales_led"]),
        (lambda: sc.compose(**{"sales-x": 1}), ["sales-x", "section__name"]),
        (lambda: sc.compose(seed=object()), ["object", "a number"]),
        (lambda: sc.compare(["baseline", "nope"], seeds=1, years=1), ["nope", "baseline"]),
        (lambda: sc.explain("baseline", "baseline"), ["two different presets"]),
        (lambda: sc.explain("baseline", "sales_led", seeds=1), ["seeds=1", "at least 2"]),
    ],
    ids=["key", "range", "preset", "option", "name", "type", "compare", "same", "seeds"],
)
def test_bad_input_is_one_line_naming_what_is_allowed(call, words: list[str]) -> None:
    with pytest.raises(ConfigError) as raised:
        call()
    message = str(raised.value)
    assert "\n" not in message
    for word in words:
        assert word in message, message


def test_reading_what_is_not_there_says_where(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no finished run"):
        sc.read_run(tmp_path)
    with pytest.raises(FileNotFoundError, match="no such directory"):
        sc.read_sweep(tmp_path / "missing")


def test_the_package_loads_nothing_until_a_name_is_used() -> None:
    code = (
        "import sys, salesculture; "
        "print(sorted(m for m in sys.modules if m.startswith('salesculture')), "
        "'pandas' in sys.modules, 'mesa' in sys.modules); "
        "salesculture.run; print('salesculture.api' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["['salesculture'] False False", "True"]
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        sc.nothing  # noqa: B018
    assert set(sc.__all__) <= set(dir(sc))
    # the package's lazy list of names holds every name the API module exports
    assert set(sc.api.__all__) <= set(sc.__all__)
