"""The live page's charts: one per question a room asks, redrawn every week.

Every chart draws each configuration of the session on shared axes in its preset's colour
(:func:`sim.views.vocabulary.color_of`), its series told apart by line style; side by side, a
panel below it draws the running difference (right minus left, same seed), so the room sees
the regime and not the noise. A regime switched mid-run is marked on every chart.

The page draws the charts as SVG text (:mod:`sim.views.live.svg`, milliseconds per chart); the
export draws the same lines with matplotlib into one PNG (:func:`export_png`). Both take their
lines from :func:`chart_lines`, so the two never disagree.
"""

from __future__ import annotations

import io
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.config.rates import WEEKS_PER_YEAR
from sim.views.live.session import LiveSession
from sim.views.live.svg import BELIEF_SPREAD, Line, line_chart, network_chart
from sim.views.vocabulary import BASELINE, CURRENCY, color_of
from sim.world.metrics import with_rolling_retention

#: Money on the charts: thousands of the currency per week.
MONEY = f"thousand {CURRENCY} / week"
#: Line styles of the series within one chart (matplotlib's names).
SERIES_STYLES = ("-", "--", ":", "-.")
#: Weeks of the moving average drawn for weekly flows.
SMOOTHING_WEEKS = 4
#: The roles whose culture is drawn (leaders are a handful of people: their share jumps).
STAFF = ("sales", "engineer", "service")


@dataclass(frozen=True)
class Chart:
    """What one chart draws.

    Attributes:
        series: Record columns (``model.records``) or names of :data:`DERIVED` series.
        unit: The y axis's unit, as the room reads it.
        scale: Values are divided by it (1e3 for thousands, 0.01 for percent).
        smoothed: Whether a :data:`SMOOTHING_WEEKS`-week moving average is drawn.
        empty: What the chart says while it has nothing to draw.
    """

    series: tuple[str, ...]
    unit: str
    scale: float = 1.0
    smoothed: bool = False
    empty: str = "no data yet"

    @property
    def difference_unit(self) -> str:
        """The unit of the difference panel: a gap between percentages is in points."""
        return self.unit.replace("%", "percentage points", 1)


Columns = Callable[[str], np.ndarray]


def _ratio(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(whole > 0, part / whole, np.nan)


def _year_ago_ratio(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """``part[w] / whole[w - 52]``, NaN up to week 52, as in :func:`with_rolling_retention`."""
    out = np.full(len(part), np.nan)
    if len(part) > WEEKS_PER_YEAR:
        out[WEEKS_PER_YEAR:] = _ratio(part[WEEKS_PER_YEAR:], whole[:-WEEKS_PER_YEAR])
    return out


def _moving_sum(values: np.ndarray) -> np.ndarray:
    """Sums over the last :data:`SMOOTHING_WEEKS` weeks (fewer at the start)."""
    total = np.cumsum(np.insert(values, 0, 0.0))
    ends = np.arange(1, len(values) + 1)
    return total[ends] - total[np.maximum(0, ends - SMOOTHING_WEEKS)]


#: Series computed from record columns: name -> function of a column getter.
DERIVED: dict[str, Callable[[Columns], np.ndarray]] = {
    "retention_52w": lambda col: _year_ago_ratio(col("customers_52w"), col("customers")),
    "nrr_52w": lambda col: _year_ago_ratio(col("billing_52w"), col("billing")),
    "delivery_delay": lambda col: _ratio(
        _moving_sum(col("delivery_weeks")), _moving_sum(col("delivered"))
    ),
    **{
        f"believer_share_{role}": (
            lambda col, role=role: _ratio(col(f"believers_{role}"), col(f"headcount_{role}"))
        )
        for role in STAFF
    },
}

#: How a series is named on a chart's legend.
SERIES_NAMES = {
    "retention_52w": "logo retention",
    "nrr_52w": "net revenue retention",
    "delivery_delay": f"weeks from order to delivery ({SMOOTHING_WEEKS}-week mean)",
    **{f"believer_share_{role}": role for role in STAFF},
    **{f"belief_{role}": role for role in STAFF},
}

#: Chart title -> what it draws, in the page's order.
CHARTS: dict[str, Chart] = {
    "Revenue by kind": Chart(
        ("revenue_new", "revenue_recurring", "revenue_upsell"), MONEY, 1e3, True
    ),  # fmt: skip
    "Cost and profit": Chart(("cost", "profit"), MONEY, 1e3, True),
    "Retention over the past 52 weeks": Chart(
        ("retention_52w", "nrr_52w"), "%", 0.01, empty="drawn from week 53: it needs a year"
    ),  # fmt: skip
    "Customer funnel": Chart(("leads", "opportunities", "wins", "churned"), "per week", 1.0, True),
    "Customers": Chart(("customers",), "active customers"),
    "Believers by role": Chart(
        tuple(f"believer_share_{r}" for r in STAFF), "% of the role", 0.01
    ),  # fmt: skip
    "Mean belief by role": Chart(tuple(f"belief_{r}" for r in STAFF), "belief (0 to 1)"),
    "Delivery backlog": Chart(("open_orders", "late_orders"), "orders waiting"),
    "Delivery delay": Chart(("delivery_delay",), "weeks"),
}


#: Each model's record columns converted so far: model -> name -> (buffer, weeks filled).
_COLUMNS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def record_column(model, name: str, weeks: int) -> np.ndarray:
    """Column ``name`` of the model's first ``weeks`` weekly records, as a float array.

    Each week's record is converted once and kept: the page draws every chart every week,
    and converting the whole history again each time grew with the run.
    """
    store = _COLUMNS.setdefault(model, {})
    buffer, filled = store.get(name, (np.empty(0), 0))
    if weeks > filled:
        if weeks > len(buffer):
            grown = np.empty(max(weeks, 2 * len(buffer), 64))
            grown[:filled] = buffer[:filled]
            buffer = grown
        records = model.records
        buffer[filled:weeks] = [records[week][name] for week in range(filled, weeks)]
        store[name] = (buffer, weeks)
    return buffer[:weeks]


def weekly(
    model, name: str, smoothed: bool, weeks: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Weeks and the series ``name`` of ``model`` so far, as arrays, smoothed if asked.

    Args:
        model: A :class:`sim.world.model.SalesCultureModel`.
        name: A record column or a :data:`DERIVED` series.
        smoothed: Whether to take the moving average over :data:`SMOOTHING_WEEKS` weeks
            (fewer at the start).
        weeks: How many weeks to read, counted once by the caller (the page may draw while
            the model steps in another thread); by default every week recorded now.
    """
    count = len(model.records) if weeks is None else weeks

    def column(column_name: str) -> np.ndarray:
        return record_column(model, column_name, count)

    values = DERIVED[name](column) if name in DERIVED else column(name)
    if smoothed and len(values):
        values = _moving_sum(values) / np.minimum(np.arange(1, len(values) + 1), SMOOTHING_WEEKS)
    return column("week"), values


def chart_lines(session: LiveSession, title: str) -> tuple[list[Line], list[Line]]:
    """The lines of chart ``title``: each configuration's, and the running difference.

    The difference (right minus left, on the weeks both have run) is empty with one
    configuration. The baseline's lines are drawn thicker.
    """
    chart = CHARTS[title]
    two = session.right is not None
    # Counted once: the page's player may append a week while this chart is drawn.
    counts = [len(model.records) for model in session.models]
    drawn = [
        [weekly(model, column, chart.smoothed, weeks) for column in chart.series]
        for model, weeks in zip(session.models, counts, strict=True)
    ]
    names = [SERIES_NAMES.get(column, column.replace("_", " ")) for column in chart.series]
    lines, gaps = [], []
    for name, series in zip(session.labels, drawn, strict=True):
        width = 3.5 if name == BASELINE else 2.5
        for text, style, (weeks, values) in zip(names, SERIES_STYLES, series, strict=False):
            text += f" ({name})" if two else ""
            lines.append(Line(text, color_of(name), style, weeks, values / chart.scale, width))
    if two:
        right = color_of(session.labels[1])
        for text, style, (weeks, mine), (_, theirs) in zip(
            names, SERIES_STYLES, drawn[0], drawn[1], strict=False
        ):
            shared = min(len(mine), len(theirs))
            gap = (theirs[:shared] - mine[:shared]) / chart.scale
            gaps.append(Line(text, right, style, weeks[:shared], gap))
    return lines, gaps


def difference_title(session: LiveSession) -> str:
    """The title of the difference panel."""
    return f"{session.labels[1]} minus {session.labels[0]} (same seed)"


def draw_svg(session: LiveSession, title: str) -> str:
    """The chart ``title`` as SVG text (and its difference panel, side by side)."""
    lines, gaps = chart_lines(session, title)
    spec = CHARTS[title]
    marks = session.switch_marks()
    chart = line_chart(lines, title, spec.unit, marks, empty=spec.empty)
    if not gaps:
        return chart
    return chart + line_chart(
        gaps, difference_title(session), spec.difference_unit, marks, True, empty=spec.empty
    )


_LAYOUTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def network_layout(session: LiveSession) -> dict[int, np.ndarray]:
    """A fixed spring layout of the left configuration's network, computed once per model.

    Slots hired later than the layout have no place and are not drawn.
    """
    import networkx as nx

    model = session.left
    if model not in _LAYOUTS:
        _LAYOUTS[model] = nx.spring_layout(model.network, seed=0, iterations=30)
    return _LAYOUTS[model]


def _network(session: LiveSession, positions: dict[int, np.ndarray]):
    model = session.left
    active, belief = model.workforce.active, model.workforce.belief
    nodes = {n: (float(p[0]), float(p[1])) for n, p in positions.items() if active[n]}
    edges = [(a, b) for a, b in model.network.edges if a in nodes and b in nodes]
    return nodes, edges, {n: float(belief[n]) for n in nodes}


def network_title(session: LiveSession) -> str:
    """The network drawing's title (the configuration drawn and the week)."""
    return f"Who influences whom ({session.labels[0]}), week {session.week}"


def draw_network_svg(session: LiveSession, positions: dict[int, np.ndarray]) -> str:
    """The influence network of the left configuration as SVG, each person coloured by belief.

    Args:
        session: The session.
        positions: A fixed layout (:func:`network_layout`), so the room sees colours change,
            not people move.
    """
    nodes, edges, beliefs = _network(session, positions)
    threshold = session.left.cfg.culture.believer_threshold
    return network_chart(nodes, edges, beliefs, network_title(session), threshold)


def export_table(session: LiveSession) -> pd.DataFrame:
    """Every configuration's weekly records so far, with rolling retention, as one table.

    Columns ``configuration`` (the label: what ran) and ``seed`` come first.
    """
    frames = []
    for name, model in zip(session.labels, session.models, strict=True):
        frame = with_rolling_retention(pd.DataFrame.from_records(model.records))
        frame.insert(0, "seed", session.seed)
        frame.insert(0, "configuration", name)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def export_csv(session: LiveSession) -> bytes:
    """:func:`export_table` as CSV bytes."""
    return export_table(session).to_csv(index=False).encode()


def export_name(session: LiveSession, suffix: str) -> str:
    """A file name saying what the export shows: configurations, seed and week."""
    names = "_vs_".join(session.labels)
    safe = "".join(c if c.isalnum() or c in "-_=" else "-" for c in names)
    return f"salesculture_{safe}_seed{session.seed}_week{session.week}.{suffix}"


def export_png(
    session: LiveSession, positions: dict[int, np.ndarray] | None = None, dpi: int = 100
) -> bytes:
    """Every chart of the page (and the network, given its layout) in one PNG image.

    The figure's title names the configurations, the seed, the week and the version.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from sim.runs.provenance import git_commit, versions

    two = session.right is not None
    columns = 3
    panels = len(CHARTS) + (positions is not None)
    rows = -(-panels // columns)
    per_chart = 2 if two else 1
    figure = Figure(figsize=(6.4 * columns, 3.2 * per_chart * rows + 1.0))
    grid = figure.add_gridspec(rows * per_chart, columns, hspace=0.55, wspace=0.25, top=0.95,
                               bottom=0.04, left=0.05, right=0.98)  # fmt: skip
    marks = session.switch_marks()
    for index, title in enumerate(CHARTS):
        row, column = divmod(index, columns)
        chart = CHARTS[title]
        lines, gaps = chart_lines(session, title)
        ax = figure.add_subplot(grid[row * per_chart, column])
        _plot(ax, lines, title, chart.unit, marks)
        if two:
            below = figure.add_subplot(grid[row * per_chart + 1, column], sharex=ax)
            _plot(below, gaps, difference_title(session), chart.difference_unit, marks)
            below.axhline(0, color="black", lw=1)
            ax = below
        ax.set_xlabel("week")
    if positions is not None:
        row, column = divmod(len(CHARTS), columns)
        _plot_network(figure, grid[row * per_chart : (row + 1) * per_chart, column], session,
                      positions)  # fmt: skip
    figure.suptitle(
        f"{' vs '.join(session.labels)}: seed {session.seed}, week {session.week} "
        f"(salesculture {versions()['salesculture']}, commit {git_commit()[:12]})",
        fontsize=15,
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _plot(ax, lines: list[Line], title: str, unit: str, marks) -> None:
    for line in lines:
        ax.plot(line.x, line.y, line.style, color=line.color, lw=line.width, label=line.label)
    for week, text in marks:
        ax.axvline(week, color="black", ls=":", lw=1.2)
        ax.annotate(text, (week, 1.0), xycoords=("data", "axes fraction"), fontsize=8,
                    rotation=90, va="top", ha="right")  # fmt: skip
    ax.set_title(title, fontsize=12)
    ax.set_ylabel(unit)
    ax.grid(alpha=0.3)
    if lines:
        ax.legend(fontsize=7, loc="best")


def _plot_network(figure, cell, session: LiveSession, positions: dict[int, np.ndarray]) -> None:
    from matplotlib.collections import LineCollection

    nodes, edges, beliefs = _network(session, positions)
    ax = figure.add_subplot(cell)
    ax.add_collection(
        LineCollection([(nodes[a], nodes[b]) for a, b in edges], colors="0.8", linewidths=0.4)
    )
    xy = np.array(list(nodes.values())) if nodes else np.zeros((0, 2))
    threshold = session.left.cfg.culture.believer_threshold
    low, high = threshold - BELIEF_SPREAD, threshold + BELIEF_SPREAD
    dots = ax.scatter(xy[:, 0], xy[:, 1], c=list(beliefs.values()), cmap="RdBu", vmin=low,
                      vmax=high, s=14, edgecolors="0.3", linewidths=0.3)  # fmt: skip
    figure.colorbar(dots, ax=ax, label=f"belief (believers above {threshold:g})")
    ax.set_title(network_title(session), fontsize=12)
    ax.set_axis_off()
