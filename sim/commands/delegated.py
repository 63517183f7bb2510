"""The subcommands whose work lives in a module of its own: each hands its arguments over."""

from __future__ import annotations

import argparse

from salesculture.sim.commands.common import fail


def cmd_show(args: argparse.Namespace) -> int:
    """What a preset (with overrides) sets, axis by axis, against the baseline."""
    from salesculture.sim.views.show import show

    return show(args)


def cmd_live(args: argparse.Namespace) -> int:
    """Serve the live page until Ctrl-C."""
    from salesculture.sim.views.live.server import ServerError, serve

    try:
        serve(
            args.host,
            args.port,
            open_browser=args.open,
            world=args.set,
            scripts=args.session,
            company=args.company,
        )
    except ServerError as error:
        return fail(str(error))
    return 0


def cmd_rerun(args: argparse.Namespace) -> int:
    """Repeat a recorded run (:mod:`sim.runs.rerun`)."""
    from salesculture.sim.runs.rerun import rerun

    return rerun(args.path)


def cmd_reproduce(args: argparse.Namespace) -> int:
    """Run an experiment and check its headline numbers (exit code 1 on a mismatch)."""
    from salesculture.sim.commands.reproduce import command
    from salesculture.sim.study.expected import ReproductionError

    try:
        return command(args)
    except ReproductionError as failed:
        return fail(str(failed), 1)


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Screen mechanism parameters for a metric or a paired regime difference."""
    from salesculture.sim.commands.sensitivity import run_command

    return run_command(args)


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Fit a company's unknown parameters to its figures (:mod:`sim.study.calibration`)."""
    from salesculture.sim.commands.calibrate import run_command

    return run_command(args)
