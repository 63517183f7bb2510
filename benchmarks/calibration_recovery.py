"""Parameter recovery over synthetic companies: the coverage of the fit's 90 % intervals.

Runs :func:`sim.study.calibration.recovery.recover` (companies simulated by the model with known
parameters, fitted back by ``salesculture calibrate``'s fit) and prints, per parameter and
overall, the share of 90 % posterior intervals that hold the true value, and their mean width as
a share of the prior range. Results are in docs/company.md, with the command and the machine.

    .venv/bin/python benchmarks/calibration_recovery.py --companies 20
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from salesculture.sim.study.calibration.fit import Settings  # noqa: E402
from salesculture.sim.study.calibration.recovery import PARAMETERS, YEARS, recover  # noqa: E402


def main() -> int:
    """Fit each synthetic company and print the coverage of the 90 % intervals."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--companies", type=int, default=20)
    parser.add_argument("--population", type=int, default=80)
    parser.add_argument("--generations", type=int, default=5)
    parser.add_argument("--simulations", type=int, default=900)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", metavar="FILE", help="also write each interval as JSON")
    args = parser.parse_args()
    settings = Settings(
        population=args.population,
        generations=args.generations,
        simulations=args.simulations,
        check_draws=10,
        jobs=args.jobs,
    )
    start = time.perf_counter()

    def report(index: int, rows) -> None:
        inside = sum(r.inside for r in rows)
        print(
            f"company {index + 1}/{args.companies}: {inside}/{len(rows)} intervals hold the "
            f"truth so far ({time.perf_counter() - start:.0f} s)",
            file=sys.stderr,
        )

    rows = recover(args.companies, settings, on_company=report)
    print(
        f"parameter recovery: {args.companies} synthetic companies of {YEARS} years, "
        f"{len(PARAMETERS)} parameters, population {args.population}, at most "
        f"{args.generations} generations and {args.simulations} simulations each"
    )
    for name in PARAMETERS:
        mine = [r for r in rows if r.parameter == name]
        coverage = np.mean([r.inside for r in mine])
        width = np.mean([r.width_share for r in mine])
        print(f"  {name:<40} coverage {coverage:.0%}  mean width {width:.0%} of the prior")
    inside = sum(r.inside for r in rows)
    print(
        f"  all: {inside} of {len(rows)} 90 % intervals hold the true value "
        f"({inside / len(rows):.0%}); {time.perf_counter() - start:.0f} s"
    )
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in rows], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
