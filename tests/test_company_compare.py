"""``compare --company`` and ``explain --company``: presets in a fitted company's world, per draw.

The fits are small synthetic fit directories written here (``fit.json`` and
``posterior.parquet``), passed to ``--company`` as directories.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesculture.sim.config.compose import compose_config
from salesculture.sim.config.posterior import load_posterior
from salesculture.sim.runs.companycompare import (
    CompanyComparison,
    company_compare,
    company_explanations,
)
from salesculture.sim.runs.companytable import format_company_table
from salesculture.sim.runs.runner import simulate
from salesculture.sim.runs.stats import CANNOT_TELL

CLI = str(Path(sys.executable).parent / "salesculture")
WORLD = [
    "market.customers=1500",
    "workforce.salespeople=8",
    "workforce.engineers=20",
    "workforce.service_staff=14",
    "workforce.slots_per_role=64",
]
WIN_RATE = "sales.base_win_rate"
#: Five particles around a win rate of 0.2, heavier in the middle.
WEIGHTS = [0.1, 0.2, 0.4, 0.2, 0.1]


def write_fit(
    directory: Path,
    values: list[float],
    parameter: str = WIN_RATE,
    world: list[str] = WORLD,
    company: str = "example",
) -> Path:
    """A fit directory: one fitted parameter, a particle per value, :data:`WEIGHTS`."""
    directory.mkdir(parents=True, exist_ok=True)
    record = {
        "company": company,
        "world": world,
        "parameters": [{"name": parameter, "integer": False}],
        "years": 1,
    }
    (directory / "fit.json").write_text(json.dumps(record))
    sample = pd.DataFrame(
        {"particle": range(len(values)), "weight": WEIGHTS[: len(values)], parameter: values}
    )
    sample.to_parquet(directory / "posterior.parquet")
    return directory


def spread(width: float) -> list[float]:
    """Five win rates around 0.2, ``width`` either side."""
    return [0.2 - width, 0.2 - width / 2, 0.2, 0.2 + width / 2, 0.2 + width]


def run(fit: Path, scenarios=("baseline", "everybody_sells"), **options) -> CompanyComparison:
    """A tiny company comparison: 1 year, 4 draws x 3 seeds unless told otherwise."""
    settings = {"draws": 4, "seeds": 3, "years": 1, "jobs": 2, "progress": False}
    settings.update(options)
    return company_compare(list(scenarios), str(fit), metrics=["profit", "win_rate"], **settings)


@pytest.fixture(scope="module")
def fits(tmp_path_factory) -> dict[str, Path]:
    """The same company fitted wide, narrow and without any doubt about its win rate."""
    root = tmp_path_factory.mktemp("fits")
    return {
        "wide": write_fit(root / "wide", spread(0.15)),
        "narrow": write_fit(root / "narrow", spread(0.01)),
        "certain": write_fit(root / "certain", [0.2] * 5),
    }


@pytest.fixture(scope="module")
def wide(fits) -> CompanyComparison:
    return run(fits["wide"])


def row(comparison: CompanyComparison, scenario: str, metric: str) -> dict:
    return next(
        r for r in comparison.results() if r["scenario"] == scenario and r["metric"] == metric
    )


def paired(comparison: CompanyComparison, metric: str) -> pd.Series:
    """``metric`` of the second row less the first's, per (draw, seed), from the runs."""
    runs = comparison.runs.set_index(["draw", "seed"])
    first, other = comparison.scenarios
    return runs[runs.scenario == other][metric] - runs[runs.scenario == first][metric]


def test_every_run_has_its_draws_values(wide, fits) -> None:
    points = load_posterior(str(fits["wide"])).draws(4)
    assert len({p[WIN_RATE] for p in points}) == 4  # the draws differ: the check can fail
    for draw, value in wide.runs[["draw", WIN_RATE]].itertuples(index=False):
        assert value == points[draw][WIN_RATE]
    assert sorted(set(wide.runs.seed)) == [0, 1, 2]
    assert len(wide.runs) == 2 * 4 * 3
    # One run made again by hand, from the preset, the world and its draw: the same numbers.
    mine = wide.runs[(wide.runs.draw == 3) & (wide.runs.seed == 2)].set_index("scenario")
    by_hand = compose_config(
        [
            "scenario=everybody_sells",
            "years=1",
            "seed=2",
            *WORLD,
            f"{WIN_RATE}={points[3][WIN_RATE]}",
        ]
    )
    assert simulate(by_hand).metrics["profit"] == mine.loc["everybody_sells", "profit"]


def test_the_users_set_wins_over_the_world(fits) -> None:
    comparison = run(
        fits["wide"], ["baseline"], draws=1, seeds=1, overrides=["market.customers=900"]
    )
    value = load_posterior(str(fits["wide"])).draws(1)[0][WIN_RATE]
    head = ["scenario=baseline", "years=1", "seed=0", *WORLD, f"{WIN_RATE}={value}"]
    smaller = simulate(compose_config([*head, "market.customers=900"])).metrics["profit"]
    world = simulate(compose_config(head)).metrics["profit"]
    assert smaller != world
    assert comparison.runs.profit.iloc[0] == smaller


def test_the_interval_is_the_range_of_the_paired_differences(wide) -> None:
    differences = paired(wide, "profit").to_numpy()
    assert len(differences) == 4 * 3
    result = row(wide, "everybody_sells", "profit")
    assert result["diff_mean"] == pytest.approx(differences.mean())
    low, high = np.quantile(differences, [0.025, 0.975])
    assert (result["diff_ci_low"], result["diff_ci_high"]) == pytest.approx((low, high))
    own = wide.runs[wide.runs.scenario == "baseline"].profit.to_numpy()
    first = row(wide, "baseline", "profit")
    assert (first["ci_low"], first["ci_high"]) == pytest.approx(
        tuple(np.quantile(own, [0.025, 0.975]))
    )
    assert first["diff_mean"] is None and first["verdict"] is None


def test_the_split_is_a_random_effects_analysis_of_variance(wide) -> None:
    differences = paired(wide, "profit")
    by_draw = differences.groupby(level="draw")
    seeds = by_draw.size().iloc[0]
    luck = by_draw.var(ddof=1).mean()  # the mean square within a draw
    # the variance of the draws' means holds luck / seeds; what is left is the parameters'
    parameters = max(0.0, by_draw.mean().var(ddof=1) - luck / seeds)
    result = row(wide, "everybody_sells", "profit")
    assert result["diff_parameters"] == pytest.approx(parameters / (parameters + luck))
    assert result["diff_parameters"] + result["diff_luck"] == pytest.approx(1.0)


def test_no_doubt_about_the_parameters_leaves_only_luck(fits) -> None:
    result = row(run(fits["certain"]), "everybody_sells", "profit")
    assert result["diff_luck"] > 0
    assert result["diff_parameters"] == pytest.approx(0.0, abs=1e-12)


def test_a_wider_posterior_gives_the_parameters_a_larger_share(fits, wide) -> None:
    narrow = row(run(fits["narrow"]), "everybody_sells", "profit")["diff_parameters"]
    assert row(wide, "everybody_sells", "profit")["diff_parameters"] > narrow


def test_the_same_configuration_cannot_be_told_apart(fits) -> None:
    # sales_driven chooses the leadership the baseline has: the same runs, draw by draw.
    comparison = run(fits["wide"], ["baseline", "sales_driven"], draws=3, seeds=2)
    assert comparison.same == [("baseline", "sales_driven")]
    assert (paired(comparison, "profit") == 0).all()
    result = row(comparison, "sales_driven", "profit")
    assert (result["diff_mean"], result["diff_ci_low"], result["diff_ci_high"]) == (0, 0, 0)
    assert result["verdict"] == CANNOT_TELL
    assert result["diff_parameters"] is None  # nothing varies: no split
    line = next(
        x
        for x in format_company_table(comparison).splitlines()
        if "sales_driven" in x and "profit" in x
    )
    assert line.endswith(f"no spread; {CANNOT_TELL}")


def test_a_preset_replaces_the_companys_own_choice_on_its_axis(tmp_path) -> None:
    # The company already runs a sales-led leadership: sales_led changes nothing, sales_driven
    # takes it back. The horizon of its fit (years=3) is not the comparison's.
    world = [*WORLD, "leadership=sales_led", "years=3"]
    fit = write_fit(tmp_path / "led", spread(0.05), world=world)
    comparison = run(fit, ["baseline", "sales_led", "sales_driven"], draws=2, seeds=1)
    assert comparison.weekly.week.max() == 52
    assert comparison.axes["baseline"]["leadership"] == "sales_led"
    assert comparison.axes["sales_driven"]["leadership"] == "sales_driven"
    assert comparison.same == [("baseline", "sales_led")]
    assert comparison.left_out == {
        "baseline": [],
        "sales_led": ["leadership=sales_led"],
        "sales_driven": ["leadership=sales_led"],
    }
    assert row(comparison, "sales_driven", "profit")["diff_mean"] != 0


def test_explain_splits_the_mean_and_gives_the_range_of_the_total(wide) -> None:
    (found,) = company_explanations(wide)
    differences = paired(wide, "profit").to_numpy()
    assert found.profit.diff == pytest.approx(differences.mean())
    low, high = np.quantile(differences, [0.025, 0.975])
    assert (found.profit.low, found.profit.high) == pytest.approx((low, high))
    channels = sum(r.to_profit for r in found.group("profit"))
    assert channels == pytest.approx(found.profit.diff, rel=1e-9, abs=1e-3)
    share = row(wide, "everybody_sells", "profit")["diff_parameters"]
    assert found.company["parameter_share"] == pytest.approx(share)
    assert found.seeds == [0, 1, 2]
    assert "Company example, 4 draws x 3 seeds" in found.summary()


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300, cwd=tmp_path)


TINY = ["--draws", "2", "--seeds", "2", "--years", "1", "--jobs", "2"]


def test_the_same_command_gives_the_same_json(fits, tmp_path) -> None:
    args = ["compare", "baseline", "everybody_sells", "--company", str(fits["wide"]), *TINY]
    first = cli(tmp_path, *args, "--format", "json", "--no-cache")
    again = cli(tmp_path, *args, "--format", "json", "--no-cache")
    assert first.returncode == 0, first.stderr
    assert first.stdout == again.stdout
    record = json.loads(first.stdout)
    assert f"--company {fits['wide']} --draws 2 --seeds 2" in record["command"]
    assert record["company"]["name"] == "example"
    assert record["company"]["world"] == WORLD
    assert len(record["company"]["draw_values"]) == 2


def test_table_csv_plot_and_explain_name_the_company(fits, tmp_path) -> None:
    company = ["--company", str(fits["wide"]), *TINY, "--cache", str(tmp_path / "cache")]
    done = cli(tmp_path, "compare", "baseline", "everybody_sells", *company, "--plot", "p.png")
    assert done.returncode == 0, done.stderr
    head = done.stdout.splitlines()
    assert head[0].startswith(
        f"company example (fit {fits['wide']}): 2 scenarios x 2 draws x 2 seeds"
    )
    assert head[1] == f"the company's world: {' '.join(WORLD)}"
    assert "% parameters, " in done.stdout
    assert (tmp_path / "p.png").stat().st_size > 0
    table = cli(tmp_path, "compare", "baseline", "everybody_sells", *company, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert {r["company"] for r in rows} == {"example"} and {r["draws"] for r in rows} == {"2"}
    assert "--company" in rows[0]["command"]
    explained = cli(
        tmp_path, "explain", "baseline", "everybody_sells", *company, "--format", "json"
    )
    record = json.loads(explained.stdout)
    assert record["command"].startswith("salesculture explain baseline everybody_sells --company")
    assert record["explanations"][0]["company"]["draws"] == 2


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--company", "nobody"], "--company nobody: no fit in outputs/calibrate/nobody"),
        (["--company", "FIT", "--draws", "0"], "--draws=0: must be at least 1"),
        (["--draws", "3"], "--draws=3: needs --company NAME"),
        (
            ["--company", "FIT", "--set", "sales.base_win_rate=0.3"],
            "--set sales.base_win_rate=0.3: fitted for company example; drop it, or compare "
            "without --company",
        ),
        (
            ["--company", "AXIS"],
            "scenario sales_led: sets leadership.sales_budget_multiplier (it chooses leadership), "
            "which is fitted for company example",
        ),
        (
            ["--company", "FIT", "--config-dir", "DIR"],
            "scenario win_more: sets sales.base_win_rate, which is fitted for company example; "
            "compare presets that leave it alone, or compare without --company",
        ),
    ],
)
def test_bad_input_stops_in_one_line_before_anything_is_written(
    fits, tmp_path: Path, args: list[str], expected: str
) -> None:
    axis = write_fit(tmp_path / "axis", [1.0, 1.2], parameter="leadership.sales_budget_multiplier")
    (tmp_path / "mine" / "scenario").mkdir(parents=True)
    (tmp_path / "mine" / "scenario" / "win_more.yaml").write_text(
        "# @package _global_\nscenario:\n  name: win_more\nsales:\n  base_win_rate: 0.3\n"
    )
    names = {"FIT": str(fits["wide"]), "AXIS": str(axis), "DIR": str(tmp_path / "mine")}
    args = [names.get(word, word) for word in args]
    second = "win_more" if "--config-dir" in args else "sales_led"
    work = tmp_path / "work"
    work.mkdir()
    for command in (
        ["compare", "baseline", second, "--plot", "p.png"],
        ["explain", "baseline", second],
    ):
        done = cli(work, *command, *args, "--years", "1", "--seeds", "2")
        assert done.returncode == 2, done.stderr
        assert done.stdout == ""
        (line,) = done.stderr.strip().splitlines()
        assert line.startswith("salesculture: error: ")
        assert expected in line
        assert list(work.iterdir()) == []
