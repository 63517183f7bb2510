"""The ledger: revenue by kind and cost by kind, week by week.

Revenue is booked per customer (so the ledger always equals the sum over customers); costs are
booked by the process that incurs them. :func:`close_books` adds the weekly billing of live
contracts and the running costs (pay-roll, incentives, training, marketing, surveys).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.config.rates import per_week
from sim.world.customers import LeadSource
from sim.world.workforce import Role

if TYPE_CHECKING:
    from sim.world.model import SalesCultureModel

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


def close_books(model: SalesCultureModel) -> None:
    """Bill live contracts and book the week's running costs."""
    cfg, customers, workforce, ledger = model.cfg, model.customers, model.workforce, model.ledger
    active = customers.active_index
    billed = active[customers.live[active]]
    model.book_revenue("recurring", billed, customers.value[billed])
    model.book_revenue("upsell", billed, customers.expansion[billed])

    held = workforce.held()  # vacant slots cost nothing: sums over held slots, in slot order
    pay = model.salaries[held]
    by_role = np.bincount(workforce.role[held], weights=pay, minlength=len(Role))
    ledger.cost("salaries_sales", by_role[Role.SALES])
    ledger.cost("salaries_engineering", by_role[Role.ENGINEER])
    ledger.cost("salaries_service", by_role[Role.SERVICE])
    ledger.cost("salaries_leadership", by_role[Role.CEO] + by_role[Role.SALES_LEADER])
    ledger.cost("salaries_sales_managers", by_role[Role.SALES_MANAGER])

    incentives = model.policies.incentives
    flows = model.flows
    contributions = int(flows["leads_from_staff"] + flows["upsells_found_by_staff"])
    ledger.cost(
        "incentives", incentives.staff_bonus(contributions, flows["staff_closed_annual_value"])
    )
    believers = workforce.belief[held] > cfg.culture.believer_threshold
    ledger.cost("values_bonus", incentives.values_bonus(float(pay[believers].sum())))
    ledger.cost("training", len(held) * cfg.costs.training_per_employee_week)
    ledger.cost("marketing", model.marketing_budget)
    survey = model.policies.perception.config.survey_per_customer_year
    ledger.cost("surveys", per_week(survey) * np.count_nonzero(customers.active))
