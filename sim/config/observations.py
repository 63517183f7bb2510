"""What a company observed about itself: figures of its history, each with its uncertainty.

A profile's ``observed`` list (:mod:`sim.config.company`) and its CRM export
(:mod:`sim.config.crm`) give observations (:class:`Observation`), checked here: a known figure
(:data:`sim.config.figures.FIGURES`) in its range, a year of the history, one entry per figure
and year, a positive uncertainty, and revenue by kind that adds up to revenue. Importing this
module loads nothing else of the project but the configuration's errors and figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from salesculture.sim.config.errors import ConfigError, did_you_mean
from salesculture.sim.config.figures import FIGURES, REVENUE_PARTS, REVENUE_TOLERANCE

OBSERVATION_KEYS = ("figure", "year", "value", "sd", "relative_sd")
#: Where an observation came from: the profile's ``observed`` list, or a CRM file.
FROM_PROFILE = "profile"


@dataclass(frozen=True)
class Observation:
    """One observed figure of one year of the company's history, with its uncertainty."""

    figure: str  #: a key of :data:`sim.config.figures.FIGURES`
    year: int  #: 1..history_years (year 1 is the model's first year)
    value: float  #: in the figure's unit
    sd: float  #: standard deviation, in the figure's unit (> 0)
    source: str  #: ``profile``, or ``crm FOLDER/FILE``


def parse_observed(entries: Any, years: int, where: str) -> list[Observation]:
    """A profile's ``observed`` list, checked (``where``: the file, for messages).

    Raises:
        ConfigError: one line naming the entry, the key, the value and what is allowed.
    """
    if not isinstance(entries, list):
        raise ConfigError(f"{where}: observed: must be a list of {{figure, year, value}}")
    found: list[Observation] = []
    for i, entry in enumerate(entries):
        at = f"{where}: observed[{i}]"
        if not isinstance(entry, dict):
            raise ConfigError(f"{at}: must be a mapping {{figure: F, year: Y, value: V}}")
        for key in entry:
            if key not in OBSERVATION_KEYS:
                raise ConfigError(
                    f"{at}.{key}: unknown key; {did_you_mean(str(key), OBSERVATION_KEYS)}"
                    f"keys: {', '.join(OBSERVATION_KEYS)}"
                )
        for key in ("figure", "year", "value"):
            if key not in entry:
                raise ConfigError(f"{at}: {key} missing; each entry has figure, year and value")
        found.append(_observation(entry, years, at))
        if any((o.figure, o.year) == (found[-1].figure, found[-1].year) for o in found[:-1]):
            raise ConfigError(
                f"{at}: {found[-1].figure} in year {found[-1].year} is observed twice; "
                "keep one entry per figure and year"
            )
    return found


def _observation(entry: dict[str, Any], years: int, at: str) -> Observation:
    name = entry["figure"]
    if name not in FIGURES:
        raise ConfigError(
            f"{at}.figure={name!r}: unknown figure; {did_you_mean(str(name), FIGURES)}"
            f"figures: {', '.join(FIGURES)}"
        )
    figure = FIGURES[name]
    year = entry["year"]
    if not whole(year) or not 1 <= year <= years:
        raise ConfigError(
            f"{at}.year={year!r}: must be a whole number from 1 to {years} (history_years)"
        )
    value = entry["value"]
    if not finite(value) or not figure.low <= value <= figure.high:
        raise ConfigError(
            f"{at}.value={value!r}: {name} must be a number from {figure.low:g} to "
            f"{figure.high:g} ({figure.unit})"
        )
    if "sd" in entry and "relative_sd" in entry:
        raise ConfigError(f"{at}: give sd or relative_sd, not both")
    for key in ("sd", "relative_sd"):
        if key in entry and (not finite(entry[key]) or entry[key] <= 0):
            raise ConfigError(f"{at}.{key}={entry[key]!r}: must be a number above 0")
    if "sd" in entry:
        sd = float(entry["sd"])
    elif "relative_sd" in entry:
        sd = float(entry["relative_sd"]) * abs(value)
    else:
        sd = figure.sd_of(value)
    if sd <= 0:
        raise ConfigError(
            f"{at}: {name}={value!r} with a relative uncertainty has none; give sd ({figure.unit})"
        )
    return Observation(name, int(year), float(value), sd, FROM_PROFILE)


def finite(value: Any) -> bool:
    """Whether ``value`` is a finite number (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def merged(
    observed: list[Observation], computed: list[Observation], where: str
) -> list[Observation]:
    """The profile's observations and the CRM's, refusing a figure of a year given by both."""
    given = {(o.figure, o.year) for o in observed}
    for o in computed:
        if (o.figure, o.year) in given:
            raise ConfigError(
                f"{where}: observed {o.figure} in year {o.year} is also computed from the CRM "
                f"({o.source.removeprefix('crm ')}); drop it from observed, or leave {o.figure} "
                "out of crm.figures"
            )
    return [*observed, *computed]


def check_revenue_parts(observed: list[Observation], where: str) -> None:
    """Revenue by kind adds up to revenue (within ``REVENUE_TOLERANCE``), year by year."""
    by_year: dict[int, dict[str, Observation]] = {}
    for o in observed:
        by_year.setdefault(o.year, {})[o.figure] = o
    for year, figures in sorted(by_year.items()):
        revenue = figures.get("revenue")
        parts = [figures[p] for p in REVENUE_PARTS if p in figures]
        if revenue is None or not parts:
            continue
        total = sum(p.value for p in parts)
        names = " + ".join(p.figure for p in parts)
        slack = REVENUE_TOLERANCE * revenue.value
        whole = len(parts) == len(REVENUE_PARTS)
        if (whole and abs(total - revenue.value) > slack) or total > revenue.value + slack:
            relation = "must add up to it" if whole else "must not exceed it"
            raise ConfigError(
                f"{where}: year {year}: {names} = {total:,.0f} but revenue is "
                f"{revenue.value:,.0f}; the parts {relation} (within "
                f"{REVENUE_TOLERANCE:.0%} of revenue)"
            )


def whole(value: Any) -> bool:
    """Whether ``value`` is a finite number without a fraction (not a bool)."""
    return finite(value) and float(value).is_integer()
