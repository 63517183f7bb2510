"""The weekly flows every process reports: one fixed set of names, reset each week."""

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
    "out_of_bounds_deals",
    "booked_annual_value",
    "staff_closed_annual_value",
    "orders",
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
    "coaching_sessions",
    "quits",
    "exits",
    "layoffs",
    "separations_sales",
    "hires",
)


def empty_flows() -> dict[str, float]:
    """A fresh week of flows, all zero."""
    return dict.fromkeys(FLOW_NAMES, 0)
