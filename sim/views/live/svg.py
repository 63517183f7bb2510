"""Line charts written as SVG text: the browser draws them, so a chart costs milliseconds.

The live page redraws every chart every week; drawing them as images on the server costs
tenths of a second each, while an SVG of a few hundred points is a short string the browser
renders at once, with no chart library to download (the page works offline).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import numpy as np

#: Chart size in SVG units: one unit is one screen pixel where the chart is this wide (the
#: page's grid cell at 1280x720); the page scales the chart to its cell, never below it.
WIDTH, HEIGHT = 416, 176
#: Margins: left (tick labels), right, top (title; the legend and unit below it), bottom.
LEFT, RIGHT, TOP, BOTTOM = 50, 12, 26, 24
#: Font sizes (SVG units, so pixels at :data:`WIDTH`): a room reads 14 pixels from the back.
TITLE_SIZE, TEXT_SIZE = 16, 14
#: Height of one legend row; a character's mean width at :data:`TEXT_SIZE` (for the layout).
LEGEND_ROW, CHAR_WIDTH = 18, 7.6
DASHES = {"-": "", "--": "8 5", ":": "2 4", "-.": "8 4 2 4"}
#: What an empty chart says before the first week.
PRESS_PLAY = "press ▶ (or Step) to start"


@dataclass(frozen=True)
class Line:
    """One series: its legend text, colour, line style (matplotlib's) and points.

    ``series`` names the quantity drawn (the legend text without the configuration): lines of
    one series share a colour, lines of different series never do.
    """

    label: str
    color: str
    style: str
    x: Sequence[float]
    y: Sequence[float]
    width: float = 2.5
    series: str = ""


@dataclass(frozen=True)
class Mark:
    """A vertical mark: a regime switched from ``week`` on, drawn in ``color``."""

    week: float
    text: str
    color: str = "#000000"


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """About ``count`` round tick values covering ``[low, high]``."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = min((m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw), default=raw)
    first = math.floor(low / step) * step
    return [first + i * step for i in range(int(math.ceil((high - first) / step)) + 1)]


def _label(value: float) -> str:
    magnitude = abs(value)
    if magnitude >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:.2f}" if magnitude < 1 else f"{value:.1f}"


def tick_labels(ticks: Sequence[float]) -> list[str]:
    """Labels of evenly spaced ticks, no two the same (583.5 and 584, not 584 twice).

    Each is written with the fewest decimals that write every tick exactly.
    """
    if len(ticks) < 2:
        return [_label(t) for t in ticks]
    step = abs(ticks[1] - ticks[0])
    for decimals in range(7):
        labels = [f"{t:,.{decimals}f}" for t in ticks]
        if all(abs(float(label.replace(",", "")) - t) <= step * 1e-6 for label, t in
               zip(labels, ticks, strict=True)):  # fmt: skip
            break
    return ["0" if float(label.replace(",", "")) == 0 else label for label in labels]


def text_width(text: str, size: float = TEXT_SIZE) -> float:
    """An estimate of ``text``'s width in SVG units (for laying out legends and labels)."""
    return len(text) * CHAR_WIDTH * size / TEXT_SIZE


def _flow(items: Sequence[tuple[str, float]], left: float, right: float) -> list[tuple[float, int]]:
    """Place items of given widths left to right in rows: each one's (x, row)."""
    placed, x, row = [], left, 0
    for _, width in items:
        if x > left and x + width > right:
            x, row = left, row + 1
        placed.append((x, row))
        x += width + 14
    return placed


def _mark_rows(marks: Sequence[Mark], sx, right_edge: float) -> list[tuple[float, str, int]]:
    """Each mark's label: (x, anchor, row), stacked so that no two labels overlap."""
    taken: list[list[tuple[float, float]]] = []
    out = []
    for mark in marks:
        x = sx(mark.week)
        width = text_width(mark.text) + 6
        flip = x + width > right_edge  # near the right edge the label reads leftwards
        span = (x - width, x) if flip else (x, x + width)
        row = 0
        while row < len(taken) and any(a < span[1] and span[0] < b for a, b in taken[row]):
            row += 1
        if row == len(taken):
            taken.append([])
        taken[row].append(span)
        out.append((x - 4 if flip else x + 4, "end" if flip else "start", row))
    return out


def _svg_open(width: int, height: float, title: str, show_title: bool = True) -> list[str]:
    return [
        f'<svg viewBox="0 0 {width} {height:.0f}" xmlns="http://www.w3.org/2000/svg" '
        f'style="width:100%;min-width:{width}px;height:auto;font-family:sans-serif" role="img">',
        f"<title>{escape(title)}</title>",
        f'<text x="{width / 2}" y="19" text-anchor="middle" font-size="{TITLE_SIZE}" '
        f'font-weight="bold">{escape(title)}</text>'
        if show_title
        else "",
    ]


def empty_chart(title: str, note: str, width: int = WIDTH, height: int = HEIGHT) -> str:
    """A chart with nothing to draw yet: its title and ``note``, no axes."""
    out = _svg_open(width, height, title)
    out.append(f'<text x="{width / 2}" y="{height / 2 + 5}" text-anchor="middle" '
               f'font-size="{TITLE_SIZE}" fill="#555">{escape(note)}</text></svg>')  # fmt: skip
    return "".join(out)


def line_chart(
    lines: Sequence[Line],
    title: str,
    unit: str,
    marks: Sequence[Mark] = (),
    zero_line: bool = False,
    x_label: str = "week",
    empty: str = "",
    height: int = HEIGHT,
    width: int = WIDTH,
    keys: Sequence[Line] = (),
    show_legend: bool = True,
    mark_labels: bool = True,
) -> str:
    """An SVG line chart with round ticks, units, a legend and vertical marks (switches).

    The x axis spans every point given, drawn or not (a series undefined at first keeps the
    weeks of the others); with no point to draw, the chart is :func:`empty_chart` saying
    ``empty``. The legend sits under the title, never over the data: one entry per series
    (its colour; none for a single series or without ``show_legend``), then ``keys`` (line
    styles), then the unit. Switch
    labels are stacked so that none overlaps another (``mark_labels=False``: lines only, for a
    small panel under a chart that names them). ``height`` and ``width`` are in SVG units,
    legend included.
    """
    series = [_finite(line) for line in lines]
    ys = np.concatenate([y for _, y in series]) if series else np.zeros(0)
    if empty and not len(ys):
        return empty_chart(title, empty, width, height)
    weeks = [np.asarray(line.x, dtype=float) for line in lines]
    xs = np.concatenate(weeks) if weeks else np.zeros(0)
    xs = xs[np.isfinite(xs)]
    x_low, x_high = (float(xs.min()), float(xs.max())) if len(xs) else (0.0, 1.0)
    y_low, y_high = (float(ys.min()), float(ys.max())) if len(ys) else (0.0, 1.0)
    # Weeks are whole numbers: no tick at week 1.5 in the first weeks of a run.
    x_span = nice_ticks(x_low, max(x_high, x_low + 1), 5)
    x_ticks = [t for t in x_span if t == int(t)]
    x0, x1 = x_span[0], x_span[-1]
    legend: dict[str, Line] = {}
    for line in lines if show_legend else ():
        legend.setdefault(line.series or line.label, line)
    entries: list[tuple[str, Line | None]] = [
        (name, Line(name, line.color, "-", (), (), 3.0)) for name, line in legend.items()
    ]
    if len(entries) < 2:
        entries = []
    entries += [(key.label, key) for key in keys]
    if unit:  # the unit reads after the legend, on the same line if it fits
        entries.append((unit, None))
    if not show_legend:  # a small panel: its title in plain type on the line of its unit
        entries.insert(0, (title, None))
    places = _flow(
        [(n, text_width(n) + (30 if line else 0)) for n, line in entries], 10, width - RIGHT
    )
    rows = max((row for _, row in places), default=-1) + 1
    legend_top = TOP if show_legend else 4
    top = legend_top + LEGEND_ROW * rows + 4
    # As many y ticks as the plot's height holds without their labels touching.
    y_count = max(2, int((height - top - BOTTOM) // (TEXT_SIZE * 2.2)))
    y_ticks = nice_ticks(min(y_low, 0.0) if zero_line else y_low, y_high, y_count)
    y0, y1 = y_ticks[0], y_ticks[-1]
    if y1 == y0:
        y1 = y0 + 1
    plot_w, plot_h = width - LEFT - RIGHT, height - top - BOTTOM

    def sx(x: float) -> float:
        return LEFT + (x - x0) / (x1 - x0) * plot_w

    def sy(y: float) -> float:
        return top + (1 - (y - y0) / (y1 - y0)) * plot_h

    out = _svg_open(width, height, title, show_title=show_legend)
    for (name, line), (x, row) in zip(entries, places, strict=True):
        y = legend_top + LEGEND_ROW * row + 6
        if line is None:
            out.append(f'<text x="{x:.0f}" y="{y + 5}" font-size="{TEXT_SIZE}" fill="#555">'
                       f"{escape(name)}</text>")  # fmt: skip
            continue
        out.append(f'<line x1="{x:.0f}" x2="{x + 24:.0f}" y1="{y}" y2="{y}" '
                   f'{_stroke(line)}/><text x="{x + 29:.0f}" y="{y + 5}" '
                   f'font-size="{TEXT_SIZE}">{escape(name)}</text>')  # fmt: skip
    for y, text in zip(y_ticks, tick_labels(y_ticks), strict=True):
        out.append(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{sy(y):.1f}" y2="{sy(y):.1f}" '
                   'stroke="#ddd"/>')  # fmt: skip
        out.append(f'<text x="{LEFT - 5}" y="{sy(y) + 5:.1f}" text-anchor="end" '
                   f'font-size="{TEXT_SIZE}">{text}</text>')  # fmt: skip
    for x in x_ticks:
        out.append(f'<text x="{sx(x):.1f}" y="{height - BOTTOM + 17}" text-anchor="middle" '
                   f'font-size="{TEXT_SIZE}">{_label(x)}</text>')  # fmt: skip
    # The week axis is named under the tick labels of the y axis, where there is room.
    out.append(f'<text x="{LEFT - 12}" y="{height - BOTTOM + 17}" text-anchor="end" '
               f'font-size="{TEXT_SIZE}" fill="#555">{escape(x_label)}</text>')  # fmt: skip
    if zero_line and y0 <= 0 <= y1:
        out.append(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{sy(0):.1f}" y2="{sy(0):.1f}" '
                   'stroke="black"/>')  # fmt: skip
    for line, (x, y) in zip(lines, series, strict=True):
        # The same arithmetic as sx and sy, on whole arrays (a chart redraws every week).
        px = LEFT + (x - x0) / (x1 - x0) * plot_w
        py = top + (1 - (y - y0) / (y1 - y0)) * plot_h
        pairs = np.column_stack((px, py)).ravel().tolist()
        coords = ("%.1f,%.1f " * len(px) % tuple(pairs)).rstrip()  # one format: 3x a join
        if coords:
            out.append(f'<polyline points="{coords}" fill="none" {_stroke(line)} '
                       f'data-series="{escape(line.series or line.label)}"/>')  # fmt: skip
    for mark, (x, anchor, row) in zip(marks, _mark_rows(marks, sx, width - RIGHT), strict=True):
        # Drawn over the lines: a thick line in the switched configuration's colour, its label
        # on a white ground in the first row where it overlaps no other label.
        at = sx(mark.week)
        y = top + 15 + row * (TEXT_SIZE + 4)
        out.append(f'<line x1="{at:.1f}" x2="{at:.1f}" y1="{top}" y2="{top + plot_h}" '
                   f'stroke="{mark.color}" stroke-width="3" class="switch-mark"/>')  # fmt: skip
        if mark_labels:
            out.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" '
                       f'font-size="{TEXT_SIZE}" fill="{mark.color}" stroke="white" '
                       'stroke-width="3" paint-order="stroke" font-weight="bold" '
                       'class="switch-label">'
                       f"{escape(mark.text)}</text>")  # fmt: skip
    out.append("</svg>")
    return "".join(out)


def _stroke(line: Line) -> str:
    return (f'stroke="{line.color}" stroke-width="{line.width}" '
            f'stroke-dasharray="{DASHES.get(line.style, "")}"')  # fmt: skip


def _finite(line: Line) -> tuple[np.ndarray, np.ndarray]:
    """The points of a line where both coordinates are finite, as two float arrays."""
    x = np.asarray(line.x, dtype=float)
    y = np.asarray(line.y, dtype=float)
    if x.shape != y.shape:
        raise ValueError(f"{line.label}: {len(x)} x values but {len(y)} y values")
    keep = np.isfinite(x) & np.isfinite(y)
    return x[keep], y[keep]


#: Belief at which the network's colours saturate, either side of the believer threshold.
BELIEF_SPREAD = 0.3


def belief_color(belief: float, threshold: float = 0.5) -> str:
    """A hex colour: white at the believer ``threshold``, deepening to red below and blue above.

    The colour saturates :data:`BELIEF_SPREAD` from the threshold, where most employees are,
    so a room sees belief move; the scale is fixed, so colours compare across weeks.
    """
    b = min(1.0, max(0.0, 0.5 + (float(belief) - threshold) / (2 * BELIEF_SPREAD)))
    if b < 0.5:
        t = b / 0.5
        red, green, blue = 178 + (247 - 178) * t, 24 + (247 - 24) * t, 43 + (247 - 43) * t
    else:
        t = (b - 0.5) / 0.5
        red, green, blue = 247 + (33 - 247) * t, 247 + (102 - 247) * t, 247 + (172 - 247) * t
    return f"#{round(red):02x}{round(green):02x}{round(blue):02x}"


def network_chart(
    positions: dict[int, tuple[float, float]],
    edges: Sequence[tuple[int, int]],
    belief: dict[int, float],
    title: str,
    threshold: float = 0.5,
) -> str:
    """The influence network: grey ties, each person a dot coloured by belief.

    Colours are :func:`belief_color` around the believer ``threshold``.
    """
    size = HEIGHT * 1.6
    if not positions:
        return empty_chart(title, "nobody to draw", WIDTH, round(size))
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    span_x, span_y = (x1 - x0) or 1.0, (y1 - y0) or 1.0

    def at(node: int) -> tuple[float, float]:
        x, y = positions[node]
        return 12 + (x - x0) / span_x * (WIDTH - 24), TOP + (y - y0) / span_y * (size - TOP - 52)

    out = _svg_open(WIDTH, size, title)
    spot = {node: f"{x:.1f} {y:.1f}" for node, (x, y) in ((n, at(n)) for n in positions)}
    # Every tie in one path: one element for the browser to parse and lay out each week, not
    # one per tie (a default network has about 850).
    ties = "".join([f"M{spot[a]}L{spot[b]}" for a, b in edges])
    if ties:
        out.append(f'<path d="{ties}" fill="none" stroke="#c8c8c8" stroke-width="0.6"/>')
    out.append('<g stroke="#555" stroke-width="0.4">')
    for node, value in belief.items():
        x, y = spot[node].split(" ")
        out.append(f'<circle cx="{x}" cy="{y}" r="4" fill="{belief_color(value, threshold)}"/>')
    out.append("</g>")
    legend_y = size - 32
    for i, step in enumerate((-1.0, -0.5, 0.0, 0.5, 1.0)):
        value = threshold + step * BELIEF_SPREAD
        x = 16 + 80 * i
        text = {-1.0: "≤ ", 1.0: "≥ "}.get(step, "") + f"{value:.2f}"
        fill = belief_color(value, threshold)
        out.append(f'<circle cx="{x}" cy="{legend_y}" r="6" fill="{fill}" '
                   f'stroke="#555"/><text x="{x + 10}" y="{legend_y + 5}" '
                   f'font-size="{TEXT_SIZE}">{escape(text)}</text>')  # fmt: skip
    out.append(f'<text x="10" y="{size - 6:.0f}" font-size="{TEXT_SIZE}">belief '
               f"(believers above {threshold:g})</text></svg>")  # fmt: skip
    return "".join(out)
