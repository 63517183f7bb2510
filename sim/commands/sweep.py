"""``salesculture sweep``: a Hydra multirun, checked before it starts, resumable when stopped."""

from __future__ import annotations

import argparse
import traceback
from collections.abc import Callable
from pathlib import Path

from salesculture.sim.commands.common import fail
from salesculture.sim.config.errors import ConfigError
from salesculture.sim.runs.runfiles import FAILURE_FILE

#: The most runs a sweep may have unless ``--max-runs`` says more: a bigger sweep is most likely
#: a typo (``seed='range(0,100000)'``), and checking it alone would take minutes.
MAX_RUNS = 10_000


def sweep_dir(overrides: list[str]) -> str:
    """The sweep's directory (``hydra.sweep.dir``), as given: it may hold interpolations.

    Raises:
        ConfigError: one line, for an override of Hydra's configuration it cannot apply.
    """
    from salesculture.sim.config.compose import output_dirs
    from salesculture.sim.config.overrides import is_hydra_override

    return output_dirs([o for o in overrides if is_hydra_override(o)])["sweep"]


def _checked(overrides: list[str], args: argparse.Namespace, company: dict | None = None):
    """The sweep's plan and directory, checked; the directory's record is not yet written.

    Raises:
        ConfigError: one line, before anything is written (an experiment=NAME's sweep axes are
            planned too); SweepDirError for a directory that holds another sweep.
    """
    from salesculture.sim.runs.paths import check_output_dir
    from salesculture.sim.runs.sweepdir import check_sweep, updated_record

    plan = check_sweep(overrides, max_runs=args.max_runs)
    plan.company = company
    directory = sweep_dir(overrides)
    check_output_dir(directory, "hydra.sweep.dir")
    if "$" not in directory:  # else resolved by Hydra: the callback checks it
        updated_record(Path(directory), plan, merge=args.merge)  # raises SweepDirError: one line
    return plan, directory


def company_draws(args: argparse.Namespace, overrides: list[str]):
    """The company's posterior draws a sweep runs (``--company``), or None without it.

    Raises:
        ConfigError: one line for ``--draws`` without ``--company`` or below 1, a company not
            fitted, or an override of the draw axis the command sets itself.
    """
    from salesculture.sim.config.overrides import override_key
    from salesculture.sim.runs.companyworld import (
        DEFAULT_DRAWS,
        DRAW_GROUP,
        check_draws,
        draw_configs,
    )

    if args.company is None:
        if args.draws is not None:
            raise ConfigError(f"--draws={args.draws}: only with --company NAME")
        return None
    draws = DEFAULT_DRAWS if args.draws is None else args.draws
    check_draws(draws)
    taken = next((o for o in overrides if override_key(o) == DRAW_GROUP), None)
    if taken is not None:
        raise ConfigError(
            f"{taken}: --company sets {DRAW_GROUP} itself (one posterior draw per run); "
            "leave it out, and choose how many with --draws N"
        )
    from salesculture.sim.config.posterior import load_posterior

    return draw_configs(load_posterior(args.company), draws)


def cmd_sweep(args: argparse.Namespace) -> int:
    """Check every run of the sweep and its directory, then hand the overrides to Hydra.

    With ``--company NAME``, every combination runs each of ``--draws`` posterior draws of the
    company's fit: its draw configs are checked from a temporary directory, then written into
    the fit directory (only those missing or different) and put on the search path.
    """
    from salesculture.sim.config import configdirs
    from salesculture.sim.config.validation import check_unique

    overrides = list(args.overrides)
    check_unique(overrides)
    draws = company_draws(args, overrides)
    if draws is None:
        plan, directory = _checked(overrides, args)
    else:
        from salesculture.sim.config.overrides import override_key
        from salesculture.sim.runs.companyworld import DRAW_GROUP, check_presets_kept

        overrides.append(draws.axis())
        with draws.staged():
            plan, directory = _checked(overrides, args, draws.record())
            bare = [[o for o in run if override_key(o) != DRAW_GROUP] for run in plan.runs]
            check_presets_kept(draws.posterior, bare)
        draws.write()
        configdirs.use([draws.directory])  # recorded by every run, and the sweep (rerun works)
    from salesculture.sim.views.plots import plot_comparison

    return launch_checked(plan, overrides, args.merge, plot_comparison)


def launch_checked(
    plan,
    overrides: list[str],
    merge: bool = False,
    plot=None,
    quiet: bool = False,
    say: Callable[[str, int], int] = fail,
) -> int:
    """Hand a checked sweep (its :class:`sim.runs.sweepdir.SweepPlan`) to Hydra; its exit code.

    0 when every run is ok; otherwise one line is said: the sweep interrupted (130), refused
    by its directory (2), stopped by its launcher or with failed runs (1).

    Args:
        plan: The checked sweep.
        overrides: The sweep's overrides, as handed to Hydra.
        merge: ``--merge``: add the sweep's runs to its directory's.
        plot: Draws the report's figure (None: no figure).
        quiet: The caller reads the runs itself (``calibrate --launcher``): no table, no report.
        say: Says why the sweep stopped, in one line (``message``, exit code); returns the code.
    """
    from salesculture.sim.runs.hydra_app import run_hydra
    from salesculture.sim.runs.interrupts import (
        INTERRUPTED,
        ignore_further_interrupts,
        remove_partial_files,
        stop_children,
        workers_ignore_interrupts,
    )
    from salesculture.sim.runs.progress import STATE, SweepRefused

    STATE.plan, STATE.merge, STATE.directory = plan, merge, None
    STATE.plot, STATE.quiet = plot, quiet
    workers_ignore_interrupts()

    def interrupted() -> int:
        ignore_further_interrupts()
        stop_children()  # the launcher's workers, explicitly
        remove_partial_files(STATE.directory)
        return _sweep_stopped("interrupted", overrides, 130, say)

    try:
        run_hydra(["--multirun", *overrides])
    except KeyboardInterrupt:
        return interrupted()
    except SweepRefused as refused:  # a directory left to Hydra to resolve, taken: nothing ran
        return say(str(refused), 2)
    except (Exception, SystemExit) as stop:  # Hydra's reporting is off (see run_hydra)
        if INTERRUPTED.is_set():  # an error Hydra raised while it was being interrupted
            return interrupted()
        if STATE.directory is None or (isinstance(stop, SystemExit) and stop.code in (0, None)):
            raise  # before the sweep started: reported by main
        from salesculture.sim.runs.paths import describe, reason

        if isinstance(stop, OSError):  # a file system that failed: one line
            where = describe(stop) if stop.filename else f"{STATE.directory}: {reason(stop)}"
            return _launcher_stopped(f"{where}; the launcher stopped", overrides, say)
        if not isinstance(stop, SystemExit):
            traceback.print_exc()
        return _launcher_stopped("the launcher stopped", overrides, say)
    if STATE.error:
        return say(STATE.error, 1)
    if STATE.failed:
        see = (
            f"each run's {FAILURE_FILE} in {STATE.directory}"
            if quiet
            else f"{STATE.directory}/report.md"
        )
        return say(f"{STATE.failed} of {STATE.ok + STATE.failed} runs failed; see {see}", 1)
    return 0


def _launcher_stopped(why: str, overrides: list[str], say: Callable[[str, int], int]) -> int:
    """Aggregate what finished in the sweep's directory and say that the launcher stopped."""
    from salesculture.sim.runs.aggregate import AggregateError, aggregate
    from salesculture.sim.runs.progress import STATE
    from salesculture.sim.runs.runfiles import count_done

    if STATE.quiet:
        ok, _ = count_done(STATE.directory)
    else:
        try:
            # keep what finished: the table and report so far
            ok = aggregate(STATE.directory, plot=STATE.plot).ok
        except (AggregateError, OSError):
            ok = 0
    if not ok:
        return _sweep_stopped(f"{why} before any run finished", overrides, 1, say)
    return _sweep_stopped(f"{why} after {ok} ok runs", overrides, 1, say)


def _sweep_stopped(
    what: str, overrides: list[str], code: int, say: Callable[[str, int], int]
) -> int:
    """One line saying the sweep stopped, where its finished runs are and how to finish it."""
    from salesculture.sim.runs.progress import STATE

    where = STATE.directory
    if where is None:
        return say(what, code)
    again = (
        "run the same command again"
        if any(o.startswith("hydra.sweep.dir=") for o in overrides)
        else f"run the same command with hydra.sweep.dir={where}"
    )
    return say(f"{what}; finished runs are kept in {where}; to finish the sweep, {again}", code)
