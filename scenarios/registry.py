"""The registry: the only way a configuration name becomes a policy object.

Configurations never name classes; each regime axis maps its allowed names to a policy class
here, so a config cannot instantiate arbitrary code.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from salesculture.scenarios.boundaries import Boundaries
from salesculture.scenarios.focus import Focus, GrowExisting, HighValue, Loyalty, NewLogos
from salesculture.scenarios.headcount import DemandDriven, Headcount
from salesculture.scenarios.incentives import EverybodySells, Incentives
from salesculture.scenarios.leadership import Leadership, SalesLed
from salesculture.scenarios.people import ExitNonBelievers, People
from salesculture.scenarios.perception import Perception
from salesculture.scenarios.process import CrossFunctionalTeam, OrderProcess
from salesculture.sim.config.schema import SimConfig

REGISTRY: dict[str, dict[str, type]] = {
    "leadership": {"sales_driven": Leadership, "sales_led": SalesLed},
    "incentives": {
        "outcome_only": Incentives,
        "everybody_sells": EverybodySells,
        "values_based": Incentives,
    },
    "people": {"keep_all": People, "exit_non_believers": ExitNonBelievers},
    "process": {"siloed": OrderProcess, "cross_functional_team": CrossFunctionalTeam},
    "focus": {
        "new_logos": NewLogos,
        "grow_existing": GrowExisting,
        "loyalty": Loyalty,
        "high_value": HighValue,
    },
    "boundaries": {"strict": Boundaries, "run_by_sales": Boundaries},
    "measure_perception": {"off": Perception, "on": Perception},
    "headcount": {"fixed": Headcount, "demand_driven": DemandDriven},
}


@dataclass(frozen=True)
class Policies:
    """One policy object per regime axis."""

    leadership: Leadership
    incentives: Incentives
    people: People
    process: OrderProcess
    focus: Focus
    boundaries: Boundaries
    perception: Perception
    headcount: Headcount


#: The attribute of :class:`Policies` that holds each axis's policy.
POLICY_NAMES: dict[str, str] = {axis: axis for axis in REGISTRY} | {
    "measure_perception": "perception"
}


def build_policy(cfg: SimConfig, axis: str):
    """Look up ``axis``'s regime name in the registry and build its policy from ``cfg``."""
    name = getattr(cfg, axis).regime
    try:
        policy = REGISTRY[axis][name]
    except KeyError:
        allowed = ", ".join(REGISTRY[axis])
        raise ValueError(f"{axis}.regime={name!r}: must be one of {allowed}") from None
    if axis == "incentives":
        return policy(cfg.incentives, cfg.culture.believer_threshold)
    return policy(getattr(cfg, axis))


def build_policies(cfg: SimConfig) -> Policies:
    """Build the policy of every regime axis."""
    return Policies(**{POLICY_NAMES[axis]: build_policy(cfg, axis) for axis in REGISTRY})


def with_policy(policies: Policies, cfg: SimConfig, axis: str) -> Policies:
    """``policies`` with ``axis``'s policy built again from ``cfg`` (a regime switch)."""
    return dataclasses.replace(policies, **{POLICY_NAMES[axis]: build_policy(cfg, axis)})
