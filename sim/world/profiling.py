"""Where a run's time goes: seconds per stage of the weekly plan and per random stream.

The model times every stage of its plan (:attr:`sim.world.model.SalesCultureModel.stage_seconds`, as
Starsim's loop times each of its steps) and its random streams time every draw. The *floor* is
what common random numbers alone cost a run of this size: drawing one full vector per weekly
stream per week with no model work (:func:`floor_seconds`). A run's cost
over its floor says how much the model adds to the numbers it must draw.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from salesculture.sim.world.streams import WEEKLY_STREAMS, RandomStreams

if TYPE_CHECKING:
    from salesculture.sim.world.model import SalesCultureModel


@dataclass
class RunProfile:
    """Seconds a run spent, by part.

    Attributes:
        setup: Building the model (market, staff, network).
        setup_drawing: Of which drawing from the weekly streams (the first account leads).
        stages: Seconds per stage of the weekly plan, in plan order, then ``records``.
        stage_drawing: Of each stage's seconds, those spent drawing random numbers.
        streams: Seconds per random stream, and vectors drawn, largest first.
        weeks: Weeks run.
        customers: Customer slots.
        employees: Employee slots.
    """

    setup: float
    stages: dict[str, float]
    stage_drawing: dict[str, float]
    streams: list[tuple[str, float, int]]
    weeks: int
    customers: int
    employees: int
    setup_drawing: float = 0.0
    floor: float | None = field(default=None)

    @classmethod
    def of(cls, model: SalesCultureModel, setup: float) -> RunProfile:
        """The profile of a model that has run (``setup``: seconds its constructor took)."""
        names = [name for name, _ in model.plan] + [
            name for name in model.stage_seconds if name not in dict(model.plan)
        ]
        streams = model.streams
        return cls(
            setup=setup,
            stages={name: model.stage_seconds[name] for name in names},
            stage_drawing={name: model.stage_drawing_seconds[name] for name in names},
            streams=sorted(
                ((name, streams.seconds[name], streams.draws[name]) for name in streams.seconds),
                key=lambda item: -item[1],
            ),
            weeks=model.week,
            customers=model.customers.size,
            employees=model.workforce.size,
            setup_drawing=model.setup_drawing_seconds,
        )

    @property
    def weekly_seconds(self) -> float:
        """Seconds of the weekly steps (every stage and the records), set-up excluded."""
        return sum(self.stages.values())

    @property
    def total(self) -> float:
        """Seconds of the whole run: set-up and the weekly steps."""
        return self.setup + self.weekly_seconds

    def measure_floor(self, seed: int) -> float:
        """Time the floor for this run's size and horizon; keep and return it (seconds)."""
        self.floor = floor_seconds(seed, self.weeks, self.customers, self.employees)
        return self.floor

    def report(self) -> str:
        """The profile as text: a table of stages, one of streams, and the floor."""
        total = self.weekly_seconds or 1e-12
        drawing_total = sum(self.stage_drawing.values())
        width = max(len(name) for name in [*self.stages, "weekly steps"])
        lines = [
            f"{'stage':<{width}}  {'seconds':>8}  {'share':>6}  {'drawing':>8}",
        ]
        for name, seconds in self.stages.items():
            lines.append(
                f"{name:<{width}}  {seconds:8.3f}  {100 * seconds / total:5.1f}%  "
                f"{self.stage_drawing[name]:8.3f}"
            )
        lines.append(
            f"{'weekly steps':<{width}}  {self.weekly_seconds:8.3f}  100.0%  {drawing_total:8.3f}"
        )
        lines.append(
            f"{'model set-up':<{width}}  {self.setup:8.3f}  {'':>6}  {self.setup_drawing:8.3f}"
        )
        lines.append("")
        stream_width = max([len(name) for name, _, _ in self.streams] + [len("stream")])
        lines.append(f"{'stream':<{stream_width}}  {'seconds':>8}  {'vectors':>7}")
        for name, seconds, draws in self.streams:
            lines.append(f"{name:<{stream_width}}  {seconds:8.3f}  {draws:7d}")
        if self.floor is not None:
            lines.append("")
            lines.append(
                f"floor (every weekly stream's vector every week, no model work): "
                f"{self.floor:.3f} s; this run {self.total:.3f} s = "
                f"{self.total / self.floor:.2f} x the floor"
            )
        return "\n".join(lines)


def floor_seconds(seed: int, weeks: int, customers: int, employees: int) -> float:
    """Seconds to draw every weekly stream's vector for ``weeks`` weeks, with no model work.

    The numbers alone: each stream draws its weekly vectors from a generator made beforehand,
    so neither the model nor the seeding of each (stream, week) is counted.

    Args:
        seed: The run's seed.
        weeks: Weeks of the horizon.
        customers: Customer slots.
        employees: Employee slots.
    """
    streams = RandomStreams(seed)
    plan = [
        (
            stream.shape(customers, employees),
            getattr(
                streams.generator(stream.name, 0),
                "standard_normal" if stream.normal else "random",
            ),
        )
        for stream in WEEKLY_STREAMS
    ]
    start = time.perf_counter()
    for _week in range(weeks):
        for shape, draw in plan:
            draw(shape)
    return time.perf_counter() - start

