"""The ``salesculture`` command.

Subcommands:
    scenarios   list the scenario presets, one line each
    run         run one configuration (Hydra overrides: scenario=NAME seed=N years=Y key=value)
"""

from __future__ import annotations

import argparse
import sys

import yaml

from sim.validation import CONF_DIR, ConfigError, group_options

PROG = "salesculture"


def fail(message: str, code: int = 2) -> int:
    """Print one error line to stderr and return the exit code."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def scenario_descriptions() -> dict[str, str]:
    """Each preset's name and one-line description, from ``conf/scenario/``."""
    found = {}
    for name in group_options("scenario"):
        data = yaml.safe_load((CONF_DIR / "scenario" / f"{name}.yaml").read_text()) or {}
        found[name] = (data.get("scenario") or {}).get("description", "")
    return found


def cmd_scenarios(_args: argparse.Namespace) -> int:
    """List presets, baseline first."""
    presets = scenario_descriptions()
    order = ["baseline"] + [n for n in presets if n != "baseline"]
    width = max(map(len, presets))
    for name in order:
        print(f"{name:<{width}}  {presets[name]}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Validate the overrides, then hand them to the Hydra application."""
    from sim.compose import compose_config

    overrides = list(args.overrides)
    try:
        compose_config([o for o in overrides if not o.startswith("hydra.")])
    except ConfigError as error:
        return fail(str(error))
    from sim.hydra_app import run_task

    saved = sys.argv
    sys.argv = [PROG, *overrides]
    try:
        run_task()
    finally:
        sys.argv = saved
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog=PROG, description="Simulate sales-culture regimes.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("scenarios", help="list the scenario presets")
    p.set_defaults(func=cmd_scenarios)
    p = sub.add_parser("run", help="run one configuration",
                       description="Run one configuration. Overrides use Hydra's grammar, e.g. "
                                   "scenario=sales_led seed=3 years=2 market.customers=20000 "
                                   "hydra.run.dir=out/run1")
    p.add_argument("overrides", nargs="*", metavar="KEY=VALUE")
    p.set_defaults(func=cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as error:
        return fail(str(error))
    except KeyboardInterrupt:
        return fail("interrupted", 130)


if __name__ == "__main__":
    sys.exit(main())
