"""The jobs of a sweep: one run of a Hydra multirun, safe to interrupt and resume.

Hydra's launchers (joblib, basic, Ray, submitit) call :func:`run_job` once per run; the
salesculture launcher (:mod:`sim.runs.launch`) prepares each configuration once and calls
:func:`run_prepared` for each of its runs. A run writes
into its own directory, named by its overrides (``scenario=sales_led,seed=3``), and finishes
with either ``summary.json`` (status ``ok``) or ``failure.json`` (status ``failed``, with the
error), each written atomically. A run that raises does not stop the others. Running the same
sweep again on the same directory skips every run whose ``summary.json`` records the same
overrides, resolved configuration and commit, and runs the rest, failed runs included.

The sweep as a whole lives elsewhere: its plan and directory in :mod:`sim.runs.sweepdir`, the
progress bar and the report at its end in :mod:`sim.runs.progress` and :mod:`sim.runs.aggregate`.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from omegaconf import DictConfig

from salesculture.sim.config.schema import SimConfig
from salesculture.sim.runs.provenance import git_commit
from salesculture.sim.runs.runfiles import FAILURE_FILE, SUMMARY_FILE, write_json
from salesculture.sim.runs.runner import RunResult, simulate, write_results

log = logging.getLogger("salesculture")


def finished(out_dir: Path, overrides: list[str], config: SimConfig) -> bool:
    """Whether ``out_dir`` holds the complete result of this run, made by this code.

    A result counts if its ``summary.json`` records the same overrides, the same resolved
    configuration and the same commit: a result made by other code runs again.
    """
    path = out_dir / SUMMARY_FILE
    if not path.exists():
        return False
    try:
        recorded = json.loads(path.read_text())
    except (OSError, ValueError):
        return False
    resolved = json.loads(json.dumps(dataclasses.asdict(config)))
    return (
        sorted(recorded.get("overrides") or []) == sorted(overrides)
        and recorded.get("config") == resolved
        and recorded.get("commit") == git_commit()
    )


def run_job(
    cfg: DictConfig,
    out_dir: Path,
    overrides: list[str],
    choices: dict[str, str] | None = None,
) -> float | None:
    """Run one job of a sweep into ``out_dir``; record a failure instead of raising.

    Args:
        cfg: The composed configuration of the job.
        out_dir: The job's directory.
        overrides: The job's task overrides.
        choices: Hydra's record of the option chosen per config group: with it, the run is
            labelled by its preset and regime overrides (:func:`sim.config.labels.label`).

    Returns:
        The run's profit, or None if it was skipped or failed.
    """
    try:
        config, name = prepare(cfg, overrides, choices)
    except Exception as error:
        fields = {key: _select(cfg, path) for key, path in FAILURE_FIELDS.items()}
        record_failure(out_dir, overrides, error, fields)
        return None
    return run_prepared(config, name, out_dir, overrides, choices)


#: What a failure record names of the run, and where the composed configuration holds it.
FAILURE_FIELDS = {"scenario": "scenario.name", "seed": "seed", "years": "years"}


def prepare(
    cfg: DictConfig, overrides: list[str], choices: dict[str, str] | None = None
) -> tuple[SimConfig, str | None]:
    """The validated configuration of a job and its label (None without ``choices``)."""
    from salesculture.sim.config.compose import named, to_sim_config
    from salesculture.sim.config.configdirs import PRESET_GROUP
    from salesculture.sim.config.labels import label

    config = to_sim_config(cfg)
    name = None
    if choices:
        config = named(config, choices)
        name = label(choices.get(PRESET_GROUP, ""), overrides, config, choices)
    return config, name


def run_prepared(
    config: SimConfig,
    name: str | None,
    out_dir: Path,
    overrides: list[str],
    choices: dict[str, str] | None = None,
    on_result: Callable[[RunResult], None] | None = None,
) -> float | None:
    """Run a prepared job (:func:`prepare`) into ``out_dir`` unless it finished already.

    ``on_result`` is given the run's result once it is written.

    Returns:
        The run's profit, or None if it was skipped or failed (its failure recorded).
    """
    from salesculture.sim.config.labels import axes

    failure = out_dir / FAILURE_FILE
    try:
        if finished(out_dir, overrides, config):
            log.info("already finished, skipped: %s", " ".join(overrides))
            return None
        (out_dir / SUMMARY_FILE).unlink(missing_ok=True)  # a stale result must not stand
        started = time.perf_counter()
        result = simulate(config, label=name)
        seconds = time.perf_counter() - started
        from salesculture.sim.config.configdirs import record

        extra = {"overrides": list(overrides), "axes": axes(choices or {}), **record()}
        write_results(result, out_dir, extra=extra)
        failure.unlink(missing_ok=True)
        if on_result is not None:
            on_result(result)
    except Exception as error:
        fields = {"scenario": config.scenario.name, "seed": config.seed, "years": config.years}
        record_failure(out_dir, overrides, error, fields)
        return None
    metrics = result.metrics
    log.info(
        "%s seed %d: revenue %.0f, profit %.0f, retention %.3f (model %.3f s)",
        config.scenario.name,
        config.seed,
        metrics["revenue"],
        metrics["profit"],
        metrics["retention"],
        seconds,
    )
    return metrics["profit"]


def record_failure(
    out_dir: Path, overrides: list[str], error: Exception, fields: dict[str, Any]
) -> None:
    """Write ``failure.json`` for a run that raised ``error`` (call it while handling it).

    Args:
        out_dir: The run's directory.
        overrides: The run's task overrides.
        error: What the run raised.
        fields: The run's ``scenario``, ``seed`` and ``years``, as far as known.
    """
    message = f"{type(error).__name__}: {error}".splitlines()[0]
    record = {
        "status": "failed",
        "error": message,
        "overrides": list(overrides),
        **fields,
        "traceback": traceback.format_exc(),
    }
    log.error("failed: %s: %s", " ".join(overrides), message)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        write_json(out_dir / FAILURE_FILE, record)
    except OSError as unwritten:  # e.g. no space left: the run stays unfinished
        log.error("its failure could not be recorded: %s", unwritten)


def _select(cfg: DictConfig, path: str) -> Any:
    from omegaconf import OmegaConf

    try:
        return OmegaConf.select(cfg, path, throw_on_missing=False)
    except Exception:
        return None
