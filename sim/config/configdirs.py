"""Config directories outside the project, searched like ``conf/`` (Hydra's search path).

``salesculture run|compare|sweep|show|scenarios|rerun --config-dir DIR`` (repeatable), or the
override ``hydra.searchpath=[file://DIR]``, adds ``DIR`` to the places config files are found:
its presets (``DIR/scenario/``), options of any regime axis, ``experiment/`` files and files of
parameters (a config group of one's own, chosen with ``+group=name``) work like the built-in
ones. ``conf/`` is searched first, as Hydra searches its primary config directory first, so an
outside file may not give a built-in option a different content (refused in one line).

The directories in force are kept in the environment variable :data:`ENV`, so that every
process a command starts (compare's workers, a sweep's launcher) sees them; a Hydra job also
takes them from its own ``hydra.searchpath`` (:func:`adopt`), which reaches any launcher. Every
result file records them (``config_dirs``, :func:`record`) and the command that makes it again,
``--config-dir`` included (``command``, :func:`command_line`).

A subcommand takes the option through :func:`add_option`; :func:`sim.cli.main` puts the
directories of any subcommand in force (:func:`activate`) before it runs and restores the
environment after. Importing this module loads neither the model nor Hydra.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from salesculture.sim.config.errors import ConfigError

#: The project's own config directory (``conf/``); tests may point it elsewhere.
CONF_DIR = Path(__file__).resolve().parents[2] / "conf"
#: The config group of the scenario presets.
PRESET_GROUP = "scenario"
#: The config group of companies: a fitted company's config (``company/NAME_fitted.yaml``, a
#: ``# @package _global_`` file) is an option; a company profile beside it (``company/NAME.yaml``,
#: no package header; :mod:`sim.config.company`) is not.
COMPANY_GROUP = "company"

#: The environment variable holding the outside config directories, separated by ``os.pathsep``.
ENV = "SALESCULTURE_CONFIG_DIRS"
#: Hydra's key of its search path, and the scheme of a directory on it.
SEARCHPATH = "hydra.searchpath"
FILE_SCHEME = "file://"
#: The option of the commands that take outside config directories.
OPTION = "--config-dir"
#: The command a recorded command line starts with (:func:`command_line`).
PROG = "salesculture"
#: Hydra's own config group: not a config group of the model.
HYDRA_GROUP = "hydra"
#: Where a config file can stand in for a built-in one: the primary config, a group's option,
#: an option of a nested group (``hydra/launcher/``).
SHADOW_PATTERNS = ("*.yaml", "*/*.yaml", "*/*/*.yaml")


def _error(message: str) -> Exception:
    return ConfigError(message)


def conf_dir() -> Path:
    """The project's own ``conf/`` (read when called: tests may point it elsewhere)."""
    return CONF_DIR


def extra_dirs() -> list[Path]:
    """The outside config directories in force, in the order they are searched."""
    return [Path(p) for p in os.environ.get(ENV, "").split(os.pathsep) if p]


def search_dirs() -> list[Path]:
    """Where config files are found: ``conf/`` first, then the outside directories."""
    return [conf_dir(), *extra_dirs()]


def option_file(group: str, option: str) -> Path | None:
    """The file of option ``option`` of ``group`` that Hydra composes (the first found)."""
    for directory in search_dirs():
        path = directory / group / f"{option}.yaml"
        if path.is_file():
            return path
    return None


def is_profile(path: Path) -> bool:
    """Whether a file of the ``company`` group is a company profile, not a Hydra config.

    A company's config starts with a ``# @package`` line (a fitted company's is
    ``# @package _global_``); a profile has none.
    """
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            head = file.read(1024)
    except OSError:
        return False
    return path.parent.name == COMPANY_GROUP and not re.search(r"^\s*#\s*@package\s", head, re.M)


def group_options(group: str) -> list[str]:
    """The option names of a config group, over ``conf/`` and the outside directories.

    Company profiles are not options (:func:`is_profile`).
    """
    return sorted(
        {
            p.stem
            for d in search_dirs()
            for p in (d / group).glob("*.yaml")
            if group != COMPANY_GROUP or not is_profile(p)
        }
    )


def profile_file(name: str) -> Path | None:
    """The company profile ``company/NAME.yaml`` found first, if that file is a profile."""
    path = option_file(COMPANY_GROUP, name)
    return path if path is not None and is_profile(path) else None


#: Sections that :func:`sim.config.compose.compose_option` returns instead of composing them:
#: those a recorded run switched to (``salesculture rerun`` repeats a run from its record, not
#: from ``conf/`` as it is now). Keyed by (axis, option).
PINNED: dict[tuple[str, str], Any] = {}


@contextlib.contextmanager
def pinned_options(sections: dict[tuple[str, str], Any]) -> Iterator[None]:
    """While inside, ``compose_option(axis, option)`` gives ``sections[axis, option]``."""
    saved = dict(PINNED)
    PINNED.update(sections)
    try:
        yield
    finally:
        PINNED.clear()
        PINNED.update(saved)


def pinned(group: str) -> list[str]:
    """Options of ``group`` pinned by a recorded run (:func:`pinned_options`)."""
    return [option for kind, option in PINNED if kind == group]


def config_groups() -> list[str]:
    """The config groups (other than Hydra's own), over ``conf/`` and the outside directories."""
    return sorted(
        {
            p.name
            for d in search_dirs()
            if d.is_dir()
            for p in d.iterdir()
            if p.is_dir() and p.name != HYDRA_GROUP
        }
    )


def check_dir(text: str, where: str = OPTION) -> Path:
    """``text`` as an absolute config directory.

    Raises:
        ConfigError: one line if it does not exist or is not a directory.
    """
    path = Path(text).expanduser()
    if not text.strip():
        raise _error(f"{where}: empty; give a directory of config files")
    if not path.exists():
        raise _error(f"{where}={text}: no such directory")
    if not path.is_dir():
        raise _error(f"{where}={text}: not a directory (a directory of config files is needed)")
    return path.resolve()


def _entries(text: str) -> list[str]:
    """The entries of a ``hydra.searchpath=[...]`` override (Hydra's grammar)."""
    from hydra.core.override_parser.overrides_parser import OverridesParser

    try:
        value = OverridesParser.create().parse_overrides([text])[0].value()
    except Exception:
        raise _error(f"{text}: write {SEARCHPATH}=[file:///path/to/dir]") from None
    if not isinstance(value, list):
        raise _error(f"{text}: must be a list, e.g. {SEARCHPATH}=[file:///path/to/dir]")
    return [str(entry) for entry in value]


def _is_searchpath(text: str) -> bool:
    return text.partition("=")[0].lstrip("+") == SEARCHPATH


def dirs_in_overrides(overrides: Iterable[str]) -> list[Path]:
    """The directories a ``hydra.searchpath=[file://DIR,...]`` override names (checked).

    Entries of another scheme (``pkg://``) are left to Hydra.

    Raises:
        ConfigError: one line for a directory that does not exist or is not one.
    """
    return [
        check_dir(entry.removeprefix(FILE_SCHEME), SEARCHPATH)
        for text in overrides
        if _is_searchpath(text)
        for entry in _entries(text)
        if entry.startswith(FILE_SCHEME)
    ]


def _quoted(entry: str) -> str:
    if "'" in entry or "\\" in entry:
        raise _error(f"{entry}: a config directory's path may not hold a quote or a backslash")
    return f"'{entry}'"


def searchpath_overrides(others: Iterable[str] = ()) -> list[str]:
    """The override that puts the outside directories (and ``others``) on Hydra's search path."""
    entries = [*(FILE_SCHEME + str(d) for d in extra_dirs()), *others]
    if not entries:
        return []
    return [f"{SEARCHPATH}=[{','.join(map(_quoted, entries))}]"]


def with_searchpath(overrides: Iterable[str]) -> list[str]:
    """``overrides`` with Hydra's search path holding every outside directory in force.

    Entries of another scheme in a ``hydra.searchpath`` override (``pkg://``) are kept.
    """
    overrides = list(overrides)
    if not extra_dirs():
        return overrides
    rest = [o for o in overrides if not _is_searchpath(o)]
    others = [
        entry
        for text in overrides
        if _is_searchpath(text)
        for entry in _entries(text)
        if not entry.startswith(FILE_SCHEME)
    ]
    return [*rest, *searchpath_overrides(others)]


def _check_shadowing(directory: Path) -> None:
    """Refuse an outside option file that differs from the built-in option of its name."""
    base = conf_dir()
    files = (p for pattern in SHADOW_PATTERNS for p in directory.glob(pattern))
    for path in sorted(files):
        relative = path.relative_to(directory)
        builtin = base / relative
        if builtin.is_file() and builtin.read_bytes() != path.read_bytes():
            raise _error(
                f"{path}: the project has its own {relative.as_posix()} ({builtin}), which "
                "Hydra uses instead of yours; give yours another name"
            )


def use(dirs: Iterable[Path]) -> str | None:
    """Put ``dirs`` (after any already in force) in force; return what :data:`ENV` was before.

    Raises:
        ConfigError: for a file of a directory that differs from the built-in one of its name.
    """
    before = os.environ.get(ENV)
    merged: list[Path] = []
    for d in [*extra_dirs(), *dirs]:
        if d not in merged and d != conf_dir().resolve():
            merged.append(d)
    for d in merged:
        _check_shadowing(d)
    if merged:
        os.environ[ENV] = os.pathsep.join(map(str, merged))
    return before


def restore(before: str | None) -> None:
    """Put back what :data:`ENV` was before :func:`use`."""
    if before is None:
        os.environ.pop(ENV, None)
    else:
        os.environ[ENV] = before


def activate(args: argparse.Namespace) -> str | None:
    """Put in force the directories a command names: ``--config-dir`` and ``hydra.searchpath``.

    Returns:
        What :data:`ENV` was before, for :func:`restore`.

    Raises:
        ConfigError: one line for a directory that does not exist or is not one.
    """
    dirs = [check_dir(text) for text in getattr(args, "config_dir", None) or []]
    overrides = [*(getattr(args, "overrides", None) or []), *(getattr(args, "set", None) or [])]
    dirs += dirs_in_overrides(o for o in overrides if isinstance(o, str))
    return use(dirs)


def adopt(searchpath: Iterable[str]) -> None:
    """In a Hydra job: put in force the ``file://`` directories of its ``hydra.searchpath``."""
    entries = [str(e) for e in searchpath]
    dirs = [Path(e.removeprefix(FILE_SCHEME)) for e in entries if e.startswith(FILE_SCHEME)]
    use([d.resolve() for d in dirs if d.is_dir()])


def record() -> dict[str, list[str]]:
    """What a result file records of the outside directories (nothing if none)."""
    dirs = extra_dirs()
    return {"config_dirs": [str(d) for d in dirs]} if dirs else {}


def command_line(arguments: Iterable[str]) -> str:
    """The shell command ``salesculture ARGUMENTS`` that makes a result again, as recorded.

    A ``--config-dir DIR`` follows for each outside directory in force, so that the command
    finds the presets and experiments of one's own; each word is shell-quoted
    (:func:`shlex.join`), so the line can be pasted into a shell as it is.
    """
    import shlex

    dirs = [word for d in extra_dirs() for word in (OPTION, str(d))]
    return shlex.join([PROG, *arguments, *dirs])


def add_option(parser: argparse.ArgumentParser) -> None:
    """Give a subcommand the ``--config-dir DIR`` option (repeatable)."""
    parser.add_argument(
        OPTION,
        dest="config_dir",
        action="append",
        default=[],
        metavar="DIR",
        help="also find presets (DIR/scenario/), regime options, experiment/ and parameter "
        "files in DIR, after the project's conf/ (repeatable; docs/experiments.md)",
    )
