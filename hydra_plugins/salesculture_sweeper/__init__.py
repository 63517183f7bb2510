"""The salesculture sweeper: Hydra's basic sweeper that checks each configuration once.

Before launching, Hydra's basic sweeper composes the configuration of every job in the parent
process, one after the other, so a sweep of 1,000 seeds waits for 1,000 compositions before its
first run starts. Runs that differ only in their ``seed`` compose alike, so this sweeper checks
one job per distinct combination of the other overrides; everything else (the cartesian product,
its order, ``max_batch_size``, ``params``) is the basic sweeper's. Hydra finds plugins only in
the ``hydra_plugins`` package, hence this module's place.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Dict, Optional  # noqa: UP035 (OmegaConf reads these typing forms)

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.core.config_store import ConfigStore

SEED_KEY = "seed"


@dataclass
class SalesCultureSweeperConf:
    """The sweeper's settings: those of Hydra's basic sweeper."""

    _target_: str = "hydra_plugins.salesculture_sweeper.SalesCultureSweeper"
    max_batch_size: Optional[int] = None  # noqa: UP045
    params: Optional[Dict[str, str]] = None  # noqa: UP006, UP045


ConfigStore.instance().store(
    group="hydra/sweeper",
    name="salesculture",
    node=SalesCultureSweeperConf,
    provider="salesculture",
)


class SalesCultureSweeper(BasicSweeper):
    """Hydra's basic sweeper, composing one job per configuration (seeds aside) to check it."""

    def validate_batch_is_legal(self, batch: Sequence[Sequence[str]]) -> None:
        """Compose one job of each distinct combination of the overrides other than ``seed``.

        Nothing is composed when ``salesculture sweep`` checked every job of the batch already
        (:func:`sim.runs.sweepdir.check_sweep`, its plan in :data:`sim.runs.progress.STATE`).
        """
        from salesculture.sim.config.overrides import override_key
        from salesculture.sim.runs.progress import STATE

        if STATE.plan is not None:
            checked = {frozenset(run) for run in STATE.plan.runs}
            if all(frozenset(overrides) in checked for overrides in batch):
                return

        distinct: dict[tuple[str, ...], Sequence[str]] = {}
        for overrides in batch:
            key = tuple(o for o in overrides if override_key(o) != SEED_KEY)
            distinct.setdefault(key, overrides)
        super().validate_batch_is_legal(list(distinct.values()))
