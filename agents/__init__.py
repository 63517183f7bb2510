"""Mesa agents: the employees of the simulated company."""

from salesculture.agents.ceo import CEO
from salesculture.agents.employee import Employee
from salesculture.agents.engineer import Engineer
from salesculture.agents.sales_leader import SalesLeader
from salesculture.agents.sales_manager import SalesManager
from salesculture.agents.salesperson import Salesperson
from salesculture.agents.service_staff import ServiceStaff
from salesculture.sim.world.workforce import Role

#: The agent class of each role: an employee hired into a slot of the role is one of these.
ROLE_AGENTS: dict[Role, type[Employee]] = {
    Role.SALES: Salesperson,
    Role.ENGINEER: Engineer,
    Role.SERVICE: ServiceStaff,
    Role.CEO: CEO,
    Role.SALES_LEADER: SalesLeader,
    Role.SALES_MANAGER: SalesManager,
}

__all__ = [
    "CEO",
    "ROLE_AGENTS",
    "Employee",
    "Engineer",
    "SalesLeader",
    "SalesManager",
    "Salesperson",
    "ServiceStaff",
]
