"""Regime switches during a run: an intervention changes one axis and the company carries on.

A switch of axis ``A`` to option ``O`` at the start of week ``W`` replaces the ``A`` section of
the model's configuration with what ``conf/A/O.yaml`` composes to (the settings a run started
under ``A=O`` would have), builds the axis's policy again through the registry, and brings the
state the model derived from that axis into line. Nothing else is reset: customers, employees,
beliefs, the network, open orders and the books continue from where they are. Random streams
are keyed by name, week and slot, so the weeks before ``W`` are exactly those of the run
without the switch.

What follows on each axis:

- leadership: the sales budget (salespeople plan and marketing spend) takes the new multiplier;
  leadership positions follow the regime through the ordinary staffing stage: a new sales
  leader and managers are vacancies filled after ``staffing.vacancy_weeks``, positions the
  regime no longer has are laid off (with severance) that week, and departing leaders no longer
  lead. The disciplines move from their current levels toward the new regime's, over
  ``discipline_build_weeks`` ([Led or Driven]: a leader transforms the function over years). The
  contact cadence counts from the switch.
- process: a cross-functional team is formed and practises fully, or is disbanded so every
  order goes the siloed way ([Plan of Attack]); the smoothed conflict share carries on.
- people: the review cadence counts from the switch (the first review comes one interval
  later); screening of hires follows the new settings at once.
- headcount: under a fixed plan, any demand plan is dropped (staffing then cancels vacancies
  and lays off the surplus); demand-driven reviews count from the switch.
- incentives, focus, boundaries, measure_perception: the model reads their policies every week,
  so the new settings act from the switch week on.

The influence network is not rewired: positions a new plan adds beyond those tied at the start
have no ties, as hires beyond the network headroom.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from salesculture.scenarios import with_policy
from salesculture.sim.config.headcount import planned_headcount, planned_salespeople
from salesculture.sim.world.workforce import Role

if TYPE_CHECKING:
    from salesculture.sim.world.state import World


def current_option(model: World, axis: str) -> str:
    """The config group option whose settings ``axis`` has now.

    Known after a switch; before, the option whose composed section equals the model's, or the
    regime's name followed by ``(modified)`` when parameters of the axis were overridden.
    """
    from salesculture.sim.config.compose import compose_option
    from salesculture.sim.config.validation import group_options

    if axis not in model.options:
        section = getattr(model.cfg, axis)
        likely_first = sorted(group_options(axis), key=lambda o: o != section.regime)
        same = (o for o in likely_first if compose_option(axis, o) == section)
        model.options[axis] = next(same, f"{section.regime}(modified)")
    return model.options[axis]


def apply_switch(model: World, axis: str, option: str) -> bool:
    """Switch ``axis`` of ``model`` to ``option`` (see the module docstring).

    Returns:
        Whether anything changed: a switch to the settings the axis already has is no switch.

    Raises:
        ConfigError: for an unknown axis or option, or a sales plan beyond the slots.
    """
    from salesculture.sim.config.compose import (
        compose_option,  # Hydra: loaded only when a run switches
    )

    section = compose_option(axis, option)
    if section == getattr(model.cfg, axis):
        return False
    if axis == "leadership":
        _check_sales_slots(model, section.sales_budget_multiplier)
    old = current_option(model, axis)
    before = model.policies
    if axis == "leadership":
        model.discipline_start = model.disciplines()
    model.cfg = dataclasses.replace(model.cfg, **{axis: section})
    model.policies = with_policy(model.policies, model.cfg, axis)
    model.regime_since[axis] = model.week
    model.options[axis] = option
    model.switches.append((model.week + 1, axis, old, option))
    if axis == "leadership":
        _follow_sales_budget(model)
    elif axis == "process" and model.policies.process.has_team != before.process.has_team:
        model.team_practice = model.policies.process.initial_practice
    elif axis == "headcount" and not model.policies.headcount.follows_demand:
        model.demand_plan.clear()
    return True


def _follow_sales_budget(model: World) -> None:
    """Marketing spend and the salespeople plan after the leadership's sales budget."""
    multiplier = model.policies.leadership.budget_multiplier
    model.marketing_budget = model.cfg.costs.marketing_per_week * multiplier
    model.initial_plan[Role.SALES] = planned_salespeople(
        model.cfg.workforce.salespeople, multiplier
    )


def _check_sales_slots(model: World, multiplier: float) -> None:
    """Refuse a sales budget whose plan needs more salespeople than the role has slots."""
    workforce = model.cfg.workforce
    initial = planned_salespeople(workforce.salespeople, multiplier)
    peak = max(
        planned_headcount(initial, workforce.growth_per_year, week) for week in (0, model.cfg.weeks)
    )
    if peak > model.workforce.slots_per_role:
        from salesculture.sim.config.validation import ConfigError

        raise ConfigError(
            f"workforce.slots_per_role={model.workforce.slots_per_role}: must be at least "
            f"the largest planned head-count of a role ({peak}) under the new sales budget"
        )
