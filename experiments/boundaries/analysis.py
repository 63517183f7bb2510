"""boundaries: deals orchestrated within boundaries against a company run by its salespeople.

``findings`` pairs ``run_by_sales`` with ``strict`` boundaries on the same seeds, once where only
salespeople sell and once where everybody sells; ``figure`` draws the differences. Run on an
experiment's output directory: ``python experiments/boundaries/analysis.py DIR [--figure PNG]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = str(Path(__file__).resolve().parents[2])
if __name__ == "__main__" and ROOT not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, ROOT)

from salesculture.sim.study.findings import Findings, contrasts, difference_figure, markdown  # noqa: E402

PAY, AXIS = "incentives", "boundaries"
CULTURES = (("salespeople sell", "outcome_only"), ("everybody sells", "everybody_sells"))
METRICS = ("profit", "revenue", "win_rate", "retention", "delivery_delay", "cost")
HEADLINE = ("profit", "win_rate", "retention", "delivery_delay")

#: The numbers docs/experiments.md shows.
HEADLINES = (
    "profit[run by sales, salespeople sell - strict, salespeople sell]",
    "profit[run by sales, everybody sells - strict, everybody sells]",
    "delivery_delay[run by sales, salespeople sell - strict, salespeople sell]",
)


#: The headline contrasts the README explains channel by channel (``salesculture explain``).
EXPLAIN = [
    (
        f"run_by_sales against strict, {label}",
        {PAY: pay, AXIS: "strict"},
        {PAY: pay, AXIS: "run_by_sales"},
    )
    for label, pay in CULTURES
]


def findings(results: pd.DataFrame, series: pd.DataFrame) -> Findings:
    """In each culture, run by salespeople against strict boundaries."""
    numbers, tables = {}, []
    for culture, pay in CULTURES:
        reference = (f"strict, {culture}", {PAY: pay, AXIS: "strict"})
        other = [(f"run by sales, {culture}", {PAY: pay, AXIS: "run_by_sales"})]
        body, found = contrasts(results, reference, other, METRICS, {other[0][0]: HEADLINE})
        numbers.update(found)
        tables.append(markdown(["boundaries", *METRICS], body))
    notes = [
        "In each table the first row (strict boundaries) holds means over seeds [95 % "
        "interval]; the second the paired difference of a company run by its salespeople "
        "(`*`: the interval excludes 0). Money in currency units over the horizon; shares in "
        "percentage points; delay in weeks from a won order to its delivery."
    ]
    return Findings(numbers, "\n\n".join(tables), notes)


def figure(results: pd.DataFrame, series: pd.DataFrame, path: Path) -> None:
    """Run by salespeople against strict boundaries, in both cultures (paired by seed)."""
    reference = ("strict", {PAY: "outcome_only", AXIS: "strict"})
    others = [
        ("run by sales", {PAY: "outcome_only", AXIS: "run_by_sales"}),
        ("everybody sells, strict", {PAY: "everybody_sells", AXIS: "strict"}),
        ("everybody sells, run by sales", {PAY: "everybody_sells", AXIS: "run_by_sales"}),
    ]
    difference_figure(results, reference, others, HEADLINE, path, "boundaries")


if __name__ == "__main__":
    from salesculture.sim.study.reproduce import analysis_main as main

    main(findings, figure, __doc__)
