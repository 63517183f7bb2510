"""Order processing and delivery ([Plan of Attack], [Unintentional Executive]).

A won deal or upsell becomes a purchase order. It first waits through the hand-offs between
sales, scheduling, engineering and quality; each hand-off may end in conflict, which adds delay
([Plan of Attack]). A cross-functional team handles an order with fewer, calmer hand-offs, for the
share of orders it still practises its way (:func:`update_team_practice`). Then engineers work
the order, first come first served, within the week's engineering capacity. Scope sold outside
the company's boundaries adds unpriced work (overruns) that the promised date leaves out
([Unintentional Executive]): it is bought in (contractors or overtime) at
``costs.overrun_per_engineer_week``,
charged once when the order starts, takes none of the salaried engineers' capacity, and makes
the order wait for it, so the order is late against its promise. Each week an order runs past its
due date costs satisfaction and loyalty; past the customer's patience it may be cancelled
(:func:`cancel_late_orders`). On delivery the customisation fee is billed (new revenue for a
first order, upsell revenue for an upsell), the contract or upsell goes live, and
out-of-bounds scope lets the customer down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from salesculture.sim.config.rates import WEEKS_PER_QUARTER, per_year
from salesculture.sim.world.customers import NO_ONE, Stage
from salesculture.sim.world.quantiles import binom_ppf

if TYPE_CHECKING:
    from salesculture.sim.world.state import World


def start_orders(
    model: World,
    which: np.ndarray,
    work: np.ndarray,
    unpriced_share: np.ndarray | float,
    fee: np.ndarray,
    commission: np.ndarray,
    out_of_bounds: np.ndarray | bool = False,
) -> None:
    """Open orders for the customers ``which`` (indices).

    Args:
        model: The model.
        which: Customers whose order starts.
        work: Customisation work of each order (engineer-weeks), in scope and beyond.
        unpriced_share: Share of the work that is out of bounds (overruns, not promised): bought
            in at ``costs.overrun_per_engineer_week`` and waited for, not worked by engineers.
        fee: Customisation fee billed at delivery (currency).
        commission: Commission already paid on the order, clawed back if it is cancelled.
        out_of_bounds: Whether the order was sold beyond the boundaries.

    Whether the team handles an order is drawn per customer (``order.team``); hand-off conflicts
    are drawn per customer from ``order.conflict`` (inverse binomial), so a process with fewer or
    calmer hand-offs never gives a customer more conflicts.
    """
    if len(which) == 0:
        return
    customers, process = model.customers, model.policies.process.config
    n, orders = customers.size, len(which)
    by_team = model.draw_uniform("order.team", n)[which] < model.team_practice
    u = model.draw_uniform("order.conflict", n)[which]
    team_orders = int(np.count_nonzero(by_team))
    if 0 < team_orders < orders:
        handoffs = np.where(by_team, process.team_handoffs, process.handoffs)
        conflict_p = np.where(
            by_team, process.team_conflict_probability, process.conflict_probability
        )
        delay = np.where(by_team, process.team_handoff_delay_weeks, process.handoff_delay_weeks)
        all_handoffs = int(handoffs.sum())
    else:  # every order one way: the same numbers, without arrays of one repeated value
        if team_orders:
            handoffs, conflict_p = process.team_handoffs, process.team_conflict_probability
            delay = process.team_handoff_delay_weeks
        else:
            handoffs, conflict_p = process.handoffs, process.conflict_probability
            delay = process.handoff_delay_weeks
        all_handoffs = int(handoffs * orders)
    # No conflicts where the quantile is -1 (u = 0) or NaN; fmax reads both as 0, as
    # maximum(nan_to_num(...), 0) did (the quantile is at most the hand-offs, never +inf).
    conflicts = np.fmax(binom_ppf(u, handoffs, conflict_p), 0.0)
    wait = handoffs * delay + conflicts * process.conflict_delay_weeks
    # Unpriced scope is bought in, not worked by the salaried engineers: charged once, now, and
    # the order waits for it at the pace one order absorbs work ([Unintentional Executive]: scope,
    # delay, cost).
    unpriced = work * unpriced_share
    bought_in_weeks = unpriced / model.cfg.delivery.max_work_per_order_week
    model.ledger.cost(
        "overruns", float(np.sum(unpriced)) * model.cfg.costs.overrun_per_engineer_week
    )
    customers.order_week[which] = model.week
    customers.order_wait[which] = wait + bought_in_weeks
    customers.order_work[which] = work - unpriced
    customers.order_unpriced[which] = unpriced_share
    customers.order_fee[which] = fee
    customers.order_commission[which] = commission
    customers.order_out_of_bounds[which] = out_of_bounds
    promised = customers.order_work[which]  # the priced work: the promise leaves the rest out
    customers.order_due[which] = model.week + np.ceil(
        promised + model.cfg.delivery.promised_slack_weeks
    )
    flows = model.flows
    flows["orders"] += orders
    flows["handoffs"] += all_handoffs
    flows["handoff_conflicts"] += int(conflicts.sum())
    flows["orders_by_team"] += team_orders
    flows["overrun_work"] += float(np.sum(unpriced))


def clear_orders(model: World, which: np.ndarray) -> None:
    """Close the open orders of ``which`` (indices or mask) without delivering them."""
    customers = model.customers
    customers.order_week[which] = NO_ONE
    customers.order_work[which] = 0.0
    customers.order_wait[which] = 0.0
    customers.order_fee[which] = 0.0
    customers.order_commission[which] = 0.0
    customers.order_out_of_bounds[which] = False
    customers.pending_expansion[which] = 0.0


def drop_orders(model: World, which: np.ndarray, flow: str, weekly_value: np.ndarray) -> None:
    """Cancel the open orders of ``which`` (indices), claw back their commission, count them.

    ``weekly_value`` is what each cancelled order would have billed a week (the contract of a
    first order, the expansion of an upsell); its annual value is recorded as cancelled.

    Commission is paid when a deal is won (:mod:`sim.world.stages.sale`,
    :mod:`sim.world.stages.resale`); an order that never delivers takes it back, booked as a
    negative commission cost in the week it is dropped.
    """
    if len(which) == 0:
        return
    customers, flows = model.customers, model.flows
    flows[flow] += len(which)
    flows["cancelled_annual_value"] += float(per_year(weekly_value).sum())
    model.ledger.cost("commissions", -float(customers.order_commission[which].sum()))
    clear_orders(model, which)


def progress_orders(model: World) -> None:
    """Advance every open order by one week; deliver those that are done."""
    cfg, customers, flows = model.cfg, model.customers, model.flows
    orders = np.flatnonzero(customers.has_order)
    if len(orders) == 0:
        model.engineering_window.add(0.0, float(model.workforce.delivery_capacity.sum()))
        return
    waiting = customers.order_wait[orders] > 0
    held = orders[waiting]
    customers.order_wait[held] = np.maximum(0.0, customers.order_wait[held] - 1.0)

    # Engineering work, first come first served, each order absorbing at most a cap per week.
    # Only orders past their hand-off wait are work engineers can do (the staffing signal).
    in_work = orders[~waiting & (customers.order_work[orders] > 0)]
    capacity = float(model.workforce.delivery_capacity.sum())
    workable = 0.0
    if len(in_work):
        queue = in_work[np.argsort(customers.order_week[in_work], kind="stable")]
        absorb = np.minimum(customers.order_work[queue], cfg.delivery.max_work_per_order_week)
        workable = float(absorb.sum())
        before = np.cumsum(absorb) - absorb
        done = np.clip(capacity - before, 0.0, absorb)
        customers.order_work[queue] -= done
        flows["engineering_work"] += float(done.sum())
    flows["engineering_capacity"] += capacity
    model.engineering_window.add(workable, capacity)

    done_here = ~waiting & (customers.order_work[orders] <= 1e-9)
    delivered = orders[done_here]
    late = orders[(model.week > customers.order_due[orders]) & ~done_here]
    delivery = cfg.delivery
    customers.satisfaction[late] = np.maximum(
        0.0, customers.satisfaction[late] - delivery.delay_satisfaction_loss
    )
    customers.loyalty[late] = np.maximum(0.0, customers.loyalty[late] - delivery.delay_loyalty_loss)
    flows["late_orders"] += len(late)
    if len(delivered) == 0:
        return
    first = delivered[~customers.live[delivered]]
    upsold = delivered[customers.live[delivered]]
    model.book_revenue("new", first, customers.order_fee[first])
    model.book_revenue("upsell", upsold, customers.order_fee[upsold])
    letdown = delivered[customers.order_out_of_bounds[delivered]]
    loss = model.policies.boundaries.config.out_of_bounds_letdown
    customers.satisfaction[letdown] = np.maximum(0.0, customers.satisfaction[letdown] - loss)
    customers.loyalty[letdown] = np.maximum(0.0, customers.loyalty[letdown] - loss)
    customers.live[first] = True
    customers.contract_left[first] = cfg.resale.contract_weeks
    customers.expansion[delivered] += customers.pending_expansion[delivered]
    flows["delivered"] += len(delivered)
    flows["delivered_out_of_bounds"] += len(letdown)
    flows["delivery_weeks"] += float((model.week + 1 - customers.order_week[delivered]).sum())
    clear_orders(model, delivered)


def cancel_late_orders(model: World) -> None:
    """Orders past the customer's patience may be cancelled (a new customer is then lost).

    A first order that is cancelled loses the customer before it ever goes live: it leaves for
    ``market.churn_cooldown_weeks``. A cancelled upsell is dropped and the customer stays.
    """
    customers, delivery = model.customers, model.cfg.delivery
    orders = np.flatnonzero(customers.has_order)
    overdue = orders[model.week > customers.order_due[orders] + delivery.patience_weeks]
    if len(overdue) == 0:
        return
    u = model.draw_uniform("order.cancel", customers.size)
    cancelled = overdue[u[overdue] < delivery.late_cancel_probability]
    lost = cancelled[~customers.live[cancelled]]
    dropped = cancelled[customers.live[cancelled]]
    drop_orders(model, dropped, "upsells_cancelled", customers.pending_expansion[dropped])
    drop_orders(model, lost, "orders_cancelled", customers.value[lost])
    customers.move(lost, Stage.CHURNED)
    customers.account_lead[lost] = NO_ONE
    customers.available_week[lost] = model.week + model.cfg.market.churn_cooldown_weeks


def update_team_practice(model: World) -> None:
    """Move the cross-functional team's practice by one week ([Plan of Attack]).

    Top-down presence (:attr:`scenarios.leadership.Leadership.presence`) restores the team's
    way of working; conflicts make it revert to the siloed way, and as it reverts, more
    hand-offs and conflicts follow. Presence slows the reversion by the share
    ``presence_protection`` (below 1) at full presence, so reversion is never switched off. A
    siloed company has no team to practise.
    """
    flows, process = model.flows, model.policies.process
    if flows["handoffs"]:
        share = flows["handoff_conflicts"] / flows["handoffs"]
        model.conflict_share += (share - model.conflict_share) / WEEKS_PER_QUARTER
    if not process.has_team:
        return
    config, presence = process.config, model.presence
    practice = model.team_practice
    practice += config.reinforcement_rate * presence * (1.0 - practice)
    unprotected = 1.0 - config.presence_protection * presence
    practice -= config.reversion_rate * model.conflict_share * unprotected * practice
    model.team_practice = float(np.clip(practice, 0.0, 1.0))
