"""Each process on small worlds with paired seeds: the same seed, one parameter changed."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from salesculture.sim.config.schema import SimConfig
from salesculture.sim.world.ledger import COST_KINDS, REVENUE_KINDS
from salesculture.sim.world.model import SalesCultureModel
from salesculture.sim.world.stages import culture
from salesculture.sim.world.workforce import Role

SEEDS = (0, 1)


# --- pre-sale --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high"),
    [
        ("sales.prospecting_leads_per_week=1.2", "sales.prospecting_leads_per_week=2.4"),
        ("focus.prospecting_share=0.2", "focus.prospecting_share=0.6"),
    ],
    ids=["leads_per_week", "prospecting_share"],
)
def test_more_prospecting_effort_gives_more_leads(
    low: str,
    high: str,
    small_config: Callable[..., SimConfig],
    run_model: Callable[[SimConfig], SalesCultureModel],
    timeseries: Callable[[SalesCultureModel], pd.DataFrame],
) -> None:
    totals = {"low": [0, 0], "high": [0, 0]}  # [outbound leads, all leads]
    for seed in SEEDS:
        runs = {}
        for level, override in (("low", low), ("high", high)):
            ts = timeseries(run_model(small_config(f"seed={seed}", override)))
            totals[level][0] += int(ts["leads_outbound"].sum())
            totals[level][1] += int(ts["leads"].sum())
            runs[level] = ts
        # Same seed, same uniforms: in week 0 the outbound leads of the keener company are a
        # superset of the other's, so there can be no fewer of them.
        assert runs["high"]["leads_outbound"].iloc[0] >= runs["low"]["leads_outbound"].iloc[0]
    assert totals["high"][0] > totals["low"][0]
    assert totals["high"][1] > totals["low"][1]


# --- order processing, service and renewals --------------------------------------------------


@pytest.mark.parametrize(
    "slower",
    ["process.handoff_delay_weeks=10", "delivery.engineering_share_on_orders=0.05"],
    ids=["longer_handoffs", "less_engineering"],
)
def test_longer_delivery_lowers_satisfaction_and_renewal(
    slower: str,
    small_config: Callable[..., SimConfig],
    run_model: Callable[[SimConfig], SalesCultureModel],
    timeseries: Callable[[SalesCultureModel], pd.DataFrame],
    summary_of: Callable[[SalesCultureModel], dict[str, float]],
) -> None:
    world = (
        "market.customers=3000",
        "workforce.salespeople=15",
        "workforce.engineers=40",
        "workforce.service_staff=32",
        "years=2",
    )
    renewals = {"fast": 0, "slow": 0}
    churned = {"fast": 0, "slow": 0}
    for seed in (0, 1, 2):
        satisfaction, delay = {}, {}
        for speed, extra in (("fast", ()), ("slow", (slower,))):
            model = run_model(small_config(*world, f"seed={seed}", *extra))
            ts = timeseries(model)
            satisfaction[speed] = ts["mean_satisfaction"].mean()
            delay[speed] = summary_of(model)["delivery_delay"]
            renewals[speed] += int(ts["renewals"].sum())
            churned[speed] += int(ts["churned"].sum())
        assert delay["slow"] > delay["fast"], f"the lever did not slow delivery (seed {seed})"
        assert satisfaction["slow"] < satisfaction["fast"], f"seed {seed}"
    renewal_share = {k: renewals[k] / (renewals[k] + churned[k]) for k in renewals}
    assert renewal_share["slow"] < renewal_share["fast"]


# --- culture ----------------------------------------------------------------------------------


def _believer_with_ties(model: SalesCultureModel) -> tuple[int, np.ndarray]:
    """An active believer with at least three active ties, and those ties."""
    workforce = model.workforce
    threshold = model.cfg.culture.believer_threshold
    for slot in np.flatnonzero(workforce.active & (workforce.belief > threshold + 0.05)):
        ties = np.array(sorted(model.network.neighbors(int(slot))), dtype=np.int64)
        ties = ties[workforce.active[ties]]
        if len(ties) >= 3:
            return int(slot), ties
    raise AssertionError("no believer with ties in the test world")


def _belief_after_culture(config: SimConfig, slot: int | None) -> np.ndarray:
    """Belief after one culture update, with ``slot``'s belief set to 0 first (if given)."""
    model = SalesCultureModel(config)
    if slot is not None:
        model.workforce.belief[slot] = 0.0
    culture.update_culture(model)
    return model.workforce.belief.copy()


@pytest.mark.parametrize("contagion", [0.0, 1.0])
def test_non_believer_lowers_belief_of_ties(
    contagion: float, small_config: Callable[..., SimConfig]
) -> None:
    config = small_config("seed=5", f"culture.non_believer_contagion={contagion}")
    reference = SalesCultureModel(config)
    slot, ties = _believer_with_ties(reference)
    untouched = _belief_after_culture(config, None)
    infected = _belief_after_culture(config, slot)  # same seed: the same belief noise

    assert np.all(infected[ties] < untouched[ties])
    others = reference.workforce.active.copy()
    others[ties] = False
    others[slot] = False
    np.testing.assert_array_equal(infected[others], untouched[others])


def test_contagion_makes_a_non_believer_weigh_more(small_config: Callable[..., SimConfig]) -> None:
    drops = {}
    for contagion in (0.0, 2.0):
        config = small_config("seed=5", f"culture.non_believer_contagion={contagion}")
        slot, ties = _believer_with_ties(SalesCultureModel(config))
        drops[contagion] = (
            _belief_after_culture(config, None)[ties] - _belief_after_culture(config, slot)[ties]
        )
    # Other non-believer ties dilute the pull of one employee, so compare the mean drop.
    assert drops[2.0].mean() > drops[0.0].mean()


# --- people -----------------------------------------------------------------------------------


def test_realised_turnover_matches_configured_rate(
    small_config: Callable[..., SimConfig],
    run_model: Callable[[SimConfig], SalesCultureModel],
    timeseries: Callable[[SalesCultureModel], pd.DataFrame],
) -> None:
    rate = 0.3
    years = 3
    separations, staff_years = 0.0, 0.0
    for seed in SEEDS:
        config = small_config(
            f"seed={seed}",
            f"years={years}",
            "market.customers=1500",
            "workforce.salespeople=300",
            "workforce.engineers=300",
            "workforce.service_staff=300",
            "workforce.slots_per_role=400",
            "staffing.turnover_belief_effect=0",
            "staffing.turnover_engagement_effect=0",
            "headcount=fixed",  # no staffing to demand, so no layoffs: separations are quits
            f"staffing.sales_turnover_per_year={rate}",
            f"staffing.engineer_turnover_per_year={rate}",
            f"staffing.service_turnover_per_year={rate}",
        )
        ts = timeseries(run_model(config))
        assert ts["exits"].sum() == 0 and ts["layoffs"].sum() == 0
        staff = ts[["headcount_sales", "headcount_engineer", "headcount_service"]].sum(axis=1)
        separations += ts["quits"].sum()
        staff_years += staff.mean() * len(ts) / 52
    realised = separations / staff_years
    assert realised == pytest.approx(rate, rel=0.08)


# --- ledger -----------------------------------------------------------------------------------


#: Engineering so short that orders run late and customers cancel them (commission clawed back).
LATE_DELIVERIES = ("scenario=baseline", "delivery.engineering_share_on_orders=0.05")


@pytest.mark.parametrize(
    "overrides",
    [
        ("scenario=baseline",),
        ("scenario=amazing_culture",),
        ("scenario=everybody_sells",),
        LATE_DELIVERIES,
    ],
    ids=["baseline", "amazing_culture", "everybody_sells", "late_deliveries"],
)
def test_ledger_balances(
    overrides: tuple[str, ...],
    small_config: Callable[..., SimConfig],
    run_model: Callable[[SimConfig], SalesCultureModel],
    timeseries: Callable[[SalesCultureModel], pd.DataFrame],
    summary_of: Callable[[SalesCultureModel], dict[str, float]],
) -> None:
    model = run_model(small_config(*overrides, "seed=2", "years=2"))
    ts = timeseries(model)
    summary = summary_of(model)

    assert summary["revenue"] > 0 and summary["cost"] > 0
    assert summary["profit"] == pytest.approx(summary["revenue"] - summary["cost"], rel=1e-12)
    np.testing.assert_allclose(ts["profit"], ts["revenue"] - ts["cost"], rtol=1e-12, atol=1e-6)
    by_kind = ts[[f"revenue_{kind}" for kind in REVENUE_KINDS]].sum(axis=1)
    np.testing.assert_allclose(by_kind, ts["revenue"], rtol=1e-12, atol=1e-6)
    costs = ts[[f"cost_{kind}" for kind in COST_KINDS]].sum(axis=1)
    np.testing.assert_allclose(costs, ts["cost"], rtol=1e-12, atol=1e-6)
    assert (ts[[f"revenue_{kind}" for kind in REVENUE_KINDS]] >= 0).all().all()
    # Every cost is a payment, except that a cancelled order's commission is clawed back (a
    # negative commission in the week it is cancelled) - never more than was paid before.
    paid = [f"cost_{kind}" for kind in COST_KINDS if kind != "commissions"]
    assert (ts[paid] >= 0).all().all()
    assert (ts["cost_commissions"].cumsum() >= -1e-6).all()
    cancelled = ts[["orders_cancelled", "upsells_cancelled", "upsells_cancelled_by_churn"]].sum(
        axis=1
    )
    assert (cancelled[ts["cost_commissions"] < 0] > 0).all()
    if overrides == LATE_DELIVERIES:
        assert cancelled.sum() > 0 and (ts["cost_commissions"] < 0).any()

    customer_revenue = float(model.customers.revenue_total.sum())
    assert summary["revenue"] == pytest.approx(customer_revenue, rel=1e-9)
    assert model.ledger.total_revenue == pytest.approx(customer_revenue, rel=1e-9)
    assert model.ledger.total_cost == pytest.approx(summary["cost"], rel=1e-9)
    assert summary["revenue"] == pytest.approx(
        sum(ts[f"revenue_{kind}"].sum() for kind in REVENUE_KINDS), rel=1e-12
    )


# --- the plan of the week ----------------------------------------------------------------------


def test_plan_follows_the_cycle(small_config: Callable[..., SimConfig]) -> None:
    names = [name for name, _stage in SalesCultureModel(small_config()).plan]
    order = [
        "pre-sale",
        "sale",
        "order processing",
        "post-sale",
        "resale",
        "culture",
        "people",
        "ledger",
    ]
    firsts = [
        next(i for i, name in enumerate(names) if name.startswith(prefix)) for prefix in order
    ]
    assert firsts == sorted(firsts)
    assert names[-1] == "ledger"


def test_mesa_agents_track_the_workforce(
    small_config: Callable[..., SimConfig],
    run_model: Callable[[SimConfig], SalesCultureModel],
) -> None:
    model = run_model(small_config("seed=4", "scenario=purge_non_believers"))
    workforce = model.workforce
    assert sum(len(agents) for agents in model.agents_by_type.values()) == workforce.active.sum()
    for agent in model.agents:
        assert workforce.agents[agent.slot] is agent
        assert workforce.active[agent.slot]
        assert workforce.role[agent.slot] == agent.role
    assert workforce.headcount(Role.CEO) == 1
    assert sum(r["quits"] + r["exits"] for r in model.records) > 0  # people did leave
