"""The ledger: revenue by kind and cost by kind, week by week.

Revenue is booked per customer (so the ledger always equals the sum over customers); costs are
booked by the process that incurs them. The week's last stage,
:func:`sim.world.stages.books.close_books`, adds the weekly billing of live contracts and the
running costs (pay-roll, incentives, training, marketing, surveys).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from salesculture.sim.world.customers import LeadSource
from salesculture.sim.world.workforce import Role

if TYPE_CHECKING:
    from salesculture.sim.config.schema import CostConfig

REVENUE_KINDS = ("new", "recurring", "upsell")
COST_KINDS = (
    "salaries_sales",
    "salaries_engineering",
    "salaries_service",
    "salaries_leadership",
    "salaries_sales_managers",
    "commissions",
    "incentives",
    "values_bonus",
    "training",
    "hiring",
    "severance",
    "overruns",
    "service",
    "marketing",
    "surveys",
)


class Ledger:
    """Revenue and cost by kind for the current week, and running totals (currency units).

    Attributes:
        revenue_by_source: This week's revenue by where its customers' leads came from
            (indexed by :class:`sim.world.customers.LeadSource`), for ``salesculture explain``.
    """

    def __init__(self) -> None:
        self.revenue = dict.fromkeys(REVENUE_KINDS, 0.0)
        self.revenue_by_source = np.zeros(len(LeadSource))
        self.costs = dict.fromkeys(COST_KINDS, 0.0)
        self.total_revenue = 0.0
        self.total_cost = 0.0

    def open_week(self) -> None:
        """Start a new week with empty books."""
        self.revenue = dict.fromkeys(REVENUE_KINDS, 0.0)
        self.costs = dict.fromkeys(COST_KINDS, 0.0)
        self.revenue_by_source = np.zeros(len(LeadSource))

    def income(self, kind: str, amount: float) -> None:
        """Book revenue of ``kind`` (one of :data:`REVENUE_KINDS`)."""
        if kind not in self.revenue:
            raise KeyError(f"unknown revenue kind {kind!r}")
        self.revenue[kind] += float(amount)
        self.total_revenue += float(amount)

    def cost(self, kind: str, amount: float) -> None:
        """Book a cost of ``kind`` (one of :data:`COST_KINDS`)."""
        if kind not in self.costs:
            raise KeyError(f"unknown cost kind {kind!r}")
        self.costs[kind] += float(amount)
        self.total_cost += float(amount)

    @property
    def week_revenue(self) -> float:
        """Revenue booked this week."""
        return sum(self.revenue.values())

    @property
    def week_cost(self) -> float:
        """Cost booked this week."""
        return sum(self.costs.values())


def pay_by_slot(costs: CostConfig, roles: np.ndarray) -> np.ndarray:
    """Pay of each slot by its role, whether held or not (currency/week).

    Args:
        costs: The configured salaries of each role (``costs.salary_*``).
        roles: Role of each slot (:attr:`sim.world.workforce.Workforce.role`).
    """
    salary_by_role = {
        Role.SALES: costs.salary_salesperson,
        Role.ENGINEER: costs.salary_engineer,
        Role.SERVICE: costs.salary_service,
        Role.CEO: costs.salary_ceo,
        Role.SALES_LEADER: costs.salary_sales_leader,
        Role.SALES_MANAGER: costs.salary_sales_manager,
    }
    return np.array([salary_by_role[role] for role in Role])[roles]
