"""The hold-out check: fit on a company's first years, predict the years held out.

A fit that only reproduces what it was fitted to proves little. With ``--hold-out K`` the fit
uses the observations of all but the last ``K`` years (and simulates only those years); then
posterior draws are run over the whole history, each on its own seed, and each held-out
observation is compared with its predictive 90 % interval: the 5-95 % quantiles of the simulated
figure plus the observation's own noise (normal with its standard deviation). The coverage, the
share of held-out figures inside their interval, should be near 90 %.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd

from salesculture.sim.config.compose import compose_config
from salesculture.sim.config.errors import ConfigError
from salesculture.sim.config.figures import FIGURES
from salesculture.sim.runs.compare import count
from salesculture.sim.study.calibration.figures import observe
from salesculture.sim.study.calibration.fit import FitProblem, FitResult, Observed, Settings
from salesculture.sim.study.calibration.report import figure_text
from salesculture.sim.study.calibration.store import Launch, SimulationStore
from salesculture.sim.study.screening import with_values

#: The interval a held-out figure is checked against.
LEVEL = 0.90


def holdout_problem(problem: FitProblem, years: int) -> tuple[FitProblem, list[Observed]]:
    """The problem restricted to the first ``problem.years - years`` years, and the rest.

    Raises:
        ConfigError: if no year would be left to fit, or none held out has an observation.
    """
    fitted_years = problem.years - years
    if fitted_years < 1:
        raise ConfigError(
            f"--hold-out={years}: the profile has {count(problem.years, 'year')} of history; "
            f"hold out at most {problem.years - 1}"
        )
    kept = [o for o in problem.observed if o.year <= fitted_years]
    held = [o for o in problem.observed if o.year > fitted_years]
    if not held or not kept:
        raise ConfigError(
            f"--hold-out={years}: the profile has no observation in "
            f"{'the years held out' if not held else 'the years left to fit'}"
        )
    return dataclasses.replace(problem, years=fitted_years, observed=kept), held


def held_out_check(
    result: FitResult,
    held: list[Observed],
    years: int,
    settings: Settings,
    launch: Launch | None = None,
) -> pd.DataFrame:
    """Each held-out observation against its predictive 90 % interval (see the docstring).

    ``launch`` runs the simulations elsewhere, as in :func:`sim.study.calibration.fit.calibrate`.
    """
    base = compose_config([*result.problem.world, f"years={years}"])
    points = result.posterior().draws(settings.check_draws)
    configs = [
        with_values(base, result.factors, [point[f.name] for f in result.factors], 20_000 + i)
        for i, point in enumerate(points)
    ]
    store = SimulationStore(result.directory, launch)
    simulated = pd.DataFrame(store.evaluate(configs, observe, settings.jobs))
    noise = np.random.default_rng(settings.seed)
    rows = []
    for o in held:
        values = simulated[o.key].to_numpy(dtype=float)
        values = values[np.isfinite(values)]
        predicted = values + noise.normal(0.0, o.sd, size=len(values))
        tail = (1 - LEVEL) / 2
        low, high = np.quantile(predicted, [tail, 1 - tail]) if len(values) else (math.nan,) * 2
        rows.append(
            {
                "figure": o.figure,
                "year": o.year,
                "observed": o.value,
                "low": float(low),
                "high": float(high),
                "inside": bool(low <= o.value <= high),
            }
        )
    return pd.DataFrame(rows)


def predict_held_out(
    result: FitResult, held: list[Observed], settings: Settings, launch: Launch | None = None
) -> str:
    """The hold-out check as lines of text: coverage, then each held-out figure."""
    years = max(o.year for o in held)
    table = held_out_check(result, held, years, settings, launch)
    inside = int(table["inside"].sum())
    lines = [
        f"hold-out: fitted on {_years(1, result.problem.years)}, predicted "
        f"{_years(result.problem.years + 1, years)}: {inside} of {len(table)} held-out figures "
        f"inside their predictive {LEVEL:.0%} interval ({inside / len(table):.0%})"
    ]
    for row in table.itertuples():
        mark = "inside" if row.inside else "outside"
        observed, low, high = (
            figure_text(value, FIGURES[row.figure]) for value in (row.observed, row.low, row.high)
        )
        lines.append(
            f"  {row.figure} year {row.year}: observed {observed}, "
            f"predicted {low} to {high} ({mark})"
        )
    return "\n".join(lines)


def _years(first: int, last: int) -> str:
    """``year 3`` or ``years 1..2``."""
    return f"year {first}" if first == last else f"years {first}..{last}"
