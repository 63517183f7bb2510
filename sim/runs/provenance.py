"""Provenance of a result: package versions and the git commit of the code that made it."""

from __future__ import annotations

import functools
import platform
import subprocess
from importlib import metadata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "salesculture",
    "mesa",
    "numpy",
    "scipy",
    "pandas",
    "pyarrow",
    "hydra-core",
    "omegaconf",
    "networkx",
)


def versions() -> dict[str, str]:
    """Versions of Python and of the packages a result depends on.

    Read once per process (finding a package's version reads the installed packages' records:
    about 20 ms, as much as a short run's other bookkeeping); each call returns a new dict.
    """
    return dict(_versions())


@functools.cache
def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


@functools.cache
def git_commit() -> str:
    """The commit of the working tree, with ``-dirty`` if it has uncommitted changes.

    Read once per process: a sweep's workers do not call git for every run.
    """
    try:
        commit = _git("rev-parse", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return commit + ("-dirty" if dirty else "")


def _git(*args: str) -> str:
    """Output of a git command run in the repository."""
    done = subprocess.run(
        ["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=True, timeout=10
    )
    return done.stdout.strip()


#: The packages whose source makes a result: the model, its agents and its regimes.
MODEL_PACKAGES = ("sim", "agents", "scenarios")


@functools.cache
def code_fingerprint() -> str:
    """A hash of the source files of :data:`MODEL_PACKAGES` and the package versions.

    Unlike the commit, it changes with uncommitted edits, so a cached result is never reused
    by code that would compute it differently.
    """
    import hashlib
    import json

    digest = hashlib.sha256()
    for package in MODEL_PACKAGES:
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            digest.update(str(path.relative_to(REPO_ROOT)).encode())
            digest.update(path.read_bytes())
    digest.update(json.dumps(versions(), sort_keys=True).encode())
    return digest.hexdigest()[:16]
