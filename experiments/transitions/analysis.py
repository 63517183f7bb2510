"""transitions: hiring a sales leader mid-run; the cost on the way and the time to the new level.

Every run starts sales-driven; ``interventions`` switches leadership to ``sales_led`` at a week
(``[]``: never). ``findings`` pairs each switch with never switching on the same seeds: the cost
on the way (the lowest cumulative profit difference after the switch), the payback (weeks from
the switch until the cumulative difference is back above zero), the difference over the horizon;
and, year by year, the gap between a late switch and a switch at the start in revenue, believer
share and employee turnover (a gap whose interval holds 0 has caught up). Run on an
experiment's output directory: ``python experiments/transitions/analysis.py DIR [--figure PNG]``.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = str(Path(__file__).resolve().parents[2])
if __name__ == "__main__" and ROOT not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, ROOT)

from salesculture.sim.study.findings import Findings, interval, markdown, of, paired, rows, yearly  # noqa: E402

AXIS = "interventions"
NEVER = "[]"
#: The numbers docs/experiments.md shows.
HEADLINES = (
    "cost[switch at week 53]",
    "profit[switch at week 1 - never]",
    "profit[switch at week 53 - never]",
    "profit[switch at week 105 - never]",
    "revenue_gap[year 5: switch at week 53 - switch at week 1]",
    "believer_gap[year 5: switch at week 53 - switch at week 1]",
)


#: The headline contrasts the README explains channel by channel (``salesculture explain``).
EXPLAIN = [
    (
        "a sales leader hired in week 53 against never",
        {AXIS: NEVER},
        {AXIS: "[{week:53,leadership:sales_led}]"},
    )
]


def switch_week(text: str) -> int | None:
    """The week of a run's switch, from its ``interventions`` value (None: never)."""
    found = re.search(r"week:\s*(\d+)", str(text))
    return int(found.group(1)) if found else None


def switches(results: pd.DataFrame) -> dict[int, str]:
    """Each switch week of the design and its ``interventions`` value, in order."""
    found = {switch_week(v): v for v in results[AXIS].unique()}
    return {week: found[week] for week in sorted(w for w in found if w is not None)}


def cumulative_profit(series: pd.DataFrame, value: str) -> pd.DataFrame:
    """Cumulative weekly profit difference from never switching: seeds (rows) by week."""

    def weekly(where: str) -> pd.DataFrame:
        return rows(series, {AXIS: where}).pivot(index="seed", columns="week", values="profit")

    return (weekly(value) - weekly(NEVER)).cumsum(axis=1)


def dip_and_payback(cumulative: pd.DataFrame, week: int) -> tuple[np.ndarray, np.ndarray]:
    """Per seed: the lowest cumulative difference from ``week`` on, and the weeks until it is
    back at or above zero after that low (NaN: not within the horizon)."""
    after = cumulative.loc[:, cumulative.columns >= week]
    dips = np.minimum(after.min(axis=1).to_numpy(), 0.0)
    paybacks = []
    for _, path in after.iterrows():
        low = int(np.argmin(path.to_numpy()))
        back = np.nonzero(path.to_numpy()[low:] >= 0)[0]
        paybacks.append(path.index[low + back[0]] - week if len(back) else math.nan)
    return dips, np.asarray(paybacks, dtype=float)


def findings(results: pd.DataFrame, series: pd.DataFrame) -> Findings:
    """The cost and payback of each switch, and its gap to switching at the start, per year."""
    numbers, body = {}, []
    first = min(switches(results))
    for week, value in switches(results).items():
        label = f"switch at week {week}"
        dips, paybacks = dip_and_payback(cumulative_profit(series, value), week)
        cost = of(dips, "currency", f"lowest cumulative profit difference after the {label}")
        numbers[f"cost[{label}]"] = cost
        paid = paybacks[np.isfinite(paybacks)]
        payback = of(paid, "weeks", f"weeks from the {label} until cumulative profit is back")
        if len(paid) == len(paybacks) and len(paid):
            numbers[f"payback_weeks[{label}]"] = payback
        row = [
            label,
            interval(cost),
            f"{interval(payback, sign=False)} ({len(paid)} of {len(paybacks)} seeds)",
        ]
        for metric in ("profit", "believer_share", "employee_turnover"):
            diff = paired(
                results, metric, {AXIS: NEVER}, {AXIS: value}, f"{metric}: {label} minus never"
            )
            numbers[f"{metric}[{label} - never]"] = diff
            row.append(interval(diff))
        body.append(row)
    header = [
        "switch",
        "cost on the way",
        "payback (weeks)",
        "Δ profit",
        "Δ believer share",
        "Δ turnover",
    ]
    tables = [markdown(header, body)]
    for column, how, unit, name in (
        ("revenue", "sum", "currency", "revenue_gap"),
        ("believer_share", "last", "share", "believer_gap"),
        ("separations", "sum", "separations", "separations_gap"),
    ):
        start = yearly(series, {AXIS: switches(results)[first]}, column, how)
        lines = []
        for week, value in switches(results).items():
            if week == first:
                continue
            gap = yearly(series, {AXIS: value}, column, how) - start
            cells = [interval(of(gap[y].to_numpy(), unit, "")) for y in gap.columns]
            lines.append([f"switch at week {week}", *cells])
            last = gap.columns[-1]
            numbers[f"{name}[year {last}: switch at week {week} - switch at week {first}]"] = of(
                gap[last].to_numpy(),
                unit,
                f"{column} in year {last}: switch at week {week} minus at week {first}",
            )
        years = list(start.columns)
        title = f"{column} ({'of the year' if how == 'sum' else 'at year end'}) vs week {first}"
        tables.append(markdown([title, *(f"year {y}" for y in years)], lines))
    notes = [
        "Every run starts sales-driven; a switch installs sales-led leadership at its week (the "
        "leader is hired after the usual vacancy time). First table: against never switching, "
        "paired by seed: the lowest cumulative profit difference after the switch (the cost on "
        "the way), the weeks from the switch until that difference is back at zero, and the "
        "differences over the horizon. Then the gap of each later switch to the switch at the "
        "start, year by year: a gap whose interval holds 0 has caught up. Mean over seeds [95 % "
        "interval], `*`: excludes 0. Money in currency units; shares in percentage points; "
        "separations per year."
    ]
    return Findings(numbers, "\n\n".join(tables), notes)


def figure(results: pd.DataFrame, series: pd.DataFrame, path: Path) -> None:
    """Cumulative profit difference from never switching, per switch, over the weeks."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4), constrained_layout=True)
    for week, value in switches(results).items():
        cumulative = cumulative_profit(series, value) / 1e6
        mean = cumulative.mean(axis=0)
        low, high = cumulative.quantile(0.1, axis=0), cumulative.quantile(0.9, axis=0)
        line = ax.plot(mean.index, mean.to_numpy(), label=f"switch at week {week}")[0]
        ax.fill_between(
            mean.index, low.to_numpy(), high.to_numpy(), color=line.get_color(), alpha=0.15
        )
        ax.axvline(week, color=line.get_color(), linewidth=0.8, linestyle=":")
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_xlabel("week")
    ax.set_ylabel("cumulative Δ profit vs never (million currency units)")
    ax.set_title("Hiring a sales leader: mean over seeds, band 10th-90th percentile")
    ax.legend(frameon=False)
    fig.savefig(path, dpi=110, format="png")
    plt.close(fig)


if __name__ == "__main__":
    from salesculture.sim.study.reproduce import analysis_main as main

    main(findings, figure, __doc__)
