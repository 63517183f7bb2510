"""Hydra's per-job callbacks (``on_job_start``, ``on_job_end``) in the salesculture launcher.

Hydra's launchers call every callback of ``hydra.callbacks`` before and after each job, with
the job's composed configuration. The salesculture launcher composes a configuration once for
all its seeds, so it hands the workers :class:`JobHooks` only when a callback defines one of
these methods: the composed job, set to each run's seed and fields before the calls.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from hydra.core.hydra_config import HydraConfig
from hydra.core.utils import JobReturn, JobStatus
from hydra.experimental.callback import Callback
from hydra.types import HydraContext
from omegaconf import DictConfig

from salesculture.sim.runs.hydrarecords import writable


def job_callbacks(hydra_context: HydraContext) -> list[Callback]:
    """The sweep's callbacks that act before or after each job."""
    found = getattr(hydra_context.callbacks, "callbacks", None) or []
    return [
        callback
        for callback in found
        if type(callback).on_job_start is not Callback.on_job_start
        or type(callback).on_job_end is not Callback.on_job_end
    ]


@dataclass
class JobHooks:
    """The per-job callbacks of a configuration's runs, and its composed job."""

    callbacks: list[Callback]
    job: DictConfig  #: the composed job (Hydra's node included)

    def start(self, seed: int | None, fields: dict[str, Any]) -> DictConfig:
        """Set the job to one run (its seed and ``hydra.job``/``runtime`` fields); call them.

        Args:
            seed: The run's seed (None: the job's own).
            fields: ``overrides`` (task overrides), ``num``, ``id``, ``override_dirname`` and
                ``output_dir`` of the run.
        """
        job = self.job
        with writable(job):
            if seed is not None:
                job.seed = seed
            job.hydra.overrides.task = list(fields["overrides"])
            job.hydra.job.num = fields["num"]
            job.hydra.job.id = fields["id"]
            job.hydra.job.override_dirname = fields["override_dirname"]
            job.hydra.runtime.output_dir = os.fspath(fields["output_dir"])
        HydraConfig.instance().set_config(job)
        for callback in self.callbacks:
            callback.on_job_start(config=job, task_function=None)
        return job

    def end(self, job: DictConfig, overrides: list[str], value: float | None) -> None:
        """Call the callbacks' ``on_job_end`` (in reverse order, as Hydra does)."""
        ret = JobReturn(overrides=overrides, status=JobStatus.COMPLETED)
        ret.return_value = value
        for callback in reversed(self.callbacks):
            callback.on_job_end(config=job, job_return=ret)
