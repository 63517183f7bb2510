"""Fit a company: choose the parameters, run ABC-SMC, check the fit, write everything.

:func:`calibrate` is what ``salesculture calibrate NAME`` runs. It writes, in the fit directory
(``outputs/calibrate/NAME`` unless told otherwise):

- ``posterior.parquet`` and ``fit.json`` (read back by :mod:`sim.config.posterior`);
- ``report.md`` and ``report.png``: the posterior predictive check (each observed figure
  against the band the fitted model simulates), each parameter's posterior against its prior,
  and a plain verdict for each figure the model cannot reproduce;
- ``screening.csv`` (when the parameters were chosen by screening), ``simulations.jsonl`` (the
  finished simulations, for resuming) and ``abc.db`` (pyabc's history of the generations);

and the point estimate as an ordinary config, ``company/NAME_fitted.yaml`` beside the profile.
"""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from salesculture.sim.config.compose import compose_config
from salesculture.sim.config.posterior import Posterior
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.study.calibration import abc
from salesculture.sim.study.calibration.choice import Screening, candidates, chosen, screen
from salesculture.sim.study.calibration.figures import key, observe
from salesculture.sim.study.calibration.store import Launch, SimulationStore
from salesculture.sim.study.screening import Factor, factors, with_values


@dataclass
class Observed:
    """One observed figure: which, in which year, its value and standard deviation."""

    figure: str
    year: int
    value: float
    sd: float
    source: str = "profile"

    @property
    def key(self) -> str:
        """``figure@year``."""
        return key(self.figure, self.year)


@dataclass
class Settings:
    """How hard a fit works (the defaults fit the example company in minutes on 2 cores)."""

    population: int = 200  #: particles per generation
    generations: int = 8  #: at most
    simulations: int = 5000  #: at most, over all generations (the prior sample included)
    most_parameters: int = 5  #: fitted at most, when chosen by screening
    trajectories: int = 4  #: Morris trajectories of the screening
    check_draws: int = 40  #: posterior draws simulated for the predictive check
    seed: int = 0  #: the fit's seed: the same seed, the same posterior
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)


@dataclass
class FitProblem:
    """What is fitted: the company's world, its observations and the parameters."""

    company: str
    world: list[str]  #: overrides making the company's world (known facts and regime)
    years: int  #: the horizon simulated (the years of history fitted)
    observed: list[Observed]
    parameters: list[str] | None = None  #: dotted keys; None: chosen by screening
    profile: Path | None = None  #: where the profile is (the fitted config is written beside)


@dataclass
class FitResult:
    """A finished fit."""

    problem: FitProblem
    factors: list[Factor]
    sample: pd.DataFrame  #: particle, weight, one column per parameter
    screening: Screening | None
    check: pd.DataFrame  #: one row per observation: observed, band, verdict
    generations: int
    tolerance: float
    simulations: int
    reused: int
    directory: Path
    notes: list[str] = field(default_factory=list)

    def posterior(self) -> Posterior:
        """The fit as :class:`sim.config.posterior.Posterior` (before or after writing)."""
        return Posterior(
            company=self.problem.company,
            directory=self.directory,
            world=list(self.problem.world),
            parameters=[f.name for f in self.factors],
            integers=[f.name for f in self.factors if f.integer],
            sample=self.sample,
        )


def _bar(total: int, progress: bool, description: str):
    from tqdm import tqdm

    return tqdm(
        total=total,
        unit="run",
        file=sys.stderr,
        disable=not progress or None,
        desc=description,
        leave=False,
    )


def calibrate(
    problem: FitProblem,
    directory: Path,
    settings: Settings,
    progress: bool = True,
    launch: Launch | None = None,
) -> FitResult:
    """Fit ``problem``'s parameters to its observations (see the module's docstring).

    ``launch`` runs the simulations elsewhere (:class:`sim.study.calibration.store.Launch`):
    the same fit, the same posterior, bit for bit.

    Raises:
        ConfigError: for parameters that cannot be fitted, before anything runs.
        Interrupted: on Ctrl-C; finished simulations are kept and the same call resumes.
    """
    base = compose_config([*problem.world, f"years={problem.years}"])
    keys = [o.key for o in problem.observed]
    scales = np.array([o.sd for o in problem.observed], dtype=float)
    named = factors({problem.company: base}, problem.parameters) if problem.parameters else None
    directory.mkdir(parents=True, exist_ok=True)
    store = SimulationStore(directory, launch)

    def run_configs(configs: list[SimConfig], bar) -> list[dict[str, float]]:
        return store.evaluate(configs, observe, settings.jobs, bar)

    screening = None
    if problem.parameters is None:
        names = candidates(base, problem.world, problem.years)
        bar = _bar(settings.trajectories * (len(names) + 1), progress, "screening")
        try:
            screening = screen(
                base,
                names,
                keys,
                scales,
                lambda configs: run_configs(configs, bar),
                settings.trajectories,
                settings.seed,
            )
        finally:
            bar.close()
        fitted = chosen(screening, settings.most_parameters)
    else:
        fitted = named
    if not fitted:
        from salesculture.sim.config.errors import ConfigError

        raise ConfigError(
            f"company {problem.company}: no parameter moves the observed figures by half an "
            "observation's standard deviation or more; name parameters with --params"
        )

    bar = _bar(settings.simulations, progress, "fit")

    def evaluate(points: list[tuple[float, ...]], seeds: list[int]) -> list[dict[str, float]]:
        configs = [
            with_values(base, fitted, list(point), seed)
            for point, seed in zip(points, seeds, strict=True)
        ]
        return run_configs(configs, bar)

    def on_batch(generation: int, simulations: int, accepted: int, needed: int) -> None:
        name = "prior" if generation < 0 else f"generation {generation + 1}"
        bar.set_description(f"fit: {name}, {accepted}/{needed} kept")

    observed = {o.key: o.value for o in problem.observed}
    tolerance = math.sqrt(len(keys))
    database = directory / "abc.db"
    database.unlink(missing_ok=True)
    try:
        history, simulations = abc.fit(
            names=[f.name for f in fitted],
            lows=[f.low for f in fitted],
            highs=[f.high for f in fitted],
            observed=observed,
            scales=dict(zip(keys, scales.tolist(), strict=True)),
            evaluate=evaluate,
            database=f"sqlite:///{database}",
            population=settings.population,
            stop=abc.Stop(tolerance, settings.generations, settings.simulations),
            fit_seed=settings.seed,
            jobs=settings.jobs,
            on_batch=on_batch,
        )
    finally:
        bar.close()
    frame, weights = history.get_distribution(m=0, t=history.max_t)
    sample = pd.DataFrame({"particle": np.arange(len(frame)), "weight": weights / weights.sum()})
    for i, factor in enumerate(fitted):
        values = frame[f"p{i}"].to_numpy(dtype=float)
        sample[factor.name] = np.round(values).astype(int) if factor.integer else values
    populations = history.get_all_populations()
    last = populations[populations["t"] == history.max_t].iloc[0]
    result = FitResult(
        problem=problem,
        factors=fitted,
        sample=sample,
        screening=screening,
        check=pd.DataFrame(),
        generations=int(history.max_t) + 1,
        tolerance=float(last["epsilon"]),
        simulations=simulations,
        reused=store.reused,
        directory=directory,
    )
    result.check = predictive_check(result, base, run_configs, settings, progress)
    return result


def predictive_check(result: FitResult, base: SimConfig, run_configs, settings, progress):
    """Each observation against the band of figures simulated from posterior draws.

    ``settings.check_draws`` draws (systematic resampling of the posterior), each run once on
    its own seed (luck as well as parameters), give each observed figure's 5-95 % band.
    """
    posterior = result.posterior()
    points = posterior.draws(settings.check_draws)
    configs = [
        with_values(base, result.factors, [point[f.name] for f in result.factors], seed=10_000 + i)
        for i, point in enumerate(points)
    ]
    bar = _bar(len(configs), progress, "predictive check")
    try:
        simulated = pd.DataFrame(run_configs(configs, bar))
    finally:
        bar.close()
    rows: list[dict[str, Any]] = []
    for o in result.problem.observed:
        values = simulated[o.key].to_numpy(dtype=float) if o.key in simulated else np.array([])
        values = values[np.isfinite(values)]
        low, median, high = (
            np.quantile(values, [0.05, 0.5, 0.95]) if len(values) else (math.nan,) * 3
        )
        rows.append(
            {
                "figure": o.figure,
                "year": o.year,
                "observed": o.value,
                "sd": o.sd,
                "source": o.source,
                "low": float(low),
                "median": float(median),
                "high": float(high),
                **verdict(o.value, o.sd, float(low), float(high)),
            }
        )
    return pd.DataFrame(rows)


def verdict(observed: float, sd: float, low: float, high: float) -> dict[str, Any]:
    """Whether the fitted model reproduces an observation, and by how much it misses.

    Reproduced when the observation's own 90 % interval (observed -/+ 1.645 sd) meets the
    simulated 5-95 % band; otherwise the gap is the distance from the band to the observation,
    also in the observation's standard deviations.
    """
    if not math.isfinite(low):
        return {"reproduced": False, "gap": math.nan, "gap_sd": math.nan}
    margin = 1.645 * sd
    if observed + margin >= low and observed - margin <= high:
        return {"reproduced": True, "gap": 0.0, "gap_sd": 0.0}
    gap = observed - high if observed > high else observed - low
    return {"reproduced": False, "gap": float(gap), "gap_sd": float(gap / sd) if sd else math.inf}
