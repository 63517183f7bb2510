"""Salespeople: prospect, work open deals, and lead their accounts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salesculture.agents.employee import Employee
from salesculture.sim.world.workforce import Role

if TYPE_CHECKING:
    from salesculture.sim.world.state import World


class Salesperson(Employee):
    """A salesperson (account lead).

    Each week the salesperson splits time between outbound prospecting and working deals and
    accounts, as the strategic focus asks ([Amazing Cultures]), and within the boundaries the
    company sets
    ([Unintentional Executive]). Output scales with productivity (skill, engagement, ramp-up).
    """

    role = Role.SALES

    @classmethod
    def work(cls, model: World) -> None:
        """Write this week's prospecting, deal capacity and account attention of every rep."""
        workforce = model.workforce
        slots = workforce.block(cls.role)
        output = model.productivity[slots]
        prospecting_share = model.policies.focus.prospecting_share
        workforce.prospecting[slots] = output * prospecting_share
        workforce.deal_capacity[slots] = (
            output * (1.0 - prospecting_share) * model.cfg.sales.opportunities_per_rep
        )
        workforce.account_attention[slots] = output * (1.0 - prospecting_share)
