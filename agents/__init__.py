"""Mesa agents: the employees of the simulated company."""

from agents.ceo import CEO
from agents.employee import Employee
from agents.engineer import Engineer
from agents.sales_leader import SalesLeader
from agents.sales_manager import SalesManager
from agents.salesperson import Salesperson
from agents.service_staff import ServiceStaff
from sim.world.workforce import Role

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
