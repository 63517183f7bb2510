"""Strategic focus: the intent sales is asked to deliver ([Amazing Cultures]).

The sales leader translates the organisation's strategic intent into a specific sales target:
win new logos, grow revenue from existing clients, build on loyalty, or concentrate on
high-value clients. A focus sets how salespeople split their time, which prospects they target,
where account time goes, and which decisions are its target deals: those get
``sales.focus_fit_logit`` (clarity of purpose) - new-logo wins, high-value wins, renewals or
upsell closes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from salesculture.sim.config.schema import FocusConfig


@dataclass(frozen=True)
class Focus:
    """Parameters of a strategic focus; no decision is a target unless a focus says so."""

    config: FocusConfig

    @property
    def prospecting_share(self) -> float:
        """Share of salespeople's time spent prospecting."""
        return self.config.prospecting_share

    @property
    def upsell_emphasis(self) -> float:
        """Multiplier on upsell openings found by account leads."""
        return self.config.upsell_emphasis

    @property
    def recovery_priority(self) -> float:
        """Chance that a service failure is recovered."""
        return self.config.recovery_priority

    def lead_weights(self, high_value: np.ndarray) -> np.ndarray:
        """Relative prospecting weight of each potential customer."""
        return 1.0 + self.config.high_value_targeting * high_value

    def new_deal_fit(self, high_value: np.ndarray) -> np.ndarray:
        """Whether each closing new-logo deal is a target of the focus."""
        return np.zeros(high_value.shape, dtype=bool)

    renews_fit = False  #: whether renewals are the focus's target deals
    upsells_fit = False  #: whether upsell closes are the focus's target deals


class NewLogos(Focus):
    """Grow by winning new customers: every new-logo deal is a target."""

    def new_deal_fit(self, high_value: np.ndarray) -> np.ndarray:
        """All new-logo deals fit."""
        return np.ones(high_value.shape, dtype=bool)


class GrowExisting(Focus):
    """Grow revenue from existing clients: account time goes to upsells, which are the targets."""

    upsells_fit = True


class Loyalty(Focus):
    """Leverage customer loyalty: renewals are the targets; recovery from failures comes first."""

    renews_fit = True


class HighValue(Focus):
    """Concentrate on high-value clients: they are prospected and their deals are the targets.

    The deals it wins carry the costs of size that every focus meets in proportion to the
    deals it works (:meth:`sim.world.customers.CustomerPool.populate`,
    :func:`sim.world.stages.sale.win_log_odds`): longer sales cycles, more customisation, more
    service issues and lower win odds.
    """

    def new_deal_fit(self, high_value: np.ndarray) -> np.ndarray:
        """High-value deals fit."""
        return high_value.astype(bool)
