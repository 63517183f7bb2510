"""A company's fit, read back: the posterior sample and the world it was fitted in.

``salesculture calibrate NAME`` (:mod:`sim.study.calibration`) writes a fit directory,
``outputs/calibrate/NAME/`` unless told otherwise, holding:

- ``posterior.parquet``: the final population of the fit, one row per particle: ``particle``
  (0..n-1), ``weight`` (importance weights summing to 1), then one column per fitted parameter,
  named by its dotted key (``sales.base_win_rate``), in the parameter's own unit;
- ``fit.json``: the company's name, the overrides that make its world (what it knows for certain:
  size, head-count, prices, salaries, the regime it runs) in ``world``, the fitted parameters with
  their priors in ``parameters``, the horizon of the fit (``years``), how the fit went, and the
  provenance of every result (versions, commit, command).

Every command that takes ``--company NAME`` reads the fit here and runs each of ``n`` draws
(:func:`draws`) in the company's world: the draws carry what the company's own figures could not
pin down. Importing this module loads neither the model nor Hydra.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesculture.sim.config.errors import ConfigError

#: Where fits are written unless told otherwise (relative to the working directory).
DEFAULT_FIT_ROOT = Path("outputs") / "calibrate"
POSTERIOR_FILE = "posterior.parquet"
FIT_FILE = "fit.json"
#: The seed of the weighted resampling that picks draws (fixed: the same fit, the same draws).
DRAW_SEED = 20261207


def fit_dir(name: str, root: Path | str | None = None) -> Path:
    """The fit directory of company ``name``: ``ROOT/NAME`` (``outputs/calibrate/NAME``)."""
    return Path(root if root is not None else DEFAULT_FIT_ROOT) / name


@dataclass
class Posterior:
    """A company's fit: the posterior sample and the world it was fitted in."""

    company: str
    directory: Path
    world: list[str]  #: overrides that make the company's world (known facts, regime)
    parameters: list[str]  #: the fitted parameters' dotted keys, in the sample's column order
    integers: list[str]  #: those that take whole numbers
    sample: Any  #: pandas DataFrame: ``particle``, ``weight`` and one column per parameter
    record: dict[str, Any] = field(default_factory=dict)  #: the whole of ``fit.json``

    def draws(self, n: int) -> list[dict[str, float | int]]:
        """``n`` parameter points drawn from the posterior (see :func:`draws`)."""
        return draws(self, n)

    def draw_overrides(self, n: int) -> list[list[str]]:
        """Each of ``n`` draws as overrides: the company's world, then the draw's values."""
        return [self.world + point_overrides(point) for point in self.draws(n)]

    def mean(self) -> dict[str, float | int]:
        """The posterior mean of each parameter (weighted), whole numbers rounded."""
        weights = self.sample["weight"].to_numpy()
        point = {}
        for name in self.parameters:
            value = float((self.sample[name].to_numpy() * weights).sum() / weights.sum())
            point[name] = int(round(value)) if name in self.integers else value
        return point


def point_overrides(point: dict[str, float | int]) -> list[str]:
    """``key=value`` overrides of a parameter point (floats written so they read back equal)."""
    return [f"{key}={_text(value)}" for key, value in point.items()]


def _text(value: float | int) -> str:
    if isinstance(value, int):
        return str(value)
    return repr(float(value))


def draws(posterior: Posterior, n: int) -> list[dict[str, float | int]]:
    """``n`` points from the weighted sample by systematic resampling, in particle order.

    Systematic resampling keeps the sample's weights with the least added noise (each particle
    is drawn ``floor(n w)`` or ``ceil(n w)`` times), and its one uniform number comes from a
    fixed seed: the same fit gives the same draws in every command and process.

    Raises:
        ConfigError: if ``n`` is below 1.
    """
    import numpy as np

    if n < 1:
        raise ConfigError(f"--draws={n}: must be at least 1")
    weights = posterior.sample["weight"].to_numpy(dtype=float)
    weights = weights / weights.sum()
    start = np.random.default_rng(DRAW_SEED).random()
    positions = (start + np.arange(n)) / n
    cumulative = np.cumsum(weights)
    cumulative[-1] = 1.0
    rows = np.searchsorted(cumulative, positions, side="right")
    points = []
    for row in rows:
        point: dict[str, float | int] = {}
        for name in posterior.parameters:
            value = float(posterior.sample[name].iloc[int(row)])
            point[name] = int(round(value)) if name in posterior.integers else value
        points.append(point)
    return points


def load_posterior(company: str, root: Path | str | None = None) -> Posterior:
    """The fit of ``company`` from its fit directory (:func:`fit_dir`).

    ``company`` may also be a fit directory itself (a path holding ``fit.json``).

    Raises:
        ConfigError: one line if the company was not fitted, or its files are incomplete.
    """
    import pandas as pd

    given = Path(company)
    directory = given if (given / FIT_FILE).is_file() else fit_dir(company, root)
    record_file = directory / FIT_FILE
    sample_file = directory / POSTERIOR_FILE
    if not record_file.is_file() or not sample_file.is_file():
        raise ConfigError(
            f"--company {company}: no fit in {directory} (needs {FIT_FILE} and "
            f"{POSTERIOR_FILE}); run `salesculture calibrate {company}` first"
        )
    try:
        record = json.loads(record_file.read_text())
        sample = pd.read_parquet(sample_file)
    except (OSError, ValueError) as error:
        raise ConfigError(f"--company {company}: {directory} cannot be read: {error}") from None
    parameters = [p["name"] for p in record.get("parameters", [])]
    missing = [p for p in ["particle", "weight", *parameters] if p not in sample.columns]
    if missing:
        raise ConfigError(
            f"--company {company}: {sample_file} lacks the column {missing[0]!r}; "
            f"run `salesculture calibrate {company}` again"
        )
    weights = sample["weight"].to_numpy(dtype=float)
    usable = all(math.isfinite(w) and w >= 0 for w in weights) and weights.sum() > 0
    if not len(sample) or not usable:
        raise ConfigError(f"--company {company}: {sample_file} has no positive weights")
    return Posterior(
        company=record.get("company", company),
        directory=directory,
        world=list(record.get("world", [])),
        parameters=parameters,
        integers=[p["name"] for p in record.get("parameters", []) if p.get("integer")],
        sample=sample,
        record=record,
    )
