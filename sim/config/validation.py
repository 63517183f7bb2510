"""Input validation: every bad key or value becomes one clear line.

Checks happen before anything is written: command-line overrides are checked against the
structured config (keys, types, allowed group options), the composed config against each
parameter's documented range, and a few cross-field rules.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from salesculture.sim.config.configdirs import (
    COMPANY_GROUP,
    PRESET_GROUP,
    config_groups,
    group_options,
    pinned,
    profile_file,
)
from salesculture.sim.config.errors import ConfigError, did_you_mean
from salesculture.sim.config.headcount import planned_headcount, planned_salespeople
from salesculture.sim.config.overridesyntax import describe_parse_error
from salesculture.sim.config.params import iter_params
from salesculture.sim.config.schema import REGIME_AXES, SimConfig

if TYPE_CHECKING:
    from hydra.core.override_parser.types import Override

#: Keys a user may set that are not model parameters.
HYDRA_PREFIX = "hydra"


def check_presets(names: list[str]) -> None:
    """Refuse an unknown preset with one line listing the valid ones.

    Raises:
        ConfigError: naming the first unknown preset and every valid one.
    """
    presets = group_options(PRESET_GROUP)
    for name in names:
        if name not in presets:
            raise ConfigError(
                f"scenario {name!r} is unknown; {did_you_mean(name, presets)}"
                f"valid scenarios: {', '.join(presets)}"
            )


def check_company(option: str) -> None:
    """Refuse ``company=NAME`` unless ``NAME`` is a company's config (a fitted one).

    Raises:
        ConfigError: for a company profile, saying what to do instead (fit it, or run its
            fit's draws), and for an unknown name, listing the configs there are.
    """
    path = profile_file(option)
    if path is not None:
        raise ConfigError(
            f"{COMPANY_GROUP}={option}: {path.parent.name}/{path.name} is a company profile, "
            f"not a config; fit it (salesculture calibrate {option}) and then choose "
            f"{COMPANY_GROUP}={option}_fitted, or give --company {option} to compare, explain, "
            "sweep or sensitivity"
        )
    options = group_options(COMPANY_GROUP)
    if option not in options:
        known = f"choose one of {', '.join(options)}" if options else "there is none yet"
        raise ConfigError(
            f"{COMPANY_GROUP}={option!r}: no fitted company of that name "
            f"({COMPANY_GROUP}/NAME_fitted.yaml, written by salesculture calibrate NAME); "
            f"{did_you_mean(option, options)}{known}"
        )


def _field_type(cls: type, name: str) -> Any:
    hints = typing.get_type_hints(cls)
    return hints[name]


def _describe_type(kind: Any) -> str:
    return {int: "an integer", float: "a number", bool: "true or false", str: "a string"}.get(
        kind, str(kind)
    )


def _check_value(path: str, kind: Any, value: Any) -> None:
    if isinstance(kind, types.UnionType):
        kind = next(k for k in typing.get_args(kind) if k is not type(None))
    ok = {
        int: isinstance(value, int) and not isinstance(value, bool),
        float: isinstance(value, int | float) and not isinstance(value, bool),
        bool: isinstance(value, bool),
        str: isinstance(value, str | int | float) and not isinstance(value, bool),
    }.get(kind, True)
    if not ok:
        raise ConfigError(f"{path}={value!r}: must be {_describe_type(kind)}")


def _leaf(path: str) -> tuple[type, str]:
    """Resolve a dotted parameter path to (dataclass, field name), or raise ConfigError."""
    parts = path.split(".")
    cls: type = SimConfig
    for i, part in enumerate(parts):
        names = [f.name for f in dataclasses.fields(cls)]
        if part not in names:
            where = ".".join(parts[:i]) or "the configuration"
            prefix = ".".join([*parts[:i], ""])
            hint = did_you_mean(part, names if i else [*names, *config_groups()], prefix)
            raise ConfigError(
                f"{path}: unknown key; {hint}valid keys of {where}: {', '.join(names)}"
            )
        kind = _field_type(cls, part)
        if i == len(parts) - 1:
            if dataclasses.is_dataclass(kind):
                raise ConfigError(
                    f"{path}: is a section; set one of its keys, e.g. "
                    f"{path}.{dataclasses.fields(kind)[0].name}=..."
                )
            return cls, part
        if not dataclasses.is_dataclass(kind):
            raise ConfigError(f"{'.'.join(parts[: i + 1])}: is a value, not a section")
        cls = kind
    raise ConfigError(f"{path}: unknown key")  # pragma: no cover


def _override_values(override: Override) -> list[Any]:
    if override.is_sweep_override():
        try:
            return list(override.sweep_iterator())
        except Exception:  # glob or interval sweeps: checked after composition
            return []
    return [override.value()]


def check_overrides(overrides: list[str], allow_sweeps: bool = False) -> None:
    """Check command-line overrides before Hydra composes or writes anything.

    Raises:
        ConfigError: naming the key, the value and what is allowed.
    """
    from hydra.core.override_parser.overrides_parser import OverridesParser

    parser = OverridesParser.create()
    for text in overrides:
        try:
            override = parser.parse_overrides([text])[0]
        except Exception as error:
            raise ConfigError(describe_parse_error(text, error)) from None
        key = override.key_or_group
        if not key:
            raise ConfigError(f"cannot parse override {text!r}: no key before '='")
        if key.split(".")[0] == HYDRA_PREFIX or key.split("/")[0] == HYDRA_PREFIX:
            continue
        if override.is_sweep_override() and not allow_sweeps:
            raise ConfigError(f"{key}: a sweep ({text}) needs 'salesculture sweep', not 'run'")
        values = _override_values(override)
        if key == COMPANY_GROUP:
            for value in values:
                if value is not None:  # company=null: none, as by default
                    check_company(str(value))
        if key in config_groups():
            options = group_options(key)
            for value in values:
                if str(value) not in options:
                    raise ConfigError(
                        f"{key}={value!r}: unknown option; {did_you_mean(value, options)}"
                        f"choose one of {', '.join(options)}"
                    )
            continue
        if override.is_delete():
            raise ConfigError(f"~{key}: parameters cannot be deleted")
        if key == INTERVENTIONS:
            for value in values:
                check_interventions(value)
            continue
        cls, name = _leaf(key)
        kind = _field_type(cls, name)
        for value in values:
            _check_value(key, kind, value)


def check_unique(overrides: list[str]) -> None:
    """Refuse a key set twice in a sweep (``seed=0,1 seed=2``).

    Elsewhere the last one counts, as in Hydra; a sweep would make runs of both, each with the
    last value, under different names.

    Raises:
        ConfigError: naming the key and both overrides.
    """
    seen: dict[str, str] = {}
    for text in overrides:
        key = text.split("=", 1)[0].lstrip("+~").strip()
        if key in seen:
            raise ConfigError(
                f"{key}: set twice ({seen[key]} and {text}); a sweep takes each key once"
            )
        seen[key] = text


#: The key of the regime switches during a run, and how an entry is written on the command line.
INTERVENTIONS = "interventions"
EXAMPLE = "{week:104,leadership:sales_led}"


def check_interventions(entries: Any, weeks: int | None = None) -> None:
    """Check a list of interventions: its entries, their weeks, axes and options.

    Args:
        entries: Mappings parsed from an override, or
            :class:`sim.config.schema.Intervention` entries.
        weeks: The horizon in weeks, when known (an entry's week must lie in 1..weeks).

    Raises:
        ConfigError: naming the entry, the key and what is allowed.
    """
    if not isinstance(entries, list | tuple):
        raise ConfigError(f"{INTERVENTIONS}={entries!r}: must be a list like [{EXAMPLE}]")
    keys = ("week", *REGIME_AXES)
    seen: set[tuple[int, str]] = set()
    for i, entry in enumerate(entries):
        where = f"{INTERVENTIONS}[{i}]"
        data = dataclasses.asdict(entry) if dataclasses.is_dataclass(entry) else entry
        if not isinstance(data, dict):
            raise ConfigError(f"{where}={entry!r}: must be a mapping like {EXAMPLE}")
        data = {key: value for key, value in data.items() if value is not None}
        for key in data:
            if key not in keys:
                raise ConfigError(
                    f"{where}.{key}: unknown key; {did_you_mean(key, keys)}"
                    f"valid keys: {', '.join(keys)}"
                )
        week = data.get("week")
        if week is None:
            raise ConfigError(f"{where}: needs a week, e.g. {EXAMPLE}")
        if not isinstance(week, int) or isinstance(week, bool):
            raise ConfigError(f"{where}.week={week!r}: must be an integer week")
        if weeks is not None and not 1 <= week <= weeks:
            raise ConfigError(f"{where}.week={week}: must be a week in [1, {weeks}] (the horizon)")
        axes = [key for key in data if key != "week"]
        if not axes:
            raise ConfigError(
                f"{where}: switches no regime axis; name one of {', '.join(REGIME_AXES)}, "
                f"e.g. {EXAMPLE}"
            )
        for axis in axes:
            options = group_options(axis) + pinned(axis)
            if str(data[axis]) not in options:
                quote = " (quote it: 'off', 'on')" if str(data[axis]) in ("False", "True") else ""
                raise ConfigError(
                    f"{where}.{axis}={data[axis]!r}: unknown option; "
                    f"{did_you_mean(data[axis], options)}choose one of {', '.join(options)}{quote}"
                )
            if (week, axis) in seen:
                raise ConfigError(
                    f"{where}.{axis}: {axis} switches twice in week {week}; "
                    "one switch per axis and week"
                )
            seen.add((week, axis))


def validate(config: SimConfig, switched_budgets: Sequence[float] | None = None) -> SimConfig:
    """Check every parameter against its documented range and a few cross-field rules.

    Args:
        config: The configuration to check.
        switched_budgets: The sales budget multipliers of the leadership options ``config``
            switches to (its interventions), which :func:`sim.config.compose.validated` composes;
            needed only when it switches leadership.

    Raises:
        ConfigError: naming the field, the value and what is allowed.
    """
    for name, value, info, _field in iter_params(config):
        if info is None:
            continue
        if not info.admits(value):
            unit = f" {info.unit}" if info.unit != "-" else ""
            raise ConfigError(
                f"{name}={value!r}: must be {info.allowed()}{unit} "
                f"({info.doc[0].lower()}{info.doc[1:].rstrip('.')})"
            )
    market = config.market
    if market.initial_customer_share + market.initial_pipeline_share > 1:
        raise ConfigError(
            f"market.initial_customer_share + market.initial_pipeline_share="
            f"{market.initial_customer_share + market.initial_pipeline_share:g}: must be <= 1"
        )
    check_interventions(config.interventions, config.weeks)
    workforce = config.workforce
    biggest = max(
        *(
            planned_salespeople(workforce.salespeople, m)
            for m in _sales_budgets(config, switched_budgets)
        ),
        workforce.engineers,
        workforce.service_staff,
    )
    peak = max(
        planned_headcount(biggest, workforce.growth_per_year, week) for week in (0, config.weeks)
    )
    if peak > workforce.slots_per_role:
        raise ConfigError(
            f"workforce.slots_per_role={workforce.slots_per_role}: must be at least "
            f"the largest planned head-count of a role ({peak})"
        )
    return config


def _sales_budgets(config: SimConfig, switched: Sequence[float] | None) -> list[float]:
    """The sales budget multipliers of the run: its leadership's and any it switches to."""
    if switched is None and any(e.leadership is not None for e in config.interventions):
        raise TypeError("a run that switches leadership: validate it with compose.validated")
    return [config.leadership.sales_budget_multiplier, *(switched or ())]
