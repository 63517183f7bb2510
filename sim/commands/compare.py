"""``salesculture compare``: presets on paired seeds, as a table, JSON or CSV, and a plot."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from salesculture.sim.commands.common import (
    PROG,
    company_problem,
    fail,
    paired_run_problem,
    paired_runs,
)


def cmd_compare(args: argparse.Namespace) -> int:
    """Run presets on paired seeds and print the comparison."""
    problem = paired_run_problem(args) or company_problem(args)
    if problem:
        return fail(problem)
    if args.explain and args.format == "csv":
        return fail("--explain with --format csv: use 'salesculture explain A B --format csv'")
    if args.plot is not None and Path(args.plot).suffix.lower() != ".png":
        return fail(f"--plot={args.plot}: must be a .png file name")
    from salesculture.sim.runs.paths import check_output_dir, check_output_file

    if args.plot is not None:
        check_output_file(args.plot, "--plot")
    if not args.no_cache:
        check_output_dir(args.cache, "--cache")
    from salesculture.sim.runs.compare import DEFAULT_METRICS
    from salesculture.sim.runs.comparetable import format_table, to_csv, to_json
    from salesculture.sim.runs.interrupts import Interrupted

    metrics = args.metrics.split(",") if args.metrics else list(DEFAULT_METRICS)
    result = paired_runs(args, args.scenarios, metrics)
    if args.company:
        from salesculture.sim.runs.companytable import (
            company_csv,
            company_json,
            format_company_table,
        )

        format_table, to_csv, to_json = format_company_table, company_csv, company_json
    try:  # every run has finished and is kept: a Ctrl-C now says so
        for note in result.notes():
            print(f"{PROG}: warning: {note}", file=sys.stderr)
        if result.cache_note():
            print(f"compare: {result.cache_note()}", file=sys.stderr)
        if args.format == "json":
            record = to_json(result)
            if args.explain:
                from salesculture.sim.commands.explain import explanations

                record["explanations"] = [e.to_json() for e in explanations(result)]
                record["command"] = result.command("--format", "json", "--explain")
            print(json.dumps(record))
        elif args.format == "csv":
            sys.stdout.write(to_csv(result))
        else:
            print(format_table(result))
        if args.explain and args.format == "table":
            from salesculture.sim.commands.explain import print_explanations

            print()
            print_explanations(result, "table")
        if args.plot:
            from salesculture.sim.views.plots import plot_comparison

            Path(args.plot).parent.mkdir(parents=True, exist_ok=True)
            plot_comparison(result, Path(args.plot))
            print(f"plot: {args.plot}", file=sys.stderr)
    except Interrupted:
        raise
    except KeyboardInterrupt:
        from salesculture.sim.runs.compare import interrupted_when_done

        raise interrupted_when_done(result) from None
    return 0
