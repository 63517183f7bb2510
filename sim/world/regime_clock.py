"""How long each regime has run, and what the leadership brings this week.

Cadences (leaders' contact, people reviews, staffing reviews) count from the week their
regime took over (``regime_since``, set by :mod:`sim.world.stages.switching`); the sales
disciplines build from their levels at the leadership's start ([Led or Driven]). The model inherits
:class:`RegimeClock`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from salesculture.sim.world.workforce import Workforce

if TYPE_CHECKING:
    from salesculture.sim.world.state import Regimes


class RegimeClock:
    """Weeks under each regime, the week's disciplines and presence (a mixin of the model).

    Attributes:
        week: Weeks completed (the week being run is numbered ``week``, from 0).
        policies: The policy of each regime axis.
        regime_since: Model week at which each axis's current regime took over (absent: 0).
        discipline_start: Discipline levels when the current leadership took over (None: the
            week-0 levels).
        workforce: Employee state arrays.
    """

    week: int
    policies: Regimes
    regime_since: dict[str, int]
    discipline_start: dict[str, float] | None
    workforce: Workforce
    #: The disciplines worked out last, and the (week, leadership, weeks, start) they are for.
    _disciplines: tuple[tuple, dict[str, float]] = ((), {})

    def regime_weeks(self, axis: str) -> int:
        """Weeks the current regime of ``axis`` has run (its cadences count from its start)."""
        return self.week - self.regime_since.get(axis, 0)

    def disciplines(self) -> dict[str, float]:
        """Level of each sales discipline this week, 0..1 ([Led or Driven]).

        Worked out once a week (several stages ask), and again if the leadership changes.
        """
        leadership, weeks = self.policies.leadership, self.regime_weeks("leadership")
        key = (self.week, id(leadership), weeks, id(self.discipline_start))
        if self._disciplines[0] != key:
            levels = leadership.disciplines(weeks, self.discipline_start)
            self._disciplines = (key, levels)
        return dict(self._disciplines[1])

    @property
    def presence(self) -> float:
        """Top-down presence this week, 0..1: the leadership's, while a head of sales is in post."""
        leadership = self.policies.leadership
        return leadership.presence if self.workforce.headcount(leadership.head_of_sales) else 0.0
