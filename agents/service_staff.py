"""Service staff: resolve customers' issues; great service is a soft sell (seeds/002)."""

from __future__ import annotations

from agents.employee import Employee
from sim.workforce import Role


class ServiceStaff(Employee):
    """A service employee.

    Resolves issues up to a weekly capacity and, where pay rewards it, spends a share of the week
    spotting leads and upsells (seeds/002).
    """

    role = Role.SERVICE

    def work(self) -> None:
        """Write this week's service capacity and selling effort."""
        model = self.model
        output = self.productivity
        selling = model.policies.incentives.staff_selling_effort(self.belief)
        model.workforce.service_capacity[self.slot] = (
            output * (1.0 - selling) * model.cfg.service.issues_per_staff_week
        )
        model.workforce.selling_effort[self.slot] = output * selling
