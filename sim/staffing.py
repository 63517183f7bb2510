"""Staffing to demand: engineering and service head-count that follows the work (the staffing axis).

Under ``headcount=demand_driven`` the model reviews the need every ``review_interval_weeks``:

- Engineering: open order work over the week's order capacity is the backlog in weeks; above
  ``backlog_target_weeks`` the plan rises in proportion, by at most ``max_step`` a review.
- Service: this quarter's issues per week over the service capacity is the load; above
  ``service_load_target`` the plan rises in proportion, by at most ``max_step``.
- Below ``shrink_below`` of its target, a role's demand plan falls back by ``max_step`` a
  review, never under the fixed plan, so head-count follows demand down through attrition and,
  where the surplus is larger than the open vacancies, layoffs.
- Budget rule: a plan rises only while the last quarter's profit margin is at least
  ``margin_floor`` (so not before a full quarter of books exists).
- A plan never rises above ``workforce.slots_per_role``, the positions a role has.

Vacancies then take ``staffing.vacancy_weeks`` to fill and hires ``ramp_weeks`` to ramp up, so
capacity follows demand with a lag. Under ``headcount=fixed`` the plan is the one of
``workforce.*`` whatever demand does.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sim.rates import WEEKS_PER_QUARTER
from sim.workforce import Role

if TYPE_CHECKING:
    from sim.model import SalesCultureModel


def trailing_margin(model: SalesCultureModel) -> float:
    """Profit margin of the last quarter; NaN until a full quarter of books exists."""
    if len(model.recent_books) < WEEKS_PER_QUARTER:
        return math.nan
    revenue = sum(r for r, _ in model.recent_books)
    cost = sum(c for _, c in model.recent_books)
    return (revenue - cost) / revenue if revenue > 0 else -math.inf


def engineering_pressure(model: SalesCultureModel) -> float:
    """Engineering backlog over its target: open order work in weeks of capacity / target."""
    customers, workforce = model.customers, model.workforce
    capacity = float(workforce.delivery_capacity.sum())
    backlog = float(customers.order_work[customers.has_order].sum())
    if capacity <= 0:
        return math.inf if backlog > 0 else 0.0
    return backlog / capacity / model.cfg.headcount.backlog_target_weeks


def service_pressure(model: SalesCultureModel) -> float:
    """Service load over its target: recent issues per week / service capacity / target."""
    workforce = model.workforce
    capacity = float(workforce.service_capacity.sum())
    issues = model.recent_issues_per_week
    if capacity <= 0:
        return math.inf if issues > 0 else 0.0
    return issues / capacity / model.cfg.headcount.service_load_target


def review(model: SalesCultureModel) -> None:
    """Set the demand plan of engineering and service on review weeks (demand-driven only)."""
    policy = model.policies.headcount
    config = policy.config
    if not policy.follows_demand or model.regime_weeks("headcount") % config.review_interval_weeks:
        return
    can_grow = trailing_margin(model) >= config.margin_floor  # False without a full quarter
    most = model.workforce.slots_per_role
    for role, pressure in (
        (Role.ENGINEER, engineering_pressure(model)),
        (Role.SERVICE, service_pressure(model)),
    ):
        headcount = model.workforce.headcount(role) + model.workforce.open_vacancies(role)
        current = max(model.demand_plan.get(role, 0), headcount)
        if pressure > 1.0 and can_grow:
            step = min(pressure - 1.0, config.max_step)
            model.demand_plan[role] = min(most, math.ceil(current * (1.0 + step)))
        elif pressure < config.shrink_below:
            model.demand_plan[role] = math.floor(current * (1.0 - config.max_step))
