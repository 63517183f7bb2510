"""Hydra's errors in one line: the override grammar, composition, and config files of one's own.

Hydra describes a bad override or config file over several lines, in the terms of its parser
(``LexerNoViableAltException``, ``ConfigKeyError raised while composing config``). The functions
here say the same in one line that names the override, the key or the file, and what is allowed:

- :func:`sim.config.overridesyntax.describe_parse_error`: an override Hydra's grammar rejects
  (``scenario=bäseline``, ``years=[1,2``, ``a==b``, ``seed``);
- :func:`check_option_file`: an option file of a config group, such as a preset of one's own in
  ``conf/scenario/``: YAML that parses, a mapping, known keys and options;
- :func:`describe_composition_error`: any error Hydra raises while composing, with the files it
  came from checked by :func:`check_option_file` first.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import yaml

from salesculture.sim.config import configdirs, validation
from salesculture.sim.config.configdirs import PRESET_GROUP
from salesculture.sim.config.errors import ConfigError, did_you_mean
from salesculture.sim.config.schema import SimConfig

#: Lines of Hydra's composition errors that add nothing to the first two.
DETAIL_LINES = ("full_key", "object_type", "reference_type")


def describe_yaml_error(error: yaml.YAMLError, path: Path | str | None = None) -> str:
    """``FILE: not valid YAML (line L, column C: problem)``."""
    mark = getattr(error, "problem_mark", None)
    where = path or (mark.name if mark is not None else "a config file")
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    if mark is None:
        return f"{where}: not valid YAML ({problem})"
    return f"{where}: not valid YAML (line {mark.line + 1}, column {mark.column + 1}: {problem})"


def _package(text: str, group: str) -> str:
    """The key prefix under which an option file's content lands (Hydra's ``@package``)."""
    match = re.search(r"^#\s*@package\s+(\S+)", text, re.MULTILINE)
    package = match.group(1) if match else group.replace("/", ".")
    if package == "_group_":
        package = group.replace("/", ".")
    package = package.removeprefix("_global_").lstrip(".")
    return f"{package}." if package else ""


def _check_defaults(where: str, entries: Any) -> None:
    if not isinstance(entries, list):
        raise ConfigError(f"{where}: defaults must be a list")
    groups = configdirs.config_groups()
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        for name, option in entry.items():
            group = str(name).split()[-1].lstrip("/")
            if group.split("/")[0] == validation.HYDRA_PREFIX:
                continue
            if group not in groups:
                raise ConfigError(
                    f"{where}: defaults: {name}: unknown config group; "
                    f"{did_you_mean(group, groups)}groups: {', '.join(groups)}"
                )
            options = configdirs.group_options(group)
            if str(option) not in options:
                raise ConfigError(
                    f"{where}: defaults: {name}: {option!r} is not an option; "
                    f"{did_you_mean(option, options)}choose one of {', '.join(options)}"
                )


def _section(prefix: str) -> type | None:
    """The dataclass of the configuration section ``prefix`` (``market.``), if there is one."""
    cls: Any = SimConfig
    for part in filter(None, prefix.split(".")):
        names = {f.name for f in dataclasses.fields(cls)}
        if part not in names:
            return None
        cls = validation._field_type(cls, part)
        if not dataclasses.is_dataclass(cls):
            return None
    return cls


def _check_keys(where: str, cls: Any, prefix: str, data: dict) -> None:
    """Check the keys of ``data`` against the section ``cls``, and the types of their values."""
    names = [f.name for f in dataclasses.fields(cls)]
    for key, value in data.items():
        path = f"{prefix}{key}"
        if key not in names:
            section = prefix.rstrip(".") or "the configuration"
            raise ConfigError(
                f"{where}: {path}: unknown key; {did_you_mean(key, names, prefix)}"
                f"valid keys of {section}: {', '.join(names)}"
            )
        kind = validation._field_type(cls, key)
        if value is None or (isinstance(value, str) and "${" in value):
            continue
        if dataclasses.is_dataclass(kind):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: {path}: is a section; set its keys, not a value")
            _check_keys(where, kind, f"{path}.", value)
            continue
        try:
            validation._check_value(path, kind, value)
        except ConfigError as error:
            raise ConfigError(f"{where}: {error}") from None


def check_option_file(group: str, option: str, keys: bool = True) -> None:
    """Check the option file ``GROUP/OPTION.yaml`` the way Hydra reads it, in one line.

    The file is the one Hydra composes: in ``conf/`` or an outside config dir
    (:mod:`sim.config.configdirs`).

    With ``keys=False``, only that it parses and holds a mapping.

    Raises:
        ConfigError: naming the file and the problem: YAML that does not parse, an empty file
            or one that is not a mapping, a key the configuration does not have, a value of
            the wrong type, or an unknown group or option in its defaults.
    """
    path = configdirs.option_file(group, option)
    if path is None:
        return
    text = path.read_text()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(describe_yaml_error(error, path)) from None
    if data is None:
        raise ConfigError(f"{path}: empty; an option of {group} sets at least one key")
    if not isinstance(data, dict):
        kind = {list: "a list", str: "a text"}.get(type(data), type(data).__name__)
        raise ConfigError(f"{path}: holds {kind}, not a mapping of keys to values")
    if not keys:
        return
    prefix = _package(text, group)
    section = _section(prefix)
    for key, value in data.items():
        if key == "defaults":
            _check_defaults(str(path), value)
        elif section is not None and not (key == validation.HYDRA_PREFIX and not prefix):
            _check_package(path, text, section, prefix, key)
            _check_keys(str(path), section, prefix, {key: value})


def _check_package(path: Path, text: str, section: Any, prefix: str, key: str) -> None:
    """Refuse a key of the whole configuration in a file that lacks ``# @package _global_``.

    Without the line, Hydra reads the keys of ``scenario/mine.yaml`` under ``scenario.``: a
    preset's ``market:`` becomes ``scenario.market``, which the configuration does not have.
    """
    if not prefix or re.search(r"^#\s*@package", text, re.MULTILINE):
        return
    if key in {f.name for f in dataclasses.fields(section)}:
        return
    if key in {f.name for f in dataclasses.fields(SimConfig)}:
        raise ConfigError(
            f"{path}: {prefix}{key}: unknown key; add '# @package _global_' as the file's "
            f"first line (without it, its keys are read under {prefix.rstrip('.')})"
        )


def _chosen(group: str, overrides: list[str]) -> str | None:
    """The option of ``group`` that ``overrides`` choose (the last one), or the default."""
    chosen = None
    for text in overrides:
        key, _, value = text.partition("=")
        if key.lstrip("+~") == group and value:
            chosen = value.strip("'\" ")
    if chosen is None:
        config = yaml.safe_load((configdirs.CONF_DIR / "config.yaml").read_text()) or {}
        for entry in config.get("defaults", []):
            if isinstance(entry, dict) and group in entry:
                chosen = str(entry[group])
    return chosen


def describe_composition_error(error: Exception, overrides: list[str]) -> str:
    """One line for an error Hydra raised while composing ``conf/`` with ``overrides``.

    The file Hydra names (``In 'scenario/mine'``) and the preset chosen are checked first
    (:func:`check_option_file`), so that a misspelt key is named with its file.
    """
    if isinstance(error, yaml.YAMLError):
        return describe_yaml_error(error)
    text = str(error).strip()
    files = re.findall(r"^In '([^']+)/([^'/]+)'", text, re.MULTILINE)
    preset = _chosen(PRESET_GROUP, overrides)
    if preset:
        files.append((PRESET_GROUP, preset))
    for group, option in files:
        try:
            check_option_file(group, option)
        except ConfigError as found:
            return str(found)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return type(error).__name__
    first = lines[0].replace(" raised while composing config:", ":")
    missing = re.match(r"In '[^']+': Could not find '([^']+)'", first)
    if missing:
        group = missing.group(1).rsplit("/", 1)[0]
        options: list[str] = []
        for line in lines[1:]:
            if line.startswith("Config search path"):
                break
            if not line.startswith("Available options"):
                options.append(line)
        return f"{first}; options of {group}: {', '.join(options)}" if options else first
    if re.match(r"Could not override '[^']+'", first):
        return f"{first.rstrip('.')}: no such key"
    detail = next((line for line in lines[1:] if not line.startswith(DETAIL_LINES)), "")
    key = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("full_key")), "")
    return " ".join(part for part in (first, detail, f"(key {key})" if key else "") if part)
