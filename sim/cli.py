"""The ``salesculture`` command.

Subcommands:
    scenarios   list the scenario presets, one line each
    run         run one configuration (Hydra overrides: scenario=NAME seed=N years=Y key=value)
    sweep       a Hydra multirun of the same runner, aggregated into one table and a report
    aggregate   (re)build a sweep directory's results.parquet and report
    compare     run several presets on the same seeds; table of means, intervals and paired
                differences; optional plot
    show        what a preset sets, axis by axis, against the baseline (or its resolved config)
    live        the live page for workshops (a browser page served on this machine)
    rerun       repeat a recorded run (summary.json) and say whether its metrics are identical
    reproduce   run an experiment and check its numbers against its expected.json
    sensitivity SALib screening (Morris or Sobol') of mechanism parameters

A run is named by its label (:mod:`sim.config.labels`): the preset, then every override that changes
its regime, e.g. ``sales_led+leadership=sales_driven``.

This module is the console script's entry point (:func:`main`): it parses the command line
(:mod:`sim.commands.parser`), runs the subcommand (``sim/commands/``, one module each) and turns
its errors into one line. It imports what a subcommand needs only when that subcommand runs, so
``--help`` and ``scenarios`` load neither the model nor Hydra.
"""

from __future__ import annotations

import os
import signal
import sys


def _interrupted_while_starting(signum: int, frame: object) -> None:
    """Ctrl-C while the command is still loading: nothing started, nothing written."""
    sys.stderr.write("salesculture: error: interrupted\n")
    os._exit(130)


if os.path.basename(sys.argv[0]) in ("salesculture", "cli.py"):  # the command, not an import
    signal.signal(signal.SIGINT, _interrupted_while_starting)  # until main() takes over

import argparse  # noqa: E402  (after the start-up handler: Ctrl-C while loading is quiet)

from salesculture.sim.commands.common import fail  # noqa: E402
from salesculture.sim.config import configdirs  # noqa: E402
from salesculture.sim.config.errors import ConfigError, OneLine  # noqa: E402
from salesculture.sim.runs.interrupts import (  # noqa: E402
    INTERRUPTED,
    Interrupted,
    catch_interrupts,
    ignore_further_interrupts,
    stop_children,
)


def _interrupted(stop: KeyboardInterrupt | None) -> int:
    """Stop the command's workers and say, in one line, that it was interrupted."""
    ignore_further_interrupts()
    stop_children()
    return fail(str(stop) if isinstance(stop, Interrupted) else "interrupted", 130)


def _is_hydra_error(error: BaseException) -> bool:
    """Whether ``error`` is Hydra's (a :class:`hydra.errors.HydraException`).

    Without Hydra loaded, no error can be Hydra's: the command does not load it to find out.
    """
    errors = sys.modules.get("hydra.errors")
    return errors is not None and isinstance(error, errors.HydraException)


def _one_line(error: BaseException, args: argparse.Namespace) -> int:
    """A configuration's, Hydra's or the file system's error, in one line (or the interrupt)."""
    if INTERRUPTED.is_set():  # raised by a library's clean-up while it was interrupted
        return _interrupted(None)
    if _is_hydra_error(error):  # what Hydra refused after the checks passed
        from salesculture.sim.config.hydraerrors import describe_composition_error

        overrides = list(getattr(args, "overrides", []))
        return fail(describe_composition_error(error, overrides))
    if isinstance(error, OSError):  # a file system that failed (e.g. no space left)
        from salesculture.sim.runs.paths import describe

        return fail(describe(error))
    return fail(str(error))


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    from salesculture.sim.commands.parser import build_parser

    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    # Overrides after an option (``sweep a=1 --merge b=2``) belong to the overrides, in order.
    if rest and hasattr(args, "overrides") and not any(r.startswith("-") for r in rest):
        args.overrides = [*args.overrides, *rest]
    elif rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    previous = catch_interrupts()
    dirs_before = os.environ.get(configdirs.ENV)
    try:
        configdirs.activate(args)  # --config-dir, hydra.searchpath: one line if not a directory
        code = args.func(args)
        sys.stdout.flush()  # a reader that stopped early is met here, not at exit
        return code
    except KeyboardInterrupt as stop:
        return _interrupted(stop)
    except BrokenPipeError:  # the reader stopped early (``salesculture show x | head``): quiet
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except (ConfigError, OneLine, OSError) as error:
        return _one_line(error, args)
    except Exception as error:
        if _is_hydra_error(error):
            return _one_line(error, args)
        if INTERRUPTED.is_set():  # any other error a library raised while it was interrupted
            return _interrupted(None)
        raise
    finally:
        configdirs.restore(dirs_before)
        if argv is None:  # the command: its work is done or stopped, a Ctrl-C now changes nothing
            ignore_further_interrupts()
        else:  # called from Python: leave the signal handlers as they were
            signal.signal(signal.SIGINT, previous[0])
            signal.signal(signal.SIGTERM, previous[1])


if __name__ == "__main__":
    sys.exit(main())
