"""Compose a run's configuration from ``conf/`` and command-line overrides (Hydra).

Hydra is imported when a configuration is composed, not with this module: turning a composed
configuration into a :class:`SimConfig` (:func:`to_sim_config`, :func:`named`) needs only
OmegaConf.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any

import yaml
from omegaconf import DictConfig, OmegaConf

from salesculture.sim.config import configdirs, validation
from salesculture.sim.config.configdirs import PRESET_GROUP
from salesculture.sim.config.errors import did_you_mean
from salesculture.sim.config.hydraerrors import check_option_file, describe_composition_error
from salesculture.sim.config.schema import REGIME_AXES, SimConfig
from salesculture.sim.config.validation import ConfigError, check_overrides, validate

SCHEMA_NAME = "base_config"


def register_schema() -> None:
    """Register :class:`SimConfig` in Hydra's ConfigStore as the schema of ``config.yaml``."""
    from hydra.core.config_store import ConfigStore

    ConfigStore.instance().store(name=SCHEMA_NAME, node=SimConfig)


def to_sim_config(cfg: DictConfig) -> SimConfig:
    """Turn a composed config (without its ``hydra`` node) into a validated :class:`SimConfig`."""
    plain = OmegaConf.masked_copy(cfg, [k for k in cfg if k != "hydra"]) if "hydra" in cfg else cfg
    try:
        config = OmegaConf.to_object(plain)
    except Exception as error:  # OmegaConf validation errors: keep the first line
        raise ConfigError(str(error).strip().splitlines()[0]) from None
    if not isinstance(config, SimConfig):
        config = SimConfig(**config)  # pragma: no cover
    config = validated(config)
    robustness = config.robustness
    if robustness.point == -1 and not robustness.values:
        return config  # no robustness point: untouched (and NumPy not loaded for it)
    return validated(_resolver("robustness")(config))


def validated(config: SimConfig) -> SimConfig:
    """:func:`sim.config.validation.validate`, with the leadership options it switches to.

    A run's plan of salespeople must fit its slots under every leadership it has, so the
    options its interventions switch to are composed (:func:`compose_option`) for their sales
    budgets.

    Raises:
        ConfigError: naming the field, the value and what is allowed.
    """
    validation.check_interventions(config.interventions, config.weeks)  # before composing them
    check_switches_change(config)
    switched = {e.leadership for e in config.interventions if e.leadership is not None}
    budgets = [compose_option("leadership", o).sales_budget_multiplier for o in sorted(switched)]
    return validate(config, budgets)


def check_switches_change(config: SimConfig) -> None:
    """Refuse a switch to the settings its axis already has in its week: it would change nothing.

    The settings in force are the run's own, or those of the axis's last earlier switch. A run
    labelled with a switch that never happens (``baseline+week10:leadership=sales_driven``,
    ``switches=[]``) would be read as a switch; a run that never switches is ``interventions=[]``.

    Raises:
        ConfigError: naming the entry, the option and what is in force.
    """
    in_force: dict[str, tuple[Any, str]] = {}
    entries = sorted(enumerate(config.interventions), key=lambda pair: pair[1].week)
    for i, entry in entries:
        for axis, option in entry.switches():
            section = compose_option(axis, option)
            current, whose = in_force.get(axis, (getattr(config, axis), f"the run's own {axis}"))
            if section == current:
                raise ConfigError(
                    f"{validation.INTERVENTIONS}[{i}].{axis}={option}: {axis} is already "
                    f"{option} in week {entry.week} ({whose}), so the switch changes nothing; "
                    "switch to another option, or drop the entry"
                )
            in_force[axis] = (section, f"switched to in week {entry.week}")


#: The entry-point group of the sections a composed configuration hands to a resolver.
RESOLVERS = "salesculture.resolvers"


@functools.cache
def _resolver(section: str) -> Callable[[SimConfig], SimConfig]:
    """The function that resolves ``section`` (e.g. a robustness point into parameter values).

    Resolvers live above the configuration (the robustness point is the study layer's,
    :func:`sim.study.robustpoints.resolve`); ``pyproject.toml`` names them in the entry-point
    group :data:`RESOLVERS`, so composing a run never imports the study layer, and every
    process that composes (a worker of any launcher) finds them.
    """
    from importlib.metadata import entry_points

    found = entry_points(group=RESOLVERS, name=section)
    if not found:
        raise ConfigError(
            f"{section}: nothing resolves it; install the project (pip install -e .) so that "
            f"its entry points ({RESOLVERS}) are found"
        )
    return next(iter(found)).load()


def compose_hydra(overrides: list[str]) -> DictConfig:
    """``conf/config.yaml`` composed with ``overrides``, Hydra's own node included.

    Outside config directories in force are searched too; Hydra's errors propagate unchanged.
    """
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    register_schema()
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(configdirs.CONF_DIR), version_base="1.3"):
            return compose(
                config_name="config",
                overrides=configdirs.with_searchpath(overrides),
                return_hydra_config=True,
            )
    finally:
        GlobalHydra.instance().clear()


def compose_with_choices(overrides: list[str] | None = None) -> tuple[SimConfig, dict[str, str]]:
    """Compose ``conf/config.yaml`` with ``overrides``, validate it, and say what Hydra chose.

    A preset that does not set ``scenario.name`` takes its file name (the option chosen).

    Returns:
        The validated configuration, and Hydra's record of the option chosen per config group
        (``hydra.runtime.choices``, e.g. ``{"scenario": "sales_led", "leadership": ...}``).

    Raises:
        ConfigError: one line naming the bad key or value and what is allowed.
    """
    overrides = list(overrides or [])
    check_overrides(overrides)
    try:
        cfg = compose_hydra(overrides)
    except ConfigError:
        raise
    except Exception as error:
        raise ConfigError(describe_composition_error(error, overrides)) from None
    choices = {str(k): str(v) for k, v in cfg.hydra.runtime.choices.items() if "/" not in k}
    if PRESET_GROUP in choices:
        check_option_file(PRESET_GROUP, choices[PRESET_GROUP], keys=False)
    return named(to_sim_config(cfg), choices), choices


def output_dirs(overrides: list[str]) -> dict[str, str]:
    """Where a run and a sweep will write: Hydra's ``run.dir`` and ``sweep.dir``, unresolved.

    ``overrides`` are Hydra's own (``hydra.run.dir=...``); interpolations such as
    ``${now:...}`` are left as they are (see :func:`sim.runs.paths.static_part`).

    Raises:
        ConfigError: one line, for an override of Hydra's configuration it cannot apply.
    """
    check_overrides(overrides)
    try:
        hydra = OmegaConf.to_container(compose_hydra(overrides).hydra, resolve=False)
    except Exception as error:
        raise ConfigError(describe_composition_error(error, overrides)) from None
    return {"run": str(hydra["run"]["dir"]), "sweep": str(hydra["sweep"]["dir"])}


def sweeper_params(overrides: list[str]) -> list[str]:
    """The sweep an experiment file asks for (its ``hydra.sweeper.params``), as overrides.

    Composed with ``overrides`` other than sweeps (``experiment=NAME``): Hydra's sweeper puts
    these before the command line's, which win for a key set in both. Empty when the
    composition fails (the sweep's own checks then name the problem).
    """
    from salesculture.sim.config.overrides import sweep_size

    fixed = [o for o in overrides if sweep_size(o) is None]
    try:
        cfg = compose_hydra(fixed)
        params = OmegaConf.to_container(cfg.hydra.sweeper.get("params") or {}, resolve=True)
    except Exception:
        return []
    return [f"{key}={value}" for key, value in (params or {}).items()]


def named(config: SimConfig, choices: dict[str, str]) -> SimConfig:
    """``config`` with ``scenario.name`` set to the preset chosen when the preset left it unset.

    A preset of one's own without ``scenario.name`` would otherwise carry the schema's default
    name, ``baseline``.
    """
    preset = choices.get(PRESET_GROUP)
    if preset is None or config.scenario.name == preset:
        return config
    path = configdirs.option_file(PRESET_GROUP, preset)
    data = yaml.safe_load(path.read_text()) if path is not None else None
    if ((data or {}).get("scenario") or {}).get("name") is None:
        config.scenario.name = preset
    return config


def compose_config(overrides: list[str] | None = None) -> SimConfig:
    """Compose ``conf/config.yaml`` with ``overrides`` and validate it.

    Raises:
        ConfigError: one line naming the bad key or value and what is allowed.
    """
    return compose_with_choices(overrides)[0]


def compose_option(axis: str, option: str) -> Any:
    """The section of regime ``axis`` that option ``option`` of its config group gives.

    Composed as a run with the override ``axis=option`` composes it (the group file, its own
    defaults list, over the schema's defaults, found in ``conf/`` or an outside config dir), and
    validated; a fresh copy on every call. Inside :func:`sim.config.configdirs.pinned_options`, a
    pinned section is returned instead.
    Hydra's global state is left alone, so this works inside a running Hydra application.

    Raises:
        ConfigError: for an unknown axis or option, naming what is allowed.
    """
    if axis not in REGIME_AXES:
        raise ConfigError(
            f"{axis!r} is not a regime axis; {did_you_mean(axis, REGIME_AXES)}"
            f"one of {', '.join(REGIME_AXES)}"
        )
    if (axis, option) in configdirs.PINNED:
        return copy.deepcopy(configdirs.PINNED[axis, option])
    options = validation.group_options(axis)
    if option not in options:
        raise ConfigError(
            f"{axis}={option!r}: unknown option; {did_you_mean(option, options)}"
            f"choose one of {', '.join(options)}"
        )
    searchpath = tuple(configdirs.searchpath_overrides())
    return copy.deepcopy(_composed_option(str(configdirs.CONF_DIR), searchpath, axis, option))


@functools.lru_cache(maxsize=64)
def _composed_option(conf_dir: str, searchpath: tuple[str, ...], axis: str, option: str) -> Any:
    from hydra.types import RunMode

    try:
        cfg = _loader(conf_dir).load_configuration(
            config_name="config",
            overrides=[f"{axis}={option}", *searchpath],
            run_mode=RunMode.RUN,
            from_shell=False,
        )
    except Exception as error:
        raise ConfigError(str(error).strip().splitlines()[0]) from None
    return getattr(to_sim_config(cfg), axis)


@functools.lru_cache(maxsize=4)
def _loader(conf_dir: str) -> Any:
    """Hydra's config loader for ``conf_dir``, outside Hydra's global state."""
    from hydra._internal.config_loader_impl import ConfigLoaderImpl
    from hydra._internal.utils import create_config_search_path

    register_schema()
    return ConfigLoaderImpl(config_search_path=create_config_search_path(conf_dir))
