"""Conversions between yearly and weekly rates: the one place where time units change."""

from __future__ import annotations

import numpy as np

from salesculture.sim.config.weeks import WEEKS_PER_QUARTER, WEEKS_PER_YEAR, years_elapsed

#: The calendar (:mod:`sim.config.weeks`, without NumPy) and the conversions that need NumPy.
__all__ = [
    "WEEKS_PER_QUARTER",
    "WEEKS_PER_YEAR",
    "expit",
    "logit",
    "per_week",
    "per_year",
    "weekly_hazard",
    "years_elapsed",
]


def weekly_hazard(rate_per_year: float | np.ndarray) -> float | np.ndarray:
    """Weekly probability of at least one event of a Poisson process with ``rate_per_year``."""
    return -np.expm1(-np.asarray(rate_per_year, dtype=float) / WEEKS_PER_YEAR)


def logit(p: float | np.ndarray) -> float | np.ndarray:
    """Log-odds of a probability."""
    p = np.asarray(p, dtype=float)
    return np.log(p) - np.log1p(-p)


def expit(x: float | np.ndarray) -> float | np.ndarray:
    """Probability of log-odds ``x``."""
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def per_week(amount_per_year: float | np.ndarray) -> float | np.ndarray:
    """An amount quoted per year (leads, cost) spread evenly over the weeks of the year."""
    return np.asarray(amount_per_year, dtype=float) / WEEKS_PER_YEAR


def per_year(amount_per_week: float | np.ndarray) -> float | np.ndarray:
    """A weekly amount (a contract's weekly value) over a whole year."""
    return np.asarray(amount_per_week, dtype=float) * WEEKS_PER_YEAR
