"""`salesculture explain`: the channels add up to what they split, and name the mechanism."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest

from salesculture.sim.config.overrides import override_key
from salesculture.sim.runs.compare import compare
from salesculture.sim.runs.explain import PREFIX, PROFIT_WORDS, explain
from salesculture.sim.study.experiments import Experiment, design, names
from salesculture.sim.study.findings import rows
from salesculture.sim.study.reproduce import _swept_value
from salesculture.sim.world.ledger import COST_KINDS, REVENUE_KINDS
from salesculture.sim.world.model import SalesCultureModel
from tests.conftest import compose_small, timeseries_of

SMALL = [
    "market.customers=800",
    "workforce.salespeople=6",
    "workforce.engineers=12",
    "workforce.service_staff=10",
]


@pytest.fixture(scope="module")
def sales_led() -> object:
    """baseline and sales_led on six paired seeds of a small world, three years."""
    return compare(
        ["baseline", "sales_led"], seeds=6, years=3, overrides=SMALL, jobs=2, progress=False
    )


def test_profit_channels_add_up_to_the_profit_difference(sales_led) -> None:
    """Revenue kinds less cost kinds is the profit difference, seed by seed (not on average)."""
    runs = sales_led.runs.set_index(["scenario", "seed"])
    a, b = (runs.loc[name] for name in sales_led.scenarios)
    channels = [f"revenue_{k}" for k in REVENUE_KINDS] + [f"cost_{k}" for k in COST_KINDS]
    assert set(channels) == set(PROFIT_WORDS)
    signed = sum(
        (1 if c.startswith("revenue_") else -1) * (b[PREFIX + c] - a[PREFIX + c]) for c in channels
    )
    assert np.allclose(signed, b.profit - a.profit, rtol=1e-9, atol=1e-3)
    e = explain(sales_led.runs, *sales_led.scenarios, years=3)
    assert sum(r.to_profit for r in e.group("profit")) == pytest.approx(e.profit.diff, rel=1e-9)


def test_revenue_by_source_and_the_win_split_add_up(sales_led) -> None:
    """Revenue by lead source sums to revenue; more deals closed + win rate = change in wins."""
    runs = sales_led.runs
    by_source = runs[[c for c in runs.columns if c.startswith(PREFIX + "revenue_from_")]]
    assert np.allclose(by_source.sum(axis=1), runs.revenue, rtol=1e-9)
    e = explain(runs, *sales_led.scenarios, years=3)
    split = {r.channel: r.diff for r in e.group("wins")}
    assert split["more deals closed"] + split["higher win rate"] == pytest.approx(split["wins"])


def test_the_culture_path_adds_up_to_the_change_of_total_belief() -> None:
    """Forces, clipping, hires and leavers sum to the change of the workforce's total belief."""
    for preset in ("baseline", "purge_non_believers", "amazing_culture"):
        model = SalesCultureModel(compose_small(f"scenario={preset}", "years=2"))
        before = model.workforce.belief[model.workforce.active].sum()
        while model.running:
            model.step()
        after = model.workforce.belief[model.workforce.active].sum()
        weekly = timeseries_of(model)
        moved = weekly[[c for c in weekly.columns if c.startswith("culture_path_")]].to_numpy()
        assert moved.sum() == pytest.approx(after - before, abs=1e-6), preset
        assert np.abs(moved).sum() > 1.0  # the path moves belief; the identity is not 0 = 0


def test_a_sales_leader_is_explained_by_its_mechanisms(sales_led) -> None:
    """sales_led's difference is carried by what [Led or Driven] names: a leader and managers who
    cost salaries, and more deals won at a higher win rate (coaching, disciplines, key deals)."""
    e = explain(sales_led.runs, *sales_led.scenarios, years=3)
    costs = {r.channel: r for r in e.group("profit")}
    assert costs["cost_salaries_sales_managers"].to_profit < 0
    split = {r.channel: r for r in e.group("wins")}
    assert split["higher win rate"].diff > 0 and split["higher win rate"].clear
    words = e.summary()
    assert words.startswith("sales_led") and "mostly through" in words
    assert len(e.largest(3)) == 3
    assert abs(e.largest(1)[0].to_profit) >= max(abs(r.to_profit) for r in e.group("profit"))


def test_explain_through_the_real_command(cli, tmp_path) -> None:
    """The command prints words, then the tables; JSON carries the same largest channels."""
    args = ["explain", "baseline", "cross_functional", "--seeds", "2", "--years", "1"]
    small = [x for item in SMALL for x in ("--set", item)]
    table = cli([*args, *small, "--cache", str(tmp_path / "c")], tmp_path)
    assert table.returncode == 0, table.stderr
    assert table.stdout.startswith("cross_functional against baseline: profit ")
    for title in ("Profit channels", "Revenue by where", "The funnel", "Head-count", "culture"):
        assert title in table.stdout
    out = cli([*args, *small, "--cache", str(tmp_path / "c"), "--format", "json"], tmp_path)
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    assert record["command"].startswith("salesculture explain baseline cross_functional --seeds")
    (parsed,) = record["explanations"]
    assert parsed["other"] == "cross_functional" and len(parsed["largest"]) == 3
    assert parsed["summary"].splitlines()[0] == table.stdout.splitlines()[0]
    rows = cli([*args, *small, "--cache", str(tmp_path / "c"), "--format", "csv"], tmp_path)
    assert rows.returncode == 0, rows.stderr
    frame = pd.read_csv(io.StringIO(rows.stdout))
    profit = frame[frame.channel == "profit"].iloc[0]
    assert profit["diff"] == pytest.approx(parsed["profit"]["diff"])
    assert set(frame.group) >= {"profit", "source", "funnel", "wins", "headcount", "culture"}
    assert (frame.command == record["command"].replace("json", "csv")).all()
    assert (frame.reference_name == "baseline").all() and (
        frame.other_name == "cross_functional"
    ).all()


def test_explain_refuses_bad_input(cli, tmp_path) -> None:
    """One line naming what is wrong, exit 2, nothing run."""
    same = cli(["explain", "baseline", "baseline"], tmp_path)
    assert same.returncode == 2 and "two different presets" in same.stderr
    one = cli(["explain", "baseline", "sales_led", "--seeds", "1"], tmp_path)
    assert one.returncode == 2 and "--seeds=1" in one.stderr
    unknown = cli(["explain", "baseline", "no_such_preset", "--no-cache"], tmp_path)
    assert unknown.returncode == 2 and "no_such_preset" in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("name", names())
def test_every_experiment_explains_contrasts_its_full_design_runs(name: str) -> None:
    """Each README contrast (an analysis's EXPLAIN) selects runs on paired seeds of the design."""
    experiment = Experiment(name)
    contrasts = getattr(experiment.analysis(), "EXPLAIN", None)
    assert contrasts, f"{name}: analysis.py defines no EXPLAIN contrasts"
    plan = design(name)
    table = pd.DataFrame(
        [
            {override_key(o): _swept_value(o) for o in run if override_key(o) in plan.swept}
            for run in plan.runs
        ]
    )
    for title, reference, other in contrasts:
        a, b = rows(table, reference), rows(table, other)
        shared = set(a["seed"]) & set(b["seed"])
        assert len(shared) >= 2, f"{name}: {title!r} pairs {len(shared)} seeds"
        assert len(a) == len(b) == len(shared), (
            f"{name}: {title!r} selects more than one run a seed"
        )
