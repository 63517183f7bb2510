"""The Hydra application behind ``salesculture run`` and ``salesculture sweep``.

Hydra composes the configuration, makes the run directory and records ``.hydra/``; the task
validates the config, runs it through :mod:`sim.runner` and writes the results.

- A single run (``run``) that fails before its results are written has its directory removed:
  nothing half-written is left behind, and the error reaches the command line.
- A job of a multirun (``sweep``) is handed to :func:`sim.sweep.run_job`, which skips a run
  already finished and records a failure instead of raising, so the other runs complete.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

from sim.compose import named, register_schema, to_sim_config
from sim.runner import SUMMARY_FILE, metric_table, simulate, write_results
from sim.validation import CONF_DIR

log = logging.getLogger("salesculture")
register_schema()
#: What the single run about to start is called and what its command line set: filled in by
#: ``salesculture run`` (:func:`sim.cli.cmd_run`), which composes the run before Hydra does.
RUN: dict = {"label": None, "overrides": [], "axes": {}}


@hydra.main(config_path=str(CONF_DIR), config_name="config", version_base="1.3")
def run_task(cfg: DictConfig) -> float | None:
    """Run one configuration and write ``timeseries.parquet`` and ``summary.json``."""
    logging.getLogger("MESA").setLevel(logging.WARNING)
    hydra_cfg = HydraConfig.get()
    out_dir = Path(hydra_cfg.runtime.output_dir)
    if hydra_cfg.mode == RunMode.MULTIRUN:
        from sim.sweep import run_job

        choices = {str(k): str(v) for k, v in hydra_cfg.runtime.choices.items()}
        return run_job(cfg, out_dir, list(hydra_cfg.overrides.task), choices)
    try:
        config = named(to_sim_config(cfg), dict(hydra_cfg.runtime.choices))
        result = simulate(config, progress=True, label=RUN["label"])
        write_results(result, out_dir, extra={"overrides": RUN["overrides"], "axes": RUN["axes"]})
    except BaseException:
        if not (out_dir / SUMMARY_FILE).exists():
            shutil.rmtree(out_dir, ignore_errors=True)
        raise
    print(f"scenario {result.name}, seed {config.seed}, {config.years} years")
    print(metric_table(result.metrics))
    print(f"results: {out_dir}")
    return result.metrics["profit"]
