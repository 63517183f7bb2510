"""Selling within boundaries versus a company run by its salespeople ([Unintentional Executive]).

The account lead orchestrates each engagement in both regimes. With strict boundaries, what may
be sold is fixed so that deals stay aligned with the company's goals; when salespeople run the
company, deals are more often sold with scope outside those boundaries. Such a deal is a little
easier to win, but its extra scope is unpriced work (overruns), it is left out of the promised
date (delay), and what was promised is not what the company delivers well (customers let down)
(``sim.world.stages.sale``, ``sim.world.stages.delivery``). The two regimes differ only in how
often that happens.
"""

from __future__ import annotations

from dataclasses import dataclass

from salesculture.sim.config.schema import BoundariesConfig


@dataclass(frozen=True)
class Boundaries:
    """Out-of-bounds selling."""

    config: BoundariesConfig
