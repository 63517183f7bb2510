"""Time the default-size run in-process against its random-number floor.

Usage: python benchmarks/run_benchmark.py [--repeats N] [--scenario NAME] [--set KEY=VALUE ...]
Default size: 10,000 customers, about 300 employees, 5 years of weekly steps.

It also splits a run's time three ways: the model's own drawing of random numbers (timed by
its streams), the fixed cost of the weekly plan (a run of the same company with a market of
:data:`TINY_CUSTOMERS` customers and :data:`TINY_SLOTS` employee slots per role, less its
drawing: what the plan's Python and NumPy calls cost whatever the size), and the rest (the
work that grows with the numbers of customers and slots).

The floor (:func:`sim.world.profiling.floor_seconds`) is what the run's random numbers alone cost:
one full vector per weekly stream per week, for the run's numbers of customer and employee
slots, drawn with no model work. Runs and floors alternate, so that both see the same machine;
the ratio is the median run over the median floor.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import numpy as np

from salesculture.sim.config.compose import compose_config
from salesculture.sim.runs.stats import mean_interval
from salesculture.sim.world.model import SalesCultureModel
from salesculture.sim.world.profiling import floor_seconds

#: The market and slots per role of the run that measures the plan's fixed cost.
TINY_CUSTOMERS, TINY_SLOTS = 100, 256


def time_run(overrides: list[str], seed: int) -> tuple[float, int, int, float, float]:
    """Build and run one model.

    Returns:
        Seconds, customers, employees, seconds of set-up, seconds the model spent drawing.
    """
    config = compose_config([*overrides, f"seed={seed}"])
    start = time.perf_counter()
    model = SalesCultureModel(config, collect=True)
    setup = time.perf_counter() - start
    employees = model.headcount
    while model.running:
        model.step()
    elapsed = time.perf_counter() - start
    return elapsed, config.market.customers, employees, setup, model.streams.total_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--scenario", default="baseline")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args()
    overrides = [f"scenario={args.scenario}", *args.set]
    time_run(overrides, seed=999)  # warm-up: imports, caches
    config = compose_config(overrides)
    weeks, slots = config.weeks, SalesCultureModel(config).workforce.size
    tiny = [
        *overrides,
        f"market.customers={TINY_CUSTOMERS}",
        f"workforce.slots_per_role={TINY_SLOTS}",
    ]
    seconds, setups, floors, drawing, fixed = [], [], [], [], []
    for seed in range(args.repeats):
        floors.append(floor_seconds(seed, weeks, config.market.customers, slots))
        elapsed, customers, employees, setup, drawn = time_run(overrides, seed)
        seconds.append(elapsed)
        setups.append(setup)
        drawing.append(drawn)
        tiny_elapsed, *_, tiny_drawn = time_run(tiny, seed)
        fixed.append(tiny_elapsed - tiny_drawn)
    mean, low, high = mean_interval(np.array(seconds))
    print(
        f"machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{platform.processor() or 'cpu'}"
    )
    print(
        f"size: {customers:,} customers, {employees} employees, {weeks} weeks "
        f"({args.scenario}{', ' + ' '.join(args.set) if args.set else ''})"
    )
    print(
        f"seconds per run: mean {mean:.3f} (95% interval {low:.3f}-{high:.3f}), "
        f"median {statistics.median(seconds):.3f}, min {min(seconds):.3f}, "
        f"over {args.repeats} runs; set-up {statistics.mean(setups) * 1000:.0f} ms"
    )
    print(f"customer-weeks per second: {customers * weeks / mean:,.0f}")
    floor = statistics.median(floors)
    print(
        f"floor (every weekly stream's vector, {customers:,} customer and {slots:,} employee "
        f"slots, {weeks} weeks, no model work): median {floor:.3f} s, min {min(floors):.3f}"
    )
    print(
        f"run / floor: {statistics.median(seconds) / floor:.2f} (medians), "
        f"{min(seconds) / min(floors):.2f} (minima); target at most 2"
    )
    run, drawn, plan = (statistics.median(x) for x in (seconds, drawing, fixed))
    print(
        f"where a run's time goes (medians): the model's drawing {drawn:.3f} s "
        f"({drawn / floor:.2f} floors); the weekly plan's fixed cost {plan:.3f} s (a run with "
        f"{TINY_CUSTOMERS} customers and {TINY_SLOTS} slots per role, less its drawing); "
        f"the rest, work that grows with size, {run - drawn - plan:.3f} s"
    )


if __name__ == "__main__":
    main()
