"""The Hydra application behind ``salesculture run`` and ``salesculture sweep``.

Hydra composes the configuration, makes the run directory and records ``.hydra/``; the task
validates the config, runs it through :mod:`sim.runs.runner` and writes the results.

- A single run (``run``) that fails before its results are written has its directory removed
  (or, in a directory that held other files, what it added): nothing half-written is left
  behind, and the error reaches the command line, in one line for bad input or a file system
  that failed (:class:`sim.config.errors.OneLine`).
- A job of a multirun (``sweep``) is handed to :func:`sim.runs.sweep.run_job`, which skips a run
  already finished and records a failure instead of raising, so the other runs complete.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

from salesculture.sim.config import configdirs
from salesculture.sim.config.compose import named, register_schema, to_sim_config
from salesculture.sim.config.configdirs import CONF_DIR
from salesculture.sim.config.errors import OneLine
from salesculture.sim.config.validation import ConfigError
from salesculture.sim.runs.paths import describe
from salesculture.sim.runs.runfiles import SUMMARY_FILE

log = logging.getLogger("salesculture")
register_schema()
#: What the single run about to start is called and what its command line set: filled in by
#: ``salesculture run`` (:func:`sim.commands.run.cmd_run`), which composes the run before Hydra
#: does.
RUN: dict = {"label": None, "overrides": [], "axes": {}, "profile": False}
#: Where Hydra records a run's configuration, in the run's directory.
HYDRA_RECORDS = ".hydra"


@hydra.main(config_path=str(CONF_DIR), config_name="config", version_base="1.3")
def run_task(cfg: DictConfig) -> float | None:
    """Run one configuration and write ``timeseries.parquet`` and ``summary.json``."""
    logging.getLogger("MESA").setLevel(logging.WARNING)
    hydra_cfg = HydraConfig.get()
    configdirs.adopt(hydra_cfg.searchpath)  # outside config dirs, in any launcher's worker
    out_dir = Path(hydra_cfg.runtime.output_dir)
    if hydra_cfg.mode == RunMode.MULTIRUN:
        from salesculture.sim.runs.sweep import run_job

        choices = {str(k): str(v) for k, v in hydra_cfg.runtime.choices.items()}
        return run_job(cfg, out_dir, list(hydra_cfg.overrides.task), choices)
    before = set(out_dir.iterdir())
    try:
        # The model is loaded by the run that needs it: the command that launches a sweep imports
        # this module for Hydra, and its workers run the jobs (sim.runs.sweep).
        from salesculture.sim.runs.runner import metric_table, simulate, write_results

        config = named(to_sim_config(cfg), dict(hydra_cfg.runtime.choices))
        result = simulate(config, progress=True, label=RUN["label"])
        extra = {"overrides": RUN["overrides"], "axes": RUN["axes"], **configdirs.record()}
        write_results(result, out_dir, extra=extra)
    except BaseException as error:
        if not (out_dir / SUMMARY_FILE).exists():
            _remove_run(out_dir, before)
        if isinstance(error, ConfigError):
            raise OneLine(str(error)) from error
        if isinstance(error, OSError):
            raise OneLine(describe(error)) from error
        raise
    from salesculture.sim.runs.compare import count

    print(f"scenario {result.name}, seed {config.seed}, {count(config.years, 'year')}")
    print(metric_table(result.metrics))
    print(f"results: {out_dir}")
    if RUN["profile"] and result.profile is not None:
        result.profile.measure_floor(config.seed)
        print()
        print(result.profile.report())
    return result.metrics["profit"]


def _remove_run(out_dir: Path, before: set[Path]) -> None:
    """Remove what a failed run left in ``out_dir``; the directory too if it held nothing else.

    ``before`` is what the directory held when the run started: Hydra's own records
    (``.hydra/``, the log) in a directory of its own, or also files of the user's, such as in
    ``hydra.run.dir=.``, which are kept.
    """
    if all(p.name == HYDRA_RECORDS or p.suffix == ".log" for p in before):
        shutil.rmtree(out_dir, ignore_errors=True)
        return
    for path in set(out_dir.iterdir()) - before:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def run_hydra(arguments: list[str]) -> None:
    """Run the Hydra application on ``arguments`` (its command line, e.g. ``--multirun ...``).

    Errors reach the caller instead of being printed by Hydra with a traceback, so that
    :func:`sim.cli.main` reports a file system that failed, or an error of Hydra's, in one line.
    """
    saved, full = sys.argv, os.environ.get("HYDRA_FULL_ERROR")
    sys.argv = ["salesculture", *configdirs.with_searchpath(arguments)]
    os.environ["HYDRA_FULL_ERROR"] = "1"
    try:
        run_task()
    finally:
        sys.argv = saved
        if full is None:
            os.environ.pop("HYDRA_FULL_ERROR", None)
        else:
            os.environ["HYDRA_FULL_ERROR"] = full
