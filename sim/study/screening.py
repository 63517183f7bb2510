"""Which mechanism parameters a sensitivity analysis screens, and over which ranges.

A factor is a numeric mechanism parameter of :mod:`sim.config.schema` (its metadata says its unit,
valid range and source). By default every parameter whose size is marked "assumed" is
screened. Its screening range is its configured value times ``1 - spread`` .. ``1 + spread``
(50 % by default), kept inside the documented valid range: the documented ranges are the
values the model accepts (a salary in [0, 1e6] currency/week, a market of up to 5 million
customers), far wider than the uncertainty of a modest assumption. A company's fitted parameter
(``sensitivity --company NAME``) is screened over its posterior's 5-95 % range instead.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass
from typing import Any

from salesculture.sim.config.errors import did_you_mean
from salesculture.sim.config.params import ParamInfo, iter_params
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.config.validation import ConfigError
from salesculture.sim.runs.defaults import DEFAULT_SPREAD


@dataclass(frozen=True)
class Factor:
    """One screened parameter: its dotted name, unit and screening range."""

    name: str
    unit: str
    value: float  #: the configured value, the centre of the range
    low: float
    high: float
    integer: bool  #: sampled values are rounded to whole numbers
    source: str
    doc: str

    def record(self) -> dict[str, Any]:
        """The factor as a JSON-ready dict."""
        return asdict(self)

    def cast(self, value: float) -> float | int:
        """A sampled value as the parameter takes it (whole numbers rounded)."""
        return int(round(value)) if self.integer else float(value)


def is_assumed(info: ParamInfo) -> bool:
    """Whether a parameter's size is assumed (no published figure sets it)."""
    return "assumed" in info.source.lower()


def _numeric(value: Any, info: ParamInfo | None) -> bool:
    return (
        info is not None
        and info.choices is None
        and info.source != "-"
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    )


def _values(config: SimConfig) -> dict[str, tuple[Any, ParamInfo | None]]:
    return {name: (value, info) for name, value, info, _ in iter_params(config)}


def default_names(configs: dict[str, SimConfig], assumed_only: bool = True) -> list[str]:
    """Every assumed numeric parameter with a range, set alike in all ``configs``.

    Args:
        configs: The base configuration of each preset of the design.
        assumed_only: Leave out parameters whose size a published figure sets (a screening
            of the model's doubt); False keeps them (a company's own value may still differ).
    """
    first, *others = (_values(c) for c in configs.values())
    names = []
    for name, (value, info) in first.items():
        if not _numeric(value, info) or value == 0 or (assumed_only and not is_assumed(info)):
            continue
        if all(other[name][0] == value for other in others):
            names.append(name)
    return names


def factors(
    configs: dict[str, SimConfig],
    names: list[str] | None,
    spread: float = DEFAULT_SPREAD,
    ranges: dict[str, tuple[float, float]] | None = None,
) -> list[Factor]:
    """The factors named (default :func:`default_names`), checked, with their ranges.

    Args:
        configs: The base configuration of each preset of the design.
        names: Dotted parameter names, or None for every assumed parameter (and every one of
            ``ranges``).
        spread: Half-width of each range as a share of the configured value.
        ranges: Ranges of their own, by parameter (a company's fitted parameters over their
            posterior's 5-95 % range), instead of ± ``spread``; kept inside the valid range.

    Raises:
        ConfigError: one line for an unknown name, a parameter that is not a numeric
            mechanism parameter, one with no range (configured value 0), or one the presets
            set differently.
    """
    if not 0 < spread <= 1:
        raise ConfigError(f"--spread={spread:g}: must be in (0, 1] (share of the value)")
    presets = list(configs)
    values = {preset: _values(config) for preset, config in configs.items()}
    known = values[presets[0]]
    ranges = ranges or {}
    if names is None:
        defaults = default_names(configs)
        chosen = [*defaults, *(name for name in ranges if name not in defaults)]
    else:
        chosen = names
    if len(set(chosen)) != len(chosen):
        raise ConfigError(f"--params: each parameter once, got {','.join(chosen)}")
    found = []
    for name in chosen:
        if name not in known:
            raise ConfigError(
                f"--params: parameter {name!r} is unknown; {did_you_mean(name, known)}"
                "allowed: the dotted names of docs/parameters.md"
            )
        value, info = known[name]
        if not _numeric(value, info):
            raise ConfigError(
                f"--params: {name} is not a numeric mechanism parameter (it is "
                f"{info.allowed() if info else 'a section'}); allowed: numeric parameters "
                "with a unit, range and source in docs/parameters.md"
            )
        differ = [p for p in presets if values[p][name][0] != value]
        if differ:
            raise ConfigError(
                f"--params: {name} is {value!r} in {presets[0]} but {values[differ[0]][name][0]!r} "
                f"in {differ[0]}; screening it would set both alike and erase that part of the "
                "regime; allowed: parameters the presets share"
            )
        if name in ranges:
            found.append(_ranged(name, value, info, ranges[name]))
            continue
        if value == 0:
            raise ConfigError(
                f"--params: {name}={value!r} has no screening range (it spans "
                f"±{spread:.0%} of the configured value); set it to a non-zero value with "
                f"--set {name}=X, allowed: {info.allowed()}"
            )
        low = max(value * (1 - spread), info.low if info.low is not None else -float("inf"))
        high = min(value * (1 + spread), info.high if info.high is not None else float("inf"))
        low, high = min(low, high), max(low, high)
        integer = isinstance(value, int)
        if integer and round(high) - round(low) < 1 or low == high:
            raise ConfigError(
                f"--params: {name}={value!r} has no screening range within {info.allowed()} "
                f"(±{spread:.0%} gives [{low:g}, {high:g}]); allowed: a wider --spread or "
                "another parameter"
            )
        found.append(Factor(name, info.unit, value, low, high, integer, info.source, info.doc))
    if not found:
        raise ConfigError("--params: no parameter to screen")
    return found


def _ranged(name: str, value: Any, info: ParamInfo, given: tuple[float, float]) -> Factor:
    """A factor over a range of its own (a posterior's), inside the parameter's valid range.

    Raises:
        ConfigError: one line if the range holds one value only.
    """
    low = max(given[0], info.low if info.low is not None else -float("inf"))
    high = min(given[1], info.high if info.high is not None else float("inf"))
    integer = isinstance(value, int)
    if low >= high or integer and round(high) - round(low) < 1:
        raise ConfigError(
            f"--params: {name}: its posterior's 5-95 % range is [{given[0]:g}, {given[1]:g}], "
            "a single value: the company's figures pin it down, so there is nothing to screen; "
            "allowed: the other parameters"
        )
    return Factor(name, info.unit, value, low, high, integer, info.source, info.doc)


def with_values(config: SimConfig, factors: list[Factor], row: list[float], seed: int) -> SimConfig:
    """A copy of ``config`` with each factor set to its value in ``row``, and ``seed``."""
    config = copy.deepcopy(config)
    config.seed = seed
    for factor, value in zip(factors, row, strict=True):
        *path, leaf = factor.name.split(".")
        target = config
        for part in path:
            target = getattr(target, part)
        setattr(target, leaf, factor.cast(value))
    return config
