"""Compose a configuration that only chooses options, from the YAML files, without Hydra.

``salesculture show PRESET`` composes the preset, the baseline, and the baseline with the
preset's options. Hydra takes about a third of a second for each composition, and as long
again to be imported; this module reads the same files with OmegaConf and merges them in the
order Hydra does, for what the project's files use:

- ``conf/config.yaml``'s defaults list: the schema (``base_config``), one option per config
  group, ``_self_``, Hydra's own group (left out, as :func:`sim.config.compose.to_sim_config` leaves
  it out) and ``experiment: null``;
- a preset with ``# @package _global_`` or no package header, whose defaults list holds only
  ``override /GROUP: OPTION`` of those groups (and ``_self_``);
- an option of a config group, without a package header, whose defaults list names other
  options of its group (and ``_self_``);
- overrides that choose an option of a config group (``leadership=sales_led``).

Files are found where Hydra finds them: ``conf/`` first, then the outside config directories
(:mod:`sim.config.configdirs`). Anything else (another override, package header or defaults entry, a
file that does not load, a value the schema or the checks refuse) is composed by Hydra
(:func:`sim.config.compose.compose_with_choices`), which also says what is wrong.
``tests/test_show_compose.py`` checks that both ways give the same for every preset.
"""

from __future__ import annotations

import copy
import functools
import os
import pickle
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from omegaconf import DictConfig, OmegaConf, flag_override

from salesculture.sim.config import configdirs
from salesculture.sim.config.compose import SCHEMA_NAME, named, to_sim_config
from salesculture.sim.config.configdirs import PRESET_GROUP
from salesculture.sim.config.hydraerrors import check_option_file
from salesculture.sim.config.schema import SimConfig

#: A name of a config group or option as this module takes it (Hydra's grammar allows more).
NAME = re.compile(r"[A-Za-z_]\w*")
#: What Hydra's override grammar reads as something other than a name.
KEYWORDS = frozenset({"true", "false", "null", "nan", "inf"})
OVERRIDE = re.compile(r"override /([A-Za-z_]\w*)")
SELF = "_self_"
#: Entries of the primary defaults list: the schema, the primary config itself, Hydra's group.
SCHEMA, PRIMARY = object(), object()


class Unsupported(Exception):  # noqa: N818 (not an error: what Hydra composes instead)
    """What this module does not compose: Hydra does."""


Composed = tuple[SimConfig, dict[str, str]]


class Compositions:
    """:func:`sim.config.compose.compose_with_choices`, without Hydra where it can, for one command.

    Overrides that come to the same options (``scenario=baseline`` and none) are composed once;
    each call returns a fresh copy. Keep one for one command: files are read once.
    """

    def __init__(self) -> None:
        self._done: dict[tuple[tuple[str, str], ...], Composed] = {}
        self._files = Files()

    def __call__(self, overrides: list[str] | None = None) -> Composed:
        """The configuration ``overrides`` compose, and the option chosen per config group.

        Raises:
            ConfigError: one line naming the bad key or value (from Hydra's composition).
        """
        from salesculture.sim.config import compose

        overrides = list(overrides or [])
        try:
            plan = _plan(overrides, self._files)
            key = tuple(plan.recorded.items())
            if key not in self._done:
                self._done[key] = _composed(plan)
        except Exception:  # not covered here, or refused: Hydra composes it and says what is wrong
            return compose.compose_with_choices(overrides)
        return copy.deepcopy(self._done[key])


@dataclass
class Plan:
    """What a composition merges: the primary config, its defaults list, the options chosen."""

    content: dict[str, Any]  #: ``config.yaml`` without its defaults list
    entries: list[tuple[Any, str | None]]  #: its defaults list: ``(group, option)`` in order
    choices: dict[str, str | None]  #: the option of each group, after every override
    preset: Loaded  #: the preset file
    files: Files  #: where the files are read

    @property
    def recorded(self) -> dict[str, str]:
        """The choices as Hydra records them (``hydra.runtime.choices``, its own left out)."""
        return {g: str(self.choices[g]) for g, _ in reversed(self.entries) if isinstance(g, str)}


def _plan(overrides: list[str], files: Files) -> Plan:
    """Read the defaults lists: which option of each config group ``overrides`` come to."""
    chosen = _chosen(overrides)
    content, entries = _primary(files)
    groups = {group: option for group, option in entries if isinstance(group, str)}
    if not set(chosen) <= set(groups) - {configdirs.HYDRA_GROUP} or PRESET_GROUP not in groups:
        raise Unsupported("an override of a group the defaults list does not choose")
    choices = {**groups, **chosen}
    preset = files.load(_option_file(PRESET_GROUP, choices[PRESET_GROUP]))
    before = [group for group, _ in entries[: [g for g, _ in entries].index(PRESET_GROUP)]]
    for group, option in _preset_overrides(preset.defaults):
        if group not in before or group == configdirs.HYDRA_GROUP:
            raise Unsupported(f"override /{group} of a group not chosen before the preset")
        if group not in chosen:
            choices[group] = option
    return Plan(content, entries, choices, preset, files)


def _composed(plan: Plan) -> Composed:
    """Merge what ``plan`` names, in order, as Hydra merges it; validate and name it."""
    entries = plan.entries
    if not entries or entries[0][0] is not SCHEMA:
        raise Unsupported("the schema is not first")
    cfg = pickle.loads(_schema())  # an empty config with the schema merged into it
    with flag_override(cfg, "no_deepcopy_set_nodes", True):  # as Hydra merges
        for group, _ in entries[1:]:
            for part in _parts(group, plan):
                cfg.merge_with(part)
    recorded = plan.recorded
    config = named(to_sim_config(cfg), recorded)
    check_option_file(PRESET_GROUP, recorded[PRESET_GROUP], keys=False)
    return config, recorded


def _chosen(overrides: list[str]) -> dict[str, str]:
    """The options ``overrides`` choose: ``{group: option}``, each given once."""
    chosen: dict[str, str] = {}
    for text in overrides:
        group, _, option = text.partition("=")
        if not (NAME.fullmatch(group) and NAME.fullmatch(option)) or group in chosen:
            raise Unsupported(text)
        if option.lower() in KEYWORDS:
            raise Unsupported(text)
        chosen[group] = option
    return chosen


def _primary(files: Files) -> tuple[dict[str, Any], list[tuple[Any, str | None]]]:
    """``config.yaml`` without its defaults list, and the list: ``(group, option)`` in order."""
    header, defaults, content = files.load(configdirs.conf_dir() / "config.yaml")
    if header is not None or any(
        (directory / f"{SCHEMA_NAME}.yaml").exists() for directory in configdirs.search_dirs()
    ):
        raise Unsupported("a package header, or a file named like the schema")
    entries: list[tuple[Any, str | None]] = []
    for item in defaults:
        if item == SCHEMA_NAME:
            entries.append((SCHEMA, None))
        elif item == SELF:
            entries.append((PRIMARY, None))
        elif isinstance(item, dict) and len(item) == 1:
            ((group, option),) = item.items()
            if not NAME.fullmatch(group) or not (option is None or isinstance(option, str)):
                raise Unsupported(f"defaults entry {item}")
            entries.append((group, option))
        else:
            raise Unsupported(f"defaults entry {item}")
    kinds = [group for group, _ in entries]
    names = [group for group in kinds if isinstance(group, str)]
    if kinds.count(PRIMARY) != 1 or kinds.count(SCHEMA) > 1 or len(set(names)) != len(names):
        raise Unsupported("_self_ missing or twice, or an entry twice")
    return content, entries


def _preset_overrides(defaults: list[Any]) -> Iterator[tuple[str, str]]:
    """The ``override /GROUP: OPTION`` entries of a preset's defaults list."""
    seen: set[str] = set()
    for item in defaults:
        if item == SELF and SELF not in seen:
            seen.add(SELF)
            continue
        if not (isinstance(item, dict) and len(item) == 1):
            raise Unsupported(f"defaults entry {item}")
        ((key, option),) = item.items()
        match = OVERRIDE.fullmatch(key)
        if match is None or not isinstance(option, str) or match[1] in seen:
            raise Unsupported(f"defaults entry {item}")
        seen.add(match[1])
        yield match[1], option


def _parts(group: Any, plan: Plan) -> Iterator[DictConfig]:
    """What one entry of the primary defaults list merges, in order."""
    if group is PRIMARY:
        yield OmegaConf.create(plan.content)
    elif group == configdirs.HYDRA_GROUP or plan.choices[group] is None:
        return
    elif group == PRESET_GROUP:
        header, _, content = plan.preset
        if header not in (None, "_global_"):
            raise Unsupported(f"# @package {header}")
        cfg = OmegaConf.create(content)
        yield cfg if header == "_global_" else _embedded(group, cfg)
    else:
        yield from _option_parts(group, str(plan.choices[group]), (), plan.files)


@functools.cache
def _schema() -> bytes:
    """An empty config with the schema merged into it, as Hydra starts, pickled.

    The schema is :class:`SimConfig`, as Hydra's ConfigStore holds it. Made once; each
    composition unpickles its own copy (several times faster than a deep copy).
    """
    cfg = OmegaConf.create()
    with flag_override(cfg, "no_deepcopy_set_nodes", True):
        cfg.merge_with(OmegaConf.structured(SimConfig))
    return pickle.dumps(cfg)


def _option_parts(
    group: str, option: str, within: tuple[str, ...], files: Files
) -> Iterator[DictConfig]:
    """An option of ``group`` and the options its defaults list names, under ``group``."""
    if option in within:
        raise Unsupported(f"{group}/{option} names itself")
    header, items, content = files.load(_option_file(group, option))
    if header is not None:
        raise Unsupported(f"# @package {header}")
    if SELF not in items:  # Hydra merges the file's own content last
        items.append(SELF)
    if items.count(SELF) != 1:
        raise Unsupported("_self_ twice")
    for item in items:
        if item == SELF:
            yield _embedded(group, OmegaConf.create(content))
        elif isinstance(item, str) and NAME.fullmatch(item):
            yield from _option_parts(group, item, (*within, option), files)
        else:
            raise Unsupported(f"defaults entry {item}")


def _embedded(package: str, cfg: DictConfig) -> DictConfig:
    """``cfg`` under ``package``, as Hydra places a config of a group."""
    wrapped = OmegaConf.create()
    with flag_override(wrapped, "no_deepcopy_set_nodes", True):  # cfg is this one's own copy
        OmegaConf.update(wrapped, package, cfg, merge=False)
    return wrapped


def _option_file(group: str, option: str | None) -> Path:
    """The file of an option, where Hydra finds it (a name this module takes)."""
    path = configdirs.option_file(group, option) if option and NAME.fullmatch(option) else None
    if path is None:
        raise Unsupported(f"{group}={option}: no such option")
    return path


class Loaded(NamedTuple):
    """A config file as Hydra reads it, its defaults list taken out of its content."""

    header: str | None  #: its ``# @package``, if any
    defaults: list[Any]  #: its defaults list (empty if none)
    content: dict[str, Any]  #: the rest, as ``OmegaConf.load`` parses it (make a config of it)


class Files:
    """Config files as Hydra reads them (``OmegaConf.load``), each file read and parsed once."""

    def __init__(self) -> None:
        self._read: dict[str, tuple[str | None, Any]] = {}

    def load(self, path: Path) -> Loaded:
        """A file's package header, its defaults list and the rest (a fresh copy of both)."""
        real = os.path.realpath(path)
        if real not in self._read:
            from omegaconf._utils import get_yaml_loader

            with open(real, encoding="utf-8") as file:
                header = _package(file.read(512))
                file.seek(0)
                self._read[real] = header, yaml.load(file, Loader=get_yaml_loader())
        header, data = self._read[real]
        if not isinstance(data, dict):  # empty, or not a mapping: Hydra composes it
            raise Unsupported(f"{path}: not a mapping")
        data = copy.deepcopy(data)
        defaults = data.pop("defaults", [])  # as Hydra takes it out of the loaded config
        if not isinstance(defaults, list):
            raise Unsupported("defaults is not a list")
        return Loaded(header, defaults, data)


def _package(text: str) -> str | None:
    """The ``# @package`` of a file's header: its leading ``# @KEY VALUE`` lines (Hydra's)."""
    found: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not re.match(r"^\s*#\s*@", line):
            break
        words = line.lstrip("#").strip().split()
        if len(words) != 2:
            raise Unsupported(f"header line {line!r}")
        if words[0].startswith("@"):
            found[words[0][1:]] = words[1]
    return found.get("package")
