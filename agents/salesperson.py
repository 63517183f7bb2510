"""Salespeople: prospect, work open deals, and lead their accounts."""

from __future__ import annotations

from agents.employee import Employee
from sim.workforce import Role


class Salesperson(Employee):
    """A salesperson (account lead).

    Each week the salesperson splits time between outbound prospecting and working deals and
    accounts, as the strategic focus asks (seeds/004), and within the boundaries the company sets
    (seeds/000). Output scales with productivity (skill, engagement, ramp-up).
    """

    role = Role.SALES

    def work(self) -> None:
        """Write this week's prospecting, deal capacity and account attention."""
        model = self.model
        workforce = model.workforce
        output = self.productivity
        prospecting_share = model.policies.focus.prospecting_share
        workforce.prospecting[self.slot] = output * prospecting_share
        workforce.deal_capacity[self.slot] = (
            output * (1.0 - prospecting_share) * model.cfg.sales.opportunities_per_rep
        )
        workforce.account_attention[self.slot] = output * (1.0 - prospecting_share)
