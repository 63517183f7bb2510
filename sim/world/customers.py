"""The customer population as a struct of arrays (one slot per potential customer).

Slots are preallocated for the whole addressable market and a customer's index is its id for the
whole run. Mechanisms update all customers at once with NumPy; nothing in the weekly step loops
over customers in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np

from salesculture.sim.config.schema import SimConfig


class Stage(IntEnum):
    """Where a potential customer is in the sales cycle ([Infinite Loop])."""

    UNAWARE = 0
    LEAD = 1
    OPPORTUNITY = 2
    CUSTOMER = 3
    CHURNED = 4


class LeadSource(IntEnum):
    """Where a customer's current lead came from ([Infinite Loop] pre-sale); EXISTING: at week 0."""

    EXISTING = 0
    MARKETING = 1
    OUTBOUND = 2
    WORD_OF_MOUTH = 3
    STAFF = 4


#: Each lead source's name in the weekly columns (``revenue_from_marketing``, ...).
LEAD_SOURCE_NAMES = tuple(source.name.lower() for source in LeadSource)

NO_ONE = -1  #: account_lead of a customer without one; order_week of a customer without an order


@dataclass
class CustomerPool:
    """State of every potential customer.

    Attributes:
        stage: Stage code per customer.
        value: Base contract value (currency/week) if the customer buys.
        value_log_ratio: log(value / the market's median value): how far a deal is above or
            below the median deal (larger deals take longer, need more customisation and
            service, and are harder to win).
        issue_weight: The customer's service issue rate relative to the market's mean
            (``service.issue_value_elasticity``; mean 1 over the market).
        high_value: Whether the customer is in the high-value segment.
        from_staff: Whether the current lead or deal was passed on by non-sales staff.
        lead_source: Where the customer's latest lead came from (:class:`LeadSource` code); a
            customer or opportunity of week 0 is ``EXISTING``.
        expansion: Weekly value added by upsells already delivered (currency/week).
        pending_expansion: Weekly value of an upsell sold but not yet delivered (currency/week).
        satisfaction: Satisfaction with the company, 0..1.
        loyalty: Loyalty to the company, 0..1.
        perceived_values: The customer's perception that staff live the company's values, 0..1.
        account_lead: Employee slot of the salesperson who leads the account, or -1.
        stage_weeks: Weeks spent in the current stage.
        cycle_weeks: Sales-cycle length of the open opportunity (weeks).
        customisation: Customisation work a new order needs (engineer-weeks).
        available_week: First week the firm can become a lead again (after losing or churning).
        live: Whether the base contract has been delivered and is billed.
        contract_left: Weeks left in the current contract term.
        order_week: Week the open order was won, or -1 when no order is open.
        order_wait: Hand-off waiting time left on the open order (weeks).
        order_work: Engineering work left on the open order (engineer-weeks).
        order_unpriced: Share of the open order's work that is out of bounds (unpriced).
        order_fee: Fee billed when the open order is delivered (currency).
        order_commission: Commission paid when the open order was won (currency), clawed back
            if the order is cancelled.
        order_out_of_bounds: Whether the open order was sold beyond the boundaries.
        order_due: Week by which the customer expects delivery.
        revenue_total: All revenue from the customer so far (currency).
        revenue_this_year: Revenue in the current model year (currency).
        revenue_last_year: Revenue in the previous model year (currency).
        active_at_year_start: Whether the customer was active when the current year began.
    """

    size: int
    stage: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        n = self.size
        self.stage = np.full(n, Stage.UNAWARE, dtype=np.int8)
        self._active: np.ndarray | None = None
        self._active_index: np.ndarray | None = None
        for name in (
            "value",
            "value_log_ratio",
            "issue_weight",
            "expansion",
            "pending_expansion",
            "satisfaction",
            "loyalty",
            "perceived_values",
            "cycle_weeks",
            "customisation",
            "order_wait",
            "order_work",
            "order_unpriced",
            "order_fee",
            "order_commission",
            "revenue_total",
            "revenue_this_year",
            "revenue_last_year",
        ):
            setattr(self, name, np.zeros(n, dtype=np.float64))
        for name in ("stage_weeks", "available_week", "contract_left", "order_due"):
            setattr(self, name, np.zeros(n, dtype=np.int64))
        self.account_lead = np.full(n, NO_ONE, dtype=np.int64)
        self.order_week = np.full(n, NO_ONE, dtype=np.int64)
        self.high_value = np.zeros(n, dtype=bool)
        self.from_staff = np.zeros(n, dtype=bool)
        self.lead_source = np.full(n, LeadSource.EXISTING, dtype=np.int8)
        self.order_out_of_bounds = np.zeros(n, dtype=bool)
        self.live = np.zeros(n, dtype=bool)
        self.active_at_year_start = np.zeros(n, dtype=bool)

    # --- derived views ---------------------------------------------------------------------
    @property
    def active(self) -> np.ndarray:
        """Mask of current customers (delivered or still in delivery); read-only.

        Kept until a customer changes stage (:meth:`move`), so the stages of a week that
        change no stage share one mask.
        """
        if self._active is None:
            self._active = self.stage == Stage.CUSTOMER
            self._active.flags.writeable = False
        return self._active

    @property
    def active_index(self) -> np.ndarray:
        """Indices of the current customers, ascending; read-only."""
        if self._active_index is None:
            self._active_index = np.flatnonzero(self.active)
            self._active_index.flags.writeable = False
        return self._active_index

    @property
    def has_order(self) -> np.ndarray:
        """Mask of customers with an open order (new purchase or upsell)."""
        return self.order_week != NO_ONE

    @property
    def weekly_billing(self) -> np.ndarray:
        """What each customer is billed this week for its live contract (currency/week)."""
        return np.where(self.live & self.active, self.value + self.expansion, 0.0)

    def move(self, which: np.ndarray, stage: Stage) -> None:
        """Move the customers ``which`` (a mask or indices) to ``stage``; restart their clock.

        The current customers' mask and index are dropped only when someone becomes or stops
        being a customer.
        """
        before = self.stage[which]
        if before.size == 0:
            return
        self.stage[which] = stage
        self.stage_weeks[which] = 0
        if stage == Stage.CUSTOMER or bool((before == Stage.CUSTOMER).any()):
            self._active = self._active_index = None

    # --- set-up -----------------------------------------------------------------------------
    def populate(self, config: SimConfig, rng: np.random.Generator) -> None:
        """Draw the market at week 0: values, segments, needs, and the initial customers.

        Contract values are lognormal with mean ``market.mean_weekly_value``; the top
        ``market.high_value_share`` by value form the high-value segment ([Amazing Cultures]).
        Larger
        deals bring their own costs, each a power of value relative to the market's median and
        scaled to keep the market's mean: customisation need
        (``delivery.customisation_value_elasticity``), sales cycle
        (``sales.cycle_value_elasticity``, on top of the part that follows customisation) and
        service issues (``service.issue_value_elasticity``).
        """
        market, service = config.market, config.service
        mean_cycle_weeks = config.sales.sales_cycle_weeks
        customisation_mean = config.delivery.customisation_weeks_mean
        contract_weeks = config.resale.contract_weeks
        n = self.size
        sigma = market.value_dispersion
        mu = np.log(market.mean_weekly_value) - sigma**2 / 2
        self.value[:] = rng.lognormal(mu, sigma, n) if market.mean_weekly_value > 0 else 0.0
        cut = np.quantile(self.value, 1 - market.high_value_share) if n > 1 else np.inf
        self.high_value[:] = self.value >= cut if market.high_value_share > 0 else False
        median = float(np.median(self.value))
        if median > 0:
            self.value_log_ratio[:] = np.log(np.maximum(self.value, 1e-300) / median)
        self.issue_weight[:] = _mean_one(service.issue_value_elasticity * self.value_log_ratio)
        shape = market.customisation_shape
        self.customisation[:] = rng.gamma(shape, customisation_mean / shape, n) * _mean_one(
            config.delivery.customisation_value_elasticity * self.value_log_ratio
        )
        u_role = rng.random(n)
        customer = u_role < market.initial_customer_share
        opportunity = ~customer & (
            u_role < market.initial_customer_share + market.initial_pipeline_share
        )
        self.stage[customer] = Stage.CUSTOMER
        self.live[customer] = True
        self.active_at_year_start[customer] = True
        self.satisfaction[:] = _beta(
            rng, service.satisfaction_baseline, market.satisfaction_concentration, n
        )
        loyalty = _beta(rng, market.initial_loyalty_mean, market.initial_loyalty_concentration, n)
        self.loyalty[:] = np.where(customer, loyalty, 0.0)
        self.perceived_values[:] = market.initial_perceived_values
        self.contract_left[customer] = rng.integers(1, contract_weeks + 1, n)[customer]
        self.stage_weeks[customer] = rng.integers(0, 3 * contract_weeks, n)[customer]
        self.stage[opportunity] = Stage.OPPORTUNITY
        self._active = self._active_index = None
        complexity = self.customisation / customisation_mean if customisation_mean > 0 else 1.0
        weight = config.sales.cycle_complexity_weight
        cycle = (1.0 - weight + weight * complexity) * np.exp(
            config.sales.cycle_value_elasticity * self.value_log_ratio
        )
        self.cycle_weeks[:] = mean_cycle_weeks * cycle / cycle.mean()
        self.stage_weeks[opportunity] = np.floor(rng.random(n) * self.cycle_weeks)[opportunity]


def _mean_one(log_factor: np.ndarray) -> np.ndarray:
    """``exp(log_factor)`` scaled to mean 1 over the market (all ones for an empty market)."""
    factor = np.exp(log_factor)
    return factor / factor.mean() if factor.size else factor


def _beta(rng: np.random.Generator, mean: float, concentration: float, n: int) -> np.ndarray:
    """``n`` Beta numbers with ``mean`` and ``concentration`` (a + b), kept inside (0, 1)."""
    mean = min(max(mean, 1e-3), 1 - 1e-3)
    return rng.beta(concentration * mean, concentration * (1 - mean), n)
