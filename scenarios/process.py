"""Order-processing regimes (seeds/001).

A won deal becomes a purchase order that passes sales, scheduling, engineering and quality. In a
siloed company every hand-off waits and may end in conflict, which adds delay and strains the
engineers. A cross-functional team of those four functions works the order together: fewer,
shorter hand-offs and fewer conflicts, at the price of some engineering time spent in the team.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config import ProcessConfig


@dataclass(frozen=True)
class OrderProcess:
    """Hand-offs, their delays and conflicts, and team overhead."""

    config: ProcessConfig

    @property
    def handoffs(self) -> int:
        """Hand-offs between functions per order."""
        return self.config.handoffs

    @property
    def team_overhead(self) -> float:
        """Share of engineering capacity spent in team work."""
        return self.config.team_overhead


class Siloed(OrderProcess):
    """Functions hand the order over one after another."""


class CrossFunctionalTeam(OrderProcess):
    """Sales, scheduling, engineering and quality process orders as one team."""
