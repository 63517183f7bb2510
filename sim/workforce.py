"""Employee state as arrays over fixed slots, and the influence network among them.

Employees are Mesa agents (``agents/``); their numeric state lives here so that culture and
people processes update everyone at once, and so that a slot (a position in the company) owns
its random numbers: slot ``k`` of role ``r`` is index ``r * slots_per_role + k`` whatever the
head-count of the other roles.
"""

from __future__ import annotations

from enum import IntEnum

import networkx as nx
import numpy as np
import scipy.sparse as sp


class Role(IntEnum):
    """Employee roles; each owns a block of slots."""

    SALES = 0
    ENGINEER = 1
    SERVICE = 2
    CEO = 3
    SALES_LEADER = 4


class Workforce:
    """Arrays of employee state, one entry per slot.

    Attributes:
        active: Whether a slot holds an employee.
        role: Role of each slot (fixed by its block).
        skill: Skill, 0..1.
        belief: Alignment with the company's chosen values, 0..1 (seeds/004).
        engagement: Engagement with the work, 0..1.
        hired_week: Week the current holder was hired (negative for the initial staff).
        vacancy_until: Week an open vacancy in the slot is filled, or -1 when none is open.
        ramp_weeks: Weeks to full productivity of a new hire.
        prospecting: Outbound prospecting this week (FTE-weeks), written by salespeople.
        deal_capacity: Open opportunities the holder can work this week, written by salespeople.
        account_attention: Share of a full week given to accounts, written by salespeople.
        delivery_capacity: Engineering work available for orders this week (engineer-weeks).
        service_capacity: Issues the holder can resolve this week.
        selling_effort: Share of a non-sales employee's week spent on leads and upsells.
        coached: Coaching sessions received this week.
        leader_contact: Leader contacts received this week (values modelling).
    """

    def __init__(self, slots_per_role: int) -> None:
        self.slots_per_role = slots_per_role
        n = slots_per_role * len(Role)
        self.size = n
        self.role = np.repeat(np.arange(len(Role), dtype=np.int8), slots_per_role)
        self.active = np.zeros(n, dtype=bool)
        for name in ("skill", "belief", "engagement", "prospecting", "deal_capacity",
                     "account_attention", "delivery_capacity", "service_capacity",
                     "selling_effort", "coached", "leader_contact"):
            setattr(self, name, np.zeros(n, dtype=np.float64))
        self.hired_week = np.zeros(n, dtype=np.int64)
        self.vacancy_until = np.full(n, -1, dtype=np.int64)
        self.ties = sp.csr_matrix((n, n), dtype=np.float64)
        self.agents: list = [None] * n

    # --- slots -----------------------------------------------------------------------------
    def block(self, role: Role) -> slice:
        """The slots of ``role``."""
        return slice(role * self.slots_per_role, (role + 1) * self.slots_per_role)

    def in_role(self, role: Role) -> np.ndarray:
        """Mask of active employees in ``role``."""
        return self.active & (self.role == role)

    def headcount(self, role: Role) -> int:
        """Active employees in ``role``."""
        return int(self.active[self.block(role)].sum())

    def open_vacancies(self, role: Role) -> int:
        """Vacancies in ``role`` waiting to be filled."""
        return int((self.vacancy_until[self.block(role)] >= 0).sum())

    def free_slots(self, role: Role) -> np.ndarray:
        """Slots of ``role`` with neither an employee nor an open vacancy, lowest first."""
        blk = self.block(role)
        free = ~self.active[blk] & (self.vacancy_until[blk] < 0)
        return np.flatnonzero(free) + blk.start

    def tenure(self, week: int) -> np.ndarray:
        """Weeks since each holder was hired."""
        return week - self.hired_week

    def productivity(self, week: int) -> np.ndarray:
        """Effective output of each slot: ramp-up times engagement-weighted skill, 0..1.

        A new hire ramps linearly to full output over ``ramp_weeks`` (Bridge Group: about three
        months for a salesperson).
        """
        ramp = np.clip((self.tenure(week) + 1) / np.maximum(self.ramp_weeks, 1), 0.0, 1.0)
        return np.where(self.active, ramp * (0.5 + 0.5 * self.skill) * (0.5 + 0.5 * self.engagement),
                        0.0)

    # --- network -----------------------------------------------------------------------------
    def connect(self, slots: np.ndarray, degree: int, rewiring: float, seed: int) -> nx.Graph:
        """Tie the given slots in a small world (Watts-Strogatz), teams of a role side by side.

        Returns the graph (nodes are slots); ties belong to positions, so a new hire in a slot
        inherits its colleagues.
        """
        n = len(slots)
        k = min(degree, n - 1) if n > 1 else 0
        k -= k % 2
        ring = nx.watts_strogatz_graph(n, k, rewiring, seed=seed) if k >= 2 else nx.empty_graph(n)
        graph = nx.relabel_nodes(ring, {i: int(s) for i, s in enumerate(slots)})
        edges = np.array(graph.edges(), dtype=np.int64).reshape(-1, 2)
        rows = np.concatenate([edges[:, 0], edges[:, 1]])
        cols = np.concatenate([edges[:, 1], edges[:, 0]])
        self.ties = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(self.size, self.size))
        return graph
