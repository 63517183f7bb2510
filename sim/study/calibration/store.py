"""Finished simulations of a fit, kept as they end, so that an interrupted fit resumes.

A fit's simulations are many and short. Each finished one is appended as one line of JSON to
``simulations.jsonl`` in the fit directory (its key is :func:`sim.runs.runcache.run_key`: the
resolved configuration, seed included, and the code), flushed at once. A fit run again replays
its deterministic plan and finds every finished simulation here; a line cut short by a stop is
ignored. The file may be deleted at any time: the fit then runs its simulations again.

The simulations run on a local worker pool, or, given a :data:`Launch` (``calibrate
--launcher``, :mod:`sim.study.calibration.launched`), as sweeps under a Hydra launcher.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from salesculture.sim.config.schema import SimConfig
from salesculture.sim.runs.compare import run_in_pool
from salesculture.sim.runs.interrupts import Interrupted
from salesculture.sim.runs.runcache import run_key

STORE_FILE = "simulations.jsonl"
#: Runs configurations elsewhere and hands each one's figures to a callback, by position.
Launch = Callable[[list[SimConfig], Callable[[int, dict[str, float]], None]], None]


class SimulationStore:
    """Figures of finished simulations by run key, backed by an append-only file."""

    def __init__(self, directory: Path | None, launch: Launch | None = None):
        self.launch = launch
        self.path = directory / STORE_FILE if directory is not None else None
        self.figures: dict[str, dict[str, float]] = {}
        self.reused = 0
        self.ran = 0
        if self.path is not None and self.path.is_file():
            for line in self.path.read_text().splitlines():
                try:
                    entry = json.loads(line)
                    self.figures[entry["key"]] = entry["figures"]
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a stop

    def __len__(self) -> int:
        return len(self.figures)

    def keep(self, key: str, figures: dict[str, float]) -> None:
        """Keep one finished simulation (appended and flushed to the file)."""
        self.figures[key] = figures
        self.ran += 1
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a") as stream:
            stream.write(json.dumps({"key": key, "figures": figures}) + "\n")
            stream.flush()
            os.fsync(stream.fileno())

    def evaluate(
        self,
        configs: list[SimConfig],
        work: Callable[[SimConfig], dict[str, float]],
        jobs: int,
        bar=None,
    ) -> list[dict[str, float]]:
        """The figures of each of ``configs``: from the store, or run on ``jobs`` workers.

        With the store's ``launch``, the simulations not in the store run through it instead.

        Raises:
            Interrupted: on Ctrl-C, after the finished simulations are kept.
        """
        keys = [run_key(config) for config in configs]
        todo = [i for i, k in enumerate(keys) if k not in self.figures]
        unique: dict[str, int] = {}
        for i in todo:
            unique.setdefault(keys[i], i)
        self.reused += len(configs) - len(todo)
        if bar is not None:
            bar.update(len(configs) - len(todo))

        def keep(i: int, figures: dict[str, float]) -> None:
            self.keep(keys[i], figures)
            if bar is not None:
                bar.update(sum(1 for j in todo if keys[j] == keys[i]))

        order = list(unique.values())
        try:
            if self.launch is not None and order:
                self.launch([configs[i] for i in order], lambda j, f: keep(order[j], f))
            elif jobs == 1 or len(order) <= 1:
                for i in order:
                    keep(i, work(configs[i]))
            else:
                run_in_pool(configs, order, jobs, keep, work)
        except KeyboardInterrupt:
            where = f"kept in {self.path}" if self.path else "not kept"
            raise Interrupted(
                f"interrupted after {self.ran} new simulations ({len(self)} in all, {where}); "
                "run the same command again to resume"
            ) from None
        return [self.figures[k] for k in keys]
