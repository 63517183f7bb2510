"""The model's calendar: weeks per year and per quarter, and weeks in years.

Plain numbers, without NumPy, so that the configuration (:mod:`sim.config.schema`) and the
head-count plan (:mod:`sim.config.headcount`) load without it; :mod:`sim.config.rates`, where rates
change time units, gives the same names.
"""

from __future__ import annotations

WEEKS_PER_YEAR = 52
#: Weeks of memory of the model's smoothed signals (conflict share, issue load, budget margin).
WEEKS_PER_QUARTER = 13


def years_elapsed(weeks: float) -> float:
    """Weeks expressed in years."""
    return weeks / WEEKS_PER_YEAR
