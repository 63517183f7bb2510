"""The live page's charts: one per question a room asks, redrawn every week.

Within a chart each series has its own colour (:data:`SERIES_COLORS`) and a chart has at most
two series; the configuration is told by line style, as in every figure of the project
(:mod:`sim.views.vocabulary`: the reference solid, the other dashed), so side by side a chart
holds at most four lines (the monitors say which style is whose). A panel below each chart
draws the running difference (right minus left, same seed), so the room sees the regime and
not the noise. A regime switched mid-run is marked on every chart in the colour of the
configuration (:func:`sim.views.vocabulary.color_of`).

The page draws the charts as SVG text (:mod:`sim.views.live.svg`, milliseconds per chart); the
browser paints those same SVGs into the PNG export (:mod:`sim.views.live.pngexport`), so the
two never disagree.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from salesculture.sim.config.rates import WEEKS_PER_YEAR
from salesculture.sim.views.live.session import LiveSession
from salesculture.sim.views.live.svg import (
    PRESS_PLAY,
    WIDTH,
    Line,
    Mark,
    empty_chart,
    line_chart,
    network_chart,
)
from salesculture.sim.views.vocabulary import CURRENCY, PRESET_COLORS, VARIANT_STYLES, color_of
from salesculture.sim.world.metrics import with_rolling_retention

#: Money on the charts: thousands of the currency per week.
MONEY = f"thousand {CURRENCY} / week"
#: The colours of a chart's series, first to last (blue and vermillion: told apart by
#: colour-blind readers, and neither is the black of the baseline).
SERIES_COLORS = (PRESET_COLORS["sales_led"], PRESET_COLORS["purge_non_believers"])
#: Line styles of the configurations, left then right (the vocabulary's reference and variant).
CONFIGURATION_STYLES = ("-", VARIANT_STYLES[0])
#: Heights of a chart and of its difference panel (SVG units; :data:`sim.views.live.svg.WIDTH`
#: wide).
CHART_HEIGHT, DIFFERENCE_HEIGHT = 160, 100
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
    "revenue": "all revenue",
    "revenue_recurring": "recurring",
    "revenue_new": "new",
    "revenue_upsell": "upsell",
    "retention_52w": "logo retention",
    "nrr_52w": "net revenue retention",
    "delivery_delay": f"order to delivery ({SMOOTHING_WEEKS}-week mean)",
    "believer_share": "all staff",
    "mean_belief": "all staff",
    **{f"believer_share_{role}": role for role in STAFF},
    **{f"belief_{role}": role for role in STAFF},
}

#: Chart title -> what it draws, in the page's order; at most two series each.
CHARTS: dict[str, Chart] = {
    "Profit and cost": Chart(("profit", "cost"), MONEY, 1e3, True),
    "Revenue": Chart(("revenue", "revenue_recurring"), MONEY, 1e3, True),
    "Retention over the past 52 weeks": Chart(
        ("retention_52w", "nrr_52w"), "%", 0.01, empty="drawn from week 53: it needs a year"
    ),  # fmt: skip
    "Believers": Chart(("believer_share", "believer_share_sales"), "% of staff", 0.01),
    "New and upsell revenue": Chart(("revenue_new", "revenue_upsell"), MONEY, 1e3, True),
    "Customers": Chart(("customers",), "active customers"),
    "Leads and opportunities": Chart(("leads", "opportunities"), "per week", 1.0, True),
    "Wins and churn": Chart(("wins", "churned"), "per week", 1.0, True),
    "Believers in engineering and service": Chart(
        ("believer_share_engineer", "believer_share_service"), "% of the role", 0.01
    ),  # fmt: skip
    "Mean belief": Chart(("mean_belief", "belief_sales"), "belief (0 to 1)"),
    "Mean belief in engineering and service": Chart(
        ("belief_engineer", "belief_service"), "belief (0 to 1)"
    ),  # fmt: skip
    "Delivery backlog": Chart(("open_orders", "late_orders"), "orders waiting"),
    "Delivery delay": Chart(("delivery_delay",), "weeks"),
}
#: The charts a room asks about first, on the first screen of a projector (1280x720).
KEY_CHARTS = tuple(CHARTS)[:4]


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

    Each series has its colour (:data:`SERIES_COLORS`), each configuration its line style
    (:data:`CONFIGURATION_STYLES`). The difference (right minus left, on the weeks both have
    run) is empty with one configuration.
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
    for name, style, series in zip(session.labels, CONFIGURATION_STYLES, drawn, strict=False):
        for text, color, (weeks, values) in zip(names, SERIES_COLORS, series, strict=False):
            label = f"{text} ({name})" if two else text
            lines.append(Line(label, color, style, weeks, values / chart.scale, 2.5, text))
    if two:
        for text, color, (weeks, mine), (_, theirs) in zip(
            names, SERIES_COLORS, drawn[0], drawn[1], strict=False
        ):
            shared = min(len(mine), len(theirs))
            gap = (theirs[:shared] - mine[:shared]) / chart.scale
            gaps.append(Line(text, color, "-", weeks[:shared], gap, 2.5, text))
    return lines, gaps


def difference_title(session: LiveSession) -> str:
    """The title of the difference panel."""
    return f"{session.labels[1]} minus {session.labels[0]}"


def marks(session: LiveSession) -> list[Mark]:
    """The switches made so far, in the colour of the configuration switched (the left's)."""
    color = color_of(session.labels[0])
    return [Mark(week, text, color) for week, text in session.switch_marks()]


def draw_svg(session: LiveSession, title: str) -> str:
    """The chart ``title`` as SVG text (and its difference panel, side by side).

    Before the first week every chart says :data:`sim.views.live.svg.PRESS_PLAY`.
    """
    spec = CHARTS[title]
    two = session.right is not None
    if session.week == 0:
        chart = empty_chart(title, PRESS_PLAY, WIDTH, CHART_HEIGHT)
        return chart + (empty_chart(difference_title(session), "", WIDTH, DIFFERENCE_HEIGHT)
                        if two else "")  # fmt: skip
    lines, gaps = chart_lines(session, title)
    shown = marks(session)
    chart = line_chart(lines, title, spec.unit, shown, empty=spec.empty, height=CHART_HEIGHT)
    if not gaps:
        return chart
    # The panel names its unit only where it differs from the chart's (points, not %).
    unit = spec.difference_unit if spec.difference_unit != spec.unit else ""
    return chart + line_chart(gaps, difference_title(session), unit, shown,
                              True, empty=spec.empty, height=DIFFERENCE_HEIGHT,
                              show_legend=False, mark_labels=False)  # fmt: skip


_LAYOUTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def network_layout(model) -> dict[int, np.ndarray]:
    """A fixed layout of a model's influence network, everybody employed now included.

    A spring layout of the network's slots, and each person in a slot outside it placed by
    their ties (the mean place of those they are tied to, slightly off it) or, with none, on
    a ring around it: the room sees colours change, not people move.

    Computed once per model, then extended by the people hired since the last call.
    """
    import networkx as nx

    network = model.network
    if model not in _LAYOUTS:
        _LAYOUTS[model] = nx.spring_layout(network, seed=0, iterations=30)
    positions = _LAYOUTS[model]
    employed = np.flatnonzero(model.workforce.active).tolist()
    for node in (n for n in employed if n not in positions):
        ties = [positions[m] for m in network.neighbors(node) if m in positions] if (
            node in network) else []  # fmt: skip
        # A fixed offset by slot number (the golden angle): hires spread around their ties,
        # and people with no tie yet on a ring around the network.
        angle = node * 2.399963
        direction = np.array([np.cos(angle), np.sin(angle)])
        positions[node] = np.mean(ties, axis=0) + 0.04 * direction if ties else 1.1 * direction
    return positions


def _network(model, positions: dict[int, np.ndarray]):
    active, belief = model.workforce.active, model.workforce.belief
    nodes = {n: (float(p[0]), float(p[1])) for n, p in positions.items() if active[n]}
    edges = [(a, b) for a, b in model.network.edges if a in nodes and b in nodes]
    return nodes, edges, {n: float(belief[n]) for n in nodes}


def network_title(session: LiveSession, index: int = 0) -> str:
    """The title of configuration ``index``'s network drawing (its label and the week)."""
    return f"Who influences whom ({session.labels[index]}), week {session.week}"


def draw_network_svg(session: LiveSession, index: int = 0) -> str:
    """The influence network of configuration ``index`` as SVG, each person coloured by belief.

    Everybody employed now is drawn, hires included, on a fixed layout (:func:`network_layout`).
    """
    model = session.models[index]
    nodes, edges, beliefs = _network(model, network_layout(model))
    threshold = model.cfg.culture.believer_threshold
    return network_chart(nodes, edges, beliefs, network_title(session, index), threshold)


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


@functools.cache
def _version() -> str:
    from salesculture.sim.runs.provenance import git_commit, versions

    return f"salesculture {versions()['salesculture']}, commit {git_commit()[:12]}"


def export_heading(session: LiveSession) -> str:
    """The charts' PNG heading: configurations (line styles), company, seed, week, version."""
    from salesculture.sim.views.live import session as page

    names = session.labels[0]
    if session.right is not None:
        names = f"{session.labels[0]} (solid) vs {session.labels[1]} (dashed)"
    if page.COMPANY is not None:
        names += f" in company {page.COMPANY.name}'s world"
    return f"{names}: seed {session.seed}, week {session.week} ({_version()})"
