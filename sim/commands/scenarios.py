"""``salesculture scenarios``: the presets, one line each, baseline first."""

from __future__ import annotations

import argparse

from sim.config import configdirs


def scenario_descriptions() -> dict[str, str]:
    """Each preset's name and one-line description, from ``conf/scenario/`` (and --config-dir)."""
    import yaml

    from sim.config.hydraerrors import check_option_file

    found = {}
    for name in configdirs.group_options("scenario"):
        check_option_file("scenario", name, keys=False)  # one line for a file that is not YAML
        data = yaml.safe_load(configdirs.option_file("scenario", name).read_text()) or {}
        found[name] = (data.get("scenario") or {}).get("description", "")
    return found


def cmd_scenarios(_args: argparse.Namespace) -> int:
    """List presets, baseline first."""
    presets = scenario_descriptions()
    order = ["baseline"] + [n for n in presets if n != "baseline"]
    width = max(map(len, presets))
    for name in order:
        print(f"{name:<{width}}  {presets[name]}")
    return 0
