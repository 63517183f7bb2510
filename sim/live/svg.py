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
) -> str:
    """An SVG line chart with round ticks, units, a legend and vertical marks (switches)."""
    points = [(x, y) for line in lines for x, y in zip(line.x, line.y, strict=True)]
    finite = [(x, y) for x, y in points if math.isfinite(x) and math.isfinite(y)]
    xs = [x for x, _ in finite] or [0.0, 1.0]
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

    out = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg" '
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
    for i, line in enumerate(lines):
        y = TOP + 10 + 16 * i
        stroke = f'stroke="{line.color}" stroke-width="{line.width}" '
        stroke += f'stroke-dasharray="{DASHES.get(line.style, "")}"'
        out.append(f'<line x1="{LEFT + 8}" x2="{LEFT + 34}" y1="{y}" y2="{y}" {stroke}/>')
        out.append(f'<text x="{LEFT + 40}" y="{y + 4}" font-size="12">{escape(line.label)}</text>')
    out.append("</svg>")
    return "".join(out)
