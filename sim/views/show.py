"""``salesculture show PRESET``: what a preset sets, axis by axis, against the baseline."""

from __future__ import annotations

import argparse
import dataclasses

import yaml


def _leaves(data: dict, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_leaves(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def show(args: argparse.Namespace) -> int:
    """What a preset (with overrides) sets, axis by axis, against the baseline."""
    from salesculture.sim.config.configdirs import PRESET_GROUP
    from salesculture.sim.config.labels import labelled
    from salesculture.sim.config.schema import REGIME_AXES
    from salesculture.sim.config.validation import check_presets
    from salesculture.sim.config.yamlcompose import Compositions

    check_presets([args.preset])
    presets = [o for o in args.overrides if o.split("=")[0] == PRESET_GROUP]
    if presets:  # refused as compare refuses it
        from salesculture.sim.runs.compare import check_overrides_of_compare

        check_overrides_of_compare(presets)
    compose = Compositions()  # without Hydra for what the project's presets use
    config, choices, name = labelled(args.preset, list(args.overrides), compose)
    if args.resolved:
        print(f"# {name}: resolved configuration")
        print(yaml.safe_dump(dataclasses.asdict(config), sort_keys=False), end="")
        return 0
    _, base = compose([])
    baseline = base.get(PRESET_GROUP, "baseline")
    preset = choices.get(PRESET_GROUP, args.preset)
    described = f" (preset {preset})" if name != preset else ""
    print(f"{name}{described}: {config.scenario.description or '(no description)'}")
    if config.scenario.channels:
        print(f"works through (salesculture explain): {', '.join(config.scenario.channels)}")
    width = max(len(a) for a in REGIME_AXES)
    column = max(24, len(name))
    print(f"{'axis':<{width}}  {name:<{column}}  {baseline}")
    differing = 0
    for axis in REGIME_AXES:
        mine, theirs = choices.get(axis, "?"), base.get(axis, "?")
        mark = "  <- differs" if mine != theirs else ""
        differing += mine != theirs
        print(f"{axis:<{width}}  {mine:<{column}}  {theirs}{mark}")
    # Parameters that differ from the baseline given the same axis options: what the preset
    # (or an override) sets beyond choosing options.
    same_axes, _ = compose([f"{a}={choices[a]}" for a in REGIME_AXES if a in choices])
    mine_leaves = _leaves(dataclasses.asdict(config))
    base_leaves = _leaves(dataclasses.asdict(same_axes))
    others = [
        f"{key}={mine_leaves[key]} (baseline with the same options: {base_leaves.get(key)})"
        for key in mine_leaves
        if not key.startswith(f"{PRESET_GROUP}.") and mine_leaves[key] != base_leaves.get(key)
    ]
    print(
        f"{differing} of {len(REGIME_AXES)} axes differ from {baseline}; "
        + (f"other parameters differing: {len(others)}" if others else "no other parameter differs")
    )
    for line in others:
        print(f"  {line}")
    return 0
