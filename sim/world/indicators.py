"""Indicators of the company now: the model's properties that reporters and pages read.

Mesa's data collector (:data:`MODEL_REPORTERS`), ``mesa.batch_run`` and the live page read
these by name from the model (``model.believer_share``, ...). The weekly row
(:func:`sim.world.metrics.weekly_row`) computes the same numbers for its columns.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import numpy as np

from salesculture.sim.config.schema import SimConfig
from salesculture.sim.world.customers import CustomerPool
from salesculture.sim.world.ledger import Ledger
from salesculture.sim.world.workforce import Workforce

if TYPE_CHECKING:
    import networkx as nx

#: Model reporters of the model's data collector (name -> indicator property; after a step,
#: the weekly row's column of the same name where it has one).
MODEL_REPORTERS: dict[str, str] = {
    "customers": "customer_count",
    "believer_share": "believer_share",
    "mean_belief": "mean_belief",
    "revenue": "revenue_to_date",
    "profit": "profit_to_date",
    "headcount": "headcount",
}


class Indicators:
    """Head-counts, shares and running totals of the company now (a mixin of the model).

    Attributes:
        cfg: The run's configuration.
        customers: The customer population.
        workforce: Employee state arrays.
        ledger: The books.
    """

    cfg: SimConfig
    customers: CustomerPool
    workforce: Workforce
    ledger: Ledger

    @property
    def customer_count(self) -> int:
        """Active customers now (firms)."""
        return int(np.count_nonzero(self.customers.active))

    @property
    def headcount(self) -> int:
        """Employees now (people in post)."""
        return int(np.count_nonzero(self.workforce.active))

    @property
    def believer_share(self) -> float:
        """Share of employees who are believers now, 0..1 (belief above the threshold)."""
        active = self.workforce.active
        believers = active & (self.workforce.belief > self.cfg.culture.believer_threshold)
        return float(believers.sum() / max(1, active.sum()))

    @property
    def mean_belief(self) -> float:
        """Mean belief of employees now, 0..1 (0 with nobody in post)."""
        active = self.workforce.active
        return float(self.workforce.belief[active].mean()) if active.any() else 0.0

    @property
    def revenue_to_date(self) -> float:
        """All revenue so far (currency)."""
        return self.ledger.total_revenue

    @property
    def profit_to_date(self) -> float:
        """Revenue minus cost so far (currency)."""
        return self.ledger.total_revenue - self.ledger.total_cost

    @functools.cached_property
    def network(self) -> nx.Graph:
        """The influence network, nodes are employee slots (built when first asked)."""
        return self.workforce.graph()

    @property
    def mean_satisfaction(self) -> float:
        """Mean satisfaction of active customers, 0..1 (0 with no customers)."""
        active = self.customers.active
        return float(self.customers.satisfaction[active].mean()) if active.any() else 0.0
