"""everybody_sells: rewards for process contributions, for outcomes only, or salespeople alone.

``findings`` pairs each reward scheme with commissions for salespeople alone (``outcome_only``)
and process rewards with outcome rewards, on the same seeds; ``figure`` draws the differences.
Run on an experiment's output directory:
``python experiments/everybody_sells/analysis.py DIR [--figure PNG]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = str(Path(__file__).resolve().parents[2])
if __name__ == "__main__" and ROOT not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, ROOT)

from salesculture.sim.study.findings import Findings, contrasts, difference_figure, markdown  # noqa: E402

AXIS = "incentives"
REFERENCE = ("salespeople only", {AXIS: "outcome_only"})
OTHERS = [
    ("everybody, outcomes", {AXIS: "everybody_sells_outcomes"}),
    ("everybody, process", {AXIS: "everybody_sells"}),
]
METRICS = ("profit", "revenue", "nrr", "retention", "cost", "believer_share")
HEADLINE = ("profit", "revenue", "nrr", "believer_share")

#: The numbers docs/experiments.md shows.
HEADLINES = (
    "profit[everybody, process - salespeople only]",
    "profit[everybody, outcomes - salespeople only]",
    "profit[everybody, process - everybody, outcomes]",
)


#: The headline contrasts the README explains channel by channel (``salesculture explain``).
EXPLAIN = [(f"{label} against {REFERENCE[0]}", REFERENCE[1], where) for label, where in OTHERS]


def findings(results: pd.DataFrame, series: pd.DataFrame) -> Findings:
    """Each scheme against salespeople-only commissions, and process against outcome rewards."""
    headline = {label: HEADLINE for label, _ in OTHERS}
    body, numbers = contrasts(results, REFERENCE, OTHERS, METRICS, headline)
    rows, more = contrasts(results, OTHERS[0], OTHERS[1:], METRICS, headline)
    numbers.update(more)
    table = markdown(["rewards", *METRICS], body)
    table += "\n\n" + markdown(["rewards", *METRICS], rows)
    notes = [
        "First table: the reference row (commissions for salespeople alone) holds means over "
        "seeds [95 % interval]; the others their paired difference against it. Second table: "
        "rewarding process contributions against rewarding outcomes only. `*`: the interval "
        "excludes 0. Money in currency units over the horizon; shares in percentage points."
    ]
    return Findings(numbers, table, notes)


def figure(results: pd.DataFrame, series: pd.DataFrame, path: Path) -> None:
    """The paired differences of each scheme against salespeople-only commissions."""
    difference_figure(results, REFERENCE, OTHERS, HEADLINE, path, "everybody sells")


if __name__ == "__main__":
    from salesculture.sim.study.reproduce import analysis_main as main

    main(findings, figure, __doc__)
