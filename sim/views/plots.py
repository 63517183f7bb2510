"""The figure of a comparison (``compare --plot``, a sweep's ``report.png``).

Top: weekly trajectories of :data:`sim.runs.compare.PLOT_SERIES` (median and 10-90 % band over
seeds; the bands are left out above :data:`~sim.views.vocabulary.MANY` rows) beside a legend
panel that names every row. Below, the headline metrics (:data:`~sim.views.vocabulary.HEADLINE`):

- in a sweep over a numeric parameter (``workforce.salespeople=10,20,40``): each metric's mean
  and 95 % interval against the swept value, on a numeric axis;
- otherwise: each metric's paired difference against the first row (the reference), mean and
  95 % interval, one panel per metric on its own scale with a zero line, rows ranked by the
  difference in the first headline metric and the numbers written beside each row as the table
  writes them (``+6.61M* [5.21M, 8.13M]``).

Logo retention and net revenue retention are two quantities: each has panels of its own.

Colours, styles, names and units come from :mod:`sim.views.vocabulary`, panels from
:mod:`sim.views.panels`.
"""

from __future__ import annotations

import math
from pathlib import Path

from salesculture.sim.views.backend import draw_to_files

draw_to_files()
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure, SubFigure  # noqa: E402

from salesculture.sim.runs.companycompare import CompanyComparison  # noqa: E402
from salesculture.sim.runs.compare import PLOT_SERIES, Comparison, count  # noqa: E402
from salesculture.sim.runs.comparetable import seed_count  # noqa: E402
from salesculture.sim.runs.runfiles import atomic_write  # noqa: E402
from salesculture.sim.views.panels import (  # noqa: E402
    draw_against_value,
    draw_difference,
    draw_legend,
    draw_trajectories,
)
from salesculture.sim.views.vocabulary import (  # noqa: E402
    CURRENCY,
    HEADLINE,
    METRICS,
    NumericAxis,
    line_styles,
    numeric_axis,
    style,
)

#: Width of the figure (inches) and the height of one row of trajectory panels.
WIDTH, ROW = 22.0, 5.0
#: Panels per row below the trajectories.
COLUMNS = 3
DPI = 100


def _headline(metrics: list[str]) -> list[str]:
    """The metrics of a ranked or swept-value view: the headline ones asked for, else the first."""
    chosen = [m for m in HEADLINE if m in metrics]
    return chosen or [m for m in metrics if m in METRICS][: len(HEADLINE)]


def comparison_figure(comparison: Comparison, currency: str = CURRENCY) -> Figure:
    """The figure of a comparison or sweep (see the module docstring).

    Args:
        comparison: Its runs, weekly series and results.
        currency: The name of the money unit on the axes.

    Returns:
        The figure; the caller saves and closes it.
    """
    labels = list(comparison.scenarios)
    reference = labels[0]
    styles = line_styles(
        labels, reference=reference, presets=comparison.presets, planned=comparison.planned
    )
    axis = numeric_axis(labels) if comparison.subject == "configuration" else None
    rows = comparison.results()
    metrics = [m for m in comparison.metrics if m in METRICS]
    headline = _headline(metrics)
    if axis is not None:
        bottom_height = 2 * ROW
    else:
        bottom_height = 0.6 + math.ceil(len(headline) / COLUMNS) * (1.8 + 0.55 * len(labels))
    with style():
        fig = plt.figure(
            figsize=(WIDTH, 2 * ROW + bottom_height + 1.0), dpi=DPI, layout="constrained"
        )
        top, bottom = fig.subfigures(2, 1, height_ratios=[2 * ROW, bottom_height])
        _trajectories(top, comparison, labels, styles, currency)
        if axis is not None:
            _against_value(bottom, rows, headline, axis, currency)
        else:
            company = isinstance(comparison, CompanyComparison)
            _differences(bottom, rows, headline, labels, styles, currency, company)
        fig.suptitle(_title(comparison))
    return fig


def plot_comparison(comparison: Comparison, path: Path, currency: str = CURRENCY) -> None:
    """Write the figure of :func:`comparison_figure` to ``path`` (PNG, written atomically)."""
    fig = comparison_figure(comparison, currency)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with style():
        atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=DPI, format="png"))
    plt.close(fig)


def _title(comparison: Comparison) -> str:
    lines = [f"{seed_count(comparison)}, {count(comparison.years, 'year')}"]
    if isinstance(comparison, CompanyComparison):
        lines = [
            f"company {comparison.company}: {count(comparison.draws, 'draw')} x "
            f"{count(len(comparison.seeds), 'seed')}, {count(comparison.years, 'year')}"
        ]
    if comparison.overrides:
        lines.append(f"every run: {' '.join(comparison.overrides)}")
    if comparison.commit:
        lines.append(f"commit {comparison.commit[:12]}")
    return "\n".join(lines)


def _trajectories(fig: SubFigure, comparison: Comparison, labels, styles, currency) -> None:
    series = [s for s in PLOT_SERIES if s in comparison.weekly.columns]
    grid = fig.subplots(2, 3)
    for ax, name in zip(grid.flat, series, strict=False):
        draw_trajectories(ax, comparison.weekly, name, labels, styles=styles, currency=currency)
    for ax in grid.flat[len(series) : -1]:
        ax.remove()
    draw_legend(grid.flat[-1], labels, styles=styles)
    over = "draws and seeds" if isinstance(comparison, CompanyComparison) else "seeds"
    fig.suptitle(f"Week by week: median over {over}, band 10-90 %")


def _differences(fig: SubFigure, rows, metrics, labels, styles, currency, company=False) -> None:
    reference, others = labels[0], labels[1:]
    if not others:
        fig.suptitle(f"Only {reference}: no differences to show")
        return
    order = rank_difference(rows, metrics[0], others)
    grid = fig.subplots(math.ceil(len(metrics) / COLUMNS), COLUMNS, squeeze=False)
    for i, (ax, metric) in enumerate(zip(grid.flat, metrics, strict=False)):
        draw_difference(
            ax,
            rows,
            metric,
            order,
            reference=reference,
            styles=styles,
            currency=currency,
            names=i % COLUMNS == 0,
        )
    for ax in grid.flat[len(metrics) :]:
        ax.remove()
    title = METRICS[metrics[0]].title.lower()
    paired = (
        "paired by draw and seed: mean and 2.5-97.5 % quantiles of the differences"
        if company
        else "paired by seed: mean and 95 % interval"
    )
    fig.suptitle(
        f"Difference from {reference}, {paired}, ranked by {title}; * = the interval excludes 0"
    )


def rank_difference(rows, metric: str, labels: list[str]) -> list[str]:
    """``labels`` by their difference in ``metric`` against the reference, largest first.

    Rows without a difference go last, in their order.
    """
    found = {r["scenario"]: r.get("diff_mean") for r in rows if r["metric"] == metric}
    defined = [label for label in labels if found.get(label) is not None]
    undefined = [label for label in labels if found.get(label) is None]
    return sorted(defined, key=lambda label: -found[label]) + undefined


def _against_value(fig: SubFigure, rows, metrics, axis: NumericAxis, currency) -> None:
    grid = fig.subplots(2, math.ceil(len(metrics) / 2), squeeze=False)
    for ax, metric in zip(grid.flat, metrics, strict=False):
        draw_against_value(ax, rows, metric, axis, currency=currency)
    for ax in grid.flat[len(metrics) :]:
        ax.remove()
    handles, names = grid.flat[0].get_legend_handles_labels()
    if names:
        fig.legend(
            handles, names, loc="outside lower center", ncols=min(4, len(names)), frameon=False
        )
    fig.suptitle(f"Mean and 95 % interval over seeds, against {axis.key}")
