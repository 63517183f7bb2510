"""A company's CRM export: figures of its history computed from its records (CSV files).

A profile's ``crm`` names a folder beside it holding (docs/company.md, The CRM export):

- ``opportunities.csv``: ``opportunity_id``, ``created``, ``closed``, ``stage`` (won, lost, open);
- ``contracts.csv``: ``account_id``, ``kind`` (base, expansion), ``start``, ``end`` (the first day
  it no longer runs; empty while it runs on), ``annual_value`` (currency/year);
- ``fees.csv`` (optional): ``account_id``, ``kind`` (new, addon), ``date`` (booked: the order's
  delivery), ``amount`` (currency).

Other columns are ignored; dates are ``yyyy-mm-dd``. Year ``k`` of the history runs from the
``k-1``-th anniversary of the profile's ``history_start`` to the day before the ``k``-th. Each
figure is computed as :data:`sim.config.figures.FIGURES` defines it, with its uncertainty: a
binomial standard deviation for a share, the standard error for a mean, the figure's default
for a count or an amount. Reading writes nothing. Importing this module loads nothing else of
the project but :mod:`sim.config.errors` and :mod:`sim.config.figures`.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from salesculture.sim.config.errors import ConfigError, did_you_mean, shown_path
from salesculture.sim.config.figures import FIGURES

OPPORTUNITIES, CONTRACTS, FEES = "opportunities.csv", "contracts.csv", "fees.csv"
#: The columns each file must have (others are ignored).
COLUMNS = {
    OPPORTUNITIES: ("opportunity_id", "created", "closed", "stage"),
    CONTRACTS: ("account_id", "kind", "start", "end", "annual_value"),
    FEES: ("account_id", "kind", "date", "amount"),
}
STAGES = ("won", "lost", "open")
CONTRACT_KINDS = ("base", "expansion")
FEE_KINDS = ("new", "addon")
#: The figures a CRM export gives, and the files each is computed from.
NEEDS: dict[str, tuple[str, ...]] = {
    "win_rate": (OPPORTUNITIES,),
    "sales_cycle_weeks": (OPPORTUNITIES,),
    "customers": (CONTRACTS,),
    "logo_churn": (CONTRACTS,),
    "revenue_recurring": (CONTRACTS,),
    "revenue_new": (FEES,),
    "revenue_upsell": (CONTRACTS, FEES),
}
#: The keys of a profile's ``crm`` mapping.
SPEC_KEYS = ("folder", "figures", "years")
#: How a message counts rows: as a spreadsheet shows the file.
ROWS = "row 1 is the header"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class CrmFigure(NamedTuple):
    """A figure of one year computed from the export, with the file it came from."""

    figure: str
    year: int
    value: float
    sd: float
    file: str


@dataclass(frozen=True)
class Opportunity:
    """A row of ``opportunities.csv``: when it opened and closed, and how it ended."""

    created: dt.date
    closed: dt.date | None
    stage: str


@dataclass(frozen=True)
class Contract:
    """A row of ``contracts.csv``: a base or expansion subscription of an account."""

    account: str
    kind: str
    start: dt.date
    end: dt.date | None  #: the first day it no longer runs (None: it runs on)
    annual_value: float

    def active(self, day: dt.date) -> bool:
        """Whether the contract runs on ``day``."""
        return self.start <= day and (self.end is None or day < self.end)

    def billed(self, first: dt.date, after: dt.date) -> float:
        """Its annual value prorated over the days of ``[first, after)`` it runs."""
        end = after if self.end is None else min(self.end, after)
        days = (end - max(self.start, first)).days
        return self.annual_value * max(days, 0) / (after - first).days


@dataclass(frozen=True)
class Fee:
    """A row of ``fees.csv``: a one-off fee, booked on its day."""

    kind: str
    day: dt.date
    amount: float


def parse_date(text: str) -> dt.date:
    """A ``yyyy-mm-dd`` date (ValueError otherwise)."""
    if not DATE.fullmatch(text.strip()):
        raise ValueError(text)
    return dt.date.fromisoformat(text.strip())


def anniversary(start: dt.date, years: int) -> dt.date:
    """``start`` moved on by whole ``years`` (29 February becomes 28 February)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def year_window(start: dt.date, year: int) -> tuple[dt.date, dt.date]:
    """The first day of history year ``year`` and the first day after it."""
    return anniversary(start, year - 1), anniversary(start, year)


def check_figures(figures: object, directory: Path, at: str) -> list[str]:
    """The figures a profile asks of its export (all it can give when ``figures`` is None).

    Raises:
        ConfigError: for a figure the export cannot give, or whose file is missing.
    """
    if figures is None:
        found = [f for f, files in NEEDS.items() if all((directory / n).is_file() for n in files)]
        if not found:
            raise ConfigError(
                f"{at}: {shown_path(directory)} holds none of {OPPORTUNITIES}, {CONTRACTS}"
            )
        return found
    if not isinstance(figures, list) or not figures:
        raise ConfigError(f"{at}: must be a list of figures, e.g. [win_rate, customers]")
    for name in figures:
        if name not in NEEDS:
            where = "give it in observed" if name in FIGURES else did_you_mean(str(name), NEEDS)
            raise ConfigError(
                f"{at}: {name!r} is not computed from a CRM export; {where}"
                f"{'; ' if name in FIGURES else ''}a CRM export gives {', '.join(NEEDS)}"
            )
        missing = [n for n in NEEDS[name] if not (directory / n).is_file()]
        if missing:
            raise ConfigError(f"{at}: {name} needs {shown_path(directory / missing[0])}")
    return list(dict.fromkeys(figures))


def crm_figures(
    directory: Path, start: dt.date, years: list[int], figures: list[str]
) -> list[CrmFigure]:
    """``figures`` of each of ``years``, computed from the export in ``directory``.

    Raises:
        ConfigError: one line naming the file, the row and the field of a bad record, or the
            year a figure cannot be computed for.
    """
    files = {n for f in figures for n in NEEDS[f]}
    opportunities = _opportunities(directory / OPPORTUNITIES) if OPPORTUNITIES in files else []
    contracts = _contracts(directory / CONTRACTS) if CONTRACTS in files else []
    fees = _fees(directory / FEES) if FEES in files else []
    out = []
    for year in years:
        first, after = year_window(start, year)
        window = _Window(year, first, after, directory)
        for name in figures:
            value, sd = _COMPUTE[name](window, opportunities, contracts, fees)
            sd = sd if sd > 0 else FIGURES[name].sd_of(value)
            if sd <= 0:
                raise ConfigError(
                    f"{shown_path(directory / NEEDS[name][0])}: {name} in year {year} "
                    f"({window.span}) is 0, which leaves nothing to fit; leave it out of "
                    "crm.figures, or give it in observed with an sd"
                )
            out.append(CrmFigure(name, year, value, sd, "+".join(NEEDS[name])))
    return out


@dataclass(frozen=True)
class _Window:
    year: int
    first: dt.date
    after: dt.date
    directory: Path

    @property
    def last(self) -> dt.date:
        return self.after - dt.timedelta(days=1)

    @property
    def span(self) -> str:
        return f"{self.first.isoformat()} to {self.last.isoformat()}"

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.first <= day < self.after


def _closed(w: _Window, opportunities: list[Opportunity]) -> list[Opportunity]:
    closed = [o for o in opportunities if o.stage != "open" and w.holds(o.closed)]
    if not closed:
        raise ConfigError(
            f"{shown_path(w.directory / OPPORTUNITIES)}: no opportunity closed (won or lost) in "
            f"year {w.year} ({w.span}); leave the year out of crm.years, or win_rate and "
            "sales_cycle_weeks out of crm.figures"
        )
    return closed


def _binomial(hits: int, n: int) -> tuple[float, float]:
    p = hits / n
    return p, math.sqrt(p * (1.0 - p) / n)


def _win_rate(w: _Window, opps: list[Opportunity], *_: object) -> tuple[float, float]:
    closed = _closed(w, opps)
    return _binomial(sum(o.stage == "won" for o in closed), len(closed))


def _cycle(w: _Window, opps: list[Opportunity], *_: object) -> tuple[float, float]:
    weeks = [(o.closed - o.created).days / 7 for o in _closed(w, opps) if o.closed is not None]
    se = statistics.stdev(weeks) / math.sqrt(len(weeks)) if len(weeks) > 1 else 0.0
    return statistics.fmean(weeks), se


def _accounts(contracts: list[Contract], day: dt.date) -> set[str]:
    return {c.account for c in contracts if c.kind == "base" and c.active(day)}


def _customers(
    w: _Window, _o: object, contracts: list[Contract], _f: object
) -> tuple[float, float]:
    return float(len(_accounts(contracts, w.last))), 0.0


def _churn(w: _Window, _o: object, contracts: list[Contract], _f: object) -> tuple[float, float]:
    at_start = _accounts(contracts, w.first)
    if not at_start:
        raise ConfigError(
            f"{shown_path(w.directory / CONTRACTS)}: no account has a base contract running on "
            f"{w.first.isoformat()}, the first day of year {w.year}; logo_churn of that year "
            "needs some (leave the year out of crm.years)"
        )
    return _binomial(len(at_start - _accounts(contracts, w.last)), len(at_start))


def _billed(w: _Window, contracts: list[Contract], kind: str) -> float:
    return sum(c.billed(w.first, w.after) for c in contracts if c.kind == kind)


def _fees_of(w: _Window, fees: list[Fee], kind: str) -> float:
    return sum(f.amount for f in fees if f.kind == kind and w.holds(f.day))


def _recurring(
    w: _Window, _o: object, contracts: list[Contract], _f: object
) -> tuple[float, float]:
    return _billed(w, contracts, "base"), 0.0


def _new(w: _Window, _o: object, _c: object, fees: list[Fee]) -> tuple[float, float]:
    return _fees_of(w, fees, "new"), 0.0


def _upsell(
    w: _Window, _o: object, contracts: list[Contract], fees: list[Fee]
) -> tuple[float, float]:
    return _billed(w, contracts, "expansion") + _fees_of(w, fees, "addon"), 0.0


_COMPUTE = {
    "win_rate": _win_rate,
    "sales_cycle_weeks": _cycle,
    "customers": _customers,
    "logo_churn": _churn,
    "revenue_recurring": _recurring,
    "revenue_new": _new,
    "revenue_upsell": _upsell,
}


# --- reading the files ----------------------------------------------------------------------


class _Row:
    """One data row of a CSV file, whose fields are read with one-line errors."""

    def __init__(self, where: str, number: int, fields: dict[str, str | None]) -> None:
        self.where, self.number, self.fields = where, number, fields

    def fail(self, column: str, problem: str) -> ConfigError:
        value = self.fields.get(column) or ""
        return ConfigError(
            f"{self.where}: row {self.number} ({ROWS}): {column}={value!r}: {problem}"
        )

    def text(self, column: str) -> str:
        return (self.fields.get(column) or "").strip()

    def required(self, column: str) -> str:
        if not self.text(column):
            raise self.fail(column, "empty; every row needs it")
        return self.text(column)

    def date(self, column: str, optional: bool = False) -> dt.date | None:
        if optional and not self.text(column):
            return None
        try:
            return parse_date(self.text(column))
        except ValueError:
            raise self.fail(column, "not a date; write yyyy-mm-dd") from None

    def choice(self, column: str, allowed: tuple[str, ...]) -> str:
        value = self.text(column).lower()
        if value not in allowed:
            raise self.fail(
                column, f"{did_you_mean(value, allowed)}must be one of {', '.join(allowed)}"
            )
        return value

    def amount(self, column: str) -> float:
        try:
            value = float(self.text(column))
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0:
            raise self.fail(column, "must be a number >= 0, digits with a decimal point (25000.50)")
        return value


def _rows(path: Path) -> Iterator[_Row]:
    """The data rows of ``path``, numbered as a spreadsheet shows them (the header is row 1)."""
    where = shown_path(path)
    columns = COLUMNS[path.name]
    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            reader = csv.DictReader(file)
            header = [c.strip() for c in reader.fieldnames or []]
            missing = [c for c in columns if c not in header]
            if missing:
                raise ConfigError(
                    f"{where}: row 1 (the header) lacks the column {missing[0]!r}; "
                    f"{did_you_mean(missing[0], header)}needed: {', '.join(columns)}"
                )
            reader.fieldnames = header
            for fields in reader:
                yield _Row(where, reader.line_num, fields)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise ConfigError(f"{where}: cannot be read as CSV ({error})") from None


def _opportunities(path: Path) -> list[Opportunity]:
    found, seen = [], {}
    for row in _rows(path):
        key = row.required("opportunity_id")
        if key in seen:
            raise row.fail("opportunity_id", f"also row {seen[key]}; each opportunity once")
        seen[key] = row.number
        created = row.date("created")
        stage = row.choice("stage", STAGES)
        closed = row.date("closed", optional=True)
        if stage == "open" and closed is not None:
            raise row.fail("closed", "an open opportunity has no closed date (stage=open)")
        if stage != "open" and closed is None:
            raise row.fail("closed", f"empty, but stage={stage}; a closed opportunity has its date")
        assert created is not None
        if closed is not None and closed < created:
            raise row.fail("closed", f"before created ({created.isoformat()})")
        found.append(Opportunity(created, closed, stage))
    return found


def _contracts(path: Path) -> list[Contract]:
    found = []
    for row in _rows(path):
        account = row.required("account_id")
        kind = row.choice("kind", CONTRACT_KINDS)
        start = row.date("start")
        end = row.date("end", optional=True)
        assert start is not None
        if end is not None and end <= start:
            raise row.fail(
                "end",
                f"must be after start ({start.isoformat()}): the first day "
                "the contract no longer runs",
            )
        found.append(Contract(account, kind, start, end, row.amount("annual_value")))
    return found


def _fees(path: Path) -> list[Fee]:
    found = []
    for row in _rows(path):
        row.required("account_id")
        kind = row.choice("kind", FEE_KINDS)
        day = row.date("date")
        assert day is not None
        found.append(Fee(kind, day, row.amount("amount")))
    return found
