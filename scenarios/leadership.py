"""Leadership regimes: sales-driven versus sales-led ([Led or Driven]).

Sales-driven: the CEO is head of sales from behind. Quotas, territories and basic plans exist, but
the disciplines (prospecting, forecasting, segmentation, strategic account planning) appear only
sporadically; the CEO checks in every week or two and neither coaches nor joins deals. Its
variants overspend or underspend on sales (``sales_budget_multiplier`` scales the salespeople
plan and the marketing budget).

Sales-led: a dedicated sales leader, out in front, meets the team weekly (modelling the values),
joins the largest deals as far as its hours allow, and builds the disciplines up over the years;
first-line sales managers, one per ``span_of_control`` salespeople, coach within their hours.

A regime says which leadership roles exist and how many; the model creates the agents.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from salesculture.sim.config.headcount import managers_needed
from salesculture.sim.config.schema import LeadershipConfig
from salesculture.sim.world.workforce import Role

#: The sales disciplines of [Led or Driven]; their week-0 level is
#: ``leadership.discipline_initial``.
DISCIPLINES = ("prospecting", "forecasting", "segmentation", "account_planning")


@dataclass(frozen=True)
class Leadership:
    """Parameters shared by both leadership regimes."""

    config: LeadershipConfig

    @property
    def budget_multiplier(self) -> float:
        """Scale of the sales budget (salespeople plan and marketing spend)."""
        return self.config.sales_budget_multiplier

    @property
    def presence(self) -> float:
        """Top-down presence in a week, 0..1 ([Plan of Attack], [Led or Driven]).

        The chance that a week sees at least one full-strength leader contact, when contacts
        arrive as a Poisson process at the leader's contact strength per week
        (``contact_strength / contact_interval_weeks``): 1 - exp(-rate). A weak check-in every
        two weeks (0.075 a week) gives about 0.07; a leader in front every week (1.0) about
        0.63. It approaches 1 only as contact grows without bound, never at a finite cadence.
        """
        rate = self.config.contact_strength / self.config.contact_interval_weeks
        return -math.expm1(-rate)

    def disciplines(self, weeks: int, start: Mapping[str, float] | None = None) -> dict[str, float]:
        """Level of each discipline ``weeks`` after the regime took over, 0..1 [Led or Driven].

        Disciplines move from their levels when the regime took over (``start``; by default the
        sporadic week-0 level ``discipline_initial``) toward the regime's levels with time constant
        ``discipline_build_weeks``: a leader transforms the function over years, not at once,
        and without one the disciplines fade back as slowly.
        """
        c = self.config
        built = 1.0 - math.exp(-weeks / c.discipline_build_weeks)
        start = start if start is not None else dict.fromkeys(DISCIPLINES, c.discipline_initial)
        targets = {name: getattr(c, f"discipline_{name}") for name in DISCIPLINES}
        return {
            name: start[name] + (target - start[name]) * built for name, target in targets.items()
        }

    @property
    def head_of_sales(self) -> Role:
        """The role that heads sales: the CEO, from behind ([Led or Driven])."""
        return Role.CEO

    def leader_roles(self, planned_salespeople: int = 0) -> dict[Role, int]:
        """Leadership positions of the regime: role -> head-count."""
        return {Role.CEO: 1}


class SalesLed(Leadership):
    """A dedicated sales leader out in front, with first-line managers ([Led or Driven])."""

    @property
    def head_of_sales(self) -> Role:
        """The role that heads sales: the dedicated sales leader."""
        return Role.SALES_LEADER

    def leader_roles(self, planned_salespeople: int = 0) -> dict[Role, int]:
        """The CEO, a sales leader, and one manager per span of planned salespeople."""
        return {
            Role.CEO: 1,
            Role.SALES_LEADER: 1,
            Role.SALES_MANAGER: managers_needed(planned_salespeople, self.config.span_of_control),
        }
