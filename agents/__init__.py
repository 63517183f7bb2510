"""Mesa agents: the employees of the simulated company."""

from agents.ceo import CEO
from agents.employee import Employee
from agents.engineer import Engineer
from agents.sales_leader import SalesLeader
from agents.sales_manager import SalesManager
from agents.salesperson import Salesperson
from agents.service_staff import ServiceStaff

__all__ = [
    "CEO",
    "Employee",
    "Engineer",
    "SalesLeader",
    "SalesManager",
    "Salesperson",
    "ServiceStaff",
]
