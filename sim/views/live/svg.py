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

#: Chart size in SVG units (the page scales it to the width of its panel).
WIDTH, HEIGHT = 640, 300
#: Margins: left (tick labels and unit), right, top (title), bottom (week axis).
LEFT, RIGHT, TOP, BOTTOM = 78, 16, 34, 40
#: Height of one legend row, and the longest label that still fits two to a row.
LEGEND_ROW, LEGEND_CHARS = 20, 38
DASHES = {"-": "", "--": "9 5", ":": "2 4", "-.": "9 4 2 4"}


@dataclass(frozen=True)
class Line:
    """One series: its legend text, colour, line style (matplotlib's) and points."""

    label: str
    color: str
    style: str
    x: Sequence[float]
    y: Sequence[float]
    width: float = 2.5


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
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


def line_chart(
    lines: Sequence[Line],
    title: str,
    unit: str,
    marks: Sequence[tuple[float, str]] = (),
    zero_line: bool = False,
    x_label: str = "week",
    empty: str = "",
    height: int = HEIGHT,
) -> str:
    """An SVG line chart with round ticks, units, a legend and vertical marks (switches).

    The x axis spans every point given, drawn or not (a series undefined at first keeps the
    weeks of the others); ``empty`` is written across a chart with nothing to draw yet. The
    legend is below the chart, never over the data. ``height`` is the chart's height without
    the legend, in SVG units (the width is :data:`WIDTH`).
    """
    series = [_finite(line) for line in lines]
    weeks = [np.asarray(line.x, dtype=float) for line in lines]
    xs = np.concatenate(weeks) if weeks else np.zeros(0)
    xs = xs[np.isfinite(xs)]
    ys = np.concatenate([y for _, y in series]) if series else np.zeros(0)
    x_low, x_high = (float(xs.min()), float(xs.max())) if len(xs) else (0.0, 1.0)
    y_low, y_high = (float(ys.min()), float(ys.max())) if len(ys) else (0.0, 1.0)
    # Weeks are whole numbers: no tick at week 1.5 in the first weeks of a run.
    x_ticks = [t for t in nice_ticks(x_low, max(x_high, x_low + 1)) if t == int(t)]
    y_ticks = nice_ticks(min(y_low, 0.0) if zero_line else y_low, y_high)
    x0, x1 = x_ticks[0], x_ticks[-1]
    y0, y1 = y_ticks[0], y_ticks[-1]
    if y1 == y0:
        y1 = y0 + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM

    def sx(x: float) -> float:
        return LEFT + (x - x0) / (x1 - x0) * plot_w

    def sy(y: float) -> float:
        return TOP + (1 - (y - y0) / (y1 - y0)) * plot_h

    per_row = 2 if max((len(line.label) for line in lines), default=0) <= LEGEND_CHARS else 1
    legend_rows = -(-len(lines) // per_row)
    out = [
        f'<svg viewBox="0 0 {WIDTH} {height + LEGEND_ROW * legend_rows}" '
        'xmlns="http://www.w3.org/2000/svg" '
        'style="width:100%;height:auto;font-family:sans-serif" role="img">',
        f"<title>{escape(title)}</title>",
        f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="18" '
        f'font-weight="bold">{escape(title)}</text>',
    ]
    for y in y_ticks:
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{sy(y):.1f}" y2="{sy(y):.1f}" '
                   'stroke="#ddd"/>')  # fmt: skip
        out.append(f'<text x="{LEFT - 6}" y="{sy(y) + 4:.1f}" text-anchor="end" '
                   f'font-size="12">{_label(y)}</text>')  # fmt: skip
    for x in x_ticks:
        out.append(f'<text x="{sx(x):.1f}" y="{height - BOTTOM + 16}" text-anchor="middle" '
                   f'font-size="12">{_label(x)}</text>')  # fmt: skip
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{height - 6}" text-anchor="middle" '
               f'font-size="13">{escape(x_label)}</text>')  # fmt: skip
    out.append(f'<text transform="translate(14,{TOP + plot_h / 2}) rotate(-90)" '
               f'text-anchor="middle" font-size="13">{escape(unit)}</text>')  # fmt: skip
    if zero_line and y0 <= 0 <= y1:
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{sy(0):.1f}" y2="{sy(0):.1f}" '
                   'stroke="black"/>')  # fmt: skip
    for week, text in marks:
        out.append(f'<line x1="{sx(week):.1f}" x2="{sx(week):.1f}" y1="{TOP}" '
                   f'y2="{TOP + plot_h}" stroke="black" stroke-dasharray="3 3"/>')  # fmt: skip
        # The label reads away from the nearer edge: a switch made this week (the right edge
        # while playing) keeps its label inside the chart.
        right = sx(week) > LEFT + plot_w / 2
        anchor = f'x="{sx(week) - 3:.1f}" text-anchor="end"' if right else f'x="{sx(week) + 3:.1f}"'
        out.append(f'<text {anchor} y="{TOP + 12}" font-size="11">{escape(text)}</text>')
    if empty and not len(ys):
        out.append(f'<text x="{LEFT + plot_w / 2}" y="{TOP + plot_h / 2}" text-anchor="middle" '
                   f'font-size="15" fill="#666">{escape(empty)}</text>')  # fmt: skip
    for line, (x, y) in zip(lines, series, strict=True):
        # The same arithmetic as sx and sy, on whole arrays (a chart redraws every week).
        px = LEFT + (x - x0) / (x1 - x0) * plot_w
        py = TOP + (1 - (y - y0) / (y1 - y0)) * plot_h
        pairs = np.column_stack((px, py)).ravel().tolist()
        coords = ("%.1f,%.1f " * len(px) % tuple(pairs)).rstrip()  # one format: 3x a join
        stroke = f'stroke="{line.color}" stroke-width="{line.width}" '
        stroke += f'stroke-dasharray="{DASHES.get(line.style, "")}"'
        if coords:
            out.append(f'<polyline points="{coords}" fill="none" {stroke}/>')
    column_width = (WIDTH - LEFT) / per_row
    for i, line in enumerate(lines):  # the legend, below the chart
        x = LEFT + column_width * (i % per_row)
        y = height + LEGEND_ROW * (i // per_row) + 4
        stroke = f'stroke="{line.color}" stroke-width="{line.width}" '
        stroke += f'stroke-dasharray="{DASHES.get(line.style, "")}"'
        out.append(f'<line x1="{x:.0f}" x2="{x + 26:.0f}" y1="{y}" y2="{y}" {stroke}/>')
        out.append(f'<text x="{x + 32:.0f}" y="{y + 4}" font-size="13">{escape(line.label)}</text>')
    out.append("</svg>")
    return "".join(out)


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
    if not positions:
        return line_chart([], title, "")
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    span_x, span_y = (x1 - x0) or 1.0, (y1 - y0) or 1.0
    size = HEIGHT * 1.6

    def at(node: int) -> tuple[float, float]:
        x, y = positions[node]
        return 20 + (x - x0) / span_x * (WIDTH - 40), TOP + (y - y0) / span_y * (size - TOP - 30)

    out = [
        f'<svg viewBox="0 0 {WIDTH} {size:.0f}" xmlns="http://www.w3.org/2000/svg" '
        'style="width:100%;height:auto;font-family:sans-serif" role="img">',
        f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="18" '
        f'font-weight="bold">{escape(title)}</text>',
    ]
    spot = {node: f"{x:.1f} {y:.1f}" for node, (x, y) in ((n, at(n)) for n in positions)}
    # Every tie in one path: one element for the browser to parse and lay out each week, not
    # one per tie (a default network has about 850).
    ties = "".join([f"M{spot[a]}L{spot[b]}" for a, b in edges])
    if ties:
        out.append(f'<path d="{ties}" fill="none" stroke="#c8c8c8" stroke-width="0.6"/>')
    out.append('<g stroke="#555" stroke-width="0.4">')
    for node, value in belief.items():
        x, y = spot[node].split(" ")
        out.append(f'<circle cx="{x}" cy="{y}" r="4.5" fill="{belief_color(value, threshold)}"/>')
    out.append("</g>")
    legend_y = size - 12
    for i, step in enumerate((-1.0, -0.5, 0.0, 0.5, 1.0)):
        value = threshold + step * BELIEF_SPREAD
        x = 20 + 70 * i
        text = {-1.0: "≤ ", 1.0: "≥ "}.get(step, "") + f"{value:.2f}"
        fill = belief_color(value, threshold)
        out.append(f'<circle cx="{x}" cy="{legend_y}" r="5" fill="{fill}" '
                   f'stroke="#555"/><text x="{x + 9}" y="{legend_y + 4}" font-size="12">'
                   f"{escape(text)}</text>")  # fmt: skip
    out.append(f'<text x="{20 + 70 * 5 + 10}" y="{legend_y + 4}" font-size="12">belief '
               f"(believers above {threshold:g})</text></svg>")  # fmt: skip
    return "".join(out)
