"""The run's summary metrics, declared once: name, unit, how a figure shows them, definition.

Every reader takes a metric from here: the metrics a run summarises
(:data:`sim.world.metrics.SUMMARY_METRICS`), the text table of ``salesculture run``
(:func:`sim.runs.runner.metric_table`), an experiment's headline numbers
(:data:`sim.study.findings.UNITS`), the figures (:data:`sim.views.vocabulary.METRICS`) and
the table of summary metrics in ``docs/odd.md`` (:mod:`sim.docgen.metricdoc`). Definitions are
of the code in :func:`sim.world.metrics.summarize`; ``ts`` is a run's weekly series and ``Y``
its years.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    """One summary metric of a run.

    Attributes:
        name: Its key in ``summary.json`` and every table.
        unit: What kind of number it is, which fixes how a number is written: ``currency``
            (in k or M), ``share`` (in %), ``ratio``, ``per year``, ``weeks``, ``customers``,
            ``orders`` or ``belief``.
        title: Its name on a figure.
        axis: The unit of a figure's axis; ``{currency}`` stands for the currency's name.
        scale: A figure divides values by this (1e6: millions; 0.01: per cent).
        definition: How the code computes it (Markdown).
        yearly: A mean over the run's years of a yearly figure (its unit is per year).
        whole: A count, written without decimals.
    """

    name: str
    unit: str
    title: str
    axis: str
    scale: float
    definition: str
    yearly: bool = False
    whole: bool = False

    @property
    def unit_text(self) -> str:
        """The unit as a reader states it: ``share per year`` for a yearly share."""
        return f"{self.unit} per year" if self.yearly else self.unit


#: Every summary metric, in the order of ``summary.json`` and of every table.
SUMMARY: tuple[Metric, ...] = (
    Metric(
        "revenue", "currency", "Revenue", "million {currency}", 1e6,
        "`Σ_weeks revenue` = new + recurring + upsell over the horizon",
    ),
    Metric(
        "retention", "share", "Logo retention", "% per year", 0.01,
        "mean over the model years of `|C_y ∩ active at end of year y| / |C_y|`, where `C_y` is "
        "the set of customers active at the start of year `y` (customers in delivery count as "
        "active); years with an empty cohort are skipped",
        yearly=True,
    ),
    Metric(
        "nrr", "ratio", "Net revenue retention", "% per year", 0.01,
        "mean over years `y = 2 … Y` of `Σ_{i∈C_y} revenue_i(y) / Σ_{i∈C_y} revenue_i(y−1)`; "
        "revenue is all kinds booked to the customer in the model year; years with a zero "
        "denominator are skipped",
    ),
    Metric(
        "cost", "currency", "Cost", "million {currency}", 1e6, "`Σ_weeks cost` over all cost kinds"
    ),
    Metric("profit", "currency", "Profit", "million {currency}", 1e6, "`revenue − cost`"),
    Metric(
        "win_rate", "share", "Win rate", "% of closed deals", 0.01,
        "`Σ wins / Σ (wins + losses)` over opportunities closed in the horizon",
    ),
    Metric(
        "believer_share", "share", "Believers at the end", "% of employees", 0.01,
        "in the last week, active employees with `belief > culture.believer_threshold` over all "
        "active employees (leaders and managers included)",
    ),
    Metric(
        "employee_turnover", "per year", "Employee turnover", "% of head-count per year", 0.01,
        "`(Σ quits + Σ exits + Σ layoffs) / Y / mean_weeks(headcount)` (the head-count includes "
        "leaders and managers)",
    ),
    Metric(
        "customers", "customers", "Customers at the end", "customers", 1.0,
        "active customers at the end (including those in delivery)",
        whole=True,
    ),
    Metric(
        "delivery_delay", "weeks", "Delivery delay", "weeks", 1.0,
        "`Σ delivery_weeks / Σ delivered`, with an order's time `week_delivered + 1 − week_won`, "
        "over new **and** upsell orders",
    ),
    Metric(
        "delivery_delay_final_year", "weeks", "Delivery delay, final year", "weeks", 1.0,
        "the same over the orders delivered in the last 52 weeks (a runaway queue shows here "
        "first)",
    ),
    Metric(
        "open_orders_final", "orders", "Open orders at the end", "orders", 1.0,
        "`open_orders` in the last week (waiting for hand-offs or engineering)",
        whole=True,
    ),
    Metric(
        "orders_cancelled", "orders", "Cancelled orders", "orders", 1.0,
        "`Σ orders_cancelled + Σ upsells_cancelled` (cancelled by customers who waited too long; "
        "not those cancelled by churn)",
        whole=True,
    ),
    Metric(
        "mean_belief", "belief", "Mean belief at the end", "belief, 0 to 1", 1.0,
        "mean belief of active employees in the last week",
    ),
)

#: Each summary metric by name.
METRICS: dict[str, Metric] = {metric.name: metric for metric in SUMMARY}


# --- how every table writes a number -------------------------------------------------------------

#: Units whose values are fractions (0.95), written in per cent (``95.0 %``); a difference of
#: two of them is in percentage points (``+1.2 pp``).
PERCENT_UNITS = frozenset({"share", "ratio", "per year"})
#: What a ``*`` beside a number means, said under every table that has one.
STAR_NOTE = "* = the 95 % interval of the difference excludes 0"


def format_number(value: float | None, unit: str = "", difference: bool = False) -> str:
    """A number as every table writes it (compare, explain, sweeps, experiments, sensitivity).

    - ``currency``: in millions with two decimals from 1M (``1,234.57M``, ``41.20M``), else in
      thousands with one decimal (``318.4k``, ``-9.7k``), below a thousand whole (``500``);
    - :data:`PERCENT_UNITS` (``share``, ``ratio``, ``per year``): in per cent with one decimal
      (``95.3 %``); a difference in percentage points (``+1.2 pp``);
    - any other unit (weeks, counts, belief): three significant digits (``12.3``, ``5.00``), but
      no digit of a number's whole part is dropped (``1,234``, not ``1.23e+03``) and below 1 three
      decimals (``0.953``, ``0.004``: a difference of a few thousandths of a week reads as such).

    A difference carries its sign (``+6.61M``, ``-0.4 pp``); a number that rounds to zero has
    none, and exactly zero is ``0`` in every unit. An undefined number (None, NaN) is ``-``.

    Args:
        value: The number, in the model's units (currency units; shares as 0..1 fractions).
        unit: Its :attr:`Metric.unit` (or any other word: then three significant digits).
        difference: Whether it is a difference of two values (signed; shares in points).
    """
    if value is None or not math.isfinite(value):
        return "-"
    if value == 0:
        return "0"
    magnitude = abs(value)
    if unit == "currency":
        if magnitude >= 999_995:
            body = f"{magnitude / 1e6:,.2f}M"
        elif magnitude >= 999.95:
            body = f"{magnitude / 1e3:,.1f}k"
        else:
            body = f"{magnitude:,.0f}"
    elif unit in PERCENT_UNITS:
        body = f"{100 * magnitude:.1f}" + (" pp" if difference else " %")
    elif magnitude >= 999.5:
        body = f"{magnitude:,.0f}"
    elif magnitude < 0.9995:
        body = f"{magnitude:.3f}"
    else:
        body = f"{magnitude:#.3g}".rstrip(".")
    if not any(c in "123456789" for c in body.split(" ")[0].rstrip("Mk")):
        return body  # rounds to zero: no sign
    if value < 0:
        return f"-{body}"
    return f"+{body}" if difference else body


def format_interval(
    value: float | None,
    low: float | None,
    high: float | None,
    unit: str = "",
    difference: bool = False,
) -> str:
    """``41.20M [38.10M, 44.30M]``; a difference ``+6.61M* [5.21M, 8.13M]``.

    The ``*`` (:data:`STAR_NOTE`) marks only a difference whose interval lies wholly on one
    side of 0, never a plain mean. Numbers are written by :func:`format_number` (the ends of a
    difference's interval in its unit, signed only when negative); an undefined value is ``-``.
    """
    text = format_number(value, unit, difference)
    if text == "-":
        return text
    star = difference and _one_side_of_zero(low, high)

    def end(x: float | None) -> str:
        return format_number(x, unit, difference).removeprefix("+")

    return f"{text}{'*' if star else ''} [{end(low)}, {end(high)}]"


def _one_side_of_zero(low: float | None, high: float | None) -> bool:
    """Whether an interval lies wholly on one side of 0 (an undefined end: no)."""
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return False
    return low > 0 or high < 0
