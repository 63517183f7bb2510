"""Parameter recovery: companies simulated by the model with known parameters, fitted back.

Each synthetic company draws its true parameter values from the fit's prior (uniform over the
screening range), is simulated once on a seed of its own, and reports its figures with noise of
the profile's default uncertainty (:data:`sim.config.figures.FIGURES`). ``salesculture
calibrate``'s fit (the same code, :func:`sim.study.calibration.fit.calibrate`) then estimates the
parameters from these figures alone. A calibrated fit's 90 % posterior intervals contain the true
values in about 90 % of cases; the benchmark prints the coverage per parameter and overall, and
the mean width of the intervals as a share of the prior's.

    .venv/bin/python benchmarks/calibration_recovery.py --companies 20
    .venv/bin/python benchmarks/calibration_recovery.py --companies 4 --population 60 --quick

Results are in docs/company.md, with the command and the machine.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.config.compose import compose_config  # noqa: E402
from sim.config.figures import FIGURES  # noqa: E402
from sim.study.calibration.figures import observe  # noqa: E402
from sim.study.calibration.fit import FitProblem, Observed, Settings, calibrate  # noqa: E402
from sim.study.calibration.report import weighted_quantiles  # noqa: E402
from sim.study.screening import factors, with_values  # noqa: E402

#: A small company: about 1,500 potential customers and 40 employees, two years of history.
WORLD = [
    "market.customers=1500",
    "workforce.salespeople=8",
    "workforce.engineers=20",
    "workforce.service_staff=14",
    "workforce.slots_per_role=64",
    "headcount=fixed",
]
YEARS = 2
#: The parameters fitted, and the figures observed every year.
PARAMETERS = [
    "sales.base_win_rate",
    "staffing.sales_turnover_per_year",
    "resale.upsell_rate_per_year",
]
FIGURES_OBSERVED = [
    "revenue",
    "revenue_upsell",
    "win_rate",
    "rep_turnover",
    "customers",
    "logo_churn",
]


def synthetic_company(index: int, base, found) -> tuple[list[float], list[Observed]]:
    """Company ``index``: true values from the prior, its figures with observation noise."""
    rng = np.random.default_rng([2026, index])
    truth = [float(rng.uniform(f.low, f.high)) for f in found]
    figures = observe(with_values(base, found, truth, seed=900_000 + index))
    observed = []
    for key, value in figures.items():
        figure, year = key.split("@")
        if figure not in FIGURES_OBSERVED or not np.isfinite(value):
            continue
        sd = FIGURES[figure].sd_of(value) or FIGURES[figure].default_sd
        observed.append(Observed(figure, int(year), float(value + rng.normal(0, sd)), sd))
    return truth, observed


def main() -> int:
    """Fit each synthetic company and print the coverage of the 90 % intervals."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--companies", type=int, default=20)
    parser.add_argument("--population", type=int, default=100)
    parser.add_argument("--generations", type=int, default=5)
    parser.add_argument("--simulations", type=int, default=1200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args()
    base = compose_config([*WORLD, f"years={YEARS}"])
    found = factors({"company": base}, PARAMETERS)
    settings = Settings(
        population=args.population,
        generations=args.generations,
        simulations=args.simulations,
        check_draws=10,
        jobs=args.jobs,
    )
    rows = []
    start = time.perf_counter()
    for index in range(args.companies):
        truth, observed = synthetic_company(index, base, found)
        problem = FitProblem(f"synthetic{index}", WORLD, YEARS, observed, PARAMETERS)
        with tempfile.TemporaryDirectory() as directory:
            result = calibrate(problem, Path(directory), settings, progress=False)
        weights = result.sample["weight"].to_numpy(dtype=float)
        for factor, true in zip(found, truth, strict=True):
            values = result.sample[factor.name].to_numpy(dtype=float)
            low, high = weighted_quantiles(values, weights, [0.05, 0.95])
            rows.append(
                {
                    "company": index,
                    "parameter": factor.name,
                    "truth": true,
                    "low": low,
                    "high": high,
                    "inside": bool(low <= true <= high),
                    "width_share": (high - low) / (factor.high - factor.low),
                }
            )
        inside = sum(r["inside"] for r in rows)
        print(
            f"company {index + 1}/{args.companies}: {result.simulations} simulations, "
            f"{inside}/{len(rows)} intervals hold the truth so far "
            f"({time.perf_counter() - start:.0f} s)",
            file=sys.stderr,
        )
    print(f"parameter recovery: {args.companies} synthetic companies, {len(found)} parameters")
    for factor in found:
        mine = [r for r in rows if r["parameter"] == factor.name]
        coverage = np.mean([r["inside"] for r in mine])
        width = np.mean([r["width_share"] for r in mine])
        print(f"  {factor.name:<40} coverage {coverage:.0%}  mean width {width:.0%} of prior")
    coverage = np.mean([r["inside"] for r in rows])
    print(
        f"  all: {sum(r['inside'] for r in rows)} of {len(rows)} 90 % intervals hold the true "
        f"value ({coverage:.0%}); {time.perf_counter() - start:.0f} s"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
