"""The CEO: owns the top line; without a sales leader, drives sales from behind (seeds/003)."""

from __future__ import annotations

from agents.employee import Employee
from sim.workforce import Role


class CEO(Employee):
    """The chief executive.

    In a sales-driven company the CEO is the head of sales but stays in the office: a check-in
    with the salespeople every ``contact_interval_weeks`` ("round the horn" updates), a weak form
    of values modelling, no coaching and no deals joined (seeds/003).
    """

    role = Role.CEO

    def lead(self) -> None:
        """Check in with the salespeople on the weeks the cadence calls for."""
        model = self.model
        leadership = model.policies.leadership
        if leadership.has_sales_leader:
            return
        config = leadership.config
        if model.week % config.contact_interval_weeks == 0:
            sales = model.workforce.in_role(Role.SALES)
            model.workforce.leader_contact[sales] += config.contact_strength
