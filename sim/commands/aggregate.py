"""``salesculture aggregate``: (re)build a sweep directory's table and report."""

from __future__ import annotations

import argparse
from pathlib import Path

from salesculture.sim.commands.common import fail


def cmd_aggregate(args: argparse.Namespace) -> int:
    """Aggregate a sweep directory and print its table."""
    from salesculture.sim.runs.paths import output_dir_problem

    directory = Path(args.directory)
    if not args.directory.strip():
        return fail("aggregate: DIR is empty; give a sweep directory")
    if directory.exists() and not directory.is_dir():
        return fail(f"{directory}: is a file, not a directory")
    if not directory.is_dir():
        return fail(f"{directory}: no such directory")
    problem = output_dir_problem(directory)
    if problem is not None:
        return fail(f"{directory}: the table and report cannot be written there: {problem}")
    from salesculture.sim.runs.aggregate import AggregateError, aggregate
    from salesculture.sim.views.plots import plot_comparison

    try:
        report = aggregate(directory, plot=plot_comparison)
    except AggregateError as error:  # nothing written
        return fail(str(error))  # runs that cannot be compared: bad input, exit 2
    report.show()
    return 0
