"""Panels that figures are made of: one function per kind of panel, each drawing on one Axes.

The CLI's figures (:mod:`sim.views.plots`) and the live page compose these; colours, styles, names
and units come from :mod:`sim.views.vocabulary`. Each function draws one panel and labels its axes.

- :func:`draw_trajectories`: a weekly series over time, median and 10-90 % band over seeds;
- :func:`draw_legend`: the rows' names and line styles, in a panel of their own;
- :func:`draw_difference`: one metric's paired difference against the reference, per row, with
  its numbers written beside it;
- :func:`draw_against_value`: one metric's mean and interval against a swept numeric value.

Every line drawn carries the name of its row (``label``), which the legend panel lists, and the
name of the quantity it shows (``gid``: a column of :data:`~sim.views.vocabulary.SERIES` or a
metric of :data:`~sim.views.vocabulary.METRICS`), so that one panel shows one quantity.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from salesculture.sim.config.labels import UNDEFINED
from salesculture.sim.config.rates import WEEKS_PER_YEAR
from salesculture.sim.views.vocabulary import (
    CURRENCY,
    MANY,
    METRICS,
    SERIES,
    LineStyle,
    NumericAxis,
    legend_names,
    line_styles,
    parameter_label,
    preset_of,
)
from salesculture.sim.world.metricdefs import METRICS as DECLARED
from salesculture.sim.world.metricdefs import format_interval

#: Opacity of the band between the 10th and 90th percentile over seeds.
BAND_ALPHA = 0.15
#: The line of a parameter swept alone.
ALONE = LineStyle(color="#000000", linestyle="-", linewidth=2.4, zorder=3.0)
#: Marker size of a mean (points).
DOT = 10.0
#: Size of the numbers written beside a difference (points).
VALUE_SIZE = 14
#: Where intervals and dots of differences are drawn (above the grid and the zero line).
Z_INTERVAL = 5.0


def _value(row: Mapping[str, object] | None, field: str) -> float:
    value = None if row is None else row.get(field)
    return float(value) if value is not None else np.nan


def _empty(ax: Axes, text: str, value_axis: str) -> None:
    """Say in an empty panel why it is empty; its value axis has no ticks to misread."""
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", color="0.4")
    (ax.set_yticks if value_axis == "y" else ax.set_xticks)([])


def _rows_of(rows: Sequence[Mapping[str, object]], metric: str) -> dict[str, Mapping]:
    """The result rows of ``metric``, by row label (``scenario``)."""
    return {str(r["scenario"]): r for r in rows if r["metric"] == metric}


def _by_week_and_seed(weekly: pd.DataFrame, series: str, by: str, label: str) -> pd.DataFrame:
    """One row's ``series`` as a table, a row per week and a column per seed.

    A frame without ``by`` is one row's; without ``seed``, one seed's (a single live model);
    with ``draw`` (``compare --company``), a column per draw and seed.
    """
    mine = weekly[weekly[by] == label] if by in weekly.columns else weekly
    seeds = mine["seed"] if "seed" in mine.columns else pd.Series(0, index=mine.index)
    runs = ["draw", "seed"] if "draw" in mine.columns else "seed"
    return mine.assign(seed=seeds).pivot(index="week", columns=runs, values=series)


def draw_trajectories(
    ax: Axes,
    weekly: pd.DataFrame,
    series: str,
    labels: Sequence[str] | None = None,
    *,
    reference: str | None = None,
    styles: Mapping[str, LineStyle] | None = None,
    currency: str = CURRENCY,
    by: str = "scenario",
) -> None:
    """A weekly series per row: the median over seeds as a line and the 10-90 % band.

    Every row keeps its colour (:func:`~sim.views.vocabulary.line_styles`); with more than
    :data:`~sim.views.vocabulary.MANY` rows the bands are left out, so the lines stay legible.

    Args:
        ax: Where to draw.
        weekly: Columns ``week``, ``series``, ``seed`` and ``by``: one line per week, seed and
            row (without ``seed``: one seed; without ``by``: the one row of ``labels``).
        series: A column of :data:`~sim.views.vocabulary.SERIES`.
        labels: The rows to draw, in order (default: all, in order of appearance).
        reference: The row drawn thicker and on top (default: the first).
        styles: Each row's style (default: :func:`~sim.views.vocabulary.line_styles` of ``labels``).
        currency: The name of the money unit.
        by: The column naming the row.
    """
    quantity = SERIES[series]
    if labels is None:
        labels = list(dict.fromkeys(weekly[by])) if by in weekly.columns else [""]
    labels = list(labels)
    reference = reference if reference is not None else (labels[0] if labels else None)
    styles = styles or line_styles(labels, reference=reference)
    many = len(labels) > MANY
    drawn = False
    for label in labels:
        wide = _by_week_and_seed(weekly, series, by, label)
        if quantity.smooth_weeks > 1:
            wide = wide.rolling(quantity.smooth_weeks, min_periods=1).mean()
        values = wide.to_numpy(dtype=float) / quantity.scale
        if not np.isfinite(values).any():
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # weeks before a series is defined
            low, median, high = np.nanpercentile(values, [10, 50, 90], axis=1)
        years = wide.index.to_numpy(dtype=float) / WEEKS_PER_YEAR
        drawn = True
        style = styles[label]
        ax.plot(years, median, label=label, gid=series, **style.line())
        if not many:
            ax.fill_between(
                years, low, high, color=style.color, alpha=BAND_ALPHA, lw=0, zorder=1, gid=series
            )
    if len(weekly):
        ax.set_xlim(0, weekly["week"].max() / WEEKS_PER_YEAR)
    if not drawn:
        _empty(ax, "starts after\nthe first year", "y")
    ax.set_title(quantity.title)
    ax.set_ylabel(quantity.unit_in(currency))
    ax.set_xlabel("time (years)")


def draw_legend(
    ax: Axes,
    labels: Sequence[str],
    *,
    reference: str | None = None,
    styles: Mapping[str, LineStyle] | None = None,
) -> None:
    """Every row's name and line style in a panel of its own, so no legend covers data.

    The reference is marked as such; it is also the zero line of the panels of differences.
    """
    reference = reference if reference is not None else (labels[0] if labels else None)
    styles = styles or line_styles(labels, reference=reference)
    names = legend_names(labels, reference or "")
    handles = [Line2D([], [], label=names[label], **styles[label].line()) for label in labels]
    ax.axis("off")
    ax.legend(
        handles=handles,
        loc="center",
        frameon=False,
        handlelength=3.0,
        ncols=1 if len(labels) <= 2 * MANY else 2,
    )


def _category_axis(ax: Axes, labels: Sequence[str], names: bool) -> np.ndarray:
    """Rows from top to bottom on the y axis, named only where ``names`` is true."""
    positions = np.arange(len(labels), dtype=float)
    ax.set_yticks(positions, list(labels) if names else [""] * len(labels))
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.grid(False, axis="y")
    return positions


def draw_difference(
    ax: Axes,
    rows: Sequence[Mapping[str, object]],
    metric: str,
    labels: Sequence[str],
    *,
    reference: str,
    styles: Mapping[str, LineStyle] | None = None,
    currency: str = CURRENCY,
    names: bool = True,
) -> dict[str, tuple[float, float, float]]:
    """One metric's paired difference against the reference: a dot and 95 % interval per row.

    A dot is the mean difference, the line through it its 95 % interval, both in the row's
    colour; the zero line (the reference itself) is drawn in the reference's style. Beside each
    row its numbers are written as every table writes them
    (:func:`sim.world.metricdefs.format_interval`, ``*`` where the interval excludes 0). The panel
    has its own scale, so one large effect does not flatten the others.

    Args:
        ax: Where to draw.
        rows: Result rows (``Comparison.results()``): ``scenario``, ``metric``, ``diff_mean``,
            ``diff_ci_low``, ``diff_ci_high``.
        metric: A metric of :data:`~sim.views.vocabulary.METRICS`.
        labels: The rows to draw, top to bottom (not the reference).
        reference: The row differences are taken against.
        styles: Each row's style (default: :func:`~sim.views.vocabulary.line_styles`).
        currency: The name of the money unit.
        names: Whether to name the rows on the y axis (the leftmost panel of a grid).

    Returns:
        What was drawn, per row: the mean difference and its interval, in the axis' unit.
    """
    quantity = METRICS[metric]
    unit = DECLARED[metric].unit if metric in DECLARED else ""
    styles = styles or line_styles([reference, *labels], reference=reference)
    found = _rows_of(rows, metric)
    positions = _category_axis(ax, labels, names)
    beside = blended_transform_factory(ax.transAxes, ax.transData)
    drawn: dict[str, tuple[float, float, float]] = {}
    for y, label in zip(positions, labels, strict=True):
        row = found.get(label)
        mean = _value(row, "diff_mean") / quantity.scale
        if not np.isfinite(mean):
            ax.text(1.02, y, "undefined", transform=beside, va="center", color="0.4")
            continue
        low = _value(row, "diff_ci_low") / quantity.scale
        high = _value(row, "diff_ci_high") / quantity.scale
        style = styles[label]
        if np.isfinite(low) and np.isfinite(high):
            ax.hlines(y, low, high, color=style.color, linewidth=4, zorder=Z_INTERVAL, gid=metric)
        ax.plot(
            mean,
            y,
            "o",
            color=style.color,
            markeredgecolor="black",
            markersize=DOT,
            zorder=Z_INTERVAL + 1,
            label=label,
            gid=metric,
        )
        drawn[label] = (mean, low, high)
        text = format_interval(
            *(_value(row, f) for f in ("diff_mean", "diff_ci_low", "diff_ci_high")),
            unit,
            difference=True,
        )
        ax.text(1.02, y, text, transform=beside, va="center", fontsize=VALUE_SIZE)
    zero = styles.get(reference, ALONE)
    ax.axvline(
        0, color=zero.color, linewidth=2.0, zorder=Z_INTERVAL - 1, label=reference, gid=metric
    )
    ax.margins(x=0.12)
    ax.set_title(quantity.title)
    ax.set_xlabel(f"difference from {reference} ({quantity.difference_unit(currency)})")
    return drawn


def _group_name(group: str) -> str:
    """A group of rows as a legend names it: ``scenario=sales_led`` is the preset ``sales_led``."""
    preset = preset_of(group)
    return preset if preset is not None and group == f"scenario={preset}" else group


def draw_against_value(
    ax: Axes,
    rows: Sequence[Mapping[str, object]],
    metric: str,
    axis: NumericAxis,
    *,
    currency: str = CURRENCY,
) -> None:
    """One metric's mean and 95 % interval against a swept numeric value, one line per group.

    The x axis is numeric: values are placed at their size (10, 20, 40 are not evenly spaced)
    and ticked at the swept values.

    Args:
        ax: Where to draw.
        rows: Result rows (``Comparison.results()``): ``scenario``, ``metric``, ``mean``,
            ``ci_low``, ``ci_high``.
        metric: A metric of :data:`~sim.views.vocabulary.METRICS`.
        axis: The swept value of each row and the group (other swept values) it belongs to;
            a group of a preset takes its colour.
        currency: The name of the money unit.
    """
    quantity = METRICS[metric]
    found = _rows_of(rows, metric)
    if not any(np.isfinite(_value(found.get(label), "mean")) for label in axis.values):
        _empty(ax, f"undefined:\n{UNDEFINED.get(metric, 'no value')}", "y")
    groups = list(dict.fromkeys(axis.groups.values()))
    shown = {group: _group_name(group) for group in groups}
    styles = line_styles(list(shown.values()), reference="", planned=list(shown.values()))
    for group in groups:
        members = sorted(
            (v, label) for label, v in axis.values.items() if axis.groups[label] == group
        )
        x = np.array([v for v, _ in members])
        mean = np.array([_value(found.get(lab), "mean") for _, lab in members]) / quantity.scale
        low = np.array([_value(found.get(lab), "ci_low") for _, lab in members]) / quantity.scale
        high = np.array([_value(found.get(lab), "ci_high") for _, lab in members]) / quantity.scale
        style = styles[shown[group]] if group else ALONE
        below = np.where(np.isfinite(low), mean - low, 0.0)
        above = np.where(np.isfinite(high), high - mean, 0.0)
        ax.errorbar(
            x,
            mean,
            yerr=[below, above],
            marker="o",
            markersize=DOT,
            capsize=6,
            label=shown[group] or "mean and 95 % interval",
            gid=metric,
            **style.line(),
        )
    values = sorted(set(axis.values.values()))
    ax.set_xticks(values, [f"{v:g}" for v in values])
    ax.margins(x=0.08)
    ax.set_title(quantity.title)
    ax.set_ylabel(quantity.unit_in(currency))
    ax.set_xlabel(parameter_label(axis.key, currency))
