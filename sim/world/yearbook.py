"""The year book: logo retention and net revenue retention of each completed model year.

The model closes a year after every 52nd weekly step (:meth:`YearBook.close_year`); the run
summary (:func:`sim.world.metrics.summarize`) averages the years.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from salesculture.sim.world.customers import CustomerPool


@dataclass
class YearBook:
    """Logo retention and net revenue retention of each completed model year."""

    retention: list[float] = field(default_factory=list)
    nrr: list[float] = field(default_factory=list)

    def close_year(self, customers: CustomerPool) -> None:
        """Score the year that just ended and start the next."""
        cohort = customers.active_at_year_start
        still = cohort & customers.active
        self.retention.append(float(still.sum() / cohort.sum()) if cohort.any() else float("nan"))
        if customers.revenue_last_year.any():
            before = customers.revenue_last_year[cohort].sum()
            self.nrr.append(
                float(customers.revenue_this_year[cohort].sum() / before)
                if before > 0
                else float("nan")
            )
        customers.revenue_last_year[:] = customers.revenue_this_year
        customers.revenue_this_year[:] = 0.0
        customers.active_at_year_start[:] = customers.active
