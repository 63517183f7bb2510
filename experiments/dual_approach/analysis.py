"""dual_approach: top-down alone, grassroots alone, both; their interaction and how long each lasts.

``findings`` pairs each approach with neither on the same seeds, computes the interaction
(both - top-down - grassroots + neither, per seed) with its interval, and follows each effect
year by year: the paired difference in yearly profit and in believer share at each year's end,
and how much of the team's way of working is still practised. ``figure`` draws the yearly
effects. Run on an experiment's output directory:
``python experiments/dual_approach/analysis.py DIR [--figure PNG]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = str(Path(__file__).resolve().parents[2])
if __name__ == "__main__" and ROOT not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, ROOT)

from salesculture.sim.study.findings import (  # noqa: E402
    Findings,
    contrasts,
    interval,
    markdown,
    of,
    per_seed,
    yearly,
)

LEAD, PROCESS = "leadership", "process"
NEITHER = ("neither", {LEAD: "sales_driven", PROCESS: "siloed"})
APPROACHES = [
    ("top-down", {LEAD: "sales_led", PROCESS: "siloed"}),
    ("grassroots", {LEAD: "sales_driven", PROCESS: "cross_functional_team"}),
    ("both", {LEAD: "sales_led", PROCESS: "cross_functional_team"}),
]
METRICS = ("profit", "believer_share", "delivery_delay", "retention")
#: Per year: the weekly series, how a year sums it up, its unit.
YEARLY = (("profit", "sum", "currency"), ("believer_share", "last", "share"))

#: The numbers docs/experiments.md shows.
HEADLINES = (
    "profit[interaction]",
    "believer_share[interaction]",
    "profit[year 5: top-down - neither]",
    "profit[year 5: grassroots - neither]",
    "team_practice[year 5: both - grassroots]",
)


#: The headline contrasts the README explains channel by channel (``salesculture explain``).
EXPLAIN = [(f"{label} against {NEITHER[0]}", NEITHER[1], where) for label, where in APPROACHES]


def interaction(results: pd.DataFrame, metric: str) -> pd.Series:
    """both - top-down - grassroots + neither, per seed."""
    value = {label: per_seed(results, metric, where) for label, where in [NEITHER, *APPROACHES]}
    return value["both"] - value["top-down"] - value["grassroots"] + value["neither"]


def yearly_effects(series: pd.DataFrame, column: str, how: str) -> dict[str, pd.DataFrame]:
    """Per approach, its paired difference from neither, per seed (rows) and year (columns)."""
    base = yearly(series, NEITHER[1], column, how)
    return {label: yearly(series, where, column, how) - base for label, where in APPROACHES}


def findings(results: pd.DataFrame, series: pd.DataFrame) -> Findings:
    """Effects, the interaction, and the effects year by year."""
    body, numbers = contrasts(
        results,
        NEITHER,
        APPROACHES,
        METRICS,
        {
            "both": METRICS,
            "top-down": ("profit", "believer_share"),
            "grassroots": ("profit", "delivery_delay"),
        },
    )
    row = ["interaction"]
    for metric in METRICS:
        what = f"{metric}: both - top-down - grassroots + neither, per seed"
        number = of(interaction(results, metric).dropna().to_numpy(), body_unit(metric), what)
        row.append(interval(number))
        numbers[f"{metric}[interaction]"] = number
    body.append(row)
    tables = [markdown(["approach", *METRICS], body)]
    for column, how, unit in YEARLY:
        effects = yearly_effects(series, column, how)
        years = list(next(iter(effects.values())).columns)
        lines = []
        for label, frame in effects.items():
            cells = [interval(of(frame[y].to_numpy(), unit, "")) for y in years]
            lines.append([label, *cells])
            last = of(
                frame[years[-1]].to_numpy(),
                unit,
                f"{column} in year {years[-1]} ({how}): {label} minus neither",
            )
            numbers[f"{column}[year {years[-1]}: {label} - neither]"] = last
        tables.append(
            markdown(
                [
                    f"{column} ({'per year' if how == 'sum' else 'at year end'})",
                    *(f"year {y}" for y in years),
                ],
                lines,
            )
        )
    practice = {
        label: yearly(series, where, "team_practice", "mean") for label, where in APPROACHES[1:]
    }
    years = list(practice["both"].columns)
    lines = [
        [label, *(interval(of(frame[y].to_numpy(), "share", ""), sign=False) for y in years)]
        for label, frame in practice.items()
    ]
    tables.append(
        markdown(["team practice (mean of the year)", *(f"year {y}" for y in years)], lines)
    )
    kept = practice["both"][years[-1]] - practice["grassroots"][years[-1]]
    numbers[f"team_practice[year {years[-1]}: both - grassroots]"] = of(
        kept.to_numpy(),
        "share",
        "share of orders processed the team's way in the final year: with top-down minus without",
    )
    notes = [
        "First table: the row 'neither' (sales-driven CEO, siloed hand-offs) holds means over "
        "seeds [95 % interval]; each approach its paired difference against it; the "
        "interaction is both - top-down - grassroots + neither per seed (positive: the two "
        "approaches are complements). Then each approach's effect year by year (profit of "
        "the year; believer share at the year's end) and the share of orders the team still "
        "processes its way (a team without top-down reinforcement reverts). `*`: the interval "
        "excludes 0. Money in currency units; shares in percentage points."
    ]
    return Findings(numbers, "\n\n".join(tables), notes)


def body_unit(metric: str) -> str:
    """The unit of a metric's difference."""
    from salesculture.sim.study.findings import UNITS

    return UNITS[metric]


def figure(results: pd.DataFrame, series: pd.DataFrame, path: Path) -> None:
    """Each approach's yearly effect on profit and believer share, and the team's practice."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from salesculture.sim.study.findings import SCALES

    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8), constrained_layout=True)
    styles = dict(zip([label for label, _ in APPROACHES], ("--", ":", "-"), strict=True))
    for ax, (column, how, unit) in zip(axes, YEARLY, strict=False):
        scale, label = SCALES[unit]
        for name, frame in yearly_effects(series, column, how).items():
            numbers = [of(frame[y].to_numpy(), unit, "") for y in frame.columns]
            ax.errorbar(
                list(frame.columns),
                [n.value / scale for n in numbers],
                yerr=[
                    [(n.value - n.low) / scale for n in numbers],
                    [(n.high - n.value) / scale for n in numbers],
                ],
                linestyle=styles[name],
                marker="o",
                capsize=3,
                label=name,
            )
        ax.axhline(0, color="grey", linewidth=0.8)
        ax.set_xlabel("year")
        ax.set_ylabel(f"Δ {column} vs neither ({label})")
        ax.set_title(f"{column} ({'of the year' if how == 'sum' else 'at year end'})")
    axes[0].legend(frameon=False)
    for name, where in APPROACHES[1:]:
        practice = yearly(series, where, "team_practice", "mean")
        axes[2].plot(
            list(practice.columns),
            practice.mean().to_numpy(),
            linestyle=styles[name],
            marker="o",
            label=name,
        )
    axes[2].set_ylim(0, 1)
    axes[2].set_xlabel("year")
    axes[2].set_ylabel("share of orders processed the team's way")
    axes[2].set_title("team practice (mean over seeds)")
    axes[2].legend(frameon=False)
    fig.savefig(path, dpi=110, format="png")
    plt.close(fig)


if __name__ == "__main__":
    from salesculture.sim.study.reproduce import analysis_main as main

    main(findings, figure, __doc__)
