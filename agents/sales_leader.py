"""The sales leader of a sales-led company: out in front with the team ([Led or Driven])."""

from __future__ import annotations

from salesculture.agents.employee import Employee, meet_the_team
from salesculture.sim.world.workforce import Role


class SalesLeader(Employee):
    """A dedicated sales leader.

    Each week on the contact cadence the leader meets the sales team, modelling the values
    ([Plan of Attack], [Led or Driven]). A share of the leader's hours goes to key deals: at close,
    the largest
    high-value deals are joined as far as those hours reach (:meth:`key_deals_per_week`, applied
    in :mod:`sim.world.stages.sale`). Coaching is the first-line managers' job
    (:mod:`agents.sales_manager`).
    """

    role = Role.SALES_LEADER

    def lead(self) -> None:
        """Meet the sales team on the weeks the cadence calls for."""
        model = self.model
        if self.role not in model.policies.leadership.leader_roles():
            return  # the regime no longer has the post: the leader leaves this week
        config = model.cfg.leadership
        if model.regime_weeks("leadership") % config.contact_interval_weeks == 0:
            meet_the_team(model, config.contact_strength)

    def key_deals_per_week(self) -> int:
        """Key deals the leader's deal-support hours cover this week: whole deals only.

        ``floor(hours_per_week x deal_support_time_share / hours_per_key_deal)``, 2 at the
        defaults (45 x 0.3 / 6 = 2.25); hours left over are not carried to the next week. One
        leader's hours whatever the company's size (docs/odd.md, Scale).
        """
        config = self.model.cfg.leadership
        if not config.joins_key_deals:
            return 0
        return int(
            config.hours_per_week * config.deal_support_time_share // config.hours_per_key_deal
        )
