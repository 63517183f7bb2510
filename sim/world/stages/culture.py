"""Culture: how beliefs, skill and engagement move each week, mechanism by mechanism.

Belief follows a Friedkin-Johnsen process (Friedkin & Johnsen 2011): each week an employee's
belief moves toward the beliefs of its ties and back toward its own disposition, and the
regime's forces push it. Because everyone keeps a pull toward a disposition of their own, beliefs
stay spread out (a small shift of the mean moves only the employees near the believer threshold)
and a regime shifts where beliefs settle, over a time scale of years (docs/evidence.md).

- Peers: a non-believer tie weighs more, because non-believers infect others ([Amazing Cultures]).
- Disposition: salespeople and engineers are pulled back harder while hand-offs end in conflict:
  progress the daily process contradicts is short-lived ([Plan of Attack]).
- Leaders: each contact with a leader who models the values closes part of the belief gap; a
  sales leader out in front meets the team weekly, a CEO driving from behind only at check-ins
  and more weakly ([Plan of Attack], [Led or Driven]). Coaching hours close part of the skill gap
  and lift
  engagement ([Led or Driven]).
- Rewards: belief drifts toward how far pay honours the values; values are practised only as
  far as pay honours them ([Amazing Cultures]). Of values-based pay's effect on revenue and profit,
  most
  goes through the second channel, practised belief, not through belief and the believer share
  (:func:`practised_belief`).
- Feedback: where customers' perception of the values is measured, salespeople whose accounts
  see the values lived less get pulled toward them ([Amazing Cultures]).
- Training moves skill and belief slowly ([Infinite Loop]), belief toward the values as stated
  (``culture.training_belief_target``) or, by ``culture.training_practice_weight``, as the
  regime practises them.
- Socialisation: a newcomer's disposition takes on the belief it comes to hold in its first
  months, a pull that fades with tenure (Bauer et al. 2007; Harrison & Carroll 1991);
  incumbents' dispositions do not move. Culture therefore changes mostly as people come and go.
- Engagement follows belief, less the strain of hand-off conflicts for engineers ([Plan of Attack]).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from salesculture.sim.world.workforce import Role

if TYPE_CHECKING:
    from salesculture.sim.world.state import World

#: Roles whose daily work passes through the order process ([Plan of Attack]).
PROCESS_ROLES = (Role.SALES, Role.ENGINEER)


def practised_belief(
    belief: np.ndarray, reward_alignment: float, practice_floor: float
) -> np.ndarray:
    """How far belief shows in behaviour, given how far pay honours the values ([Amazing Cultures]).

    Values that are not rewarded are not practised ([Amazing Cultures]): an employee acts on
    ``practice_floor`` of its belief when pay does not honour the values at all, on all of it when
    pay fully does, linearly in between. Practised belief, not belief, enters the win log-odds
    (:mod:`sim.world.stages.sale`), service quality and the relationship's supported satisfaction
    and perception (:mod:`sim.world.stages.service`). It is the channel through which
    values-based pay (``reward_alignment`` 0.3 -> 1) earns: the factor rises from 0.93 to 1,
    +7.5 % practised belief at any belief, at once. The size of the floor is assumed and modest
    (0.9); no published figure sizes it (docs/odd.md, Practised belief, measures the channel's
    share).

    Args:
        belief: Belief of each slot, 0..1.
        reward_alignment: How far pay honours the values, 0..1 (incentives.reward_alignment).
        practice_floor: Share of belief practised at alignment 0 (culture.practice_floor).

    Returns:
        Practised belief of each slot, 0..1.
    """
    return belief * (practice_floor + (1.0 - practice_floor) * reward_alignment)


def training_target(model: World) -> float:
    """Belief training teaches toward this week, 0..1 [Infinite Loop].

    The regime's weight on it follows [Amazing Cultures].

    The company's values as stated (``culture.training_belief_target``) or, as far as
    ``culture.training_practice_weight`` says, as the regime practises them: scaled by the
    practised share of belief (:func:`practised_belief` of a belief of 1). At the default
    weight 0 the target is the same under every regime.
    """
    culture = model.cfg.culture
    practised_share = float(
        practised_belief(
            np.ones(1), model.policies.incentives.reward_alignment, culture.practice_floor
        )[0]
    )
    weight = culture.training_practice_weight
    return culture.training_belief_target * (1.0 - weight + weight * practised_share)


def peer_pull(model: World) -> np.ndarray:
    """Weighted mean belief of each employee's active ties (own belief where there are none).

    Worked out over the tied slots only (:meth:`sim.world.workforce.Workforce.sum_over_ties`); an
    untied slot keeps its own belief.
    """
    workforce, culture = model.workforce, model.cfg.culture
    belief = workforce.belief
    tied = workforce.tied
    tied_belief = belief[tied]
    non_believer = tied_belief <= culture.believer_threshold
    weight = workforce.active[tied] * (1.0 + culture.non_believer_contagion * non_believer)
    total = workforce.sum_over_ties(weight)
    weighted = workforce.sum_over_ties(weight * tied_belief)
    pull = belief.copy()
    has_ties = total > 0
    pull[tied[has_ties]] = weighted[has_ties] / total[has_ties]
    return pull


#: The forces on belief, in the order they add up (:func:`belief_forces`).
BELIEF_FORCES = ("peers", "disposition", "leaders", "rewards", "training", "feedback", "noise")


def conflict_cynicism(model: World, slots: np.ndarray) -> np.ndarray:
    """How much harder hand-off conflicts pull each employee in ``slots`` back to disposition.

    Relative to the pull itself: ``culture.conflict_cynicism`` times the conflict share, for
    salespeople and engineers, whose daily work passes through the order process ([Plan of Attack]).
    """
    workforce = model.workforce
    sales, engineers = (workforce.of_role[role] for role in PROCESS_ROLES)
    in_process = sales[slots] | engineers[slots]
    return model.cfg.culture.conflict_cynicism * model.conflict_share * in_process


def belief_forces(
    model: World, slots: np.ndarray, cynicism: np.ndarray | None = None
) -> dict[str, np.ndarray | float]:
    """Each force's change of the belief of the employees in ``slots`` this week (belief units).

    Their sum, in the order of :data:`BELIEF_FORCES`, is :func:`belief_change`. ``cynicism``
    is :func:`conflict_cynicism` of ``slots`` (worked out here when not given).
    """
    workforce, culture = model.workforce, model.cfg.culture
    belief = workforce.belief[slots]
    if cynicism is None:
        cynicism = conflict_cynicism(model, slots)
    pull_back = culture.disposition_pull_rate * (1.0 + cynicism)
    alignment = model.policies.incentives.reward_alignment
    feedback = _perception_feedback(model)
    return {
        "peers": culture.peer_influence_rate * (peer_pull(model)[slots] - belief),
        "disposition": pull_back * (workforce.disposition[slots] - belief),
        "leaders": culture.modelling_per_contact * workforce.leader_contact[slots] * (1.0 - belief),
        "rewards": culture.reward_reinforcement * (alignment - belief),
        "training": culture.training_belief_rate * (training_target(model) - belief),
        "feedback": feedback[slots] if isinstance(feedback, np.ndarray) else feedback,
        "noise": culture.belief_noise * model.draw_normal("culture.noise", workforce.size)[slots],
    }


def belief_change(model: World, slots: np.ndarray) -> np.ndarray:
    """Change of the belief of the employees in ``slots`` this week, before clipping to 0..1."""
    return _total(belief_forces(model, slots))


def _total(forces: dict[str, np.ndarray | float]) -> np.ndarray:
    """The forces added up in the order of :data:`BELIEF_FORCES`."""
    change = forces["peers"].copy()
    for name in BELIEF_FORCES[1:]:
        change += forces[name]
    return change


def record_forces(
    model: World,
    slots: np.ndarray,
    forces: dict[str, np.ndarray | float],
    cynicism: np.ndarray,
) -> None:
    """Add each force's summed belief change to the week's flows (``culture_path_peers``, ...).

    The share of the pull toward disposition that hand-off conflicts add ([Plan of Attack]) is kept
    apart as ``culture_path_conflict``; ``culture_path_disposition`` is the rest. Read by
    ``salesculture explain`` (the culture path); nothing here changes the model.
    """
    flows = model.flows
    for name in BELIEF_FORCES:  # a force that is one number for everyone counts once a slot
        flows[f"culture_path_{name}"] += float(np.sum(np.broadcast_to(forces[name], len(slots))))
    conflict = float((forces["disposition"] * cynicism / (1.0 + cynicism)).sum())
    flows["culture_path_conflict"] += conflict
    flows["culture_path_disposition"] -= conflict


def update_culture(model: World) -> None:
    """Move every employee's belief, disposition, skill and engagement by one week.

    Only the slots held by an employee move; a vacant slot's numbers are set to 0.
    """
    cfg, workforce, flows = model.cfg, model.workforce, model.flows
    culture = cfg.culture
    active = workforce.held()
    cynicism = conflict_cynicism(model, active)
    forces = belief_forces(model, active, cynicism)
    record_forces(model, active, forces, cynicism)
    moved = workforce.belief[active] + _total(forces)
    belief = moved.clip(0.0, 1.0)
    flows["culture_path_bounds"] += float((belief - moved).sum())
    tenure = np.maximum(model.week - workforce.hired_week[active], 0)
    socialisation = culture.socialisation_rate * np.exp(-tenure / culture.socialisation_weeks)
    disposition = workforce.disposition[active]
    disposition = disposition + socialisation * (belief - disposition)

    leadership = cfg.leadership
    skill = workforce.skill[active]
    coached = workforce.coached[active]
    skill_gain = np.minimum(
        1.0, culture.training_skill_rate + leadership.coaching_skill_gain * coached
    )
    skill = (skill + skill_gain * (1.0 - skill)).clip(0, 1)

    conflict_share = flows["handoff_conflicts"] / flows["handoffs"] if flows["handoffs"] else 0.0
    strain = culture.conflict_strain * conflict_share * workforce.of_role[Role.ENGINEER][active]
    target = culture.engagement_base + culture.engagement_belief_weight * belief - strain
    engagement = workforce.engagement[active]
    engagement = engagement + culture.engagement_rate * (target - engagement)
    engagement += leadership.coaching_engagement_gain * coached
    for name, value in (
        ("belief", belief),
        ("disposition", disposition),
        ("skill", skill),
        ("engagement", engagement.clip(0.0, 1.0)),
    ):
        state = getattr(workforce, name)
        state[:] = 0.0
        state[active] = value
    flows["coaching_hours"] += float(workforce.coached.sum())


def _perception_feedback(model: World) -> np.ndarray | float:
    """Belief change of salespeople from surveys of their accounts' perception of the values."""
    gain = model.policies.perception.config.feedback_gain
    if gain == 0:
        return 0.0
    customers, workforce = model.customers, model.workforce
    active = customers.active & (customers.account_lead >= 0)
    lead = customers.account_lead[active]
    accounts = np.bincount(lead, minlength=workforce.size)
    perceived = np.bincount(
        lead, weights=customers.perceived_values[active], minlength=workforce.size
    )
    mean_perceived = np.where(accounts > 0, perceived / np.maximum(accounts, 1), 1.0)
    sales = workforce.of_role[Role.SALES]
    return gain * sales * (1.0 - mean_perceived) * (1.0 - workforce.belief)
