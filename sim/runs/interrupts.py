"""Stopping long commands cleanly: Ctrl-C (or SIGTERM) ends them within seconds.

A long command (``compare``, ``sweep``) runs its work in worker processes. When it is
interrupted the command stops its workers explicitly (terminate, then kill whatever is still
alive after a grace period), removes the temporary files of writes that were cut short, and
exits with one line. Everything that finished was written atomically and stays.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

#: Seconds a worker is given to exit after SIGTERM before it is killed.
GRACE_SECONDS = 3.0
#: Part of the command line of the resource trackers of multiprocessing and loky: left to exit
#: with the command, as they remove the shared resources the workers registered.
TRACKER = "resource_tracker"
#: The temporary files of :func:`sim.runs.runfiles.atomic_write`: ``.NAME.XXXX.tmp``.
PARTIAL_FILES = ".*.tmp"


class Interrupted(KeyboardInterrupt):
    """Ctrl-C stopped a command; the message says what was kept and how to resume."""


def ignore_interrupts() -> None:
    """Make a worker process ignore Ctrl-C, and end quietly on SIGTERM: its parent decides.

    A terminal sends Ctrl-C to every process of the foreground group; workers that ignore it
    print no traceback of their own and are stopped by :func:`stop_processes` (SIGTERM). A
    forked worker inherits the command's SIGTERM handler (:func:`catch_interrupts`), which
    would raise KeyboardInterrupt and print its traceback: the worker restores the default,
    ending at once. A pool started with Ctrl-C blocked (:func:`interrupts_blocked`) closes the
    gap between a worker's start and this call; the worker unblocks it once it is ignored.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextlib.contextmanager
def interrupts_blocked():
    """Block Ctrl-C in this thread meanwhile: worker processes started here start with it blocked.

    A Ctrl-C that arrives meanwhile reaches this process when the block ends.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


#: Set when Ctrl-C or SIGTERM reached the command. A library interrupted in the middle of its
#: work may raise another error from its clean-up in place of the KeyboardInterrupt; the command
#: still reports the interrupt, not that error.
INTERRUPTED = threading.Event()


def _interrupt(signum: int, frame: object) -> None:
    INTERRUPTED.set()
    raise KeyboardInterrupt


#: How long after a Ctrl-C that could not be raised it is delivered again (seconds).
REDELIVER_SECONDS = 0.05


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """A Ctrl-C that landed where Python cannot raise it (a garbage collector's callback).

    Python would print it as "Exception ignored in ..." with a traceback and carry on: instead
    it is delivered again to the main thread, where it stops the command as any Ctrl-C does
    (nothing happens if the command already ignores further interrupts).
    """
    if isinstance(unraisable.exc_value, KeyboardInterrupt) and INTERRUPTED.is_set():
        # From another thread, a moment later: raised once the callback is over, not in it.
        main = threading.main_thread().ident
        timer = threading.Timer(REDELIVER_SECONDS, signal.pthread_kill, args=(main, signal.SIGINT))
        timer.daemon = True
        timer.start()
        return
    sys.__unraisablehook__(unraisable)


def catch_interrupts() -> tuple[object, object]:
    """Turn Ctrl-C and SIGTERM into a KeyboardInterrupt, and remember that one came.

    SIGTERM is how a scheduler or ``kill`` stops a command; :data:`INTERRUPTED` is set.

    Returns:
        The SIGINT and SIGTERM handlers it replaces.
    """
    INTERRUPTED.clear()
    sys.unraisablehook = _unraisable
    return signal.signal(signal.SIGINT, _interrupt), signal.signal(signal.SIGTERM, _interrupt)


def ignore_further_interrupts() -> None:
    """A command that is stopping ignores a second Ctrl-C (or SIGTERM) until it has exited."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


@contextlib.contextmanager
def uninterruptible() -> Iterator[None]:
    """Ignore further Ctrl-C while cleaning up after the first one."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def stop_processes(pids: Iterable[int], grace: float = GRACE_SECONDS) -> int:
    """Terminate the processes ``pids`` and their descendants; kill any left after ``grace``.

    Returns:
        How many processes were stopped.
    """
    import psutil

    found: dict[int, psutil.Process] = {}
    for pid in pids:
        try:
            process = psutil.Process(pid)
            for member in [process, *process.children(recursive=True)]:
                found[member.pid] = member
        except psutil.NoSuchProcess:
            continue
    processes = list(found.values())
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.terminate()
    _, alive = psutil.wait_procs(processes, timeout=grace)
    for process in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    psutil.wait_procs(alive, timeout=grace)
    return len(processes)


def stop_children() -> int:
    """Stop every descendant of this process (the workers of the command that was interrupted).

    Used by the command line only: a library caller stops its own pool instead.
    """
    import os

    import psutil

    stop_loky_workers()
    workers = []
    for child in psutil.Process(os.getpid()).children(recursive=False):
        try:
            if not any(TRACKER in part for part in child.cmdline()):
                workers.append(child.pid)
        except psutil.NoSuchProcess:
            continue
    return stop_processes(workers)


def stop_loky_workers() -> None:
    """Shut down joblib's reusable loky executor, killing its workers, if one was started."""
    import sys

    if "joblib.externals.loky.reusable_executor" not in sys.modules:
        return
    from joblib.externals.loky import reusable_executor

    executor = getattr(reusable_executor, "_executor", None)
    if executor is not None:
        with contextlib.suppress(Exception):
            executor.shutdown(wait=True, kill_workers=True)


def workers_ignore_interrupts() -> None:
    """Start joblib's loky workers (``hydra/launcher=joblib``) with Ctrl-C blocked.

    A terminal's Ctrl-C reaches every process of the command, and a loky worker that gets it
    while loading prints a traceback. The workers are started while this thread blocks SIGINT
    (a blocked signal stays blocked in a started process), so only the sweep's own process sees
    Ctrl-C, and it stops the workers (:func:`stop_children`). A Ctrl-C that arrives during the
    start is delivered to the sweep's process as soon as the workers have started.
    """
    from multiprocessing import resource_tracker as multiprocessing_tracker

    from joblib import register_parallel_backend
    from joblib._parallel_backends import LokyBackend
    from joblib.externals.loky.backend import resource_tracker as loky_tracker

    class LokyWorkersIgnoringInterrupts(LokyBackend):
        def configure(self, *args, **kwargs):
            # The resource trackers unblock SIGINT after starting: start them first.
            loky_tracker.ensure_running()
            multiprocessing_tracker.ensure_running()
            previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                jobs = super().configure(*args, **kwargs)
                self._workers._ensure_executor_running()
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)
            return jobs

    register_parallel_backend("loky", LokyWorkersIgnoringInterrupts)


def remove_partial_files(directory: Path | None) -> int:
    """Remove the temporary files of atomic writes cut short under ``directory``.

    Returns:
        How many were removed.
    """
    if directory is None or not Path(directory).is_dir():
        return 0
    removed = 0
    for path in Path(directory).rglob(PARTIAL_FILES):
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    return removed
