"""Sweeps: Hydra multiruns of the runner, safe to interrupt and resume (``salesculture sweep``).

Every launcher (joblib, basic, Ray, submitit) calls :func:`run_job` once per run. A run writes
into its own directory, named by its overrides (``scenario=sales_led,seed=3``), and finishes
with either ``summary.json`` (status ``ok``) or ``failure.json`` (status ``failed``, with the
error), each written atomically. A run that raises does not stop the others. Running the same
sweep again on the same directory skips every run whose ``summary.json`` records the same
overrides, resolved configuration and commit, and runs the rest, failed runs included. When
the multirun ends, :class:`SweepCallback` aggregates the directory (:mod:`sim.aggregate`).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from sim.compare import count
from sim.config import SimConfig
from sim.provenance import git_commit
from sim.runner import SUMMARY_FILE, atomic_write, simulate, write_results
from sim.validation import HYDRA_PREFIX, ConfigError, check_overrides

log = logging.getLogger("salesculture")

FAILURE_FILE = "failure.json"
#: Fault injection for testing failure handling: ``SEED:WEEK`` makes the run with that seed
#: raise at that week (e.g. ``1:10``). Not a model parameter; unset in normal use.
FAULT_ENV = "SALESCULTURE_FAIL_AT"


def override_key(text: str) -> str:
    """The key an override sets: ``seed`` for ``seed=3``, ``+seed=3`` or ``~seed``."""
    return text.split("=", 1)[0].lstrip("+~")


def is_hydra_override(text: str) -> bool:
    """Whether an override sets Hydra itself (``hydra.sweep.dir=...``, ``hydra/launcher=...``)."""
    key = override_key(text)
    return key.split(".")[0] == HYDRA_PREFIX or key.split("/")[0] == HYDRA_PREFIX


def expand(overrides: list[str]) -> list[list[str]]:
    """The runs of a sweep, in Hydra's order: one list of task overrides per run.

    Hydra's own overrides are left out. ``scenario=a,b seed='range(0,3)'`` gives six runs,
    the last key varying fastest, as Hydra's basic sweeper orders them.
    """
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper

    task = [o for o in overrides if not is_hydra_override(o)]
    parsed = OverridesParser.create().parse_overrides(task)
    batches = BasicSweeper.split_arguments(parsed, max_batch_size=None)
    return [list(run) for batch in batches for run in batch]


#: Launchers that come with an extra: the name's prefix, the plugin's module and the extra.
LAUNCHER_EXTRAS = {
    "ray": ("hydra_plugins.hydra_ray_launcher", "ray"),
    "slurm": ("hydra_plugins.hydra_submitit_launcher", "slurm"),
    "submitit": ("hydra_plugins.hydra_submitit_launcher", "slurm"),
}


def check_launcher(overrides: list[str]) -> None:
    """Check a ``hydra/launcher=NAME`` override: a known launcher whose plugin is installed.

    Raises:
        ConfigError: naming the launcher and the choices, or the extra to install.
    """
    import importlib.util

    from sim.validation import CONF_DIR

    names = [o.split("=", 1)[1] for o in overrides if o.lstrip("+").startswith("hydra/launcher=")]
    ours = sorted(p.stem for p in (CONF_DIR / "hydra" / "launcher").glob("*.yaml"))
    known = sorted({"basic", "joblib", "ray", "submitit_local", "submitit_slurm", *ours})
    for name in names:
        if name not in known:
            raise ConfigError(
                f"hydra/launcher={name}: unknown launcher; choose one of {', '.join(known)}"
            )
        for prefix, (module, extra) in LAUNCHER_EXTRAS.items():
            if name.startswith(prefix) and importlib.util.find_spec(module) is None:
                raise ConfigError(
                    f"hydra/launcher={name}: needs the '{extra}' extra; "
                    f"install it with: pip install -e '.[{extra}]'"
                )


def check_sweep(overrides: list[str]) -> list[list[str]]:
    """Check a sweep's overrides and every configuration it will run; return the runs.

    Every distinct combination of the overrides other than ``seed`` is composed and validated;
    each seed is checked against the seed's own range. Nothing is written.

    Raises:
        ConfigError: one line naming the override, the value and what is allowed.
    """
    from sim.compose import compose_config
    from sim.validation import validate

    check_overrides(overrides, allow_sweeps=True)
    check_launcher(overrides)
    runs = expand(overrides)
    composed: dict[tuple[str, ...], Any] = {}
    for run in runs:
        rest = tuple(o for o in run if override_key(o) != "seed")
        seeds = [o.split("=", 1)[1] for o in run if override_key(o) == "seed"]
        if rest not in composed:
            composed[rest] = compose_config(list(rest))
        for seed in seeds:
            try:
                value = int(seed)
            except ValueError:
                raise ConfigError(f"seed={seed!r}: must be an integer") from None
            validate(replace(composed[rest], seed=value))
    return runs


def finished(out_dir: Path, overrides: list[str], config: SimConfig) -> bool:
    """Whether ``out_dir`` holds the complete result of this run, made by this code.

    A result counts if its ``summary.json`` records the same overrides, the same resolved
    configuration and the same commit: a preset or default changed since, or other code, runs
    again.
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


def injected_fault_week(seed: int) -> int | None:
    """The week at which :data:`FAULT_ENV` makes the run with ``seed`` fail, if it does."""
    text = os.environ.get(FAULT_ENV, "")
    for item in filter(None, text.split(",")):
        fault_seed, _, week = item.partition(":")
        if int(fault_seed) == seed:
            return int(week)
    return None


class InjectedError(RuntimeError):
    """The failure that :data:`FAULT_ENV` asks for."""


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
            labelled by its preset and regime overrides (:func:`sim.labels.label`).

    Returns:
        The run's profit, or None if it was skipped or failed.
    """
    from sim.compose import PRESET_GROUP, named, to_sim_config
    from sim.labels import axes, label

    failure = out_dir / FAILURE_FILE
    try:
        config = to_sim_config(cfg)
        name = None
        if choices:
            config = named(config, choices)
            name = label(choices.get(PRESET_GROUP, ""), overrides, config, choices)
        if finished(out_dir, overrides, config):
            log.info("already finished, skipped: %s", " ".join(overrides))
            return None
        (out_dir / SUMMARY_FILE).unlink(missing_ok=True)  # a stale result must not stand
        fault_week = injected_fault_week(config.seed)
        stop = None
        if fault_week is not None:

            def stop(week: int) -> None:
                if week == fault_week:
                    raise InjectedError(f"failure injected by {FAULT_ENV} at week {week}")

        result = simulate(config, on_week=stop, label=name)
        extra = {"overrides": list(overrides), "axes": axes(choices or {})}
        write_results(result, out_dir, extra=extra)
        failure.unlink(missing_ok=True)
    except Exception as error:
        message = f"{type(error).__name__}: {error}".splitlines()[0]
        record = {
            "status": "failed",
            "error": message,
            "overrides": list(overrides),
            "scenario": _select(cfg, "scenario.name"),
            "seed": _select(cfg, "seed"),
            "years": _select(cfg, "years"),
            "traceback": traceback.format_exc(),
        }
        out_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(failure, lambda tmp: Path(tmp).write_text(json.dumps(record, indent=2)))
        log.error("failed: %s: %s", " ".join(overrides), message)
        return None
    metrics = result.metrics
    log.info(
        "%s seed %d: revenue %.0f, profit %.0f, retention %.3f",
        config.scenario.name,
        config.seed,
        metrics["revenue"],
        metrics["profit"],
        metrics["retention"],
    )
    return metrics["profit"]


def _select(cfg: DictConfig, path: str) -> Any:
    from omegaconf import OmegaConf

    try:
        return OmegaConf.select(cfg, path, throw_on_missing=False)
    except Exception:
        return None


# --- the parent process: progress and the report ----------------------------------------------


@dataclass
class SweepState:
    """What the command line needs to know about the sweep in progress or just ended."""

    directory: Path | None = None
    ok: int = 0
    failed: int = 0


#: The state of the last sweep started in this process.
STATE = SweepState()


def count_done(directory: Path, since: float = 0.0) -> tuple[int, int]:
    """Runs under ``directory`` with a result, and runs whose failure was recorded after ``since``.

    Args:
        directory: The sweep directory.
        since: A time (seconds since the epoch); older failures are about to be retried.
    """
    ok = failed = 0
    if not directory.is_dir():
        return 0, 0
    for path in (directory, *(p for p in directory.iterdir() if p.is_dir())):
        if (path / SUMMARY_FILE).exists():
            ok += 1
        elif (path / FAILURE_FILE).exists():
            failed += (path / FAILURE_FILE).stat().st_mtime >= since
    return ok, failed


class _Progress:
    """A progress bar over the runs of a sweep, fed by polling the sweep directory."""

    def __init__(self, directory: Path, total: int) -> None:
        from tqdm import tqdm

        self.directory = directory
        self.started = time.time()
        self.bar = tqdm(total=total, unit="run", file=sys.stderr, disable=None, desc="sweep")
        self._refresh()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _poll(self) -> None:
        while not self.stopped.wait(1.0):
            self._refresh()

    def _refresh(self) -> None:
        done = min(self.bar.total, sum(count_done(self.directory, self.started)))
        if done > self.bar.n:
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
        self.stopped.set()
        self.thread.join()
        self._refresh()
        self.bar.close()


class SweepCallback(Callback):
    """Hydra callback: a progress bar during a sweep and the aggregated report at its end."""

    def __init__(self) -> None:
        self.progress: _Progress | None = None

    def __getstate__(self) -> dict[str, Any]:
        """Launchers send the callbacks to their workers; the progress bar stays here."""
        return {"progress": None}

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        """Announce the sweep and start the progress bar."""
        directory = Path(str(config.hydra.sweep.dir))
        overrides = [str(o) for o in config.hydra.overrides.task]
        total = len(expand(overrides))
        STATE.directory, STATE.ok, STATE.failed = directory, 0, 0
        ok, _ = count_done(directory)
        resumed = f", {ok} finished earlier (skipped if unchanged)" if ok else ""
        print(f"sweep: {count(total, 'run')} into {directory}{resumed}", file=sys.stderr)
        self.progress = _Progress(directory, total)

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Stop the progress bar; write and print the sweep's report."""
        from sim.aggregate import aggregate

        if self.progress is not None:
            self.progress.close()
            self.progress = None
        report = aggregate(Path(str(config.hydra.sweep.dir)))
        STATE.ok, STATE.failed = report.ok, report.failed
        report.show()
