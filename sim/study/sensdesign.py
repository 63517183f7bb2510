"""What fixes a sensitivity analysis (its design) and what it found (its result).

Shared by the analysis (:mod:`sim.study.sensitivity`), its output directory
(:mod:`sim.study.sensrecord`) and its table and figure (:mod:`sim.study.sensplot`), which
import this module and not one another's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from salesculture.sim.config.schema import SimConfig
from salesculture.sim.study.screening import Factor

METHODS = ("morris", "sobol")
#: Grid levels of the Morris design (SALib's default); a step is 2/3 of a parameter's range.
MORRIS_LEVELS = 4
#: Seed of SALib's sampler and of its bootstrap intervals: the design is the same every time.
SAMPLER_SEED = 0


@dataclass
class Design:
    """Everything that fixes a sensitivity analysis's runs and result."""

    method: str
    metric: str
    presets: list[str]  #: one preset, or [A, B] for the paired difference B - A
    factors: list[Factor]
    trajectories: int  #: Morris trajectories, or Sobol' base samples
    seeds: list[int]
    years: int
    overrides: list[str]
    spread: float
    configs: dict[str, SimConfig] = field(repr=False)  #: base configuration of each preset
    #: The company the screening is centred on (``--company``): its name, fit directory, the
    #: overrides of its world and posterior mean, and its fitted parameters' posterior ranges.
    company: dict[str, Any] | None = None

    @property
    def difference(self) -> bool:
        """Whether the output is a paired difference of two presets."""
        return len(self.presets) == 2

    @property
    def output(self) -> str:
        """What the output is, in words: ``profit``, ``profit of sales_led - baseline``."""
        where = f" (company {self.company['name']})" if self.company else ""
        if self.difference:
            return f"{self.metric} of {self.presets[1]} - {self.presets[0]}{where}"
        return f"{self.metric} of {self.presets[0]}{where}"

    def problem(self) -> dict[str, Any]:
        """The SALib problem: names and bounds of the factors."""
        return {
            "num_vars": len(self.factors),
            "names": [f.name for f in self.factors],
            "bounds": [[f.low, f.high] for f in self.factors],
        }

    def sample(self) -> np.ndarray:
        """The sample points, one row per point (SALib's design, fixed by :data:`SAMPLER_SEED`)."""
        if self.method == "morris":
            from SALib.sample import morris

            return morris.sample(
                self.problem(), self.trajectories, num_levels=MORRIS_LEVELS, seed=SAMPLER_SEED
            )
        from SALib.sample import sobol

        return sobol.sample(
            self.problem(), self.trajectories, calc_second_order=False, seed=SAMPLER_SEED
        )

    def points(self) -> int:
        """How many sample points the design has."""
        per = len(self.factors) + (1 if self.method == "morris" else 2)
        return self.trajectories * per

    def runs(self) -> int:
        """How many runs the design takes: points x seeds x presets."""
        return self.points() * len(self.seeds) * len(self.presets)

    def record(self) -> dict[str, Any]:
        """The design as JSON: what a rerun in the same directory must match."""
        return {
            "method": self.method,
            "metric": self.metric,
            "presets": self.presets,
            "output": self.output,
            "factors": [f.record() for f in self.factors],
            "trajectories": self.trajectories,
            "seeds": self.seeds,
            "years": self.years,
            "overrides": self.overrides,
            "spread": self.spread,
            "morris_levels": MORRIS_LEVELS if self.method == "morris" else None,
            "sampler_seed": SAMPLER_SEED,
            "configs": {p: dataclasses.asdict(c) for p, c in self.configs.items()},
            **({"company": self.company} if self.company else {}),
        }


@dataclass
class Result:
    """A finished sensitivity analysis."""

    design: Design
    indices: pd.DataFrame
    runs: pd.DataFrame
    reused: int  #: runs found in the output directory from an earlier, interrupted command
    directory: Path
