"""A company profile: what a company knows for certain and what it observed (docs/company.md).

A profile is ``company/NAME.yaml`` in a config directory (``conf/`` first, then each
``--config-dir``; :func:`sim.config.configdirs.search_dirs`). It states:

- ``known``: facts the model takes as they are (market size, head-count, prices, salaries,
  budgets), in a company's own units, converted by :mod:`sim.config.companyfacts`;
- ``regime``: the option of each regime axis the company runs today (``leadership:
  sales_driven``, ...);
- ``observed``: figures of its history (:data:`sim.config.figures.FIGURES`), year by year, each
  with its uncertainty; and ``crm``: a folder of CSV files whose figures are computed
  (:mod:`sim.config.crm`);
- ``fit``: which unknown parameters ``salesculture calibrate`` fits.

A profile is not a Hydra config: ``company=NAME`` chooses a fitted company's config
(``company/NAME_fitted.yaml``, ``# @package _global_``), never a profile. Loading a profile
writes nothing. Importing this module loads neither the model nor Hydra.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesculture.sim.config import configdirs, crm
from salesculture.sim.config.companyfacts import (
    FACTS,
    KNOWN,
    numeric_parameters,
    param_info,
    parameter_values,
    parse_known,
    slots_per_role,
)
from salesculture.sim.config.errors import ConfigError, did_you_mean, shown_path
from salesculture.sim.config.observations import (
    Observation,
    check_revenue_parts,
    merged,
    parse_observed,
    whole,
)
from salesculture.sim.config.schema import REGIME_AXES

#: The keys of a profile, in the order the docs list them.
KEYS = (
    "name",
    "description",
    "history_years",
    "history_start",
    KNOWN,
    "regime",
    "observed",
    "crm",
    "fit",
)
FIT_KEYS = ("parameters",)
NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


@dataclass
class CompanyProfile:
    """A company's profile, checked (:func:`load_profile`)."""

    name: str  #: the profile's name: its file name (``calibrate NAME``, ``NAME_fitted``)
    title: str  #: the company's name as shown in tables (the profile's ``name``)
    description: str
    path: Path
    history_years: int  #: years observed: the horizon a fit simulates
    history_start: dt.date | None  #: the first day of year 1 (needed with a CRM export)
    known: dict[str, float | int]  #: the known facts, flat names, in the profile's units
    regime: dict[str, str]  #: regime axis -> option
    observations: list[Observation] = field(default_factory=list)
    fit_parameters: list[str] | None = None  #: dotted keys to fit (None: calibrate's default)

    def parameter_values(self) -> dict[str, float | int]:
        """The schema values the known facts set (converted to the model's units)."""
        return parameter_values(self.known)

    def slots_per_role(self) -> int:
        """The ``workforce.slots_per_role`` of the company's world (:func:`slots_per_role`)."""
        from salesculture.sim.config.compose import compose_option

        budgets = [
            compose_option("leadership", option).sales_budget_multiplier
            for option in configdirs.group_options("leadership")
        ]
        return slots_per_role(self.parameter_values(), self.history_years, budgets)

    def world_overrides(self) -> list[str]:
        """Hydra overrides that make the company's world: facts, regime, horizon, slots."""
        from salesculture.sim.config.posterior import point_overrides

        return [
            *point_overrides(self.parameter_values()),
            *(f"{axis}={option}" for axis, option in self.regime.items()),
            f"years={self.history_years}",
            f"workforce.slots_per_role={self.slots_per_role()}",
        ]


def profile_names() -> list[str]:
    """The company profiles over ``conf/`` and the outside config directories."""
    return sorted(
        {
            p.stem
            for d in configdirs.search_dirs()
            for p in (d / configdirs.COMPANY_GROUP).glob("*.yaml")
            if configdirs.is_profile(p)
        }
    )


def profile_path(name: str) -> Path:
    """The file of profile ``name``: the first ``company/NAME.yaml`` of the config directories.

    Raises:
        ConfigError: one line if there is none, or the file is a fitted company's config.
    """
    group = configdirs.COMPANY_GROUP
    if not NAME.fullmatch(name):
        raise ConfigError(f"company {name!r}: a profile's name is letters, digits, '_', '.', '-'")
    path = configdirs.option_file(group, name)
    if path is None:
        names = profile_names()
        raise ConfigError(
            f"company profile {name!r} not found in {group}/ of "
            f"{', '.join(shown_path(d) for d in configdirs.search_dirs())}; "
            f"{did_you_mean(name, names)}profiles: {', '.join(names) or 'none'}"
        )
    if not configdirs.is_profile(path):
        raise ConfigError(
            f"{shown_path(path)}: a fitted company's config (# @package), not a profile; "
            f"choose it with {group}={name}"
        )
    return path


def load_profile(name: str) -> CompanyProfile:
    """The profile ``company/NAME.yaml``, checked, with the figures of its CRM export.

    Raises:
        ConfigError: one line naming the file, the field, the value and what is allowed.
    """
    import yaml

    from salesculture.sim.config.hydraerrors import describe_yaml_error

    path = profile_path(name)
    where = shown_path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ConfigError(describe_yaml_error(error, where)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{where}: cannot be read ({error})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a mapping of {', '.join(KEYS)}")
    for key in data:
        if key not in KEYS:
            raise ConfigError(
                f"{where}: {key}: unknown key; {did_you_mean(str(key), KEYS)}"
                f"keys of a profile: {', '.join(KEYS)}"
            )
    years = _history_years(data.get("history_years"), where)
    start = _history_start(data.get("history_start"), where)
    known = parse_known(data.get(KNOWN), where)
    regime = _regime(data.get("regime") or {}, where)
    observed = parse_observed(data.get("observed") or [], years, where)
    if data.get("crm") is not None:
        if start is None:
            raise ConfigError(
                f"{where}: history_start: missing; a profile with crm states the first day "
                "of year 1 as yyyy-mm-dd"
            )
        observed = merged(observed, _crm(data["crm"], path, start, years, where), where)
    check_revenue_parts(observed, where)
    return CompanyProfile(
        name=name,
        title=_text(data.get("name", name), "name", where),
        description=_text(data.get("description", ""), "description", where),
        path=path,
        history_years=years,
        history_start=start,
        known=known,
        regime=regime,
        observations=observed,
        fit_parameters=_fit(data.get("fit"), known, where),
    )


def _text(value: Any, key: str, where: str) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ConfigError(f"{where}: {key}={value!r}: must be one line of text")
    return str(value)


def _history_years(value: Any, where: str) -> int:
    info = param_info("years")
    if not whole(value) or not info.low <= value <= info.high:
        raise ConfigError(
            f"{where}: history_years={value!r}: must be a whole number of years from "
            f"{info.low:g} to {info.high:g} (the years observed, simulated by a fit)"
        )
    return int(value)


def _history_start(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return crm.parse_date(str(value))
    except ValueError:
        raise ConfigError(
            f"{where}: history_start={value!r}: must be a date, yyyy-mm-dd (the first day of "
            "year 1)"
        ) from None


def _regime(regime: Any, where: str) -> dict[str, str]:
    if not isinstance(regime, dict):
        raise ConfigError(
            f"{where}: regime: must be a mapping of axis to option, e.g. {{process: siloed}}"
        )
    chosen: dict[str, str] = {}
    for axis, option in regime.items():
        if axis not in REGIME_AXES:
            raise ConfigError(
                f"{where}: regime.{axis}: not a regime axis; {did_you_mean(str(axis), REGIME_AXES)}"
                f"axes: {', '.join(REGIME_AXES)}"
            )
        if isinstance(option, bool):  # YAML reads off/on as false/true
            option = "on" if option else "off"
        options = configdirs.group_options(axis)
        if str(option) not in options:
            raise ConfigError(
                f"{where}: regime.{axis}={option!r}: unknown option; "
                f"{did_you_mean(str(option), options)}choose one of {', '.join(options)}"
            )
        chosen[axis] = str(option)
    return chosen


def _crm(spec: Any, path: Path, start: dt.date, years: int, where: str) -> list[Observation]:
    """The figures of the CRM export the profile's ``crm`` names."""
    if isinstance(spec, str):
        spec = {"folder": spec}
    if not isinstance(spec, dict):
        raise ConfigError(f"{where}: crm: must be a folder name or {{folder, figures, years}}")
    for key in spec:
        if key not in crm.SPEC_KEYS:
            raise ConfigError(
                f"{where}: crm.{key}: unknown key; {did_you_mean(str(key), crm.SPEC_KEYS)}"
                f"keys: {', '.join(crm.SPEC_KEYS)}"
            )
    folder = spec.get("folder")
    if not isinstance(folder, str) or not folder:
        raise ConfigError(f"{where}: crm.folder: missing; name the folder beside the profile")
    directory = path.parent / folder
    if not directory.is_dir():
        raise ConfigError(f"{where}: crm.folder={folder!r}: no folder {shown_path(directory)}")
    figures = crm.check_figures(spec.get("figures"), directory, f"{where}: crm.figures")
    wanted = spec.get("years", list(range(1, years + 1)))
    if not isinstance(wanted, list) or not all(whole(y) and 1 <= y <= years for y in wanted):
        raise ConfigError(
            f"{where}: crm.years={wanted!r}: must be a list of years from 1 to {years}"
        )
    computed = crm.crm_figures(directory, start, sorted(set(wanted)), figures)
    return [
        Observation(f.figure, f.year, f.value, f.sd, f"crm {folder}/{f.file}") for f in computed
    ]


def _fit(fit: Any, known: dict[str, float | int], where: str) -> list[str] | None:
    if fit is None:
        return None
    if not isinstance(fit, dict):
        raise ConfigError(
            f"{where}: fit: must be a mapping, e.g. {{parameters: [sales.base_win_rate]}}"
        )
    for key in fit:
        if key not in FIT_KEYS:
            raise ConfigError(
                f"{where}: fit.{key}: unknown key; {did_you_mean(str(key), FIT_KEYS)}"
                f"keys: {', '.join(FIT_KEYS)}"
            )
    chosen = fit.get("parameters")
    if chosen is None:
        return None
    if not isinstance(chosen, list) or not chosen:
        raise ConfigError(f"{where}: fit.parameters: must be a list of dotted schema keys")
    numeric = numeric_parameters()
    known_keys = {FACTS[n].key: n for n in known}
    for key in chosen:
        if not isinstance(key, str) or key not in numeric:
            raise ConfigError(
                f"{where}: fit.parameters: {key!r} is not a numeric parameter of the schema; "
                f"{did_you_mean(str(key), numeric)}see docs/parameters.md"
            )
        if key in known_keys:
            raise ConfigError(
                f"{where}: fit.parameters: {key} is known ({KNOWN}.{known_keys[key]}); "
                "a known fact is not fitted"
            )
    if len(set(chosen)) != len(chosen):
        twice = next(k for k in chosen if chosen.count(k) > 1)
        raise ConfigError(f"{where}: fit.parameters: {twice} is listed twice")
    return list(chosen)
