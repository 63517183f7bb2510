"""Time whole sweeps through the real command: wall time and runs per minute.

Usage: python benchmarks/sweep_benchmark.py [--runs N] [--years Y ...] [--launcher NAME]

Each measurement is ``salesculture sweep seed='range(0,N)' years=Y`` of the default model
(baseline preset) into a fresh temporary directory, timed from the command's start to its exit:
start-up, checking the configurations, the runs, and the aggregated table and report.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

CLI = Path(sys.executable).parent / "salesculture"


def time_sweep(runs: int, years: int, launcher: str) -> tuple[float, int]:
    """Run one sweep; return (wall seconds, runs that finished ok)."""
    with tempfile.TemporaryDirectory(prefix="sweep-benchmark-") as tmp:
        directory = Path(tmp) / "sweep"
        command = [
            str(CLI),
            "sweep",
            f"seed=range(0,{runs})",
            f"years={years}",
            f"hydra/launcher={launcher}",
            f"hydra.sweep.dir={directory}",
        ]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=tmp, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"sweep failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
        table = pd.read_parquet(directory / "results.parquet")
        return wall, int((table.status == "ok").sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--years", type=int, nargs="+", default=[1, 5])
    parser.add_argument("--launcher", default="joblib")
    args = parser.parse_args()
    print(
        f"machine: {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}; launcher {args.launcher}"
    )
    print(f"{'runs':>5} {'years':>5} {'wall s':>8} {'runs/min':>9} {'s/run':>7}")
    for years in args.years:
        wall, ok = time_sweep(args.runs, years, args.launcher)
        print(f"{ok:>5} {years:>5} {wall:>8.1f} {ok / wall * 60:>9.1f} {wall / ok:>7.3f}")


if __name__ == "__main__":
    main()
