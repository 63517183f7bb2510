"""The process that launched a sweep: its directory claimed, a progress bar, and the report.

:class:`SweepCallback` is the Hydra callback of every multirun (``conf/hydra/default.yaml``). At
the start it records the sweep in its directory (:func:`sim.runs.sweepdir.claim`, before any run)
and shows a progress bar fed by polling the directory; at the end it aggregates the directory
(:mod:`sim.runs.aggregate`) and prints the table.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from salesculture.sim.runs.aggregate import KNOWN_SERIES, AggregateError, Plot, aggregate
from salesculture.sim.runs.compare import count
from salesculture.sim.runs.runfiles import count_done
from salesculture.sim.runs.sweepdir import SweepDirError, SweepPlan, check_sweep, claim


class SweepRefused(BaseException):  # noqa: N818 (not an error of the code: a stop)
    """The sweep does not belong in its directory: stop before any run (one line).

    A :class:`BaseException`, because Hydra turns a callback's exceptions into warnings and
    carries on with the sweep.
    """


@dataclass
class SweepState:
    """What the command line and the callback share about the sweep in progress or just ended."""

    directory: Path | None = None
    ok: int = 0
    failed: int = 0
    plan: SweepPlan | None = None  #: the checked sweep, set by the command line
    merge: bool = False  #: ``--merge``: add the sweep's runs to the directory's
    error: str | None = None  #: why the directory could not be aggregated
    #: What draws the report's figure (set by the command line; none: no figure).
    plot: Plot | None = None
    #: The caller reads the runs itself (``calibrate --launcher``): no table, no report, and
    #: the progress bar is not left behind.
    quiet: bool = False


#: The state of the last sweep started in this process.
STATE = SweepState()


class _Progress:
    """A progress bar over the runs of a sweep, fed by polling the sweep directory."""

    def __init__(self, directory: Path, total: int, leave: bool = True) -> None:
        from tqdm import tqdm

        self.directory = directory
        self.started = time.time()
        self.bar = tqdm(
            total=total, unit="run", file=sys.stderr, disable=None, desc="sweep", leave=leave
        )
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
    """Hydra callback: the sweep recorded in its directory, a progress bar, and the report."""

    def __init__(self) -> None:
        self.progress: _Progress | None = None

    def __getstate__(self) -> dict[str, Any]:
        """Launchers send the callbacks to their workers; the progress bar stays here."""
        return {"progress": None}

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        """Record the sweep in its directory, announce it and start the progress bar."""
        directory = Path(str(config.hydra.sweep.dir))
        KNOWN_SERIES.clear()  # those of an earlier sweep of this process
        overrides = [str(o) for o in config.hydra.overrides.task]
        plan = STATE.plan if STATE.plan is not None else check_sweep(overrides)
        try:
            claim(directory, plan, merge=STATE.merge)
        except SweepDirError as error:
            raise SweepRefused(str(error)) from None
        total = len(plan.runs)
        STATE.directory, STATE.ok, STATE.failed, STATE.error = directory, 0, 0, None
        ok, _ = count_done(directory)
        resumed = f", {ok} finished earlier (skipped if unchanged)" if ok else ""
        print(f"sweep: {count(total, 'run')} into {directory}{resumed}", file=sys.stderr)
        self.progress = _Progress(directory, total, leave=not STATE.quiet)

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Stop the progress bar; write and print the sweep's report."""
        started = 0.0
        if self.progress is not None:
            self.progress.close()
            started = self.progress.started
            self.progress = None
        if STATE.quiet:  # the caller reads the runs: counted, not aggregated
            STATE.ok, STATE.failed = count_done(Path(str(config.hydra.sweep.dir)), started)
            return
        try:
            report = aggregate(Path(str(config.hydra.sweep.dir)), plot=STATE.plot)
        except AggregateError as error:
            STATE.error = str(error)
            return
        except OSError as error:  # e.g. no space left for the table: the runs are kept
            from salesculture.sim.runs.paths import describe

            STATE.error = f"the sweep's table and report could not be written: {describe(error)}"
            return
        STATE.ok, STATE.failed = report.ok, report.failed
        report.show()
