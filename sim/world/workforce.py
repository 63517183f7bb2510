"""Employee state as arrays over fixed slots, and the influence network among them.

Employees are Mesa agents (``agents/``); their numeric state lives here so that culture and
people processes update everyone at once, and so that a slot (a position in the company) owns
its random numbers: slot ``k`` of role ``r`` is index ``r * slots_per_role + k`` whatever the
head-count of the other roles.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import networkx as nx
    import scipy.sparse as sp

# networkx and scipy.sparse are imported where the network is built: modules that only need
# ``Role`` (metrics, aggregating a sweep's results) do not pay for loading them.


class Role(IntEnum):
    """Employee roles; each owns a block of slots."""

    SALES = 0
    ENGINEER = 1
    SERVICE = 2
    CEO = 3
    SALES_LEADER = 4
    SALES_MANAGER = 5


class Workforce:
    """Arrays of employee state, one entry per slot.

    Attributes:
        active: Whether a slot holds an employee.
        role: Role of each slot (fixed by its block).
        skill: Skill, 0..1.
        belief: Alignment with the company's chosen values, 0..1 ([Amazing Cultures]).
        disposition: The belief an employee returns to when nothing pushes it, 0..1; a
            newcomer's is socialised in the first months, an incumbent's is fixed.
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
        coached: Hours of coaching received this week.
        leader_contact: Leader contacts received this week (values modelling).
    """

    #: What employees write each week when they work (cleared when a slot is vacated).
    EFFORT = (
        "prospecting",
        "deal_capacity",
        "account_attention",
        "delivery_capacity",
        "service_capacity",
        "selling_effort",
    )

    def __init__(self, slots_per_role: int) -> None:
        self.slots_per_role = slots_per_role
        n = slots_per_role * len(Role)
        self.size = n
        self.role = np.repeat(np.arange(len(Role), dtype=np.int8), slots_per_role)
        #: Mask of the slots of each role (a slot's role never changes).
        self.of_role = {role: self.role == role for role in Role}
        #: Slots of the non-sales staff (engineers and service), who sell where everybody sells.
        self.is_staff = self.of_role[Role.ENGINEER] | self.of_role[Role.SERVICE]
        self.active = np.zeros(n, dtype=bool)
        #: The ties as drawn (source and target slots), for :meth:`graph`; set by :meth:`connect`.
        self._tie_pairs = (np.empty(0, dtype=np.int64),) * 2
        for name in (
            "skill",
            "belief",
            "disposition",
            "engagement",
            *self.EFFORT,
            "coached",
            "leader_contact",
        ):
            setattr(self, name, np.zeros(n, dtype=np.float64))
        self.hired_week = np.zeros(n, dtype=np.int64)
        self.vacancy_until = np.full(n, -1, dtype=np.int64)
        import scipy.sparse as sp

        self._set_ties(sp.csr_matrix((n, n), dtype=np.float64))
        self.agents: list = [None] * n
        self._held: np.ndarray | None = None

    def occupy(self, slot: int, agent: object) -> None:
        """Give ``slot`` to ``agent``, a new holder."""
        self.agents[slot] = agent
        self.active[slot] = True
        self._held = None

    def vacate(self, slot: int) -> None:
        """Free ``slot``: no holder, no effort."""
        self.active[slot] = False
        self._held = None
        self.agents[slot] = None
        for name in self.EFFORT:
            getattr(self, name)[slot] = 0.0

    # --- slots -----------------------------------------------------------------------------
    def block(self, role: Role) -> slice:
        """The slots of ``role``."""
        return slice(role * self.slots_per_role, (role + 1) * self.slots_per_role)

    def held(self) -> np.ndarray:
        """Slots that hold an employee, lowest first (read-only; ``np.flatnonzero(active)``).

        Kept until someone is hired or leaves (:meth:`occupy`, :meth:`vacate`), so the stages of
        a week share one index instead of each scanning every slot.
        """
        if self._held is None:
            held = np.flatnonzero(self.active)
            held.flags.writeable = False
            self._held = held
        return self._held

    def in_role(self, role: Role) -> np.ndarray:
        """Mask of active employees in ``role``."""
        return self.active & self.of_role[role]

    def headcount(self, role: Role) -> int:
        """Active employees in ``role``."""
        return int(np.count_nonzero(self.active[self.block(role)]))

    def open_vacancies(self, role: Role) -> int:
        """Vacancies in ``role`` waiting to be filled."""
        return int(np.count_nonzero(self.vacancy_until[self.block(role)] >= 0))

    def headcounts(self) -> np.ndarray:
        """Active employees of every role at once, indexed by :class:`Role`."""
        return np.bincount(self.role[self.held()], minlength=len(Role))

    def open_vacancy_counts(self) -> np.ndarray:
        """Vacancies waiting to be filled in every role at once, indexed by :class:`Role`."""
        return np.bincount(self.role[np.flatnonzero(self.vacancy_until >= 0)], minlength=len(Role))

    def free_slots(self, role: Role) -> np.ndarray:
        """Slots of ``role`` with neither an employee nor an open vacancy, lowest first."""
        blk = self.block(role)
        free = ~self.active[blk] & (self.vacancy_until[blk] < 0)
        return np.flatnonzero(free) + blk.start

    def tenure(self, week: int) -> np.ndarray:
        """Weeks since each holder was hired."""
        return week - self.hired_week

    def productivity(self, week: int, skill_weight: float, engagement_weight: float) -> np.ndarray:
        """Effective output of each slot: ramp-up times skill and engagement factors, 0..1.

        A new hire ramps linearly to full output over ``ramp_weeks`` (Bridge Group: about three
        months for a salesperson). A share ``skill_weight`` of output depends on skill and a share
        ``engagement_weight`` on engagement; the rest of each factor is earned by anyone.
        """
        held = self.held()  # a vacant slot has no output, so only the held ones are worked out
        ramp = ((week - self.hired_week[held] + 1) / max(self.ramp_weeks, 1)).clip(0.0, 1.0)
        skill_factor = 1.0 - skill_weight + skill_weight * self.skill[held]
        engagement_factor = 1.0 - engagement_weight + engagement_weight * self.engagement[held]
        output = np.zeros(self.size)
        output[held] = ramp * skill_factor * engagement_factor
        return output

    # --- network -----------------------------------------------------------------------------
    def _set_ties(self, ties: sp.csr_matrix) -> None:
        """Keep ``ties`` (slot by slot) and the same ties listed among the tied slots only.

        ``tied`` are the slots with at least one tie (most slots are positions never tied). Tie
        ``k`` runs from ``tied[tie_from[k]]`` to ``tied[tie_to[k]]`` with strength
        ``tie_strength[k]``, in the order ``ties`` stores them, so a sum over each slot's ties
        taken in that order (:meth:`sum_over_ties`) equals ``ties @ values`` bit for bit.
        """
        self._ties = ties
        self.tied = np.flatnonzero(np.diff(ties.indptr))
        self.tie_from = np.repeat(np.arange(len(self.tied)), np.diff(ties.indptr)[self.tied])
        self.tie_to = np.searchsorted(self.tied, ties.indices)
        self.tie_strength = ties.data.copy()

    @property
    def ties(self) -> sp.csr_matrix:
        """The influence network, slot by slot (symmetric; set only by :meth:`connect`)."""
        return self._ties

    def sum_over_ties(self, values: np.ndarray) -> np.ndarray:
        """Sum of ``values`` (one per tied slot) over each tied slot's ties, times tie strength.

        The products are added in the order ``ties`` stores them, starting from 0, as the sparse
        product ``ties @ values`` does; ``np.bincount`` adds its weights one by one in order.
        """
        return np.bincount(
            self.tie_from, weights=self.tie_strength * values[self.tie_to], minlength=len(self.tied)
        )

    def connect(
        self, positions: dict[Role, int], degree: int, rewiring: float, rng: np.random.Generator
    ) -> None:
        """Tie the positions of each role in a small world (:attr:`ties`, :meth:`graph`).

        Within each role, the first ``positions[role]`` slots form a ring lattice where each slot
        is tied to its ``degree`` nearest colleagues; each tie is then rewired with probability
        ``rewiring`` to a random position of any staff role (Watts and Strogatz 1998). Every draw
        belongs to a (slot, tie) pair and targets are chosen by rank within a role, so adding
        salespeople or a sales leader leaves the ties among engineers and service staff as they
        were. Ties belong to positions: a new hire in a slot inherits its colleagues, and
        positions planned for growth are tied from the start (inactive until filled).
        """
        import scipy.sparse as sp

        half = max(0, degree // 2)
        roles = [role for role, count in positions.items() if count > 1]
        u_rewire = rng.random((self.size, half))
        u_role = rng.random((self.size, half))
        u_rank = rng.random((self.size, half))
        sources, targets, columns = [], [], []
        for role in roles:
            count = positions[role]
            start = role * self.slots_per_role
            slots = start + np.arange(count)
            for offset in range(1, min(half, (count - 1) // 2) + 1):
                sources.append(slots)
                targets.append(start + (np.arange(count) + offset) % count)
                columns.append(np.full(count, offset - 1))
        if not sources:
            self._set_ties(sp.csr_matrix((self.size, self.size), dtype=np.float64))
            return
        source = np.concatenate(sources)
        target = np.concatenate(targets)
        column = np.concatenate(columns)
        rewire = u_rewire[source, column] < rewiring
        role_pick = np.array(roles)[
            np.minimum((u_role[source, column] * len(roles)).astype(int), len(roles) - 1)
        ]
        positions_of_role = np.zeros(max(roles) + 1, dtype=np.int64)
        positions_of_role[roles] = [positions[role] for role in roles]
        counts = positions_of_role[role_pick]
        rewired = role_pick * self.slots_per_role + np.minimum(
            (u_rank[source, column] * counts).astype(int), counts - 1
        )
        target = np.where(rewire, rewired, target)
        keep = source != target
        source, target = source[keep], target[keep]
        rows = np.concatenate([source, target])
        cols = np.concatenate([target, source])
        ties = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(self.size, self.size))
        ties.data[:] = 1.0  # duplicate ties count once
        self._set_ties(ties)
        self._tie_pairs = (source, target)

    def graph(self) -> nx.Graph:
        """The influence network as a graph whose nodes are slots, ties in the order drawn.

        Built when asked (the live page draws it); the model itself works on :attr:`ties`.
        """
        import networkx as nx

        source, target = self._tie_pairs
        graph = nx.Graph()
        graph.add_edges_from(zip(source.tolist(), target.tolist(), strict=True))
        return graph
