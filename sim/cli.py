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

A run is named by its label (:mod:`sim.labels`): the preset, then every override that changes
its regime, e.g. ``sales_led+leadership=sales_driven``.
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
import datetime  # noqa: E402
import json  # noqa: E402
import traceback  # noqa: E402
from pathlib import Path  # noqa: E402

import yaml  # noqa: E402

from sim import configdirs  # noqa: E402
from sim.interrupts import (  # noqa: E402
    INTERRUPTED,
    Interrupted,
    catch_interrupts,
    ignore_further_interrupts,
    stop_children,
)
from sim.runcache import DEFAULT_CACHE_DIR  # noqa: E402
from sim.validation import (  # noqa: E402
    ConfigError,
    OneLine,
    check_unique,
    group_options,
)

PROG = "salesculture"
#: The most runs a sweep may have unless ``--max-runs`` says more: a bigger sweep is most likely
#: a typo (``seed='range(0,100000)'``), and checking it alone would take minutes.
MAX_RUNS = 10_000


def fail(message: str, code: int = 2) -> int:
    """Print one error line to stderr and return the exit code."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def scenario_descriptions() -> dict[str, str]:
    """Each preset's name and one-line description, from ``conf/scenario/`` (and --config-dir)."""
    from sim.hydraerrors import check_option_file

    found = {}
    for name in group_options("scenario"):
        check_option_file("scenario", name, keys=False)  # one line for a file that is not YAML
        data = yaml.safe_load(configdirs.option_file("scenario", name).read_text()) or {}
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


def labelled(preset: str | None, overrides: list[str]):
    """Compose ``preset`` (default: the configuration's) with ``overrides``; name the result.

    Returns:
        The configuration, Hydra's choices, and the label (:func:`sim.labels.label`).
    """
    from sim.compose import PRESET_GROUP, compose_with_choices
    from sim.labels import label

    head = [f"{PRESET_GROUP}={preset}"] if preset else []
    config, choices = compose_with_choices([*head, *overrides])
    preset = choices.get(PRESET_GROUP, preset or "")
    reference = compose_with_choices([f"{PRESET_GROUP}={preset}"])
    return config, choices, label(preset, overrides, config, choices, reference)


def cmd_run(args: argparse.Namespace) -> int:
    """Check the overrides and the run's directory, name the run, and run it with Hydra."""
    from sim.compose import output_dirs
    from sim.labels import axes
    from sim.overrides import is_hydra_override, override_key
    from sim.paths import check_output_dir, first_missing, remove_made, safe_name
    from sim.runfiles import SUMMARY_FILE

    overrides = list(args.overrides)
    task = [o for o in overrides if not is_hydra_override(o)]
    own = [o for o in overrides if is_hydra_override(o)]
    config, choices, name = labelled(None, task)
    if any(override_key(o) == "hydra.run.dir" for o in own):
        directory = output_dirs(own)["run"]
    else:
        started = datetime.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
        directory = f"outputs/runs/{safe_name(name)}/seed{config.seed}_{started}"
        if own:
            output_dirs(own)  # one line for an override of Hydra's own it cannot apply
        overrides.append(f"hydra.run.dir='{directory}'")
    check_output_dir(directory, "hydra.run.dir")
    from sim.hydra_app import RUN, run_hydra

    RUN.update(label=name, overrides=task, axes=axes(choices))
    made = first_missing(Path(directory)) if "$" not in directory else None
    try:
        run_hydra(overrides)
    except BaseException as error:  # e.g. Hydra's own records could not be written
        if made is not None and not (Path(directory) / SUMMARY_FILE).exists():
            remove_made(Path(directory), made)
        if isinstance(error, OSError) and error.filename is None:
            raise OSError(error.errno, error.strerror, directory) from error
        raise
    return 0


def sweep_dir(overrides: list[str]) -> str:
    """The sweep's directory (``hydra.sweep.dir``), as given: it may hold interpolations.

    Raises:
        ConfigError: one line, for an override of Hydra's configuration it cannot apply.
    """
    from sim.compose import output_dirs
    from sim.overrides import is_hydra_override

    return output_dirs([o for o in overrides if is_hydra_override(o)])["sweep"]


def cmd_sweep(args: argparse.Namespace) -> int:
    """Check every run of the sweep and its directory, then hand the overrides to Hydra."""
    from sim.interrupts import (
        ignore_further_interrupts,
        remove_partial_files,
        workers_ignore_interrupts,
    )
    from sim.paths import check_output_dir
    from sim.sweepdir import check_sweep, updated_record

    overrides = list(args.overrides)
    check_unique(overrides)
    # ConfigError before anything is written; an experiment=NAME's sweep axes are planned too
    plan = check_sweep(overrides, max_runs=args.max_runs)
    directory = sweep_dir(overrides)
    check_output_dir(directory, "hydra.sweep.dir")
    if "$" not in directory:  # else resolved by Hydra: the callback checks it
        updated_record(Path(directory), plan, merge=args.merge)  # raises SweepDirError: one line
    from sim.hydra_app import run_hydra
    from sim.progress import STATE, SweepRefused

    STATE.plan, STATE.merge, STATE.directory = plan, args.merge, None
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
        from sim.paths import describe, reason

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
    from sim.aggregate import AggregateError, aggregate
    from sim.progress import STATE

    try:
        report = aggregate(STATE.directory)  # keep what finished: table and report so far
    except (AggregateError, OSError):
        return _sweep_stopped(f"{why} before any run finished", overrides, 1)
    return _sweep_stopped(f"{why} after {report.ok} ok runs", overrides, 1)


def _sweep_stopped(what: str, overrides: list[str], code: int) -> int:
    """One line saying the sweep stopped, where its finished runs are and how to finish it."""
    from sim.progress import STATE

    where = STATE.directory
    if where is None:
        return fail(what, code)
    again = (
        "run the same command again"
        if any(o.startswith("hydra.sweep.dir=") for o in overrides)
        else f"run the same command with hydra.sweep.dir={where}"
    )
    return fail(f"{what}; finished runs are kept in {where}; to finish the sweep, {again}", code)


def cmd_aggregate(args: argparse.Namespace) -> int:
    """Aggregate a sweep directory and print its table."""
    from sim.paths import output_dir_problem

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
    from sim.aggregate import AggregateError, aggregate

    try:
        report = aggregate(directory)
    except AggregateError as error:  # nothing written
        return fail(str(error), 1)
    report.show()
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    """Run presets on paired seeds and print the comparison."""
    if args.seeds < 1:
        return fail(f"--seeds={args.seeds}: must be at least 1")
    if args.years < 1:
        return fail(f"--years={args.years}: must be at least 1")
    if args.jobs is not None and args.jobs < 1:
        return fail(f"--jobs={args.jobs}: must be at least 1")
    if args.plot is not None and Path(args.plot).suffix.lower() != ".png":
        return fail(f"--plot={args.plot}: must be a .png file name")
    from sim.paths import check_output_dir, check_output_file

    if args.plot is not None:
        check_output_file(args.plot, "--plot")
    if not args.no_cache:
        check_output_dir(args.cache, "--cache")
    from sim.compare import DEFAULT_METRICS, compare, format_table, to_csv, to_json

    metrics = args.metrics.split(",") if args.metrics else list(DEFAULT_METRICS)
    result = compare(
        args.scenarios,
        seeds=args.seeds,
        years=args.years,
        overrides=args.set,
        jobs=args.jobs,
        metrics=metrics,
        progress=True,
        cache_dir=None if args.no_cache else Path(args.cache),
    )
    for note in result.notes():
        print(f"{PROG}: warning: {note}", file=sys.stderr)
    if result.cache_note():
        print(f"compare: {result.cache_note()}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(to_json(result)))
    elif args.format == "csv":
        sys.stdout.write(to_csv(result))
    else:
        print(format_table(result))
    if args.plot:
        from sim.plots import plot_comparison

        Path(args.plot).parent.mkdir(parents=True, exist_ok=True)
        plot_comparison(result, Path(args.plot))
        print(f"plot: {args.plot}", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """What a preset (with overrides) sets, axis by axis, against the baseline."""
    from sim.show import show

    return show(args)


def cmd_live(args: argparse.Namespace) -> int:
    """Serve the live page until Ctrl-C."""
    from sim.live.server import ServerError, serve

    try:
        serve(args.host, args.port, open_browser=args.open, world=args.set)
    except ServerError as error:
        return fail(str(error))
    return 0


def cmd_rerun(args: argparse.Namespace) -> int:
    """Repeat a recorded run (:mod:`sim.rerun`)."""
    from sim.rerun import rerun

    return rerun(args.path)


def cmd_reproduce(args: argparse.Namespace) -> int:
    """Run an experiment and check its headline numbers (exit code 1 on a mismatch)."""
    from sim.expected import ReproductionError
    from sim.reproducecmd import command

    try:
        return command(args)
    except ReproductionError as failed:
        return fail(str(failed), 1)


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Screen mechanism parameters for a metric or a paired regime difference."""
    from sim.sensargs import run_command

    return run_command(args)


class _Version(argparse.Action):
    """``--version``: the package's version and the commit of the code, computed when asked."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, **kwargs):
        super().__init__(option_strings, dest=dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        from sim.provenance import git_commit, versions

        found = versions()
        print(f"{PROG} {found['salesculture']} (commit {git_commit()}; mesa {found['mesa']})")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors in the one-line format of every other error."""

    def error(self, message: str):
        """Print ``message`` as one error line and exit with code 2."""
        self.exit(fail(f"{message} (see '{self.prog} --help')"))


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
    p.add_argument("--seeds", type=int, default=10, help="paired seeds per preset (default 10)")
    p.add_argument("--years", type=int, default=5, help="horizon in years (default 5)")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--plot", metavar="FILE.png", help="write trajectories and differences to a PNG")
    p.add_argument("--metrics", metavar="M1,M2", help="metrics to report (default: all)")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Hydra override applied to every run (repeatable)",
    )
    p.add_argument(
        "--cache",
        metavar="DIR",
        default=str(DEFAULT_CACHE_DIR),
        help="keep finished runs here and reuse them, so an interrupted comparison resumes "
        "(default %(default)s; a run is reused only with the same configuration and code)",
    )
    p.add_argument("--no-cache", action="store_true", help="run everything; keep nothing")
    configdirs.add_option(p)
    p.set_defaults(func=cmd_compare)

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
    from sim.reproducecmd import add_parser

    add_parser(sub).set_defaults(func=cmd_reproduce)

    from sim.sensargs import add_sensitivity_parser

    add_sensitivity_parser(sub, cmd_sensitivity)
    return parser


def _interrupted(stop: KeyboardInterrupt | None) -> int:
    """Stop the command's workers and say, in one line, that it was interrupted."""
    ignore_further_interrupts()
    stop_children()
    return fail(str(stop) if isinstance(stop, Interrupted) else "interrupted", 130)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    # Overrides after an option (``sweep a=1 --merge b=2``) belong to the overrides, in order.
    if rest and hasattr(args, "overrides") and not any(r.startswith("-") for r in rest):
        args.overrides = [*args.overrides, *rest]
    elif rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    from hydra.errors import HydraException

    from sim.paths import describe

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
    except (ConfigError, OneLine, HydraException, OSError) as error:
        if INTERRUPTED.is_set():  # raised by a library's clean-up while it was interrupted
            return _interrupted(None)
        if isinstance(error, HydraException):  # what Hydra refused after the checks passed
            from sim.hydraerrors import describe_composition_error

            overrides = list(getattr(args, "overrides", []))
            return fail(describe_composition_error(error, overrides))
        if isinstance(error, OSError):  # a file system that failed (e.g. no space left)
            return fail(describe(error))
        return fail(str(error))
    except Exception:
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
