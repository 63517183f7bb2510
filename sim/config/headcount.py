"""Head-count arithmetic shared by the model, staffing and validation (no mechanisms here).

The plan of a role grows or shrinks at a yearly rate from its week-0 head-count. A sales-led
company adds one first-line sales manager per ``span_of_control`` planned salespeople.
"""

from __future__ import annotations

import math

from salesculture.sim.config.weeks import years_elapsed


def planned_headcount(initial: int, growth_per_year: float, week: int) -> int:
    """Head-count the plan asks of a role in ``week``, from its week-0 plan and yearly growth."""
    return int(round(initial * (1.0 + growth_per_year) ** years_elapsed(week)))


def planned_salespeople(salespeople: int, budget_multiplier: float) -> int:
    """Week-0 salespeople of the plan after the leadership's sales budget multiplier."""
    return int(round(salespeople * budget_multiplier))


def managers_needed(salespeople: int, span_of_control: int) -> int:
    """First-line sales managers for ``salespeople`` at a span of control (at least one)."""
    return max(1, math.ceil(salespeople / span_of_control)) if salespeople > 0 else 0
