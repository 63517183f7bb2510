"""The live page's headline monitors (NetLogo's monitors): a few numbers in large type.

For each configuration, and side by side for the difference (right minus left, same seed):
revenue and profit to date, active customers and the believers' share of staff now. Side by
side, where the profit difference comes from: the profit channels of ``salesculture explain``
(:data:`sim.runs.explain.PROFIT_WORDS`: revenue by kind, cost by kind), each summed over the
weeks both configurations have run from the ledger's weekly columns, revenue counted +, cost
- (as :func:`sim.runs.explain.explain_pair` does), the largest first.

The numbers come from the columns the charts already converted
(:func:`sim.views.live.charts.record_column`): a week costs a few sums, not a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import solara

from salesculture.sim.runs.explain import PROFIT_WORDS
from salesculture.sim.views.live.charts import CONFIGURATION_STYLES, record_column
from salesculture.sim.views.live.session import LiveSession
from salesculture.sim.views.live.svg import DASHES
from salesculture.sim.views.vocabulary import color_of
from salesculture.sim.world.metricdefs import format_number

#: The class of the monitors' element, for a browser to find it.
MONITORS = "live-monitors"
#: The headline numbers: key -> what the room reads.
HEADLINES = {
    "revenue": "revenue to date",
    "profit": "profit to date",
    "customers": "customers now",
    "believers": "believers (% of staff)",
}


@dataclass(frozen=True)
class Channel:
    """One profit channel's part of the profit difference (right minus left) so far."""

    name: str  #: The weekly column (``revenue_recurring``, ``cost_commissions``, ...).
    words: str  #: What it is, in explain's words.
    to_profit: float  #: Its effect on the profit difference (currency; revenue +, cost -).


def headline(model, weeks: int | None = None) -> dict[str, float]:
    """One model's headline numbers over its first ``weeks`` weeks (default: all so far).

    Revenue and profit summed over the weeks (currency), customers active in the last week,
    believers as the percentage of staff in the last week (NaN before the first week).
    """
    count = len(model.records) if weeks is None else weeks
    if count == 0:
        return dict.fromkeys(HEADLINES, float("nan"))
    return {
        "revenue": float(record_column(model, "revenue", count).sum()),
        "profit": float(record_column(model, "profit", count).sum()),
        "customers": float(record_column(model, "customers", count)[-1]),
        "believers": 100.0 * float(record_column(model, "believer_share", count)[-1]),
    }


def headlines(session: LiveSession) -> list[dict[str, float]]:
    """Each configuration's headline numbers, then (side by side) their difference.

    The difference is right minus left, on the weeks both have run.
    """
    counts = [len(model.records) for model in session.models]
    if session.right is None:
        return [headline(session.left, counts[0])]
    shared = min(counts)
    left, right = (headline(model, shared) for model in session.models)
    return [
        headline(session.left, counts[0]),
        headline(session.right, counts[1]),
        {key: right[key] - left[key] for key in HEADLINES},
    ]


def channels(session: LiveSession, largest: int = 3) -> list[Channel]:
    """The ``largest`` profit channels of the difference so far (right minus left), by size.

    Empty with one configuration or before the first week.
    """
    if session.right is None:
        return []
    weeks = min(len(model.records) for model in session.models)
    if weeks == 0:
        return []
    found = []
    for name, words in PROFIT_WORDS.items():
        left, right = (float(record_column(m, name, weeks).sum()) for m in session.models)
        sign = 1.0 if name.startswith("revenue_") else -1.0
        found.append(Channel(name, words, sign * (right - left)))
    return sorted(found, key=lambda channel: -abs(channel.to_profit))[:largest]


def number_text(key: str, value: float, sign: bool = False) -> str:
    """A headline number as the monitors write it (``sign``: a difference, signed)."""
    if value != value:  # NaN: nothing run yet
        return "–"
    if key in ("revenue", "profit"):  # the tables' format (sim.world.metricdefs)
        return format_number(value, "currency", difference=sign)
    if key == "believers":  # a percentage of staff: the tables' share, in points if a difference
        return format_number(value / 100.0, "share", difference=sign)
    return f"{value:+,.0f}" if sign else f"{value:,.0f}"  # customers: whole


#: The monitors' style: large numbers, one box a headline, the boxes side by side.
STYLE = """
.live-monitors { display: flex; flex-wrap: wrap; gap: 0 14px; align-items: flex-end;
  font-family: sans-serif; }
.live-monitors .key { flex-basis: 100%; }
.live-monitors .monitor { min-width: 100px; }
.live-monitors .what { font-size: 14px; color: #555; }
.live-monitors .value { font-size: 18px; font-weight: bold; line-height: 1.15; }
.live-monitors .value span + span { margin-left: 8px; }
.live-monitors .key { font-size: 14px; line-height: 1.2; }
.live-monitors.presenter .value { font-size: 34px; }
.live-monitors.presenter .what, .live-monitors.presenter .key { font-size: 18px; }
"""


def monitors_html(session: LiveSession, presenter: bool = False) -> str:
    """The monitors as HTML: a box a headline, each configuration's number in its colour."""
    rows = headlines(session)
    colors = [color_of(name) for name in session.labels]
    names = list(session.labels) + (["difference"] if len(rows) > 2 else [])
    boxes = []
    for key, what in HEADLINES.items():
        values = []
        for index, (name, row) in enumerate(zip(names, rows, strict=True)):
            difference = index == 2
            color = "#333" if difference else colors[index]
            text = number_text(key, row[key], sign=difference)
            values.append(f'<span style="color:{color}" title="{escape(name)}" '
                          f'data-key="{key}" data-index="{index}">{escape(text)}'
                          "</span>")  # fmt: skip
        boxes.append(f'<div class="monitor"><div class="what">{escape(what)}</div>'
                     f'<div class="value">{"".join(values)}</div></div>')  # fmt: skip
    if session.right is not None:  # which line style is whose (the numbers in their colours)
        keys = " &nbsp; ".join(
            f'<svg width="24" height="10"><line x1="0" x2="24" y1="5" y2="5" stroke="#444" '
            f'stroke-width="2.5" stroke-dasharray="{DASHES[style]}"/></svg> '
            f'<b style="color:{color}">{escape(name)}</b>'
            for name, color, style in zip(session.labels, colors, CONFIGURATION_STYLES, strict=True)
        )
        boxes.append(
            f'<div class="monitor key">{keys} &nbsp; (the third number: '
            f"{escape(session.labels[1])} minus {escape(session.labels[0])})</div>"
        )
    classes = MONITORS + (" presenter" if presenter else "")
    return f'<div class="{classes}">{"".join(boxes)}</div>'


def channels_html(session: LiveSession) -> str:
    """Where the profit difference comes from so far, in words (empty with one configuration)."""
    found = channels(session)
    if not found:
        return ""
    parts = "; ".join(
        f"{escape(c.words)} <b>{escape(number_text('profit', c.to_profit, sign=True))}</b>"
        for c in found
    )
    return (f'<div class="live-channels" style="font-size:16px">Profit difference so far, '
            f"largest channels: {parts}</div>")  # fmt: skip


@solara.component
def Monitors(model: LiveSession, tick: int, presenter: bool = False):  # noqa: N802
    """The headline numbers in large type; ``tick`` (Mesa's step counter) redraws them."""
    solara.Style(STYLE)
    solara.HTML(tag="div", unsafe_innerHTML=monitors_html(model, presenter))
