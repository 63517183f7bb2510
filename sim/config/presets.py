"""The presets (``conf/scenario/`` and outside config directories) and their one-line descriptions.

Read by ``salesculture scenarios`` and the live page's preset pickers, so both say the same.
"""

from __future__ import annotations

import yaml

from sim.config.configdirs import PRESET_GROUP, group_options, option_file
from sim.config.errors import ConfigError
from sim.config.hydraerrors import check_option_file


def scenario_descriptions() -> tuple[dict[str, str], list[str]]:
    """Each usable preset's one-line description, and one line per preset file that is not.

    The presets are those of ``conf/scenario/`` and of the outside directories (``--config-dir``).
    """
    found, broken = {}, []
    for name in group_options(PRESET_GROUP):
        try:
            check_option_file(PRESET_GROUP, name)  # the file's problem, in one line
        except ConfigError as error:
            broken.append(str(error))
            continue
        path = option_file(PRESET_GROUP, name)
        data = yaml.safe_load(path.read_text()) or {}
        found[name] = (data.get("scenario") or {}).get("description", "")
    return found, broken
