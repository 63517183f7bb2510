"""The registry: the only way a configuration name becomes a policy object.

Configurations never name classes; each regime axis maps its allowed names to a policy class
here, so a config cannot instantiate arbitrary code.
"""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.boundaries import Boundaries
from scenarios.focus import Focus, GrowExisting, HighValue, Loyalty, NewLogos
from scenarios.headcount import DemandDriven, Headcount
from scenarios.incentives import EverybodySells, Incentives
from scenarios.leadership import Leadership, SalesLed
from scenarios.people import ExitNonBelievers, People
from scenarios.perception import Perception
from scenarios.process import CrossFunctionalTeam, OrderProcess
from sim.config import SimConfig

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


def build_policies(cfg: SimConfig) -> Policies:
    """Look up each axis's regime name in the registry and build its policy."""

    def pick(axis: str):
        name = getattr(cfg, axis).regime
        try:
            return REGISTRY[axis][name]
        except KeyError:
            allowed = ", ".join(REGISTRY[axis])
            raise ValueError(f"{axis}.regime={name!r}: must be one of {allowed}") from None

    return Policies(
        leadership=pick("leadership")(cfg.leadership),
        incentives=pick("incentives")(cfg.incentives, cfg.culture.believer_threshold),
        people=pick("people")(cfg.people),
        process=pick("process")(cfg.process),
        focus=pick("focus")(cfg.focus),
        boundaries=pick("boundaries")(cfg.boundaries),
        perception=pick("measure_perception")(cfg.measure_perception),
        headcount=pick("headcount")(cfg.headcount),
    )
