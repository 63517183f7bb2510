"""The Python API: what the command line does, as functions that return pandas and dataclasses.

Each function calls what its command calls, so it gives the command's numbers for the same
configuration and seeds:

- :func:`presets` lists the presets (``salesculture scenarios``);
- :func:`compose` builds a configuration from a preset and parameters (``salesculture show
  --resolved``);
- :func:`run` runs one configuration (``salesculture run``): weekly series and metrics;
- :func:`compare` runs presets on paired seeds (``salesculture compare``), :func:`plot` draws
  its figure (``--plot``) and :func:`explain` splits a paired difference into channels
  (``salesculture explain``);
- :func:`reproduce` runs an experiment and checks its numbers (``salesculture reproduce``);
- :func:`read_run` and :func:`read_sweep` read the directory of a run or of a sweep back
  (``salesculture aggregate``).

Parameters are keyword arguments with ``__`` for each dot of the command line's key
(``sales__base_win_rate=0.3`` is ``sales.base_win_rate=0.3``; :mod:`sim.config.keywords`), as
for :class:`~salesculture.SalesCultureModel`. A bad name or value raises
:class:`~salesculture.ConfigError` (a ``ValueError``) with the command line's one-line message.
Nothing prints a progress bar unless asked (``progress=True``), and nothing is cached unless a
``cache`` directory is given.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from salesculture.sim.config.keywords import DEFAULT_PRESET, compose_preset, keyword_overrides
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.runs.compare import Comparison
from salesculture.sim.runs.explain import Explanation
from salesculture.sim.runs.runfiles import SUMMARY_FILE, TIMESERIES_FILE
from salesculture.sim.world.metrics import SUMMARY_METRICS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from salesculture.sim.runs.aggregate import SweepReport
    from salesculture.sim.study.reproduce import Reproduction

__all__ = [
    "Run",
    "compare",
    "compose",
    "explain",
    "plot",
    "presets",
    "read_run",
    "read_sweep",
    "reproduce",
    "run",
]


@dataclass
class Run:
    """One run: what ``salesculture run`` writes into its directory, as pandas.

    Attributes:
        name: What the run is called: its preset, and what the parameters changed.
        preset: The preset it started from.
        seed: Its seed.
        weekly: One row per week: flows, books and state (columns in docs/results.md).
        metrics: The summary metrics by name (``revenue``, ``profit``, ``retention``, ...).
        config: The full configuration, as ``summary.json`` records it.
        switches: The regime switches made: week, axis, from, to and the axis's settings.
    """

    name: str
    preset: str
    seed: int
    weekly: pd.DataFrame
    metrics: pd.Series
    config: dict[str, Any]
    switches: list[dict[str, Any]]

    @classmethod
    def of(cls, summary: dict[str, Any], weekly: pd.DataFrame) -> Run:
        """The run a summary record (``summary.json``) and its weekly series describe."""
        metrics = pd.Series(
            {name: _number(summary.get(name)) for name in SUMMARY_METRICS}, name=summary["scenario"]
        )
        return cls(
            name=summary["scenario"],
            preset=summary.get("preset", summary["scenario"]),
            seed=int(summary["seed"]),
            weekly=weekly,
            metrics=metrics,
            config=summary.get("config", {}),
            switches=summary.get("switches", []),
        )


def _number(value: Any) -> float:
    return math.nan if value is None else value


def presets() -> pd.DataFrame:
    """The presets one can run, each with its one-line description (``salesculture scenarios``).

    Returns:
        A table indexed by preset name, with a column ``description``.
    """
    from salesculture.sim.config.presets import scenario_descriptions

    found, _broken = scenario_descriptions()
    frame = pd.DataFrame({"description": found}, dtype=object)
    frame.index.name = "preset"
    return frame


def compose(scenario: str = DEFAULT_PRESET, **parameters: Any) -> SimConfig:
    """The validated configuration of preset ``scenario`` with ``parameters`` changed.

    Example: ``compose("sales_led", years=2, sales__base_win_rate=0.25)``.

    Raises:
        ConfigError: one line naming the parameter, the value and what is allowed.
    """
    return compose_preset(scenario, parameters)


def run(scenario: str = DEFAULT_PRESET, **parameters: Any) -> Run:
    """Run preset ``scenario`` with ``parameters`` to its horizon (``salesculture run``).

    ``run("sales_led", seed=3, years=2)`` runs what ``salesculture run scenario=sales_led
    seed=3 years=2`` runs, and gives the numbers it writes (:func:`read_run` reads them).

    Raises:
        ConfigError: one line naming the parameter, the value and what is allowed.
    """
    from salesculture.sim.config.labels import labelled
    from salesculture.sim.runs.runner import simulate

    config, _choices, name = labelled(scenario, keyword_overrides(parameters))
    result = simulate(config, label=name)
    return Run.of(result.summary(), result.timeseries)


def compare(
    scenarios: list[str],
    *,
    seeds: int = 10,
    years: int = 5,
    jobs: int | None = None,
    cache: str | Path | None = None,
    progress: bool = False,
    **parameters: Any,
) -> Comparison:
    """Run presets on paired seeds ``0..seeds-1`` (``salesculture compare``).

    Args:
        scenarios: Preset names; the first is the reference of the paired differences.
        seeds: Paired seeds per preset.
        years: Horizon of every run.
        jobs: Worker processes (default: every core).
        cache: Keep finished runs in this directory and reuse them (default: none).
        progress: Show a progress bar on stderr.
        **parameters: Parameters set in every preset (``market__customers=5000``).

    Returns:
        The comparison: :meth:`~sim.runs.compare.Comparison.table` is the paired table (a row
        per preset and metric: mean, 95 % interval, difference against the first), ``runs``
        one row per run, ``weekly`` the plotted weekly series.

    Raises:
        ConfigError: for an unknown preset or a bad parameter, before anything runs.
    """
    from salesculture.sim.runs.compare import compare as paired

    overrides = keyword_overrides(parameters)
    return paired(
        list(scenarios), seeds, years, overrides=overrides, jobs=jobs, progress=progress,
        cache_dir=_directory(cache),
    )  # fmt: skip


def plot(comparison: Comparison) -> Figure:
    """The figure ``salesculture compare --plot`` draws: trajectories and paired differences."""
    from salesculture.sim.views.plots import comparison_figure

    return comparison_figure(comparison)


def explain(
    comparison: Comparison | str,
    other: str | None = None,
    *,
    seeds: int = 6,
    years: int = 5,
    jobs: int | None = None,
    cache: str | Path | None = None,
    progress: bool = False,
    **parameters: Any,
) -> Explanation:
    """Where the paired difference of ``other`` against the reference comes from, by channel.

    Either explain a comparison (``explain(comparison, "sales_led")``; ``other`` defaults to
    its second scenario, the reference is its first), or run two presets on paired seeds first
    (``explain("baseline", "sales_led", seeds=6, years=5)``, as ``salesculture explain A B``).

    Returns:
        The explanation: ``summary()`` in words, ``table()`` a row per channel.

    Raises:
        ConfigError: for an unknown preset, a scenario not in the comparison, or fewer than two
            seeds.
    """
    from salesculture.sim.config.errors import ConfigError
    from salesculture.sim.runs.explain import explain as decompose

    if isinstance(comparison, str):
        if other is None or other == comparison:
            raise ConfigError(f"explain: name two different presets, got {comparison!r}, {other!r}")
        if seeds < 2:
            raise ConfigError(f"seeds={seeds}: must be at least 2 (an interval needs two)")
        comparison = compare(
            [comparison, other], seeds=seeds, years=years, jobs=jobs, cache=cache,
            progress=progress, **parameters,
        )  # fmt: skip
    elif parameters:
        raise ConfigError(f"explain: {', '.join(parameters)}: set parameters in compare()")
    reference, *others = comparison.scenarios
    other = other if other is not None else (others[0] if others else None)
    if other not in others:
        raise ConfigError(
            f"explain: {other!r} is not compared against {reference!r}; choose one of "
            f"{', '.join(others) or '(none: compare two presets)'}"
        )
    return decompose(comparison.runs, reference, other, comparison.years)


def reproduce(
    name: str,
    *,
    quick: bool = False,
    jobs: int | None = None,
    cache: str | Path | None = None,
    out: str | Path | None = None,
    progress: bool = False,
) -> Reproduction:
    """Run experiment ``name`` and check its numbers (``salesculture reproduce NAME``).

    Args:
        name: The experiment (``salesculture reproduce --list``).
        quick: The reduced design (a few seconds), checked against its own expected numbers.
        jobs: Worker processes (default: every core).
        cache: Keep finished runs here and reuse them (default: none).
        out: The output directory (default ``outputs/experiments/NAME[_quick]``).
        progress: Show a progress bar on stderr.

    Returns:
        The reproduction: ``findings.table`` (the README's table), ``checks`` (each headline
        number against its expected value and tolerance) and ``mismatches``.

    Raises:
        ConfigError: for an unknown experiment or an output that cannot be written.
    """
    from salesculture.sim.study.reproduce import reproduce as reproduce_experiment

    directory = None if out is None else Path(out)
    return reproduce_experiment(
        name, quick=quick, jobs=jobs, cache_dir=_directory(cache), out=directory,
        progress=progress,
    )  # fmt: skip


def read_run(directory: str | Path) -> Run:
    """The run ``salesculture run`` (or a sweep) wrote into ``directory``.

    Raises:
        FileNotFoundError: if the directory holds no finished run (``summary.json``).
    """
    directory = Path(directory)
    summary_path = directory / SUMMARY_FILE
    if not summary_path.is_file():
        raise FileNotFoundError(f"{directory}: no finished run here (no {SUMMARY_FILE})")
    summary = json.loads(summary_path.read_text())
    return Run.of(summary, pd.read_parquet(directory / TIMESERIES_FILE))


def read_sweep(directory: str | Path) -> SweepReport:
    """The runs of a sweep directory, aggregated as ``salesculture aggregate`` does.

    Reads only: no file is written.

    Returns:
        The report: ``results`` one row per run (swept values and metrics, docs/results.md),
        ``comparison`` the swept configurations as a :class:`~sim.runs.compare.Comparison`
        (``table()``, :func:`plot`, :func:`explain`), ``table`` the text the command prints.

    Raises:
        FileNotFoundError: if ``directory`` does not exist.
        AggregateError: one line, for runs that must not be compared.
    """
    from salesculture.sim.runs.aggregate import aggregate

    return aggregate(Path(directory), write=False)


def _directory(path: str | Path | None) -> Path | None:
    return None if path is None else Path(path)
