"""Regimes move their mechanisms in the direction their sources state.

Every comparison is paired: the regime and its reference run on the same seeds, so they meet the
same customers with the same luck (common random numbers) and differ by the regime alone. Totals
are pooled over a few seeds where one seed is noisy. The tests check what a regime's mechanism
brings about (skill and wins of coached reps, delivery delay and conflicts, the belief of the sales
force, the rate of a focus's target decisions, ...), never a regime's own settings restated, and
never which regime earns more: revenue and profit are outcomes of everything together
(docs/regimes.md).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

from salesculture.sim.config.compose import compose_config
from salesculture.sim.config.configdirs import CONF_DIR
from salesculture.sim.config.schema import REGIME_AXES, SimConfig
from salesculture.sim.runs.runner import simulate
from salesculture.sim.world.metrics import summarize
from salesculture.sim.world.model import SalesCultureModel
from salesculture.sim.world.workforce import Role

#: A small company for two years: 12 salespeople, 30 engineers, 25 service staff, and the
#: default marketing budget per potential customer (the lead curves' reference levels are per
#: potential customer, so a budget sized to the default market would flood this one).
SMALL: tuple[str, ...] = (
    "market.customers=2000",
    "workforce.salespeople=12",
    "workforce.engineers=30",
    "workforce.service_staff=25",
    "workforce.slots_per_role=64",
    "costs.marketing_per_week=7600",
    "years=2",
)
#: A tiny company for one year: enough to show a preset composes and runs.
TINY: tuple[str, ...] = (
    "market.customers=500",
    "workforce.salespeople=5",
    "workforce.engineers=10",
    "workforce.service_staff=8",
    "workforce.slots_per_role=32",
    "costs.marketing_per_week=1900",
    "years=1",
)
SEEDS: tuple[int, ...] = (0, 1, 2, 3, 4)

Runs = list[pd.DataFrame]


# --- running paired seeds ---------------------------------------------------------------------


@functools.cache
def small_config(overrides: tuple[str, ...]) -> SimConfig:
    """The small world with ``overrides`` (composed once; seeds are set by replacement)."""
    return compose_config([*SMALL, *overrides])


@dataclasses.dataclass(frozen=True)
class Finished:
    """What the tests read of one finished run: its weekly series and the end state of its reps."""

    timeseries: pd.DataFrame
    metrics: dict[str, float]
    sales_skill: float  #: mean skill of the salespeople in post at the end
    sales_belief: float  #: mean belief of the salespeople in post at the end


@functools.cache
def finished(overrides: tuple[str, ...], seed: int) -> Finished:
    """Run the small world with ``overrides`` on ``seed`` (cached: do not mutate)."""
    model = SalesCultureModel(dataclasses.replace(small_config(overrides), seed=seed))
    while model.running:
        model.step()
    timeseries = pd.DataFrame.from_records(model.records)
    sales = model.workforce.in_role(Role.SALES)
    return Finished(
        timeseries=timeseries,
        metrics=summarize(model, timeseries),
        sales_skill=float(model.workforce.skill[sales].mean()),
        sales_belief=float(model.workforce.belief[sales].mean()),
    )


def finished_runs(*overrides: str) -> list[Finished]:
    """The finished runs of the small world with ``overrides``, one per seed."""
    return [finished(tuple(overrides), seed) for seed in SEEDS]


def runs(*overrides: str) -> Runs:
    """Weekly time series of the small world with ``overrides``, one per seed (do not mutate)."""
    return [run.timeseries for run in finished_runs(*overrides)]


def total(frames: Runs, column: str) -> float:
    """``column`` summed over weeks and seeds."""
    return float(sum(ts[column].sum() for ts in frames))


def sales_hires(frames: Runs) -> float:
    """Salespeople hired over the runs: head-count change from week 1 plus separations after it."""
    return float(
        sum(
            ts["headcount_sales"].iloc[-1]
            - ts["headcount_sales"].iloc[0]
            + ts["separations_sales"].iloc[1:].sum()
            for ts in frames
        )
    )


def pooled(frames: Runs, numerator: str, denominator: str) -> float:
    """A ratio of totals over weeks and seeds (e.g. wins / orders)."""
    return total(frames, numerator) / total(frames, denominator)


def mean_final(frames: Runs, column: str) -> float:
    """The last week's ``column``, averaged over seeds."""
    return float(np.mean([ts[column].iloc[-1] for ts in frames]))


def per_salesperson(frames: Runs, column: str) -> float:
    """``column`` per salesperson-year: its total over the mean sales head-count, pooled."""
    salesperson_years = sum(ts["headcount_sales"].mean() * len(ts) / 52 for ts in frames)
    return total(frames, column) / float(salesperson_years)


def win_rate(frames: Runs) -> float:
    """Won / (won + lost) over weeks and seeds."""
    wins = total(frames, "wins")
    return wins / (wins + total(frames, "losses"))


def sales_turnover(frames: Runs) -> float:
    """Salespeople's separations per mean sales head-count, pooled over seeds."""
    separations = total(frames, "separations_sales")
    return separations / float(sum(ts["headcount_sales"].mean() for ts in frames))


def delivery_delay(frames: Runs) -> float:
    """Mean weeks from a won order to its delivery, pooled over seeds."""
    return pooled(frames, "delivery_weeks", "delivered")


def assert_same_start(reference: Runs, regime: Runs, columns: Sequence[str], weeks: int) -> None:
    """The first ``weeks`` weeks of ``columns`` are identical, seed by seed."""
    for seed, (a, b) in zip(SEEDS, zip(reference, regime, strict=True), strict=True):
        head_a = a.loc[a["week"] <= weeks, list(columns)].reset_index(drop=True)
        head_b = b.loc[b["week"] <= weeks, list(columns)].reset_index(drop=True)
        pd.testing.assert_frame_equal(head_a, head_b, obj=f"seed {seed}, weeks 1..{weeks}")


# --- leadership ([Led or Driven]) -----------------------------------------------------------------

#: A sales-led company whose managers do not coach: the reference for what coaching does.
NO_COACHING = ("leadership=sales_led", "leadership.coaching_time_share=0")


@pytest.mark.slow
def test_coaching_raises_skill_and_wins_per_salesperson() -> None:
    # The same sales-led company (leader, managers, disciplines), with and without coaching hours.
    uncoached, coached = finished_runs(*NO_COACHING), finished_runs("leadership=sales_led")
    for a, b in zip(uncoached, coached, strict=True):
        assert b.sales_skill > a.sales_skill  # on every seed: coaching closes the skill gap
    without, with_ = [r.timeseries for r in uncoached], [r.timeseries for r in coached]
    assert total(with_, "coaching_hours") > 0
    assert per_salesperson(with_, "wins") > per_salesperson(without, "wins")
    assert win_rate(with_) > win_rate(without)


@pytest.mark.slow
def test_sales_led_wins_more_and_keeps_reps() -> None:
    driven, led = runs(), runs("leadership=sales_led")
    assert win_rate(led) > win_rate(driven)
    assert sales_turnover(led) < sales_turnover(driven)


@pytest.mark.slow
def test_sales_led_pays_a_sales_leader_and_its_managers() -> None:
    driven, led = runs(), runs("leadership=sales_led")
    costs = small_config(("leadership=sales_led",)).costs
    for a, b in zip(driven, led, strict=True):
        assert (a["headcount_sales_leader"] == 0).all()
        assert (b["headcount_sales_leader"] == 1).all()
        extra = b["cost_salaries_leadership"] - a["cost_salaries_leadership"]
        np.testing.assert_allclose(extra, costs.salary_sales_leader)
        assert (a["cost_salaries_sales_managers"] == 0).all()
        assert (b["headcount_sales_manager"] > 0).any()
        np.testing.assert_allclose(
            b["cost_salaries_sales_managers"],
            b["headcount_sales_manager"] * costs.salary_sales_manager,
        )


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["sales_driven_overspend", "sales_driven_underspend"])
def test_sales_budget_raises_bookings_less_than_proportionally(variant: str) -> None:
    """Bookings follow the sales budget with an elasticity between 0 and 1.

    A larger budget (more salespeople and marketing) books more, a smaller one less, but neither
    in proportion: the best prospects are found first and marketing has diminishing returns
    (Albers, Mantrala & Sridhar 2010; Sethuraman, Tellis & Briesch 2011).
    """
    multiplier = small_config((f"leadership={variant}",)).leadership.sales_budget_multiplier
    assert multiplier != 1
    base, spend = runs(), runs(f"leadership={variant}")
    ratio = total(spend, "booked_annual_value") / total(base, "booked_annual_value")
    elasticity = np.log(ratio) / np.log(multiplier)
    assert 0 < elasticity < 1, elasticity


# --- people ([Amazing Cultures]) ------------------------------------------------------------------


@pytest.mark.slow
def test_exit_non_believers_raises_salespeople_belief_and_costs_hiring() -> None:
    keep, purge = finished_runs(), finished_runs("people=exit_non_believers")
    belief = {
        name: float(np.mean([r.sales_belief for r in group]))
        for name, group in (("keep", keep), ("purge", purge))
    }
    assert belief["purge"] > belief["keep"], belief
    kept, purged = [r.timeseries for r in keep], [r.timeseries for r in purge]
    assert total(purged, "separations_sales") > total(kept, "separations_sales")
    # Salespeople hired: the change in their head-count plus those who left. (All hires and
    # the hiring cost also count engineers and service staff, hired as demand moves.)
    assert sales_hires(purged) > sales_hires(kept), (sales_hires(purged), sales_hires(kept))


@pytest.mark.slow
def test_exit_non_believers_raises_the_salespeople_believer_share() -> None:
    # Exits at reviews and screened hiring keep non-believers out of the sales force
    # ([Amazing Cultures]).
    keep, purge = runs("years=4"), runs("people=exit_non_believers", "years=4")

    def share(frames: Runs) -> float:
        last = [f.iloc[-52:] for f in frames]
        return total(last, "believers_sales") / total(last, "headcount_sales")

    assert share(purge) > share(keep)


@dataclasses.dataclass
class ReviewLog:
    """True belief of the salespeople that reviews exited and kept."""

    exited: list[float] = dataclasses.field(default_factory=list)
    kept: list[float] = dataclasses.field(default_factory=list)


class ReviewRecorder:
    """Wraps a people policy and logs the true belief of each reviewed salesperson."""

    def __init__(self, inner: Any, log: ReviewLog) -> None:
        self.inner = inner
        self.config = inner.config
        self.log = log

    def review(self, model: SalesCultureModel) -> np.ndarray:
        """Delegate the review; log whom it exits and whom it keeps."""
        exits = self.inner.review(model)
        week, workforce = model.week, model.workforce
        if week and week % self.config.review_interval_weeks == 0:
            reviewed = workforce.in_role(Role.SALES) & (
                workforce.tenure(week) >= self.config.grace_weeks
            )
            self.log.exited.extend(workforce.belief[exits])
            self.log.kept.extend(workforce.belief[reviewed & ~exits])
        return exits

    def screen(self, *args: Any) -> np.ndarray:
        """Delegate hiring screens unchanged."""
        return self.inner.screen(*args)


@functools.cache
def recorded_reviews(*overrides: str) -> ReviewLog:
    """Run the small world on every seed and pool what the reviews did."""
    log = ReviewLog()
    for seed in SEEDS:
        model = SalesCultureModel(dataclasses.replace(small_config(overrides), seed=seed))
        model.policies = dataclasses.replace(
            model.policies, people=ReviewRecorder(model.policies.people, log)
        )
        while model.running:
            model.step()
    return log


def exit_at_believer_threshold() -> tuple[str, ...]:
    """Overrides that exit salespeople judged non-believers (observed belief below the line)."""
    threshold = small_config(()).culture.believer_threshold
    return ("people=exit_non_believers", f"people.exit_threshold={threshold}")


@pytest.mark.slow
def test_measured_reviews_exit_non_believers() -> None:
    """With customers' perception measured, reviews exit the salespeople who do not believe.

    Survey feedback to salespeople is switched off so that only the review is measured. (With
    the default review noise and exit threshold the selection is too weak to see on a few seeds;
    docs/regimes.md, "people".)
    """
    threshold = small_config(()).culture.believer_threshold
    reviews = recorded_reviews(
        *exit_at_believer_threshold(), "measure_perception=on", "measure_perception.feedback_gain=0"
    )
    exited, kept = np.array(reviews.exited), np.array(reviews.kept)
    assert len(exited) > 0
    assert exited.mean() < kept.mean()
    assert (exited <= threshold).mean() > (kept <= threshold).mean()


@pytest.mark.slow
def test_measured_perception_makes_exits_more_accurate() -> None:
    """Of those exited, more were truly below the threshold when customers are surveyed.

    The exit threshold is set to the believer threshold (exit those judged non-believers) so that
    both reviews exit someone, and survey feedback to salespeople is switched off so that both
    reviews judge the same sales force up to the first review.
    """
    threshold = small_config(()).culture.believer_threshold
    unmeasured = recorded_reviews(*exit_at_believer_threshold(), "measure_perception=off")
    measured = recorded_reviews(
        *exit_at_believer_threshold(), "measure_perception=on", "measure_perception.feedback_gain=0"
    )
    assert len(measured.exited) > 0
    accuracy = {
        name: float(np.mean(np.array(r.exited) < threshold))
        for name, r in (("off", unmeasured), ("on", measured))
    }
    assert accuracy["on"] > accuracy["off"], accuracy


# --- process ([Plan of Attack]) -------------------------------------------------------------------

#: A cross-functional team that never reverts to the siloed way.
LASTING_TEAM = ("process=cross_functional_team", "process.reversion_rate=0")


@pytest.mark.slow
def test_cross_functional_team_cuts_delay_and_conflict() -> None:
    siloed, team = runs(), runs(*LASTING_TEAM)
    assert delivery_delay(team) < delivery_delay(siloed)
    assert total(team, "handoff_conflicts") < total(siloed, "handoff_conflicts")
    assert pooled(team, "handoff_conflicts", "orders") < pooled(
        siloed, "handoff_conflicts", "orders"
    )


@pytest.mark.slow
def test_team_practice_reverts_without_top_down_presence_and_holds_with_it() -> None:
    # Sales-driven: a CEO checking in from behind; sales-led: a leader out in front every week.
    reverting = runs("process=cross_functional_team")
    held = runs("process=cross_functional_team", "leadership=sales_led")
    for a, b in zip(reverting, held, strict=True):
        practice_a, practice_b = a["team_practice"], b["team_practice"]
        assert practice_a.iloc[-1] < practice_a.iloc[0]
        assert practice_a.iloc[-1] < practice_b.iloc[-1]
        # Presence slows the reversion by a sized share; it never switches it off.
        assert practice_b.iloc[-1] < practice_b.iloc[0]
        # As the practice fades, the team handles a falling share of the orders.
        first, last = a.iloc[:26], a.iloc[-26:]
        assert pooled([last], "orders_by_team", "orders") < pooled(
            [first], "orders_by_team", "orders"
        )
    # Reverting costs the team its gain: more delay than a team that keeps its way of working.
    assert delivery_delay(reverting) > delivery_delay(runs(*LASTING_TEAM))


# --- boundaries ([Unintentional Executive]) -------------------------------------------------------


@pytest.mark.slow
def test_run_by_sales_raises_overrun_work_and_delay() -> None:
    strict, run_by_sales = runs(), runs("boundaries=run_by_sales")
    # Unpriced engineer-weeks, bought in and charged once as overruns.
    assert total(run_by_sales, "overrun_work") > total(strict, "overrun_work")
    assert total(run_by_sales, "cost_overruns") > total(strict, "cost_overruns")
    assert delivery_delay(run_by_sales) > delivery_delay(strict)


# --- incentives ([Infinite Loop], [Amazing Cultures]) ---------------------------------------------


@pytest.mark.slow
def test_everybody_sells_brings_more_leads_and_upsells_at_an_incentive_cost() -> None:
    outcome_only, everybody = runs(), runs("incentives=everybody_sells")
    assert total(everybody, "leads") > total(outcome_only, "leads")
    assert total(everybody, "upsells") > total(outcome_only, "upsells")
    assert total(everybody, "cost_incentives") > total(outcome_only, "cost_incentives")


@pytest.mark.slow
def test_rewarding_only_outcomes_brings_fewer_leads_and_upsells() -> None:
    # [Infinite Loop]: reward contributions to the process, not only the outcomes.
    process_reward = runs("incentives=everybody_sells")
    outcome_reward = runs("incentives=everybody_sells_outcomes")
    assert total(outcome_reward, "leads") < total(process_reward, "leads")
    assert total(outcome_reward, "upsells") < total(process_reward, "upsells")
    assert total(outcome_reward, "cost_incentives") > 0


@pytest.mark.slow
def test_values_based_pay_raises_belief() -> None:
    outcome_only, values = runs(), runs("incentives=values_based")
    assert mean_final(values, "believer_share") > mean_final(outcome_only, "believer_share")
    assert mean_final(values, "mean_belief") > mean_final(outcome_only, "mean_belief")
    assert total(values, "cost_values_bonus") > 0


# --- focus ([Amazing Cultures]): each focus raises the rate of its own target decisions -----------


@pytest.mark.slow
def test_high_value_focus_wins_a_larger_share_of_high_value_deals() -> None:
    new_logos, high_value = runs(), runs("focus=high_value")
    assert pooled(high_value, "wins_high_value", "wins") > pooled(
        new_logos, "wins_high_value", "wins"
    )


@pytest.mark.slow
def test_high_value_focus_pays_for_its_larger_deals() -> None:
    # Larger deals are harder to win and take longer: the focus closes a lower share
    # of its decisions and spends more engineer-weeks per order than new_logos on the same seeds.
    new_logos, high_value = runs(), runs("focus=high_value")

    def win_rate(frames: Runs) -> float:
        return total(frames, "wins") / (total(frames, "wins") + total(frames, "losses"))

    assert win_rate(high_value) < win_rate(new_logos)
    assert pooled(high_value, "engineering_work", "orders") > pooled(
        new_logos, "engineering_work", "orders"
    )


@pytest.mark.slow
def test_grow_existing_focus_closes_more_upsells() -> None:
    new_logos, grow = runs(), runs("focus=grow_existing")
    assert total(grow, "upsells") > total(new_logos, "upsells")
    assert pooled(grow, "upsells", "live_customers") > pooled(
        new_logos, "upsells", "live_customers"
    )


@pytest.mark.slow
def test_new_logos_focus_wins_more_new_logos_than_grow_existing() -> None:
    new_logos, grow = runs(), runs("focus=grow_existing")
    assert total(new_logos, "wins") > total(grow, "wins")
    assert total(new_logos, "booked_annual_value") > total(grow, "booked_annual_value")


@pytest.mark.slow
def test_loyalty_focus_renews_more_and_retains_more() -> None:
    new_logos, loyalty = finished_runs(), finished_runs("focus=loyalty")

    def renewal_share(group: list[Finished]) -> float:
        frames = [r.timeseries for r in group]
        renewals = total(frames, "renewals")
        return renewals / (renewals + total(frames, "churned"))

    def retention(group: list[Finished]) -> float:
        return float(np.mean([r.metrics["retention"] for r in group]))

    assert renewal_share(loyalty) > renewal_share(new_logos)
    assert retention(loyalty) > retention(new_logos)


# --- measure_perception ([Amazing Cultures]) ------------------------------------------------------


@pytest.mark.slow
def test_surveys_are_paid_per_customer_served() -> None:
    config = small_config(("measure_perception=on",))
    weekly_rate = config.measure_perception.survey_per_customer_year / 52
    off, on = runs(), runs("measure_perception=on")
    assert total(on, "cost_surveys") > total(off, "cost_surveys")
    for ts in on:
        # The week's bill follows the customers served that week: grows and shrinks with them.
        per_customer = ts["cost_surveys"] / ts["customers"]
        np.testing.assert_allclose(per_customer, weekly_rate, rtol=1e-9)


def final_sales_belief(*overrides: str) -> float:
    """Mean belief of the salespeople at the end, averaged over seeds."""
    return float(np.mean([r.sales_belief for r in finished_runs(*overrides)]))


@pytest.mark.slow
def test_perception_feedback_raises_salespeople_belief() -> None:
    assert final_sales_belief("measure_perception=on") > final_sales_belief()


# --- presets (conf/scenario) ------------------------------------------------------------------

PRESETS = sorted(p.stem for p in (CONF_DIR / "scenario").glob("*.yaml"))


def _defaults(path: Path) -> dict[str, str]:
    """Axis -> option chosen in the ``defaults`` list of a config file."""
    chosen: dict[str, str] = {}
    for entry in yaml.safe_load(path.read_text()).get("defaults", []):
        if isinstance(entry, dict):
            for key, value in entry.items():
                axis = key.removeprefix("override ").lstrip("/")
                if axis in REGIME_AXES:
                    chosen[axis] = str(value)
    return chosen


def option_values(axis: str, option: str) -> dict[str, Any]:
    """The values an option file of ``axis`` sets, over those of the options it builds on.

    An option may start from another of its group (``defaults: [sales_driven, _self_]``).
    """
    data = yaml.safe_load((CONF_DIR / axis / f"{option}.yaml").read_text()) or {}
    values: dict[str, Any] = {}
    for entry in data.pop("defaults", []):
        if isinstance(entry, str) and entry != "_self_":
            values.update(option_values(axis, entry))
    values.update(data)
    return values


def preset_choices(name: str) -> dict[str, str]:
    """Every axis's option for preset ``name``: the preset's overrides over config.yaml's."""
    preset = _defaults(CONF_DIR / "scenario" / f"{name}.yaml")
    return {**_defaults(CONF_DIR / "config.yaml"), **preset}


@functools.cache
def preset_config(name: str) -> SimConfig:
    """Preset ``name`` composed in the tiny world."""
    return compose_config([*TINY, f"scenario={name}"])


@pytest.mark.parametrize("name", PRESETS)
def test_preset_has_the_axis_values_its_file_says(name: str) -> None:
    config = preset_config(name)
    assert config.scenario.name == name
    assert config.scenario.description
    for axis, option in preset_choices(name).items():
        values = option_values(axis, option)
        assert "regime" in values, f"{axis}/{option}.yaml names no regime"
        section = getattr(config, axis)
        for key, value in values.items():
            assert getattr(section, key) == value, f"{name}: {axis}.{key} ({option})"


@pytest.mark.slow
@pytest.mark.parametrize("name", PRESETS)
def test_preset_keeps_the_win_rate_in_the_published_band(name: str) -> None:
    # B2B surveys put the win rate of qualified opportunities at 20-30 %; no preset's mechanisms
    # are sized to push it outside (docs/evidence.md). Full-size company, 5 years, 2 seeds.
    rates = [
        simulate(compose_config([f"scenario={name}", f"seed={seed}"])).metrics["win_rate"]
        for seed in (0, 1)
    ]
    assert 0.20 <= sum(rates) / len(rates) <= 0.30, f"{name}: win rate {rates}"


#: The project's named presets and the regime each must choose (other axes: baseline).
EXPECTED_PRESETS: dict[str, dict[str, str]] = {
    "baseline": {},
    "sales_driven_overspend": {"leadership": "sales_driven_overspend"},
    "sales_driven_underspend": {"leadership": "sales_driven_underspend"},
    "sales_led": {"leadership": "sales_led"},
    "everybody_sells": {"incentives": "everybody_sells"},
    "purge_non_believers": {"people": "exit_non_believers"},
    "cross_functional": {"process": "cross_functional_team"},
    "dual_approach": {"leadership": "sales_led", "process": "cross_functional_team"},
    "run_by_salespeople": {"boundaries": "run_by_sales"},
    "values_based_pay": {"incentives": "values_based"},
    "amazing_culture": {
        "leadership": "sales_led",
        "incentives": "values_based",
        "people": "exit_non_believers",
        "measure_perception": "on",
        "focus": "loyalty",
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED_PRESETS))
def test_design_presets_choose_their_regimes(name: str) -> None:
    assert name in PRESETS
    expected = {**_defaults(CONF_DIR / "config.yaml"), **EXPECTED_PRESETS[name]}
    assert preset_choices(name) == expected
    config = preset_config(name)
    for axis, option in expected.items():
        regime = option_values(axis, option)["regime"]
        assert getattr(config, axis).regime == regime, f"{name}: {axis}"
    multiplier = config.leadership.sales_budget_multiplier
    if name == "sales_driven_overspend":
        assert multiplier > 1
    elif name == "sales_driven_underspend":
        assert multiplier < 1
    else:
        assert multiplier == 1


# --- nothing it does not: a regime leaves unrelated streams alone ------------------------------

LEADS = ("leads", "leads_marketing", "leads_outbound", "leads_word_of_mouth", "leads_from_staff")


@pytest.mark.slow
def test_cross_functional_team_leaves_selling_and_service_unchanged_at_first() -> None:
    # The team acts on orders once they are won. Word-of-mouth leads (and so all leads) follow the
    # satisfaction of the customer base, which delivery does change within weeks, so they are
    # left out; every other lead source and the selling and service flows stay identical.
    direct_leads = [c for c in LEADS if c not in ("leads", "leads_word_of_mouth")]
    assert_same_start(
        runs(),
        runs("process=cross_functional_team"),
        [
            *direct_leads,
            "opportunities",
            "wins",
            "losses",
            "wins_high_value",
            "issues",
            "renewals",
            "churned",
            "quits",
        ],
        weeks=13,
    )


@pytest.mark.slow
def test_exit_non_believers_changes_nothing_before_the_first_review() -> None:
    # Reviews only (hiring screens act from the first hire on, so they are switched off here).
    review = small_config(("people=exit_non_believers",)).people.review_interval_weeks
    assert_same_start(
        runs(),
        runs("people=exit_non_believers", "people.screen_hires=false"),
        [c for c in runs()[0].columns if c != "scenario"],
        weeks=review,
    )


@pytest.mark.slow
def test_run_by_sales_leaves_lead_generation_unchanged_at_first() -> None:
    # Boundaries act where deals close; marketing and prospecting come before any changed win
    # (word-of-mouth leads follow the customer base, so they may differ once wins do).
    assert_same_start(
        runs(), runs("boundaries=run_by_sales"), ["leads_marketing", "leads_outbound"], weeks=8
    )


@pytest.mark.slow
def test_everybody_sells_leaves_marketing_leads_unchanged_at_first() -> None:
    # Marketing draws come before staff referrals; once staff have passed a lead, that firm is no
    # longer offered to marketing, so the counts are identical up to the first staff lead's week.
    pairs = zip(runs(), runs("incentives=everybody_sells"), strict=True)
    for seed, (a, b) in zip(SEEDS, pairs, strict=True):
        first = int(b.loc[b["leads_from_staff"] > 0, "week"].min())
        head = a.loc[a["week"] <= first, "leads_marketing"].reset_index(drop=True)
        other = b.loc[b["week"] <= first, "leads_marketing"].reset_index(drop=True)
        pd.testing.assert_series_equal(head, other, obj=f"seed {seed}, weeks 1..{first}")


@pytest.mark.slow
def test_measuring_perception_changes_no_flow_in_week_one() -> None:
    from salesculture.sim.world.flows import CULTURE_PATH, FLOW_NAMES

    # The surveys' feedback moves belief from week one (the culture path records it); no flow of
    # the company's work changes in that week.
    flows = [name for name in FLOW_NAMES if name not in CULTURE_PATH]
    assert_same_start(runs(), runs("measure_perception=on"), flows, weeks=1)
