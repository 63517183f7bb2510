"""The staff's week: leaders lead, then employees work (the first two stages of the plan).

Leaders act as Mesa agents in staged activation (``agents_by_type[...].shuffle_do("lead")``):
the CEO, then the sales leader, then the first-line sales managers, where the leadership regime
has them (contact and coaching hours, [Plan of Attack], [Led or Driven]). Then each staff role
writes the week's capacities and effort of all its employees in one pass over its block of slots
(:meth:`agents.employee.Employee.work`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from salesculture.agents import CEO, Engineer, SalesLeader, SalesManager, Salesperson, ServiceStaff

if TYPE_CHECKING:
    from salesculture.sim.world.state import World

#: Leader roles in the order they lead each week.
LEADING_ORDER = (CEO, SalesLeader, SalesManager)
#: Staff roles in the order they work each week.
WORKING_ORDER = (Salesperson, Engineer, ServiceStaff)


def leaders_lead(model: World) -> None:
    """Each leader in post leads, role by role, in random order within a role."""
    for agent_type in LEADING_ORDER:
        if agent_type in model.agents_by_type:
            model.agents_by_type[agent_type].shuffle_do("lead")


def employees_work(model: World) -> None:
    """Each staff role writes this week's capacities and effort of all its employees."""
    for agent_type in WORKING_ORDER:
        agent_type.work(model)
