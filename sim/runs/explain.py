"""Explain a paired difference: through which channels one configuration beats another.

``salesculture explain A B`` runs both on the same seeds (common random numbers, as
``compare``) and splits the paired difference of profit into what the runs' own weekly records
say it is made of:

- **profit channels**: revenue by kind (new, recurring, upsell) less cost by kind and role
  (salaries of each role, commissions, incentives, values bonus, training, hiring, severance,
  overruns, service, marketing, surveys). They add up to the profit difference exactly.
- **revenue by source**: where the paying customers' leads came from (existing customers of
  week 0, marketing, outbound prospecting, word of mouth, staff referrals); adds up to revenue.
- **the funnel**: leads by source, opportunities, wins, losses and churn, with the change in
  wins split into *more deals closed* (at the reference's win rate) and *a higher win rate*
  (on the other's deals): the two add up to the change in wins.
- **head-count by role**, each year's mean.
- **the culture path**: total belief moved per employee by each force (peers, the pull toward
  one's own disposition and the part of it hand-off conflicts add, leaders, rewards, training,
  customers' feedback, noise) and by who comes and goes (hires as drawn, the hiring screen,
  quits, exits, layoffs). They add up to the change of the workforce's total belief.

Every difference is a mean over paired seeds with its 95 % Student-t interval. A headline
effect should come from a channel its mechanism names; when it does not, the model has an
artefact (docs/odd.md, "Explaining a difference").
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from salesculture.sim.config.rates import WEEKS_PER_YEAR
from salesculture.sim.runs.stats import CANNOT_TELL, excludes_zero, mean_interval, split_words
from salesculture.sim.world.customers import LEAD_SOURCE_NAMES
from salesculture.sim.world.flows import WINS_BY_SOURCE
from salesculture.sim.world.ledger import COST_KINDS, REVENUE_KINDS
from salesculture.sim.world.metrics import ROLE_NAMES

#: Prefix of the channel totals among a compared run's metrics.
PREFIX = "explain."

#: Words for each profit channel (the weekly column without ``revenue_``/``cost_``).
PROFIT_WORDS = {
    "revenue_new": "new revenue (first contracts, fees)",
    "revenue_recurring": "recurring revenue (contracts billed)",
    "revenue_upsell": "upsell revenue",
    "cost_salaries_sales": "salespeople's salaries",
    "cost_salaries_engineering": "engineers' salaries",
    "cost_salaries_service": "service staff's salaries",
    "cost_salaries_leadership": "leadership salaries (CEO, sales leader)",
    "cost_salaries_sales_managers": "sales managers' salaries",
    "cost_commissions": "commissions",
    "cost_incentives": "everybody-sells incentives",
    "cost_values_bonus": "values bonus",
    "cost_training": "training",
    "cost_hiring": "hiring",
    "cost_severance": "severance",
    "cost_overruns": "overruns (unpriced scope bought in)",
    "cost_service": "service costs",
    "cost_marketing": "marketing",
    "cost_surveys": "perception surveys",
}
SOURCE_WORDS = {
    "existing": "customers of week 0",
    "marketing": "customers won through marketing",
    "outbound": "customers won through outbound prospecting",
    "word_of_mouth": "customers won through word of mouth",
    "staff": "customers referred by non-sales staff",
}
CULTURE_WORDS = {
    "peers": "peers (contact in the influence network)",
    "disposition": "pull back to one's own disposition",
    "conflict": "extra pull back from hand-off conflicts",
    "leaders": "leaders modelling the values",
    "rewards": "pay that honours (or ignores) the values",
    "training": "training",
    "feedback": "customers' perception surveys",
    "noise": "week-to-week noise",
    "bounds": "belief kept within 0..1",
    "hires": "hires, as drawn",
    "screen": "the hiring screen",
    "quits": "quits",
    "exits": "exits of non-believers",
    "layoffs": "layoffs",
}
FUNNEL = (
    *(f"leads_{s}" for s in ("marketing", "outbound", "word_of_mouth", "from_staff")),
    "opportunities",
    "wins",
    "losses",
    "churned",
    "renewals",
    "upsells",
)


def channel_totals(timeseries: pd.DataFrame) -> dict[str, float]:
    """One run's channels over its horizon, as flat metrics named ``explain.<channel>``.

    Money in currency units over the horizon; counts over the horizon; head-count as each
    year's mean (``headcount_<role>_y<k>``); the culture path in belief units per employee
    (the total moved over the horizon over the mean head-count).
    """
    weekly = timeseries
    totals: dict[str, float] = {}
    for kind in REVENUE_KINDS:
        totals[f"revenue_{kind}"] = float(weekly[f"revenue_{kind}"].sum())
    for kind in COST_KINDS:
        totals[f"cost_{kind}"] = float(weekly[f"cost_{kind}"].sum())
    for name in LEAD_SOURCE_NAMES:
        totals[f"revenue_from_{name}"] = float(weekly[f"revenue_from_{name}"].sum())
    for column in (*FUNNEL, *WINS_BY_SOURCE):
        totals[column] = float(weekly[column].sum())
    year = (weekly["week"].to_numpy() - 1) // WEEKS_PER_YEAR + 1
    for name in ROLE_NAMES.values():
        by_year = weekly[f"headcount_{name}"].groupby(year).mean()
        for k, value in by_year.items():
            totals[f"headcount_{name}_y{k}"] = float(value)
    mean_headcount = float(weekly["headcount"].mean()) or math.nan
    for name in CULTURE_WORDS:
        moved = float(weekly[f"culture_path_{name}"].sum())
        totals[f"culture_path_{name}"] = moved / mean_headcount
    return {PREFIX + key: value for key, value in totals.items()}


@dataclass
class Row:
    """One channel: both means and the paired difference (other - reference) with its interval."""

    group: str
    channel: str
    words: str
    reference: float
    other: float
    diff: float
    low: float
    high: float
    #: The channel's share of the profit difference (revenue +, cost -), for profit channels.
    to_profit: float | None = None

    @property
    def clear(self) -> bool:
        """Whether the interval of the paired difference excludes zero."""
        return excludes_zero(self.low, self.high)


@dataclass
class Explanation:
    """The paired difference of ``other`` against ``reference``, channel by channel."""

    reference: str
    other: str
    seeds: list[int]
    years: int | str
    profit: Row
    rows: list[Row] = field(default_factory=list)
    #: With ``--company``: ``company``, ``fit`` (its directory), ``draws``, and the shares of the
    #: profit difference's spread from parameters and from luck (``parameter_share``,
    #: ``luck_share``; None when it does not vary).
    company: dict[str, Any] | None = None

    def group(self, name: str) -> list[Row]:
        """The rows of one group: profit, source, funnel, wins, headcount or culture."""
        return [row for row in self.rows if row.group == name]

    def largest(self, n: int = 3) -> list[Row]:
        """The ``n`` profit channels that move profit most, largest first."""
        return sorted(self.group("profit"), key=lambda r: -abs(r.to_profit or 0.0))[:n]

    def summary(self) -> str:
        """The explanation in words: the profit difference and its three largest channels."""
        profit = self.profit
        parts = [_phrase(row) for row in self.largest(3) if row.to_profit]
        lines = [
            f"{self.other} against {self.reference}: profit {money(profit.diff, sign=True)} "
            f"[{money(profit.low)}, {money(profit.high)}] over {_years(self.years)}, "
            f"mostly through {_join(parts)}."
            if parts
            else "no channel moves profit."
        ]
        if self.company:
            c = self.company
            shares = (c["parameter_share"], c["luck_share"])
            split = None if shares[0] is None else shares
            verdict = "" if profit.clear else f"; {CANNOT_TELL}"
            lines.append(
                f"Company {c['company']}, {c['draws']} draws x {len(self.seeds)} seeds: the profit "
                f"difference's spread is {split_words(split)}{verdict}."
            )
        sources = sorted(self.group("source"), key=lambda r: -abs(r.diff))
        if sources and sources[0].clear:
            top = sources[0]
            lines.append(
                f"Revenue moves most with {SOURCE_WORDS[top.channel.removeprefix('revenue_from_')]}"
                f" ({money(top.diff, sign=True)})."
            )
        split = {row.channel: row for row in self.group("wins")}
        if split:
            lines.append(
                f"Wins {_count(split['wins'].diff)}: "
                f"{_count(split['more deals closed'].diff)} from the number of deals closed, "
                f"{_count(split['higher win rate'].diff)} from the win rate; "
                f"churned {_count(self._row('funnel', 'churned').diff)}."
            )
        culture = [r for r in self.group("culture") if r.channel != "believer_share"]
        if culture:
            believers = self._row("culture", "believer_share")
            top = sorted(culture, key=lambda r: -abs(r.diff))[:2]
            lines.append(
                f"Believer share {believers.diff * 100:+.1f} points, belief moved most by "
                + " and ".join(
                    f"{CULTURE_WORDS[r.channel.removeprefix('culture_path_')]} ({r.diff:+.2f})"
                    for r in top
                )
                + " per employee."
            )
        return "\n".join(lines)

    def _row(self, group: str, channel: str) -> Row:
        return next(r for r in self.group(group) if r.channel == channel)

    def table(self) -> pd.DataFrame:
        """Every channel as a row, as the table of ``salesculture explain`` lists them.

        Columns: group, channel, words, both means (``reference``, ``other``), the paired
        difference and its interval (``diff``, ``low``, ``high``), its share of the profit
        difference (``to_profit``) and whether the interval excludes zero (``clear``).
        """
        frame = pd.DataFrame([asdict(row) for row in self.rows])
        frame["clear"] = [row.clear for row in self.rows]
        return frame

    def to_json(self) -> dict:
        """A JSON-ready dict of everything printed."""
        return {
            "reference": self.reference,
            "other": self.other,
            "seeds": self.seeds,
            "years": self.years,
            **({"company": self.company} if self.company else {}),
            "summary": self.summary(),
            "profit": _clean(asdict(self.profit)),
            "largest": [row.channel for row in self.largest(3)],
            "rows": [_clean(asdict(row)) for row in self.rows],
        }


def explain(runs: pd.DataFrame, reference: str, other: str, years: int | str) -> Explanation:
    """Decompose the paired differences of ``other`` against ``reference`` in ``runs``.

    Args:
        runs: One row per (scenario, seed) with the summary metrics and the channel totals of
            :func:`channel_totals` (a :class:`sim.runs.compare.Comparison`'s ``runs``).
        reference: The configuration differences are taken against.
        other: The configuration explained.
        years: The horizon (for the words).
    """
    a = runs[runs.scenario == reference].set_index("seed")
    b = runs[runs.scenario == other].set_index("seed")
    return explain_pair(a, b, reference, other, years)


def explain_pair(
    a: pd.DataFrame,
    b: pd.DataFrame,
    reference: str,
    other: str,
    years: int | str,
    interval: Callable[[Any], tuple[float, float, float]] = mean_interval,
) -> Explanation:
    """Decompose ``b - a``, two sets of runs indexed by seed (paired on the seeds both have).

    Each frame has the summary metrics ``profit`` and ``believer_share`` and the channel totals
    of :func:`channel_totals`; ``reference`` and ``other`` name them in the words. ``interval``
    gives each difference's mean and interval from the paired differences (default: the mean's
    Student-t interval; ``compare --company``: the range of the differences).
    """
    seeds = sorted(set(a.index) & set(b.index))
    a, b = a.loc[seeds], b.loc[seeds]

    def row(group: str, channel: str, words: str, x: pd.Series, y: pd.Series, sign=None) -> Row:
        diff, low, high = interval((y - x).to_numpy(dtype=float))
        return Row(
            group,
            channel,
            words,
            float(x.mean()),
            float(y.mean()),
            diff,
            low,
            high,
            None if sign is None else sign * diff,
        )

    def col(frame: pd.DataFrame, name: str) -> pd.Series:
        return frame[PREFIX + name]

    rows: list[Row] = []
    for name, words in PROFIT_WORDS.items():
        sign = 1.0 if name.startswith("revenue_") else -1.0
        rows.append(row("profit", name, words, col(a, name), col(b, name), sign))
    for name in LEAD_SOURCE_NAMES:
        channel = f"revenue_from_{name}"
        rows.append(row("source", channel, SOURCE_WORDS[name], col(a, channel), col(b, channel)))
    for name in FUNNEL:
        rows.append(row("funnel", name, name.replace("_", " "), col(a, name), col(b, name)))
    rows.extend(_win_split(a, b, row, col))
    for role in ROLE_NAMES.values():
        for column in sorted(c for c in a.columns if c.startswith(f"{PREFIX}headcount_{role}_y")):
            year = column.rsplit("_y", 1)[1]
            x, y = a[column], b[column]
            if x.max() > 0 or y.max() > 0:
                rows.append(row("headcount", f"{role} year {year}", role, x, y))
    for name, words in CULTURE_WORDS.items():
        channel = f"culture_path_{name}"
        rows.append(row("culture", channel, words, col(a, channel), col(b, channel)))
    rows.append(
        row(
            "culture",
            "believer_share",
            "believer share at the end",
            a["believer_share"],
            b["believer_share"],
        )
    )
    profit = row("total", "profit", "profit", a["profit"], b["profit"])
    return Explanation(reference, other, seeds, years, profit, rows)


def _win_split(a: pd.DataFrame, b: pd.DataFrame, row, col) -> list[Row]:
    """The change in wins: more deals closed at the reference's win rate + the win rate's change.

    Per seed, with ``n`` deals closed and win rate ``r``: ``wins_b - wins_a = (n_b - n_a) r_a
    + n_b (r_b - r_a)``, exactly.
    """
    n_a = col(a, "wins") + col(a, "losses")
    n_b = col(b, "wins") + col(b, "losses")
    r_a = col(a, "wins") / n_a.where(n_a > 0)
    r_b = col(b, "wins") / n_b.where(n_b > 0)
    closed = (n_b - n_a) * r_a
    rate = n_b * (r_b - r_a)
    zero = closed * 0.0
    return [
        row("wins", "wins", "change in wins", col(a, "wins"), col(b, "wins")),
        row("wins", "more deals closed", "at the reference's win rate", zero, closed),
        row("wins", "higher win rate", "on the other's deals", zero, rate),
    ]


# --- words and numbers -------------------------------------------------------------------------


def money(value: float, sign: bool = False) -> str:
    """An amount of money in words' style: ``+1.23M``, ``-45k``, ``0``."""
    if value is None or not math.isfinite(value):
        return "-"
    if abs(value) < 500:
        return "0"
    text = f"{value / 1e6:,.2f}M" if abs(value) >= 1e5 else f"{value / 1e3:,.0f}k"
    return ("+" if sign and value >= 0 else "") + text


def _years(years: int | str) -> str:
    return "1 year" if str(years) == "1" else f"{years} years"


def _count(value: float) -> str:
    return "-" if not math.isfinite(value) else f"{value:+,.0f}"


def _phrase(row: Row) -> str:
    """``more recurring revenue (+5.02M)``, ``higher engineers' salaries (-1.80M)``."""
    revenue = row.channel.startswith("revenue_")
    more = row.diff >= 0
    word = ("more " if more else "less ") if revenue else ("higher " if more else "lower ")
    return f"{word}{row.words} ({money(row.to_profit or 0.0, sign=True)})"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _clean(record: dict) -> dict:
    return {
        k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in record.items()
    }
