"""The CEO: owns the top line; without a sales leader, drives sales from behind [Led or Driven]."""

from __future__ import annotations

from salesculture.agents.employee import Employee, meet_the_team
from salesculture.sim.world.workforce import Role


class CEO(Employee):
    """The chief executive.

    In a sales-driven company the CEO is the head of sales but stays in the office: a check-in
    with the salespeople every ``contact_interval_weeks`` ("round the horn" updates), a weak form
    of values modelling, no coaching and no deals joined ([Led or Driven]). Where a sales leader
    heads
    sales, the CEO leaves the sales team to it.
    """

    role = Role.CEO

    def lead(self) -> None:
        """Check in with the salespeople on the weeks the cadence calls for."""
        model = self.model
        if Role.SALES_LEADER in model.policies.leadership.leader_roles():
            return
        config = model.cfg.leadership
        if model.regime_weeks("leadership") % config.contact_interval_weeks == 0:
            meet_the_team(model, config.contact_strength)
