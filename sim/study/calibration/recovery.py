"""Parameter recovery: companies simulated by the model with known parameters, fitted back.

Each synthetic company draws its true parameter values from the fit's prior (uniform over the
screening range), is simulated once on a seed of its own, and reports its figures with noise of
each figure's default uncertainty (:data:`sim.config.figures.FIGURES`). The fit of ``salesculture
calibrate`` (:func:`sim.study.calibration.fit.calibrate`) then estimates the parameters from these
figures alone. If the fit's uncertainty is honest, its 90 % posterior intervals hold the true
values in about 90 % of cases: less says the fit is overconfident, much more that it is wider
than it need be. ``benchmarks/calibration_recovery.py`` runs it over 20 companies; a test runs a
few.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from salesculture.sim.config.compose import compose_config
from salesculture.sim.config.figures import FIGURES
from salesculture.sim.study.calibration.figures import observe
from salesculture.sim.study.calibration.fit import FitProblem, Observed, Settings, calibrate
from salesculture.sim.study.calibration.report import weighted_quantiles
from salesculture.sim.study.screening import factors, with_values

#: A small company: about 1,500 potential customers and 40 employees, two years of history.
WORLD = [
    "market.customers=1500",
    "workforce.salespeople=8",
    "workforce.engineers=20",
    "workforce.service_staff=14",
    "workforce.slots_per_role=64",
    "headcount=fixed",
]
YEARS = 2
#: The parameters fitted, and the figures observed every year.
PARAMETERS = [
    "sales.base_win_rate",
    "staffing.sales_turnover_per_year",
    "resale.upsell_rate_per_year",
]
FIGURES_OBSERVED = [
    "revenue",
    "revenue_upsell",
    "win_rate",
    "rep_turnover",
    "customers",
    "logo_churn",
]


@dataclass
class Recovery:
    """One fitted parameter of one synthetic company against its true value."""

    company: int
    parameter: str
    truth: float
    low: float  #: the posterior's 5 % quantile
    high: float  #: its 95 % quantile
    inside: bool
    width_share: float  #: the interval's width as a share of the prior range


def synthetic_company(
    index: int, world: list[str], years: int, parameters: list[str]
) -> tuple[list[float], list[Observed]]:
    """Company ``index``: true values from the prior, its figures with observation noise."""
    base = compose_config([*world, f"years={years}"])
    found = factors({"company": base}, parameters)
    rng = np.random.default_rng([2026, index])
    truth = [float(rng.uniform(f.low, f.high)) for f in found]
    figures = observe(with_values(base, found, truth, seed=900_000 + index))
    observed = []
    for key, value in figures.items():
        figure, year = key.split("@")
        if figure not in FIGURES_OBSERVED or not np.isfinite(value):
            continue
        sd = FIGURES[figure].sd_of(value) or FIGURES[figure].default_sd
        observed.append(Observed(figure, int(year), float(value + rng.normal(0, sd)), sd))
    return truth, observed


def recover(
    companies: int,
    settings: Settings,
    world: list[str] = WORLD,
    years: int = YEARS,
    parameters: list[str] = PARAMETERS,
    on_company: Callable[[int, list[Recovery]], None] | None = None,
) -> list[Recovery]:
    """Fit ``companies`` synthetic companies; one :class:`Recovery` per company and parameter."""
    base = compose_config([*world, f"years={years}"])
    found = factors({"company": base}, parameters)
    rows: list[Recovery] = []
    for index in range(companies):
        truth, observed = synthetic_company(index, world, years, parameters)
        problem = FitProblem(f"synthetic{index}", world, years, observed, parameters)
        with tempfile.TemporaryDirectory() as directory:
            result = calibrate(problem, Path(directory), settings, progress=False)
        weights = result.sample["weight"].to_numpy(dtype=float)
        for factor, true in zip(found, truth, strict=True):
            values = result.sample[factor.name].to_numpy(dtype=float)
            low, high = weighted_quantiles(values, weights, [0.05, 0.95])
            rows.append(
                Recovery(
                    company=index,
                    parameter=factor.name,
                    truth=true,
                    low=low,
                    high=high,
                    inside=bool(low <= true <= high),
                    width_share=(high - low) / (factor.high - factor.low),
                )
            )
        if on_company:
            on_company(index, rows)
    return rows
