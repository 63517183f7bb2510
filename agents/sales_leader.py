"""The sales leader of a sales-led company: out in front with the team (seeds/003)."""

from __future__ import annotations

import numpy as np

from agents.employee import Employee
from sim.workforce import Role


class SalesLeader(Employee):
    """A dedicated sales leader.

    Each week: contact with every salesperson (modelling the values, seeds/001 and seeds/003),
    one-to-one coaching of the salespeople with the lowest skill, up to
    ``coaching_sessions_per_week``; joining key deals is applied where deals close (sale stage).
    """

    role = Role.SALES_LEADER

    def lead(self) -> None:
        """Meet the team and coach those who need it most."""
        model = self.model
        config = model.policies.leadership.config
        workforce = model.workforce
        sales = np.flatnonzero(workforce.in_role(Role.SALES))
        if model.week % config.contact_interval_weeks == 0:
            workforce.leader_contact[sales] += config.contact_strength
        sessions = min(config.coaching_sessions_per_week, len(sales))
        if sessions:
            neediest = sales[np.argsort(workforce.skill[sales], kind="stable")[:sessions]]
            workforce.coached[neediest] += 1.0
