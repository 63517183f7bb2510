"""The salesculture launcher: a sweep's runs in reused worker processes (the default).

Each distinct configuration of the sweep (seeds aside) is composed once; its runs go in
batches to worker processes that stay up for the whole sweep, and every run's directory gets
the files a Hydra launcher writes (``.hydra/`` records, the job's log) besides its results.
The work is in :mod:`sim.runs.launch`. Hydra finds plugins only in the ``hydra_plugins`` package,
hence this module's place.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Optional

from hydra.core.config_store import ConfigStore
from hydra.core.utils import JobReturn
from hydra.plugins.launcher import Launcher
from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig


@dataclass
class SalesCultureLauncherConf:
    """The launcher's settings: worker processes, and runs sent to a worker at a time."""

    _target_: str = "hydra_plugins.salesculture_launcher.SalesCultureLauncher"
    n_jobs: Optional[int] = None  # noqa: UP045 (OmegaConf reads this typing form)
    batch_size: int = 4


ConfigStore.instance().store(
    group="hydra/launcher",
    name="salesculture",
    node=SalesCultureLauncherConf,
    provider="salesculture",
)


class SalesCultureLauncher(Launcher):
    """Runs a sweep's jobs in batches on reused worker processes (``sim.runs.launch.launch``)."""

    def __init__(self, n_jobs: Optional[int] = None, batch_size: int = 4) -> None:  # noqa: UP045
        """Keep the settings (``n_jobs`` None: one worker per core)."""
        self.n_jobs = n_jobs
        self.batch_size = max(1, int(batch_size))
        self.config: Optional[DictConfig] = None  # noqa: UP045
        self.hydra_context: Optional[HydraContext] = None  # noqa: UP045
        self.task_function: Optional[TaskFunction] = None  # noqa: UP045

    def setup(
        self, *, hydra_context: HydraContext, task_function: TaskFunction, config: DictConfig
    ) -> None:
        """Keep what Hydra hands every launcher before the sweep."""
        self.config = config
        self.hydra_context = hydra_context
        self.task_function = task_function

    def launch(
        self, job_overrides: Sequence[Sequence[str]], initial_job_idx: int
    ) -> Sequence[JobReturn]:
        """Run the jobs; return Hydra's record of each, in their order."""
        from salesculture.sim.runs.launch import launch

        assert self.config is not None and self.hydra_context is not None
        kwargs: dict[str, Any] = {"n_jobs": self.n_jobs, "batch_size": self.batch_size}
        return launch(self.config, self.hydra_context, job_overrides, initial_job_idx, **kwargs)
