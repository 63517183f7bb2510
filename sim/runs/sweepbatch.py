"""A batch of sweep runs, as a worker process of the salesculture launcher runs it.

The launcher (:mod:`sim.runs.launch`) composes each configuration once and sends batches of runs to
reused worker processes. For each run a worker writes what Hydra writes for a job (the
``.hydra/`` records and the job's log file) and runs it with :func:`sim.runs.sweep.run_prepared`,
as every launcher's job does: a finished run is skipped, a failure is recorded, not raised.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hydra.core.utils import env_override

from salesculture.sim.config.schema import SimConfig
from salesculture.sim.runs.jobhooks import JobHooks

if TYPE_CHECKING:
    import pandas as pd

#: Hydra's default format of a job's log lines.
LOG_FORMAT = "[%(asctime)s][%(name)s][%(levelname)s] - %(message)s"


@dataclass
class Run:
    """One run of a batch: its seed, overrides, directory and ``.hydra/`` texts."""

    seed: int | None  #: None: the configuration's own seed
    overrides: list[str]
    out_dir: Path
    records: dict[str, str]  #: file name -> text, written into ``records_dir``
    #: ``num``, ``id`` and ``override_dirname`` of its Hydra job (for :class:`JobHooks`)
    job: dict[str, Any] = field(default_factory=dict)


@dataclass
class Batch:
    """Runs of one configuration that differ only in their seed."""

    config: SimConfig
    name: str | None  #: the runs' label (:func:`sim.config.labels.label`)
    choices: dict[str, str]
    runs: list[Run]
    searchpath: list[str] = field(default_factory=list)  #: Hydra's, for outside config dirs
    records_dir: str | None = ".hydra"  #: ``hydra.output_subdir``; None: no records
    log_file: str | None = "salesculture.log"  #: the job's log file name; None: no log file
    log_format: str = LOG_FORMAT
    env: dict[str, str] = field(default_factory=dict)  #: ``hydra.job.env_set``
    hooks: JobHooks | None = None  #: Hydra's per-job callbacks, if the sweep has any


#: What a worker returns for a run: its profit, and the weekly series a sweep's report plots
#: (:func:`sim.runs.compare.plot_series`); None for a run skipped or failed.
Outcome = tuple["float | None", "pd.DataFrame | None"]


def run_batch(batch: Batch) -> list[Outcome]:
    """Run every run of ``batch`` in turn; return each one's outcome."""
    from salesculture.sim.config import configdirs

    configdirs.adopt(batch.searchpath)
    _console_warnings(batch.log_format)
    with env_override(batch.env):
        return [_run(batch, run) for run in batch.runs]


def _run(batch: Batch, run: Run) -> Outcome:
    """One run: its records and log file, then the run itself (``sweep.run_prepared``)."""
    from salesculture.sim.runs.compare import plot_series
    from salesculture.sim.runs.sweep import run_prepared

    config = batch.config
    if run.seed is not None and run.seed != config.seed:
        config = dataclasses.replace(config, seed=run.seed)
    series = []
    value = None
    handler = _start(batch, run)
    hooks = batch.hooks
    job = (
        None
        if hooks is None
        else hooks.start(
            run.seed, {**run.job, "overrides": run.overrides, "output_dir": run.out_dir}
        )
    )
    try:
        value = run_prepared(
            config,
            batch.name,
            run.out_dir,
            run.overrides,
            batch.choices,
            on_result=lambda result: series.append(plot_series(result.timeseries)),
        )
    finally:
        if hooks is not None and job is not None:
            hooks.end(job, run.overrides, value)
        if handler is not None:
            logging.getLogger().removeHandler(handler)
            handler.close()
    return value, series[0] if series else None


def _start(batch: Batch, run: Run) -> logging.Handler | None:
    """Make the run's directory, write its ``.hydra/`` records and open its log file."""
    run.out_dir.mkdir(parents=True, exist_ok=True)
    if batch.records_dir is not None:
        records = run.out_dir / batch.records_dir
        records.mkdir(exist_ok=True)
        for name, text in run.records.items():
            (records / name).write_text(text, encoding="utf-8")
    if batch.log_file is None:
        return None
    handler = logging.FileHandler(run.out_dir / batch.log_file)
    handler.setFormatter(logging.Formatter(batch.log_format))
    logging.getLogger().addHandler(handler)
    return handler


_CONFIGURED: list[bool] = []


def _console_warnings(log_format: str) -> None:
    """Once per worker: log INFO and up to the run's file, only warnings to the console."""
    if _CONFIGURED:
        return
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter(log_format))
    root.addHandler(console)
    root.setLevel(logging.INFO)
    logging.getLogger("MESA").setLevel(logging.WARNING)
    _CONFIGURED.append(True)
