"""People: voluntary turnover, exits, the head-count plan, hiring and ramp-up.

Voluntary turnover is a weekly hazard per role, converted from the annual rate, that rises as
belief falls below the initial mean and engagement below the reference. The people regime may
exit non-believers at reviews ([Amazing Cultures]), with severance and a morale shock to their ties.
Each role is staffed to what the model plans for it (:meth:`sim.world.state.World.planned`: the
yearly plan, raised by demand under demand-driven staffing, :mod:`sim.world.stages.staffing`):
vacancies open when head-count falls short and are filled after ``vacancy_weeks``; a surplus
cancels open vacancies and then lays people off. New hires ramp up over ``ramp_weeks`` and
arrive with the hiring selectivity's belief, below the incumbents' until they are socialised
(sim/world/stages/culture.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from salesculture.agents import ROLE_AGENTS
from salesculture.sim.world.draws import beta_quantile
from salesculture.sim.world.workforce import Role

if TYPE_CHECKING:
    from salesculture.sim.world.state import World

STAFF_ROLES = (Role.SALES, Role.ENGINEER, Role.SERVICE)
#: Positions a leadership regime may add or remove (the CEO stays in every regime).
LEADER_ROLES = (Role.SALES_LEADER, Role.SALES_MANAGER)


def annual_turnover(model: World) -> np.ndarray:
    """Configured annual voluntary turnover of each slot's role (0 for leaders)."""
    staffing = model.cfg.staffing
    by_role = np.zeros(len(Role))
    by_role[Role.SALES] = staffing.sales_turnover_per_year
    by_role[Role.ENGINEER] = staffing.engineer_turnover_per_year
    by_role[Role.SERVICE] = staffing.service_turnover_per_year
    return by_role[model.workforce.role]


def quit_probability(model: World) -> np.ndarray:
    """Weekly probability that each employee quits, one per held slot (``workforce.held()``)."""
    staffing, workforce = model.cfg.staffing, model.workforce
    active = workforce.held()
    relative_hazard = np.exp(
        staffing.turnover_belief_effect
        * (model.cfg.culture.initial_belief_mean - workforce.belief[active])
        + staffing.turnover_engagement_effect
        * (staffing.reference_engagement - workforce.engagement[active])
    )
    return 1.0 - (1.0 - model.weekly_quit_base[active]) ** relative_hazard


def separate(model: World, slots: np.ndarray, flow: str, severance_weeks: float) -> None:
    """Let the employees in ``slots`` go, paying severance where due."""
    workforce = model.workforce
    if severance_weeks:
        model.ledger.cost("severance", severance_weeks * model.salaries[slots].sum())
    model.flows["separations_sales"] += int(np.count_nonzero(workforce.role[slots] == Role.SALES))
    model.flows[f"culture_path_{flow}"] -= float(workforce.belief[slots].sum())
    for slot in slots:
        workforce.agents[slot].leave()
    model.flows[flow] += len(slots)


def turnover_and_exits(model: World) -> None:
    """Voluntary quits, then the people regime's exits with their morale shock."""
    workforce = model.workforce
    held = workforce.held()  # each slot keeps its own draw; a vacant slot cannot quit
    draws = model.draw_uniform("people.quit", workforce.size)[held]
    separate(model, held[draws < quit_probability(model)], "quits", 0.0)

    exits = model.policies.people.review(model)
    if exits.any():
        people = model.policies.people.config
        shocked = (workforce.ties @ exits.astype(float)) > 0
        separate(model, np.flatnonzero(exits), "exits", people.severance_weeks)
        workforce.engagement[shocked & workforce.active] = np.maximum(
            0.0, workforce.engagement[shocked & workforce.active] - people.exit_morale_shock
        )


def staff_to_plan(model: World) -> None:
    """Open, cancel and fill vacancies, and lay off any surplus, role by role."""
    workforce, week = model.workforce, model.week
    staffing = model.cfg.staffing
    # A role's actions change only its own slots, so every role's gap can be worked out first.
    plan = {role: model.planned(role, week) for role in STAFF_ROLES}
    leaders = model.policies.leadership.leader_roles(plan[Role.SALES])
    plan.update({role: leaders.get(role, 0) for role in LEADER_ROLES})  # as model.planned does
    staffed = (workforce.headcounts() + workforce.open_vacancy_counts()).tolist()
    for role in (*STAFF_ROLES, *LEADER_ROLES):
        gap = plan[role] - staffed[role]
        if gap > 0:
            slots = workforce.free_slots(role)[:gap]
            if len(slots) < gap:
                raise RuntimeError(
                    f"workforce.slots_per_role={workforce.slots_per_role} is too small "
                    f"for the {role.name.lower()} head-count plan"
                )
            workforce.vacancy_until[slots] = week + staffing.vacancy_weeks
        elif gap < 0:
            block = workforce.block(role)
            pending = np.flatnonzero(workforce.vacancy_until[block] >= 0)[::-1] + block.start
            cancel = pending[:-gap]
            workforce.vacancy_until[cancel] = -1
            surplus = -gap - len(cancel)
            if surplus > 0:
                staff = np.flatnonzero(workforce.in_role(role))
                order = np.argsort(model.draw_uniform("people.layoff", workforce.size)[staff])
                separate(
                    model,
                    staff[order[:surplus]],
                    "layoffs",
                    model.policies.people.config.severance_weeks,
                )

    filled = np.flatnonzero((workforce.vacancy_until >= 0) & (workforce.vacancy_until <= week))
    if len(filled):
        draws = model.draw_normal("people.hire", (4, workforce.size))
        spread = staffing.hire_belief_sd
        skill = (staffing.hire_skill_mean + staffing.hire_skill_sd * draws[0, filled]).clip(0, 1)
        belief = (staffing.hire_belief_mean + spread * draws[1, filled]).clip(0.0, 1.0)
        second = (staffing.hire_belief_mean + spread * draws[2, filled]).clip(0.0, 1.0)
        screened = model.policies.people.screen(model, belief, second, draws[3, filled])
        model.flows["culture_path_screen"] += float((screened - belief).sum())
        model.flows["culture_path_hires"] += float(belief.sum())  # as drawn, before the screen
        belief = screened
        hire(model, filled, skill=skill, belief=belief, hired_week=np.full(len(filled), week))
        workforce.vacancy_until[filled] = -1
        model.flows["hires"] += len(filled)
        model.ledger.cost("hiring", len(filled) * model.cfg.costs.hiring_cost)


def hire(
    model: World, slots: np.ndarray, skill: np.ndarray, belief: np.ndarray, hired_week: np.ndarray
) -> None:
    """Create an employee agent in each slot with the given state.

    A hire's disposition starts at its belief; socialisation then moves it
    (sim/world/stages/culture.py).

    Args:
        model: The model.
        slots: The slots filled (one per hire).
        skill: Skill of each hire, 0..1.
        belief: Belief of each hire, 0..1.
        hired_week: Model week of each hire (negative for staff hired before week 0).
    """
    workforce = model.workforce
    workforce.skill[slots] = skill
    workforce.belief[slots] = belief
    workforce.disposition[slots] = belief
    workforce.engagement[slots] = model.cfg.staffing.reference_engagement
    workforce.hired_week[slots] = hired_week
    for slot in slots:
        ROLE_AGENTS[Role(int(workforce.role[slot]))](model, int(slot))


def hire_initial(model: World, role: Role, count: int, draws: np.ndarray) -> None:
    """Create the week-0 staff of a role in its lowest slots, with drawn skill and belief.

    Skill and belief are Beta numbers around ``culture.initial_skill_mean`` and
    ``culture.initial_belief_mean``; tenure is uniform up to
    ``workforce.initial_tenure_max_weeks``.

    Args:
        model: The model being set up.
        role: The role.
        count: Its week-0 head-count (people).
        draws: The ``setup.employees`` uniforms, three rows (skill, belief, tenure) of one
            number per slot.
    """
    workforce = model.workforce
    slots = workforce.free_slots(role)[:count]
    if len(slots) < count:
        raise ValueError(
            f"workforce.slots_per_role={workforce.slots_per_role} is smaller than "
            f"the initial {role.name.lower()} head-count {count}"
        )
    culture_cfg = model.cfg.culture
    drawn = draws[:, slots]
    max_tenure = model.cfg.workforce.initial_tenure_max_weeks
    hire(
        model,
        slots,
        skill=beta_quantile(
            drawn[0], culture_cfg.initial_skill_mean, culture_cfg.initial_skill_concentration
        ),
        belief=beta_quantile(
            drawn[1], culture_cfg.initial_belief_mean, culture_cfg.initial_belief_concentration
        ),
        hired_week=-np.floor(drawn[2] * max_tenure).astype(np.int64) - 1,
    )
