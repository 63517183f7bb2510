"""What demand-driven staffing keeps between reviews, and the record of each review.

The rule that uses them is :mod:`sim.world.stages.staffing`; the model holds one
:class:`EngineeringWindow` (``model.engineering_window``) and the list of
:class:`StaffingReview` (``model.staffing_reviews``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from salesculture.sim.world.workforce import Role


@dataclass
class EngineeringWindow:
    """Engineering work that could be done, and capacity, summed since the last review.

    Filled by :func:`sim.world.stages.delivery.progress_orders` each week; emptied at each review.
    """

    workable: float = 0.0  #: engineer-weeks of work on orders past their hand-off wait
    capacity: float = 0.0  #: engineer-weeks of order capacity

    def add(self, workable: float, capacity: float) -> None:
        """Add one week's workable order work and order capacity (engineer-weeks)."""
        self.workable += workable
        self.capacity += capacity

    def take(self) -> float:
        """The window's utilisation (workable over capacity, may exceed 1); empties the window.

        Infinite when there was work and no capacity; 0 when there was neither.
        """
        workable, capacity = self.workable, self.capacity
        self.workable = self.capacity = 0.0
        if capacity <= 0:
            return math.inf if workable > 0 else 0.0
        return workable / capacity


@dataclass(frozen=True)
class StaffingReview:
    """One role at one staffing review (demand-driven staffing only)."""

    week: int  #: the model week whose step held the review
    role: Role
    utilisation: float  #: work the role could do now over its capacity
    target: float  #: the utilisation the role is sized to
    plan_before: int  #: max(demand plan, head-count + open vacancies) before the review
    plan_after: int  #: the demand plan the review set (``plan_before`` when it held)

    @property
    def rose(self) -> bool:
        """Whether the review raised the role's demand plan."""
        return self.plan_after > self.plan_before
