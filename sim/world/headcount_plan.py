"""The head-count plan: how many people each role should have, week by week.

A staff role's plan grows (or shrinks) at ``workforce.growth_per_year`` from its week-0
head-count (:func:`sim.config.headcount.planned_headcount`); under demand-driven staffing,
engineering and service are raised to what demand asks (``demand_plan``, set by
:mod:`sim.world.stages.staffing`). Leadership positions follow the planned salespeople through
the leadership regime. The model inherits :class:`HeadcountPlan`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from salesculture.sim.config.headcount import planned_headcount
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.world.workforce import Role

if TYPE_CHECKING:
    from salesculture.sim.world.state import Regimes


class HeadcountPlan:
    """Head-count (people) the plan asks of each role (a mixin of the model).

    Attributes:
        cfg: The run's configuration.
        policies: The policy of each regime axis.
        initial_plan: Week-0 head-count plan of the staff roles.
        demand_plan: Head-count that demand asks of a role above its plan.
    """

    cfg: SimConfig
    policies: Regimes
    initial_plan: dict[Role, int]
    demand_plan: dict[Role, int]

    def planned_peak(self, role: Role) -> int:
        """Largest head-count the fixed plan asks of ``role`` over the horizon."""
        growth = self.cfg.workforce.growth_per_year
        initial = self.initial_plan[role]
        return max(planned_headcount(initial, growth, week) for week in (0, self.cfg.weeks))

    def network_positions(self, role: Role) -> int:
        """Positions of ``role`` tied in the influence network from the start.

        The fixed plan's peak; under demand-driven staffing, engineering and service also tie
        ``workforce.network_headroom`` more positions, so that most hires above the plan join
        the network (hires beyond that headroom have no ties).
        """
        peak = self.planned_peak(role)
        if self.policies.headcount.follows_demand and role in (Role.ENGINEER, Role.SERVICE):
            peak = int(round(peak * (1.0 + self.cfg.workforce.network_headroom)))
        return min(peak, self.cfg.workforce.slots_per_role)

    def planned(self, role: Role, week: int) -> int:
        """Head-count asked of ``role`` in ``week``: the plan, raised by demand where it applies."""
        if role in (Role.SALES_LEADER, Role.SALES_MANAGER):
            sales = self.planned(Role.SALES, week)
            return self.policies.leadership.leader_roles(sales).get(role, 0)
        fixed = planned_headcount(self.initial_plan[role], self.cfg.workforce.growth_per_year, week)
        return max(fixed, self.demand_plan.get(role, 0))
