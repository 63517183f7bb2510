"""order_processing: a cross-functional team against siloed hand-offs, by customisation and demand.

``findings`` pairs the team with siloed processing in every cell of customisation and demand,
on the same seeds; ``figure`` draws the differences in delivery delay, profit and retention
against the level of customisation. Run on an experiment's output directory:
``python experiments/order_processing/analysis.py DIR [--figure PNG]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = str(Path(__file__).resolve().parents[2])
if __name__ == "__main__" and ROOT not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, ROOT)

from salesculture.sim.study.findings import Findings, interval, markdown, of, paired, per_seed  # noqa: E402

CUSTOM, DEMAND, AXIS = (
    "delivery.customisation_weeks_mean",
    "market.marketing_rate_per_year",
    "process",
)
METRICS = ("delivery_delay", "profit", "retention", "orders_cancelled")
HEADLINE = ("delivery_delay", "profit", "retention")

#: The numbers docs/experiments.md shows.
HEADLINES = (
    "delivery_delay[team - siloed, customisation=3, demand=0.13]",
    "profit[team - siloed, customisation=3, demand=0.13]",
    "delivery_delay[team - siloed, customisation=6, demand=0.26]",
    "profit[team - siloed, customisation=6, demand=0.26]",
)


#: The headline contrasts the README explains channel by channel (``salesculture explain``).
EXPLAIN = [
    (
        "a cross-functional team against siloed, customisation 3 weeks, demand 0.13",
        {CUSTOM: 3.0, DEMAND: 0.13, AXIS: "siloed"},
        {CUSTOM: 3.0, DEMAND: 0.13, AXIS: "cross_functional_team"},
    )
]


def cells(results: pd.DataFrame) -> list[tuple[float, float]]:
    """Every (customisation, demand) of the design."""
    return sorted({(c, d) for c, d in zip(results[CUSTOM], results[DEMAND], strict=True)})


def findings(results: pd.DataFrame, series: pd.DataFrame) -> Findings:
    """Per cell, siloed means and the team's paired differences."""
    numbers, body = {}, []
    for custom, demand in cells(results):
        siloed = {CUSTOM: custom, DEMAND: demand, AXIS: "siloed"}
        team = {**siloed, AXIS: "cross_functional_team"}
        delay = of(per_seed(results, "delivery_delay", siloed), "weeks", "delay")
        row = [f"{custom:g}", f"{demand:g}", interval(delay, sign=False)]
        for metric in METRICS:
            what = f"{metric}: team minus siloed at customisation {custom:g}, demand {demand:g}"
            diff = paired(results, metric, siloed, team, what)
            row.append(interval(diff))
            if metric in HEADLINE:
                numbers[f"{metric}[team - siloed, customisation={custom:g}, demand={demand:g}]"] = (
                    diff
                )
        body.append(row)
    header = ["customisation (engineer-weeks)", "demand (leads/customer-year)", "siloed delay"]
    header += [f"Δ {m}" for m in METRICS]
    notes = [
        "Siloed delay: mean weeks from a won order to delivery over seeds [95 % interval]; "
        "Δ: the cross-functional team minus siloed processing, paired by seed (`*`: the "
        "interval excludes 0). Profit in currency units over the horizon, retention in "
        "percentage points, cancelled orders over the horizon."
    ]
    return Findings(numbers, markdown(header, body), notes)


def figure(results: pd.DataFrame, series: pd.DataFrame, path: Path) -> None:
    """The team's paired differences against customisation, one line per level of demand."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from salesculture.sim.study.findings import SCALES

    fig, axes = plt.subplots(
        1, len(HEADLINE), figsize=(4 * len(HEADLINE), 3.6), constrained_layout=True
    )
    for ax, metric in zip(axes, HEADLINE, strict=True):
        for demand, style in zip(sorted(results[DEMAND].unique()), ("-", "--", ":"), strict=False):
            customs = sorted(results[CUSTOM].unique())
            diffs = [
                paired(
                    results,
                    metric,
                    {CUSTOM: c, DEMAND: demand, AXIS: "siloed"},
                    {CUSTOM: c, DEMAND: demand, AXIS: "cross_functional_team"},
                    "",
                )
                for c in customs
            ]
            scale, unit = SCALES.get(diffs[0].unit, (1.0, diffs[0].unit))
            ax.errorbar(
                customs,
                [d.value / scale for d in diffs],
                yerr=[
                    [(d.value - d.low) / scale for d in diffs],
                    [(d.high - d.value) / scale for d in diffs],
                ],
                linestyle=style,
                marker="o",
                capsize=3,
                label=f"demand {demand:g}",
            )
        ax.axhline(0, color="grey", linewidth=0.8)
        ax.set_xlabel("customisation (engineer-weeks per order)")
        ax.set_ylabel(f"Δ {metric} ({unit})")
        ax.set_title(f"{metric}: team - siloed")
    axes[0].legend(frameon=False)
    fig.savefig(path, dpi=110, format="png")
    plt.close(fig)


if __name__ == "__main__":
    from salesculture.sim.study.reproduce import analysis_main as main

    main(findings, figure, __doc__)
