"""What an experiment's analysis script is made of: headline numbers with intervals, tables.

An analysis script (``experiments/NAME/analysis.py``) defines ``findings(results, series)``,
returning :class:`Findings`, and ``figure(results, series, path)``. ``results`` has one row per
run (the columns of a sweep's ``results.parquet``: every swept key, ``seed`` and every summary
metric); ``series`` one row per run and week (the swept keys, ``seed``, ``week`` and the weekly
series of :data:`sim.study.reproduce.SERIES`).

A headline number is a mean over seeds with its 95 % Student-t interval; where the question is a
comparison it is a paired difference (same seed, so the same customers and luck). Its tolerance
for a reproduction is the half-width of that interval: a reproduced number inside it is one the
experiment's own seed-to-seed spread could give.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from salesculture.sim.runs.stats import mean_interval
from salesculture.sim.world.metricdefs import STAR_NOTE, SUMMARY, format_interval, format_number

#: The smallest tolerance, relative to the number (a number equal on every seed has no spread).
RELATIVE_FLOOR = 1e-6
ABSOLUTE_FLOOR = 1e-9


@dataclass
class Number:
    """A headline number: a mean over seeds and its 95 % interval."""

    value: float
    low: float
    high: float
    unit: str  #: e.g. ``currency``, ``share``, ``points``, ``weeks``
    what: str  #: one line: what it measures

    @property
    def difference(self) -> bool:
        """Whether it is a difference of two configurations (as its description says).

        A difference is written signed, shares in percentage points, with a ``*`` where its
        interval excludes zero; a plain mean (a level, a share of points, a week) is not.
        """
        what = self.what.lower()
        return " minus " in what or "difference" in what or " - " in what

    @property
    def tolerance(self) -> float:
        """Half-width of the 95 % interval (floored), the reproduction's allowed distance."""
        half = (self.high - self.low) / 2 if math.isfinite(self.high - self.low) else 0.0
        return max(half, ABSOLUTE_FLOOR + RELATIVE_FLOOR * abs(self.value))

    def record(self) -> dict[str, Any]:
        """The number as ``expected.json`` keeps it."""

        def finite(x: float) -> float | None:  # JSON has no NaN
            return x if math.isfinite(x) else None

        return {
            "value": finite(self.value),
            "tolerance": self.tolerance,
            "ci_low": finite(self.low),
            "ci_high": finite(self.high),
            "unit": self.unit,
            "what": self.what,
        }


@dataclass
class Findings:
    """An experiment's headline numbers and its result table (Markdown)."""

    numbers: dict[str, Number]
    table: str
    notes: list[str] = field(default_factory=list)  #: lines printed under the table


def of(values: np.ndarray | pd.Series, unit: str, what: str) -> Number:
    """The mean of per-seed ``values`` and its 95 % t-interval."""
    mean, low, high = mean_interval(np.asarray(values, dtype=float))
    return Number(mean, low, high, unit, what)


def rows(frame: pd.DataFrame, where: Mapping[str, Any]) -> pd.DataFrame:
    """The rows of ``frame`` whose columns equal ``where``'s values (keys may hold dots)."""
    mask = np.ones(len(frame), dtype=bool)
    for key, value in where.items():
        mask &= (frame[key] == value).to_numpy()
    return frame[mask]


def per_seed(results: pd.DataFrame, metric: str, where: Mapping[str, Any]) -> pd.Series:
    """``metric`` of the runs matching ``where``, indexed by seed."""
    return rows(results, where).set_index("seed")[metric].astype(float)


def paired(
    results: pd.DataFrame,
    metric: str,
    reference: Mapping[str, Any],
    other: Mapping[str, Any],
    what: str,
    unit: str = "",
) -> Number:
    """``other - reference`` of ``metric``, paired by seed, with its 95 % interval."""
    diff = (per_seed(results, metric, other) - per_seed(results, metric, reference)).dropna()
    return of(diff.to_numpy(), unit or UNITS.get(metric, ""), what)


#: The unit of each summary metric as a headline number states it (:mod:`sim.world.metricdefs`).
UNITS = {metric.name: metric.unit for metric in SUMMARY}


def text(value: float | None, unit: str = "", sign: bool = False) -> str:
    """A number as every table writes it (:func:`sim.world.metricdefs.format_number`).

    ``sign``: the number is a difference (signed; shares in percentage points).
    """
    return format_number(value, unit, difference=sign)


def interval(number: Number, sign: bool = True) -> str:
    """``+1.23M* [0.90M, 1.56M]`` (:func:`sim.world.metricdefs.format_interval`).

    Args:
        number: The mean and its interval.
        sign: Whether it is a difference: signed, shares in percentage points, and a ``*``
            where its interval excludes zero. A plain mean (``False``) never carries a ``*``.
    """
    return format_interval(number.value, number.low, number.high, number.unit, difference=sign)


def markdown(header: list[str], body: list[list[str]]) -> str:
    """A Markdown table, with the footnote that says what a ``*`` means."""
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join([*lines, "", FOOTNOTE])


#: :data:`sim.world.metricdefs.STAR_NOTE` as Markdown writes it (a bare ``*`` starts a list).
FOOTNOTE = STAR_NOTE.replace("*", "\\*", 1)


def contrasts(
    results: pd.DataFrame,
    reference: tuple[str, Mapping[str, Any]],
    others: list[tuple[str, Mapping[str, Any]]],
    metrics: tuple[str, ...],
    headline: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[list[list[str]], dict[str, Number]]:
    """Rows of paired differences against ``reference``, and the headline numbers among them.

    Args:
        results: The runs' table.
        reference: The reference configuration's label and its column values.
        others: Each other configuration's label and column values.
        metrics: The metrics of the table's columns.
        headline: Per label, the metrics whose difference is a headline number (default: all),
            named ``metric[label - reference label]``.

    Returns:
        One row per configuration (label, then each metric's difference and interval; the
        reference row holds its means), and the headline numbers.
    """
    name, where = reference
    body = [
        [name, *(interval(of(per_seed(results, m, where), UNITS[m], m), False) for m in metrics)]
    ]
    numbers = {}
    for label, mine in others:
        row = [label]
        for metric in metrics:
            what = f"{metric}: {label} minus {name}, paired by seed"
            diff = paired(results, metric, where, mine, what)
            row.append(interval(diff))
            wanted = headline is None or metric in headline.get(label, ())
            if wanted and math.isfinite(diff.value):  # an undefined metric is no headline
                numbers[f"{metric}[{label} - {name}]"] = diff
        body.append(row)
    return body, numbers


def difference_figure(
    results: pd.DataFrame,
    reference: tuple[str, Mapping[str, Any]],
    others: list[tuple[str, Mapping[str, Any]]],
    metrics: tuple[str, ...],
    path: Path,
    title: str,
) -> None:
    """One panel per metric: each configuration's paired difference against the reference."""
    from salesculture.sim.views.backend import draw_to_files

    draw_to_files()
    import matplotlib.pyplot as plt

    labels = max(len(name) for name, _ in others)
    fig, axes = plt.subplots(
        1,
        len(metrics),
        figsize=(0.075 * labels + 2.8 * len(metrics), 0.4 * len(others) + 1.8),
        squeeze=False,
        sharey=True,
        constrained_layout=True,
    )
    for ax, metric in zip(axes[0], metrics, strict=True):
        unit = UNITS[metric]
        scale, label = SCALES.get(unit, (1.0, unit))
        for i, (_, where) in enumerate(others):
            diff = paired(results, metric, reference[1], where, "")
            ax.errorbar(
                diff.value / scale,
                i,
                xerr=[[(diff.value - diff.low) / scale], [(diff.high - diff.value) / scale]],
                fmt="o",
                color="black",
                capsize=3,
            )
        ax.axvline(0, color="grey", linewidth=0.8)
        ax.set_yticks(range(len(others)), [name for name, _ in others])
        ax.set_xlabel(f"Δ {metric}\n({label})")
    axes[0][0].invert_yaxis()  # shared: the first configuration on top
    fig.suptitle(f"{title}: paired difference against {reference[0]}, mean and 95 % interval")
    fig.savefig(path, dpi=110, format="png")
    plt.close(fig)


#: How a figure scales a unit: (divisor, axis label).
SCALES = {
    "currency": (1e6, "million currency units"),
    "share": (0.01, "percentage points"),
}


def yearly(series: pd.DataFrame, where: Mapping[str, Any], column: str, how: str) -> pd.DataFrame:
    """A weekly series per seed and year: its ``sum``, ``mean`` or ``last`` value of each year.

    Returns:
        One row per seed, one column per year (1, 2, ...).
    """
    from salesculture.sim.config.rates import WEEKS_PER_YEAR

    mine = rows(series, where)
    year = (mine["week"] - 1) // WEEKS_PER_YEAR + 1
    grouped = mine.assign(year=year).groupby(["seed", "year"])[column]
    values = {"sum": grouped.sum, "mean": grouped.mean, "last": grouped.last}[how]()
    return values.unstack("year")
