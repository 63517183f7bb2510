"""Pre-sale: where leads come from ([Infinite Loop] pre-sale; Bass 1969 for p and q).

Unaware firms become leads from four sources, each with its own random stream:
marketing (an external rate, Bass p, scaled by the marketing budget), outbound prospecting by
salespeople (targeted by the strategic focus), word of mouth (an imitation rate, Bass q, times the
share of satisfied customers in the market), and, in everybody-sells regimes, leads passed on by
engineers and service staff. Every new lead, and every account whose lead left, is assigned a
salesperson in proportion to deal capacity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from salesculture.sim.config.rates import per_week, weekly_hazard
from salesculture.sim.world.customers import NO_ONE, LeadSource, Stage
from salesculture.sim.world.workforce import Role

if TYPE_CHECKING:
    from salesculture.sim.world.state import World


def marketing_lead_probability(model: World) -> float:
    """Weekly chance that marketing turns an eligible unaware firm into a lead.

    The budget is compared with a reference level per potential customer, so the curve is
    scale-free: the same budget per potential customer gives the same chance in any market.
    """
    market = model.cfg.market
    budget_ratio = model.marketing_budget / (
        market.reference_marketing_per_customer_week * market.customers
    )
    return weekly_hazard(market.marketing_rate_per_year * budget_ratio**market.marketing_elasticity)


def expected_outbound_leads(model: World) -> float:
    """Leads the salespeople's prospecting finds this week (expected number).

    Diminishing returns to the prospecting effort (full-time equivalents) around a reference
    effort per 1000 potential customers, so a company and its market made twice as large find
    twice the leads.
    """
    sales, customers = model.cfg.sales, model.cfg.market.customers
    reference_fte = sales.reference_prospecting_fte_per_1000_customers * customers / 1000
    effort = model.workforce.prospecting.sum() / reference_fte
    return (
        reference_fte
        * effort**sales.prospecting_returns
        * sales.prospecting_leads_per_week
        * (1.0 + sales.discipline_prospecting_gain * model.disciplines()["prospecting"])
    )


def generate_leads(model: World) -> None:
    """Turn unaware firms into leads and record how many came from each source."""
    cfg, customers, workforce, flows = model.cfg, model.customers, model.workforce, model.flows
    week, n = model.week, customers.size
    available = customers.available_week <= week
    customers.move(np.flatnonzero((customers.stage == Stage.CHURNED) & available), Stage.UNAWARE)
    eligible = (customers.stage == Stage.UNAWARE) & available
    n_eligible = np.count_nonzero(eligible)
    if n_eligible == 0:
        return

    market = cfg.market
    p_marketing = marketing_lead_probability(model)
    active = customers.active_index
    satisfied_share = (
        np.count_nonzero(customers.satisfaction[active] > market.satisfied_threshold) / n
    )
    p_word_of_mouth = weekly_hazard(market.word_of_mouth_rate_per_year * satisfied_share)
    outbound_leads = expected_outbound_leads(model)
    weights = model.policies.focus.lead_weights(customers.high_value)
    total_weight = weights[np.flatnonzero(eligible)].sum()  # an index: most firms are eligible
    p_outbound = np.minimum(1.0, outbound_leads * weights / total_weight)

    staff = workforce.active & workforce.is_staff
    staff_leads = workforce.selling_effort[staff].sum() * per_week(cfg.resale.staff_leads_per_year)
    p_staff = min(1.0, staff_leads / n_eligible)

    sources = (
        ("leads_marketing", "presale.marketing", p_marketing, LeadSource.MARKETING),
        ("leads_outbound", "presale.outbound", p_outbound, LeadSource.OUTBOUND),
        ("leads_word_of_mouth", "presale.word_of_mouth", p_word_of_mouth, LeadSource.WORD_OF_MOUTH),
        ("leads_from_staff", "presale.staff_referral", p_staff, LeadSource.STAFF),
    )
    remaining = eligible  # firms no earlier source has turned into a lead this week
    hit = np.empty(n, dtype=bool)
    for flow, stream, probability, source in sources:
        if not (probability > 0 if np.isscalar(probability) else (probability > 0).any()):
            continue  # nothing to draw; other streams are unaffected
        np.less(model.draw_uniform(stream, n), probability, out=hit)
        hit &= remaining
        new = np.flatnonzero(hit)  # few: indices assign several times faster than a mask
        flows[flow] += len(new)
        customers.move(new, Stage.LEAD)
        customers.account_lead[new] = NO_ONE
        customers.from_staff[new] = flow == "leads_from_staff"
        customers.lead_source[new] = source
        remaining[new] = False
    flows["leads"] = (
        flows["leads_marketing"]
        + flows["leads_outbound"]
        + flows["leads_word_of_mouth"]
        + flows["leads_from_staff"]
    )


def assign_account_leads(model: World) -> None:
    """Give every lead, opportunity and customer without an active account lead a salesperson.

    The salesperson is drawn in proportion to deal capacity, using the customer's own number
    from the assignment stream.
    """
    customers, workforce = model.customers, model.workforce
    lead = customers.account_lead
    in_cycle = np.flatnonzero((customers.stage >= Stage.LEAD) & (customers.stage <= Stage.CUSTOMER))
    their_lead = lead[in_cycle]
    has_lead = their_lead != NO_ONE
    orphan = in_cycle[~has_lead | ~workforce.active[np.where(has_lead, their_lead, 0)]]
    if len(orphan) == 0:
        return
    sales = np.flatnonzero(workforce.in_role(Role.SALES))
    capacity = workforce.deal_capacity[sales] + 1e-9
    if len(sales) == 0:
        lead[orphan] = NO_ONE
        return
    cumulative = np.cumsum(capacity) / capacity.sum()
    u = model.draw_uniform("presale.assignment", customers.size)[orphan]
    lead[orphan] = sales[np.minimum(np.searchsorted(cumulative, u, side="right"), len(sales) - 1)]
