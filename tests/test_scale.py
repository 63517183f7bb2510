"""Scale: a company and its market made twice as large give twice the extensive results.

Every reference level of a diminishing-returns curve or of a capacity is meant to be relative to
the market (per potential customer) or to the workforce (per employee, per rep, per order), so
that doubling the market together with every head-count and budget doubles customers, revenue,
cost and head-count and leaves every rate unchanged. An absolute reference level (a budget or an
effort at which a curve applies) breaks this: the larger company sits further out on the curve.

The base is the default company (10,000 potential customers, 44 salespeople, 140 engineers, 108
service staff) against one twice its size, over three years, averaged over paired seeds (seed
``s`` runs at both sizes). The two sizes cannot share random numbers customer for customer, so
the averages carry sampling noise: across seeds the ratio of revenue has a standard deviation of
about 5-7 %, so over 16 seeds the mean ratio has a standard error of about 1.5 %; the 3 %
tolerance is about two of those. Profit is the small difference of revenue and cost (a margin of
about 10 % over three years), so its ratio has a standard deviation of about 50 % across seeds
and cannot be held to 3 %; it is checked as the margin (standard error of the difference about
0.012 over 16 seeds, tolerance 0.025).

What is scaled (:data:`EXTENSIVE_INPUTS`): the market, every head-count of the plan, the
positions each role has, the marketing budget, and the pay of the CEO and of a sales leader. One
CEO and one sales leader per company are fixed costs, a real economy of scale of the model (not
an artefact); their pay is scaled here so that the test measures the model's curves, not the
organisation chart.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

from salesculture.sim.config.compose import compose_config
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.world.metrics import summarize
from salesculture.sim.world.model import SalesCultureModel

#: Paired seeds averaged at each size, and the horizon.
SEEDS = tuple(range(16))
YEARS = 3

#: The extensive inputs of the configuration, scaled together from their defaults.
EXTENSIVE_KEYS = (
    "market.customers",
    "workforce.salespeople",
    "workforce.engineers",
    "workforce.service_staff",
    "workforce.slots_per_role",
    "costs.marketing_per_week",
    "costs.salary_ceo",
    "costs.salary_sales_leader",
)


def _default(key: str) -> float:
    section, name = key.split(".")
    return getattr(getattr(compose_config([]), section), name)


#: The extensive inputs and their value at the base size (the defaults).
EXTENSIVE_INPUTS: dict[str, float] = {key: _default(key) for key in EXTENSIVE_KEYS}

#: Extensive results: the larger company's mean within this share of twice the base's.
EXTENSIVE_TOLERANCE = 0.03

#: Rates and their tolerance: (absolute or relative, allowed difference of the means).
RATES: dict[str, tuple[str, float]] = {
    "retention": ("absolute", 0.01),
    "win_rate": ("relative", 0.05),
    "believer_share": ("absolute", 0.03),  # standard error of the difference about 0.010
    "employee_turnover": ("absolute", 0.02),
    "delivery_delay": ("relative", 0.03),
    "margin": ("absolute", 0.025),
}

def scaled_overrides(factor: int) -> list[str]:
    """Hydra overrides of the base company and market, every extensive input times ``factor``."""
    overrides = [f"years={YEARS}"]
    for key, value in EXTENSIVE_INPUTS.items():
        scaled = value * factor
        overrides.append(f"{key}={int(scaled) if isinstance(value, int) else scaled}")
    return overrides


@lru_cache(maxsize=4)
def _config(factor: int) -> SimConfig:
    return compose_config(scaled_overrides(factor))


@lru_cache(maxsize=64)
def result(factor: int, seed: int) -> dict[str, float]:
    """Summary of one run at ``factor`` times the base size, with mean head-count and margin."""
    model = SalesCultureModel(dataclasses.replace(_config(factor), seed=seed))
    while model.running:
        model.step()
    series = pd.DataFrame.from_records(model.records)
    summary = summarize(model, series)
    summary["headcount"] = float(series["headcount"].mean())
    summary["margin"] = summary["profit"] / summary["revenue"]
    return summary


def means(factor: int) -> pd.Series:
    """Each metric's mean over :data:`SEEDS` at ``factor`` times the base size."""
    return pd.DataFrame([result(factor, seed) for seed in SEEDS]).mean()


def test_scaled_overrides_double_every_extensive_input() -> None:
    """The larger configuration really is the base with each extensive input doubled."""
    base, double = _config(1), _config(2)
    for key in EXTENSIVE_INPUTS:
        section, name = key.split(".")
        assert getattr(getattr(double, section), name) == 2 * getattr(getattr(base, section), name)
    assert base.workforce.growth_per_year == double.workforce.growth_per_year


@pytest.mark.slow
def test_twice_the_company_and_market_give_twice_the_results() -> None:
    """Extensive results double (within 3 %) and rates stay (within their tolerances)."""
    base, double = means(1), means(2)
    problems = []
    for metric in ("revenue", "cost", "customers", "headcount"):
        ratio = double[metric] / (2.0 * base[metric])
        if not abs(ratio - 1.0) <= EXTENSIVE_TOLERANCE:
            problems.append(f"{metric}: twice the company gives {ratio:.3f} x twice the base")
    for metric, (kind, tolerance) in RATES.items():
        difference = double[metric] - base[metric]
        if kind == "relative":
            difference /= base[metric]
        if not (np.isfinite(difference) and abs(difference) <= tolerance):
            problems.append(
                f"{metric}: {base[metric]:.4f} at the base size, {double[metric]:.4f} at twice "
                f"(allowed {kind} difference {tolerance})"
            )
    assert not problems, "; ".join(problems)
