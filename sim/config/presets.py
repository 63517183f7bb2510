"""The presets (``conf/scenario/`` and outside config directories) and their one-line descriptions.

Read by ``salesculture scenarios`` and the live page's preset pickers, so both say the same.
"""

from __future__ import annotations

import yaml

from salesculture.sim.config.configdirs import PRESET_GROUP, group_options, option_file
from salesculture.sim.config.errors import ConfigError
from salesculture.sim.config.hydraerrors import check_option_file


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


def preset_settings(name: str) -> tuple[list[str], list[str]]:
    """What preset ``name`` sets itself: the regime axes it chooses, and the keys it gives values.

    Read from its file (``override /AXIS: OPTION`` in its defaults list; every other key but
    ``scenario``, dotted down to its values). An axis it chooses sets every key of the axis.
    """
    path = option_file(PRESET_GROUP, name)
    data = (yaml.safe_load(path.read_text()) if path is not None else None) or {}
    axes = [
        str(key).removeprefix("override").strip().lstrip("/")
        for entry in data.get("defaults") or []
        if isinstance(entry, dict)
        for key in entry
        if str(key).startswith("override")
    ]
    keys: list[str] = []

    def walk(prefix: str, value: object) -> None:
        if isinstance(value, dict) and value:
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        else:
            keys.append(prefix)

    for key, value in data.items():
        if key not in ("defaults", PRESET_GROUP):
            walk(str(key), value)
    return axes, keys
