"""The ``salesculture calibrate`` subcommand: fit a company's unknown parameters to its figures."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from salesculture.sim.commands.common import fail
from salesculture.sim.config.errors import ConfigError


def add_calibrate_parser(sub, func) -> None:
    """Add the ``calibrate`` subparser to the subcommands ``sub``; ``func`` runs it."""
    p = sub.add_parser(
        "calibrate",
        help="fit a company's unknown parameters to its own figures (ABC-SMC)",
        description="Read the company profile company/NAME.yaml (in conf/ or a --config-dir), "
        "choose the parameters its figures can pin down (a Morris screening, or --params), fit "
        "them by approximate Bayesian computation (pyabc's ABC-SMC) and write the posterior "
        "sample, a report (each figure against the fitted model, each parameter's posterior "
        "against its prior, a verdict where the model cannot reproduce a figure) and "
        "company/NAME_fitted.yaml beside the profile. Ctrl-C keeps finished simulations: the "
        "same command resumes. Needs the calibrate extra (pip install -e '.[calibrate]'). See "
        "docs/company.md.",
    )
    p.add_argument("company", metavar="NAME", help="a company profile (company/NAME.yaml)")
    p.add_argument(
        "--params",
        metavar="NAME,...",
        help="dotted parameters to fit (default: "
        "the profile's fit.parameters, else chosen by screening)",
    )
    p.add_argument(
        "--population", type=int, default=200, help="particles per generation (default %(default)s)"
    )
    p.add_argument(
        "--generations", type=int, default=8, help="generations at most (default %(default)s)"
    )
    p.add_argument(
        "--simulations",
        type=int,
        default=5000,
        help="simulations at most, over all generations (default %(default)s)",
    )
    p.add_argument(
        "--most",
        type=int,
        default=5,
        help="parameters fitted at most when chosen by screening (default %(default)s)",
    )
    p.add_argument(
        "--hold-out",
        type=int,
        default=0,
        metavar="YEARS",
        help="fit on all but the "
        "last YEARS years of history and report how well the fit predicts them",
    )
    p.add_argument("--seed", type=int, default=0, help="the fit's seed (default %(default)s)")
    p.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="worker processes (default: all cores); with --launcher, the smallest batch is "
        "twice this",
    )
    p.add_argument(
        "--launcher",
        metavar="NAME",
        help="run each batch of simulations as a sweep under this Hydra launcher (ray_local, "
        "ray_cluster, slurm, slurm_local, joblib, basic, ...; docs/scaling.md) instead of the "
        "local worker pool, for larger fits on a cluster; the same posterior, bit for bit "
        "(docs/company.md)",
    )
    p.add_argument(
        "--launcher-set",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="a setting of the launcher, hydra.launcher.KEY (repeatable), e.g. partition=short; "
        "+KEY.SUB=VALUE adds a key inside one of its settings",
    )
    p.add_argument(
        "--out", metavar="DIR", help="the fit directory (default outputs/calibrate/NAME)"
    )
    from salesculture.sim.config import configdirs

    configdirs.add_option(p)
    p.set_defaults(func=func)


def _positive(name: str, value: int, least: int = 1) -> None:
    if value < least:
        raise ConfigError(f"--{name}={value}: must be at least {least}")


def launched(args: argparse.Namespace, problem, out: Path):
    """The fit's batches as sweeps under ``--launcher`` (None without it), checked.

    The launcher is checked as ``salesculture sweep hydra/launcher=NAME`` checks it, and each
    ``--launcher-set`` as Hydra's ``hydra.launcher.KEY=VALUE``; nothing is written.

    Raises:
        ConfigError: one line for ``--launcher-set`` without ``--launcher``, an unknown
            launcher or one whose extra is missing, or a setting the launcher does not have.
    """
    if args.launcher is None:
        if args.launcher_set:
            raise ConfigError(f"--launcher-set={args.launcher_set[0]}: only with --launcher NAME")
        return None
    import functools

    from salesculture.sim.commands.sweep import launch_checked, sweep_dir
    from salesculture.sim.runs.sweepdir import check_launcher
    from salesculture.sim.study.calibration.launched import (
        LaunchedBatches,
        check_settings,
        launcher_overrides,
    )

    overrides = launcher_overrides(args.launcher, args.launcher_set)
    try:
        check_launcher(overrides[:1])
    except ConfigError as error:  # said with this command's own option
        raise ConfigError(str(error).replace("hydra/launcher=", "--launcher=")) from None
    check_settings(args.launcher, args.launcher_set)
    sweep_dir([*overrides, f"hydra.sweep.dir={out.resolve()}"])  # all of them at once
    sweep = functools.partial(launch_checked, quiet=True)
    return LaunchedBatches(problem.company, problem.world, out, overrides, sweep)


def run_command(args: argparse.Namespace) -> int:
    """Check the inputs, fit (resuming), write the files, print the report's verdict; 0 when done.

    Raises:
        ConfigError: bad input, one line (exit 2), before anything is written.
    """
    from salesculture.sim.config.company import load_profile
    from salesculture.sim.config.configdirs import command_line
    from salesculture.sim.config.posterior import fit_dir
    from salesculture.sim.runs.paths import check_output_dir

    for name in ("population", "generations", "simulations", "most"):
        _positive(name, getattr(args, name))
    _positive("hold-out", args.hold_out, 0)
    if args.jobs is not None:
        _positive("jobs", args.jobs)
    profile = load_profile(args.company)
    try:
        import pyabc  # noqa: F401
    except ImportError:
        raise ConfigError(
            "calibrate needs pyabc, in the calibrate extra: run `make company`, or "
            "pip install -e '.[calibrate]'"
        ) from None
    from salesculture.sim.study.calibration.fit import FitProblem, Observed, Settings, calibrate
    from salesculture.sim.study.calibration.holdout import holdout_problem, predict_held_out
    from salesculture.sim.study.calibration.report import parameter_table, write_fit
    from salesculture.sim.views.fitplot import plot_fit

    parameters = None
    if args.params is not None:
        parameters = [name.strip() for name in args.params.split(",")]
        if not all(parameters):
            raise ConfigError(f"--params={args.params}: a comma-separated list of parameters")
    elif profile.fit_parameters:
        parameters = list(profile.fit_parameters)
    world = [o for o in profile.world_overrides() if not o.startswith("years=")]
    problem = FitProblem(
        company=profile.name,
        world=world,
        years=profile.history_years,
        observed=[
            Observed(o.figure, o.year, float(o.value), float(o.sd), str(o.source))
            for o in profile.observations
        ],
        parameters=parameters,
        profile=profile.path,
    )
    held_out = []
    if args.hold_out:
        problem, held_out = holdout_problem(problem, args.hold_out)
    out = (
        Path(args.out)
        if args.out
        else fit_dir(problem.company + (f"_holdout{args.hold_out}" if args.hold_out else ""))
    )
    check_output_dir(out, "--out")
    launch = launched(args, problem, out)
    settings = Settings(
        population=args.population,
        generations=args.generations,
        simulations=args.simulations,
        most_parameters=args.most,
        seed=args.seed,
        **({"jobs": args.jobs} if args.jobs else {}),
    )
    from salesculture.sim.study.calibration.launched import BatchStopped

    try:
        result = calibrate(problem, out, settings, launch=launch)
    except BatchStopped as stop:  # a batch's sweep stopped (--launcher): its finished runs kept
        return fail(stop.message, stop.code)
    command = command_line(["calibrate", *sys.argv[2:]])

    def plot(result_, table, path):
        plot_fit(result_.check, table, f"Fit of {result_.problem.company}", path)

    if args.hold_out:
        result.problem.profile = None  # a hold-out fit does not replace the fitted config
    written = write_fit(result, settings, command, plot=plot)
    table = parameter_table(result)
    print(summary_text(result, table))
    if held_out:
        try:
            print(predict_held_out(result, held_out, settings, launch))
        except BatchStopped as stop:
            return fail(stop.message, stop.code)
    print(f"calibrate: wrote {', '.join(str(p) for p in written)}", file=sys.stderr)
    return 0


def summary_text(result, table) -> str:
    """What the terminal shows: the verdicts and each parameter's posterior."""
    from salesculture.sim.study.calibration.report import verdicts

    check = result.check
    lines = [
        f"{result.problem.company}: {len(result.factors)} parameters fitted to "
        f"{len(check)} observed figures ({result.generations} generations, "
        f"{result.simulations} simulations, {result.reused} reused)",
        f"reproduced: {int(check['reproduced'].sum())} of {len(check)} figures",
    ]
    lines += [f"  {line}" for line in verdicts(check)]
    rows = [
        (
            row.parameter,
            f"{row.prior_low:.4g} to {row.prior_high:.4g}",
            f"{row.median:.4g} [{row.low:.4g}, {row.high:.4g}]",
            row.learnt,
        )
        for row in table.itertuples()
    ]
    header = ("parameter", "prior (uniform)", "posterior median [90 %]", "what the figures say")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    for row in [header, *rows]:
        lines.append(
            "  ".join(f"{c:<{w}}" for c, w in zip(row[:3], widths, strict=True)) + "  " + row[3]
        )
    return "\n".join(lines)
