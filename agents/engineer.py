"""Engineers: customise and deliver orders [Plan of Attack]; in everybody-sells regimes sell too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salesculture.agents.employee import Employee, sell_on_the_side
from salesculture.sim.world.workforce import Role

if TYPE_CHECKING:
    from salesculture.sim.world.state import World


class Engineer(Employee):
    """An engineer.

    Offers a share of the week to order customisation, less any cross-functional team time
    ([Plan of Attack]), and, where pay rewards it, a share to spotting leads and
    upsells ([Infinite Loop]).
    """

    role = Role.ENGINEER

    @classmethod
    def work(cls, model: World) -> None:
        """Write this week's delivery capacity and selling effort of every engineer."""
        workforce = model.workforce
        slots = workforce.block(cls.role)
        output = model.productivity[slots]
        selling = sell_on_the_side(model, slots, output)
        order_share = model.cfg.delivery.engineering_share_on_orders
        overhead = model.policies.process.team_overhead(model.team_practice)
        workforce.delivery_capacity[slots] = (
            output * order_share * (1.0 - overhead) * (1.0 - selling)
        )
