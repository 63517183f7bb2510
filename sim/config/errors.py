"""The errors every command reports in one line (importing this module loads nothing else)."""

from __future__ import annotations


class ConfigError(ValueError):
    """A configuration problem, described in one line."""


class OneLine(BaseException):  # noqa: N818 (not an error of its own: one carried to the top)
    """An error already described in one line, on its way to the command line.

    A :class:`BaseException`, because Hydra prints an exception raised by its task with a
    traceback, and passes on only what is not an :class:`Exception`.
    """
