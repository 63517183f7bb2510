"""How ``salesculture explain`` prints an explanation: a text table, Markdown, CSV.

The explanation itself (its channels, rows and words) is :mod:`sim.runs.explain`.
"""

from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from salesculture.sim.runs.explain import Explanation, Row
from salesculture.sim.world.metricdefs import STAR_NOTE, format_number


def money(value: float | None, sign: bool = False) -> str:
    """An amount of money as every table writes it; ``sign``: a difference."""
    return format_number(value, "currency", difference=sign)


def format_table(explanation: Explanation) -> str:
    """The explanation as text: words first, then each group as a table."""
    e = explanation
    lines = [e.summary(), ""]
    head = (
        f"{'channel':<44} {e.reference[:14]:>14} {e.other[:14]:>14} {'difference':>12} "
        f"{'95% interval':>24}"
    )
    sections = (
        (
            "profit",
            "Profit channels (revenue adds to profit, cost takes from it; they add up to "
            "the profit difference)",
            money,
        ),
        ("source", "Revenue by where the customers' leads came from", money),
        ("funnel", "The funnel (counts over the horizon)", _plain),
        ("wins", "The change in wins, split", _plain),
        ("headcount", "Head-count by role (mean over each year)", _plain),
        ("culture", "The culture path (belief moved per employee over the horizon)", _belief),
    )
    for group, title, number in sections:
        if group == "headcount":
            lines += _headcount_lines(e, title)
            continue
        rows = e.group(group)
        if group == "profit":
            rows = sorted(rows, key=lambda r: -abs(r.to_profit or 0.0))
            rows = [r for r in rows if r.reference or r.other]
        if not rows:
            continue
        lines += [title, head, "-" * len(head)]
        for r in rows:
            mark = "*" if r.clear else " "
            diff = r.to_profit if group == "profit" else r.diff
            low, high = (
                (r.low, r.high) if group != "profit" or r.to_profit == r.diff else (-r.high, -r.low)
            )
            name = r.words if group in ("profit", "source", "culture") else r.channel
            lines.append(
                f"{name[:44]:<44} {number(r.reference):>14} {number(r.other):>14} "
                f"{number(diff, True):>12}{mark:<1} [{number(low)}, {number(high)}]".rstrip()
            )
        if group == "profit":
            p = e.profit
            lines.append(
                f"{'= profit':<44} {money(p.reference):>14} {money(p.other):>14} "
                f"{money(p.diff, True):>12}{'*' if p.clear else ' '} "
                f"[{money(p.low)}, {money(p.high)}]"
            )
        lines.append("")
    if e.company:
        c = e.company
        runs = c["draws"] * len(e.seeds)
        lines.append(
            f"Company {c['company']} (fit {c['fit']}): {c['draws']} draws x {len(e.seeds)} seeds, "
            f"paired by draw and seed; difference = {e.other} - {e.reference}, mean with the "
            f"2.5-97.5 % quantiles of the {runs} paired differences (what this company could "
            "see: parameter uncertainty and luck together); profit channels are signed as they "
            "move profit (a cost that rises is negative)."
        )
    else:
        lines.append(
            f"{len(e.seeds)} paired seeds; difference = {e.other} - {e.reference}, mean with its "
            "95 % Student-t interval; profit channels are signed as they move profit (a cost "
            "that rises is negative)."
        )
    lines.append(STAR_NOTE)
    return "\n".join(lines)


def _headcount_lines(e: Explanation, title: str) -> list[str]:
    """One line per role: the reference's mean head-count and the difference, year by year."""
    by_role: dict[str, list[Row]] = {}
    for r in e.group("headcount"):
        by_role.setdefault(r.words, []).append(r)
    if not by_role:
        return []
    years = max(len(rows) for rows in by_role.values())
    head = f"{'role':<16} " + " ".join(f"{'year ' + str(k + 1):>16}" for k in range(years))
    lines = [f"{title}: {e.reference}, and {e.other} - {e.reference}", head, "-" * len(head)]
    for role, rows in by_role.items():
        cells = [
            f"{_plain(r.reference)} {_plain(r.diff, True)}"
            f"{'*' if r.clear else ' '}"
            for r in rows
        ]
        lines.append(f"{role:<16} " + " ".join(f"{c:>16}" for c in cells))
    return [*lines, ""]


def _plain(value: float | None, difference: bool = False) -> str:
    """A count (leads, wins, people) as every table writes it."""
    return format_number(value, "", difference)


def _belief(value: float | None, difference: bool = False) -> str:
    """Belief moved per employee, as every table writes it."""
    return format_number(value, "belief", difference)


def markdown(explanation: Explanation, top: int = 5) -> str:
    """The words and the ``top`` largest profit channels as a Markdown table (for READMEs)."""
    e = explanation
    lines = [
        e.summary().replace("\n", " "),
        "",
        f"| channel | {e.reference} | {e.other} | effect on profit | 95 % interval |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in e.largest(top):
        low, high = (
            sorted((r.to_profit / r.diff * r.low, r.to_profit / r.diff * r.high))
            if (r.diff)
            else (0.0, 0.0)
        )
        lines.append(
            f"| {r.words} | {money(r.reference)} | {money(r.other)} | "
            f"{money(r.to_profit or 0.0, sign=True)}{'*' if r.clear else ''} | "
            f"[{money(low)}, {money(high)}] |"
        )
    p = e.profit
    lines.append(
        f"| **profit** | {money(p.reference)} | {money(p.other)} | "
        f"**{money(p.diff, sign=True)}**{'*' if p.clear else ''} | "
        f"[{money(p.low)}, {money(p.high)}] |"
    )
    return "\n".join(lines)


def to_csv(explanation: Explanation, command: str | None = None) -> str:
    """Every row as CSV, with the pair, seeds and horizon on each line (and ``command``)."""
    frame = pd.DataFrame([asdict(r) for r in [explanation.profit, *explanation.rows]])
    # The rows' own ``reference`` and ``other`` columns are the two means; the names go first.
    frame.insert(0, "other_name", explanation.other)
    frame.insert(0, "reference_name", explanation.reference)
    frame["seeds"] = " ".join(map(str, explanation.seeds))
    frame["years"] = explanation.years
    if explanation.company:
        frame["company"] = explanation.company["company"]
        frame["draws"] = explanation.company["draws"]
    if command is not None:
        frame["command"] = command
    return frame.replace([np.inf, -np.inf], np.nan).to_csv(index=False)
