"""People regimes: keep everyone, or exit those who do not believe ([Amazing Cultures]).

Seeds/004 asks the leader to exit salespeople who cannot or will not practise the chosen values,
because non-believers infect others. Exiting is periodic: at each review, employees past their
grace period whose belief, as the reviewer sees it, is below a threshold are let go (severance,
a vacancy, and a morale shock to their ties). How well the reviewer sees belief depends on
whether customers' perception is measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from salesculture.sim.config.schema import PeopleConfig
from salesculture.sim.world.workforce import Role

if TYPE_CHECKING:
    from salesculture.sim.world.state import World


@dataclass(frozen=True)
class People:
    """Parameters of the people regime."""

    config: PeopleConfig

    def review(self, model: World) -> np.ndarray:
        """Mask of employees to exit this week (none unless the regime exits people)."""
        return np.zeros(model.workforce.size, dtype=bool)

    def screen(
        self, model: World, belief: np.ndarray, second: np.ndarray, noise: np.ndarray
    ) -> np.ndarray:
        """Belief of the hires: the first candidate, or the second where the first is screened out.

        Args:
            model: The model.
            belief: Belief of the first candidate for each filled slot.
            second: Belief of a second candidate for each filled slot.
            noise: Standard normal error of the recruiter's judgement of the first candidate.
        """
        c = self.config
        if not c.screen_hires:
            return belief
        observed = belief + model.policies.perception.config.review_noise * noise
        return np.where(observed < c.exit_threshold, second, belief)


class ExitNonBelievers(People):
    """Periodic review and exit of non-believers."""

    def review(self, model: World) -> np.ndarray:
        """Exit reviewed employees whose observed belief is below the threshold."""
        c = self.config
        week = model.week
        workforce = model.workforce
        elapsed = model.regime_weeks("people")  # reviews count from the regime's start
        if elapsed == 0 or elapsed % c.review_interval_weeks:
            return np.zeros(workforce.size, dtype=bool)
        roles = (
            [Role.SALES] if c.review_roles == "sales" else [Role.SALES, Role.ENGINEER, Role.SERVICE]
        )
        reviewed = workforce.active & np.isin(workforce.role, roles)
        reviewed &= workforce.tenure(week) >= c.grace_weeks
        noise = model.policies.perception.config.review_noise
        observed = workforce.belief + noise * model.draw_normal("people.review", workforce.size)
        return reviewed & (observed < c.exit_threshold)
