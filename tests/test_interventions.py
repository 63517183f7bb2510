"""Interventions: a regime axis switched while the model runs (issue 10, item 5).

Every switch here happens in week ``W`` of a small world; paired runs share a seed, so the
weeks before ``W`` must be exactly those of the run without the switch.
"""

from __future__ import annotations

import dataclasses
import io
import json
import subprocess
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

from salesculture.scenarios.leadership import Leadership
from salesculture.sim.config.validation import ConfigError
from salesculture.sim.runs.compare import compare
from salesculture.sim.runs.comparetable import to_csv, to_json
from salesculture.sim.runs.runner import simulate
from salesculture.sim.world.model import SalesCultureModel
from salesculture.sim.world.workforce import Role
from tests.conftest import SMALL_WORLD, compose_small

Cli = Callable[..., subprocess.CompletedProcess]
W = 14  #: the week of the switch in the model tests
SEEDS = (1, 2, 3)
#: The small world without its horizon (for compare's --years and the command line).
WORLD = [o for o in SMALL_WORLD if not o.startswith("years=")]


def at(week: int, **axes: str) -> str:
    """The override of one intervention entry: ``interventions=[{week:14,process:...}]``."""
    entry = ",".join([f"week:{week}", *(f"{axis}:{option}" for axis, option in axes.items())])
    return f"interventions=[{{{entry}}}]"


@lru_cache(maxsize=64)
def run(seed: int, *overrides: str, years: int = 2) -> SalesCultureModel:
    model = SalesCultureModel(compose_small(f"seed={seed}", f"years={years}", *overrides))
    model.run_model()
    return model


def frame(model: SalesCultureModel) -> pd.DataFrame:
    return pd.DataFrame.from_records(model.records)


def after(model: SalesCultureModel, week: int = W) -> pd.DataFrame:
    data = frame(model)
    return data[data.week >= week]


def win_rate(data: pd.DataFrame) -> float:
    return data.wins.sum() / (data.wins.sum() + data.losses.sum())


# --- (a) common random numbers, and (d) the section a switch installs -----------------------------

#: A world where demand-driven staffing grows the service staff (the budget rule never binds).
GROWING = ("headcount.margin_floor=-1", "headcount.service_load_target=0.5")

#: Per axis: a switch, the world it runs in, the option it leaves, and what it must change from
#: week W on (a test of the rows after W of the run without and with the switch).
SWITCHES = {
    "leadership": (
        "sales_led",
        (),
        "sales_driven",
        lambda a, b: b.key_deals_joined.sum() > a.key_deals_joined.sum(),
    ),
    "incentives": (
        "everybody_sells",
        (),
        "outcome_only",
        lambda a, b: b.leads_from_staff.sum() > 0 and a.leads_from_staff.sum() == 0,
    ),
    "people": (
        "exit_non_believers",
        (),
        "keep_all",
        lambda a, b: b.exits.sum() > 0 and a.exits.sum() == 0,
    ),
    "process": (
        "cross_functional_team",
        (),
        "siloed",
        lambda a, b: b.orders_by_team.sum() > 0 and a.orders_by_team.sum() == 0,
    ),
    "focus": (
        "grow_existing",
        (),
        "new_logos",
        lambda a, b: b.upsells_found.sum() > a.upsells_found.sum(),
    ),
    "boundaries": (
        "run_by_sales",
        (),
        "strict",
        lambda a, b: b.out_of_bounds_deals.sum() > a.out_of_bounds_deals.sum(),
    ),
    "measure_perception": (
        "on",
        (),
        "off",
        lambda a, b: b.cost_surveys.sum() > 0 and a.cost_surveys.sum() == 0,
    ),
    "headcount": (  # parameters of the axis were overridden: the option left is "modified"
        "fixed",
        GROWING,
        "demand_driven(modified)",
        lambda a, b: b.headcount_service.iloc[-1] < a.headcount_service.iloc[-1],
    ),
}


@pytest.mark.parametrize("axis", list(SWITCHES))
def test_a_switch_leaves_the_weeks_before_it_alone_and_installs_its_option(axis: str) -> None:
    option, world, old, acts = SWITCHES[axis]
    base, switched = run(1, *world), run(1, *world, at(W, **{axis: option}))
    assert switched.records[: W - 1] == base.records[: W - 1], "weeks before the switch differ"
    assert switched.records[W - 1]["switches"] == f"{axis}={option}"
    assert {r["switches"] for r in switched.records} - {f"{axis}={option}"} == {""}
    assert acts(after(base), after(switched)), f"{axis}={option} changed nothing it should"
    assert switched.switches == [(W, axis, old, option)]
    # The section installed is the one a run under the option has from the start.
    assert getattr(switched.cfg, axis) == getattr(compose_small(f"{axis}={option}"), axis)
    assert getattr(base.cfg, axis) == getattr(compose_small(*world), axis)


def test_hiring_a_sales_leader_brings_one_in_and_raises_the_win_rate() -> None:
    vacancy = compose_small().staffing.vacancy_weeks
    gains, believers = [], []
    for seed in SEEDS:
        base, led = run(seed), run(seed, at(W, leadership="sales_led"))
        leader = frame(led).set_index("week").headcount_sales_leader
        assert leader.loc[: W + vacancy - 1].eq(0).all() and leader.loc[W + vacancy :].eq(1).all()
        assert frame(led).headcount_sales_manager.iloc[-1] > 0
        assert type(led.policies.leadership).__name__ == "SalesLed"
        gains.append(win_rate(after(led)) - win_rate(after(base)))
        believers.append(after(led).believer_share.mean() - after(base).believer_share.mean())
    assert all(gain > 0 for gain in gains), gains
    assert all(b != 0 for b in believers), "the believer trajectory did not move"


def test_a_cross_functional_team_cuts_delivery_delay_against_staying_siloed() -> None:
    for seed in SEEDS:
        base, team = after(run(seed)), after(run(seed, at(W, process="cross_functional_team")))
        delay = team.delivery_weeks.sum() / team.delivered.sum()
        assert delay < base.delivery_weeks.sum() / base.delivered.sum(), seed
        # The team is formed at full practice; without a sales leader it then reverts slowly.
        assert team.team_practice.iloc[0] > 0.95 and base.team_practice.eq(0).all()


def test_exiting_non_believers_raises_the_believer_share() -> None:
    review = compose_small("people=exit_non_believers").people.review_interval_weeks
    gains = []
    for seed in SEEDS:
        base, purge = run(seed), run(seed, at(W, people="exit_non_believers"))
        exits = frame(purge).set_index("week").exits
        assert exits.loc[: W + review - 1].eq(0).all(), "a review before one interval had passed"
        gains.append(frame(purge).believer_share.iloc[-1] - frame(base).believer_share.iloc[-1])
    assert min(gains) >= 0 and sum(gains) > 0, gains


def test_switching_back_restores_the_original_regime() -> None:
    back = W + 20
    model = run(
        1,
        f"interventions=[{{week:{W},leadership:sales_led,process:cross_functional_team}},"
        f"{{week:{back},leadership:sales_driven,process:siloed}}]",
    )
    assert type(model.policies.leadership) is Leadership
    assert type(model.policies.process).__name__ == "OrderProcess"
    assert model.cfg.leadership == run(1).cfg.leadership
    assert model.cfg.process == run(1).cfg.process
    data = frame(model).set_index("week")
    assert data.layoffs.loc[back] >= 1 + data.headcount_sales_manager.loc[back - 1]  # leaders
    assert model.workforce.headcount(Role.SALES_LEADER) == 0
    assert data.team_practice.loc[back:].eq(0).all()
    assert [s[:2] for s in model.switches] == [
        (W, "leadership"),
        (W, "process"),
        (back, "leadership"),
        (back, "process"),
    ]


# --- (c) a switch to the settings the model has changes nothing ----------------------------------


def test_a_switch_to_the_option_already_running_changes_nothing() -> None:
    # Composing refuses it (test_a_switch_to_the_option_in_force_is_refused); the model, given
    # one anyway, makes no switch.
    entries = compose_small(at(W, leadership="sales_led", process="cross_functional_team"))
    noop = [
        dataclasses.replace(e, leadership="sales_driven", process="siloed")
        for e in entries.interventions
    ]
    model = SalesCultureModel(
        dataclasses.replace(compose_small("seed=1", "years=2"), interventions=noop)
    )
    model.run_model()
    assert model.records == run(1).records
    assert model.switches == []
    live = SalesCultureModel(compose_small("seed=1", "leadership=sales_led"))
    live.step()
    assert live.switch_regime("leadership", "sales_led") is False
    with pytest.raises(ConfigError, match="sales_driven_overspend"):
        live.switch_regime("leadership", "sales_lead")
    with pytest.raises(ConfigError, match="measure_perception"):
        live.switch_regime("culture", "on")


# --- (d) a switch in week 1 is a run under the option from the start; determinism -----------------


@pytest.mark.parametrize(
    ("axis", "option"),
    [
        ("incentives", "values_based"),
        ("people", "exit_non_believers"),
        ("focus", "high_value"),
        ("boundaries", "run_by_sales"),
        ("measure_perception", "on"),
    ],
)
def test_a_switch_in_week_one_runs_as_the_option_from_the_start(axis: str, option: str) -> None:
    # These axes leave no state at construction: their switch in week 1 is the regime itself.
    switched = frame(run(2, at(1, **{axis: option}), years=1)).drop(columns="switches")
    start = frame(run(2, f"{axis}={option}", years=1)).drop(columns="switches")
    assert not start.equals(frame(run(2, years=1)).drop(columns="switches"))
    pd.testing.assert_frame_equal(switched, start, check_exact=True)


def test_same_seed_and_interventions_give_identical_bytes() -> None:
    config = compose_small("seed=5", at(9, leadership="sales_led", focus="loyalty"))

    def parquet() -> bytes:
        buffer = io.BytesIO()
        simulate(config).timeseries.to_parquet(buffer, index=False)
        return buffer.getvalue()

    assert parquet() == parquet()


# --- labels, summary, compare --------------------------------------------------------------------


def test_compare_carries_the_interventions_and_labels_the_rows(tmp_path: Path) -> None:
    intervention = at(W, process="cross_functional_team")
    result = compare(
        ["baseline", "sales_led"],
        seeds=1,
        years=1,
        overrides=[*WORLD, intervention],
        jobs=1,
        metrics=["delivery_delay"],
        progress=False,
    )
    assert result.scenarios == [
        f"baseline+week{W}:process=cross_functional_team",
        f"sales_led+week{W}:process=cross_functional_team",
    ]
    data = to_json(result)
    for row in data["configurations"]:
        assert row["interventions"] == [{"week": W, "process": "cross_functional_team"}]
    table = pd.read_csv(io.StringIO(to_csv(result)))
    assert set(table.interventions) == {f"week{W}:process=cross_functional_team"}


# --- (e) bad input: one line, exit 2, nothing written --------------------------------------------

SMALL_ARGS = [*WORLD, "years=1"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("interventions=[{week:5,culture:high}]", ["interventions[0].culture", "leadership"]),
        ("interventions=[{week:5,leadership:kings}]", ["kings", "sales_led"]),
        ("interventions=[{week:0,leadership:sales_led}]", ["week=0", "[1, 52]"]),
        ("interventions=[{week:53,leadership:sales_led}]", ["week=53", "[1, 52]"]),
        ("interventions=[{week:5,leadership:sales_led}", ["cannot parse", "interventions"]),
    ],
)
def test_bad_interventions_on_the_command_line_give_one_line(
    cli: Cli, tmp_path: Path, override: str, expected: list[str]
) -> None:
    done = cli(["run", override, *SMALL_ARGS], tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert all(part in lines[0] for part in expected), lines[0]
    assert not any(tmp_path.iterdir()), "something was written"


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("interventions=[{week:5,focus:loyalty},{week:5,focus:new_logos}]", "twice in week 5"),
        ("interventions=[{focus:loyalty}]", "needs a week"),
        ("interventions=[{week:5}]", "switches no regime axis"),
        ("interventions=[{week:2.5,focus:loyalty}]", "must be an integer week"),
        ("interventions=loyalty", "must be a list"),
        ("interventions=[{week:5,measure_perception:false}]", "quote it"),
    ],
)
def test_malformed_interventions_are_refused_in_one_line(override: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected) as caught:
        compose_small(override)
    assert "\n" not in str(caught.value)


@pytest.mark.slow
def test_compare_and_sweep_refuse_a_bad_intervention(cli: Cli, tmp_path: Path) -> None:
    bad = "interventions=[{week:60,leadership:sales_led}]"
    sets = [arg for item in [*WORLD, bad] for arg in ("--set", item)]
    done = cli(["compare", "baseline", "--seeds", "1", "--years", "1", *sets], tmp_path)
    assert done.returncode == 2 and "week=60" in done.stderr and done.stdout == "", done.stderr
    sweep = ["sweep", f"{bad},[]", *SMALL_ARGS, f"hydra.sweep.dir={tmp_path / 'sw'}"]
    done = cli(sweep, tmp_path)
    assert done.returncode == 2 and "week=60" in done.stderr, done.stderr
    assert not any(tmp_path.iterdir()), "something was written"


@pytest.mark.slow
def test_run_records_interventions_and_switches_in_its_summary(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "run"
    override = at(20, leadership="sales_led")
    done = cli(["run", override, *SMALL_ARGS, f"hydra.run.dir={target}"], tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads((target / "summary.json").read_text())
    assert summary["scenario"] == "baseline+week20:leadership=sales_led"
    assert summary["interventions"] == [{"week": 20, "leadership": "sales_led"}]
    [switch] = summary["switches"]
    settings = switch.pop("settings")
    assert switch == {"week": 20, "axis": "leadership", "from": "sales_driven", "to": "sales_led"}
    assert settings["regime"] == "sales_led" and settings["joins_key_deals"] is True
    assert summary["config"]["leadership"]["regime"] == "sales_driven"  # the run as configured
    series = pd.read_parquet(target / "timeseries.parquet").set_index("week")
    assert series.switches[20] == "leadership=sales_led" and series.switches.drop(20).eq("").all()
