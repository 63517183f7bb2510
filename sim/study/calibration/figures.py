"""A company's figures computed from one simulated run, year by year.

Each figure of :data:`sim.config.figures.FIGURES` is computed from the run's weekly series with
the definition the profile and the CRM export use: year ``y`` is weeks ``52 (y - 1)`` to
``52 y - 1`` of the run.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from salesculture.sim.config.figures import FIGURES
from salesculture.sim.config.rates import WEEKS_PER_YEAR
from salesculture.sim.config.schema import SimConfig


def key(figure: str, year: int) -> str:
    """The column of a figure in a year: ``win_rate@2``."""
    return f"{figure}@{year}"


def _ratio(numerator: float, denominator: float) -> float:
    return float(numerator / denominator) if denominator else math.nan


def yearly_figures(timeseries: pd.DataFrame) -> dict[str, float]:
    """Every figure of every whole year of one run, keyed ``figure@year``.

    Args:
        timeseries: One run's weekly rows (:func:`sim.runs.runner.simulate`).

    Returns:
        ``{"revenue@1": ..., "win_rate@1": ..., ...}``; a figure a year cannot define (no
        opportunity closed, nobody delivered) is NaN.
    """
    ts = timeseries.reset_index(drop=True)
    years = len(ts) // WEEKS_PER_YEAR
    out: dict[str, float] = {}
    for year in range(1, years + 1):
        part = ts.iloc[(year - 1) * WEEKS_PER_YEAR : year * WEEKS_PER_YEAR]
        last = part.iloc[-1]
        sums = part.sum(numeric_only=True)
        closed = sums["wins"] + sums["losses"]
        values = {
            "revenue": sums["revenue"],
            "revenue_new": sums["revenue_new"],
            "revenue_recurring": sums["revenue_recurring"],
            "revenue_upsell": sums["revenue_upsell"],
            # retention_to_date at the year's last week: the share of the year's starting
            # customers still active (the model's yearly logo retention).
            "logo_churn": 1.0 - float(last["retention_to_date"]),
            "win_rate": _ratio(sums["wins"], closed),
            # Little's law: mean open opportunities over opportunities closed per week.
            "sales_cycle_weeks": _ratio(part["open_opportunities"].mean(), closed / len(part)),
            "rep_turnover": _ratio(sums["separations_sales"], part["headcount_sales"].mean()),
            "delivery_delay_weeks": _ratio(sums["delivery_weeks"], sums["delivered"]),
            "customers": float(last["customers"]),
            "believer_share": float(last["believer_share"]),
        }
        for figure, value in values.items():
            out[key(figure, year)] = float(value)
    missing = set(FIGURES) - {name.split("@")[0] for name in out}
    if years and missing:
        raise AssertionError(f"figures not computed: {sorted(missing)}")
    return out


def observe(config: SimConfig) -> dict[str, float]:
    """Run ``config`` and return its figures (a worker's job in a fit's pool)."""
    from salesculture.sim.runs.runner import simulate

    return yearly_figures(simulate(config).timeseries)


def as_array(figures: dict[str, float], keys: list[str]) -> np.ndarray:
    """The figures ``keys`` of one run, in order, as floats (NaN where missing)."""
    return np.array([figures.get(k, math.nan) for k in keys], dtype=float)
