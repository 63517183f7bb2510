"""Order processing and delivery (seeds/001, seeds/000).

A won deal or upsell becomes a purchase order. It first waits through the hand-offs between
sales, scheduling, engineering and quality; each hand-off may end in conflict, which adds delay
(seeds/001). Then engineers work it, first come first served, within the week's engineering
capacity. Scope sold outside the company's boundaries adds unpriced work, paid as overruns
(seeds/000). Each week an order runs past the date the customer expects costs satisfaction. On
delivery the customisation fee is billed and the contract (or the upsell) goes live.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.stats import binom

from sim.customers import NO_ONE

if TYPE_CHECKING:
    from sim.model import SalesCultureModel


def start_orders(
    model: SalesCultureModel,
    which: np.ndarray,
    work: np.ndarray,
    unpriced_share: np.ndarray | float,
    fee: np.ndarray,
) -> None:
    """Open orders for the customers ``which`` (indices) with their work and fee.

    Hand-off conflicts are drawn per customer from the ``order.conflict`` stream (inverse
    binomial), so a process with fewer or calmer hand-offs never gives a customer more conflicts.
    """
    if len(which) == 0:
        return
    customers, process = model.customers, model.policies.process.config
    u = model.draw_uniform("order.conflict", customers.size)[which]
    conflicts = binom.ppf(u, process.handoffs, process.conflict_probability)
    conflicts = np.maximum(np.nan_to_num(conflicts, nan=0.0), 0.0)
    wait = process.handoffs * process.handoff_delay_weeks + conflicts * process.conflict_delay_weeks
    customers.order_week[which] = model.week
    customers.order_wait[which] = wait
    customers.order_work[which] = work
    customers.order_unpriced[which] = unpriced_share
    customers.order_fee[which] = fee
    promised = customers.order_work[which] * (1 - customers.order_unpriced[which])
    customers.order_due[which] = model.week + np.ceil(
        promised + model.cfg.delivery.promised_slack_weeks
    )
    model.flows["orders"] += len(which)
    model.flows["handoffs"] += len(which) * process.handoffs
    model.flows["handoff_conflicts"] += int(conflicts.sum())


def progress_orders(model: SalesCultureModel) -> None:
    """Advance every open order by one week; deliver those that are done."""
    cfg, customers, flows = model.cfg, model.customers, model.flows
    open_orders = customers.has_order
    if not open_orders.any():
        return
    waiting = open_orders & (customers.order_wait > 0)
    customers.order_wait[waiting] = np.maximum(0.0, customers.order_wait[waiting] - 1.0)

    # Engineering work, first come first served, each order absorbing at most a cap per week.
    in_work = np.flatnonzero(open_orders & ~waiting & (customers.order_work > 0))
    capacity = float(model.workforce.delivery_capacity.sum())
    if len(in_work):
        queue = in_work[np.argsort(customers.order_week[in_work], kind="stable")]
        absorb = np.minimum(customers.order_work[queue], cfg.delivery.max_work_per_order_week)
        before = np.cumsum(absorb) - absorb
        done = np.clip(capacity - before, 0.0, absorb)
        customers.order_work[queue] -= done
        overrun = float((done * customers.order_unpriced[queue]).sum())
        flows["engineering_work"] += float(done.sum())
        flows["overrun_work"] += overrun
        model.ledger.cost("overruns", overrun * cfg.costs.overrun_per_engineer_week)
    flows["engineering_capacity"] += capacity

    delivered = np.flatnonzero(open_orders & ~waiting & (customers.order_work <= 1e-9))
    late = open_orders & (model.week > customers.order_due)
    late[delivered] = False
    customers.satisfaction[late] = np.maximum(
        0.0, customers.satisfaction[late] - cfg.delivery.delay_satisfaction_loss
    )
    flows["late_orders"] += np.count_nonzero(late)
    if len(delivered) == 0:
        return
    fee = customers.order_fee[delivered]
    model.book_revenue("new", delivered, fee)
    first = delivered[~customers.live[delivered]]
    customers.live[first] = True
    customers.contract_left[first] = cfg.resale.contract_weeks
    customers.expansion[delivered] += customers.pending_expansion[delivered]
    customers.pending_expansion[delivered] = 0.0
    flows["delivered"] += len(delivered)
    flows["delivery_weeks"] += float((model.week + 1 - customers.order_week[delivered]).sum())
    customers.order_week[delivered] = NO_ONE
    customers.order_work[delivered] = 0.0
    customers.order_wait[delivered] = 0.0
