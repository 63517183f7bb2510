"""``salesculture sweep``: a Hydra multirun, checked before it starts, resumable when stopped."""

from __future__ import annotations

import argparse
import traceback
from pathlib import Path

from sim.commands.common import fail

#: The most runs a sweep may have unless ``--max-runs`` says more: a bigger sweep is most likely
#: a typo (``seed='range(0,100000)'``), and checking it alone would take minutes.
MAX_RUNS = 10_000


def sweep_dir(overrides: list[str]) -> str:
    """The sweep's directory (``hydra.sweep.dir``), as given: it may hold interpolations.

    Raises:
        ConfigError: one line, for an override of Hydra's configuration it cannot apply.
    """
    from sim.config.compose import output_dirs
    from sim.config.overrides import is_hydra_override

    return output_dirs([o for o in overrides if is_hydra_override(o)])["sweep"]


def cmd_sweep(args: argparse.Namespace) -> int:
    """Check every run of the sweep and its directory, then hand the overrides to Hydra."""
    from sim.config.validation import check_unique
    from sim.runs.interrupts import (
        INTERRUPTED,
        ignore_further_interrupts,
        remove_partial_files,
        stop_children,
        workers_ignore_interrupts,
    )
    from sim.runs.paths import check_output_dir
    from sim.runs.sweepdir import check_sweep, updated_record

    overrides = list(args.overrides)
    check_unique(overrides)
    # ConfigError before anything is written; an experiment=NAME's sweep axes are planned too
    plan = check_sweep(overrides, max_runs=args.max_runs)
    directory = sweep_dir(overrides)
    check_output_dir(directory, "hydra.sweep.dir")
    if "$" not in directory:  # else resolved by Hydra: the callback checks it
        updated_record(Path(directory), plan, merge=args.merge)  # raises SweepDirError: one line
    from sim.runs.hydra_app import run_hydra
    from sim.runs.progress import STATE, SweepRefused
    from sim.views.plots import plot_comparison

    STATE.plan, STATE.merge, STATE.directory = plan, args.merge, None
    STATE.plot = plot_comparison
    workers_ignore_interrupts()

    def interrupted() -> int:
        ignore_further_interrupts()
        stop_children()  # the launcher's workers, explicitly
        remove_partial_files(STATE.directory)
        return _sweep_stopped("interrupted", overrides, 130)

    try:
        run_hydra(["--multirun", *overrides])
    except KeyboardInterrupt:
        return interrupted()
    except SweepRefused as refused:  # a directory left to Hydra to resolve, taken: nothing ran
        return fail(str(refused))
    except (Exception, SystemExit) as stop:  # Hydra's reporting is off (see run_hydra)
        if INTERRUPTED.is_set():  # an error Hydra raised while it was being interrupted
            return interrupted()
        if STATE.directory is None or (isinstance(stop, SystemExit) and stop.code in (0, None)):
            raise  # before the sweep started: reported by main
        from sim.runs.paths import describe, reason

        if isinstance(stop, OSError):  # a file system that failed: one line
            where = describe(stop) if stop.filename else f"{STATE.directory}: {reason(stop)}"
            return _launcher_stopped(f"{where}; the launcher stopped", overrides)
        if not isinstance(stop, SystemExit):
            traceback.print_exc()
        return _launcher_stopped("the launcher stopped", overrides)
    if STATE.error:
        return fail(STATE.error, 1)
    if STATE.failed:
        return fail(
            f"{STATE.failed} of {STATE.ok + STATE.failed} runs failed; "
            f"see {STATE.directory}/report.md",
            1,
        )
    return 0


def _launcher_stopped(why: str, overrides: list[str]) -> int:
    """Aggregate what finished in the sweep's directory and say that the launcher stopped."""
    from sim.runs.aggregate import AggregateError, aggregate
    from sim.runs.progress import STATE

    try:
        # keep what finished: the table and report so far
        report = aggregate(STATE.directory, plot=STATE.plot)
    except (AggregateError, OSError):
        return _sweep_stopped(f"{why} before any run finished", overrides, 1)
    return _sweep_stopped(f"{why} after {report.ok} ok runs", overrides, 1)


def _sweep_stopped(what: str, overrides: list[str], code: int) -> int:
    """One line saying the sweep stopped, where its finished runs are and how to finish it."""
    from sim.runs.progress import STATE

    where = STATE.directory
    if where is None:
        return fail(what, code)
    again = (
        "run the same command again"
        if any(o.startswith("hydra.sweep.dir=") for o in overrides)
        else f"run the same command with hydra.sweep.dir={where}"
    )
    return fail(f"{what}; finished runs are kept in {where}; to finish the sweep, {again}", code)
