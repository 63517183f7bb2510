"""The figures a company observes about itself, declared once.

A company profile (``conf/company/NAME.yaml``) states what the company has observed, figure by
figure and year by year, each with its uncertainty; a CRM export computes some of them from
records. ``salesculture calibrate`` computes the same figures from each simulated run and fits
the model's unknown parameters so that they match. Each figure is declared here once: its name,
unit, valid range, what it means (the same definition for the company's records and for the
simulation) and the uncertainty assumed when the profile gives none.

Years are years of the company's history: year 1 is the first year observed, which is the
first year the model simulates (week 0 is the start of year 1).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One observed figure: what it measures, in which unit, and its valid range."""

    name: str
    unit: str
    low: float
    high: float
    definition: str
    #: The uncertainty assumed when a profile states none: a standard deviation in the figure's
    #: unit (``absolute``) or as a share of the value (``relative``). Assumed: the noise of a
    #: company's own books and CRM over a year, modest.
    default_sd: float
    relative: bool
    money: bool = False

    def sd_of(self, value: float) -> float:
        """The default standard deviation of an observation ``value`` of this figure."""
        return self.default_sd * abs(value) if self.relative else self.default_sd


_MONEY = "currency/year"

FIGURES: dict[str, Figure] = {
    f.name: f
    for f in (
        Figure(
            "revenue",
            _MONEY,
            0.0,
            1e13,
            "all revenue booked in the year: new + recurring + upsell",
            0.02,
            True,
            money=True,
        ),
        Figure(
            "revenue_new",
            _MONEY,
            0.0,
            1e13,
            "one-off fees in the year of new customers' first orders (set-up and "
            "customisation), booked when the order is delivered",
            0.05,
            True,
            money=True,
        ),
        Figure(
            "revenue_recurring",
            _MONEY,
            0.0,
            1e13,
            "subscription billed in the year on customers' base contracts (new "
            "customers from their delivery on, renewals included)",
            0.03,
            True,
            money=True,
        ),
        Figure(
            "revenue_upsell",
            _MONEY,
            0.0,
            1e13,
            "revenue in the year from additions sold to existing customers: their "
            "added subscription and the fees of their add-on orders",
            0.10,
            True,
            money=True,
        ),
        Figure(
            "logo_churn",
            "share per year",
            0.0,
            1.0,
            "of the customers active at the year's start, the share that left during it",
            0.02,
            False,
        ),
        Figure(
            "win_rate",
            "share",
            0.0,
            1.0,
            "won / (won + lost) among opportunities closed in the year",
            0.03,
            False,
        ),
        Figure(
            "sales_cycle_weeks",
            "weeks",
            0.0,
            520.0,
            "mean weeks an opportunity is open, "
            "from created to closed (won or lost), over those closed in the year",
            1.0,
            False,
        ),
        Figure(
            "rep_turnover",
            "separations per head-count-year",
            0.0,
            5.0,
            "salespeople who left in the year (quits, exits, lay-offs) / mean sales head-count",
            0.05,
            False,
        ),
        Figure(
            "delivery_delay_weeks",
            "weeks",
            0.0,
            520.0,
            "mean weeks from a won order to its delivery, over orders delivered in the year",
            1.0,
            False,
        ),
        Figure(
            "customers", "customers", 0.0, 5e6, "customers active at the year's end", 0.03, True
        ),
        Figure(
            "believer_share",
            "share",
            0.0,
            1.0,
            "share of employees who hold the company's values (a survey at the year's end)",
            0.05,
            False,
        ),
    )
}

#: Revenue by kind adds up to revenue (within this share of revenue).
REVENUE_PARTS = ("revenue_new", "revenue_recurring", "revenue_upsell")
REVENUE_TOLERANCE = 0.01
