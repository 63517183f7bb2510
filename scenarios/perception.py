"""Measuring customers' perception of the values ([Amazing Cultures]).

When on, customers are surveyed on whether salespeople live the values: reviews judge belief
more accurately, and salespeople get feedback from their accounts' perception.
"""

from __future__ import annotations

from dataclasses import dataclass

from salesculture.sim.config.schema import PerceptionConfig


@dataclass(frozen=True)
class Perception:
    """Review accuracy, feedback and survey cost."""

    config: PerceptionConfig


