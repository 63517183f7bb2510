"""Documented parameters: every mechanism parameter carries its unit, range and source.

A parameter is a dataclass field made with :func:`param`. The metadata is what the ODD
description, the parameter reference (``docs/parameters.md``) and input validation read, so the
three can never disagree.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ParamInfo:
    """What a parameter means and which values it may take."""

    unit: str
    source: str
    doc: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    values: str | None = None  #: the allowed values in words, where no range or list says it

    @staticmethod
    def _number(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else f"{x:g}"

    def allowed(self) -> str:
        """Describe the allowed values in words, for error messages and docs."""
        if self.values is not None:
            return self.values
        if self.choices is not None:
            return "one of " + ", ".join(self.choices)
        if self.low is not None and self.high is not None:
            return f"a value in [{self._number(self.low)}, {self._number(self.high)}]"
        if self.low is not None:
            return f"a value >= {self._number(self.low)}"
        if self.high is not None:
            return f"a value <= {self._number(self.high)}"
        return "any value"

    def admits(self, value: Any) -> bool:
        """Return True when ``value`` lies in the allowed set."""
        if self.choices is not None:
            return value in self.choices
        if isinstance(value, bool):
            return True
        if self.low is not None and value < self.low:
            return False
        return not (self.high is not None and value > self.high)


def param(
    default: Any,
    *,
    unit: str,
    source: str,
    doc: str,
    low: float | None = None,
    high: float | None = None,
    choices: tuple[str, ...] | None = None,
) -> Any:
    """Declare a documented parameter (a dataclass field with :class:`ParamInfo` metadata).

    Args:
        default: The baseline value.
        unit: Unit of measurement, e.g. ``"weeks"``, ``"per year"``, ``"currency/week"``.
        source: A source text or published work by its citation key (``[Led or Driven]``,
            ``[Bass 1969]``; docs/sources.md, docs/references.md), or ``"assumed"``.
        doc: One sentence saying what the parameter does.
        low: Smallest allowed value (inclusive), if any.
        high: Largest allowed value (inclusive), if any.
        choices: The allowed names, for categorical parameters.
    """
    info = ParamInfo(unit=unit, source=source, doc=doc, low=low, high=high, choices=choices)
    return field(default=default, metadata={"param": info})


def param_list(*, unit: str, source: str, doc: str, values: str) -> Any:
    """Declare a documented parameter whose value is a list (empty by default).

    Args:
        unit: Unit of measurement of the entries.
        source: Where the entries' meaning comes from.
        doc: One sentence saying what the parameter does.
        values: The allowed entries in words (checked by :func:`sim.config.validation.validate`).
    """
    info = ParamInfo(unit=unit, source=source, doc=doc, values=values)
    return field(default_factory=list, metadata={"param": info})


def section(factory: type) -> Any:
    """Declare a nested configuration section."""
    return field(default_factory=factory)


def iter_params(obj: Any, prefix: str = ""):
    """Yield ``(dotted_name, value, ParamInfo | None, field)`` for every leaf of a config object."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        name = f"{prefix}{f.name}"
        if dataclasses.is_dataclass(value):
            yield from iter_params(value, prefix=name + ".")
        else:
            yield name, value, f.metadata.get("param"), f
