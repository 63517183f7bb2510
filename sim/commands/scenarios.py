"""``salesculture scenarios``: the presets, one line each, baseline first.

A preset file Hydra cannot use (one of one's own, in ``--config-dir DIR/scenario/``) is named
in one line on stderr, and the other presets are still listed; the exit code is then 2, as
for any command that meets the file, so that a script checking a config directory notices.
"""

from __future__ import annotations

import argparse
import sys

from sim.commands.common import fail
from sim.config import configdirs
from sim.config.errors import ConfigError


def scenario_descriptions() -> tuple[dict[str, str], list[str]]:
    """Each usable preset's one-line description, and one line per preset file that is not.

    The presets are those of ``conf/scenario/`` and of the outside directories (``--config-dir``).
    """
    import yaml

    from sim.config.hydraerrors import check_option_file

    found, broken = {}, []
    for name in configdirs.group_options(configdirs.PRESET_GROUP):
        try:
            check_option_file(configdirs.PRESET_GROUP, name)  # the file's problem, in one line
        except ConfigError as error:
            broken.append(str(error))
            continue
        path = configdirs.option_file(configdirs.PRESET_GROUP, name)
        data = yaml.safe_load(path.read_text()) or {}
        found[name] = (data.get("scenario") or {}).get("description", "")
    return found, broken


def cmd_scenarios(_args: argparse.Namespace) -> int:
    """List presets, baseline first; name each preset file that cannot be used (exit code 2)."""
    presets, broken = scenario_descriptions()
    order = [n for n in presets if n == "baseline"] + [n for n in presets if n != "baseline"]
    width = max(map(len, presets), default=0)
    for name in order:
        print(f"{name:<{width}}  {presets[name]}")
    sys.stdout.flush()  # the listing first, then the lines of the broken files
    for line in broken:
        fail(line)
    return 2 if broken else 0
