"""Hydra override lists: the key an override sets, Hydra's own overrides, and a sweep's runs.

Only Hydra's override parser is used: importing this module loads neither the model nor the
configuration.
"""

from __future__ import annotations

import math

from hydra.core.override_parser.overrides_parser import OverridesParser

#: The first part of the key of an override that sets Hydra itself.
HYDRA_PREFIX = "hydra"
#: The key of the seed: runs that differ only in it share a configuration.
SEED_KEY = "seed"


def override_key(text: str) -> str:
    """The key an override sets: ``seed`` for ``seed=3``, ``+seed=3`` or ``~seed``."""
    return text.split("=", 1)[0].lstrip("+~")


def is_hydra_override(text: str) -> bool:
    """Whether an override sets Hydra itself (``hydra.sweep.dir=...``, ``hydra/launcher=...``)."""
    key = override_key(text)
    return key.split(".")[0] == HYDRA_PREFIX or key.split("/")[0] == HYDRA_PREFIX


def task_overrides(overrides: list[str]) -> list[str]:
    """The overrides that set the model (Hydra's own left out)."""
    return [o for o in overrides if not is_hydra_override(o)]


def expand(overrides: list[str]) -> list[list[str]]:
    """The runs of a sweep, in Hydra's order: one list of task overrides per run.

    Hydra's own overrides are left out. ``scenario=a,b seed='range(0,3)'`` gives six runs,
    the last key varying fastest, as Hydra's basic sweeper orders them.
    """
    from hydra._internal.core_plugins.basic_sweeper import BasicSweeper

    parsed = OverridesParser.create().parse_overrides(task_overrides(overrides))
    batches = BasicSweeper.split_arguments(parsed, max_batch_size=None)
    return [list(run) for batch in batches for run in batch]


def configuration_of(run: list[str]) -> tuple[str, ...]:
    """A run's configuration: its overrides other than the seed, sorted."""
    return tuple(sorted(o for o in run if override_key(o) != SEED_KEY))


def seed_of(run: list[str]) -> str | None:
    """The value of a run's ``seed`` override, if it has one."""
    seeds = [o.split("=", 1)[1] for o in run if override_key(o) == SEED_KEY and "=" in o]
    return seeds[-1] if seeds else None


def sweep_size(text: str) -> int | None:
    """How many values the override ``text`` sweeps over, counted without listing them.

    None if it does not parse, is not a sweep or is a sweep whose size is known only to Hydra
    (``glob(...)``); a range with a step of zero counts as empty.
    """
    from hydra.core.override_parser.types import ChoiceSweep, RangeSweep

    try:
        value = OverridesParser.create().parse_overrides([text])[0].value()
    except Exception:
        return None
    if isinstance(value, ChoiceSweep):
        return len(value.list)
    if not isinstance(value, RangeSweep):
        return None
    if not value.step:
        return 0
    values = value.range()
    if isinstance(values, range):
        return len(values)
    return max(0, math.ceil((values.stop - values.start) / values.step))


def count_runs(overrides: list[str]) -> int:
    """How many runs a sweep of ``overrides`` has (see :func:`sweep_size`)."""
    return math.prod(n for n in map(sweep_size, task_overrides(overrides)) if n is not None)
