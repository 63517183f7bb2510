"""File systems that refuse to be written, and two sweeps that meet in one directory.

A folder without write permission is tested by running the console script without the right
to write there: as it is when the tests do not run as root; as user ``nobody`` when they do and
``nobody`` can run it; else as root without its privileges, in a user namespace of its own. A
read-only file system and a full one are a small tmpfs mounted in a user and mount namespace for
the one command. Each case is skipped, with the reason, where the system offers none of these.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import CLI
from sweep_gate import hold_until
from test_adversarial import TINY, one_error_line, tree

NOBODY = 65534
#: A tmpfs of 256 KiB holding a user's file and a filler that leaves 32 KiB: room for Hydra's
#: records of a run (about 20 KiB), not for its weekly series (about 64 KiB).
TMPFS_KIB, FREE_KIB = 256, 32


def _works(command: list[str], **kwargs) -> bool:
    try:
        done = subprocess.run(
            [*command, str(CLI), "--version"], capture_output=True, timeout=60, **kwargs
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


@functools.cache
def without_privileges() -> tuple[list[str], dict] | str:
    """How to run the console script without write access to a folder of mode 0555.

    Returns:
        A command prefix and keyword arguments of :func:`subprocess.run`, or why it cannot be.
    """
    if os.geteuid() != 0:
        return [], {}
    as_nobody = {"user": NOBODY, "group": NOBODY, "extra_groups": [], "cwd": "/"}
    if _works([], **as_nobody):
        return [], {"user": NOBODY, "group": NOBODY, "extra_groups": []}
    if shutil.which("unshare") and _works(["unshare", "--user"]):
        return ["unshare", "--user"], {}
    return "root, and neither user nobody nor a user namespace can run the console script"


@pytest.fixture
def base(tmp_path: Path) -> Iterator[Path]:
    """A working directory the unprivileged command can enter (tmp_path is root's own)."""
    how = without_privileges()
    if isinstance(how, str):
        pytest.skip(how)
    if not how[1]:
        yield tmp_path
        return
    free = Path(tempfile.mkdtemp(prefix="salesculture-"))
    free.chmod(0o777)
    yield free
    shutil.rmtree(free, ignore_errors=True)


def unprivileged(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    prefix, kwargs = without_privileges()  # type: ignore[misc]
    return subprocess.run(
        [*prefix, str(CLI), *args], cwd=cwd, capture_output=True, text=True, timeout=120, **kwargs
    )


@pytest.mark.parametrize(
    ("args", "cwd"),
    [
        pytest.param(["run", *TINY, "hydra.run.dir=ro/run"], ".", id="run-into-it"),
        pytest.param(["run", *TINY], "ro", id="run-in-it"),
        pytest.param(["sweep", *TINY, "seed=0,1", "hydra.sweep.dir=ro/s"], ".", id="sweep-into"),
        pytest.param(["sweep", *TINY, "seed=0,1"], "ro", id="sweep-in-it"),
        pytest.param(["compare", "baseline", "--plot", "ro/p.png"], ".", id="plot-into-it"),
        pytest.param(["aggregate", "ro"], ".", id="aggregate-it"),
    ],
)
def test_a_folder_without_write_permission_is_one_line(
    args: list[str], cwd: str, base: Path
) -> None:
    folder = base / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    before = tree(base)
    line = one_error_line(unprivileged(args, base / cwd))
    where = "ro" if cwd == "." else f"the working directory ({folder})"
    assert f"cannot create files in {where}: permission denied" in line
    assert tree(base) == before


def on_tmpfs(args: list[str], cwd: Path, setup: str) -> tuple[subprocess.CompletedProcess, list]:
    """Run the console script with ``cwd/mnt`` a tmpfs of its own, set up by ``setup`` (shell).

    Returns:
        The finished command, and what ``mnt`` held after it (paths relative to it).
    """
    if not shutil.which("unshare") or not _works(["unshare", "--user", "--map-root-user"]):
        pytest.skip("no user namespaces here: a tmpfs cannot be mounted for one command")
    (cwd / "mnt").mkdir()
    script = (
        f"mount -t tmpfs -o size={TMPFS_KIB}k tmpfs mnt || exit 99\n"
        "echo kept > mnt/keep.txt\n"
        f"{setup}\n"
        '"$@"; code=$?\n'
        "(cd mnt && find . | LC_ALL=C sort) > listing.txt\n"
        "exit $code\n"
    )
    command = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh"]
    done = subprocess.run(
        [*command, str(CLI), *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )
    if done.returncode == 99:
        pytest.skip(f"cannot mount a tmpfs in a user namespace: {done.stderr.strip()}")
    return done, (cwd / "listing.txt").read_text().split()


READ_ONLY = "mount -o remount,ro mnt"
FULL = f"dd if=/dev/zero of=mnt/fill bs=1k count={TMPFS_KIB - 4 - FREE_KIB} 2>/dev/null"


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["run", *TINY, "hydra.run.dir=mnt/run"], id="run"),
        pytest.param(["sweep", *TINY, "seed=0,1", "hydra.sweep.dir=mnt/sweep"], id="sweep"),
        pytest.param(["compare", "baseline", "--plot", "mnt/p.png"], id="compare-plot"),
    ],
)
def test_a_read_only_file_system_is_one_line(args: list[str], tmp_path: Path) -> None:
    done, held = on_tmpfs(args, tmp_path, READ_ONLY)
    line = one_error_line(done)
    assert "cannot create files in mnt: read-only file system" in line
    assert held == [".", "./keep.txt"]


#: What Hydra records of a run before it starts, in the run's directory.
RECORDS = ["./.hydra", *(f"./.hydra/{name}.yaml" for name in ("config", "hydra", "overrides"))]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("directory", "left"),
    [
        pytest.param("mnt/run", [".", "./fill", "./keep.txt"], id="its-own-directory"),
        pytest.param(
            "mnt",
            [".", *RECORDS, "./fill", "./keep.txt", "./salesculture.log"],
            id="a-directory-with-other-files",
        ),
    ],
)
def test_a_run_that_fills_the_disk_is_one_line_and_keeps_other_files(
    directory: str, left: list[str], tmp_path: Path
) -> None:
    done, held = on_tmpfs(["run", *TINY, f"hydra.run.dir={directory}"], tmp_path, FULL)
    line = one_error_line(done)
    assert line.endswith("timeseries.parquet: no space left on device"), line
    assert held == left  # the run's own directory is gone; nothing of the user's is


@pytest.mark.slow
def test_a_sweep_that_fills_the_disk_is_one_line(tmp_path: Path) -> None:
    args = ["sweep", *TINY, "seed=0,1", "hydra.sweep.dir=mnt/sweep", "hydra/launcher=basic"]
    done, held = on_tmpfs(args, tmp_path, FULL)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if "error" in line.lower()]
    assert errors == [done.stderr.strip().splitlines()[-1]], done.stderr
    assert "no space left on device" in errors[0] and "mnt/sweep" in errors[0]
    assert "./keep.txt" in held and "./sweep/sweep.json" in held


def test_a_sweep_whose_record_does_not_fit_leaves_nothing(tmp_path: Path) -> None:
    full = "dd if=/dev/zero of=mnt/fill bs=4k 2>/dev/null"
    done, held = on_tmpfs(["sweep", *TINY, "seed=0,1", "hydra.sweep.dir=mnt/s"], tmp_path, full)
    line = one_error_line(done)
    assert "mnt/s: cannot record the sweep there: no space left on device" in line
    assert held == [".", "./fill", "./keep.txt"]


@pytest.mark.slow
def test_two_sweeps_into_one_directory(tmp_path: Path) -> None:
    """The second sweep started while the first runs stops; the first finishes; a different
    sweep into the finished directory stops too, and every finished run is kept."""
    directory, gate = tmp_path / "sweep", tmp_path / "gate"
    sweep = ["sweep", *TINY, "seed=0,1", f"hydra.sweep.dir={directory}", "hydra/launcher=basic"]
    here = [str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, here))}  # sweep_gate
    first = subprocess.Popen(
        [str(CLI), *sweep, *hold_until(gate)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (directory / "sweep.json").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (directory / "sweep.json").exists(), "the first sweep did not start"
        second = subprocess.run(
            [str(CLI), *sweep], cwd=tmp_path, capture_output=True, text=True, timeout=120
        )
        gate.touch()
        out, err = first.communicate(timeout=120)
    finally:
        first.kill()
    line = one_error_line(second)
    assert f"{directory}: another sweep or run is writing into it" in line
    assert first.returncode == 0, err
    results = pd.read_parquet(directory / "results.parquet")
    assert sorted(results.seed) == [0, 1] and set(results.status) == {"ok"}

    before = tree(directory)
    other = [s for s in sweep if not s.startswith("years=")] + ["years=2"]
    third = subprocess.run(
        [str(CLI), *other], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    line = one_error_line(third)
    assert f"{directory} holds another sweep" in line
    assert tree(directory) == before
