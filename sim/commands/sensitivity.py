"""The ``salesculture sensitivity`` subcommand: its options, and the command itself."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from salesculture.sim.config.errors import ConfigError
from salesculture.sim.runs.defaults import DEFAULT_SPREAD

DEFAULT_TRAJECTORIES = {"morris": 20, "sobol": 64}


def add_sensitivity_parser(sub, func) -> None:
    """Add the ``sensitivity`` subparser to the subcommands ``sub``; ``func`` runs it."""
    p = sub.add_parser(
        "sensitivity",
        help="screen mechanism parameters (SALib Morris or Sobol')",
        description="Sample mechanism parameters over their screening ranges (the configured "
        "value ± --spread, inside the documented valid range; default: every parameter whose "
        "size is assumed), run each point on seeds 0..S-1, and rank the parameters by their "
        "effect on a metric, or on a paired difference between two presets on the same seeds. "
        "Writes indices.csv, indices.png, runs.parquet and sensitivity.json into --out; run the "
        "same command again to resume after Ctrl-C. See docs/sensitivity.md.",
    )
    p.add_argument("--method", choices=("morris", "sobol"), default="morris")
    p.add_argument("--params", metavar="NAME,...", help="dotted parameter names (default: assumed)")
    p.add_argument("--metric", default="profit", help="summary metric (default %(default)s)")
    p.add_argument(
        "--difference",
        metavar="PRESET_B-PRESET_A",
        help="the output is the metric of PRESET_B minus PRESET_A on the same seeds",
    )
    p.add_argument(
        "--scenario",
        metavar="PRESET",
        help="the preset whose metric is screened (default baseline)",
    )
    p.add_argument(
        "--trajectories",
        type=int,
        metavar="N",
        help="Morris trajectories (default 20) or Sobol' base samples, a power of 2 (default 64)",
    )
    p.add_argument("--seeds", type=int, default=3, help="seeds per point (default %(default)s)")
    p.add_argument("--years", type=int, default=5, help="horizon in years (default %(default)s)")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument(
        "--spread",
        type=float,
        default=DEFAULT_SPREAD,
        help="half-width of each range as a share of the configured value (default %(default)s)",
    )
    p.add_argument("--out", metavar="DIR", help="output directory (default outputs/sensitivity/…)")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Hydra override applied to every run (repeatable), e.g. market.customers=5000",
    )
    p.add_argument(
        "--company",
        metavar="NAME",
        help="centre the screening on company NAME's fit (or a fit directory): its world and "
        "posterior mean under every run; its fitted parameters over their posterior's 5-95 %% "
        "range, the others ± --spread",
    )
    from salesculture.sim.config import configdirs

    configdirs.add_option(p)  # presets of one's own, from an outside directory
    p.set_defaults(func=func)


def default_out(method: str, metric: str, presets: list[str], company: str | None = None) -> Path:
    """``outputs/sensitivity/morris-profit-sales_led-baseline`` (``...-baseline-acme``)."""
    what = "-".join([*reversed(presets), *([company] if company else [])])
    return Path("outputs") / "sensitivity" / f"{method}-{metric}-{what}"


def run_command(args: argparse.Namespace) -> int:
    """Check the inputs, run the design (resuming), print the table; 0 when done.

    Raises:
        ConfigError: bad input, one line (exit 2), before anything is written.
    """
    from salesculture.sim.runs.paths import check_output_dir
    from salesculture.sim.study.sensitivity import parse_difference, plan, run
    from salesculture.sim.study.sensplot import format_table
    from salesculture.sim.study.sensrecord import PLOT_FILE, RUNS_FILE, TABLE_FILE

    if args.jobs is not None and args.jobs < 1:
        raise ConfigError(f"--jobs={args.jobs}: must be at least 1")
    if args.difference and args.scenario:
        raise ConfigError(
            f"--scenario={args.scenario}: not with --difference (it names both presets)"
        )
    if args.difference:
        presets = parse_difference(args.difference)
    else:
        presets = [args.scenario or "baseline"]
    params = None
    if args.params is not None:
        params = [name.strip() for name in args.params.split(",")]
        if not all(params):
            raise ConfigError(f"--params={args.params}: a comma-separated list of parameter names")
    company = None
    if args.company is not None:
        from salesculture.sim.config.posterior import load_posterior

        company = load_posterior(args.company)
    trajectories = args.trajectories
    if trajectories is None:
        trajectories = DEFAULT_TRAJECTORIES[args.method]
    design = plan(
        method=args.method,
        metric=args.metric,
        presets=presets,
        params=params,
        trajectories=trajectories,
        seeds=args.seeds,
        years=args.years,
        overrides=args.set,
        spread=args.spread,
        company=company,
    )
    name = company.company if company is not None else None
    out = Path(args.out) if args.out else default_out(args.method, args.metric, presets, name)
    check_output_dir(out, "--out")
    result = run(design, out, jobs=args.jobs)
    print(format_table(result))
    names = ", ".join(str(out / name) for name in (TABLE_FILE, PLOT_FILE, RUNS_FILE))
    print(f"sensitivity: wrote {names}", file=sys.stderr)
    return 0
