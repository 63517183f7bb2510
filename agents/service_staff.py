"""Service staff: resolve customers' issues; great service is a soft sell ([Infinite Loop])."""

from __future__ import annotations

from typing import TYPE_CHECKING

from salesculture.agents.employee import Employee, sell_on_the_side
from salesculture.sim.world.workforce import Role

if TYPE_CHECKING:
    from salesculture.sim.world.state import World


class ServiceStaff(Employee):
    """A service employee.

    Resolves issues up to a weekly capacity and, where pay rewards it, spends a share of the week
    spotting leads and upsells ([Infinite Loop]).
    """

    role = Role.SERVICE

    @classmethod
    def work(cls, model: World) -> None:
        """Write this week's service capacity and selling effort of every service employee."""
        workforce = model.workforce
        slots = workforce.block(cls.role)
        output = model.productivity[slots]
        selling = sell_on_the_side(model, slots, output)
        workforce.service_capacity[slots] = (
            output * (1.0 - selling) * model.cfg.service.issues_per_staff_week
        )
