"""Selling within boundaries versus a company run by its salespeople (seeds/000).

The account lead orchestrates each engagement in both regimes. With strict boundaries, what may
be sold is fixed so that deals stay aligned with the company's goals; when salespeople run the
company, deals are more often sold with scope outside those boundaries (unpriced customisation,
overruns and delay) and selling follows the strategic focus less.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config import BoundariesConfig


@dataclass(frozen=True)
class Boundaries:
    """Out-of-bounds selling and adherence to the focus."""

    config: BoundariesConfig

    @property
    def focus_adherence(self) -> float:
        """How far selling follows the strategic focus, 0..1."""
        return self.config.focus_adherence


class Strict(Boundaries):
    """Salespeople orchestrate within clear boundaries of what can be sold."""


class RunBySales(Boundaries):
    """Salespeople decide what is sold."""
