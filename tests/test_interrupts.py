"""Ctrl-C never hangs: a real sweep and a real compare, interrupted at random points.

Each trial starts the real console script in its own process group, sends SIGINT at a random
moment (to the whole group, as a terminal's Ctrl-C does, or to the command alone, as ``kill
-INT`` does; sometimes twice), and asserts that the command returns within 10 seconds with one
error line, that no process it started is left, that no file is half-written, and that running
the same command again finishes with exactly the result of an uninterrupted run.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

from tests.conftest import CLI, SMALL_WORLD

pytestmark = [pytest.mark.slow]

TRIALS = 10
#: Seconds within which an interrupted command must have exited.
LIMIT = 10.0
TINY = list(SMALL_WORLD)
METRICS = ["revenue", "retention", "cost", "profit", "win_rate", "believer_share", "customers"]


def compare_command(cache: Path) -> list[str]:
    tiny = [arg for item in TINY if not item.startswith("years") for arg in ("--set", item)]
    return [
        "compare", "baseline", "sales_led", "--seeds", "2", "--years", "1", "--jobs", "2",
        "--format", "json", "--cache", str(cache), *tiny,
    ]  # fmt: skip


def sweep_command(directory: Path) -> list[str]:
    return ["sweep", "scenario=baseline,sales_led", "seed=0,1", f"hydra.sweep.dir={directory}"] + [
        *TINY
    ]


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CLI), *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


class Interrupted:
    """What an interrupted command did: exit code, stderr, seconds to exit, processes seen."""

    def __init__(self, args: list[str], cwd: Path, delay: float, to_group: bool, twice: bool):
        process = subprocess.Popen(
            [str(CLI), *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own group, as a command in a terminal has
        )
        self.seen: set[int] = set()
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and process.poll() is None:
            self.seen |= _descendants(process.pid)
            time.sleep(0.05)
        started = time.monotonic()
        for i in range(2 if twice else 1):
            if process.poll() is not None:
                break
            if i:
                time.sleep(0.2)
            try:
                if to_group:
                    os.killpg(process.pid, signal.SIGINT)
                else:
                    os.kill(process.pid, signal.SIGINT)
            except ProcessLookupError:
                break
        try:
            _, self.stderr = process.communicate(timeout=LIMIT + 20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            _, self.stderr = process.communicate()
        self.seconds = time.monotonic() - started
        self.code = process.returncode
        self.group = process.pid

    def left_behind(self) -> list[str]:
        """Processes of the command still running after it exited (orphans).

        A process that has exited but was not yet reaped (a zombie) is not running and is not
        counted; a zombie is reaped by init once its parent is gone.
        """
        time.sleep(0.3)
        alive = []
        for process in psutil.process_iter(["pid", "status", "name"]):
            try:
                member = process.pid in self.seen or os.getpgid(process.pid) == self.group
            except OSError:
                continue
            if member and process.info["status"] != psutil.STATUS_ZOMBIE:
                alive.append(f"{process.pid} {process.info['name']} ({process.info['status']})")
        return alive


def _descendants(pid: int) -> set[int]:
    try:
        return {child.pid for child in psutil.Process(pid).children(recursive=True)}
    except psutil.NoSuchProcess:
        return set()


def assert_clean_stop(stop: Interrupted, where: Path) -> None:
    assert stop.seconds < LIMIT, f"took {stop.seconds:.1f} s to stop:\n{stop.stderr}"
    assert "Traceback" not in stop.stderr, stop.stderr
    orphans = stop.left_behind()
    assert not orphans, orphans
    assert stop.code in (0, 130), stop.stderr
    if stop.code == 130:
        errors = [line for line in stop.stderr.splitlines() if "error" in line.lower()]
        assert len(errors) == 1 and errors[0].startswith("salesculture: error: interrupted"), (
            stop.stderr
        )
    assert not list(where.rglob(".*.tmp")), "a temporary file of a cut-short write was left"
    for path in where.rglob("*.json"):
        json.loads(path.read_text())  # complete, or not there at all
    for path in where.rglob("*.parquet"):
        pd.read_parquet(path)


def plan(seed: int) -> list[tuple[float, bool, bool]]:
    """Reproducible random moments and ways to interrupt: (delay, to the group, twice)."""
    rng = random.Random(seed)
    return [(rng.uniform(0.1, 0.9), rng.random() < 0.7, rng.random() < 0.3) for _ in range(TRIALS)]


@pytest.fixture(scope="module")
def uninterrupted_compare(tmp_path_factory) -> tuple[dict, float]:
    where = tmp_path_factory.mktemp("compare_reference")
    started = time.monotonic()
    command = compare_command(where / "cache")
    at = command.index("--cache")
    done = run([*command[:at], *command[at + 2 :], "--no-cache"], where)  # no cache at all
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), time.monotonic() - started


@pytest.fixture(scope="module")
def uninterrupted_sweep(tmp_path_factory) -> tuple[pd.DataFrame, float]:
    where = tmp_path_factory.mktemp("sweep_reference")
    started = time.monotonic()
    done = run(sweep_command(where / "sweep"), where)
    assert done.returncode == 0, done.stderr
    return sweep_metrics(where / "sweep"), time.monotonic() - started


def sweep_metrics(directory: Path) -> pd.DataFrame:
    frame = pd.read_parquet(directory / "results.parquet")
    return frame[["scenario", "seed", "status", *METRICS]].sort_values(["scenario", "seed"])


@pytest.mark.parametrize("trial", range(TRIALS))
def test_ctrl_c_on_compare_stops_cleanly_and_resumes(trial, uninterrupted_compare, tmp_path):
    reference, seconds = uninterrupted_compare
    fraction, to_group, twice = plan(1)[trial]
    args = compare_command(tmp_path / "cache")
    stop = Interrupted(args, tmp_path, fraction * seconds, to_group, twice)
    assert_clean_stop(stop, tmp_path)

    resumed = run(args, tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout) == reference
    if stop.code == 130:  # what the interrupt said it kept is what the resume reused
        kept = re.search(r"after (\d+) of \d+ runs", stop.stderr)
        reused = re.search(r"(\d+) of \d+ runs reused", resumed.stderr)
        assert (int(kept[1]) if kept else 0) == (int(reused[1]) if reused else 0), (
            stop.stderr + resumed.stderr
        )


#: A sweep costs seconds of start-up whatever its size: its ten interrupts come in two chains
#: of five, each on one directory (interrupted, run again and interrupted again), each chain
#: finished by a resume that must equal the uninterrupted sweep.
CHAINS = 2


@pytest.mark.parametrize("chain", range(CHAINS))
def test_ctrl_c_on_sweep_stops_cleanly_and_resumes(chain, uninterrupted_sweep, tmp_path):
    reference, seconds = uninterrupted_sweep
    args = sweep_command(tmp_path / "sweep")
    for fraction, to_group, twice in plan(2 + chain)[: TRIALS // CHAINS]:
        stop = Interrupted(args, tmp_path, fraction * seconds, to_group, twice)
        assert_clean_stop(stop, tmp_path)

    resumed = run(args, tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    pd.testing.assert_frame_equal(
        sweep_metrics(tmp_path / "sweep").reset_index(drop=True),
        reference.reset_index(drop=True),
    )


@pytest.mark.parametrize("converted", [AttributeError, "ConfigError"])
def test_an_error_raised_while_a_library_is_interrupted_is_reported_as_the_interrupt(
    converted, monkeypatch, capsys
):
    """A library cut short by Ctrl-C may raise another error from its clean-up (Hydra once
    did: ``'NoneType' object has no attribute '_invalidate_flags_cache'``); the command still
    says it was interrupted, in one line, with code 130."""
    from salesculture.sim import cli
    from salesculture.sim.config import compose
    from salesculture.sim.config.validation import ConfigError

    error = ConfigError if converted == "ConfigError" else converted

    def composition_cut_short(*args, **kwargs):
        try:
            signal.raise_signal(signal.SIGINT)
        finally:
            raise error("'NoneType' object has no attribute '_invalidate_flags_cache'")

    monkeypatch.setattr(compose, "compose_with_choices", composition_cut_short)
    code = cli.main(["run", "years=1"])
    err = capsys.readouterr().err
    assert code == 130
    assert err.strip() == "salesculture: error: interrupted"


def _ctrl_c_state() -> tuple[bool, bool]:
    """(Ctrl-C blocked, Ctrl-C ignored) in the calling process."""
    blocked = signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])
    return blocked, signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def test_a_stopped_compare_worker_ends_without_a_traceback() -> None:
    # A compare interrupted early stops its idle workers with SIGTERM; forked from the command,
    # they had its SIGTERM handler (raise KeyboardInterrupt) and printed its traceback.
    script = (
        "from concurrent.futures import ProcessPoolExecutor\n"
        "from salesculture.sim.runs.interrupts import catch_interrupts, ignore_interrupts, "
        "interrupts_blocked, stop_processes\n"
        "catch_interrupts()\n"
        "pool = ProcessPoolExecutor(2, initializer=ignore_interrupts)\n"
        "with interrupts_blocked():\n"
        "    futures = [pool.submit(abs, -1) for _ in range(2)]\n"
        "assert [f.result() for f in futures] == [1, 1]\n"
        "print('stopped', stop_processes(list(pool._processes)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "stopped 2"
    assert "Traceback" not in done.stderr, done.stderr


def test_compare_workers_start_with_ctrl_c_blocked_until_they_ignore_it() -> None:
    # A Ctrl-C between a worker's start and its initializer once printed the worker's
    # traceback: workers now start with it blocked, and unblock it once it is ignored.
    from concurrent.futures import ProcessPoolExecutor

    from salesculture.sim.runs.interrupts import ignore_interrupts, interrupts_blocked

    # A command handles Ctrl-C; pytest started in the background by a shell inherits it
    # ignored (and forked workers would too), so handle it here as a command does.
    signal.signal(signal.SIGINT, signal.default_int_handler)  # put back after the test
    before = _ctrl_c_state()
    with interrupts_blocked():
        bare = ProcessPoolExecutor(1)
        started = bare.submit(_ctrl_c_state)
        ready = ProcessPoolExecutor(1, initializer=ignore_interrupts)
        working = ready.submit(_ctrl_c_state)
    assert started.result() == (True, False)  # as it starts: blocked
    assert working.result() == (False, True)  # once initialised: ignored, not blocked
    assert _ctrl_c_state() == before  # the parent's own mask is back
    bare.shutdown()
    ready.shutdown()


def test_ctrl_c_in_a_garbage_collector_callback_stops_the_command_without_a_traceback(
    tmp_path: Path,
) -> None:
    """A Ctrl-C that lands in a weakref callback (matplotlib's, in a fresh-clone CI run) is
    not printed as "Exception ignored"; it reaches the main thread and stops the command."""
    code = (
        "import signal, time, weakref\n"
        "from salesculture.sim.runs.interrupts import catch_interrupts\n"
        "catch_interrupts()\n"
        "class Thing: pass\n"
        "thing = Thing()\n"
        "ref = weakref.ref(thing, lambda _: signal.raise_signal(signal.SIGINT))\n"
        "try:\n"
        "    del thing\n"
        "    time.sleep(2)\n"
        "    print('not interrupted')\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert done.stdout.strip() == "interrupted", done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
