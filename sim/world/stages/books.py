"""Closing the week's books (the ``ledger`` stage, last in the weekly plan).

Contract billing of live customers is booked as recurring and upsell revenue, customer by
customer; the running costs are booked by kind (:data:`sim.world.ledger.COST_KINDS`): pay-roll
of the held slots by role, staff selling incentives, the values bonus, training, marketing and
perception surveys (currency per week).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from salesculture.sim.config.rates import per_week
from salesculture.sim.world.workforce import Role

if TYPE_CHECKING:
    from salesculture.sim.world.state import World


def close_books(model: World) -> None:
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
