"""Resale: renewals at the end of each contract, and upsells ([Infinite Loop] resale).

A contract that ends renews with a probability logistic in satisfaction and loyalty, plus the
focus fit where renewals are the focus's target deals (loyalty, [Amazing Cultures]); otherwise the
customer churns, and an upsell order it still has open is cancelled.
Upsell openings are found by account leads (in proportion to their account attention, more under
strategic account planning, [Led or Driven], and under a grow-existing focus, [Amazing Cultures])
and, in
everybody-sells regimes, by engineers and service staff ([Infinite Loop]). An opening closes with a
chance that rises with satisfaction (and the focus fit where upsells are the target deals, grow
existing) and becomes an order with customisation work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from salesculture.sim.config.rates import expit, logit, per_year, weekly_hazard
from salesculture.sim.world.customers import NO_ONE, Stage
from salesculture.sim.world.stages.delivery import drop_orders, start_orders

if TYPE_CHECKING:
    from salesculture.sim.world.state import World


def renew_contracts(model: World) -> None:
    """Count down live contracts; renew or churn those that end this week."""
    cfg, customers, flows = model.cfg, model.customers, model.flows
    resale = cfg.resale
    n = customers.size
    active = customers.active_index
    running = active[customers.live[active]]
    customers.contract_left[running] -= 1
    customers.stage_weeks[active] += 1
    ending = running[customers.contract_left[running] <= 0]
    if len(ending) == 0:
        return
    focus = model.policies.focus
    log_odds = (
        logit(resale.renewal_rate)
        + resale.renewal_satisfaction_logit
        * (customers.satisfaction[ending] - resale.renewal_reference_satisfaction)
        + resale.renewal_loyalty_logit
        * (customers.loyalty[ending] - resale.renewal_reference_loyalty)
        + cfg.sales.focus_fit_logit * focus.renews_fit
    )
    renews = model.draw_uniform("resale.renewal", n)[ending] < expit(log_odds)
    renew, churn = ending[renews], ending[~renews]
    customers.contract_left[renew] = resale.contract_weeks
    upsold = churn[customers.has_order[churn]]
    drop_orders(model, upsold, "upsells_cancelled_by_churn", customers.pending_expansion[upsold])
    customers.move(churn, Stage.CHURNED)
    customers.live[churn] = False
    customers.expansion[churn] = 0.0
    customers.account_lead[churn] = NO_ONE
    customers.available_week[churn] = model.week + cfg.market.churn_cooldown_weeks
    flows["renewals"] += len(renew)
    flows["churned"] += len(churn)


def find_upsells(model: World) -> None:
    """Find and close upsell openings among live customers without an open order."""
    cfg, customers, workforce, flows = model.cfg, model.customers, model.workforce, model.flows
    resale = cfg.resale
    n = customers.size
    active = customers.active_index
    candidates = active[customers.live[active] & (customers.order_week[active] == NO_ONE)]
    if len(candidates) == 0:
        return
    lead = customers.account_lead[candidates]
    attention = np.where(lead >= 0, workforce.account_attention[np.maximum(lead, 0)], 0.0)
    planning = model.disciplines()["account_planning"]
    rate_by_lead = (
        resale.upsell_rate_per_year
        * model.policies.focus.upsell_emphasis
        * (1.0 + resale.discipline_account_planning_gain * planning)
        * attention
    )
    # Masks over the candidates (ascending customer indices).
    by_lead = model.draw_uniform("resale.upsell_found", n)[candidates] < weekly_hazard(rate_by_lead)

    staff = workforce.active & workforce.is_staff
    mean_effort = workforce.selling_effort[staff].mean() if staff.any() else 0.0
    p_staff = weekly_hazard(resale.staff_upsell_rate_per_year * mean_effort)
    if p_staff > 0:
        staff_draw = model.draw_uniform("resale.staff_upsell_found", n)[candidates]
        by_staff = ~by_lead & (staff_draw < p_staff)
    else:
        by_staff = np.zeros(len(candidates), dtype=bool)

    is_found = by_lead | by_staff
    found, found_by_staff = candidates[is_found], by_staff[is_found]
    conversion = resale.upsell_conversion * customers.satisfaction[found]
    if model.policies.focus.upsells_fit:
        conversion = expit(logit(np.clip(conversion, 1e-9, 1 - 1e-9)) + cfg.sales.focus_fit_logit)
    closes = model.draw_uniform("resale.upsell_close", n)[found] < conversion
    won, from_staff = found[closes], found_by_staff[closes]
    flows["upsells_found"] += len(found)
    flows["upsells_found_by_staff"] += np.count_nonzero(found_by_staff)
    flows["upsells"] += len(won)
    flows["upsells_by_staff"] += np.count_nonzero(from_staff)
    if len(won) == 0:
        return
    customers.pending_expansion[won] = resale.upsell_size * customers.value[won]
    work = np.full(len(won), resale.upsell_customisation_weeks)
    annual_value = per_year(customers.pending_expansion[won])
    commission = model.policies.incentives.commission_rate * annual_value * ~from_staff
    start_orders(
        model,
        won,
        work=work,
        unpriced_share=0.0,
        fee=work * cfg.delivery.customisation_price_per_week,
        commission=commission,
    )
    flows["booked_annual_value"] += float(annual_value.sum())
    flows["staff_closed_annual_value"] += float(annual_value[from_staff].sum())
    model.ledger.cost("commissions", float(commission.sum()))
