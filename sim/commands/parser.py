"""The command line's parser: every subcommand, its arguments and its help.

Building it loads no model, Hydra, NumPy or pandas: each subcommand's work is imported when it
runs.
"""

from __future__ import annotations

import argparse

from salesculture.sim.commands.aggregate import cmd_aggregate
from salesculture.sim.commands.common import PROG, add_cache_options, fail
from salesculture.sim.commands.compare import cmd_compare
from salesculture.sim.commands.delegated import (
    cmd_calibrate,
    cmd_live,
    cmd_reproduce,
    cmd_rerun,
    cmd_sensitivity,
    cmd_show,
)
from salesculture.sim.commands.explain import cmd_explain
from salesculture.sim.commands.run import cmd_run
from salesculture.sim.commands.scenarios import cmd_scenarios
from salesculture.sim.commands.sweep import MAX_RUNS, cmd_sweep
from salesculture.sim.config import configdirs
from salesculture.sim.runs.defaults import DEFAULT_CACHE_DIR, DEFAULT_DRAWS


class _Version(argparse.Action):
    """``--version``: the package's version and the commit of the code, computed when asked."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kwargs):
        super().__init__(option_strings, dest=dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        from salesculture.sim.runs.provenance import git_commit, versions

        found = versions()
        print(f"{PROG} {found['salesculture']} (commit {git_commit()}; mesa {found['mesa']})")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors in the one-line format of every other error."""

    def error(self, message: str):
        """Print ``message`` as one error line and exit with code 2."""
        self.exit(fail(f"{message} (see '{self.prog} --help')"))


def add_paired_run_options(p: argparse.ArgumentParser, seeds: int) -> None:
    """The options of a command that runs presets on paired seeds (``compare``, ``explain``)."""
    p.add_argument(
        "--seeds", type=int, default=seeds, help=f"paired seeds 0..N-1 (default {seeds})"
    )
    p.add_argument("--years", type=int, default=5, help="horizon in years (default 5)")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Hydra override applied to every run (repeatable)",
    )
    p.add_argument(
        "--company",
        metavar="NAME",
        help="run in the world of a fitted company (salesculture calibrate NAME; or a fit "
        "directory), for each of --draws posterior draws on the same seeds: intervals carry "
        "what its fit could not pin down beside luck",
    )
    p.add_argument(
        "--draws",
        type=int,
        default=None,
        metavar="N",
        help=f"with --company: posterior draws, each run on every seed (default {DEFAULT_DRAWS})",
    )
    add_cache_options(
        p,
        str(DEFAULT_CACHE_DIR),
        "an interrupted command resumes (a run is reused only with the same configuration and "
        "code)",
    )
    configdirs.add_option(p)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = _Parser(prog=PROG, description="Simulate sales-culture regimes.")
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("scenarios", help="list the scenario presets")
    configdirs.add_option(p)
    p.set_defaults(func=cmd_scenarios)
    p = sub.add_parser(
        "run",
        help="run one configuration",
        description="Run one configuration. Overrides use Hydra's grammar, e.g. "
        "scenario=sales_led seed=3 years=2 market.customers=20000 "
        "hydra.run.dir=out/run1",
    )
    p.add_argument("overrides", nargs="*", metavar="KEY=VALUE")
    p.add_argument(
        "--profile",
        action="store_true",
        help="after the run, print seconds per stage of the weekly plan and per random "
        "stream, and the run's cost over its random-number floor",
    )
    configdirs.add_option(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser(
        "sweep",
        help="run a Hydra multirun and aggregate it",
        description="Run every combination of the overrides (Hydra's multirun grammar), e.g. "
        "scenario=baseline,sales_led seed='range(0,30)' years=5 "
        "hydra.sweep.dir=outputs/sweeps/mine. One job per core (hydra/launcher=basic: "
        "serial; see conf/hydra/launcher/ for Ray and SLURM). At the end the sweep directory "
        "holds results.parquet, report.md and report.png. A directory holds one sweep: "
        "run the same command on the same directory to resume (finished runs are skipped); "
        "a different sweep into it stops before any run, unless --merge adds its runs.",
    )
    p.add_argument("overrides", nargs="*", metavar="KEY=VALUE")
    p.add_argument(
        "--max-runs",
        type=int,
        default=MAX_RUNS,
        metavar="N",
        help=f"refuse a sweep of more than N runs before it starts (default {MAX_RUNS:,})",
    )
    p.add_argument(
        "--merge",
        action="store_true",
        help="add this sweep's runs to the sweep already in hydra.sweep.dir: only new values "
        "of its swept keys and new seeds, with the same horizon (years); anything else is "
        "refused",
    )
    p.add_argument(
        "--company",
        metavar="NAME",
        help="run every combination in company NAME's fitted world, once per posterior draw "
        "(salesculture calibrate NAME first; or a fit directory): each row of the table pools "
        "the draws and seeds, so its interval carries parameter uncertainty (docs/scaling.md)",
    )
    p.add_argument(
        "--draws",
        type=int,
        metavar="N",
        help="posterior draws of --company per combination (default 20)",
    )
    configdirs.add_option(p)
    p.set_defaults(func=cmd_sweep)

    p = sub.add_parser(
        "aggregate",
        help="aggregate a sweep directory into results.parquet and a report",
        description="Collect every run under DIR (summary.json or failure.json) into "
        "DIR/results.parquet, DIR/report.md and DIR/report.png, and print the table.",
    )
    p.add_argument("directory", metavar="DIR")
    p.set_defaults(func=cmd_aggregate)

    p = sub.add_parser(
        "compare",
        help="compare presets on paired seeds",
        description="Run every preset on seeds 0..N-1 (common random numbers) and "
        "report each metric's mean and 95%% interval, and the paired "
        "difference against the first preset.",
    )
    p.add_argument(
        "scenarios",
        nargs="+",
        metavar="PRESET",
        help="presets (see 'salesculture scenarios'); the first is the reference",
    )
    add_paired_run_options(p, seeds=10)
    p.add_argument("--plot", metavar="FILE.png", help="write trajectories and differences to a PNG")
    p.add_argument("--metrics", metavar="M1,M2", help="metrics to report (default: all)")
    p.add_argument(
        "--explain",
        action="store_true",
        help="also explain each preset's difference against the first, channel by channel "
        "(as 'salesculture explain')",
    )
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser(
        "explain",
        help="where a paired difference comes from, channel by channel",
        description="Run presets A and B on seeds 0..N-1 (common random numbers) and split "
        "B's paired difference of profit against A into its channels: revenue by kind and by "
        "lead source, cost by kind and role, the funnel (more deals closed vs a higher win "
        "rate, churn), head-count by role over the years and the culture path. Names the "
        "three largest channels in words.",
    )
    p.add_argument("reference", metavar="A", help="the reference preset")
    p.add_argument("other", metavar="B", help="the preset explained against A")
    add_paired_run_options(p, seeds=6)
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser(
        "show",
        help="what a preset sets, axis by axis, against the baseline",
        description="Print the option a preset (with overrides) chooses on every regime axis "
        "beside the baseline's, and every other parameter that differs; with --resolved, the "
        "whole resolved configuration as YAML.",
    )
    p.add_argument("preset", metavar="PRESET", help="a preset (see 'salesculture scenarios')")
    p.add_argument("overrides", nargs="*", metavar="KEY=VALUE")
    p.add_argument("--resolved", action="store_true", help="print the resolved configuration")
    configdirs.add_option(p)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser(
        "live",
        help="the live page for workshops: play regimes, side by side, switch mid-run",
        description="Serve the live page on this machine (no internet needed) and print its "
        "address. One model per browser session.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    p.add_argument("--port", type=int, default=8765, help="port (default %(default)s)")
    p.add_argument("--open", action="store_true", help="open the page in the default browser")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Hydra override under every configuration of the page, e.g. "
        "market.customers=5000 on a slow laptop (repeatable)",
    )
    p.add_argument(
        "--session",
        action="append",
        default=[],
        metavar="FILE",
        help="a guided session (YAML, see docs/workshop.md) the page opens with; the picker "
        "also offers the shipped ones (repeatable)",
    )
    p.add_argument(
        "--company",
        metavar="NAME",
        help="run every configuration of the page in company NAME's fitted world at its "
        "posterior mean (salesculture calibrate NAME first; or a fit directory)",
    )
    p.set_defaults(func=cmd_live)

    p = sub.add_parser(
        "rerun",
        help="repeat a recorded run and say whether its metrics are identical",
        description="Run again the configuration and seed recorded in PATH (a summary.json, or "
        "a run directory holding one) and compare every metric with the recorded one: exit 0 "
        "when all are identical, 1 when any differs. Says when the commit or package versions "
        "differ from the recorded ones.",
    )
    p.add_argument("path", metavar="PATH", help="a summary.json or a run directory")
    configdirs.add_option(p)
    p.set_defaults(func=cmd_rerun)
    from salesculture.sim.commands.reproduce import add_parser

    add_parser(sub).set_defaults(func=cmd_reproduce)

    from salesculture.sim.commands.sensitivity import add_sensitivity_parser

    add_sensitivity_parser(sub, cmd_sensitivity)
    from salesculture.sim.commands.calibrate import add_calibrate_parser

    add_calibrate_parser(sub, cmd_calibrate)
    return parser
