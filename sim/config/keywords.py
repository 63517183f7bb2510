"""Parameters as Python keyword arguments, Mesa's way, turned into the command line's overrides.

``SalesCultureModel(scenario="sales_led", sales__base_win_rate=0.3, years=2)`` and
``mesa.batch_run(SalesCultureModel, parameters={"sales__base_win_rate": [0.2, 0.3]})`` name
parameters as keywords. A keyword is the dotted key of ``salesculture run`` with a double
underscore for each dot (``sales__base_win_rate`` is ``sales.base_win_rate``): a keyword
argument cannot hold a dot, and the double underscore is Python's usual spelling of a nested
name (scikit-learn's ``set_params``, Django's lookups). A key written with dots
(``**{"sales.base_win_rate": 0.3}``) is the same key. A regime axis takes its option's name
(``leadership="sales_led"``), as on the command line.

Importing this module loads neither Hydra nor the model.
"""

from __future__ import annotations

import copy
import functools
import math
import numbers
import re
from collections.abc import Mapping
from typing import Any

from salesculture.sim.config.errors import ConfigError
from salesculture.sim.config.schema import SimConfig

#: What a keyword writes for each dot of the key it stands for.
NESTING = "__"
#: The preset a model runs when none is named: the configuration's own default.
DEFAULT_PRESET = "baseline"
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")
_PLAIN = re.compile(r"[A-Za-z0-9_.\-/:]+")


def parameter_key(name: str) -> str:
    """The dotted key a keyword stands for: ``sales__base_win_rate`` -> ``sales.base_win_rate``.

    Raises:
        ConfigError: for a name that is no key (``sales-base``, ``__x``, ``a.``).
    """
    key = name.replace(NESTING, ".")
    if not _KEY.fullmatch(key):
        raise ConfigError(
            f"{name!r}: not a parameter name; write a section's parameter as "
            "section__name (sales__base_win_rate) or section.name"
        )
    return key


def override_value(value: Any) -> str:
    """A Python value as the command line writes it (``True`` -> ``true``, ``[1, 2]`` -> ``[1,2]``).

    Floats are written so that they read back equal (``repr``); NumPy's numbers count as
    Python's. A string with characters the override syntax would read otherwise is quoted.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        return repr(number) if math.isfinite(number) else str(number)
    if isinstance(value, str):
        if _PLAIN.fullmatch(value):
            return value
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{k}:{override_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(override_value(v) for v in value) + "]"
    raise ConfigError(
        f"{value!r}: a parameter's value must be a number, a string, true/false, None, "
        f"a list or a mapping, not {type(value).__name__}"
    )


def keyword_overrides(parameters: Mapping[str, Any]) -> list[str]:
    """The overrides ``key=value`` that keyword ``parameters`` stand for, in their order.

    Raises:
        ConfigError: naming the keyword, for a bad name, a key given twice (``a__b`` and
            ``a.b``), or an unknown key or value out of range
            (:func:`sim.config.validation.check_overrides`).
    """
    from salesculture.sim.config.validation import check_overrides

    overrides: list[str] = []
    seen: dict[str, str] = {}
    for name, value in parameters.items():
        key = parameter_key(name)
        if key in seen:
            raise ConfigError(f"{name}: the same parameter as {seen[key]}; give it once")
        seen[key] = name
        text = f"{key}={override_value(value)}"
        try:
            check_overrides([text])
        except ConfigError as error:
            if name == key:  # the error names the key as it was given
                raise
            raise ConfigError(f"{name}={value!r} ({text}): {error}") from None
        overrides.append(text)
    return overrides


def compose_preset(scenario: str | None, parameters: Mapping[str, Any]) -> SimConfig:
    """The configuration of preset ``scenario`` (default baseline) with keyword ``parameters``.

    Composed as ``salesculture run scenario=NAME key=value ...`` composes it (Hydra, validated);
    a fresh copy on every call, composed once per distinct call.

    Raises:
        ConfigError: one line naming the parameter, the value and what is allowed.
    """
    if "scenario" in {parameter_key(name) for name in parameters}:
        raise ConfigError("scenario: name the preset as scenario=NAME, the model's own argument")
    from salesculture.sim.config.configdirs import searchpath_overrides

    overrides = keyword_overrides(parameters)
    where = tuple(searchpath_overrides())  # outside config directories in force
    return copy.deepcopy(_composed(scenario or DEFAULT_PRESET, tuple(overrides), where))


@functools.lru_cache(maxsize=64)
def _composed(scenario: str, overrides: tuple[str, ...], where: tuple[str, ...]) -> SimConfig:
    """The composed configuration (``where``: the config directories it was composed with)."""
    from salesculture.sim.config.compose import compose_config
    from salesculture.sim.config.validation import check_presets

    check_presets([scenario])
    return compose_config([f"scenario={scenario}", *overrides])
