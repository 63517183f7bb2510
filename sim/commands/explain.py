"""``salesculture explain A B``: where a paired difference comes from, channel by channel."""

from __future__ import annotations

import argparse
import json
import sys

from salesculture.sim.commands.common import company_problem, fail, paired_run_problem, paired_runs
from salesculture.sim.config import configdirs


def cmd_explain(args: argparse.Namespace) -> int:
    """Run two presets on paired seeds and print the decomposition of their difference."""
    if args.reference == args.other:
        return fail(f"explain: A and B are both {args.reference!r}; name two different presets")
    problem = paired_run_problem(args, least_seeds=2) or company_problem(args)
    if problem:
        return fail(problem)
    from salesculture.sim.runs.paths import check_output_dir

    if not args.no_cache:
        check_output_dir(args.cache, "--cache")
    from salesculture.sim.runs.compare import interrupted_when_done
    from salesculture.sim.runs.interrupts import Interrupted

    result = paired_runs(args, [args.reference, args.other])
    try:  # every run has finished and is kept: a Ctrl-C now says so
        print_explanations(result, args.format)
    except Interrupted:
        raise
    except KeyboardInterrupt:
        raise interrupted_when_done(result) from None
    return 0


def explanations(result) -> list:
    """Every configuration of a comparison explained against its first."""
    from salesculture.sim.runs.companycompare import CompanyComparison, company_explanations
    from salesculture.sim.runs.explain import explain

    if isinstance(result, CompanyComparison):
        return company_explanations(result)
    reference = result.scenarios[0]
    return [explain(result.runs, reference, other, result.years) for other in result.scenarios[1:]]


def explain_command(result, form: str) -> str | None:
    """The command that prints these explanations again: ``salesculture explain A B ...``."""
    if not result.arguments:
        return None
    _compare, *presets_and_options = result.arguments
    return configdirs.command_line(["explain", *presets_and_options, "--format", form])


def print_explanations(result, form: str) -> None:
    """Explain every configuration of a comparison against its first, in ``form``.

    JSON is one object, ``{"command": ..., "explanations": [...]}``; CSV has the command in a
    last column; both record what makes them again, outside config directories included.
    """
    from salesculture.sim.views.explaintext import format_table, to_csv

    found = explanations(result)
    command = explain_command(result, form)
    if form == "json":
        print(json.dumps({"command": command, "explanations": [e.to_json() for e in found]}))
    elif form == "csv":
        for i, e in enumerate(found):
            text = to_csv(e, command)
            sys.stdout.write(text if i == 0 else text.split("\n", 1)[1])
    else:
        print("\n\n".join(format_table(e) for e in found))

