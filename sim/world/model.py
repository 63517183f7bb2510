"""The sales-culture model: one Mesa model, one week per step.

The step is an explicit plan of named stages (see :attr:`SalesCultureModel.plan`), following the
cycle of [Infinite Loop] (pre-sale, sale, post-sale, resale) with order processing ([Plan of
Attack]), culture
([Plan of Attack], [Led or Driven], [Amazing Cultures]), people and the ledger. Employees act in
staged Mesa activation
(``agents_by_type[...].shuffle_do``); customers are updated as arrays.
"""

from __future__ import annotations

import functools
import time
from collections import Counter, deque
from collections.abc import Callable
from typing import TYPE_CHECKING

import mesa
import numpy as np

from agents import CEO, Employee, Engineer, SalesLeader, SalesManager, Salesperson, ServiceStaff
from scenarios import build_policies
from sim.config.headcount import planned_headcount, planned_salespeople
from sim.config.rates import WEEKS_PER_QUARTER, WEEKS_PER_YEAR, weekly_hazard
from sim.config.schema import SimConfig
from sim.world import ledger
from sim.world.customers import CustomerPool, LeadSource
from sim.world.flows import empty_flows
from sim.world.ledger import Ledger
from sim.world.metrics import YearBook, model_reporters, weekly_row
from sim.world.quantiles import beta_ppf
from sim.world.stages import culture, delivery, people, presale, resale, sale, service, staffing
from sim.world.stages.switching import apply_switch
from sim.world.streams import RandomStreams
from sim.world.workforce import Role, Workforce

if TYPE_CHECKING:
    import networkx as nx

ROLE_AGENTS: dict[Role, type[Employee]] = {
    Role.SALES: Salesperson,
    Role.ENGINEER: Engineer,
    Role.SERVICE: ServiceStaff,
    Role.CEO: CEO,
    Role.SALES_LEADER: SalesLeader,
    Role.SALES_MANAGER: SalesManager,
}


#: Model reporters of :attr:`SalesCultureModel.datacollector` (name -> model property; after a
#: step, the weekly row's column of the same name where it has one).
MODEL_REPORTERS: dict[str, str] = {
    "customers": "customer_count",
    "believer_share": "believer_share",
    "mean_belief": "mean_belief",
    "revenue": "revenue_to_date",
    "profit": "profit_to_date",
    "headcount": "headcount",
}


#: The name under which :attr:`SalesCultureModel.stage_seconds` counts the end of each week:
#: the weekly row, Mesa's data collector and the yearly retention.
RECORDS_STAGE = "records"


class SalesCultureModel(mesa.Model):
    """A company that sells to, delivers for and serves a population of customers.

    Args:
        config: The run's configuration (defaults to the baseline).
        rng: Integer seed; overrides ``config.seed`` when given (``mesa.batch_run`` passes it).
        collect: Whether to record the weekly time series (off for dashboards that only step).

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
        self, config: SimConfig | None = None, *, rng: int | None = None, collect: bool = True
    ) -> None:
        config = config if config is not None else SimConfig()
        seed = int(config.seed if rng is None else rng)
        super().__init__(rng=seed)
        self.cfg = config
        self.seed = seed
        self.week = 0
        self.collect = collect
        self.streams = RandomStreams(seed)
        self._draws: dict[tuple[str, int], np.ndarray] = {}
        #: One vector per stream, refilled every week (a week's draws are read-only).
        self._draw_buffers: dict[str, np.ndarray] = {}
        self.policies = build_policies(config)
        #: Model week at which each axis's current regime took over (absent: from the start).
        self.regime_since: dict[str, int] = {}
        #: Discipline levels when the current leadership took over (None: the week-0 levels).
        self.discipline_start: dict[str, float] | None = None
        self.switches: list[tuple[int, str, str, str]] = []
        self._disciplines: tuple[tuple, dict[str, float]] = ((), {})
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
        costs = config.costs
        salary_by_role = {
            Role.SALES: costs.salary_salesperson,
            Role.ENGINEER: costs.salary_engineer,
            Role.SERVICE: costs.salary_service,
            Role.CEO: costs.salary_ceo,
            Role.SALES_LEADER: costs.salary_sales_leader,
            Role.SALES_MANAGER: costs.salary_sales_manager,
        }
        self.salaries = np.array([salary_by_role[role] for role in Role])[self.workforce.role]
        #: Weekly marketing spend, scaled by the leadership's sales budget (currency/week).
        self.marketing_budget = (
            costs.marketing_per_week * self.policies.leadership.budget_multiplier
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
        self.engineering_window = staffing.EngineeringWindow()
        #: Every role at every staffing review, with the utilisation it acted on.
        self.staffing_reviews: list[staffing.StaffingReview] = []
        #: Weekly quit probability of each slot at the configured turnover (separations per
        #: head-count-year: a rate, so converted as a hazard, not as an annual probability).
        self.weekly_quit_base = weekly_hazard(people.annual_turnover(self))
        self._setup_draws = self.streams.generator("setup.employees", 0).random(
            (3, self.workforce.size)
        )
        leaders = self.policies.leadership.leader_roles(self.initial_plan[Role.SALES])
        for role, count in {**leaders, **self.initial_plan}.items():
            self.hire_initial(ROLE_AGENTS[role], count)
        self.workforce.connect(
            {role: self.network_positions(role) for role in self.initial_plan},
            config.workforce.network_degree,
            config.workforce.network_rewiring,
            self.streams.generator("setup.network", 0),
        )
        self.productivity = self._productivity()
        self.practised_belief = self._practised()
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

        #: The weekly step as an ordered plan of named stages.
        #: Seconds spent in each stage of the plan so far, and in the week's records (as
        #: Starsim's loop times each of its steps; ``salesculture run --profile`` prints them).
        self.stage_seconds: Counter[str] = Counter()
        #: Of which drawing random numbers (:attr:`sim.world.streams.RandomStreams.seconds`).
        self.stage_drawing_seconds: Counter[str] = Counter()
        self.plan: tuple[tuple[str, Callable[[], None]], ...] = (
            ("leaders lead", self._leaders_lead),
            ("employees work", self._employees_work),
            ("pre-sale: leads", lambda: presale.generate_leads(self)),
            ("pre-sale: account leads", lambda: presale.assign_account_leads(self)),
            ("sale: qualification", lambda: sale.qualify_leads(self)),
            ("sale: closing", lambda: sale.close_opportunities(self)),
            ("order processing", lambda: delivery.progress_orders(self)),
            ("order processing: cancellations", lambda: delivery.cancel_late_orders(self)),
            ("post-sale: service", lambda: service.serve_customers(self)),
            ("resale: renewals", lambda: resale.renew_contracts(self)),
            ("resale: upsells", lambda: resale.find_upsells(self)),
            ("order processing: team practice", lambda: delivery.update_team_practice(self)),
            ("culture", lambda: culture.update_culture(self)),
            ("people: turnover and exits", lambda: people.turnover_and_exits(self)),
            ("people: staffing review", lambda: staffing.review(self)),
            ("people: staffing to plan", lambda: people.staff_to_plan(self)),
            ("ledger", lambda: ledger.close_books(self)),
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

    # --- staff ------------------------------------------------------------------------------
    def planned_peak(self, role: Role) -> int:
        """Largest head-count the fixed plan asks of ``role`` over the horizon."""
        growth = self.cfg.workforce.growth_per_year
        initial = self.initial_plan[role]
        return max(planned_headcount(initial, growth, week) for week in (0, self.cfg.weeks))

    def network_positions(self, role: Role) -> int:
        """Positions of ``role`` tied in the influence network from the start.

        The fixed plan's peak; under demand-driven staffing, engineering and service also tie
        ``workforce.network_headroom`` more positions, so that most hires above the plan join
        the network (hires beyond that headroom have no ties).
        """
        peak = self.planned_peak(role)
        if self.policies.headcount.follows_demand and role in (Role.ENGINEER, Role.SERVICE):
            peak = int(round(peak * (1.0 + self.cfg.workforce.network_headroom)))
        return min(peak, self.cfg.workforce.slots_per_role)

    def planned(self, role: Role, week: int) -> int:
        """Head-count asked of ``role`` in ``week``: the plan, raised by demand where it applies."""
        if role in (Role.SALES_LEADER, Role.SALES_MANAGER):
            sales = self.planned(Role.SALES, week)
            return self.policies.leadership.leader_roles(sales).get(role, 0)
        fixed = planned_headcount(self.initial_plan[role], self.cfg.workforce.growth_per_year, week)
        return max(fixed, self.demand_plan.get(role, 0))

    def hire_initial(self, agent_type: type[Employee], count: int) -> None:
        """Create the week-0 staff of a role in its lowest slots, with drawn skill and belief."""
        workforce = self.workforce
        slots = workforce.free_slots(agent_type.role)[:count]
        if len(slots) < count:
            raise ValueError(
                f"workforce.slots_per_role={workforce.slots_per_role} is smaller than "
                f"the initial {agent_type.role.name.lower()} head-count {count}"
            )
        culture_cfg = self.cfg.culture
        draws = self._setup_draws[:, slots]
        max_tenure = self.cfg.workforce.initial_tenure_max_weeks
        self.hire(
            slots,
            skill=_beta_quantile(
                draws[0], culture_cfg.initial_skill_mean, culture_cfg.initial_skill_concentration
            ),
            belief=_beta_quantile(
                draws[1], culture_cfg.initial_belief_mean, culture_cfg.initial_belief_concentration
            ),
            hired_week=-np.floor(draws[2] * max_tenure).astype(np.int64) - 1,
        )

    def hire(
        self, slots: np.ndarray, skill: np.ndarray, belief: np.ndarray, hired_week: np.ndarray
    ) -> None:
        """Create an employee agent in each slot with the given state.

        A hire's disposition starts at its belief; socialisation then moves it (sim/world/stages/culture.py).
        """
        workforce = self.workforce
        workforce.skill[slots] = skill
        workforce.belief[slots] = belief
        workforce.disposition[slots] = belief
        workforce.engagement[slots] = self.cfg.staffing.reference_engagement
        workforce.hired_week[slots] = hired_week
        for slot in slots:
            ROLE_AGENTS[Role(int(workforce.role[slot]))](self, int(slot))

    def _productivity(self) -> np.ndarray:
        workforce_cfg = self.cfg.workforce
        return self.workforce.productivity(
            self.week,
            workforce_cfg.skill_productivity_weight,
            workforce_cfg.engagement_productivity_weight,
        )

    def _practised(self) -> np.ndarray:
        return culture.practised_belief(
            self.workforce.belief,
            self.policies.incentives.reward_alignment,
            self.cfg.culture.practice_floor,
        )

    # --- regimes ----------------------------------------------------------------------------
    def switch_regime(self, axis: str, option: str) -> bool:
        """Switch regime ``axis`` to its config group option ``option`` from the next week on.

        The one way to change a regime of a running model (interventions, the live page); see
        :mod:`sim.world.stages.switching` for what follows on each axis. Random streams are untouched.

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
        """Top-down presence this week: the leadership's, while whoever heads sales is in post."""
        leadership = self.policies.leadership
        return leadership.presence if self.workforce.headcount(leadership.head_of_sales) else 0.0

    # --- randomness ------------------------------------------------------------------------
    def draw_uniform(self, name: str, size: int) -> np.ndarray:
        """U(0,1) vector of stream ``name`` for the current week (the same on every call).

        Read-only, and valid for the current week only: next week's draw of the stream refills
        the same vector.
        """
        key = (name, self.week)
        drawn = self._draws.get(key)
        if drawn is None:
            drawn = self._draws[key] = self._draw(self.streams.uniform, name, size)
        return drawn

    def draw_normal(self, name: str, size: int | tuple[int, ...]) -> np.ndarray:
        """Standard normal numbers of stream ``name`` for the current week (as draw_uniform)."""
        key = (name, self.week)
        drawn = self._draws.get(key)
        if drawn is None:
            drawn = self._draws[key] = self._draw(self.streams.normal, name, size)
        return drawn

    def _draw(
        self, method: Callable[..., np.ndarray], name: str, size: int | tuple[int, ...]
    ) -> np.ndarray:
        """Draw the current week's numbers of stream ``name`` into the stream's reused vector."""
        shape = tuple(size) if isinstance(size, tuple) else (int(size),)
        buffer = self._draw_buffers.get(name)
        if buffer is None or buffer.shape != shape:
            buffer = self._draw_buffers[name] = np.empty(shape)
        buffer.flags.writeable = True
        method(name, self.week, size, out=buffer)
        buffer.flags.writeable = False
        return buffer

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
    def _leaders_lead(self) -> None:
        for agent_type in (CEO, SalesLeader, SalesManager):
            if agent_type in self.agents_by_type:
                self.agents_by_type[agent_type].shuffle_do("lead")

    def _employees_work(self) -> None:
        for agent_type in (Salesperson, Engineer, ServiceStaff):
            agent_type.work(self)

    def step(self) -> None:
        """Advance the company and its market by one week."""
        self.flows = empty_flows()
        self.ledger.open_week()
        self._draws.clear()
        workforce = self.workforce
        workforce.leader_contact[:] = 0.0
        workforce.coached[:] = 0.0
        self.productivity = self._productivity()
        self.practised_belief = self._practised()
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

    # --- reporters (Mesa DataCollector can name these) -------------------------------------------
    @property
    def customer_count(self) -> int:
        """Active customers now."""
        return int(np.count_nonzero(self.customers.active))

    @property
    def headcount(self) -> int:
        """Employees now."""
        return int(np.count_nonzero(self.workforce.active))

    @property
    def believer_share(self) -> float:
        """Share of employees who are believers now."""
        active = self.workforce.active
        believers = active & (self.workforce.belief > self.cfg.culture.believer_threshold)
        return float(believers.sum() / max(1, active.sum()))

    @property
    def mean_belief(self) -> float:
        """Mean belief of employees now."""
        active = self.workforce.active
        return float(self.workforce.belief[active].mean()) if active.any() else 0.0

    @property
    def revenue_to_date(self) -> float:
        """All revenue so far (currency)."""
        return self.ledger.total_revenue

    @property
    def profit_to_date(self) -> float:
        """Revenue minus cost so far (currency)."""
        return self.ledger.total_revenue - self.ledger.total_cost

    @functools.cached_property
    def network(self) -> nx.Graph:
        """The influence network, nodes are employee slots (built when first asked)."""
        return self.workforce.graph()

    @property
    def mean_satisfaction(self) -> float:
        """Mean satisfaction of active customers."""
        active = self.customers.active
        return float(self.customers.satisfaction[active].mean()) if active.any() else 0.0


def _beta_quantile(u: np.ndarray, mean: float, concentration: float) -> np.ndarray:
    """Beta(mean, concentration) numbers from uniforms, so each slot keeps its own draw."""
    mean = min(max(mean, 1e-3), 1 - 1e-3)
    return beta_ppf(u, mean * concentration, (1 - mean) * concentration)
