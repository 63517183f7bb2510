"""The weekly flows every process reports: one fixed set of names, reset each week."""

from salesculture.sim.world.customers import LEAD_SOURCE_NAMES

#: Deals won this week by where the customer's lead came from (``wins_from_marketing``, ...).
WINS_BY_SOURCE = tuple(f"wins_from_{name}" for name in LEAD_SOURCE_NAMES)

FLOW_NAMES = (
    "leads",
    "leads_marketing",
    "leads_outbound",
    "leads_word_of_mouth",
    "leads_from_staff",
    "opportunities",
    "wins",
    "losses",
    "wins_high_value",
    *WINS_BY_SOURCE,
    "out_of_bounds_deals",
    "booked_annual_value",
    "staff_closed_annual_value",
    "orders",
    "orders_by_team",
    "orders_cancelled",
    "upsells_cancelled",
    "upsells_cancelled_by_churn",
    "cancelled_annual_value",
    "delivered_out_of_bounds",
    "key_deals_joined",
    "handoffs",
    "handoff_conflicts",
    "engineering_work",
    "overrun_work",
    "engineering_capacity",
    "late_orders",
    "delivered",
    "delivery_weeks",
    "issues",
    "issues_resolved",
    "issues_recovered",
    "renewals",
    "churned",
    "upsells_found",
    "upsells_found_by_staff",
    "upsells",
    "upsells_by_staff",
    "coaching_hours",
    "quits",
    "exits",
    "layoffs",
    "separations_sales",
    "hires",
    # the culture path: belief moved this week, summed over employees (belief units)
    "culture_path_peers",
    "culture_path_disposition",
    "culture_path_conflict",
    "culture_path_leaders",
    "culture_path_rewards",
    "culture_path_training",
    "culture_path_feedback",
    "culture_path_noise",
    "culture_path_bounds",
    "culture_path_hires",
    "culture_path_screen",
    "culture_path_quits",
    "culture_path_exits",
    "culture_path_layoffs",
)


#: The culture path's flows (belief units, always floats;
#: :func:`sim.world.stages.culture.record_forces`).
CULTURE_PATH = tuple(name for name in FLOW_NAMES if name.startswith("culture_path_"))


def empty_flows() -> dict[str, float]:
    """A fresh week of flows, all zero (counts as integers, the culture path as floats)."""
    flows: dict[str, float] = dict.fromkeys(FLOW_NAMES, 0)
    flows.update(dict.fromkeys(CULTURE_PATH, 0.0))
    return flows
