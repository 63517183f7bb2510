"""Failure injection for tests of sweeps: a Hydra callback that only tests install.

The model's own code knows nothing of it. A test adds the callback to a sweep with Hydra
overrides (see :func:`fail_at`) and puts this directory on ``PYTHONPATH`` so that the workers of
any launcher can load it; before each job the callback makes the model raise at the given week
of the runs with the given seeds, and puts the model back after the job.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback

HERE = Path(__file__).resolve().parent


class InjectedError(RuntimeError):
    """The failure a test asked for."""


def fail_at(*faults: tuple[int, int]) -> list[str]:
    """The Hydra overrides that make the runs with each ``(seed, week)`` fail at that week."""
    at = ",".join(f"{seed}:{week}" for seed, week in faults)
    return [
        "+hydra.callbacks.fault._target_=sweep_faults.FailAt",
        f"+hydra.callbacks.fault.at='{at}'",
    ]


class FailAt(Callback):
    """Make the model raise at week WEEK of the runs with seed SEED (``at='SEED:WEEK,...'``)."""

    def __init__(self, at: str) -> None:
        self.faults = {int(s): int(w) for s, w in (item.split(":") for item in at.split(","))}
        self.original: Any = None

    def on_job_start(self, config: Any, **kwargs: Any) -> None:
        from salesculture.sim.world.model import SalesCultureModel

        week = self.faults.get(int(config.seed))
        if week is None:
            return
        self.original = original = SalesCultureModel.step

        def step(model: SalesCultureModel) -> None:
            if model.week == week:
                raise InjectedError(f"failure injected by a test at week {week}")
            original(model)

        SalesCultureModel.step = step

    def on_job_end(self, config: Any, job_return: Any, **kwargs: Any) -> None:
        if self.original is not None:
            from salesculture.sim.world.model import SalesCultureModel

            SalesCultureModel.step = self.original
            self.original = None
