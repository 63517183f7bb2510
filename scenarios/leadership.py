"""Leadership regimes: sales-driven versus sales-led (seeds/003).

Sales-driven: the CEO is head of sales from behind. Quotas, territories and basic plans exist, but
the disciplines (prospecting, forecasting, segmentation, strategic account planning) appear only
sporadically; the CEO checks in every week or two and neither coaches nor joins deals. Its
variants overspend or underspend on sales (``sales_budget_multiplier`` scales the salespeople
plan and the marketing budget).

Sales-led: a dedicated sales leader, out in front, coaches salespeople, joins key deals, runs the
disciplines well, and models the values in weekly contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.config import LeadershipConfig

if TYPE_CHECKING:
    from sim.model import SalesCultureModel


@dataclass(frozen=True)
class Leadership:
    """Parameters shared by both leadership regimes."""

    config: LeadershipConfig

    has_sales_leader = False

    @property
    def budget_multiplier(self) -> float:
        """Scale of the sales budget (salespeople plan and marketing spend)."""
        return self.config.sales_budget_multiplier

    @property
    def disciplines(self) -> dict[str, float]:
        """Level of each sales discipline, 0..1 (seeds/003)."""
        c = self.config
        return {
            "prospecting": c.discipline_prospecting,
            "forecasting": c.discipline_forecasting,
            "segmentation": c.discipline_segmentation,
            "account_planning": c.discipline_account_planning,
        }

    def create_leaders(self, model: SalesCultureModel) -> None:
        """Create the leadership agents of the regime."""
        from agents import CEO

        model.hire_initial(CEO, 1)


class SalesDriven(Leadership):
    """The CEO drives sales from behind (seeds/003)."""


class SalesLed(Leadership):
    """A dedicated sales leader out in front (seeds/003)."""

    has_sales_leader = True

    def create_leaders(self, model: SalesCultureModel) -> None:
        """Create the CEO and a sales leader."""
        from agents import SalesLeader

        super().create_leaders(model)
        model.hire_initial(SalesLeader, 1)
