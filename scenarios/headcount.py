"""Staffing regimes: head-count on a fixed plan, or following demand (the staffing axis).

Under a fixed plan, engineering and service head-count follow ``workforce.*`` whatever the
customers need, so growth is almost pure margin. Under demand-driven staffing the model reviews
each role's utilisation of the work it can do now (engineering: orders past their hand-off wait;
service: issues raised) and moves the plan where it leaves a band around its target, raising it
within a budget rule (``sim.world.stages.staffing``), so cost to serve follows the customers served.
"""

from __future__ import annotations

from dataclasses import dataclass

from salesculture.sim.config.schema import HeadcountConfig


@dataclass(frozen=True)
class Headcount:
    """A fixed head-count plan."""

    config: HeadcountConfig

    follows_demand = False


class DemandDriven(Headcount):
    """Engineering and service grow above the plan when the work they can do asks for it."""

    follows_demand = True
