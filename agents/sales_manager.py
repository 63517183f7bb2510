"""First-line sales managers of a sales-led company: coach within span and hours [Led or Driven]."""

from __future__ import annotations

import numpy as np

from salesculture.agents.employee import Employee
from salesculture.sim.world.workforce import Role


class SalesManager(Employee):
    """A first-line sales manager.

    The planned salespeople are dealt to the planned managers in turn (sales slot ``k`` to
    manager ``k mod managers``), so teams differ by at most one. Each week a manager spends
    ``coaching_time_share`` of its hours coaching its team, split evenly over those in post
    (Alexander Group: 16 % of a manager's time on average, 28 % best practice; SEC: 3+ hours a
    month per rep is what pays off). A vacant manager post coaches nobody.
    """

    role = Role.SALES_MANAGER

    def lead(self) -> None:
        """Coach this manager's salespeople for the week."""
        model = self.model
        if self.role not in model.policies.leadership.leader_roles():
            return  # the regime no longer has the post: the manager leaves this week
        config = model.cfg.leadership
        workforce = model.workforce
        team = self.team()
        if len(team) == 0:
            return
        hours = config.hours_per_week * config.coaching_time_share * self.ramp
        workforce.coached[team] += hours / len(team)

    @property
    def ramp(self) -> float:
        """Share of full output while the manager ramps up in a new post, 0..1."""
        ramp_weeks = max(1, self.model.workforce.ramp_weeks)
        return float(min(1.0, (self.tenure_weeks + 1) / ramp_weeks))

    def team(self) -> np.ndarray:
        """Slots of the salespeople in post that this manager leads."""
        model = self.model
        workforce = model.workforce
        managers = max(1, model.planned(Role.SALES_MANAGER, model.week))
        index = self.slot - workforce.block(Role.SALES_MANAGER).start
        sales = workforce.block(Role.SALES)
        slots = np.arange(sales.start + index, sales.stop, managers)
        return slots[workforce.active[slots]]
