"""The weekly flows every process reports: one fixed set of names, reset each week."""

from sim.customers import LEAD_SOURCE_NAMES

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
    "belief_from_peers",
    "belief_from_disposition",
    "belief_from_conflict",
    "belief_from_leaders",
    "belief_from_rewards",
    "belief_from_training",
    "belief_from_feedback",
    "belief_from_noise",
    "belief_from_bounds",
    "belief_from_hires",
    "belief_from_screen",
    "belief_from_quits",
    "belief_from_exits",
    "belief_from_layoffs",
)


def empty_flows() -> dict[str, float]:
    """A fresh week of flows, all zero."""
    return dict.fromkeys(FLOW_NAMES, 0)
