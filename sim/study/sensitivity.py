"""Global sensitivity of a metric, or of a paired regime difference, to mechanism parameters.

``salesculture sensitivity`` samples the screened parameters (:mod:`sim.study.screening`) with SALib
(Morris elementary effects by default, Sobol' indices on request), runs every sample point on
seeds ``0..S-1`` and analyses the mean over seeds of the output at each point. The output is
one metric of one preset, or the difference of a metric between two presets run on the same
seeds and the same sampled values (common random numbers: the difference is the regime's).

Runs go to the reused worker pool of :mod:`sim.runs.compare`; each finished run is kept in the
output directory (:mod:`sim.study.sensrecord`), so a command stopped with Ctrl-C resumes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from salesculture.sim.config.errors import did_you_mean
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.config.validation import ConfigError
from salesculture.sim.runs.defaults import DEFAULT_SPREAD
from salesculture.sim.study.screening import factors, with_values
from salesculture.sim.study.sensdesign import METHODS, MORRIS_LEVELS, SAMPLER_SEED, Design, Result

if TYPE_CHECKING:
    from salesculture.sim.config.posterior import Posterior

#: Bootstrap resamples of the confidence intervals, and their level.
RESAMPLES = 100
CONF_LEVEL = 0.95
#: Index columns of each method, in the order of the table.
INDEX_COLUMNS = {
    "morris": ("mu_star", "mu_star_conf", "sigma", "mu"),
    "sobol": ("S1", "S1_conf", "ST", "ST_conf"),
}
#: Metrics that need more than one year (their definition compares a year with the one before).
NEEDS_TWO_YEARS = ("nrr",)


def parse_difference(text: str) -> list[str]:
    """``sales_led-baseline`` -> ``["baseline", "sales_led"]`` (reference first).

    Raises:
        ConfigError: unless the text is two known presets joined by ``-``.
    """
    from salesculture.sim.config.validation import group_options

    presets = group_options("scenario")
    parts = text.split("-")
    if len(parts) != 2 or not all(parts):
        raise ConfigError(
            f"--difference={text}: must be PRESET_B-PRESET_A, e.g. sales_led-baseline"
        )
    for name in parts:
        if name not in presets:
            raise ConfigError(
                f"--difference={text}: preset {name!r} is unknown; "
                f"{did_you_mean(name, presets)}valid presets: {', '.join(presets)}"
            )
    if parts[0] == parts[1]:
        raise ConfigError(f"--difference={text}: two different presets, e.g. sales_led-baseline")
    return [parts[1], parts[0]]


def plan(
    method: str = "morris",
    metric: str = "profit",
    presets: list[str] | None = None,
    params: list[str] | None = None,
    trajectories: int = 20,
    seeds: int = 3,
    years: int = 5,
    overrides: list[str] | None = None,
    spread: float = DEFAULT_SPREAD,
    company: Posterior | None = None,
) -> Design:
    """Check every input and build the design; nothing runs and nothing is written.

    With ``company``, the screening is centred on the company: each preset runs in its world at
    the posterior mean (:func:`sim.runs.companyworld.centre`; the user's ``--set`` and the
    preset's own regime choices win over it), and its fitted parameters are screened over their
    posterior's 5-95 % range.

    Raises:
        ConfigError: one line naming the field, the value and what is allowed.
    """
    from salesculture.sim.config.compose import compose_with_choices, validated
    from salesculture.sim.runs.compare import check_names, check_overrides_of_compare

    if method not in METHODS:
        raise ConfigError(f"--method={method}: must be one of {', '.join(METHODS)}")
    presets = list(presets or ["baseline"])
    check_names(presets, [metric])
    if trajectories < 2:
        raise ConfigError(f"--trajectories={trajectories}: must be at least 2")
    if method == "sobol" and trajectories & (trajectories - 1):
        raise ConfigError(
            f"--trajectories={trajectories}: Sobol' base samples must be a power of 2 "
            "(e.g. 64, 128, 256)"
        )
    if seeds < 1:
        raise ConfigError(f"--seeds={seeds}: must be at least 1")
    if years < 1:
        raise ConfigError(f"--years={years}: must be at least 1")
    if metric in NEEDS_TWO_YEARS and years < 2:
        raise ConfigError(f"--metric={metric}: needs --years of at least 2 (got {years})")
    overrides = list(overrides or [])
    check_overrides_of_compare(overrides)
    grounds = {name: _ground(company, name, overrides) for name in presets}
    configs = {
        name: compose_with_choices(
            [f"scenario={name}", f"years={years}", *grounds[name], *overrides]
        )[0]
        for name in presets
    }
    ranges = _posterior_ranges(company)
    chosen = factors(configs, params, spread, ranges)
    design = Design(
        method,
        metric,
        presets,
        chosen,
        trajectories,
        list(range(seeds)),
        years,
        overrides,
        spread,
        configs,
        _company_record(company, grounds, ranges, chosen),
    )
    for point, row in enumerate(design.sample()):
        for preset, config in configs.items():
            try:
                validated(with_values(config, chosen, list(row), 0))
            except ConfigError as error:
                raise ConfigError(f"sample point {point} of {preset}: {error}") from None
    return design


def _ground(company: Posterior | None, preset: str, overrides: list[str]) -> list[str]:
    """The company's world and posterior mean under ``preset`` (none without a company)."""
    if company is None:
        return []
    from salesculture.sim.config.overrides import override_key
    from salesculture.sim.runs.companyworld import centre, ground

    keys = [override_key(o) for o in overrides]
    return ground(centre(company), [f"scenario={preset}"], keys)


def _posterior_ranges(company: Posterior | None) -> dict[str, tuple[float, float]]:
    """Each fitted parameter's posterior 5-95 % range (none without a company)."""
    if company is None:
        return {}
    from salesculture.sim.runs.companyworld import posterior_range

    return {name: posterior_range(company, name) for name in company.parameters}


def _company_record(
    company: Posterior | None,
    grounds: dict[str, list[str]],
    ranges: dict[str, tuple[float, float]],
    chosen: list,
) -> dict | None:
    """What the design records of the company it is centred on (None without one)."""
    if company is None:
        return None
    screened = {f.name for f in chosen}
    return {
        "name": company.company,
        "fit": str(company.directory),
        "overrides": {preset: list(ground) for preset, ground in grounds.items()},
        "posterior_ranges": {
            name: list(bounds) for name, bounds in ranges.items() if name in screened
        },
    }


def run_configs(design: Design, sample: np.ndarray) -> list[tuple[tuple[int, str, int], SimConfig]]:
    """Every run of the design: its key (point, preset, seed) and configuration."""
    return [
        ((point, preset, seed), with_values(design.configs[preset], design.factors, row, seed))
        for point, row in enumerate(sample)
        for seed in design.seeds
        for preset in design.presets
    ]


def run_metrics(config: SimConfig) -> dict[str, float]:
    """Run one configuration in a worker: its summary metrics."""
    from salesculture.sim.runs.runner import simulate

    return dict(simulate(config).metrics)


def outputs(design: Design, runs: pd.DataFrame) -> np.ndarray:
    """The output at each sample point: the mean over seeds of the metric or paired difference.

    Raises:
        ConfigError: when the metric is undefined (NaN) on some run.
    """
    table = runs.pivot_table(
        index=["point", "seed"], columns="preset", values=design.metric, dropna=False
    )
    if design.difference:
        values = table[design.presets[1]] - table[design.presets[0]]
    else:
        values = table[design.presets[0]]
    points = values.index.get_level_values("point")
    undefined = set(points[values.isna().to_numpy()])
    missing = len(undefined | (set(range(design.points())) - set(points)))
    per_point = values.groupby(level="point").mean().reindex(range(design.points()))
    if missing:
        from salesculture.sim.config.labels import UNDEFINED

        why = UNDEFINED.get(design.metric, "undefined")
        raise ConfigError(
            f"--metric={design.metric}: undefined ({why}) on {missing} of {design.points()} "
            "sample points; choose another metric"
        )
    return per_point.to_numpy(dtype=float)


def analyse(design: Design, sample: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    """SALib's indices with confidence intervals, one row per factor, ranked (most first)."""
    problem = design.problem()
    if design.method == "morris":
        from SALib.analyze import morris

        found = morris.analyze(
            problem,
            sample,
            y,
            num_resamples=RESAMPLES,
            conf_level=CONF_LEVEL,
            num_levels=MORRIS_LEVELS,
            seed=SAMPLER_SEED,
        )
        key = "mu_star"
    else:
        from SALib.analyze import sobol

        found = sobol.analyze(
            problem,
            y,
            calc_second_order=False,
            num_resamples=RESAMPLES,
            conf_level=CONF_LEVEL,
            seed=SAMPLER_SEED,
        )
        key = "ST"
    table = pd.DataFrame(
        {
            "parameter": [f.name for f in design.factors],
            "unit": [f.unit for f in design.factors],
            "value": [f.value for f in design.factors],
            "low": [f.low for f in design.factors],
            "high": [f.high for f in design.factors],
            **{c: np.asarray(found[c], dtype=float) for c in INDEX_COLUMNS[design.method]},
            "source": [f.source for f in design.factors],
        }
    )
    table = table.sort_values(key, ascending=False, kind="stable").reset_index(drop=True)
    table.insert(0, "rank", range(1, len(table) + 1))
    return table


def run(design: Design, directory: Path, jobs: int | None = None, progress: bool = True) -> Result:
    """Run the design (resuming from ``directory``), analyse it, and write every output.

    Raises:
        ConfigError: the directory holds another design (nothing written).
        Interrupted: Ctrl-C; every finished run is kept in the directory.
    """
    from salesculture.sim.study.sensrecord import Store, write_outputs

    store = Store.open(directory, design)
    sample = design.sample()
    planned = run_configs(design, sample)
    todo = [(key, config) for key, config in planned if key not in store.done]
    reused = len(planned) - len(todo)
    if progress:
        from salesculture.sim.runs.compare import count

        again = f" ({reused} finished earlier, reused)" if reused else ""
        print(
            f"sensitivity: {design.output}, {count(len(design.factors), 'parameter')}, "
            f"{design.points()} points x {count(len(design.seeds), 'seed')} x "
            f"{count(len(design.presets), 'preset')} = {count(design.runs(), 'run')} of "
            f"{count(design.years, 'year')} into {directory}{again}",
            file=sys.stderr,
        )
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))

    from tqdm import tqdm

    bar = tqdm(
        total=len(planned),
        initial=reused,
        unit="run",
        file=sys.stderr,
        disable=not progress or None,
        desc="sensitivity",
        leave=False,
    )
    try:
        _execute(todo, jobs, store, bar, design)
    finally:
        bar.close()
    runs = store.frame()
    indices = analyse(design, sample, outputs(design, runs))
    result = Result(design, indices, runs, reused, directory)
    write_outputs(result)
    return result


def _execute(todo, jobs: int, store, bar, design: Design) -> None:
    """Run ``todo`` on ``jobs`` reused workers, keeping each run in ``store`` as it ends."""
    from salesculture.sim.runs.compare import run_in_pool
    from salesculture.sim.runs.interrupts import Interrupted

    keys = [key for key, _ in todo]
    configs = [config for _, config in todo]

    def keep(i: int, metrics: dict[str, float]) -> None:
        point, preset, seed = keys[i]
        store.add(point, preset, seed, configs[i], metrics)
        bar.update(1)

    try:
        if jobs == 1 or len(todo) <= 1:
            for i, config in enumerate(configs):
                keep(i, run_metrics(config))
        else:
            run_in_pool(configs, list(range(len(configs))), jobs, keep, work=run_metrics)
    except KeyboardInterrupt:
        store.flush()
        raise Interrupted(
            f"interrupted after {len(store.done)} of {design.runs()} runs; they are kept in "
            f"{store.path}: run the same command again to resume"
        ) from None
    finally:  # a run that raised: the others that finished are kept all the same
        store.flush()
