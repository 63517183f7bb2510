"""``salesculture reproduce NAME``: run an experiment and check its headline numbers.

The experiment's design (:mod:`sim.study.experiments`) runs on the worker pool of ``compare``
(workers reused across runs, every finished run kept in a cache, so Ctrl-C stops within seconds and
the same command resumes). Its runs become a table in the columns of a sweep's ``results.parquet``
plus their weekly series; the experiment's analysis script (:mod:`sim.study.findings`) turns them
into the result table, the figure and the headline numbers, which are checked one by one against
``experiments/NAME/expected.json``: a number matches when it lies within its tolerance of the
expected value. ``--write-expected`` records the numbers instead (and, for the full design, the
README's result table and figure).

The output directory (``outputs/experiments/NAME`` or ``NAME_quick``) holds ``results.parquet``,
``series.parquet``, ``table.md``, ``numbers.json``, ``figure.png`` (full design) and
``experiment.json``: the design, every configuration resolved, seeds, versions and commit.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from salesculture.sim.config import configdirs
from salesculture.sim.config.overrides import override_key
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.runs.defaults import DEFAULT_CACHE, DEFAULT_OUT
from salesculture.sim.runs.provenance import git_commit, versions
from salesculture.sim.runs.runcache import RunCache
from salesculture.sim.runs.runfiles import atomic_write, write_json, write_parquet
from salesculture.sim.study.expected import (
    Check,
    check,
    command_line,
    read_expected,
    section,
    write_expected,
)
from salesculture.sim.study.experiments import Design, Experiment, design, get
from salesculture.sim.study.findings import Findings

RESULTS_FILE = "results.parquet"
SERIES_FILE = "series.parquet"
TABLE_FILE = "table.md"
NUMBERS_FILE = "numbers.json"
FIGURE_FILE = "figure.png"
RECORD_FILE = "experiment.json"
#: The weekly series kept from every run (``separations``: quits, exits and layoffs).
SERIES = (
    "revenue",
    "cost",
    "profit",
    "customers",
    "believer_share",
    "mean_belief",
    "mean_engagement",
    "team_practice",
    "headcount",
    "separations",
)
#: The README section the full design's result table is written into.
README_BLOCK = "results"
#: The README section its explained contrasts are written into (an analysis's ``EXPLAIN``).
CHANNELS_BLOCK = "channels"
#: Prefix of the channel totals in the runs' table (:data:`sim.runs.explain.PREFIX`).
CHANNEL_PREFIX = "explain."


def experiment_run(config: SimConfig) -> tuple[dict, pd.DataFrame]:
    """Run one configuration: its summary metrics, channel totals and the weekly :data:`SERIES`.

    The channel totals (:func:`sim.runs.explain.channel_totals`) are the columns ``explain.*`` of
    the runs' table, which the README's explained contrasts read.
    """
    from salesculture.sim.runs.explain import channel_totals
    from salesculture.sim.runs.runner import simulate

    result = simulate(config)
    metrics = {**result.metrics, **channel_totals(result.timeseries)}
    return metrics, weekly_series(result.timeseries)


def weekly_series(timeseries: pd.DataFrame) -> pd.DataFrame:
    """``week`` and the :data:`SERIES` of a run's weekly time series."""
    weekly = timeseries[["week", *(s for s in SERIES if s != "separations")]].copy()
    weekly["separations"] = timeseries.quits + timeseries.exits + timeseries.layoffs
    return weekly.reset_index(drop=True)


class ExperimentCache(RunCache):
    """Finished runs of experiments: named apart from ``compare``'s, whose series differ."""

    def _path(self, config: SimConfig) -> Path:
        return self.directory / f"experiment-{super()._path(config).name}"


@dataclass
class Reproduction:
    """What a reproduction ran, found and checked."""

    experiment: Experiment
    design: Design
    findings: Findings
    checks: list[Check]
    directory: Path
    seconds: float
    cached: int

    @property
    def mismatches(self) -> list[Check]:
        """The numbers that do not match."""
        return [check for check in self.checks if not check.ok]


def run(
    plan: Design,
    jobs: int | None = None,
    cache_dir: Path | None = DEFAULT_CACHE,
    progress: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Run every run of ``plan`` on ``jobs`` reused workers.

    Returns:
        The runs' table, their weekly series, and how many runs came from the cache.
    """
    import os

    from tqdm import tqdm

    from salesculture.sim.runs.compare import _execute  # the pool every comparison runs on

    jobs = max(1, min(jobs or os.cpu_count() or 1, len(plan.configs)))
    cache = ExperimentCache(Path(cache_dir)) if cache_dir is not None else None
    bar = tqdm(
        total=len(plan.configs),
        unit="run",
        file=sys.stderr,
        disable=not progress or None,
        desc=f"reproduce {plan.experiment}",
        leave=False,
    )
    try:
        outputs, cached = _execute(plan.configs, jobs, cache, bar, work=experiment_run)
    finally:
        bar.close()
    return *tables(plan, outputs), cached


#: Prefix of the columns of a robustness point's parameter values (:mod:`sim.study.robustpoints`).
VALUES_PREFIX = "robustness.values."


def point_values(config: SimConfig) -> dict[str, float]:
    """The parameter values a robustness point set, one column each (none without a point)."""
    return {f"{VALUES_PREFIX}{k}": v for k, v in config.robustness.values.items()}


def _swept_value(override: str) -> Any:
    from salesculture.sim.runs.aggregate import (
        _value,  # a sweep's table types its swept values this way
    )

    return _value(override)


def tables(
    plan: Design, outputs: list[tuple[dict, pd.DataFrame]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The runs' table (a sweep's ``results.parquet`` columns) and their weekly series."""
    from salesculture.sim.runs.aggregate import FIXED_COLUMNS
    from salesculture.sim.world.metrics import SUMMARY_METRICS

    commit, found = git_commit(), ";".join(f"{k}={v}" for k, v in versions().items())
    swept = plan.swept
    rows, weekly = [], []
    for run, config, (metrics, series) in zip(plan.runs, plan.configs, outputs, strict=True):
        by_key = {override_key(o): o for o in run}
        values = {key: _swept_value(by_key[key]) for key in swept}
        values["seed"] = config.seed
        rows.append(
            {
                "run": ",".join(run),
                "configuration": " ".join(by_key[k] for k in swept if k != "seed"),
                "overrides": " ".join(run),
                "scenario": config.scenario.name,
                "seed": config.seed,
                "years": config.years,
                "status": "ok",
                "error": None,
                **{k: v for k, v in values.items() if k != "seed"},
                **{m: metrics.get(m, math.nan) for m in SUMMARY_METRICS},
                **point_values(config),
                **{k: v for k, v in metrics.items() if k.startswith(CHANNEL_PREFIX)},
                "commit": commit,
                "versions": found,
            }
        )
        frame = pd.DataFrame(series).copy()
        for key, value in values.items():
            frame.insert(0, key, value)
        weekly.append(frame)
    results = pd.DataFrame(rows)
    # a swept fixed column (``scenario``) is that column, as in a sweep's table
    columns = [*FIXED_COLUMNS, *(k for k in swept if k not in FIXED_COLUMNS), *SUMMARY_METRICS]
    columns += sorted({c for c in results.columns if c.startswith(VALUES_PREFIX)})
    columns += [c for c in results.columns if c.startswith(CHANNEL_PREFIX)]
    results = results[[*columns, "commit", "versions"]]
    return results, pd.concat(weekly, ignore_index=True)


def write_outputs(
    directory: Path,
    plan: Design,
    results: pd.DataFrame,
    series: pd.DataFrame,
    found: Findings,
    figure: Callable[[pd.DataFrame, pd.DataFrame, Path], None] | None,
    extra: dict[str, Any],
) -> None:
    """Write the runs, the table, the numbers and the record of a reproduction, atomically.

    Args:
        directory: The output directory (created if missing).
        plan: The design that ran.
        results: The runs' table.
        series: Their weekly series.
        found: The analysis's findings.
        figure: The analysis's figure function, or None to draw none.
        extra: More fields for ``experiment.json`` (time taken, runs from the cache).
    """
    directory.mkdir(parents=True, exist_ok=True)
    write_parquet(results, directory / RESULTS_FILE)
    write_parquet(series, directory / SERIES_FILE)
    atomic_write(directory / TABLE_FILE, lambda tmp: Path(tmp).write_text(found.table + "\n"))
    numbers = {name: number.record() for name, number in found.numbers.items()}
    write_json(directory / NUMBERS_FILE, numbers)
    if figure is not None:
        atomic_write(directory / FIGURE_FILE, lambda tmp: figure(results, series, Path(tmp)))
    configurations = {}
    for run, config in zip(plan.runs, plan.configs, strict=True):
        key = " ".join(o for o in run if override_key(o) != "seed")
        configurations.setdefault(key, dataclasses.asdict(dataclasses.replace(config, seed=0)))
    record = {
        "experiment": plan.experiment,
        "design": "quick" if plan.quick else "full",
        "command": command_line(plan.experiment, plan.quick),
        **configdirs.record(),
        "overrides": plan.overrides,
        "runs": len(plan.configs),
        "seeds": plan.seeds,
        "years": plan.years,
        **extra,
        "commit": git_commit(),
        "versions": versions(),
        "configurations": configurations,
    }
    write_json(directory / RECORD_FILE, record)


def reproduce(
    name: str,
    quick: bool = False,
    jobs: int | None = None,
    cache_dir: Path | None = DEFAULT_CACHE,
    out: Path | None = None,
    expected: Path | None = None,
    write: bool = False,
    figure: bool | None = None,
    progress: bool = True,
) -> Reproduction:
    """Run experiment ``name``, analyse it, and check (or, with ``write``, record) its numbers.

    Args:
        name: The experiment (:func:`sim.study.experiments.names`).
        quick: Run the reduced design.
        jobs: Worker processes (default: all cores).
        cache_dir: Keep finished runs here and reuse them; None: no cache.
        out: The output directory (default ``outputs/experiments/NAME[_quick]``).
        expected: The expected numbers (default ``experiments/NAME/expected.json``).
        write: Record the numbers in ``expected`` instead of checking them; for the full
            design also the README's result table and ``figure.png``.
        figure: Draw the figure (default: for the full design only).
        progress: Show a progress bar on stderr.

    Raises:
        ConfigError: one line, for an unknown experiment or an output that cannot be written.
    """
    from salesculture.sim.runs.paths import check_output_dir, check_output_file

    experiment = get(name)
    plan = design(name, quick)
    directory = Path(out) if out is not None else DEFAULT_OUT / experiment.config_name(quick)
    expected = Path(expected) if expected is not None else experiment.expected_path
    check_output_dir(directory, "--out")
    if write:
        check_output_file(expected, "--expected")
    analysis = experiment.analysis()
    started = time.perf_counter()
    results, series, cached = run(plan, jobs, cache_dir, progress)
    seconds = time.perf_counter() - started
    found = analysis.findings(results, series)
    draw = (not quick) if figure is None else figure
    extra = {"seconds": round(seconds, 1), "cached_runs": cached}
    write_outputs(directory, plan, results, series, found, analysis.figure if draw else None, extra)
    if write:
        write_expected(expected, plan, section(plan, found, cached, seconds))
        if not quick:
            _write_readme(experiment, found, directory if draw else None, results)
        return Reproduction(experiment, plan, found, [], directory, seconds, cached)
    checks = check(found, read_expected(expected, quick))
    return Reproduction(experiment, plan, found, checks, directory, seconds, cached)


def _write_readme(
    experiment: Experiment, found: Findings, drawn: Path | None, results: pd.DataFrame
) -> None:
    """Write the full design's results into the README.

    The result table, the figure beside it, and the analysis's headline contrasts explained
    channel by channel.
    """
    import shutil

    from salesculture.sim.runs.docblocks import write_block

    block = "\n".join([found.table, "", *found.notes]).rstrip()
    if drawn is not None:
        shutil.copyfile(drawn / FIGURE_FILE, experiment.folder / FIGURE_FILE)
        block += f"\n\n![{experiment.name}]({FIGURE_FILE})"
    write_block(experiment.folder / "README.md", README_BLOCK, block, experiment.name)
    explained = explained_contrasts(experiment, results)
    if explained:
        write_block(experiment.folder / "README.md", CHANNELS_BLOCK, explained, experiment.name)


def explained_contrasts(experiment: Experiment, results: pd.DataFrame) -> str:
    """The analysis's headline contrasts (``EXPLAIN``) split into their channels, as Markdown.

    ``EXPLAIN`` is a list of ``(title, reference, other)``, where ``reference`` and ``other``
    select runs as :func:`sim.study.findings.rows` does; each becomes the words and the five largest
    profit channels of :func:`sim.runs.explain.explain_pair`.
    """
    from salesculture.sim.runs.explain import explain_pair
    from salesculture.sim.study.findings import rows
    from salesculture.sim.views.explaintext import markdown

    contrasts = getattr(experiment.analysis(), "EXPLAIN", [])
    years = int(results["years"].iloc[0]) if len(results) else 0
    parts = []
    for title, reference, other in contrasts:
        a = rows(results, reference).set_index("seed")
        b = rows(results, other).set_index("seed")
        if a.empty or b.empty:
            raise ValueError(f"{experiment.name}: EXPLAIN contrast {title!r} selects no runs")
        differ = [k for k in other if reference.get(k) != other[k]] or list(other)
        names = _where(reference, differ), _where(other, differ)
        e = explain_pair(a, b, *names, years)
        parts += [f"**{title}**", "", markdown(e), ""]
    return "\n".join(parts).rstrip()


def _where(selection: dict[str, Any], keys: list[str]) -> str:
    """The values of ``keys`` in ``selection``: what names one side of a contrast."""
    return ", ".join(str(selection.get(k)) for k in keys)


# --- an analysis script's command line: its outputs read back --------------------------------


def load(directory: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The runs' table and weekly series of an experiment's output or a sweep's directory.

    A sweep (``salesculture sweep experiment=NAME``) keeps each run's series in its own
    directory; they are read from there and given the run's swept values.
    """
    from salesculture.sim.runs.aggregate import FIXED_COLUMNS
    from salesculture.sim.runs.runfiles import TIMESERIES_FILE
    from salesculture.sim.world.metrics import SUMMARY_METRICS

    results = pd.read_parquet(directory / RESULTS_FILE)
    if (directory / SERIES_FILE).exists():
        return results, pd.read_parquet(directory / SERIES_FILE)
    results = results[results.status == "ok"].reset_index(drop=True)
    swept = [c for c in results.columns if c not in (*FIXED_COLUMNS, *SUMMARY_METRICS)]
    swept = [c for c in swept if c not in ("commit", "versions", "experiment")]
    frames = []
    for _, run in results.iterrows():
        frame = weekly_series(pd.read_parquet(directory / run["run"] / TIMESERIES_FILE))
        for key in ["seed", *reversed(swept)]:
            frame.insert(0, key, run[key])
        frames.append(frame)
    return results, pd.concat(frames, ignore_index=True)


def analysis_main(findings: Callable, figure: Callable, doc: str | None) -> None:
    """The command line of an analysis script: ``analysis.py DIR`` prints the table.

    DIR is an experiment's output directory (``outputs/experiments/NAME``); ``--figure PNG``
    also draws the figure.
    """
    parser = argparse.ArgumentParser(description=(doc or "").strip().splitlines()[0])
    parser.add_argument("directory", type=Path, help="the output directory of the experiment")
    parser.add_argument("--figure", type=Path, help="also draw the figure into this PNG")
    args = parser.parse_args()
    results, series = load(args.directory)
    found = findings(results, series)
    print(found.table)
    for line in found.notes:
        print(line)
    if args.figure:
        figure(results, series, args.figure)
