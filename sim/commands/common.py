"""What every subcommand shares: the program's name and its errors in one line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from salesculture.sim.config.configdirs import PROG

__all__ = [
    "PROG",
    "add_cache_options",
    "company_problem",
    "fail",
    "paired_run_problem",
    "paired_runs",
]


def add_cache_options(p: argparse.ArgumentParser, default: str, kept: str) -> None:
    """``--cache DIR`` (finished runs kept and reused) or ``--no-cache``, never both.

    Args:
        p: The subcommand's parser.
        default: The cache directory unless told otherwise.
        kept: What the cache lets resume, for the help (``an interrupted command resumes``).
    """
    cache = p.add_mutually_exclusive_group()  # --no-cache --cache DIR: one line, not a guess
    cache.add_argument(
        "--cache",
        metavar="DIR",
        default=default,
        help=f"keep finished runs here and reuse them, so {kept} (default %(default)s)",
    )
    cache.add_argument("--no-cache", action="store_true", help="run everything; keep nothing")


def fail(message: str, code: int = 2) -> int:
    """Print one error line to stderr and return the exit code."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def paired_run_problem(args, least_seeds: int = 1) -> str | None:
    """What is wrong with a paired-seed command's ``--seeds``, ``--years`` or ``--jobs``."""
    if args.seeds < least_seeds:
        why = " (an interval needs two)" if least_seeds == 2 else ""
        return f"--seeds={args.seeds}: must be at least {least_seeds}{why}"
    if args.years < 1:
        return f"--years={args.years}: must be at least 1"
    if args.jobs is not None and args.jobs < 1:
        return f"--jobs={args.jobs}: must be at least 1"
    return None


def paired_runs(args: argparse.Namespace, scenarios: list[str], metrics: list[str] | None = None):
    """The runs ``compare`` and ``explain`` ask for: presets on paired seeds.

    With ``--company``, in the company's world for each of its posterior draws
    (:func:`sim.runs.companycompare.company_compare`).
    """
    from salesculture.sim.runs.compare import compare

    options = dict(
        seeds=args.seeds,
        years=args.years,
        overrides=args.set,
        jobs=args.jobs,
        metrics=metrics,
        progress=True,
        cache_dir=None if args.no_cache else Path(args.cache),
    )
    if not args.company:
        return compare(scenarios, **options)
    from salesculture.sim.runs.companycompare import company_compare
    from salesculture.sim.runs.defaults import DEFAULT_DRAWS

    draws = DEFAULT_DRAWS if args.draws is None else args.draws
    return company_compare(scenarios, args.company, draws, **options)


def company_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with ``--company`` and ``--draws`` before anything is read."""
    if args.draws is not None and not args.company:
        return f"--draws={args.draws}: needs --company NAME (the draws are of a company's fit)"
    if args.draws is not None and args.draws < 1:
        return f"--draws={args.draws}: must be at least 1"
    return None
