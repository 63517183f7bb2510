"""The world as the stages see it: the model's state and the few services it offers them.

:class:`World` lists exactly what the weekly stages (:mod:`sim.world.stages`), the ledger's
closing, the metrics, the employee agents (:mod:`agents`) and the regimes (:mod:`scenarios`)
read or change of the model. They are annotated ``model: World`` and never name the model's
class, so they depend on the state and not on the model that runs them;
:class:`sim.world.model.SalesCultureModel` is the one implementation.

Units: a week is the model's time step; currency is per week unless said otherwise; shares,
beliefs and practice levels are 0..1. A *slot* is an employee position (an index into the
:class:`sim.world.workforce.Workforce` arrays), a customer index one into the
:class:`sim.world.customers.CustomerPool` arrays.

This module imports only the state modules below it (customers, workforce, ledger, year book,
staffing records, configuration), never the model, the stages, the agents or the regimes.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from salesculture.sim.config.schema import SimConfig
from salesculture.sim.world.customers import CustomerPool
from salesculture.sim.world.ledger import Ledger
from salesculture.sim.world.staffing_records import EngineeringWindow, StaffingReview
from salesculture.sim.world.workforce import Role, Workforce
from salesculture.sim.world.yearbook import YearBook

if TYPE_CHECKING:
    from mesa import Agent
    from mesa.agent import AgentSet


class Regimes(Protocol):
    """One policy object per regime axis (implemented by :class:`scenarios.Policies`).

    The policy classes live in :mod:`scenarios`, a layer above the state, so they are not named
    here; each attribute's comment names the class.
    """

    leadership: Any  #: who heads sales, disciplines, presence (scenarios.leadership.Leadership)
    incentives: Any  #: pay: commissions, staff selling, values bonus (scenarios.incentives)
    people: Any  #: reviews and exits of non-believers, screening (scenarios.people.People)
    process: Any  #: order hand-offs: siloed or a cross-functional team (scenarios.process)
    focus: Any  #: the sales team's strategic focus (scenarios.focus.Focus)
    boundaries: Any  #: what sales may promise customers (scenarios.boundaries.Boundaries)
    perception: Any  #: whether customers' perception is measured (scenarios.perception)
    headcount: Any  #: fixed or demand-driven staffing plan (scenarios.headcount.Headcount)


class World(Protocol):
    """What the stages, the agents and the regimes use of the model, and nothing more."""

    # --- configuration and clock -----------------------------------------------------------
    #: The run's configuration (a regime switch replaces the switched axis's section).
    cfg: SimConfig
    #: Weeks completed. During a step it numbers the week being run (0 in the first week);
    #: the step adds one after the last stage.
    week: int

    # --- the population ----------------------------------------------------------------------
    #: Every potential customer's state, one entry per customer index.
    customers: CustomerPool
    #: Every employee slot's state (skill, belief, engagement, capacities, ties, ...).
    workforce: Workforce
    #: The Mesa agents by class (``CEO``, ``Salesperson``, ...): Mesa's staged activation.
    agents_by_type: dict[type[Agent], AgentSet]

    # --- regimes -------------------------------------------------------------------------------
    #: The policy of each regime axis now.
    policies: Regimes
    #: Model week at which each axis's current regime took over (absent: from week 0).
    regime_since: dict[str, int]
    #: Discipline levels, 0..1, when the current leadership took over (None: week-0 levels).
    discipline_start: dict[str, float] | None
    #: The config group option of each axis, once known (filled in by a switch).
    options: dict[str, str]
    #: Switches made so far: (first week under the new option, axis, old option, new option).
    switches: list[tuple[int, str, str, str]]

    # --- the week's derived state ------------------------------------------------------------
    #: Output of each slot this week relative to a skilled, engaged, ramped-up employee, 0..1.
    productivity: np.ndarray
    #: How far each slot's belief shows in behaviour this week, 0..1 (less where pay does not
    #: honour the values, [Amazing Cultures]).
    practised_belief: np.ndarray
    #: Share of orders the cross-functional team still handles its way, 0..1 ([Plan of Attack]).
    team_practice: float
    #: Smoothed share of hand-offs that end in conflict, 0..1 (about a quarter's memory).
    conflict_share: float
    #: This week's counts and sums by flow name (:data:`sim.world.flows.FLOW_NAMES`).
    flows: dict[str, float]

    # --- money ----------------------------------------------------------------------------------
    #: This week's revenue and cost by kind, and the running totals (currency).
    ledger: Ledger
    #: Pay of each slot, whether held or not (currency/week).
    salaries: np.ndarray
    #: Marketing spend, scaled by the leadership's sales budget (currency/week).
    marketing_budget: float
    #: Revenue and cost of each of the last 13 weeks, oldest first (currency/week).
    recent_books: deque[tuple[float, float]]
    #: Logo retention and net revenue retention of each completed model year.
    yearbook: YearBook

    # --- staffing ------------------------------------------------------------------------------
    #: Week-0 head-count plan of the staff roles (people; salespeople after the sales budget).
    initial_plan: dict[Role, int]
    #: Head-count that demand asks of a role above its plan (people; demand-driven staffing).
    demand_plan: dict[Role, int]
    #: Workable engineering work and capacity since the last staffing review (engineer-weeks).
    engineering_window: EngineeringWindow
    #: Every role at every staffing review, with the utilisation it acted on.
    staffing_reviews: list[StaffingReview]
    #: Weekly quit probability of each slot at the configured turnover (0..1 per week).
    weekly_quit_base: np.ndarray
    #: Smoothed service issues raised per week (issues/week, about a quarter's memory).
    recent_issues_per_week: float
    #: The week's data row while Mesa's data collector reads it at the end of a step, else None.
    reported_row: dict[str, float | str] | None

    @property
    def presence(self) -> float:
        """Top-down presence this week, 0..1: the leadership's, while a head of sales is in post."""
        ...

    def disciplines(self) -> dict[str, float]:
        """Level of each sales discipline this week, 0..1 ([Led or Driven])."""
        ...

    def regime_weeks(self, axis: str) -> int:
        """Weeks the current regime of ``axis`` has run (its cadences count from its start)."""
        ...

    def planned(self, role: Role, week: int) -> int:
        """Head-count (people) asked of ``role`` in ``week``: the plan, raised by demand."""
        ...

    def draw_uniform(self, name: str, size: int) -> np.ndarray:
        """Uniform (0, 1) numbers of stream ``name`` this week, one per slot (read-only)."""
        ...

    def draw_normal(self, name: str, size: int | tuple[int, ...]) -> np.ndarray:
        """Standard normal numbers of stream ``name`` this week (read-only)."""
        ...

    def book_revenue(self, kind: str, which: np.ndarray, amounts: np.ndarray) -> None:
        """Book revenue of ``kind`` (currency) from the customers ``which``, one by one."""
        ...
