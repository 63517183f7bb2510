"""Engineers: customise and deliver orders (seeds/001); in everybody-sells regimes also sell."""

from __future__ import annotations

from agents.employee import Employee
from sim.workforce import Role


class Engineer(Employee):
    """An engineer.

    Offers a share of the week to order customisation, less any cross-functional team time
    (seeds/001), and, where pay rewards it, a share to spotting leads and upsells (seeds/002).
    """

    role = Role.ENGINEER

    def work(self) -> None:
        """Write this week's delivery capacity and selling effort."""
        model = self.model
        output = self.productivity
        selling = model.policies.incentives.staff_selling_effort(self.belief)
        order_share = model.cfg.delivery.engineering_share_on_orders
        overhead = model.policies.process.team_overhead(model.team_practice)
        model.workforce.delivery_capacity[self.slot] = (
            output * order_share * (1.0 - overhead) * (1.0 - selling)
        )
        model.workforce.selling_effort[self.slot] = output * selling
