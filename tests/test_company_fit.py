"""A company's fit: figures, repeatability, resuming, recovery, the check and its verdicts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from salesculture.sim.config.compose import compose_config
from salesculture.sim.config.figures import FIGURES
from salesculture.sim.runs.runner import simulate
from salesculture.sim.study.calibration.figures import key, yearly_figures
from salesculture.sim.study.calibration.fit import (
    FitProblem,
    Observed,
    Settings,
    calibrate,
    verdict,
)
from salesculture.sim.study.calibration.holdout import holdout_problem
from salesculture.sim.study.calibration.report import parameter_table, verdicts, weighted_quantiles
from salesculture.sim.study.calibration.store import STORE_FILE
from salesculture.sim.study.screening import factors, with_values

pytest.importorskip("pyabc")

WORLD = [
    "market.customers=800",
    "workforce.salespeople=6",
    "workforce.engineers=14",
    "workforce.service_staff=10",
    "workforce.slots_per_role=32",
    "headcount=fixed",
]
PARAMETERS = ["sales.base_win_rate", "staffing.sales_turnover_per_year"]
TINY = Settings(population=24, generations=3, simulations=220, check_draws=8, jobs=1)


def _observed(truth: list[float], seed: int, years: int = 1) -> list[Observed]:
    base = compose_config([*WORLD, f"years={years}"])
    found = factors({"c": base}, PARAMETERS)
    timeseries = simulate(with_values(base, found, truth, seed)).timeseries
    figures = yearly_figures(timeseries)
    observed = []
    for name, value in figures.items():
        figure, year = name.split("@")
        if figure in ("win_rate", "rep_turnover", "customers", "revenue"):
            observed.append(Observed(figure, int(year), value, FIGURES[figure].sd_of(value)))
    return observed


@pytest.fixture(scope="module")
def run_and_figures():
    config = compose_config([*WORLD, "years=2", "seed=3"])
    timeseries = simulate(config).timeseries
    return timeseries, yearly_figures(timeseries)


def test_figures_follow_their_definitions(run_and_figures):
    timeseries, figures = run_and_figures
    year2 = timeseries.iloc[52:104]
    assert figures[key("revenue", 2)] == pytest.approx(year2["revenue"].sum())
    parts = sum(figures[key(p, 2)] for p in ("revenue_new", "revenue_recurring", "revenue_upsell"))
    assert parts == pytest.approx(figures[key("revenue", 2)])
    wins, losses = year2["wins"].sum(), year2["losses"].sum()
    assert figures[key("win_rate", 2)] == pytest.approx(wins / (wins + losses))
    assert figures[key("customers", 1)] == timeseries["customers"].iloc[51]
    # Little's law: open opportunities over closings per week, in weeks.
    cycle = figures[key("sales_cycle_weeks", 1)]
    assert 1 < cycle < 52
    assert 0 < figures[key("logo_churn", 1)] < 0.5
    assert set(FIGURES) == {name.split("@")[0] for name in figures}


def test_logo_churn_is_the_model_own_yearly_retention():
    from salesculture.sim.world.model import SalesCultureModel

    config = compose_config([*WORLD, "years=2", "seed=5"])
    model = SalesCultureModel(config)
    while model.running:
        model.step()
    figures = yearly_figures(pd.DataFrame.from_records(model.records))
    for year, retention in enumerate(model.yearbook.retention, start=1):
        assert figures[key("logo_churn", year)] == pytest.approx(1 - retention)


def test_verdict_names_the_gap_in_sds():
    assert verdict(10.0, 1.0, 9.0, 12.0)["reproduced"]
    miss = verdict(20.0, 2.0, 9.0, 12.0)
    assert not miss["reproduced"] and miss["gap"] == pytest.approx(8.0)
    assert miss["gap_sd"] == pytest.approx(4.0)
    # the observation's own 90 % interval reaching the band counts as reproduced
    assert verdict(13.0, 1.0, 9.0, 12.0)["reproduced"]


def test_weighted_quantiles_weigh():
    values = np.array([1.0, 2.0, 3.0])
    assert weighted_quantiles(values, np.array([1.0, 1.0, 1.0]), [0.5]) == [2.0]
    assert weighted_quantiles(values, np.array([0.0, 0.1, 0.9]), [0.5]) == [3.0]


@pytest.fixture(scope="module")
def tiny_fit(tmp_path_factory):
    observed = _observed([0.27, 0.2], seed=11)
    problem = FitProblem("tiny", WORLD, 1, observed, PARAMETERS)
    directory = tmp_path_factory.mktemp("fit")
    return problem, directory, calibrate(problem, directory, TINY, progress=False)


def test_the_same_fit_gives_the_same_posterior_with_any_number_of_workers(tiny_fit, tmp_path):
    problem, _, first = tiny_fit
    again = calibrate(problem, tmp_path, Settings(**{**TINY.__dict__, "jobs": 2}), False)
    pd.testing.assert_frame_equal(first.sample, again.sample)
    assert first.simulations == again.simulations
    assert again.reused == 0  # a store of its own: every simulation ran again


def test_a_fit_resumes_from_its_store(tiny_fit):
    problem, directory, first = tiny_fit
    store = directory / STORE_FILE
    lines = store.read_text().splitlines()
    # keep half of the finished simulations, and a line cut short as a stop leaves it
    store.write_text("\n".join(lines[: len(lines) // 2]) + "\n" + lines[-1][:20])
    resumed = calibrate(problem, directory, TINY, progress=False)
    pd.testing.assert_frame_equal(first.sample, resumed.sample)
    assert resumed.reused >= len(lines) // 2 - 1


def test_the_posterior_moves_toward_the_truth(tiny_fit):
    _, _, result = tiny_fit
    table = parameter_table(result).set_index("parameter")
    row = table.loc["sales.base_win_rate"]
    # the truth (0.27) inside the 90 % interval, which is narrower than the prior's (0.1-0.3),
    # and the median nearer the truth than the prior's centre (0.2) is
    assert row["low"] <= 0.27 <= row["high"]
    assert row["width_share"] < 0.9
    assert abs(row["median"] - 0.27) < abs(0.2 - 0.27)


def test_a_figure_the_model_cannot_reach_gets_a_plain_verdict(tmp_path):
    observed = _observed([0.25, 0.3], seed=12)
    for o in observed:
        if o.figure == "customers":
            o.value *= 6  # six times the customers this company could have
    problem = FitProblem("impossible", WORLD, 1, observed, PARAMETERS)
    result = calibrate(problem, tmp_path, TINY, progress=False)
    check = result.check.set_index("figure")
    assert not check.loc["customers", "reproduced"]
    lines = verdicts(result.check)
    assert any("cannot reproduce customers in year 1" in line for line in lines)
    assert check.loc["customers", "gap_sd"] > 10


def test_hold_out_keeps_the_last_years_apart():
    observed = [Observed("win_rate", y, 0.2, 0.03) for y in (1, 2, 3)]
    problem = FitProblem("h", WORLD, 3, observed, PARAMETERS)
    fitted, held = holdout_problem(problem, 1)
    assert fitted.years == 2 and [o.year for o in fitted.observed] == [1, 2]
    assert [o.year for o in held] == [3]
    from salesculture.sim.config.errors import ConfigError

    with pytest.raises(ConfigError, match="--hold-out=3: the profile has 3 years of history"):
        holdout_problem(problem, 3)


def test_parameters_must_be_fittable():
    from salesculture.sim.config.errors import ConfigError

    problem = FitProblem("bad", WORLD, 1, _observed([0.2, 0.3], 1), ["sales.no_such_thing"])
    where = Path("/nonexistent-never-written")
    with pytest.raises(ConfigError, match="sales.no_such_thing"):
        calibrate(problem, where, TINY, False)
    assert not where.exists()


def test_parameter_recovery_quick():
    """Companies simulated with known values, fitted back: the 90 % intervals mostly hold them.

    The benchmark (benchmarks/calibration_recovery.py) runs 20 companies and expects about
    90 %; here four small ones, so the band is wide: at least 7 of 12 intervals, and narrower than
    the prior on average (the figures teach something).
    """
    from salesculture.sim.study.calibration.recovery import recover

    world = [*WORLD[:-1], "headcount=fixed"]
    settings = Settings(population=30, generations=3, simulations=260, check_draws=4, jobs=2)
    rows = recover(4, settings, world=world, years=1)
    inside = sum(row.inside for row in rows)
    assert len(rows) == 12
    assert inside >= 7, [(r.parameter, r.truth, r.low, r.high) for r in rows]
    assert np.mean([row.width_share for row in rows]) < 0.95
