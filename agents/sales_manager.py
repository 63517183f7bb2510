"""First-line sales managers of a sales-led company: coach within span and hours (seeds/003)."""

from __future__ import annotations

import numpy as np

from agents.employee import Employee
from sim.workforce import Role


class SalesManager(Employee):
    """A first-line sales manager.

    Manager ``j`` (the ``j``-th slot of the manager block) leads the salespeople in sales slots
    ``j * span`` to ``(j + 1) * span - 1``. Each week it spends ``coaching_time_share`` of its
    hours coaching them, split evenly over those in post (Alexander Group: 16-28 % of a manager's
    time; SEC: 3+ hours a month per rep is what pays off). A vacant manager post coaches nobody.
    """

    role = Role.SALES_MANAGER

    def lead(self) -> None:
        """Coach this manager's salespeople for the week."""
        model = self.model
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
        workforce = self.model.workforce
        span = self.model.cfg.leadership.span_of_control
        index = self.slot - workforce.block(Role.SALES_MANAGER).start
        first = workforce.block(Role.SALES).start + index * span
        slots = np.arange(first, min(first + span, workforce.block(Role.SALES).stop))
        return slots[workforce.active[slots]]
