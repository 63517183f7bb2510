"""``salesculture scenarios``: the presets, one line each, baseline first.

A preset file Hydra cannot use (one of one's own, in ``--config-dir DIR/scenario/``) is named
in one line on stderr, and the other presets are still listed; the exit code is then 2, as
for any command that meets the file, so that a script checking a config directory notices.
"""

from __future__ import annotations

import argparse
import sys

from salesculture.sim.commands.common import fail


def cmd_scenarios(_args: argparse.Namespace) -> int:
    """List presets, baseline first; name each preset file that cannot be used (exit code 2)."""
    from salesculture.sim.config.presets import (
        scenario_descriptions,  # YAML: loaded when the command runs
    )

    presets, broken = scenario_descriptions()
    order = [n for n in presets if n == "baseline"] + [n for n in presets if n != "baseline"]
    width = max(map(len, presets), default=0)
    for name in order:
        print(f"{name:<{width}}  {presets[name]}")
    sys.stdout.flush()  # the listing first, then the lines of the broken files
    for line in broken:
        fail(line)
    return 2 if broken else 0
