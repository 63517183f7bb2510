"""What every subcommand shares: the program's name and its errors in one line."""

from __future__ import annotations

import sys

PROG = "salesculture"


def fail(message: str, code: int = 2) -> int:
    """Print one error line to stderr and return the exit code."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code
