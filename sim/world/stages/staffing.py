"""Staffing to demand: engineering and service head-count that follows the work (the staffing axis).

Under ``headcount=demand_driven`` the model reviews the need every ``review_interval_weeks``.
Each role's signal is its utilisation: the work it could do now over its capacity.

- Engineering: the work engineers could do in the weeks since the last review, over their order
  capacity in those weeks (:class:`sim.world.staffing_records.EngineeringWindow`). An order
  counts only once its hand-off wait is over, and then for at most
  ``delivery.max_work_per_order_week`` a week: work still waiting on hand-offs is a queue
  engineers cannot work on, and more engineers would not move it. Its target is
  ``engineering_utilisation_target``.
- Service: this quarter's issues per week over the service capacity. Every issue can be worked
  the week it is raised, so all of it counts. Its target is ``service_load_target``.
- Pressure is utilisation over target. Above ``1 + hysteresis_band`` the role's demand plan
  rises in proportion, by at most ``max_step`` a review; below ``1 - hysteresis_band`` it falls
  back in proportion, by at most ``max_step``, never under the fixed plan (so head-count follows
  demand down through attrition and, where the surplus is larger than the open vacancies,
  layoffs); in between it holds. The band is symmetric, so a role is neither grown nor shrunk on
  noise around its target.
- Budget rule: a plan rises only while the last quarter's profit margin is at least
  ``margin_floor`` (so not before a full quarter of books exists).
- A plan never rises above ``workforce.slots_per_role``, the positions a role has.

Vacancies then take ``staffing.vacancy_weeks`` to fill and hires ``ramp_weeks`` to ramp up, so
capacity follows demand with a lag. Under ``headcount=fixed`` the plan is the one of
``workforce.*`` whatever demand does. Every review is recorded
(:class:`sim.world.staffing_records.StaffingReview`, ``model.staffing_reviews``) with the
utilisation it acted on.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from salesculture.sim.config.rates import WEEKS_PER_QUARTER
from salesculture.sim.world.staffing_records import StaffingReview
from salesculture.sim.world.workforce import Role

if TYPE_CHECKING:
    from salesculture.sim.world.state import World


def trailing_margin(model: World) -> float:
    """Profit margin of the last quarter; NaN until a full quarter of books exists."""
    if len(model.recent_books) < WEEKS_PER_QUARTER:
        return math.nan
    revenue = sum(r for r, _ in model.recent_books)
    cost = sum(c for _, c in model.recent_books)
    return (revenue - cost) / revenue if revenue > 0 else -math.inf


def service_utilisation(model: World) -> float:
    """Recent issues per week over the service capacity (issues per issue of capacity)."""
    capacity = float(model.workforce.service_capacity.sum())
    issues = model.recent_issues_per_week
    if capacity <= 0:
        return math.inf if issues > 0 else 0.0
    return issues / capacity


def review(model: World) -> None:
    """Set the demand plan of engineering and service on review weeks (demand-driven only)."""
    policy = model.policies.headcount
    config = policy.config
    if model.regime_weeks("headcount") % config.review_interval_weeks:
        return
    engineering = model.engineering_window.take()  # a window per review interval, any regime
    if not policy.follows_demand:
        return
    can_grow = trailing_margin(model) >= config.margin_floor  # False without a full quarter
    most = model.workforce.slots_per_role
    band = config.hysteresis_band
    for role, utilisation, target in (
        (Role.ENGINEER, engineering, config.engineering_utilisation_target),
        (Role.SERVICE, service_utilisation(model), config.service_load_target),
    ):
        headcount = model.workforce.headcount(role) + model.workforce.open_vacancies(role)
        current = max(model.demand_plan.get(role, 0), headcount)
        pressure = utilisation / target
        plan = current
        if pressure > 1.0 + band and can_grow:
            plan = min(most, math.ceil(current * (1.0 + min(pressure - 1.0, config.max_step))))
            model.demand_plan[role] = plan
        elif pressure < 1.0 - band:
            plan = math.floor(current * (1.0 - min(1.0 - pressure, config.max_step)))
            model.demand_plan[role] = plan
        model.staffing_reviews.append(
            StaffingReview(model.week, role, utilisation, target, current, plan)
        )
