"""Compose a run's configuration from ``conf/`` and command-line overrides (Hydra)."""

from __future__ import annotations

from hydra import compose, initialize_config_dir
from hydra.core.config_store import ConfigStore
from hydra.core.global_hydra import GlobalHydra
from omegaconf import DictConfig, OmegaConf

from sim.config import SimConfig
from sim.validation import CONF_DIR, ConfigError, check_overrides, validate

SCHEMA_NAME = "base_config"


def register_schema() -> None:
    """Register :class:`SimConfig` in Hydra's ConfigStore as the schema of ``config.yaml``."""
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
    return validate(config)


def compose_config(overrides: list[str] | None = None) -> SimConfig:
    """Compose ``conf/config.yaml`` with ``overrides`` and validate it.

    Raises:
        ConfigError: one line naming the bad key or value and what is allowed.
    """
    overrides = list(overrides or [])
    check_overrides(overrides)
    register_schema()
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
            cfg = compose(config_name="config", overrides=overrides)
    except ConfigError:
        raise
    except Exception as error:
        raise ConfigError(str(error).strip().splitlines()[0]) from None
    finally:
        GlobalHydra.instance().clear()
    return to_sim_config(cfg)
