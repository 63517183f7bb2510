"""leadership: sales-driven (as much, more, less spent) against sales-led, per sales-force size.

``findings`` pairs every leadership option with ``sales_driven`` on the same seed and size;
``figure`` draws the paired profit and win-rate differences against the size. Run on an
experiment's output directory: ``python experiments/leadership/analysis.py DIR [--figure PNG]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = str(Path(__file__).resolve().parents[2])
if __name__ == "__main__" and ROOT not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, ROOT)

from salesculture.sim.study.findings import Findings, interval, markdown, of, paired, per_seed  # noqa: E402

AXIS, SIZE = "leadership", "workforce.salespeople"
REFERENCE = "sales_driven"
OTHERS = ("sales_driven_overspend", "sales_driven_underspend", "sales_led")
#: Differences reported for every option, and those reported for sales_led alone.
EVERY = ("profit",)
LED_ONLY = ("revenue", "win_rate", "believer_share")

#: The numbers docs/experiments.md shows.
HEADLINES = (
    "profit[sales_led - sales_driven, salespeople=50]",
    "profit[sales_led - sales_driven, salespeople=100]",
    "profit[sales_driven_overspend - sales_driven, salespeople=50]",
    "profit[sales_driven_underspend - sales_driven, salespeople=50]",
)


#: The headline contrasts the README explains channel by channel (``salesculture explain``).
EXPLAIN = [
    (
        f"{option} against {REFERENCE}, 50 salespeople planned",
        {AXIS: REFERENCE, SIZE: 50},
        {AXIS: option, SIZE: 50},
    )
    for option in ("sales_led", "sales_driven_underspend", "sales_driven_overspend")
]


def findings(results: pd.DataFrame, series: pd.DataFrame) -> Findings:
    """Per size, each option's paired differences against ``sales_driven``."""
    numbers = {}
    body = []
    for size in sorted(results[SIZE].unique()):
        base = {AXIS: REFERENCE, SIZE: size}
        for option in (REFERENCE, *OTHERS):
            mine = {AXIS: option, SIZE: size}
            profit = of(per_seed(results, "profit", mine), "currency", "profit")
            row = [str(size), option, interval(profit, sign=False)]
            for metric in ("profit", "revenue", "win_rate", "believer_share"):
                if option == REFERENCE:
                    row.append("")
                    continue
                diff = paired(
                    results,
                    metric,
                    base,
                    mine,
                    f"{metric} of {option} minus {REFERENCE}, "
                    f"{size} salespeople planned, over the horizon",
                )
                row.append(interval(diff))
                if metric in EVERY or (option == "sales_led" and metric in LED_ONLY):
                    numbers[f"{metric}[{option} - {REFERENCE}, salespeople={size}]"] = diff
            body.append(row)
    header = [
        "salespeople planned",
        "leadership",
        "profit",
        "Δ profit",
        "Δ revenue",
        "Δ win rate",
        "Δ believer share",
    ]
    notes = [
        "Mean over seeds [95 % interval]; Δ: paired difference against sales_driven at the same "
        "size and seed (`*`: the interval excludes 0). Money in currency units over the "
        "horizon; shares in percentage points."
    ]
    return Findings(numbers, markdown(header, body), notes)


def figure(results: pd.DataFrame, series: pd.DataFrame, path: Path) -> None:
    """Paired profit and win-rate differences against sales_driven, per sales-force size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(results[SIZE].unique())
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    for ax, metric, scale, unit in (
        (axes[0], "profit", 1e6, "million currency units"),
        (axes[1], "win_rate", 0.01, "percentage points"),
    ):
        for option, style in zip(OTHERS, ("--", ":", "-"), strict=True):
            diffs = [
                paired(results, metric, {AXIS: REFERENCE, SIZE: s}, {AXIS: option, SIZE: s}, "")
                for s in sizes
            ]
            values = [d.value / scale for d in diffs]
            errors = [
                [(d.value - d.low) / scale for d in diffs],
                [(d.high - d.value) / scale for d in diffs],
            ]
            ax.errorbar(
                sizes, values, yerr=errors, linestyle=style, marker="o", capsize=3, label=option
            )
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_xscale("log")
        ax.set_xticks(sizes, [str(s) for s in sizes])
        ax.minorticks_off()
        ax.set_xlabel("salespeople planned (workforce.salespeople)")
        ax.set_ylabel(f"Δ {metric} vs {REFERENCE} ({unit})")
        ax.set_title(f"{metric} over the horizon: paired difference, 95 % interval")
    axes[0].legend(frameon=False)
    fig.savefig(path, dpi=110, format="png")
    plt.close(fig)


if __name__ == "__main__":
    from salesculture.sim.study.reproduce import analysis_main as main

    main(findings, figure, __doc__)
