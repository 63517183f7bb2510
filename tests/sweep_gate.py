"""A gate for tests of sweeps: a Hydra callback, installed only by tests, that holds every job
until a file exists.

A test adds it to a sweep with :func:`hold_until` and puts this directory on ``PYTHONPATH``; the
sweep then claims its directory and waits before its first run, so that the test can do
something (start a second sweep) while the first one is known to be running.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback


def hold_until(gate: Path) -> list[str]:
    """The Hydra overrides that hold every job of a sweep until ``gate`` exists."""
    return [
        "+hydra.callbacks.gate._target_=sweep_gate.Gate",
        f"+hydra.callbacks.gate.path='{gate}'",
    ]


class Gate(Callback):
    """Wait before each job until the file ``path`` exists (at most ``timeout`` seconds)."""

    def __init__(self, path: str, timeout: float = 120.0) -> None:
        self.path = Path(path)
        self.timeout = timeout

    def on_job_start(self, config: Any, **kwargs: Any) -> None:
        deadline = time.monotonic() + self.timeout
        while not self.path.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
