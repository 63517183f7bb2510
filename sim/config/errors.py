"""The errors every command reports in one line, and how a refused name suggests another.

Importing this module loads nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable


class ConfigError(ValueError):
    """A configuration problem, described in one line."""


class OneLine(BaseException):  # noqa: N818 (not an error of its own: one carried to the top)
    """An error already described in one line, on its way to the command line.

    A :class:`BaseException`, because Hydra prints an exception raised by its task with a
    traceback, and passes on only what is not an :class:`Exception`.
    """


def did_you_mean(name: str, known: Iterable[str], prefix: str = "") -> str:
    """``did you mean X? `` for the names of ``known`` closest to ``name``; empty if none is close.

    Put after the ``; `` of a refusal and before what is allowed, so every refusal of a name
    reads alike: ``scenario 'basline' is unknown; did you mean baseline? valid scenarios: ...``.

    Args:
        name: The name refused.
        known: The names there are.
        prefix: Put before each name suggested (``market.`` for a key of that section).
    """
    import difflib

    close = difflib.get_close_matches(str(name), list(dict.fromkeys(known)), n=3)
    return f"did you mean {' or '.join(prefix + c for c in close)}? " if close else ""


def shown_path(path: object) -> str:
    """A file's path as a message shows it: relative to the working directory when inside it."""
    import os
    from pathlib import Path

    try:
        resolved = Path(str(path)).resolve()
        return os.path.relpath(resolved) if resolved.is_relative_to(Path.cwd()) else str(path)
    except (OSError, ValueError):
        return str(path)
