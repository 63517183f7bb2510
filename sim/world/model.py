"""The sales-culture model: one Mesa model, one week per step.

This module sets up the company and its market (:class:`SalesCultureModel`) and declares the
week as a plan: :data:`WEEKLY_PLAN`, an ordered tuple of named stages that
:meth:`SalesCultureModel.step` runs one after the other, following the cycle of [Infinite Loop]
(pre-sale, sale, post-sale, resale) with order processing ([Plan of Attack]), culture ([Plan of
Attack], [Led or Driven], 004), people and the ledger. Each stage is a function of the model
(annotated :class:`sim.world.state.World`) in :mod:`sim.world.stages`. Employees act in staged Mesa
activation (``agents_by_type[...].shuffle_do``); customers are updated as arrays.

The model inherits the services the stages ask of it (:class:`sim.world.state.World`) from
small modules: the week's random draws (:mod:`sim.world.draws`), the head-count plan
(:mod:`sim.world.headcount_plan`), the weeks under each regime (:mod:`sim.world.regime_clock`)
and the indicators the data collector reads, ``believer_share`` and others
(:mod:`sim.world.indicators`).
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable
from functools import partial
from typing import Any

import mesa
import numpy as np

from salesculture.scenarios import build_policies
from salesculture.sim.config.errors import ConfigError
from salesculture.sim.config.headcount import planned_salespeople
from salesculture.sim.config.keywords import compose_preset
from salesculture.sim.config.rates import WEEKS_PER_QUARTER, WEEKS_PER_YEAR, weekly_hazard
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.world.customers import CustomerPool, LeadSource
from salesculture.sim.world.draws import WeeklyDraws
from salesculture.sim.world.flows import empty_flows
from salesculture.sim.world.headcount_plan import HeadcountPlan
from salesculture.sim.world.indicators import MODEL_REPORTERS, Indicators
from salesculture.sim.world.ledger import Ledger, pay_by_slot
from salesculture.sim.world.metrics import model_reporters, weekly_row
from salesculture.sim.world.regime_clock import RegimeClock
from salesculture.sim.world.staffing_records import EngineeringWindow, StaffingReview
from salesculture.sim.world.stages import (
    books,
    culture,
    delivery,
    people,
    presale,
    resale,
    sale,
    service,
    staffing,
    work,
)
from salesculture.sim.world.stages.switching import apply_switch
from salesculture.sim.world.state import World
from salesculture.sim.world.streams import RandomStreams
from salesculture.sim.world.workforce import Role, Workforce
from salesculture.sim.world.yearbook import YearBook

#: The name under which :attr:`SalesCultureModel.stage_seconds` counts the end of each week:
#: the weekly row, Mesa's data collector and the yearly retention.
RECORDS_STAGE = "records"

#: A stage of the week: a function that acts on the model (read and write its state).
Stage = Callable[[World], None]

#: The weekly step as an ordered plan of named stages: :meth:`SalesCultureModel.step` runs them
#: in this order, every week (the order fixes the order of the random draws too). Profiling
#: (``salesculture run --profile``) and docs/odd.md name the stages by these names.
WEEKLY_PLAN: tuple[tuple[str, Stage], ...] = (
    ("leaders lead", work.leaders_lead),
    ("employees work", work.employees_work),
    ("pre-sale: leads", presale.generate_leads),
    ("pre-sale: account leads", presale.assign_account_leads),
    ("sale: qualification", sale.qualify_leads),
    ("sale: closing", sale.close_opportunities),
    ("order processing", delivery.progress_orders),
    ("order processing: cancellations", delivery.cancel_late_orders),
    ("post-sale: service", service.serve_customers),
    ("resale: renewals", resale.renew_contracts),
    ("resale: upsells", resale.find_upsells),
    ("order processing: team practice", delivery.update_team_practice),
    ("culture", culture.update_culture),
    ("people: turnover and exits", people.turnover_and_exits),
    ("people: staffing review", staffing.review),
    ("people: staffing to plan", people.staff_to_plan),
    ("ledger", books.close_books),
)


class SalesCultureModel(HeadcountPlan, RegimeClock, WeeklyDraws, Indicators, mesa.Model):
    """A company that sells to, delivers for and serves a population of customers.

    The stages, the agents and the regimes use it only as a :class:`sim.world.state.World`.
    Built as a Mesa model is, from keyword arguments: a preset and parameters, each parameter
    named by its key with ``__`` for the dot (:mod:`sim.config.keywords`)::

        model = SalesCultureModel(rng=3, scenario="sales_led", years=2,
                                  sales__base_win_rate=0.25, leadership="sales_led")
        model.run_model()
        weekly = model.datacollector.get_model_vars_dataframe()

    which runs what ``salesculture run scenario=sales_led seed=3 years=2
    sales.base_win_rate=0.25 leadership=sales_led`` runs; ``mesa.batch_run`` varies any of them.

    Args:
        config: A composed configuration; or None (default) to compose ``scenario`` with
            ``parameters``.
        rng: Integer seed; overrides the configuration's ``seed`` when given (``mesa.batch_run``
            passes it).
        scenario: The preset (``salesculture scenarios``); default ``baseline``.
        collect: Whether to record the weekly time series (off for dashboards that only step).
        **parameters: The preset's parameters to change: ``section__name=value`` (or
            ``**{"section.name": value}``), a regime axis by its option
            (``process="cross_functional_team"``).

    Raises:
        ConfigError: one line naming the parameter, the value and what is allowed; or for
            ``config`` given with ``scenario`` or parameters.

    Attributes:
        week: Weeks completed (0 before the first step).
        customers: The customer population (:class:`sim.world.customers.CustomerPool`).
        workforce: Employee state arrays (:class:`sim.world.workforce.Workforce`).
        network: The influence network among employee slots (networkx graph).
        policies: One policy object per regime axis.
        switches: Regime switches made so far: (week, axis, old option, new option), where
            ``week`` is the first week run under the new option (:meth:`switch_regime`).
        ledger: This week's books and the running totals.
        records: One dict of weekly metrics per completed week.
        yearbook: Yearly logo retention and net revenue retention.
    """

    def __init__(
        self,
        config: SimConfig | None = None,
        *,
        rng: int | None = None,
        scenario: str | None = None,
        collect: bool = True,
        **parameters: Any,
    ) -> None:
        if config is None:
            config = compose_preset(scenario, parameters)
        elif scenario is not None or parameters:
            given = ", ".join(["scenario"] * (scenario is not None) + list(parameters))
            raise ConfigError(
                f"SalesCultureModel: config with {given}; give a composed config, or a preset "
                "and parameters to compose one, not both"
            )
        seed = int(config.seed if rng is None else rng)
        super().__init__(rng=seed)
        self.cfg = config
        self.seed = seed
        self.week = 0
        self.collect = collect
        self.start_draws(RandomStreams(seed))
        self.policies = build_policies(config)
        #: Model week at which each axis's current regime took over (absent: from the start).
        self.regime_since: dict[str, int] = {}
        #: Discipline levels when the current leadership took over (None: the week-0 levels).
        self.discipline_start: dict[str, float] | None = None
        self.switches: list[tuple[int, str, str, str]] = []
        #: The config group option of each axis, once known (filled in by a switch).
        self.options: dict[str, str] = {}
        self.flows = empty_flows()
        self.ledger = Ledger()
        self.records: list[dict[str, float | str]] = []
        self.yearbook = YearBook()

        self.customers = CustomerPool(config.market.customers)
        self.customers.populate(config, self.streams.generator("setup.customers", 0))
        self.workforce = Workforce(config.workforce.slots_per_role)
        self.workforce.ramp_weeks = config.staffing.ramp_weeks
        #: Pay of each slot by its role, held or not (currency/week).
        self.salaries = pay_by_slot(config.costs, self.workforce.role)
        #: Weekly marketing spend, scaled by the leadership's sales budget (currency/week).
        self.marketing_budget = (
            config.costs.marketing_per_week * self.policies.leadership.budget_multiplier
        )
        #: Week-0 head-count plan of the staff roles (salespeople after the sales budget).
        self.initial_plan = {
            Role.SALES: planned_salespeople(
                config.workforce.salespeople, self.policies.leadership.budget_multiplier
            ),
            Role.ENGINEER: config.workforce.engineers,
            Role.SERVICE: config.workforce.service_staff,
        }
        #: Head-count that demand asks of a role above its plan (demand-driven staffing).
        self.demand_plan: dict[Role, int] = {}
        #: Engineering work that could be done, and capacity, since the last staffing review.
        self.engineering_window = EngineeringWindow()
        #: Every role at every staffing review, with the utilisation it acted on.
        self.staffing_reviews: list[StaffingReview] = []
        #: Weekly quit probability of each slot at the configured turnover (separations per
        #: head-count-year: a rate, so converted as a hazard, not as an annual probability).
        self.weekly_quit_base = weekly_hazard(people.annual_turnover(self))
        staff_draws = self.streams.generator("setup.employees", 0).random((3, self.workforce.size))
        leaders = self.policies.leadership.leader_roles(self.initial_plan[Role.SALES])
        for role, count in {**leaders, **self.initial_plan}.items():
            people.hire_initial(self, role, count, staff_draws)
        self.workforce.connect(
            {role: self.network_positions(role) for role in self.initial_plan},
            config.workforce.network_degree,
            config.workforce.network_rewiring,
            self.streams.generator("setup.network", 0),
        )
        self._derive_weekly_state()
        #: Share of orders the cross-functional team still handles its way, 0..1 ([Plan of Attack]).
        self.team_practice = self.policies.process.initial_practice
        #: Smoothed share of hand-offs that end in conflict (about a quarter's memory).
        self.conflict_share = self.policies.process.expected_conflict_share(self.team_practice)
        #: Revenue and cost of recent weeks, for the staffing budget rule.
        self.recent_books: deque[tuple[float, float]] = deque(maxlen=WEEKS_PER_QUARTER)
        #: Smoothed service issues per week (about a quarter's memory), for service staffing.
        weights = self.customers.issue_weight[self.customers.active_index]
        self.recent_issues_per_week = float(
            np.sum(weekly_hazard(config.service.issue_rate_per_year * weights))
        )
        presale.assign_account_leads(self)
        #: Seconds spent drawing from the weekly streams while the model was set up.
        self.setup_drawing_seconds = self.streams.total_seconds

        #: Seconds spent in each stage of the plan so far, and in the week's records (as
        #: Starsim's loop times each of its steps; ``salesculture run --profile`` prints them).
        self.stage_seconds: Counter[str] = Counter()
        #: Of which drawing random numbers (:attr:`sim.world.streams.RandomStreams.seconds`).
        self.stage_drawing_seconds: Counter[str] = Counter()
        #: This model's :data:`WEEKLY_PLAN`, each stage bound to the model (a test or a tool
        #: may wrap a stage of one model by replacing its entry here).
        self.plan: tuple[tuple[str, Callable[[], None]], ...] = tuple(
            (name, partial(stage, self)) for name, stage in WEEKLY_PLAN
        )
        #: The week's row while the data collector reads it at the end of a step, else None.
        self.reported_row: dict[str, float | str] | None = None
        #: Mesa's data collector (``mesa.batch_run`` and SolaraViz read it): a few scalar
        #: reporters, collected at week 0 and after every step; those the weekly row has are read
        #: from it (:func:`sim.world.metrics.model_reporters`).
        self.datacollector = mesa.DataCollector(model_reporters=model_reporters(MODEL_REPORTERS))
        self.datacollector.collect(self)
        self.running = True
        # Interventions: Mesa runs the step of week W at time W; a switch at W - 0.5 comes first.
        for week in sorted({entry.week for entry in config.interventions}):
            self.schedule_event(self._intervene, at=week - 0.5)

    # --- the week's derived state ------------------------------------------------------------
    def _derive_weekly_state(self) -> None:
        """Each slot's productivity and practised belief at the start of a week (both 0..1)."""
        workforce_cfg = self.cfg.workforce
        self.productivity = self.workforce.productivity(
            self.week,
            workforce_cfg.skill_productivity_weight,
            workforce_cfg.engagement_productivity_weight,
        )
        self.practised_belief = culture.practised_belief(
            self.workforce.belief,
            self.policies.incentives.reward_alignment,
            self.cfg.culture.practice_floor,
        )

    # --- regimes ----------------------------------------------------------------------------
    def switch_regime(self, axis: str, option: str) -> bool:
        """Switch regime ``axis`` to its config group option ``option`` from the next week on.

        The one way to change a regime of a running model (interventions, the live page); see
        :mod:`sim.world.stages.switching` for what follows on each axis. Random streams are
        untouched.

        Returns:
            Whether anything changed (False when the axis already has those settings).

        Raises:
            ConfigError: for an unknown axis or option, naming what is allowed.
        """
        return apply_switch(self, axis, option)

    def _intervene(self) -> None:
        """Make the switches ``interventions`` asks for at the start of the coming week."""
        for entry in self.cfg.interventions:
            if entry.week == self.week + 1:
                for axis, option in entry.switches():
                    self.switch_regime(axis, option)

    # --- bookkeeping ---------------------------------------------------------------------------
    def book_revenue(self, kind: str, which: np.ndarray, amounts: np.ndarray) -> None:
        """Book revenue from the customers ``which`` (indices), customer by customer."""
        self.customers.revenue_total[which] += amounts
        self.customers.revenue_this_year[which] += amounts
        self.ledger.income(kind, float(np.sum(amounts)))
        self.ledger.revenue_by_source += np.bincount(
            self.customers.lead_source[which], weights=amounts, minlength=len(LeadSource)
        )

    # --- the week ----------------------------------------------------------------------------
    def step(self) -> None:
        """Advance the company and its market by one week."""
        self.flows = empty_flows()
        self.ledger.open_week()
        self.forget_draws()
        workforce = self.workforce
        workforce.leader_contact[:] = 0.0
        workforce.coached[:] = 0.0
        self._derive_weekly_state()
        clock, streams = time.perf_counter, self.streams
        seconds, drawing = self.stage_seconds, self.stage_drawing_seconds
        for name, stage in self.plan:
            drawn = streams.total_seconds
            start = clock()
            stage()
            seconds[name] += clock() - start
            drawing[name] += streams.total_seconds - drawn
        start = clock()
        self.week += 1
        row = weekly_row(self) if self.collect else None
        if row is not None:
            self.records.append(row)
        self.recent_books.append((self.ledger.week_revenue, self.ledger.week_cost))
        self.recent_issues_per_week += (
            self.flows["issues"] - self.recent_issues_per_week
        ) / WEEKS_PER_QUARTER
        if self.week % WEEKS_PER_YEAR == 0:
            self.yearbook.close_year(self.customers)
        if self.week >= self.cfg.weeks:
            self.running = False
        self.reported_row = row
        try:
            self.datacollector.collect(self)
        finally:
            self.reported_row = None
        seconds[RECORDS_STAGE] += clock() - start
