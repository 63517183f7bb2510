"""Output paths, checked before anything runs, and file-system errors in one line.

A run's directory, a sweep's directory and a plot file are checked when the command starts, so
that a path that cannot be written stops the command before any simulation, with one line naming
the path and the reason. The check leaves nothing behind: it finds the first part of the path
that exists, refuses a file where a directory is needed or a file system where files cannot be
created (``/proc``, ``/sys``), and creates and removes a probe file there, which is what decides
whether the directory can be written (permissions, a read-only file system). A path with Hydra
interpolations (``outputs/${now:%Y-%m-%d}``) is checked up to its first ``$``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from salesculture.sim.config.errors import ConfigError

#: File systems that hold no user files: creating one there fails or has side effects.
PSEUDO_FILE_SYSTEMS = frozenset(
    {
        "autofs",
        "binfmt_misc",
        "bpf",
        "cgroup",
        "cgroup2",
        "configfs",
        "debugfs",
        "devpts",
        "efivarfs",
        "fusectl",
        "proc",
        "pstore",
        "securityfs",
        "sysfs",
        "tracefs",
    }
)
#: Where such file systems are mounted when the mount table cannot be read.
PSEUDO_ROOTS = {"/proc": "proc", "/sys": "sysfs"}


def reason(error: OSError) -> str:
    """What went wrong, in lower case: ``permission denied``, ``read-only file system``."""
    text = error.strerror or str(error).strip().splitlines()[0]
    return text[:1].lower() + text[1:]


def describe(error: OSError) -> str:
    """One line naming the path of an error and the reason: ``out/x: no space left on device``."""
    path = error.filename2 if error.filename2 is not None else error.filename
    if path is None:
        return reason(error)
    return f"{os.fsdecode(path)}: {reason(error)}"


def static_part(path: str) -> str | None:
    """The part of ``path`` known before Hydra resolves it: the directory before its first ``$``.

    None if the path starts with an interpolation (it can be anywhere).
    """
    if "$" not in path:
        return path
    head = path.split("$", 1)[0]
    if not head:
        return None
    return head if head.endswith("/") else os.path.dirname(head) or "."


def _shown(path: Path) -> str:
    return str(path) if str(path) != "." else f"the working directory ({Path.cwd()})"


def _file_system(path: Path) -> str | None:
    """The type of the file system that holds ``path`` (from the mount table), if known."""
    real = os.path.realpath(path)
    best, kind = "", None
    try:
        with open("/proc/self/mounts") as mounts:
            for line in mounts:
                fields = line.split()
                if len(fields) < 3:
                    continue
                point = fields[1].replace("\\040", " ")
                inside = real == point or real.startswith(point.rstrip("/") + "/")
                if inside and len(point) >= len(best):
                    best, kind = point, fields[2]
    except OSError:
        pass
    for root, name in PSEUDO_ROOTS.items():
        if kind is None and (real == root or real.startswith(root + "/")):
            kind = name
    return kind


def output_dir_problem(path: str | Path) -> str | None:
    """Why a directory cannot be created or written at ``path``, or None if it can.

    Nothing is left behind: the probe file is removed.
    """
    text = str(path)
    if not text.strip():
        return "an empty path; give a directory"
    static = static_part(text)
    if static is None:
        return None
    ancestor, missing = Path(static), []
    try:
        while not ancestor.exists():
            if ancestor.is_symlink():
                return f"{ancestor} is a link to a missing path"
            if ancestor.parent == ancestor:
                return f"{ancestor} does not exist"
            missing.append(ancestor.name)
            ancestor = ancestor.parent
    except OSError as error:
        return f"cannot look into {ancestor.parent}: {reason(error)}"
    if not ancestor.is_dir():
        return f"{ancestor} is a file, not a directory"
    kind = _file_system(ancestor)
    if kind in PSEUDO_FILE_SYSTEMS:
        return f"{ancestor} is on a {kind} file system, where files cannot be created"
    try:
        longest = os.pathconf(ancestor, "PC_NAME_MAX")
    except (OSError, ValueError):
        longest = 255
    for name in missing:
        if len(os.fsencode(name)) > longest:
            return f"the name {name[:40]}... is longer than {longest} bytes (file name too long)"
    try:
        handle, probe = tempfile.mkstemp(prefix=".salesculture-probe-", dir=ancestor)
    except OSError as error:
        return f"cannot create files in {_shown(ancestor)}: {reason(error)}"
    os.close(handle)
    os.unlink(probe)
    return None


def check_output_dir(path: str | Path, what: str) -> None:
    """Refuse a directory that cannot be created or written (see :func:`output_dir_problem`).

    Args:
        path: The directory, possibly with Hydra interpolations.
        what: How the user names it, e.g. ``hydra.run.dir``.

    Raises:
        ConfigError: ``WHAT=PATH: why``, in one line.
    """
    problem = output_dir_problem(path)
    if problem is not None:
        raise ConfigError(f"{what}={path}: {problem}")


def check_output_file(path: str | Path, what: str) -> None:
    """Refuse a file (``--plot FILE.png``) that cannot be written.

    A directory, or a folder that cannot be created or written, is refused.

    Raises:
        ConfigError: ``WHAT=PATH: why``, in one line.
    """
    target = Path(path)
    if target.is_dir():
        problem: str | None = "is a directory; give a file name"
    elif target.exists() and not target.is_file():
        problem = "is not a regular file"
    else:
        problem = output_dir_problem(target.parent)
    if problem is not None:
        raise ConfigError(f"{what}={path}: {problem}")


def safe_name(name: str) -> str:
    """``name`` as one directory name.

    Quotes are dropped; separators, ``$``, spaces and other characters outside letters, digits
    and ``_.=+,-`` become ``_``.

    ``salesculture run`` names its directory by the run's label, which may hold an override's
    quoted value (``incentives.staff_reward_basis='process'``).
    """
    kept = "".join(c for c in name if c not in "'\"")
    safe = "".join(c if c.isalnum() or c in "_.=+,-" else "_" for c in kept)
    if not safe.strip("."):
        safe = safe.replace(".", "_") or "_"
    return safe


def lock_directory(directory: Path) -> int | None:
    """Hold ``directory`` (which must exist) for this process: an advisory lock on it.

    The lock is the directory's own (``flock`` on an open descriptor of it), so nothing is
    written; the system drops it when the descriptor is closed or the process ends, Ctrl-C
    included. Two commands writing one directory at once (two runs into one ``hydra.run.dir``,
    two sweeps into one ``hydra.sweep.dir``) keep apart: the second to take it stops.

    Returns:
        The descriptor that holds the lock (close it to release); None where the file system
        has no such locks, and commands are not kept apart.

    Raises:
        BlockingIOError: if another process holds the directory.
    """
    import fcntl

    handle = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        raise
    except OSError:  # no locks on this file system
        os.close(handle)
        return None
    return handle


def first_missing(path: Path) -> Path | None:
    """The first part of ``path`` that does not exist (what making it would create), or None."""
    missing = None
    for part in (path, *path.parents):
        if part.exists():
            break
        missing = part
    return missing


def remove_made(path: Path, top: Path) -> None:
    """Remove ``path``, then its parents up to ``top`` that are left empty.

    Undoes making ``path`` when ``top`` was its first missing part (:func:`first_missing`);
    a parent that holds anything else (another run's directory) is kept.
    """
    shutil.rmtree(path, ignore_errors=True)
    for parent in path.parents:
        if parent != top and top not in parent.parents:
            break
        try:
            parent.rmdir()
        except OSError:
            break
