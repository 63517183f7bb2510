"""The common employee agent: a Mesa agent whose numbers live in the model's workforce arrays."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import mesa
import numpy as np

from salesculture.sim.world.workforce import Role

if TYPE_CHECKING:
    from salesculture.sim.world.state import World


def sell_on_the_side(model: World, slots: slice, output: np.ndarray) -> np.ndarray:
    """Write the selling effort of non-sales staff in ``slots``; return each one's selling share.

    Where pay rewards it, engineers and service staff spend a share of the week spotting leads
    and upsells, less when they do not believe in the values ([Infinite Loop]).
    """
    selling = model.policies.incentives.staff_selling_effort(model.workforce.belief[slots])
    model.workforce.selling_effort[slots] = output * selling
    return selling


def meet_the_team(model: World, strength: float) -> None:
    """A leader's contact with the salespeople, modelling the values.

    Sources: [Plan of Attack], [Led or Driven].

    Engineers meet the leader only through the cross-functional team, as far as the team is still
    practised: top-down reinforcement reaches the people in the order process through it
    ([Plan of Attack]).
    """
    workforce = model.workforce
    workforce.leader_contact[workforce.in_role(Role.SALES)] += strength
    workforce.leader_contact[workforce.in_role(Role.ENGINEER)] += strength * model.team_practice


class Employee(mesa.Agent):
    """An employee holding one slot of the workforce.

    State (skill, belief, engagement, tenure) is read from and written to the workforce arrays at
    the employee's slot, so that the culture and people processes can update all employees at
    once while each agent still decides its own week.

    Args:
        model: The model (Mesa keeps it as ``self.model``); an employee uses only what
            :class:`sim.world.state.World` lists.
        slot: The workforce slot (position) the employee holds.
    """

    role: ClassVar[Role]
    model: World

    def __init__(self, model: World, slot: int) -> None:
        super().__init__(model)
        self.slot = int(slot)
        model.workforce.occupy(self.slot, self)

    @property
    def skill(self) -> float:
        """Skill, 0..1."""
        return float(self.model.workforce.skill[self.slot])

    @property
    def belief(self) -> float:
        """Alignment with the company's chosen values, 0..1."""
        return float(self.model.workforce.belief[self.slot])

    @property
    def engagement(self) -> float:
        """Engagement, 0..1."""
        return float(self.model.workforce.engagement[self.slot])

    @property
    def is_believer(self) -> bool:
        """Whether the employee's belief is above the believer threshold ([Amazing Cultures])."""
        return self.belief > self.model.cfg.culture.believer_threshold

    @property
    def tenure_weeks(self) -> int:
        """Weeks since hire."""
        return int(self.model.week - self.model.workforce.hired_week[self.slot])

    @property
    def productivity(self) -> float:
        """Output this week relative to a fully skilled, engaged, ramped-up employee."""
        return float(self.model.productivity[self.slot])

    def leave(self) -> None:
        """Leave the company: free the slot and remove the agent from the model."""
        self.model.workforce.vacate(self.slot)
        self.remove()

    @classmethod
    def work(cls, model: World) -> None:
        """Write this week's effort for every holder of the role at once (overridden by roles).

        A role's weekly choices are the same arithmetic for each of its employees, so they are
        made over the role's block of slots in one pass; a vacant slot has zero productivity
        and so writes zero effort.
        """
