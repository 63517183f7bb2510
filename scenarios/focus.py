"""Strategic focus: the intent sales is asked to deliver (seeds/004).

The sales leader translates the organisation's strategic intent into a specific sales target:
win new logos, grow revenue from existing clients, build on loyalty, or concentrate on
high-value clients. A focus sets how salespeople split their time, which prospects they target,
which deals fit (fit raises win probability through clarity of purpose), and where account time
goes: upsells (grow existing) or renewals and recovering failures (loyalty).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.config import FocusConfig


@dataclass(frozen=True)
class Focus:
    """Parameters of a strategic focus."""

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
    def renewal_attention_logit(self) -> float:
        """Renewal log-odds from account time spent on loyalty."""
        return self.config.renewal_attention_logit

    @property
    def recovery_priority(self) -> float:
        """Chance that a service failure is recovered."""
        return self.config.recovery_priority

    def lead_weights(self, high_value: np.ndarray, adherence: float) -> np.ndarray:
        """Relative prospecting weight of each potential customer."""
        return 1.0 + self.config.high_value_targeting * adherence * high_value

    def new_deal_fit(self, high_value: np.ndarray) -> np.ndarray:
        """Whether a new-logo deal fits the focus (one entry per given customer)."""
        return np.zeros(high_value.shape, dtype=bool)


class NewLogos(Focus):
    """Grow by winning new customers: every new-logo deal fits."""

    def new_deal_fit(self, high_value: np.ndarray) -> np.ndarray:
        """All new-logo deals fit."""
        return np.ones(high_value.shape, dtype=bool)


class GrowExisting(Focus):
    """Grow revenue from existing clients: account time goes to upsells."""


class Loyalty(Focus):
    """Leverage customer loyalty: renewals and recovery from failures come first."""


class HighValue(Focus):
    """Concentrate on high-value clients: they are targeted and their deals fit."""

    def new_deal_fit(self, high_value: np.ndarray) -> np.ndarray:
        """High-value deals fit."""
        return high_value.astype(bool)
