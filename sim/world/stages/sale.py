"""Sale: leads are qualified and opportunities close after their sales cycle.

Win probability is logistic in the account lead's skill and practised values (relationships,
[Amazing Cultures]), the rep's load against capacity, forecasting discipline ([Led or Driven]), a
sales leader joining key deals as far as its hours reach ([Led or Driven]), fit with the strategic
focus ([Amazing Cultures]), the deal's size (larger deals are harder to win,
``sales.value_win_logit``), and promising scope beyond the company's boundaries ([Unintentional
Executive]). Won deals become orders (see :mod:`sim.world.stages.delivery`); commission is paid at
the win and clawed back if the order is cancelled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from salesculture.sim.config.rates import expit, logit, per_year
from salesculture.sim.world.customers import NO_ONE, Stage
from salesculture.sim.world.flows import WINS_BY_SOURCE
from salesculture.sim.world.stages.delivery import start_orders
from salesculture.sim.world.workforce import Role

if TYPE_CHECKING:
    from salesculture.sim.world.state import World


def qualify_leads(model: World) -> None:
    """Decide on reviewed leads: qualified ones become opportunities, the rest drop out."""
    cfg, customers = model.cfg, model.customers
    n = customers.size
    leads = np.flatnonzero((customers.stage == Stage.LEAD) & (customers.account_lead != NO_ONE))
    review_draw = model.draw_uniform("sale.review", n)[leads]
    reviewed = leads[review_draw < cfg.sales.lead_review_probability]
    segmentation = model.disciplines()["segmentation"]
    rate = min(
        1.0,
        cfg.sales.qualification_rate
        * (1.0 + cfg.sales.discipline_segmentation_gain * segmentation),
    )
    passes = model.draw_uniform("sale.qualification", n)[reviewed] < rate
    qualified, dropped = reviewed[passes], reviewed[~passes]
    customers.move(qualified, Stage.OPPORTUNITY)
    customers.move(dropped, Stage.UNAWARE)
    customers.available_week[dropped] = model.week + cfg.market.lost_cooldown_weeks
    model.flows["opportunities"] += len(qualified)


def joined_by_leader(model: World, closing: np.ndarray) -> np.ndarray:
    """Which closing deals the sales leader joins: the largest high-value ones its hours cover."""
    joined = np.zeros(len(closing), dtype=bool)
    in_post = model.workforce.agents[model.workforce.block(Role.SALES_LEADER)]
    capacity = sum(leader.key_deals_per_week() for leader in in_post if leader is not None)
    if capacity == 0:
        return joined
    customers = model.customers
    key = np.flatnonzero(customers.high_value[closing])
    largest = key[np.argsort(-customers.value[closing[key]], kind="stable")[:capacity]]
    joined[largest] = True
    return joined


def win_log_odds(
    model: World,
    closing: np.ndarray,
    out_of_bounds: np.ndarray,
    opportunities: np.ndarray,
) -> np.ndarray:
    """Log-odds of winning each closing opportunity (indices ``closing``).

    ``opportunities`` are the indices of every open opportunity (the account leads' loads).
    """
    cfg, customers, workforce = model.cfg, model.customers, model.workforce
    policies = model.policies
    sales = cfg.sales
    rep = customers.account_lead[closing]
    leads = customers.account_lead[opportunities]
    load = np.bincount(leads[leads >= 0], minlength=workforce.size)[rep]
    capacity = np.maximum(workforce.deal_capacity[rep], 1e-3)
    overload = np.log2(np.maximum(1.0, load / capacity))
    leadership = policies.leadership
    key_deal = joined_by_leader(model, closing)
    fit = policies.focus.new_deal_fit(customers.high_value[closing])
    model.flows["key_deals_joined"] += int(key_deal.sum())
    return (
        logit(sales.base_win_rate)
        + sales.skill_win_logit * (workforce.skill[rep] - sales.win_reference_skill)
        + sales.belief_win_logit * (model.practised_belief[rep] - sales.win_reference_practised)
        - sales.overload_win_logit * overload
        + sales.discipline_forecasting_win_logit * model.disciplines()["forecasting"]
        + leadership.config.key_deal_win_logit * key_deal
        + sales.focus_fit_logit * fit
        - sales.value_win_logit * customers.value_log_ratio[closing]
        + policies.boundaries.config.out_of_bounds_win_logit * out_of_bounds
    )


def close_opportunities(model: World) -> None:
    """Close opportunities at the end of their cycle: win (start an order) or lose."""
    cfg, customers, flows = model.cfg, model.customers, model.flows
    n = customers.size
    opportunities = np.flatnonzero(customers.stage == Stage.OPPORTUNITY)
    customers.stage_weeks[opportunities] += 1
    closing = opportunities[
        (customers.stage_weeks[opportunities] >= customers.cycle_weeks[opportunities])
        & (customers.account_lead[opportunities] != NO_ONE)
    ]
    if len(closing) == 0:
        return
    bounds = model.policies.boundaries.config
    out_of_bounds = model.draw_uniform("order.scope", n)[closing] < bounds.out_of_bounds_probability
    p_win = expit(win_log_odds(model, closing, out_of_bounds, opportunities))
    won_here = model.draw_uniform("sale.close", n)[closing] < p_win
    won, lost = closing[won_here], closing[~won_here]
    flows["wins"] += len(won)
    flows["losses"] += len(lost)
    flows["wins_high_value"] += int(customers.high_value[won].sum())
    by_source = np.bincount(customers.lead_source[won], minlength=len(WINS_BY_SOURCE))
    for name, wins in zip(WINS_BY_SOURCE, by_source.tolist(), strict=True):
        flows[name] += wins
    flows["out_of_bounds_deals"] += int(out_of_bounds[won_here].sum())
    customers.move(lost, Stage.UNAWARE)
    customers.available_week[lost] = model.week + cfg.market.lost_cooldown_weeks
    customers.account_lead[lost] = NO_ONE

    customers.move(won, Stage.CUSTOMER)
    customers.live[won] = False
    customers.satisfaction[won] = cfg.service.satisfaction_baseline
    customers.loyalty[won] = cfg.service.new_customer_loyalty
    sold_out_of_bounds = out_of_bounds[won_here]
    extra = np.where(sold_out_of_bounds, bounds.out_of_bounds_scope, 0.0)
    work = customers.customisation[won] * (1.0 + extra)
    fee = customers.customisation[won] * cfg.delivery.customisation_price_per_week
    annual_value = per_year(customers.value[won])
    commission = model.policies.incentives.commission_rate * annual_value
    start_orders(
        model,
        won,
        work=work,
        unpriced_share=extra / (1.0 + extra),
        fee=fee,
        commission=commission,
        out_of_bounds=sold_out_of_bounds,
    )
    flows["booked_annual_value"] += float(annual_value.sum())
    flows["staff_closed_annual_value"] += float(annual_value[customers.from_staff[won]].sum())
    model.ledger.cost("commissions", float(commission.sum()))
