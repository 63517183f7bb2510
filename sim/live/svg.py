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
) -> str:
    """An SVG line chart with round ticks, units, a legend and vertical marks (switches).

    The x axis spans every point given, drawn or not (a series undefined at first keeps the
    weeks of the others); ``empty`` is written across a chart with nothing to draw yet.
    """
    points = [(x, y) for line in lines for x, y in zip(line.x, line.y, strict=True)]
    finite = [(x, y) for x, y in points if math.isfinite(x) and math.isfinite(y)]
    xs = [x for x, _ in points if math.isfinite(x)] or [0.0, 1.0]
    ys = [y for _, y in finite] or [0.0, 1.0]
    x_ticks = nice_ticks(min(xs), max(max(xs), min(xs) + 1))
    y_ticks = nice_ticks(min(ys + ([0.0] if zero_line else [])), max(ys))
    x0, x1 = x_ticks[0], x_ticks[-1]
    y0, y1 = y_ticks[0], y_ticks[-1]
    if y1 == y0:
        y1 = y0 + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(x: float) -> float:
        return LEFT + (x - x0) / (x1 - x0) * plot_w

    def sy(y: float) -> float:
        return TOP + (1 - (y - y0) / (y1 - y0)) * plot_h

    per_row = 2 if max((len(line.label) for line in lines), default=0) <= LEGEND_CHARS else 1
    legend_rows = -(-len(lines) // per_row)
    height = HEIGHT + LEGEND_ROW * legend_rows
    out = [
        f'<svg viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg" '
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
        out.append(f'<text x="{sx(x):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                   f'font-size="12">{_label(x)}</text>')  # fmt: skip
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 6}" text-anchor="middle" '
               f'font-size="13">{escape(x_label)}</text>')  # fmt: skip
    out.append(f'<text transform="translate(14,{TOP + plot_h / 2}) rotate(-90)" '
               f'text-anchor="middle" font-size="13">{escape(unit)}</text>')  # fmt: skip
    if zero_line and y0 <= 0 <= y1:
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{sy(0):.1f}" y2="{sy(0):.1f}" '
                   'stroke="black"/>')  # fmt: skip
    for week, text in marks:
        out.append(f'<line x1="{sx(week):.1f}" x2="{sx(week):.1f}" y1="{TOP}" '
                   f'y2="{TOP + plot_h}" stroke="black" stroke-dasharray="3 3"/>')  # fmt: skip
        out.append(f'<text x="{sx(week) + 3:.1f}" y="{TOP + 12}" font-size="11">'
                   f'{escape(text)}</text>')  # fmt: skip
    if empty and not finite:
        out.append(f'<text x="{LEFT + plot_w / 2}" y="{TOP + plot_h / 2}" text-anchor="middle" '
                   f'font-size="15" fill="#666">{escape(empty)}</text>')  # fmt: skip
    for line in lines:
        coords = " ".join(
            f"{sx(x):.1f},{sy(y):.1f}"
            for x, y in zip(line.x, line.y, strict=True)
            if math.isfinite(x) and math.isfinite(y)
        )
        stroke = f'stroke="{line.color}" stroke-width="{line.width}" '
        stroke += f'stroke-dasharray="{DASHES.get(line.style, "")}"'
        if coords:
            out.append(f'<polyline points="{coords}" fill="none" {stroke}/>')
    column_width = (WIDTH - LEFT) / per_row
    for i, line in enumerate(lines):  # the legend, below the chart: never over the data
        x = LEFT + column_width * (i % per_row)
        y = HEIGHT + LEGEND_ROW * (i // per_row) + 4
        stroke = f'stroke="{line.color}" stroke-width="{line.width}" '
        stroke += f'stroke-dasharray="{DASHES.get(line.style, "")}"'
        out.append(f'<line x1="{x:.0f}" x2="{x + 26:.0f}" y1="{y}" y2="{y}" {stroke}/>')
        out.append(f'<text x="{x + 32:.0f}" y="{y + 4}" font-size="13">{escape(line.label)}</text>')
    out.append("</svg>")
    return "".join(out)


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
        '<g stroke="#c8c8c8" stroke-width="0.6">',
    ]
    for a, b in edges:
        (xa, ya), (xb, yb) = at(a), at(b)
        out.append(f'<line x1="{xa:.1f}" y1="{ya:.1f}" x2="{xb:.1f}" y2="{yb:.1f}"/>')
    out.append('</g><g stroke="#555" stroke-width="0.4">')
    for node, value in belief.items():
        x, y = at(node)
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{belief_color(value, threshold)}"/>'
        )
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
