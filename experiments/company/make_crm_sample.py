"""Write the sample CRM export of the example company (``conf/company/example_crm/``).

A fictional export, drawn deterministically (NumPy ``default_rng(seed)``) from a few targets:
the yearly win rate, the mean sales cycle, the customers at the start of the history, the
yearly logo churn and the new customers won each year. It holds what docs/company.md (The CRM
export) describes: ``opportunities.csv`` (won, lost, and some still open at the end),
``contracts.csv`` (base contracts of twelve months renewed while the customer stays, and
expansions running until the customer leaves) and ``fees.csv`` (set-up fees of new customers at
delivery, fees of add-on orders). ``salesculture calibrate example`` reads its figures through
the profile ``conf/company/example.yaml``.

Usage (from the repository root, with the project's Python)::

    .venv/bin/python experiments/company/make_crm_sample.py [--out DIR] [--seed N]

The same arguments write the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

try:
    import numpy as np
except ModuleNotFoundError as missing:  # a Python without the project's packages
    sys.exit(f"make_crm_sample.py: error: {missing}; run it with the project's Python (.venv)")

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "conf" / "company" / "example_crm"


@dataclass(frozen=True)
class Targets:
    """What the sample is drawn to show, year by year of the history."""

    start: dt.date = dt.date(2022, 1, 1)  #: the profile's history_start
    #: From the model at the example's hidden values (experiments/company/make_example.py).
    win_rates: tuple[float, ...] = (0.281, 0.295, 0.310)
    new_customers: tuple[int, ...] = (80, 66, 77)
    cycle_weeks: float = 7.1  #: mean weeks from created to closed
    customers_at_start: int = 360
    churn_per_year: float = 0.156  #: share of customers not renewing at their yearly renewal
    annual_value: float = 25_000.0  #: mean base contract value, currency/year
    value_sigma: float = 0.8  #: log-sd of contract values
    delivery_weeks: float = 7.0  #: mean weeks from a won order to its delivery
    setup_fee: float = 12_000.0  #: mean one-off fee of a new customer, at delivery
    expansion_rate: float = 0.05  #: expansions per customer-year
    expansion_share: float = 0.2  #: an expansion's value as a share of the base contract's
    addon_fee: float = 3_000.0  #: one-off fee of an add-on order
    open_at_end: int = 40  #: opportunities still open when the export is taken

    @property
    def years(self) -> int:
        return len(self.win_rates)


@dataclass
class Export:
    """The rows of the three files."""

    opportunities: list[list[object]] = field(default_factory=list)
    contracts: list[list[object]] = field(default_factory=list)
    fees: list[list[object]] = field(default_factory=list)


def _day(start: dt.date, days: float) -> dt.date:
    return start + dt.timedelta(days=int(days))


def _relationship(
    rng: np.random.Generator, t: Targets, out: Export, account: str, first: dt.date, end: dt.date
) -> None:
    """Base contracts of an account from ``first``, renewed yearly until it churns or ``end``."""
    value = round(float(t.annual_value * rng.lognormal(-(t.value_sigma**2) / 2, t.value_sigma)), 2)
    start = first
    while True:
        stop = start.replace(year=start.year + 1)
        out.contracts.append([account, "base", start.isoformat(), stop.isoformat(), value])
        if stop > end or rng.random() < t.churn_per_year:
            break
        start = stop
    gone = stop
    years = (min(gone, end) - first).days / 365
    for _ in range(rng.poisson(t.expansion_rate * max(years, 0.0))):
        when = _day(first, rng.uniform(0, (min(gone, end) - first).days))
        if when >= gone:
            continue
        extra = round(value * t.expansion_share, 2)
        out.contracts.append([account, "expansion", when.isoformat(), gone.isoformat(), extra])
        out.fees.append([account, "addon", when.isoformat(), round(t.addon_fee, 2)])


def _opportunity(
    rng: np.random.Generator, t: Targets, out: Export, account: str, closed: dt.date, stage: str
) -> None:
    weeks = rng.gamma(4.0, t.cycle_weeks / 4.0)
    created = _day(closed, -weeks * 7)
    number = len(out.opportunities) + 1
    out.opportunities.append(
        [f"O{number:05d}", account, created.isoformat(), closed.isoformat(), stage]
    )


def sample(t: Targets, seed: int) -> Export:
    """The export: the starting customers, then each year's won and lost opportunities."""
    rng = np.random.default_rng(seed)
    out = Export()
    end = t.start.replace(year=t.start.year + t.years)
    for i in range(t.customers_at_start):  # renewals spread over the year before the history
        first = _day(t.start, -rng.uniform(0, 365))
        _relationship(rng, t, out, f"A{i + 1:05d}", first, end)
    accounts, prospects = t.customers_at_start, 0
    for year, (rate, won) in enumerate(zip(t.win_rates, t.new_customers, strict=True)):
        first = t.start.replace(year=t.start.year + year)
        days = (first.replace(year=first.year + 1) - first).days
        lost = int(round(won * (1 - rate) / rate))
        for stage in ["won"] * won + ["lost"] * lost:
            closed = _day(first, rng.uniform(0, days))
            if stage == "won":
                accounts += 1
                account = f"A{accounts:05d}"
                delivered = _day(closed, rng.gamma(2.0, t.delivery_weeks / 2.0) * 7)
                if delivered < end:
                    fee = round(float(t.setup_fee * rng.lognormal(-0.125, 0.5)), 2)
                    out.fees.append([account, "new", delivered.isoformat(), fee])
                _relationship(rng, t, out, account, delivered, end)
            else:
                prospects += 1
                account = f"P{prospects:05d}"
            _opportunity(rng, t, out, account, closed, stage)
    for _ in range(t.open_at_end):
        prospects += 1
        created = _day(end, -rng.uniform(1, 12 * 7))
        number = len(out.opportunities) + 1
        out.opportunities.append(
            [f"O{number:05d}", f"P{prospects:05d}", created.isoformat(), "", "open"]
        )
    return out


def write(out: Export, directory: Path) -> None:
    """Write the three CSV files into ``directory``, rows sorted by date."""
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "opportunities.csv": (
            ["opportunity_id", "account_id", "created", "closed", "stage"],
            sorted(out.opportunities, key=lambda r: (r[2], r[0])),
        ),
        "contracts.csv": (
            ["account_id", "kind", "start", "end", "annual_value"],
            sorted(out.contracts, key=lambda r: (r[2], r[0], r[1])),
        ),
        "fees.csv": (
            ["account_id", "kind", "date", "amount"],
            sorted(out.fees, key=lambda r: (r[2], r[0], r[1])),
        ),
    }
    for name, (header, rows) in files.items():
        with open(directory / name, "w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Write the sample (``--out``, default ``conf/company/example_crm``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=OUT, help="folder to write (default %(default)s)"
    )
    parser.add_argument("--seed", type=int, default=20220101, help="seed of the draws")
    base = Targets()
    parser.add_argument(
        "--win-rates",
        type=float,
        nargs="+",
        default=base.win_rates,
        help="win rate of each year (one per year of history)",
    )
    parser.add_argument(
        "--new-customers",
        type=int,
        nargs="+",
        default=base.new_customers,
        help="customers won in each year (as many as --win-rates)",
    )
    parser.add_argument("--cycle-weeks", type=float, default=base.cycle_weeks)
    parser.add_argument("--customers-at-start", type=int, default=base.customers_at_start)
    parser.add_argument(
        "--churn",
        type=float,
        default=base.churn_per_year,
        help="share of customers not renewing at their yearly renewal",
    )
    args = parser.parse_args(argv)
    if len(args.win_rates) != len(args.new_customers):
        parser.error("--win-rates and --new-customers need one value per year each")
    targets = Targets(
        win_rates=tuple(args.win_rates),
        new_customers=tuple(args.new_customers),
        cycle_weeks=args.cycle_weeks,
        customers_at_start=args.customers_at_start,
        churn_per_year=args.churn,
    )
    write(sample(targets, args.seed), args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
