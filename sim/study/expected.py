"""The expected numbers of an experiment (``experiments/NAME/expected.json``): read, write, check.

``expected.json`` holds, per design (``full`` and ``quick``), what made the numbers (the command,
with ``--config-dir`` for an experiment of one's own, the outside config dirs, runs, seeds,
horizon, overrides, commit, versions, seconds) and each headline number's value, tolerance,
95 % interval, unit and meaning; ``rule`` says how a reproduction is judged.
"""

from __future__ import annotations

import datetime
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from salesculture.sim.config import configdirs
from salesculture.sim.runs.provenance import git_commit, versions
from salesculture.sim.runs.runfiles import write_json
from salesculture.sim.study.experiments import Design
from salesculture.sim.study.findings import Findings, Number, text


class ReproductionError(Exception):
    """Numbers that do not match, or none to match against (one line; exit code 1)."""


@dataclass
class Check:
    """One headline number against its expected value."""

    name: str
    got: Number | None
    expected: dict[str, Any] | None

    @property
    def ok(self) -> bool:
        """Whether the number was reproduced within its tolerance."""
        if self.got is None or self.expected is None:
            return False
        value, tolerance = self.expected["value"], self.expected["tolerance"]
        if value is None or not math.isfinite(self.got.value):
            return value is None and not math.isfinite(self.got.value)
        return abs(self.got.value - value) <= tolerance

    def why(self) -> str:
        """Why the number does not match: what was reproduced against what was expected."""
        if self.got is None:
            return f"{self.name}: expected but not reproduced"
        unit = self.got.unit
        got = text(self.got.value, unit, sign=True)
        if self.expected is None:
            return f"{self.name}: {got}, not in the expected numbers"
        value, tolerance = self.expected["value"], self.expected["tolerance"]
        return (
            f"{self.name}: {got}, expected {text(value, unit, sign=True)} ± {text(tolerance, unit)}"
        )

    def line(self, width: int) -> str:
        """The number, what was expected and whether it matches, on one line."""
        unit = (self.got.unit if self.got else None) or (self.expected or {}).get("unit", "")
        got = text(self.got.value, unit, sign=True) if self.got else "(not reproduced)"
        if self.expected is None:
            wanted = "(not in expected.json)"
        else:
            value = self.expected["value"]
            wanted = f"{text(value, unit, sign=True)} ± {text(self.expected['tolerance'], unit)}"
        return f"{self.name:<{width}}  {got:>12}  {wanted:>24}  {'ok' if self.ok else 'MISMATCH'}"


def check(found: Findings, expected: dict[str, Any] | None) -> list[Check]:
    """Every headline number against the expected section, then numbers only expected."""
    wanted = (expected or {}).get("numbers", {})
    checks = [Check(name, number, wanted.get(name)) for name, number in found.numbers.items()]
    checks += [Check(name, None, wanted[name]) for name in wanted if name not in found.numbers]
    return checks


def section(plan: Design, found: Findings, cached: int, seconds: float) -> dict[str, Any]:
    """The expected numbers of one design, with what made them."""
    return {
        "written": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": command_line(plan.experiment, plan.quick),
        **configdirs.record(),
        "runs": len(plan.configs),
        "seeds": plan.seeds,
        "years": plan.years,
        "overrides": plan.overrides,
        "commit": git_commit(),
        "versions": versions(),
        "seconds": round(seconds, 1),
        "numbers": {name: number.record() for name, number in found.numbers.items()},
    }


#: How expected.json explains its tolerances.
RULE = (
    "A reproduced number matches when it lies within 'tolerance' of 'value'. Each number is a "
    "mean over the design's seeds (a paired difference where the question is a comparison); "
    "its tolerance is the half-width of its 95 % Student-t interval over those seeds "
    "(ci_low..ci_high), i.e. the seed-to-seed spread, floored at 1e-6 of the value."
)


def command_line(name: str, quick: bool) -> str:
    """The command that reproduces ``name``, with ``--config-dir`` for each outside directory."""
    return configdirs.command_line(["reproduce", name, *(["--quick"] if quick else [])])


def write_expected(path: Path, plan: Design, record: dict[str, Any]) -> None:
    """Put ``record`` into ``path`` as its ``full`` or ``quick`` section; keep the other."""
    data = json.loads(path.read_text()) if path.exists() else {}
    data = {"experiment": plan.experiment, "rule": RULE, **data}
    data["rule"] = RULE
    data["quick" if plan.quick else "full"] = record
    write_json(path, data)


def read_expected(path: Path, quick: bool) -> dict[str, Any]:
    """The expected section of the full or reduced design.

    Raises:
        ReproductionError: naming the file, if it is missing, not JSON or lacks the section.
    """
    how = f"write it with: {command_line(path.parent.name, quick)} --write-expected"
    if not path.exists():
        raise ReproductionError(f"{path}: no such file; {how}")
    try:
        data = json.loads(path.read_text())
    except ValueError as error:
        raise ReproductionError(f"{path}: not JSON ({error})") from None
    kind = "quick" if quick else "full"
    if not isinstance(data, dict) or not isinstance(data.get(kind), dict):
        raise ReproductionError(f"{path}: holds no '{kind}' numbers; {how}")
    return data[kind]
