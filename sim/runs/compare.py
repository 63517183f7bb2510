"""Compare scenario presets on common random numbers (``salesculture compare``).

Every preset runs on the same seeds ``0..N-1``; because each seed gives the same customers and
the same luck to every regime (named random streams), the paired difference of a metric between
a preset and the first one isolates the regime's effect. Runs go to a pool of worker processes
that is reused across runs; each finished run can be kept in a cache (:mod:`sim.runs.runcache`), so
that a comparison interrupted with Ctrl-C resumes when the same command is run again.
"""

from __future__ import annotations

import dataclasses
import math
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from salesculture.sim.config import configdirs
from salesculture.sim.config.compose import compose_with_choices
from salesculture.sim.config.errors import did_you_mean
from salesculture.sim.config.labels import axes, intervention_list, label, override_key, regime
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.config.validation import ConfigError, check_presets
from salesculture.sim.runs.interrupts import (
    Interrupted,
    ignore_interrupts,
    interrupts_blocked,
    stop_processes,
    uninterruptible,
)
from salesculture.sim.runs.provenance import git_commit, versions
from salesculture.sim.runs.runcache import RunCache
from salesculture.sim.runs.stats import mean_interval
from salesculture.sim.world.metrics import SUMMARY_METRICS, with_rolling_retention

#: Weekly series kept from each run for plots (see :data:`sim.views.vocabulary.SERIES`): money per
#: week, and the rolling 52-week retention and NRR of
#: :func:`sim.world.metrics.with_rolling_retention`.
PLOT_SERIES = ("revenue", "cost", "profit", "retention_52w", "nrr_52w")
DEFAULT_METRICS = SUMMARY_METRICS


@dataclass
class Comparison:
    """Per-run metrics and weekly series of a comparison."""

    scenarios: list[str]  #: what is compared: presets, or the configurations of a sweep
    seeds: list[int]
    years: int | str
    metrics: list[str]
    runs: pd.DataFrame  #: one row per (scenario, seed) with every summary metric
    weekly: pd.DataFrame  #: week, scenario, seed and :data:`PLOT_SERIES`
    subject: str = "scenario"  #: what one of ``scenarios`` is called in headings
    overrides: list[str] = dataclasses.field(default_factory=list)  #: applied to every run
    presets: dict[str, str] = dataclasses.field(default_factory=dict)  #: label -> preset
    axes: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)  #: label -> axes
    #: label -> the regime switches its runs make (:func:`sim.config.labels.intervention_list`)
    interventions: dict[str, list[dict]] = dataclasses.field(default_factory=dict)
    same: list[tuple[str, str]] = dataclasses.field(default_factory=list)  #: equal configs
    #: Every configuration a sweep asked for, in its order (finished or not): fixes each row's
    #: line style in plots (:func:`sim.views.vocabulary.line_styles`).
    planned: list[str] = dataclasses.field(default_factory=list)
    commit: str = ""
    versions: dict[str, str] = dataclasses.field(default_factory=dict)
    cached: int = 0  #: runs reused from the cache (identical to running them again)
    cache_dir: str | None = None
    #: The arguments of the ``salesculture`` command that makes the same runs (:meth:`command`).
    arguments: list[str] = dataclasses.field(default_factory=list)

    def command(self, *more: str) -> str | None:
        """The command that makes this comparison again, with ``more`` arguments (its format).

        With ``--config-dir`` for each outside directory in force; None if unknown.
        """
        return configdirs.command_line([*self.arguments, *more]) if self.arguments else None

    def notes(self) -> list[str]:
        """One line per pair of rows that ran the same configuration."""
        return [
            f"{a} and {b} resolve to the same configuration: their rows will be identical"
            for a, b in self.same
        ]

    def cache_note(self) -> str | None:
        """How many runs came from the cache, if any."""
        if not self.cached:
            return None
        return (
            f"{self.cached} of {len(self.runs)} runs reused from the cache in {self.cache_dir} "
            "(same configuration and code; --no-cache runs them again)"
        )

    def table(self) -> pd.DataFrame:
        """:meth:`results` as a table: a row per scenario and metric (``compare --format csv``)."""
        return pd.DataFrame(self.results())

    def results(self) -> list[dict]:
        """Mean, 95 % interval and paired difference against the first scenario, per metric.

        Differences pair runs by seed, on the seeds both scenarios have.
        """
        rows = []
        first = self.runs[self.runs.scenario == self.scenarios[0]].set_index("seed")
        for metric in self.metrics:
            for scenario in self.scenarios:
                mine = self.runs[self.runs.scenario == scenario].set_index("seed")
                mean, low, high = mean_interval(mine[metric].to_numpy())
                row = {
                    "scenario": scenario,
                    "metric": metric,
                    "mean": mean,
                    "ci_low": low,
                    "ci_high": high,
                    "diff_mean": None,
                    "diff_ci_low": None,
                    "diff_ci_high": None,
                }
                if scenario != self.scenarios[0]:
                    paired = (mine[metric] - first[metric]).dropna().to_numpy()
                    d_mean, d_low, d_high = mean_interval(paired)
                    row.update(diff_mean=d_mean, diff_ci_low=d_low, diff_ci_high=d_high)
                rows.append({k: _clean(v) for k, v in row.items()})
        return rows


def _clean(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def check_names(scenarios: list[str], metrics: list[str]) -> None:
    """Reject unknown presets or metrics with one line listing the valid names."""
    check_presets(scenarios)
    for name in metrics:
        if name not in SUMMARY_METRICS:
            raise ConfigError(
                f"metric {name!r} is unknown; {did_you_mean(name, SUMMARY_METRICS)}"
                f"valid metrics: {', '.join(SUMMARY_METRICS)}"
            )
    if len(set(scenarios)) != len(scenarios):
        raise ConfigError(f"scenarios: each preset once, got {' '.join(scenarios)}")


#: Overrides that ``compare`` sets itself: a preset is an argument, seeds and years are options.
OWN_KEYS = {
    "scenario": "name presets as arguments (compare A B ..., explain A B), not with --set",
    "seed": "use --seeds N (runs seeds 0..N-1)",
    "years": "use --years N",
}


def check_overrides_of_compare(overrides: list[str]) -> None:
    """Refuse an override of what ``compare`` sets itself (preset, seed, horizon)."""
    for text in overrides:
        key = override_key(text).split("/")[0]
        if key in OWN_KEYS:
            raise ConfigError(f"--set {text}: {OWN_KEYS[key]}")


def _run(config: SimConfig) -> tuple[dict, pd.DataFrame]:
    """Run one configuration: metrics, channel totals and the weekly series kept for plots.

    The channel totals are what ``explain`` splits a difference into
    (:func:`sim.runs.explain.channel_totals`).
    """
    from salesculture.sim.runs.explain import channel_totals
    from salesculture.sim.runs.runner import simulate

    result = simulate(config)
    metrics = {**result.metrics, **channel_totals(result.timeseries)}
    return metrics, plot_series(result.timeseries)


def plot_series(timeseries: pd.DataFrame) -> pd.DataFrame:
    """One run's weekly series kept for plots: ``week`` and :data:`PLOT_SERIES`."""
    weekly = with_rolling_retention(timeseries.reset_index(drop=True))
    return weekly[["week", *PLOT_SERIES]]


def collect(
    configs: list[tuple[str, SimConfig]], done: list, draws: list[int] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The runs' metrics (a row per run) and weekly series, by row label (and draw) and seed.

    ``done`` holds each of ``configs``' outputs (:func:`execute`); ``draws``, each one's posterior
    draw, if any (a column ``draw`` after ``scenario``).
    """
    rows, weeks = [], []
    for i, ((name, config), (metrics, weekly)) in enumerate(zip(configs, done, strict=True)):
        which = {"scenario": name} if draws is None else {"scenario": name, "draw": draws[i]}
        rows.append({**which, "seed": config.seed, **metrics})
        weeks.append(weekly.assign(**which, seed=config.seed)[[*which, "seed", *weekly.columns]])
    return pd.DataFrame(rows), pd.concat(weeks, ignore_index=True)


def same_configurations(base: dict[str, SimConfig]) -> list[tuple[str, str]]:
    """The pairs of rows (by label) whose configurations are equal but for name, seed, horizon."""
    labels = list(base)
    return [
        (a, b)
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if regime(base[a]) == regime(base[b])
    ]


def _execute(
    configs: list[SimConfig], jobs: int, cache: RunCache | None, bar, work=None
) -> tuple[list[tuple[dict, pd.DataFrame]], int]:
    """Run ``configs`` (those not in ``cache``) on ``jobs`` workers; keep each as it finishes.

    ``work`` (a module-level function of a config, default :func:`_run`) computes one run's
    metrics and weekly series; a different one needs a cache of its own.

    On Ctrl-C the workers are stopped at once (they ignore Ctrl-C themselves) and every run
    that finished is already in the cache: the same command resumes from there.

    Returns:
        Each configuration's metrics and weekly series, and how many came from the cache.
    """
    outputs: list = [cache.load(config) if cache else None for config in configs]
    reused = sum(output is not None for output in outputs)
    bar.update(reused)
    todo = [i for i, output in enumerate(outputs) if output is None]
    work = work or _run

    def keep(i: int, output: tuple[dict, pd.DataFrame]) -> None:
        outputs[i] = output
        if cache is not None:
            cache.store(configs[i], *output)
        bar.update(1)

    try:
        if jobs == 1 or len(todo) <= 1:
            for i in todo:
                keep(i, work(configs[i]))
        else:
            run_in_pool(configs, todo, jobs, keep, work)
    except KeyboardInterrupt:
        finished = sum(output is not None for output in outputs)
        raise _interrupted(finished, len(configs), cache) from None
    return outputs, reused


def run_in_pool(configs: Sequence[Any], todo: list[int], jobs: int, keep, work=_run) -> None:
    """Run ``configs[i]`` for ``i`` in ``todo`` on worker processes, keeping each as it ends.

    ``work`` is what a worker does with an item of ``configs`` (a module-level function): by
    default :func:`_run`, a configuration's metrics and weekly series. The salesculture launcher
    sends batches of a sweep's runs instead (:func:`sim.runs.sweepbatch.run_batch`).
    """
    # Workers start as copies of this process (fork, the default on Linux): the model loaded
    # here once is not loaded again by each worker.
    import salesculture.sim.runs.runner  # noqa: F401

    pool = ProcessPoolExecutor(max_workers=min(jobs, len(todo)), initializer=ignore_interrupts)
    try:
        with interrupts_blocked():  # the workers start on the first submit
            futures = {pool.submit(work, configs[i]): i for i in todo}
        for future in as_completed(futures):
            keep(futures[future], future.result())
    except BaseException:
        with uninterruptible():
            workers = list(getattr(pool, "_processes", None) or {})
            pool.shutdown(wait=False, cancel_futures=True)
            stop_processes(workers)
        raise
    pool.shutdown()


def _interrupted(finished: int, total: int, cache: RunCache | None) -> Interrupted:
    """The one line of a comparison stopped by Ctrl-C: what finished and where it is kept."""
    if not finished:
        return Interrupted("interrupted before any run finished")
    kept = (
        f"they are kept in {cache.directory}: run the same command again to resume"
        if cache
        else "they were not kept (--no-cache)"
    )
    return Interrupted(f"interrupted after {finished} of {total} runs; {kept}")


def compare(
    scenarios: list[str],
    seeds: int,
    years: int,
    overrides: list[str] | None = None,
    jobs: int | None = None,
    metrics: list[str] | None = None,
    progress: bool = True,
    cache_dir: Path | str | None = None,
) -> Comparison:
    """Run every scenario on seeds ``0..seeds-1`` and collect metrics and weekly series.

    Args:
        scenarios: Preset names; the first is the reference for paired differences.
        seeds: Number of seeds (common to all scenarios).
        years: Horizon of every run.
        overrides: Hydra overrides applied on top of every preset (``key=value``).
        jobs: Worker processes (default: all cores).
        metrics: Metrics to report (default: every summary metric).
        progress: Show a progress bar on stderr.
        cache_dir: Keep every finished run in this directory (:mod:`sim.runs.runcache`) and reuse
            the runs already there, so an interrupted comparison resumes; None: no cache.

    Raises:
        ConfigError: for an unknown preset, metric or override, before anything runs.
    """
    metrics = list(metrics or DEFAULT_METRICS)
    check_names(scenarios, metrics)
    if seeds < 1:
        raise ConfigError(f"--seeds={seeds}: must be at least 1")
    overrides = list(overrides or [])
    check_overrides_of_compare(overrides)
    base: dict[str, SimConfig] = {}
    presets: dict[str, str] = {}
    chosen: dict[str, dict[str, str]] = {}
    for name in scenarios:
        config, choices = compose_with_choices([f"scenario={name}", f"years={years}", *overrides])
        reference = compose_with_choices([f"scenario={name}"])
        row = label(name, overrides, config, choices, reference)
        base[row], presets[row], chosen[row] = config, name, axes(choices)
    labels = list(base)
    configs = [
        (name, dataclasses.replace(base[name], seed=seed))
        for seed in range(seeds)
        for name in labels
    ]
    done, reused, cache = execute([config for _, config in configs], jobs, progress, cache_dir)
    try:  # a Ctrl-C from here on comes after every run finished and was kept
        runs, weekly = collect(configs, done)
        return Comparison(
            scenarios=labels,
            seeds=list(range(seeds)),
            years=years,
            metrics=metrics,
            runs=runs,
            weekly=weekly,
            overrides=overrides,
            presets=presets,
            axes=chosen,
            interventions={name: intervention_list(config) for name, config in base.items()},
            same=same_configurations(base),
            commit=git_commit(),
            versions=versions(),
            cached=reused,
            cache_dir=str(cache.directory) if cache else None,
            arguments=arguments(scenarios, seeds, years, overrides, metrics),
        )
    except Interrupted:
        raise
    except KeyboardInterrupt:
        raise _interrupted(len(configs), len(configs), cache) from None


def execute(
    configs: list[SimConfig], jobs: int | None, progress: bool, cache_dir: Path | str | None
) -> tuple[list[tuple[dict, pd.DataFrame]], int, RunCache | None]:
    """Run ``configs`` on ``jobs`` workers behind a progress bar, reusing and filling the cache.

    Returns:
        Each configuration's metrics and weekly series, how many came from the cache, and the
        cache (None without one). A Ctrl-C after this returns is the caller's to report
        (``_interrupted(n, n, cache)``: every run finished and is kept).
    """
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(configs)))
    from tqdm import tqdm

    shown = dict(unit="run", file=sys.stderr, desc="compare", leave=False)
    bar = tqdm(total=len(configs), disable=not progress or None, **shown)
    cache = RunCache(Path(cache_dir)) if cache_dir is not None else None
    try:
        done, reused = _execute(configs, jobs, cache, bar)
    finally:
        bar.close()
    return done, reused, cache


def arguments(
    scenarios: list[str], seeds: int, years: int, overrides: list[str], metrics: list[str],
    company: Sequence[str] = (),
) -> list[str]:  # fmt: skip
    """``compare A B [--company NAME --draws N] --seeds N --years Y [--set K=V ...] [--metrics]``.

    ``company``: the words after the presets (``--company NAME --draws N``), if any.
    """
    sets = [word for text in overrides for word in ("--set", text)]
    chosen = ["--metrics", ",".join(metrics)] if metrics != list(DEFAULT_METRICS) else []
    head = ["compare", *scenarios, *company]
    return [*head, "--seeds", str(seeds), "--years", str(years), *sets, *chosen]


def interrupted_when_done(comparison: Comparison) -> Interrupted:
    """The line for a Ctrl-C that comes once every run of ``comparison`` has finished."""
    cache = RunCache(Path(comparison.cache_dir)) if comparison.cache_dir else None
    return _interrupted(len(comparison.runs), len(comparison.runs), cache)


# --- formatting ----------------------------------------------------------------------------------


def count(number: int | str, noun: str) -> str:
    """``3 runs``, ``1 run``: a number with its noun in the right number."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
