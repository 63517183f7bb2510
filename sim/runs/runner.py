"""The runner: one way to run the model, used by every entry point (CLI, sweeps, dashboard, tests).

:func:`simulate` runs one configuration to its horizon and returns the weekly time series and
the summary; :func:`write_results` stores them atomically, so a directory holds either complete
results or none.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from salesculture.sim.config.configdirs import command_line
from salesculture.sim.config.labels import UNDEFINED, intervention_list
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.runs.provenance import git_commit, versions
from salesculture.sim.runs.runfiles import (
    SUMMARY_FILE,
    TIMESERIES_FILE,
    atomic_write,
    write_parquet,
)
from salesculture.sim.world.metricdefs import METRICS
from salesculture.sim.world.metrics import SUMMARY_METRICS, summarize
from salesculture.sim.world.model import SalesCultureModel
from salesculture.sim.world.profiling import RunProfile

logging.getLogger("MESA").setLevel(logging.WARNING)


@dataclass
class RunResult:
    """What one run produced."""

    config: SimConfig
    timeseries: pd.DataFrame
    metrics: dict[str, float]
    label: str | None = None  #: what the run is called (:func:`sim.config.labels.label`)
    #: Regime switches made: week (the first under the new option), axis, from, to, and the
    #: settings the axis took.
    switches: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    #: Seconds by stage of the weekly plan and by random stream (:mod:`sim.world.profiling`).
    profile: RunProfile | None = None

    @property
    def name(self) -> str:
        """The run's label, or its preset's name when no label was given."""
        return self.label or self.config.scenario.name

    def summary(self) -> dict[str, Any]:
        """The summary record: metrics, then the full config, seed, versions and commit.

        ``scenario`` is the run's label; ``preset`` the preset's name; ``interventions`` the
        switches the config asks for and ``switches`` those made.
        """
        record: dict[str, Any] = {
            "scenario": self.name,
            "preset": self.config.scenario.name,
            "seed": self.config.seed,
            "years": self.config.years,
        }
        record.update(self.metrics)
        record["interventions"] = intervention_list(self.config)
        record["switches"] = self.switches
        record["config"] = dataclasses.asdict(self.config)
        record["versions"] = versions()
        record["commit"] = git_commit()
        return record


def simulate(config: SimConfig, progress: bool = False, label: str | None = None) -> RunResult:
    """Run ``config`` for its horizon.

    Args:
        config: A validated configuration.
        label: What the run is called (default: its preset's name).
        progress: Show a progress bar over weeks on stderr.
    """
    start = time.perf_counter()
    model = SalesCultureModel(config)
    setup = time.perf_counter() - start
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(
            total=config.weeks,
            unit="week",
            file=sys.stderr,
            leave=False,
            disable=None,
            desc=f"{label or config.scenario.name} seed {config.seed}",
        )
    while model.running:
        model.step()
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    timeseries = pd.DataFrame.from_records(model.records)
    timeseries.insert(0, "seed", config.seed)
    timeseries.insert(0, "scenario", label or config.scenario.name)
    metrics = summarize(model, timeseries)
    switches = [
        {"week": week, "axis": axis, "from": old, "to": new, "settings": _settings(axis, new)}
        for week, axis, old, new in model.switches
    ]
    return RunResult(
        config=config,
        timeseries=timeseries,
        metrics=metrics,
        label=label,
        switches=switches,
        profile=RunProfile.of(model, setup),
    )


def _settings(axis: str, option: str) -> dict[str, Any]:
    """The section a switch of ``axis`` to ``option`` installed (recorded beside the switch)."""
    from salesculture.sim.config.compose import compose_option

    return dataclasses.asdict(compose_option(axis, option))


def write_results(
    result: RunResult, out_dir: Path, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Write ``timeseries.parquet`` and ``summary.json`` into ``out_dir``; return the summary.

    Each file is written to a temporary name and renamed, and the summary goes last: a
    directory with ``summary.json`` holds a complete result.

    Args:
        result: The run's result.
        out_dir: The run's directory (created if missing).
        extra: More fields for the summary (a sweep records the run's overrides; with them,
            ``command`` records the ``salesculture run`` that makes the run again).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = result.summary()
    summary.update(extra or {})
    if "overrides" in summary:  # the command that runs it again, outside config dirs included
        summary["command"] = command_line(["run", *summary["overrides"]])
    write_parquet(result.timeseries, out_dir / TIMESERIES_FILE)
    atomic_write(
        out_dir / SUMMARY_FILE,
        lambda tmp: Path(tmp).write_text(json.dumps(summary, indent=2, sort_keys=False) + "\n"),
    )
    return summary


def metric_table(metrics: dict[str, float]) -> str:
    """A short text table of the summary metrics, each with its unit (from ``metricdefs``)."""
    width = max(len(name) for name in SUMMARY_METRICS)
    lines = [f"{'metric':<{width}} {'value':>16}  unit", "-" * (width + 28)]
    for name in SUMMARY_METRICS:
        value, metric = metrics[name], METRICS[name]
        if math.isnan(value):
            why = UNDEFINED.get(name, "undefined")
            lines.append(f"{name:<{width}} {'-':>16}  {metric.unit_text} (undefined: {why})")
            continue
        text = f"{value:,.0f}" if abs(value) >= 1000 or metric.whole else f"{value:.3f}"
        lines.append(f"{name:<{width}} {text:>16}  {metric.unit_text}")
    return "\n".join(lines)
