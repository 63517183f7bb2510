"""Seconds and peak memory of one run against the number of customers and of employees.

Usage: python benchmarks/scale_benchmark.py [--years Y] [--cases NAME ...]

Each case runs in a fresh process (so its peak memory is its own): the default model
(baseline preset) with the market and every head-count scaled. ``market`` cases scale customers
only (10k, 100k, 1M, the default 299 employees), ``staff`` cases scale every head-count (about
300, 3,000, 30,000 employees, 10,000 customers), and ``both_100x`` scales both by 100
(1,000,000 customers, about 30,000 employees). Prints one table row per case and the command.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import subprocess
import sys
import time

#: name -> (customer multiplier, head-count multiplier)
CASES = {
    "market_1x": (1, 1),
    "market_10x": (10, 1),
    "market_100x": (100, 1),
    "staff_10x": (1, 10),
    "staff_100x": (1, 100),
    "both_100x": (100, 100),
}
DEFAULT_CUSTOMERS = 10_000
DEFAULT_HEADCOUNT = {"salespeople": 50, "engineers": 140, "service_staff": 108}


def overrides(customers_x: int, staff_x: int, years: int) -> list[str]:
    """Hydra overrides of a case: customers, head-counts, and slots enough for their plans."""
    heads = {role: count * staff_x for role, count in DEFAULT_HEADCOUNT.items()}
    # Slots per role: room for the largest role's plan and its growth, a power of two.
    slots = max(1024, 1 << math.ceil(math.log2(max(heads.values()) * 1.15)))
    return [
        f"market.customers={DEFAULT_CUSTOMERS * customers_x}",
        *(f"workforce.{role}={count}" for role, count in heads.items()),
        f"workforce.slots_per_role={slots}",
        f"years={years}",
        "seed=0",
    ]


CHILD = """
import json, resource, sys, time
start = time.perf_counter()
from salesculture.sim.config.compose import compose_config
from salesculture.sim.runs.runner import simulate
config = compose_config(sys.argv[1:])
begin = time.perf_counter()
result = simulate(config)
seconds = time.perf_counter() - begin
print(json.dumps({
    "seconds": seconds,
    "setup": result.profile.setup,
    "drawing": sum(s for _, s, _ in result.profile.streams),
    "employees": int(result.timeseries["headcount"].iloc[0]),
    "customers": config.market.customers,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def run_case(args: list[str]) -> dict:
    """Run one case in a fresh Python process; return what it printed."""
    output = subprocess.run(
        [sys.executable, "-c", CHILD, *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES))
    args = parser.parse_args()
    print(f"command: python benchmarks/scale_benchmark.py --years {args.years} "
          f"--cases {' '.join(args.cases)}")
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC")
    print("| case | customers | employees | seconds per run | of which drawing | set-up | "
          "peak memory (MB) | seconds per million customer-weeks |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name in args.cases:
        customers_x, staff_x = CASES[name]
        found = run_case(overrides(customers_x, staff_x, args.years))
        per_million = found["seconds"] / (found["customers"] * 52 * args.years / 1e6)
        print(
            f"| {name} | {found['customers']:,} | {found['employees']:,} | "
            f"{found['seconds']:.2f} | {found['drawing']:.2f} | {found['setup']:.2f} | "
            f"{found['peak_mb']:.0f} | {per_million:.3f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
