"""Metrics: the weekly row of the time series and the run summary.

Definitions (the same names everywhere; see ``docs/odd.md``):

- ``revenue``: all revenue over the horizon (new + recurring + upsell).
- ``retention``: annual logo retention, mean over the years of the horizon.
- ``nrr``: net revenue retention, mean over years 2..Y.
- ``cost``, ``profit``: all costs over the horizon; revenue minus cost.
- ``win_rate``: won / (won + lost) over the horizon.
- ``believer_share``: share of employees who are believers at the end.
- ``employee_turnover``: separations per year over mean head-count.
- ``customers``: active customers at the end.
- ``delivery_delay``: mean weeks from a won order to its delivery.
- ``delivery_delay_final_year``: the same over the orders delivered in the last year only (a
  runaway queue shows here first).
- ``open_orders_final``: orders open at the end (waiting for hand-offs or engineering).
- ``orders_cancelled``: new orders and upsells cancelled by customers who waited too long.
- ``mean_belief``: mean belief of employees at the end (beside ``believer_share``).

Weekly, beside the flows: ``retention_52w`` and ``nrr_52w``, rolling 52-week logo retention and
net revenue retention (:func:`with_rolling_retention`), which plots use instead of the
year-to-date ``retention_to_date``.
"""

from __future__ import annotations

from functools import cache, partial
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesculture.sim.config.rates import WEEKS_PER_YEAR, years_elapsed
from salesculture.sim.world.customers import LEAD_SOURCE_NAMES, CustomerPool, Stage
from salesculture.sim.world.ledger import COST_KINDS, REVENUE_KINDS
from salesculture.sim.world.metricdefs import SUMMARY
from salesculture.sim.world.workforce import Role, Workforce

if TYPE_CHECKING:
    from salesculture.sim.world.state import World

#: Each role's name in the weekly columns (``headcount_sales``, ...).
ROLE_NAMES = {role: role.name.lower() for role in Role}
#: Each role's weekly columns, in the order of :class:`Role`: head-count, believers, mean belief.
ROLE_COLUMNS = tuple(
    (f"headcount_{name}", f"believers_{name}", f"belief_{name}") for name in ROLE_NAMES.values()
)
#: Each kind of revenue and of cost with its weekly column (``revenue_new``, ``cost_hiring``, ...).
REVENUE_COLUMNS = tuple((kind, f"revenue_{kind}") for kind in REVENUE_KINDS)
COST_COLUMNS = tuple((kind, f"cost_{kind}") for kind in COST_KINDS)
#: Revenue by where its customers' leads came from (``revenue_from_marketing``, ...), in the
#: order of :class:`sim.world.customers.LeadSource`.
REVENUE_SOURCE_COLUMNS = tuple(f"revenue_from_{name}" for name in LEAD_SOURCE_NAMES)

#: The summary metrics of a run, in order (declared in :mod:`sim.world.metricdefs`).
SUMMARY_METRICS = tuple(metric.name for metric in SUMMARY)


#: Weeks a customer has been one, at the end of a week, when it was already one at the end of the
#: week 52 weeks before: the week of the win counts as one (renewals, which count a customer's
#: weeks, come after closing in the weekly plan), so a customer won in week ``v`` has
#: ``stage_weeks = w - v + 1`` at the end of week ``w``.
CUSTOMER_FOR_A_YEAR = WEEKS_PER_YEAR + 1
#: The weekly columns :func:`with_rolling_retention` reads.
ROLLING_INPUTS = ("week", "customers", "customers_52w", "billing", "billing_52w")
#: The weekly columns :func:`with_rolling_retention` adds.
ROLLING_SERIES = ("retention_52w", "nrr_52w")

#: Small counts that show a runaway queue; in per cent of a baseline of a few they are noise, so
#: plots of relative differences leave them to the table.
QUEUE_COUNTS = ("open_orders_final", "orders_cancelled")


#: Weekly columns that hold the value of the model reporter of the same name at the end of the
#: week (the model's ``customer_count``, ``headcount``, ``believer_share`` and ``mean_belief``);
#: ``revenue`` and ``profit`` are not among them (the row's are the week's, the reporters' to date).
REPORTED_COLUMNS = ("customers", "headcount", "believer_share", "mean_belief")


def model_reporters(properties: dict[str, str]) -> dict[str, str | partial]:
    """Reporters for Mesa's DataCollector: reporter name -> model property, or a reader of the row.

    A reporter whose name is a weekly column (:data:`REPORTED_COLUMNS`) reads it from the row
    the step has just written (``model.reported_row``) instead of working the property out again;
    without a row (week 0, or a model that keeps no records) it reads the property.
    """
    return {
        name: partial(_reported, name, attribute) if name in REPORTED_COLUMNS else attribute
        for name, attribute in properties.items()
    }


def _reported(column: str, attribute: str, model: World) -> float:
    """The row's ``column`` if the model is reporting one, else its property ``attribute``.

    The row's value is the property's (same elements, same arithmetic); where the row has NaN
    (a mean over no employees) the property is read, which gives its own value (0.0).
    """
    row = model.reported_row
    if row is not None:
        value = row[column]
        if value == value:  # not NaN
            return value
    return getattr(model, attribute)


def weekly_row(model: World) -> dict[str, float | str]:
    """The week's flows, books and state as one flat row.

    Means are NumPy's (a pairwise sum over the same elements, divided by their number), so they
    equal ``ndarray.mean`` to the bit without its per-call overhead.
    """
    customers, workforce, ledger = model.customers, model.workforce, model.ledger
    row: dict[str, float | str] = {"week": model.week}
    row.update(model.flows)
    revenue, costs = ledger.revenue, ledger.costs
    for kind, column in REVENUE_COLUMNS:
        row[column] = revenue[kind]
    for kind, column in COST_COLUMNS:
        row[column] = costs[kind]
    by_source = ledger.revenue_by_source.tolist()
    row.update(zip(REVENUE_SOURCE_COLUMNS, by_source, strict=True))
    row["revenue"] = ledger.week_revenue
    row["cost"] = ledger.week_cost
    row["profit"] = row["revenue"] - row["cost"]
    has_order = customers.has_order
    _customer_columns(row, customers, has_order)
    _employee_columns(row, workforce, model.cfg.culture.believer_threshold)
    row["team_practice"] = model.team_practice
    row["conflict_share"] = model.conflict_share
    row["open_order_work"] = float(customers.order_work[has_order].sum())
    week = model.week
    row["switches"] = " ".join(f"{a}={new}" for w, a, _, new in model.switches if w == week)
    return row


def _customer_columns(
    row: dict[str, float | str], customers: CustomerPool, has_order: np.ndarray
) -> None:
    """Add the customer stocks: counts, mean satisfaction and loyalty, retention, billing."""
    active = customers.active_index
    count = len(active)
    row["customers"] = count
    live = customers.live[active]
    row["live_customers"] = int(np.count_nonzero(live))
    if count:
        row["mean_satisfaction"] = float(customers.satisfaction[active].sum()) / count
        row["mean_loyalty"] = float(customers.loyalty[active].sum()) / count
    else:
        row["mean_satisfaction"] = row["mean_loyalty"] = 0.0
    row["open_orders"] = int(np.count_nonzero(has_order))
    # Open opportunities at the week's end: over opportunities closed per week, the mean weeks
    # an opportunity is open (Little's law), the sales cycle a company measures in its CRM.
    row["open_opportunities"] = int(np.count_nonzero(customers.stage == Stage.OPPORTUNITY))
    cohort = customers.active_at_year_start
    cohort_size = int(np.count_nonzero(cohort))
    staying = np.count_nonzero(cohort[active])
    row["retention_to_date"] = float(staying / cohort_size) if cohort_size else 1.0
    tenured = active[customers.stage_weeks[active] >= CUSTOMER_FOR_A_YEAR]
    # CustomerPool.weekly_billing, built from the live customers only: the same numbers.
    billed = active[live]
    billing = np.zeros(customers.size)
    billing[billed] = customers.value[billed] + customers.expansion[billed]
    row["customers_52w"] = len(tenured)
    row["billing"] = float(billing.sum())
    row["billing_52w"] = float(billing[tenured].sum())


def _employee_columns(row: dict[str, float | str], workforce: Workforce, threshold: float) -> None:
    """Add head-count, believers and mean belief by role, then over all employees."""
    held = np.flatnonzero(workforce.active)
    headcount = len(held)
    belief = workforce.belief[held]
    believer = belief > threshold
    # Slots are in role blocks, so each role's employees are one run of ``held``.
    edges = np.searchsorted(held, _role_edges(workforce.slots_per_role)).tolist()
    believers = 0
    for (count_column, believers_column, belief_column), start, stop in zip(
        ROLE_COLUMNS, edges[:-1], edges[1:], strict=True
    ):
        count = stop - start
        role_believers = int(np.count_nonzero(believer[start:stop])) if count else 0
        row[count_column] = count
        row[believers_column] = role_believers
        row[belief_column] = float(belief[start:stop].sum()) / count if count else np.nan
        believers += role_believers
    row["headcount"] = headcount
    row["believer_share"] = float(believers / max(1, headcount))
    if headcount:
        row["mean_belief"] = float(belief.sum()) / headcount
        row["mean_engagement"] = float(workforce.engagement[held].sum()) / headcount
    else:
        row["mean_belief"] = row["mean_engagement"] = np.nan


@cache
def _role_edges(slots_per_role: int) -> tuple[int, ...]:
    """First slot of each role's block, then the number of slots (:meth:`Workforce.block`)."""
    return tuple(role * slots_per_role for role in range(len(Role) + 1))


def summarize(model: World, timeseries: pd.DataFrame) -> dict[str, float]:
    """The run's summary metrics (see the module docstring for definitions)."""
    ts = timeseries
    years = years_elapsed(len(ts))
    final_year = ts.tail(WEEKS_PER_YEAR)
    delivered_final = final_year["delivered"].sum()
    closed = ts["wins"].sum() + ts["losses"].sum()
    separations = ts["quits"].sum() + ts["exits"].sum() + ts["layoffs"].sum()
    delivered = ts["delivered"].sum()
    nrr = [v for v in model.yearbook.nrr if np.isfinite(v)]
    retention = [v for v in model.yearbook.retention if np.isfinite(v)]
    return {
        "revenue": float(ts["revenue"].sum()),
        "retention": float(np.mean(retention)) if retention else float("nan"),
        "nrr": float(np.mean(nrr)) if nrr else float("nan"),
        "cost": float(ts["cost"].sum()),
        "profit": float(ts["revenue"].sum() - ts["cost"].sum()),
        "win_rate": float(ts["wins"].sum() / closed) if closed else float("nan"),
        "believer_share": float(ts["believer_share"].iloc[-1]),
        "employee_turnover": float(separations / years / ts["headcount"].mean()),
        "customers": int(ts["customers"].iloc[-1]),
        "delivery_delay": float(ts["delivery_weeks"].sum() / delivered)
        if delivered
        else float("nan"),
        "delivery_delay_final_year": float(final_year["delivery_weeks"].sum() / delivered_final)
        if delivered_final
        else float("nan"),
        "open_orders_final": int(ts["open_orders"].iloc[-1]),
        "orders_cancelled": int(ts["orders_cancelled"].sum() + ts["upsells_cancelled"].sum()),
        "mean_belief": float(ts["mean_belief"].iloc[-1]),
    }


def with_rolling_retention(timeseries: pd.DataFrame) -> pd.DataFrame:
    """The weekly series of one run with rolling 52-week retention and NRR added.

    For the end of week ``w``, with ``a = w - 52``:

    - ``retention_52w = customers_52w[w] / customers[a]``: of the customers active at the end
      of week ``a``, the share still active at the end of week ``w`` without a break (a
      customer who churned and was won back in between counts as lost);
    - ``nrr_52w = billing_52w[w] / billing[a]``: this week's contract billing (recurring and
      upsell) from the customers active since week ``a``, over the billing of all customers of
      week ``a``. Churn lowers it, upsells raise it; customers won after week ``a`` are left
      out, while one won before but still in delivery at week ``a`` (not yet billed) adds to
      the numerator once it is billed.

    Both are undefined (NaN) for weeks up to 52, where week ``a`` is not in the series, and
    where the denominator is zero. At the end of a model year ``retention_52w`` equals that
    year's logo retention (``YearBook``); ``nrr_52w`` is a run rate, unlike the yearly ``nrr``,
    which divides a year's revenue by the year before.

    Args:
        timeseries: One run's weekly rows (one row per week), with :data:`ROLLING_INPUTS`.
            Rows written before these columns existed give NaN series.

    Returns:
        A copy of ``timeseries`` with the columns :data:`ROLLING_SERIES`.
    """
    out = timeseries.copy()
    if not set(ROLLING_INPUTS) <= set(out.columns):
        return out.assign(**dict.fromkeys(ROLLING_SERIES, np.nan))
    by_week = out.set_index("week")
    if not by_week.index.is_unique:
        raise ValueError("with_rolling_retention: one run at a time (a week appears twice)")
    year_ago = out["week"].to_numpy() - WEEKS_PER_YEAR
    for name, part, whole in (
        ("retention_52w", "customers_52w", "customers"),
        ("nrr_52w", "billing_52w", "billing"),
    ):
        before = by_week[whole].reindex(year_ago).to_numpy(dtype=float)
        now = out[part].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[name] = np.where(before > 0, now / before, np.nan)
    return out
