"""non_believers: exiting non-believers at thresholds and cadences, with pay and hiring screens.

The reference keeps everyone: no review within the horizon, no screen, commissions only.
``findings`` pairs every other configuration with it on the same seeds; ``figure`` draws the
differences in believer share and profit. Run on an experiment's output directory:
``python experiments/non_believers/analysis.py DIR [--figure PNG]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = str(Path(__file__).resolve().parents[2])
if __name__ == "__main__" and ROOT not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, ROOT)

from salesculture.sim.study.findings import Findings, contrasts, difference_figure, markdown  # noqa: E402

CADENCE, THRESHOLD = "people.review_interval_weeks", "people.exit_threshold"
SCREEN, PAY = "people.screen_hires", "incentives"
NEVER = 520  #: a review cadence longer than the horizon: nobody is reviewed
METRICS = ("believer_share", "profit", "revenue", "employee_turnover", "retention")
HEADLINE = ("believer_share", "profit")

#: The numbers docs/experiments.md shows.
HEADLINES = (
    "believer_share[exit < 0.4 every 26w - no reviews]",
    "profit[exit < 0.4 every 26w - no reviews]",
    "believer_share[no reviews, values pay - no reviews]",
    "believer_share[exit < 0.4 every 26w, screen < 0.4, values pay - no reviews]",
    "profit[exit < 0.4 every 26w, screen < 0.4, values pay - no reviews]",
)


#: The headline contrasts the README explains channel by channel (``salesculture explain``).
EXPLAIN = [
    (
        "a yearly review at threshold 0.4 against no review (commissions, no screen)",
        {CADENCE: NEVER, THRESHOLD: 0.4, SCREEN: False, PAY: "outcome_only"},
        {CADENCE: 52, THRESHOLD: 0.4, SCREEN: False, PAY: "outcome_only"},
    )
]


def _name(row: pd.Series) -> str:
    reviews = (
        "no reviews"
        if row[CADENCE] >= NEVER
        else f"exit < {row[THRESHOLD]:g} every {row[CADENCE]}w"
    )
    screen = f", screen < {row[THRESHOLD]:g}" if row[SCREEN] else ""
    pay = ", values pay" if row[PAY] == "values_based" else ""
    return reviews + screen + pay


def configurations(results: pd.DataFrame) -> tuple[tuple, list[tuple]]:
    """The reference (keep everyone) and every other distinct configuration, labelled."""
    keys = [CADENCE, THRESHOLD, SCREEN, PAY]
    distinct = (
        results[keys].drop_duplicates().sort_values(keys, ascending=[False, True, True, True])
    )
    labelled = {}
    for _, row in distinct.iterrows():
        labelled.setdefault(_name(row), {k: row[k] for k in keys})  # one row per behaviour
    reference = next(
        (label, where)
        for label, where in labelled.items()
        if where[CADENCE] >= NEVER and not where[SCREEN] and where[PAY] == "outcome_only"
    )
    return reference, [(label, w) for label, w in labelled.items() if label != reference[0]]


def findings(results: pd.DataFrame, series: pd.DataFrame) -> Findings:
    """Every configuration against keeping everyone, paired by seed."""
    reference, others = configurations(results)
    headline = {label: HEADLINE for label, _ in others}
    body, numbers = contrasts(results, reference, others, METRICS, headline)
    notes = [
        "The first row (keep everyone: no review within the horizon, no hiring screen, "
        "commissions only) holds means over seeds [95 % interval]; every other row its paired "
        "difference against it (`*`: the interval excludes 0). Rows without reviews or screens "
        "do not depend on the threshold and are shown once. Money in currency units over the "
        "horizon; shares in percentage points; turnover in separations per head per year."
    ]
    return Findings(numbers, markdown(["policy", *METRICS], body), notes)


def figure(results: pd.DataFrame, series: pd.DataFrame, path: Path) -> None:
    """Believer share and profit of every policy against keeping everyone."""
    reference, others = configurations(results)
    difference_figure(results, reference, others, HEADLINE, path, "non-believers")


if __name__ == "__main__":
    from salesculture.sim.study.reproduce import analysis_main as main

    main(findings, figure, __doc__)
