"""Time the commands that only read the configuration: ``--help``, ``scenarios``, ``show``.

Usage: python benchmarks/startup_speed.py [--repeats N]

Each command runs N times (default 5) as a subprocess, timed from its start to its exit (wall
seconds), through the real console script (the ``salesculture`` beside this Python) when it
imports this checkout's code, else through ``python -m sim.cli``. Prints, per command, the
median and the largest wall time, the median CPU time (user + system) and whether the median
wall time is within the target (0.5 s), then how many modules ``python -m sim.cli --help``
imports. The machine's load (``uptime``) is printed before and after: the wall times are only as
good as it (CPU time depends on it less). With ``PYTHONDONTWRITEBYTECODE`` set, as it says,
Python compiles the project's modules at every start.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.5
COMMANDS = (
    ["--help"],
    ["scenarios"],
    ["show", "sales_led"],
    ["show", "baseline"],
    ["run", "--help"],
)
#: Prints where ``sim.cli`` is imported from, as the console script would import it.
WHERE = "import importlib.util; print(importlib.util.find_spec('salesculture.sim.cli').origin)"


def environment() -> dict[str, str]:
    """The environment of every command: this checkout first on the import path."""
    return os.environ | {"PYTHONPATH": str(ROOT)}


def prefix() -> list[str]:
    """The console script if it imports this checkout's ``sim.cli``, else ``python -m sim.cli``."""
    script = Path(sys.executable).with_name("salesculture")
    if script.is_file():
        found = subprocess.run(
            [sys.executable, "-c", WHERE], capture_output=True, text=True, env=environment()
        ).stdout.strip()
        if Path(found) == ROOT / "sim" / "cli.py":
            return [str(script)]
    return [sys.executable, "-m", "salesculture.sim.cli"]


def cpu_seconds() -> float:
    """User and system CPU seconds of the finished child processes so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``command``; raises if it fails."""
    cpu, start = cpu_seconds(), time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=environment(), cwd=ROOT)
    return time.perf_counter() - start, cpu_seconds() - cpu


def modules_imported(words: list[str]) -> int:
    """How many modules ``python -m sim.cli WORDS`` imports (the lines of ``-X importtime``)."""
    command = [sys.executable, "-X", "importtime", "-m", "salesculture.sim.cli", *words]
    done = subprocess.run(command, capture_output=True, text=True, env=environment(), cwd=ROOT)
    return sum(line.startswith("import time:") for line in done.stderr.splitlines()) - 1


def load() -> str:
    """The machine's load averages, as ``uptime`` prints them."""
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, metavar="N", help="runs per command")
    args = parser.parse_args()
    head = prefix()
    print(
        f"machine: {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    print(f"load before: {load()}")
    bytecode = "off" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "on"
    print(f"PYTHONPATH={ROOT}; bytecode cache {bytecode}; {args.repeats} runs each")
    print(f"target: median wall time at most {TARGET_SECONDS} s")
    print(f"{'median s':>9} {'max s':>7} {'cpu s':>6}  target  command")
    for words in COMMANDS:
        command = [*head, *words]
        wall, cpu = zip(*(timed(command) for _ in range(args.repeats)), strict=True)
        median = statistics.median(wall)
        met = "met" if median <= TARGET_SECONDS else "MISSED"
        print(
            f"{median:9.3f} {max(wall):7.3f} {statistics.median(cpu):6.3f}  {met:<6}  "
            f"{shlex.join(command)}",
            flush=True,
        )
    print(f"modules imported by --help: {modules_imported(['--help'])}")
    print(f"load after: {load()}")


if __name__ == "__main__":
    main()
