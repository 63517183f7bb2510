"""The salesculture launcher's work: a sweep's runs in reused worker processes.

Hydra's launchers compose every job afresh and set each one up (its ``.hydra/`` records, its
log), which for a one-year run costs about as much as the run. This launcher composes each
distinct configuration once (runs that differ only in their ``seed`` share it), renders its
``.hydra/`` records once (:mod:`sim.runs.hydrarecords`), and sends batches of runs to the reused
worker pool of :mod:`sim.runs.compare`. Each run's directory gets the same files as under Hydra's
launchers, and each run goes through :func:`sim.runs.sweep.run_prepared`, as theirs do through
:func:`sim.runs.sweep.run_job`: the same results, skipped if finished, a failure recorded.

Hydra's per-job callbacks (``on_job_start``, ``on_job_end``) and ``hydra.job.env_set`` are
honoured in the workers (:mod:`sim.runs.jobhooks`); the sweep's other callbacks run in the launching
process, as under every launcher.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hydra.core.hydra_config import HydraConfig
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.utils import JobReturn, JobStatus, configure_log, setup_globals
from hydra.types import HydraContext
from omegaconf import DictConfig, OmegaConf

from salesculture.sim.config.overrides import SEED_KEY, override_key
from salesculture.sim.runs.hydrarecords import Records, writable
from salesculture.sim.runs.jobhooks import JobHooks, job_callbacks
from salesculture.sim.runs.sweepbatch import LOG_FORMAT, Batch, Outcome, Run

#: ``hydra.sweep.subdir`` by default: the run's directory is named by its overrides.
DEFAULT_SUBDIR = "${hydra.job.override_dirname}"


@dataclass
class Job:
    """One job Hydra's sweeper asked for: its number and overrides."""

    num: int
    overrides: list[str]

    @property
    def seed(self) -> int | None:
        """The seed it sets (the last ``seed=N``), or None."""
        seeds = [o.split("=", 1)[1] for o in self.overrides if override_key(o) == SEED_KEY]
        try:
            return int(seeds[-1]) if seeds else None
        except ValueError:
            return None

    def configuration(self) -> tuple[str, ...]:
        """What it shares with the jobs of the same configuration: its overrides but the seed."""
        if self.seed is None:
            return tuple(self.overrides)
        return tuple(o for o in self.overrides if override_key(o) != SEED_KEY)


def launch(
    config: DictConfig,
    hydra_context: HydraContext,
    job_overrides: Sequence[Sequence[str]],
    initial_job_idx: int,
    n_jobs: int | None = None,
    batch_size: int = 4,
) -> list[JobReturn]:
    """Run the jobs of a sweep; return Hydra's record of each, in their order.

    Args:
        config: The sweep's configuration.
        hydra_context: Hydra's context (its config loader composes each configuration).
        job_overrides: The overrides of each job.
        initial_job_idx: The number of the first job.
        n_jobs: Worker processes (None: one per core).
        batch_size: Runs sent to a worker at a time.
    """
    from salesculture.sim.runs.aggregate import KNOWN_SERIES
    from salesculture.sim.runs.compare import run_in_pool
    from salesculture.sim.runs.sweepbatch import run_batch

    setup_globals()
    configure_log(config.hydra.hydra_logging, config.hydra.verbose)
    Path(str(config.hydra.sweep.dir)).mkdir(parents=True, exist_ok=True)
    jobs = [Job(initial_job_idx + i, list(o)) for i, o in enumerate(job_overrides)]
    groups: dict[tuple[str, ...], list[Job]] = {}
    for job in jobs:
        groups.setdefault(job.configuration(), []).append(job)
    batches: list[Batch] = []
    owners: list[list[int]] = []  # per batch, the positions of its runs' jobs in ``jobs``
    position = {id(job): i for i, job in enumerate(jobs)}
    for members in groups.values():
        for batch, held in _batches(config, hydra_context, members, batch_size):
            batches.append(batch)
            owners.append([position[id(job)] for job in held])
    values: list[float | None] = [None] * len(jobs)

    def keep(i: int, outcomes: list[Outcome]) -> None:
        for where, run, (value, series) in zip(owners[i], batches[i].runs, outcomes, strict=True):
            values[where] = value
            if series is not None:
                KNOWN_SERIES[run.out_dir] = series

    if batches:
        workers = max(1, min(n_jobs or os.cpu_count() or 1, len(batches)))
        run_in_pool(batches, list(range(len(batches))), workers, keep, work=run_batch)
    name = str(config.hydra.job.name)
    return [_job_return(job, value, name) for job, value in zip(jobs, values, strict=True)]


def _job_return(job: Job, value: float | None, name: str) -> JobReturn:
    ret = JobReturn(overrides=job.overrides, working_dir=os.getcwd(), task_name=name)
    ret.status = JobStatus.COMPLETED
    ret.return_value = value
    return ret


def _batches(
    config: DictConfig, hydra_context: HydraContext, members: list[Job], batch_size: int
) -> list[Batch]:
    """The batches of one configuration's jobs: composed once, records rendered once.

    A configuration that does not compose or validate has each of its runs' failure recorded
    (as a job under Hydra's launchers would) and no batch.
    """
    from salesculture.sim.runs.sweep import FAILURE_FIELDS, prepare, record_failure

    first = members[0]
    composed = hydra_context.config_loader.load_sweep_config(config, list(first.overrides))
    HydraConfig.instance().set_config(composed)
    dirnames = _dirnames(composed, members)
    directories = _directories(composed, members, dirnames)
    choices = {str(k): str(v) for k, v in composed.hydra.runtime.choices.items()}
    try:
        sim_config, name = prepare(composed, first.overrides, choices)
    except Exception as error:
        fields = {k: OmegaConf.select(composed, p, default=None) for k, p in FAILURE_FIELDS.items()}
        for job, directory in zip(members, directories, strict=True):
            record_failure(directory, job.overrides, error, fields)
        return []
    hydra = composed.hydra
    job_name = str(hydra.job.name)
    log_file, log_format = _log_file(hydra, job_name)
    records_dir = None if hydra.output_subdir is None else str(hydra.output_subdir)
    searchpath = [str(entry) for entry in hydra.searchpath]
    env = {str(k): str(v) for k, v in hydra.job.env_set.items()}
    callbacks = job_callbacks(hydra_context)
    hooks = JobHooks(callbacks, copy.deepcopy(composed)) if callbacks else None
    records = Records.of(composed)
    runs = []
    for job, directory, dirname in zip(members, directories, dirnames, strict=True):
        job_id = f"{job_name}_{job.num}"
        runs.append(
            Run(
                seed=job.seed,
                overrides=job.overrides,
                out_dir=directory,
                records=records.render(
                    job.seed, job.overrides, dirname, job_id, job.num, str(directory)
                ),
                job={"num": job.num, "id": job_id, "override_dirname": dirname},
            )
        )
    return [
        (
            Batch(
                config=sim_config,
                name=name,
                choices=choices,
                runs=runs[start : start + batch_size],
                searchpath=searchpath,
                records_dir=records_dir,
                log_file=log_file,
                log_format=log_format,
                env=env,
                hooks=hooks,
            ),
            members[start : start + batch_size],
        )
        for start in range(0, len(runs), batch_size)
    ]


def _dirnames(composed: DictConfig, members: list[Job]) -> list[str]:
    """Each job's ``hydra.job.override_dirname``, as Hydra makes it, parsing one job's overrides.

    The jobs differ from the composed one only in their seed: the keys Hydra parses from the
    first job's overrides hold, position by position, for the others.
    """
    settings = composed.hydra.job.config.override_dirname
    exclude = set(settings.exclude_keys)
    parser = OverridesParser.create()
    keys = [o.key_or_group for o in parser.parse_overrides(members[0].overrides)]
    names = []
    for job in members:
        mine = keys
        if len(job.overrides) != len(keys):
            mine = [o.key_or_group for o in parser.parse_overrides(job.overrides)]
        lines = sorted(
            text for text, key in zip(job.overrides, mine, strict=True) if key not in exclude
        )
        names.append(re.sub("[=]", settings.kv_sep, settings.item_sep.join(lines)))
    return names


def _directories(composed: DictConfig, members: list[Job], dirnames: list[str]) -> list[Path]:
    """Each job's directory (``hydra.runtime.output_dir``): the sweep's, then its subdir."""
    hydra = composed.hydra
    sweep_dir = str(OmegaConf.select(composed, "hydra.sweep.dir"))
    unresolved = OmegaConf.to_container(hydra.sweep, resolve=False).get("subdir")
    found = []
    for job, dirname in zip(members, dirnames, strict=True):
        if unresolved == DEFAULT_SUBDIR:
            subdir = dirname
        else:  # as Hydra resolves it, for this job
            with writable(composed):
                composed.hydra.overrides.task = job.overrides
                composed.hydra.job.override_dirname = dirname
                composed.hydra.job.id = f"{hydra.job.name}_{job.num}"
                composed.hydra.job.num = job.num
                if job.seed is not None:
                    composed.seed = job.seed
            subdir = str(OmegaConf.select(composed, "hydra.sweep.subdir"))
        found.append(Path(os.path.abspath(os.path.join(sweep_dir, subdir))))
    return found


def _log_file(hydra: DictConfig, job_name: str) -> tuple[str | None, str]:
    """The name of a job's log file (None: none) and the format of its lines."""
    logging_cfg = OmegaConf.to_container(hydra.job_logging, resolve=False) or {}
    handler = (logging_cfg.get("handlers") or {}).get("file")
    if not handler:
        return None, LOG_FORMAT
    formatter = (logging_cfg.get("formatters") or {}).get(handler.get("formatter"), {})
    return f"{job_name}.log", formatter.get("format", LOG_FORMAT)
