"""Resale: renewals at the end of each contract, and upsells (seeds/002 resale).

A contract that ends renews with a probability logistic in satisfaction and loyalty, plus the
account time a loyalty focus gives to renewals (seeds/004); otherwise the customer churns.
Upsell openings are found by account leads (in proportion to their account attention, more under
strategic account planning, seeds/003, and under a grow-existing focus, seeds/004) and, in
everybody-sells regimes, by engineers and service staff (seeds/002). An opening closes with a
chance that rises with satisfaction and becomes an order with customisation work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.customers import NO_ONE, Stage
from sim.delivery import start_orders
from sim.rates import expit, logit, weekly_hazard
from sim.workforce import Role

if TYPE_CHECKING:
    from sim.model import SalesCultureModel


def renew_contracts(model: SalesCultureModel) -> None:
    """Count down live contracts; renew or churn those that end this week."""
    cfg, customers, flows = model.cfg, model.customers, model.flows
    resale = cfg.resale
    n = customers.size
    running = customers.live & customers.active
    customers.contract_left[running] -= 1
    customers.stage_weeks[customers.active] += 1
    ending = running & (customers.contract_left <= 0)
    if not ending.any():
        return
    log_odds = (
        logit(resale.renewal_rate)
        + resale.renewal_satisfaction_logit * (customers.satisfaction - 0.6)
        + resale.renewal_loyalty_logit * (customers.loyalty - 0.5)
        + model.policies.focus.renewal_attention_logit * model.policies.boundaries.focus_adherence
    )
    renew = ending & (model.draw_uniform("resale.renewal", n) < expit(log_odds))
    churn = ending & ~renew
    customers.contract_left[renew] = resale.contract_weeks
    customers.move(churn, Stage.CHURNED)
    customers.live[churn] = False
    customers.expansion[churn] = 0.0
    customers.pending_expansion[churn] = 0.0
    customers.order_week[churn] = NO_ONE
    customers.order_work[churn] = 0.0
    customers.order_wait[churn] = 0.0
    customers.order_fee[churn] = 0.0
    customers.account_lead[churn] = NO_ONE
    customers.available_week[churn] = model.week + cfg.market.churn_cooldown_weeks
    flows["renewals"] += np.count_nonzero(renew)
    flows["churned"] += np.count_nonzero(churn)


def find_upsells(model: SalesCultureModel) -> None:
    """Find and close upsell openings among live customers without an open order."""
    cfg, customers, workforce, flows = model.cfg, model.customers, model.workforce, model.flows
    resale = cfg.resale
    n = customers.size
    eligible = customers.live & customers.active & ~customers.has_order
    if not eligible.any():
        return
    lead = customers.account_lead
    attention = np.where(lead >= 0, workforce.account_attention[np.maximum(lead, 0)], 0.0)
    planning = model.policies.leadership.disciplines["account_planning"]
    rate_by_lead = (
        resale.upsell_rate_per_year
        * model.policies.focus.upsell_emphasis
        * (1.0 + resale.discipline_account_planning_gain * planning)
        * attention
    )
    by_lead = eligible & (
        model.draw_uniform("resale.upsell_found", n) < weekly_hazard(rate_by_lead)
    )

    staff = workforce.active & np.isin(workforce.role, (Role.ENGINEER, Role.SERVICE))
    mean_effort = workforce.selling_effort[staff].mean() if staff.any() else 0.0
    p_staff = weekly_hazard(resale.staff_upsell_rate_per_year * mean_effort)
    by_staff = (
        eligible & ~by_lead & (model.draw_uniform("resale.staff_upsell_found", n) < p_staff)
        if p_staff > 0
        else np.zeros(n, dtype=bool)
    )

    found = by_lead | by_staff
    closes = found & (
        model.draw_uniform("resale.upsell_close", n)
        < resale.upsell_conversion * customers.satisfaction
    )
    won = np.flatnonzero(closes)
    flows["upsells_found"] += np.count_nonzero(found)
    flows["upsells_found_by_staff"] += np.count_nonzero(by_staff)
    flows["upsells"] += len(won)
    flows["upsells_by_staff"] += np.count_nonzero(closes & by_staff)
    if len(won) == 0:
        return
    customers.pending_expansion[won] = resale.upsell_size * customers.value[won]
    work = np.full(len(won), resale.upsell_customisation_weeks)
    start_orders(
        model,
        won,
        work=work,
        unpriced_share=0.0,
        fee=work * cfg.delivery.customisation_price_per_week,
    )
    annual_value = 52.0 * customers.pending_expansion[won].sum()
    staff_value = 52.0 * customers.pending_expansion[np.flatnonzero(closes & by_staff)].sum()
    flows["booked_annual_value"] += annual_value
    model.ledger.cost(
        "commissions", model.policies.incentives.commission_rate * (annual_value - staff_value)
    )
    flows["staff_closed_annual_value"] += staff_value
