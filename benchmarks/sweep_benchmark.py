"""Time whole sweeps through the real command: runs per minute, and the model's share.

Usage: python benchmarks/sweep_benchmark.py [--runs N] [--years Y ...] [--launcher NAME]

Each measurement is ``salesculture sweep seed='range(0,N)' years=Y`` of the default model
(baseline preset) into a fresh temporary directory, timed from the command's start to its exit:
start-up, checking the configurations, the runs, and the aggregated table and report. The
model's own seconds per run are read from the runs' log lines (``model 0.123 s``, the time of
:func:`sim.runs.runner.simulate` in the worker); the overhead per run is the workers' time per run
(wall time x workers / runs) less the model's. ``first s`` is the time to the first run's
result (start-up, checks, composing), ``after last s`` the time from the last run's result to
the exit (the aggregated table and report).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

#: The ``model 0.123 s`` of a run's log line (:func:`sim.runs.sweep.run_prepared`).
MODEL_SECONDS = re.compile(r"\(model ([0-9.]+) s\)")


def command(runs: int, years: int, launcher: str | None, directory: Path) -> list[str]:
    """The sweep's command line."""
    return [
        sys.executable,
        "-m",
        "salesculture.sim.cli",
        "sweep",
        f"seed=range(0,{runs})",
        f"years={years}",
        *([f"hydra/launcher={launcher}"] if launcher else []),
        f"hydra.sweep.dir={directory}",
    ]


def model_seconds(directory: Path) -> list[float]:
    """The model's seconds of every run in a sweep directory, from the runs' log files."""
    found = []
    for log in directory.glob("*/*.log"):
        found += [float(m) for m in MODEL_SECONDS.findall(log.read_text())]
    return found


@dataclass
class Timing:
    """One sweep's figures."""

    wall: float  #: seconds from the command's start to its exit
    ok: int  #: runs that finished ok
    model: list[float]  #: the model's seconds of each run
    first: float  #: seconds from the start to the first run's summary
    last: float  #: seconds from the last run's summary to the exit


def time_sweep(runs: int, years: int, launcher: str | None) -> Timing:
    """Run one sweep and time it."""
    with tempfile.TemporaryDirectory(prefix="sweep-benchmark-") as tmp:
        directory = Path(tmp) / "sweep"
        started = time.time()
        start = time.perf_counter()
        done = subprocess.run(
            command(runs, years, launcher, directory),
            cwd=tmp,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"sweep failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
        table = pd.read_parquet(directory / "results.parquet")
        written = sorted(p.stat().st_mtime for p in directory.glob("*/summary.json"))
        return Timing(
            wall=wall,
            ok=int((table.status == "ok").sum()),
            model=model_seconds(directory),
            first=written[0] - started,
            last=started + wall - written[-1],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--years", type=int, nargs="+", default=[1])
    parser.add_argument("--launcher", default=None, help="hydra/launcher (default: the sweep's)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"machine: {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}; load average before: {load}"
    )
    shown = command(args.runs, args.years[0], args.launcher, Path("TMPDIR"))
    print("command:", shlex.join(["salesculture", *shown[3:]]))
    print(
        f"{'runs':>5} {'years':>5} {'wall s':>8} {'runs/min':>9} {'s/run':>7} "
        f"{'model s/run':>11} {'overhead s/run':>14} {'first s':>7} {'after last s':>12}"
    )
    for years in args.years:
        t = time_sweep(args.runs, years, args.launcher)
        mean = sum(t.model) / len(t.model) if t.model else float("nan")
        overhead = t.wall * args.workers / t.ok - mean
        print(
            f"{t.ok:>5} {years:>5} {t.wall:>8.1f} {t.ok / t.wall * 60:>9.1f} {t.wall / t.ok:>7.3f} "
            f"{mean:>11.3f} {overhead:>14.3f} {t.first:>7.1f} {t.last:>12.1f}"
        )
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average after: {load}")


if __name__ == "__main__":
    main()
