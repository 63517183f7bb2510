"""Accounting identities, checked after every week of a run under many regimes.

Each case is run once per test worker (a small market, two years, one seed) by stepping a
:class:`SalesCultureModel` and auditing it after every step; the tests then check one family of
identities each, week by week:

- the ledger adds up, and revenue booked per customer equals the ledger's revenue;
- each salary kind is that role's salary times its head-count in post that week;
- customers, open orders and employees are stocks that change only by the week's flows;
- commissions are paid at the win and clawed back on cancellation (an exact identity where
  staff do not sell, a bound where they do);
- delivery fees land in ``new`` revenue for first orders and in ``upsell`` revenue for upsells.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pytest

from salesculture.sim.config.compose import compose_config
from salesculture.sim.config.rates import per_year
from salesculture.sim.world.ledger import COST_KINDS, REVENUE_KINDS
from salesculture.sim.world.model import SalesCultureModel
from salesculture.sim.world.workforce import Role

#: The small world every case runs in: a 3,000-firm market over two years, one seed.
WORLD = ("market.customers=3000", "years=2", "seed=1")

#: Case id -> Hydra overrides. The presets, plus two cases that exercise rarer flows: long
#: hand-off waits (late orders cancelled, commission clawed back) and a shrinking plan under a
#: sales leader (salespeople and their managers laid off).
CASES: dict[str, tuple[str, ...]] = {
    "baseline": ("scenario=baseline",),
    "sales_led": ("scenario=sales_led",),
    "everybody_sells": ("scenario=everybody_sells",),
    "purge_non_believers": ("scenario=purge_non_believers",),
    "run_by_salespeople": ("scenario=run_by_salespeople",),
    "cross_functional": ("scenario=cross_functional",),
    "amazing_culture": ("scenario=amazing_culture",),
    "dual_approach": ("scenario=dual_approach",),
    "everybody_sells_outcomes": ("scenario=everybody_sells", "incentives=everybody_sells_outcomes"),
    "long_waits": ("scenario=baseline", "process.handoff_delay_weeks=6"),
    "shrinking_sales_led": (
        "scenario=sales_led",
        "headcount=fixed",
        "workforce.growth_per_year=-0.3",
    ),
}

#: Flows each case must produce, so that the identities below are not checked on zeros only.
EXERCISED: dict[str, tuple[str, ...]] = {
    "baseline": ("wins", "churned", "delivered", "upsells", "quits", "hires"),
    "everybody_sells": ("leads_from_staff", "upsells_found_by_staff"),
    "purge_non_believers": ("exits",),
    "long_waits": ("orders_cancelled", "upsells_cancelled"),
    "shrinking_sales_led": ("layoffs",),
}

SALARY_KEY = {
    Role.SALES: "salary_salesperson",
    Role.ENGINEER: "salary_engineer",
    Role.SERVICE: "salary_service",
    Role.CEO: "salary_ceo",
    Role.SALES_LEADER: "salary_sales_leader",
    Role.SALES_MANAGER: "salary_sales_manager",
}

#: Ledger cost kind -> roles whose salaries it holds.
SALARY_KINDS = {
    "salaries_sales": (Role.SALES,),
    "salaries_engineering": (Role.ENGINEER,),
    "salaries_service": (Role.SERVICE,),
    "salaries_leadership": (Role.CEO, Role.SALES_LEADER),
    "salaries_sales_managers": (Role.SALES_MANAGER,),
}

DELIVERY_STAGE = "order processing"


def close(a: float, b: float, scale: float = 1.0) -> bool:
    """Equal up to floating-point error on sums of currency amounts of size ``scale``."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6 * max(1.0, abs(scale)))


@dataclass
class Week:
    """What the audit saw at the end of one week (and, for fees, inside the delivery stage)."""

    week: int
    revenue: dict[str, float]
    costs: dict[str, float]
    total_revenue: float
    total_cost: float
    booked_per_customer: float
    headcount_by_role: dict[Role, int]
    salary_by_role: dict[Role, float]
    customers: int
    open_orders: int
    employees: int
    flows: dict[str, float]
    record: dict[str, float]
    recurring_billing: float
    expansion_billing: float
    delivery_revenue: dict[str, float] = field(default_factory=dict)
    fees_first: float = 0.0
    fees_upsell: float = 0.0
    delivered_seen: int = 0
    first_order_commission_error: float = 0.0
    upsell_commission_error: float = 0.0
    unpaid_upsell_orders: int = 0


@dataclass
class Audit:
    """A finished run: the model, its state before the first week, and one entry per week."""

    model: SalesCultureModel
    start_customers: int
    start_open_orders: int
    start_employees: int
    weeks: list[Week]

    def series(self, name: str) -> np.ndarray:
        """A flow over the weeks."""
        return np.array([week.flows[name] for week in self.weeks], dtype=float)


def audit_delivery(model: SalesCultureModel, stage: Callable[[], None], sink: dict) -> Callable:
    """Wrap the order-processing stage to see which orders it delivers and what it books.

    In that stage an order closes only by delivery, so the orders open before and closed after
    it are the week's deliveries; their fees are read before the stage clears them.
    """

    def wrapped() -> None:
        customers, ledger = model.customers, model.ledger
        had_order = customers.has_order.copy()
        was_live = customers.live.copy()
        fee = customers.order_fee.copy()
        before = dict(ledger.revenue)
        stage()
        delivered = had_order & ~customers.has_order
        sink["fees_first"] = float(fee[delivered & ~was_live].sum())
        sink["fees_upsell"] = float(fee[delivered & was_live].sum())
        sink["delivered_seen"] = int(delivered.sum())
        sink["delivery_revenue"] = {k: ledger.revenue[k] - before[k] for k in REVENUE_KINDS}

    return wrapped


@cache
def audited_run(case: str) -> Audit:
    """Run ``case`` week by week and record what the identities need after every step."""
    config = compose_config([*CASES[case], *WORLD])
    model = SalesCultureModel(config)
    names = [name for name, _ in model.plan]
    assert DELIVERY_STAGE in names, f"the weekly plan has no {DELIVERY_STAGE!r} stage: {names}"
    sink: dict = {}
    model.plan = tuple(
        (name, audit_delivery(model, stage, sink) if name == DELIVERY_STAGE else stage)
        for name, stage in model.plan
    )
    customers, workforce = model.customers, model.workforce
    rate = model.policies.incentives.commission_rate
    audit = Audit(
        model=model,
        start_customers=model.customer_count,
        start_open_orders=int(customers.has_order.sum()),
        start_employees=model.headcount,
        weeks=[],
    )
    while model.running:
        sink.clear()
        model.step()
        billed = customers.live & customers.active
        first = customers.has_order & ~customers.live
        upsell = customers.has_order & customers.live
        paid = customers.order_commission[upsell] > 0
        expected_upsell = rate * per_year(customers.pending_expansion[upsell])
        audit.weeks.append(
            Week(
                week=model.week,
                revenue=dict(model.ledger.revenue),
                costs=dict(model.ledger.costs),
                total_revenue=model.ledger.total_revenue,
                total_cost=model.ledger.total_cost,
                booked_per_customer=float(customers.revenue_total.sum()),
                headcount_by_role={role: int(workforce.in_role(role).sum()) for role in Role},
                salary_by_role={
                    role: float(model.salaries[workforce.in_role(role)].sum()) for role in Role
                },
                customers=model.customer_count,
                open_orders=int(customers.has_order.sum()),
                employees=model.headcount,
                flows=dict(model.flows),
                record=model.records[-1],
                recurring_billing=float(customers.value[billed].sum()),
                expansion_billing=float(customers.expansion[billed].sum()),
                delivery_revenue=sink.get("delivery_revenue", {}),
                fees_first=sink.get("fees_first", 0.0),
                fees_upsell=sink.get("fees_upsell", 0.0),
                delivered_seen=sink.get("delivered_seen", 0),
                first_order_commission_error=float(
                    np.abs(
                        customers.order_commission[first] - rate * per_year(customers.value[first])
                    ).max(initial=0.0)
                ),
                upsell_commission_error=float(
                    np.abs(customers.order_commission[upsell][paid] - expected_upsell[paid]).max(
                        initial=0.0
                    )
                ),
                unpaid_upsell_orders=int((~paid).sum()),
            )
        )
    return audit


@pytest.fixture(params=list(CASES), scope="module")
def audit(request: pytest.FixtureRequest) -> Audit:
    """The audited run of one case."""
    return audited_run(request.param)


# --- the ledger ------------------------------------------------------------------------------


def test_ledger_adds_up_every_week(audit: Audit) -> None:
    """Kinds sum to the week, weeks sum to the running totals, customers sum to revenue."""
    running_revenue = running_cost = 0.0
    for week in audit.weeks:
        assert set(week.revenue) == set(REVENUE_KINDS)
        assert set(week.costs) == set(COST_KINDS)
        record = week.record
        revenue = sum(week.revenue.values())
        cost = sum(week.costs.values())
        assert close(record["revenue"], sum(record[f"revenue_{k}"] for k in REVENUE_KINDS))
        assert close(record["cost"], sum(record[f"cost_{k}"] for k in COST_KINDS), cost)
        assert close(record["revenue"], revenue, revenue)
        assert close(record["cost"], cost, cost)
        assert close(record["profit"], revenue - cost, cost)
        running_revenue += revenue
        running_cost += cost
        assert close(week.total_revenue, running_revenue, running_revenue), week.week
        assert close(week.total_cost, running_cost, running_cost), week.week
        # Revenue is booked customer by customer.
        assert close(week.booked_per_customer, week.total_revenue, running_revenue), week.week
    assert running_revenue > 0 and running_cost > 0


def test_each_salary_kind_is_salary_times_headcount_in_post(audit: Audit) -> None:
    costs = audit.model.cfg.costs
    workforce, salaries = audit.model.workforce, audit.model.salaries
    for role in Role:
        assert np.all(salaries[workforce.block(role)] == getattr(costs, SALARY_KEY[role]))
    for week in audit.weeks:
        for kind, roles in SALARY_KINDS.items():
            expected = sum(getattr(costs, SALARY_KEY[r]) * week.headcount_by_role[r] for r in roles)
            assert close(week.costs[kind], expected, expected), (week.week, kind)
            assert close(week.costs[kind], sum(week.salary_by_role[r] for r in roles), expected)
            for role in roles:
                name = role.name.lower()
                assert week.record[f"headcount_{name}"] == week.headcount_by_role[role]


# --- stocks and flows ------------------------------------------------------------------------


def test_customers_change_only_by_wins_churn_and_cancelled_first_orders(audit: Audit) -> None:
    """Active customers = last week's + wins - churned - cancelled first orders.

    A win moves an opportunity to CUSTOMER at close; a contract that ends without renewal and a
    first order cancelled before delivery move a customer to CHURNED. Nothing else moves a
    customer into or out of CUSTOMER (a cancelled upsell keeps the customer).
    """
    previous = audit.start_customers
    for week in audit.weeks:
        f = week.flows
        assert week.customers == previous + f["wins"] - f["churned"] - f["orders_cancelled"], (
            week.week
        )
        assert week.record["customers"] == week.customers
        previous = week.customers


def test_open_orders_change_only_by_their_flows(audit: Audit) -> None:
    """Open orders = last week's + started - delivered - every kind of cancellation."""
    previous = audit.start_open_orders
    assert previous == 0
    for week in audit.weeks:
        f = week.flows
        expected = (
            previous
            + f["orders"]
            - f["delivered"]
            - f["orders_cancelled"]
            - f["upsells_cancelled"]
            - f["upsells_cancelled_by_churn"]
        )
        assert week.open_orders == expected, week.week
        assert week.record["open_orders"] == week.open_orders
        assert week.delivered_seen == f["delivered"], week.week
        previous = week.open_orders


def test_headcount_changes_only_by_hires_and_separations(audit: Audit) -> None:
    """Employees = last week's + hires - quits - exits - layoffs, leaders and managers included.

    Sales managers are staffed like the staff roles (vacancies, hires and layoffs in
    ``staff_to_plan``, one per span of planned salespeople); the CEO and a sales leader are
    created at week 0 and never leave.
    """
    model = audit.model
    leaders = model.policies.leadership.leader_roles()
    previous = audit.start_employees
    for week in audit.weeks:
        f = week.flows
        assert week.employees == previous + f["hires"] - f["quits"] - f["exits"] - f["layoffs"], (
            week.week
        )
        assert week.employees == sum(week.headcount_by_role.values())
        assert week.record["headcount"] == week.employees
        assert week.headcount_by_role[Role.CEO] == 1
        assert week.headcount_by_role[Role.SALES_LEADER] == leaders.get(Role.SALES_LEADER, 0)
        if Role.SALES_MANAGER not in leaders:
            assert week.headcount_by_role[Role.SALES_MANAGER] == 0
        previous = week.employees


# --- commissions -----------------------------------------------------------------------------


def test_commissions_are_paid_at_the_win_and_clawed_back_on_cancellation(audit: Audit) -> None:
    """Commissions against booked value, week by week and over the run.

    With r the commission rate, B the booked annual value (``booked_annual_value``: won deals
    and upsells), SU the annual value of upsells found by staff, CC the annual value of cancelled
    orders that paid commission (clawed back as a negative ``commissions`` cost in the week they
    are dropped), the exact identity (sim/world/stages/sale.py, sim/world/stages/resale.py,
    sim/world/stages/delivery.py) is, weekly and so over the run:

        commissions = r * (B - SU - CC)

    A new deal pays commission even when its lead came from staff (a salesperson closes it), so
    ``staff_closed_annual_value`` S = SU + staff-sourced new deals, and ``cancelled_annual_value``
    C = CC + cancelled staff upsells. The flows therefore express the identity exactly only
    where staff do not sell (S = 0, C = CC): commissions = r * (B - C). Where they do, the test
    checks the bounds r * (B - S - C) <= commissions <= r * B, and checks on the open orders that
    each holds exactly the commission its win paid (r * 52 * value for a first order,
    r * 52 * pending expansion or nothing for an upsell), which is what a cancellation claws back.
    """
    rate = audit.model.policies.incentives.commission_rate
    staff_sell = audit.model.cfg.incentives.staff_selling_share > 0
    booked = audit.series("booked_annual_value")
    staff = audit.series("staff_closed_annual_value")
    cancelled = audit.series("cancelled_annual_value")
    paid = np.array([week.costs["commissions"] for week in audit.weeks])
    scale = rate * booked.sum()
    for i, week in enumerate(audit.weeks):
        assert paid[i] <= rate * booked[i] + 1e-6 * scale, week.week
        assert paid[i] >= rate * (booked[i] - staff[i] - cancelled[i]) - 1e-6 * scale, week.week
        assert week.first_order_commission_error <= 1e-9 * max(1.0, scale), week.week
        assert week.upsell_commission_error <= 1e-9 * max(1.0, scale), week.week
        if not staff_sell:
            assert staff[i] == 0
            assert week.unpaid_upsell_orders == 0, week.week
            assert close(paid[i], rate * (booked[i] - cancelled[i]), scale), week.week
    if not staff_sell:
        assert close(paid.sum(), rate * (booked.sum() - cancelled.sum()), scale)
    else:
        assert rate * (booked.sum() - staff.sum() - cancelled.sum()) - 1e-6 * scale <= paid.sum()
        assert paid.sum() <= rate * booked.sum() + 1e-6 * scale
    assert booked.sum() > 0


# --- delivery fees ---------------------------------------------------------------------------


def test_delivery_fees_land_in_new_and_upsell_revenue(audit: Audit) -> None:
    """Fees of delivered first orders are ``new`` revenue; of delivered upsells, ``upsell``.

    The order-processing stage is watched: the orders it closes are the week's deliveries, and
    it books exactly their fees, first orders as ``new`` and upsells as ``upsell``. At the end
    of the week, billing adds the live contracts' value to ``recurring`` and their delivered
    expansion to ``upsell``, so the week's upsell revenue is the upsell fees plus that billing.
    """
    fees_upsell = 0.0
    for week in audit.weeks:
        scale = max(week.revenue.values())
        if week.delivered_seen:
            stage = week.delivery_revenue
            assert close(stage["new"], week.fees_first, scale), week.week
            assert close(stage["upsell"], week.fees_upsell, scale), week.week
            assert stage["recurring"] == 0.0
        else:
            assert week.fees_first == week.fees_upsell == 0.0
        assert close(week.revenue["new"], week.fees_first, scale), week.week
        assert close(week.revenue["recurring"], week.recurring_billing, scale), week.week
        assert close(week.revenue["upsell"], week.fees_upsell + week.expansion_billing, scale), (
            week.week
        )
        fees_upsell += week.fees_upsell
    assert fees_upsell > 0, "no upsell was delivered: the check above saw only zeros"


# --- the runs exercise the flows -------------------------------------------------------------


@pytest.mark.parametrize("case", list(EXERCISED))
def test_audited_runs_exercise_the_flows(case: str) -> None:
    audit = audited_run(case)
    for flow in EXERCISED[case]:
        assert audit.series(flow).sum() > 0, f"{case}: no {flow} in the run"


def test_shrinking_plan_lays_off_sales_managers_with_their_salespeople() -> None:
    """A sales-led company whose plan shrinks needs fewer managers: they are laid off too."""
    audit = audited_run("shrinking_sales_led")
    managers = [week.headcount_by_role[Role.SALES_MANAGER] for week in audit.weeks]
    salespeople = [week.headcount_by_role[Role.SALES] for week in audit.weeks]
    assert managers[-1] < managers[0] and salespeople[-1] < salespeople[0]
    assert audit.series("layoffs").sum() > 0
