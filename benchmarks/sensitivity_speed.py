"""Time a Morris screening through the real command: the target design, or an estimate of it.

Usage: python benchmarks/sensitivity_speed.py [--estimate K] [--jobs J] [--keep DIR]

The target design is ``salesculture sensitivity`` of the 5-year paired difference of profit
(``sales_led`` minus ``baseline``), 15 assumed parameters (every k-th of the default list, so
that every part of the model is represented), 20 Morris trajectories and 3 seeds per point:
20 x 16 points x 3 seeds x 2 presets = 1,920 runs of the default world. It is timed from the
command's start to its exit. ``--estimate K`` runs the same design with K trajectories instead
and scales the wall time by the number of runs (start-up included, so the estimate errs high).
The machine's load (``uptime``) is printed before and after: the figure is only as good as it.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARAMETERS = 15
TRAJECTORIES = 20
SEEDS = 3
YEARS = 5
DIFFERENCE = "sales_led-baseline"
TARGET_SECONDS = 15 * 60


def parameters() -> list[str]:
    """15 of the parameters screened by default for the difference: every k-th, in order."""
    from salesculture.sim.config.compose import compose_config
    from salesculture.sim.study.screening import default_names

    configs = {name: compose_config([f"scenario={name}"]) for name in ("baseline", "sales_led")}
    names = default_names(configs)
    step = len(names) // PARAMETERS
    return names[::step][:PARAMETERS]


def load() -> str:
    """The machine's load averages, as ``uptime`` prints them."""
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--estimate", type=int, metavar="K", help="run K trajectories and scale")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: all)")
    parser.add_argument("--keep", metavar="DIR", help="write the outputs here (default: temporary)")
    args = parser.parse_args()
    trajectories = args.estimate or TRAJECTORIES
    cores = args.jobs or os.cpu_count() or 1
    names = parameters()
    with tempfile.TemporaryDirectory(prefix="sensitivity-speed-") as tmp:
        out = Path(args.keep) if args.keep else Path(tmp) / "out"
        command = [
            sys.executable, "-m", "salesculture.sim.cli", "sensitivity", "--difference", DIFFERENCE,
            "--metric", "profit", "--params", ",".join(names),
            "--trajectories", str(trajectories), "--seeds", str(SEEDS), "--years", str(YEARS),
            "--out", str(out),
            *(["--jobs", str(args.jobs)] if args.jobs else []),
        ]  # fmt: skip
        print(
            f"machine: {os.cpu_count()} cores, {platform.machine()}, "
            f"Python {platform.python_version()}"
        )
        print(f"load before: {load()}")
        print(f"command: PYTHONPATH={ROOT} {shlex.join(command)}", flush=True)
        env = os.environ | {"PYTHONPATH": str(ROOT)}
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            command, cwd=tmp, env=env, check=False, stdout=subprocess.PIPE, text=True
        )
        wall = time.perf_counter() - start
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = sum(getattr(cpu_after, f) - getattr(cpu_before, f) for f in ("ru_utime", "ru_stime"))
        print(f"load after:  {load()}")
        if done.returncode != 0:
            sys.exit(f"the command failed ({done.returncode})")
        print(done.stdout)
    runs = trajectories * (PARAMETERS + 1) * SEEDS * 2
    full = TRAJECTORIES * (PARAMETERS + 1) * SEEDS * 2
    print(
        f"{runs} runs in {wall:.0f} s: {wall / runs:.3f} s per run (wall, all workers); "
        f"CPU {cpu:.0f} s, {cpu / runs:.2f} s per run (the command and its workers)"
    )
    if args.estimate:
        estimate = wall * full / runs
        verdict = "within" if estimate <= TARGET_SECONDS else "over"
        print(
            f"estimate for {TRAJECTORIES} trajectories ({full} runs): {estimate / 60:.1f} min, "
            f"{verdict} the {TARGET_SECONDS // 60}-minute target; with every core busy with "
            f"nothing else at the same CPU per run: {cpu * full / runs / cores / 60:.1f} min"
        )
    else:
        verdict = "within" if wall <= TARGET_SECONDS else "over"
        print(f"{wall / 60:.1f} min, {verdict} the {TARGET_SECONDS // 60}-minute target")


if __name__ == "__main__":
    main()
