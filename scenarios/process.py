"""Order-processing regimes ([Plan of Attack]).

A won deal becomes a purchase order that passes sales, scheduling, engineering and quality. In a
siloed company every hand-off waits and may end in conflict, which adds delay and strains the
engineers. A cross-functional team of those four functions works the order together: fewer,
calmer hand-offs, at the price of some engineering time spent in the team. The team's way of
working lasts only where it is reinforced from the top; where conflicts arise without that, it
reverts to the siloed way (``sim.world.stages.delivery.update_team_practice``).
"""

from __future__ import annotations

from dataclasses import dataclass

from salesculture.sim.config.schema import ProcessConfig


@dataclass(frozen=True)
class OrderProcess:
    """Hand-offs, their delays and conflicts, and the team's overhead."""

    config: ProcessConfig

    has_team = False

    @property
    def initial_practice(self) -> float:
        """Share of orders the team handles at week 0."""
        return 1.0 if self.has_team else 0.0

    def expected_conflict_share(self, practice: float) -> float:
        """Share of hand-offs expected to end in conflict when the team handles ``practice``."""
        c = self.config
        team = practice if self.has_team else 0.0
        handoffs = team * c.team_handoffs + (1 - team) * c.handoffs
        conflicts = team * c.team_handoffs * c.team_conflict_probability + (
            1 - team
        ) * c.handoffs * c.conflict_probability
        return conflicts / handoffs if handoffs else 0.0

    def team_overhead(self, practice: float) -> float:
        """Share of engineering capacity the team takes while it practises ``practice``."""
        return self.config.team_overhead * practice if self.has_team else 0.0


class CrossFunctionalTeam(OrderProcess):
    """Sales, scheduling, engineering and quality process orders as one team."""

    has_team = True
