"""Staffing regimes: head-count on a fixed plan, or following demand (the staffing axis).

Under a fixed plan, engineering and service head-count follow ``workforce.*`` whatever the
customers need, so growth is almost pure margin. Under demand-driven staffing the model reviews
engineering backlog and service load and raises the plan where they pass their targets, within
a budget rule (``sim.staffing``), so cost to serve follows the customers served.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config import HeadcountConfig


@dataclass(frozen=True)
class Headcount:
    """A fixed head-count plan."""

    config: HeadcountConfig

    follows_demand = False


class DemandDriven(Headcount):
    """Engineering and service grow above the plan when demand asks for it."""

    follows_demand = True
