"""Post-sale: service interactions and how customers come to feel about the company.

Great service is a soft sell ([Infinite Loop]): each active customer raises issues at a yearly rate
that grows with its contract value (``service.issue_value_elasticity``);
service staff resolve them up to their capacity, with a success chance that rises with their
skill and practised values. A resolved issue lifts satisfaction, an unresolved one lowers it, and
a failure that is recovered (recovery as a priority value, [Amazing Cultures]) gives part of the
loss
back. Satisfaction also drifts toward the level the account relationship supports, which rises
with the account lead's practised values ([Amazing Cultures]); loyalty grows with satisfaction; and
the
customer's perception of the values follows what its account lead practises.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from salesculture.sim.config.rates import weekly_hazard
from salesculture.sim.world.workforce import Role

if TYPE_CHECKING:
    from salesculture.sim.world.state import World


def serve_customers(model: World) -> None:
    """Raise and resolve this week's issues and update satisfaction, loyalty and perception."""
    cfg, customers, workforce, flows = model.cfg, model.customers, model.workforce, model.flows
    service = cfg.service
    n = customers.size
    active = customers.active_index
    rate = service.issue_rate_per_year * customers.issue_weight[active]
    issue = active[model.draw_uniform("service.issue", n)[active] < weekly_hazard(rate)]
    n_issues = len(issue)
    staff = workforce.in_role(Role.SERVICE)
    capacity = workforce.service_capacity[staff]
    if n_issues:
        coverage = min(1.0, capacity.sum() / n_issues)
        weight = service.quality_skill_weight
        quality_each = (
            weight * workforce.skill[staff] + (1 - weight) * model.practised_belief[staff]
        )
        quality = float((quality_each * capacity).sum() / capacity.sum()) if capacity.sum() else 0.0
        floor = service.resolution_floor
        p_resolve = coverage * (floor + (1 - floor) * quality)
        resolves = model.draw_uniform("service.resolution", n)[issue] < p_resolve
        resolved, failed = issue[resolves], issue[~resolves]
        recovered = (
            model.draw_uniform("service.recovery", n)[failed]
            < model.policies.focus.recovery_priority
        )
        loss = service.failure_loss * (1.0 - service.recovery_share * recovered)
        customers.satisfaction[resolved] += service.resolve_gain
        customers.satisfaction[failed] -= loss
        flows["issues"] += n_issues
        flows["issues_resolved"] += len(resolved)
        flows["issues_recovered"] += np.count_nonzero(recovered)
        model.ledger.cost("service", n_issues * cfg.costs.service_per_issue)

    lead = customers.account_lead[active]
    practised = np.where(lead >= 0, model.practised_belief[np.maximum(lead, 0)], 0.0)
    supported = service.satisfaction_baseline + service.relationship_effect * (
        practised - service.relationship_reference_practised
    )
    satisfaction = customers.satisfaction[active]
    satisfaction += service.satisfaction_drift * (supported - satisfaction)
    satisfaction = _unit_interval(satisfaction)
    customers.satisfaction[active] = satisfaction
    customers.loyalty[active] = _unit_interval(
        customers.loyalty[active]
        + service.loyalty_rate * (satisfaction - service.loyalty_reference_satisfaction)
    )
    perceived = customers.perceived_values[active]
    customers.perceived_values[active] = perceived + service.perception_rate * (
        practised - perceived
    )


def _unit_interval(values: np.ndarray) -> np.ndarray:
    """``values`` (a new array of the caller's) kept within [0, 1], in place (as np.clip)."""
    return values.clip(0.0, 1.0, out=values)
