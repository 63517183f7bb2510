"""The command line of ``salesculture reproduce``: its options, what it prints, its exit code."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from salesculture.sim.commands.common import add_cache_options
from salesculture.sim.config import configdirs
from salesculture.sim.runs.defaults import DEFAULT_CACHE

if TYPE_CHECKING:
    from salesculture.sim.study.reproduce import Reproduction


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The ``reproduce`` subcommand's parser."""
    p = sub.add_parser(
        "reproduce",
        help="run an experiment and check its numbers against expected.json",
        description="Run experiment NAME (conf/experiment/NAME.yaml, experiments/NAME/) and "
        "report number by number whether its headline numbers match "
        "experiments/NAME/expected.json within their tolerances (exit 0: all match; 1: the "
        "mismatches are listed). Outputs go to outputs/experiments/NAME[_quick]/.",
    )
    p.add_argument("name", nargs="?", metavar="NAME", help="the experiment (see --list)")
    p.add_argument("--list", action="store_true", help="list the experiments, one line each")
    p.add_argument("--quick", action="store_true", help="the reduced design (a few seconds)")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument(
        "--write-expected",
        action="store_true",
        help="record the numbers in expected.json instead of checking them (the full design "
        "also writes the README's result table and figure)",
    )
    p.add_argument("--expected", metavar="FILE", help="check against (or write) this file")
    p.add_argument("--out", metavar="DIR", help="output directory")
    configdirs.add_option(p)  # an experiment of one's own: DIR/experiment/NAME.yaml and NAME/
    add_cache_options(p, str(DEFAULT_CACHE), "an interrupted reproduction resumes")
    return p


def list_lines() -> list[str]:
    """One line per experiment: its name and its question."""
    from salesculture.sim.study.experiments import Experiment, names

    found = names()
    width = max(map(len, found), default=0)
    return [f"{name:<{width}}  {Experiment(name).summary()}" for name in found]


def _seeds(seeds: list[int]) -> str:
    if len(seeds) > 2 and seeds == list(range(seeds[0], seeds[-1] + 1)):
        return f"seeds {seeds[0]}..{seeds[-1]}"
    return "seeds " + " ".join(map(str, seeds))


def report(done: Reproduction, expected: Path) -> list[str]:
    """What a reproduction prints: the design, the result table, then each number's check."""
    from salesculture.sim.runs.compare import count

    plan = done.design
    kind = "reduced design (--quick)" if plan.quick else "full design"
    reused = f", {done.cached} from the cache" if done.cached else ""
    lines = [
        f"{plan.experiment}, {kind}: {len(plan.configs)} runs{reused}, {_seeds(plan.seeds)}, "
        f"{count(plan.years, 'year')}, {done.seconds:.0f} s",
        "",
        done.findings.table,
        *done.findings.notes,
        "",
    ]
    if done.checks:
        width = max(len(check.name) for check in done.checks)
        head = f"{'number':<{width}}  {'reproduced':>12}  {'expected ± tolerance':>24}  check"
        lines += [head, "-" * len(head), *(check.line(width) for check in done.checks), ""]
        matched = len(done.checks) - len(done.mismatches)
        lines.append(f"{matched} of {len(done.checks)} numbers match {expected}")
    lines.append(f"outputs: {done.directory}")
    return lines


def command(args: argparse.Namespace) -> int:
    """Run ``salesculture reproduce`` with parsed ``args``.

    Raises:
        ConfigError: bad input (exit code 2 at the command line).
        ReproductionError: numbers that do not match (exit code 1).
    """
    from salesculture.sim.config.validation import ConfigError
    from salesculture.sim.study.expected import ReproductionError
    from salesculture.sim.study.experiments import get
    from salesculture.sim.study.reproduce import reproduce

    if args.list:
        if args.name:
            raise ConfigError(f"reproduce: give NAME ({args.name}) or --list, not both")
        print("\n".join(list_lines()))
        return 0
    if not args.name:
        raise ConfigError("reproduce: NAME is missing; see 'salesculture reproduce --list'")
    if args.jobs is not None and args.jobs < 1:
        raise ConfigError(f"--jobs={args.jobs}: must be at least 1")
    experiment = get(args.name)
    expected = Path(args.expected) if args.expected else experiment.expected_path
    done = reproduce(
        args.name,
        quick=args.quick,
        jobs=args.jobs,
        cache_dir=None if args.no_cache else Path(args.cache),
        out=Path(args.out) if args.out else None,
        expected=expected,
        write=args.write_expected,
    )
    print("\n".join(report(done, expected)))
    if args.write_expected:
        print(f"wrote the {len(done.findings.numbers)} numbers to {expected}", file=sys.stderr)
        return 0
    if done.mismatches:
        names = "; ".join(check.why() for check in done.mismatches)
        raise ReproductionError(
            f"reproduce {args.name}: {len(done.mismatches)} of {len(done.checks)} numbers do not "
            f"match {expected}: {names}"
        )
    return 0
