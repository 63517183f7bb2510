"""What a run is called: its label, from what it ran rather than from ``scenario.name`` alone.

A label is the preset's name (the option of the ``scenario`` group Hydra chose, i.e. the file
name of the preset), followed by every override that changes the regime the preset sets: an
axis option other than the preset's (``sales_led+leadership=sales_driven``) or a parameter of a
regime axis whose value differs from the preset's (``cross_functional+process.reversion_rate=0``).
A run with interventions says so, one part per switch: ``baseline+week104:leadership=sales_led``
(a preset with switches of its own whose switches are overridden: ``preset+interventions=[...]``).
Overrides of the world (``market.*``, ``workforce.*``, ...), of the seed or of the horizon are
not part of the label: they are recorded beside it. Where nothing is recorded beside the label
(the live page's status), ``label(..., world=True)`` names every parameter that differs from
the preset as well: ``baseline+incentives.values_bonus_share=0.05+workforce.salespeople=124``.

Every place that names a run (tables, JSON, CSV, plots, ``summary.json``, the directory of
``salesculture run``) takes the name from :func:`label`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from salesculture.sim.config.schema import REGIME_AXES, SimConfig

#: The config group of the scenario presets.
PRESET = "scenario"
#: Overrides that never enter a label: they are recorded beside it.
NOT_LABELLED = ("seed", "years")
#: The key of the regime switches during a run.
INTERVENTIONS = "interventions"
#: Why a summary metric can be undefined (NaN), per metric.
UNDEFINED = {
    "nrr": "fewer than 2 years",
    "retention": "no customers",
    "win_rate": "no deal closed",
}


def override_key(text: str) -> str:
    """The key an override sets: ``leadership`` for ``leadership=sales_led`` or ``+x=1``."""
    return text.split("=", 1)[0].lstrip("+~")


def _value(config: SimConfig, path: str) -> Any:
    value: Any = config
    for part in path.split("."):
        value = getattr(value, part, None)
    return value


def regime_overrides(overrides: list[str]) -> list[str]:
    """The overrides that set a regime axis or one of its parameters (last one per key)."""
    found: dict[str, str] = {}
    for text in overrides:
        key = override_key(text)
        if key.split(".")[0] in REGIME_AXES and "=" in text:
            found.pop(key, None)
            found[key] = text.lstrip("+")
    return list(found.values())


def world_overrides(overrides: list[str]) -> list[str]:
    """The overrides of parameters outside the regime axes, the seed, horizon and switches."""
    found: dict[str, str] = {}
    for text in overrides:
        key = override_key(text)
        head = key.split(".")[0]
        if "=" in text and head not in (*REGIME_AXES, *NOT_LABELLED, INTERVENTIONS, PRESET):
            found.pop(key, None)
            found[key] = text.lstrip("+")
    return list(found.values())


def label(
    preset: str,
    overrides: list[str],
    config: SimConfig,
    choices: dict[str, str] | None = None,
    reference: tuple[SimConfig, dict[str, str]] | None = None,
    world: bool = False,
) -> str:
    """The label of a run of ``preset`` with ``overrides``.

    Args:
        preset: The preset requested (the label's first part unless Hydra chose another).
        overrides: The overrides applied on top of the preset.
        config: The composed configuration of the run.
        choices: Hydra's record of the option chosen per config group, if known.
        reference: The preset composed without overrides (config and choices): an override
            that changes nothing against it is left out. Without it, every regime override
            is kept.
        world: Name the overrides of other parameters too (not the seed, horizon or
            switches), each one whose value differs from the reference's.

    Returns:
        ``preset`` or ``preset+key=value+...``.
    """
    choices = choices or {}
    name = choices.get(PRESET, preset)
    parts = [name]
    for text in regime_overrides(overrides) + (world_overrides(overrides) if world else []):
        key = override_key(text)
        if key in REGIME_AXES:
            option = choices.get(key, text.split("=", 1)[1])
            if reference is None or reference[1].get(key) != option:
                parts.append(f"{key}={option}")
        elif reference is None or _value(config, key) != _value(reference[0], key):
            parts.append(text)
    switches = switch_labels(intervention_list(config))
    if reference is not None:
        changed = config.interventions != reference[0].interventions
        replaced = changed and bool(reference[0].interventions)
    else:
        changed = any(override_key(text) == INTERVENTIONS for text in overrides)
        replaced = changed and not switches
    if replaced:  # the preset's own switches are gone: say what replaced them
        parts.append(f"{INTERVENTIONS}=[{','.join(switches)}]")
    elif changed:
        parts += switches
    return "+".join(parts)


def labelled(
    preset: str | None,
    overrides: list[str],
    compose: Callable[[list[str]], tuple[SimConfig, dict[str, str]]] | None = None,
) -> tuple[SimConfig, dict[str, str], str]:
    """Compose ``preset`` (default: the configuration's) with ``overrides``; name the result.

    Args:
        preset: The preset, or None for the configuration's default.
        overrides: Hydra overrides applied on top of it.
        compose: What composes overrides (default :func:`sim.config.compose.compose_with_choices`).

    Returns:
        The configuration, Hydra's choices, and the label (:func:`label`).
    """
    from salesculture.sim.config.compose import compose_with_choices
    from salesculture.sim.config.configdirs import PRESET_GROUP

    compose = compose or compose_with_choices
    head = [f"{PRESET_GROUP}={preset}"] if preset else []
    config, choices = compose([*head, *overrides])
    preset = choices.get(PRESET_GROUP, preset or "")
    reference = compose([f"{PRESET_GROUP}={preset}"])
    return config, choices, label(preset, overrides, config, choices, reference)


def intervention_list(config: SimConfig) -> list[dict[str, Any]]:
    """The switches ``config`` asks for: ``[{"week": 104, "leadership": "sales_led"}, ...]``."""
    return [{"week": entry.week, **dict(entry.switches())} for entry in config.interventions]


def switch_labels(interventions: list[dict[str, Any]]) -> list[str]:
    """One label part per switch of :func:`intervention_list`, by week (``week104:process=...``)."""
    switches = [
        (entry["week"], REGIME_AXES.index(axis), f"week{entry['week']}:{axis}={option}")
        for entry in interventions
        for axis, option in entry.items()
        if axis != "week"
    ]
    return [text for *_, text in sorted(switches)]


def regime(config: SimConfig) -> dict[str, Any]:
    """What a run ran, without its name, seed or horizon: equal for equal configurations."""
    data = dataclasses.asdict(config)
    for key in (PRESET, "seed", "years"):
        data.pop(key, None)
    return data


def axes(choices: dict[str, str]) -> dict[str, str]:
    """The option chosen on each regime axis, in the axes' order."""
    return {axis: choices[axis] for axis in REGIME_AXES if axis in choices}
