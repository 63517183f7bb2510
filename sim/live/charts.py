"""The live page's charts: one matplotlib figure per question a room asks, redrawn each step.

Every chart draws each configuration of the session on shared axes and, side by side, a
panel of the running difference (right minus left), so the room sees the regime and not the
noise. Money is in thousands of currency units per week, smoothed over four weeks.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from sim.live.session import LiveSession  # noqa: E402
from sim.vocabulary import BASELINE, CURRENCY, color_of  # noqa: E402

#: Money on the charts: thousands of the currency per week.
MONEY = f"thousand {CURRENCY} / week"
#: Line styles of the series within one chart; a configuration keeps its preset's colour
#: (:func:`sim.vocabulary.color_of`), as in every other figure.
SERIES_STYLES = ("-", "--", ":", "-.")
#: Weeks of the moving average drawn for weekly money flows.
SMOOTHING_WEEKS = 4
#: Width and height of one chart, in inches (readable on a projector at 100 dpi).
SIZE = (6.4, 3.6)

#: Chart title -> (series, unit, scale, smoothed). A series is a record column.
CHARTS: dict[str, tuple[tuple[str, ...], str, float, bool]] = {
    "Revenue by kind": (("revenue_new", "revenue_recurring", "revenue_upsell"), MONEY, 1e3, True),
    "Cost and profit": (("cost", "profit"), MONEY, 1e3, True),
    "Culture": (("believer_share",), "share of employees", 1.0, False),
    "Customer funnel": (("leads", "opportunities", "wins", "churned"), "per week", 1.0, True),
    "Customers": (("customers",), "customers", 1.0, False),
    "Delivery": (("open_orders", "late_orders"), "orders", 1.0, False),
}


def series(records: pd.DataFrame, column: str, smoothed: bool) -> pd.Series:
    """A weekly series indexed by week, smoothed over :data:`SMOOTHING_WEEKS` if asked."""
    values = records.set_index("week")[column].astype(float)
    return values.rolling(SMOOTHING_WEEKS, min_periods=1).mean() if smoothed else values


def draw(session: LiveSession, title: str) -> Figure:
    """The figure of one chart of :data:`CHARTS` for the session's weeks so far."""
    columns, unit, scale, smoothed = CHARTS[title]
    records = session.records()
    two = session.right is not None
    figure = Figure(figsize=(SIZE[0], SIZE[1] * (1.6 if two else 1.0)), layout="constrained")
    axes = figure.subplots(2 if two else 1, 1, sharex=True, squeeze=False)[:, 0]
    main = axes[0]
    for name in session.labels:
        mine = records[records.configuration == name]
        for column, style in zip(columns, SERIES_STYLES, strict=False):
            if mine.empty:
                continue
            values = series(mine, column, smoothed) / scale
            text = column.replace("_", " ") + (f" ({name})" if two else "")
            main.plot(values.index, values.to_numpy(), style, color=color_of(name), lw=2.5,
                      label=text, zorder=3 if name == BASELINE else 2)  # fmt: skip
    main.set_title(title, fontsize=14)
    main.set_ylabel(unit)
    main.grid(alpha=0.3)
    if len(main.get_lines()):
        main.legend(fontsize=9, loc="upper left")
    _mark_switches(session, axes)
    if two:
        _difference(axes[1], session, records, columns, scale, smoothed, unit)
    axes[-1].set_xlabel("week")
    return figure


def _difference(ax, session, records, columns, scale, smoothed, unit) -> None:
    left, right = (records[records.configuration == n] for n in session.labels)
    for column, style in zip(columns, SERIES_STYLES, strict=False):
        if left.empty or right.empty:
            continue
        gap = series(right, column, smoothed) - series(left, column, smoothed)
        ax.plot(gap.index, gap.to_numpy() / scale, style, color=color_of(session.labels[1]), lw=2)
    ax.axhline(0, color="black", lw=1)
    ax.set_title(f"{session.labels[1]} minus {session.labels[0]} (same seed)", fontsize=11)
    ax.set_ylabel(unit)
    ax.grid(alpha=0.3)


def _mark_switches(session: LiveSession, axes: np.ndarray) -> None:
    for week, text in session.switch_marks():
        for ax in axes:
            ax.axvline(week, color="black", ls=":", lw=1.5)
        axes[0].annotate(text, (week, 1.0), xycoords=("data", "axes fraction"), fontsize=9,
                         rotation=90, va="top", ha="right")  # fmt: skip


def draw_network(session: LiveSession, positions: dict[int, np.ndarray]) -> Figure:
    """The employees' influence network, each person coloured by belief (0 red .. 1 blue).

    Args:
        session: The session; the left configuration's network is drawn.
        positions: A fixed layout of the network's slots (computed once per session), so the
            room sees colours change, not people move.
    """
    from matplotlib.collections import LineCollection

    model = session.left
    belief = model.workforce.belief
    active = model.workforce.active
    nodes = [n for n in model.network.nodes if active[n] and n in positions]
    figure = Figure(figsize=(SIZE[0], SIZE[1] * 1.4), layout="constrained")
    ax = figure.subplots()
    edges = [
        (positions[a], positions[b])
        for a, b in model.network.edges
        if active[a] and active[b] and a in positions and b in positions
    ]
    ax.add_collection(LineCollection(edges, colors="0.75", linewidths=0.5, zorder=1))
    xy = np.array([positions[n] for n in nodes]) if nodes else np.zeros((0, 2))
    dots = ax.scatter(xy[:, 0], xy[:, 1], c=belief[nodes], cmap="RdBu", vmin=0, vmax=1, s=28,
                      edgecolors="0.3", linewidths=0.3, zorder=2)  # fmt: skip
    figure.colorbar(dots, ax=ax, label="belief (0 = against, 1 = believes)")
    ax.set_title(f"Who influences whom, week {model.week}", fontsize=14)
    ax.set_axis_off()
    return figure


def network_layout(session: LiveSession, seed: int = 0) -> dict[int, np.ndarray]:
    """A fixed spring layout of the left configuration's network (computed once)."""
    import networkx as nx

    return nx.spring_layout(session.left.network, seed=seed, iterations=30)


def weekly(model, column: str, smoothed: bool) -> tuple[np.ndarray, np.ndarray]:
    """Weeks and a record column of ``model`` so far, as arrays, smoothed if asked.

    The moving average is over :data:`SMOOTHING_WEEKS` weeks (fewer at the start), as
    :func:`series` computes it, without building a table every week.
    """
    records = model.records
    weeks = np.fromiter((r["week"] for r in records), float, len(records))
    values = np.fromiter((r[column] for r in records), float, len(records))
    if smoothed and len(values):
        total = np.cumsum(np.insert(values, 0, 0.0))
        ends = np.arange(1, len(values) + 1)
        starts = np.maximum(0, ends - SMOOTHING_WEEKS)
        values = (total[ends] - total[starts]) / (ends - starts)
    return weeks, values


def draw_svg(session: LiveSession, title: str) -> str:
    """The chart ``title`` of :data:`CHARTS` as SVG text: the page's fast path.

    With two configurations, the running difference is drawn below the chart.
    """
    from sim.live.svg import Line, line_chart

    columns, unit, scale, smoothed = CHARTS[title]
    two = session.right is not None
    lines = []
    for name, model in zip(session.labels, session.models, strict=True):
        for column, style in zip(columns, SERIES_STYLES, strict=False):
            weeks, values = weekly(model, column, smoothed)
            text = column.replace("_", " ") + (f" ({name})" if two else "")
            width = 3.5 if name == BASELINE else 2.5
            lines.append(Line(text, color_of(name), style, weeks, values / scale, width))
    marks = session.switch_marks()
    chart = line_chart(lines, title, unit, marks)
    if not two:
        return chart
    left, right = session.models
    gaps = []
    for column, style in zip(columns, SERIES_STYLES, strict=False):
        weeks, mine = weekly(left, column, smoothed)
        _, theirs = weekly(right, column, smoothed)
        shared = min(len(mine), len(theirs))
        gap = (theirs[:shared] - mine[:shared]) / scale
        gaps.append(Line(column.replace("_", " "), color_of(session.labels[1]), style,
                         weeks[:shared], gap))  # fmt: skip
    difference = line_chart(
        gaps, f"{session.labels[1]} minus {session.labels[0]} (same seed)", unit, marks, True
    )
    return chart + difference


def draw_network_svg(session: LiveSession, positions: dict[int, np.ndarray]) -> str:
    """The influence network of the left configuration as SVG, each person coloured by belief."""
    from sim.live.svg import network_chart

    model = session.left
    active = model.workforce.active
    belief = model.workforce.belief
    nodes = {n: (float(p[0]), float(p[1])) for n, p in positions.items() if active[n]}
    edges = [(a, b) for a, b in model.network.edges if a in nodes and b in nodes]
    beliefs = {n: float(belief[n]) for n in nodes}
    return network_chart(nodes, edges, beliefs, f"Who influences whom, week {model.week}")
