"""Incentive regimes: what pay rewards ([Infinite Loop], [Amazing Cultures]).

- Outcome only: salespeople earn commission on what they close; nobody else is paid to sell.
- Everybody sells: engineers and service staff spend a share of their time spotting leads and
  upsells and are rewarded for it, either for each contribution to the process or only for
  contributions that close ([Infinite Loop]: reward contributions, not only outcomes). Staff who do
  not
  believe in the values resist ("everybody sells" meets resistance, [Infinite Loop]).
- Values based: pay honours the chosen values, which reinforces belief and lets employees
  practise what they believe ([Amazing Cultures]: otherwise the values are not practised).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from salesculture.sim.config.schema import IncentivesConfig


@dataclass(frozen=True)
class Incentives:
    """Commissions and the reward alignment common to every incentive regime."""

    config: IncentivesConfig
    believer_threshold: float

    @property
    def reward_alignment(self) -> float:
        """How far pay honours the chosen values, 0..1."""
        return self.config.reward_alignment

    @property
    def commission_rate(self) -> float:
        """Salesperson commission on first-year value."""
        return self.config.commission_rate

    def staff_selling_effort(self, belief: np.ndarray) -> np.ndarray | float:
        """Share of each non-sales employee's week spent on leads and upsells, given belief."""
        return 0.0

    def staff_bonus(self, contributions: int, closed_annual_value: float) -> float:
        """Incentive pay to non-sales staff for this week's contributions (currency)."""
        return 0.0

    def values_bonus(self, believer_salaries: float) -> float:
        """Values bonus paid this week on the salaries of believers (currency)."""
        return self.config.values_bonus_share * believer_salaries


class EverybodySells(Incentives):
    """All staff contribute to the sales cycle and are rewarded for it ([Infinite Loop])."""

    def staff_selling_effort(self, belief: np.ndarray) -> np.ndarray | float:
        """Selling share, lower when paid only for outcomes and when the employee resists."""
        c = self.config
        effort_by_basis = {"process": 1.0, "outcome": c.outcome_basis_effort, "none": 0.0}
        basis = effort_by_basis[c.staff_reward_basis]
        willingness = (
            np.minimum(1.0, belief / self.believer_threshold) if self.believer_threshold else 1.0
        )
        return c.staff_selling_share * basis * willingness

    def staff_bonus(self, contributions: int, closed_annual_value: float) -> float:
        """Bonus per contribution (process basis) or on closed value (outcome basis)."""
        c = self.config
        if c.staff_reward_basis == "process":
            return c.staff_bonus_per_contribution * contributions
        if c.staff_reward_basis == "outcome":
            return c.staff_commission_rate * closed_annual_value
        return 0.0

