"""Structured configuration: one dataclass per section, every field documented.

The dataclasses are registered in Hydra's ConfigStore as the schema of ``conf/config.yaml``, so an
unknown key or a wrong type fails when the configuration is composed; :func:`validate` then checks
every value against its documented range. Regimes are named, never instantiated from the config:
``scenarios.registry`` maps the names to policy objects.

Units: time in weeks, money in currency units (per week where a flow), probabilities in [0, 1].
Rates quoted per year are converted to weekly probabilities in one place, :mod:`sim.config.rates`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from salesculture.sim.config.params import ParamInfo, param, param_list, section
from salesculture.sim.config.weeks import WEEKS_PER_YEAR

#: The five source texts, by their citation keys (docs/sources.md); a key in square brackets is a
#: citation, linked to its entry where the parameter reference is generated (sim.docgen.citations).
S000, S001, S002, S003, S004 = (
    "[Unintentional Executive]", "[Plan of Attack]", "[Infinite Loop]", "[Led or Driven]",
    "[Amazing Cultures]",
)
ASSUMED = "assumed"
#: Where the value-dependent sizes come from: vendors' benchmark bands by contract value, found only
#: in secondary summaries (no primary cross-tabulation found), read across segments.
VALUE_BANDS = ("B2B benchmark bands by ACV (secondary summaries): cycle 14-30 d (SMB) to 90-180 d "
               "(enterprise), win rate 25-40 % to 10-20 %; across segments about 0.6 (cycle) and "
               "0.3 log-odds (win) per log value")


def assumed_size(seed: str, note: str = "") -> str:
    """Source of a size no published figure sets: assumed; the source text gives the direction."""
    return f"assumed{note}; direction {seed}"


def choice_of(*seeds: str) -> str:
    """Source of a regime choice or switch: the source texts name it; it has no size."""
    return "assumed choice, no size; named in " + ", ".join(seeds)



@dataclass
class ScenarioInfo:
    """The preset a configuration came from (set by ``conf/scenario/*.yaml``)."""

    name: str = param("baseline", unit="-", source="-", doc="Name of the scenario preset.")
    description: str = param("", unit="-", source="-", doc="One line describing the preset.")
    channels: list[str] = param_list(
        unit="-", source="-",
        values="profit channels of salesculture explain (revenue_new, cost_marketing, ...)",
        doc="The profit channels the preset's description names: the largest channel of its "
            "paired difference against the baseline must be one of them (docs/odd.md, "
            "Explaining a difference).")


@dataclass
class MarketConfig:
    """The addressable market: a fixed population of potential customers (Bass-style)."""

    customers: int = param(10_000, unit="customers", low=1, high=5_000_000, source=ASSUMED,
                           doc="Potential customers in the addressable market (preallocated slots).")
    mean_weekly_value: float = param(480.0, unit="currency/week", low=0.0, high=1e7, source=ASSUMED,
                                     doc="Mean contract value of a customer per week (calibrated "
                                         "to a 5-20 % profit margin, docs/calibration.md).")
    value_dispersion: float = param(1.3, unit="log-sd", low=0.0, high=4.0,
                                    source="[Kim, Singh & Winer 2017]; [McCarthy & Winer 2019]",
                                    doc="Sigma of the lognormal contract value; 1.3 puts about "
                                        "two thirds of value in the top 20 % of customers.")
    high_value_share: float = param(0.2, unit="share", low=0.0, high=1.0, source=assumed_size(S004),
                                    doc="Share of the market (by value rank) in the high-value segment.")
    initial_customer_share: float = param(0.12, unit="share", low=0.0, high=1.0, source=ASSUMED,
                                          doc="Share of the market that are customers at week 0.")
    initial_pipeline_share: float = param(0.03, unit="share", low=0.0, high=1.0, source=ASSUMED,
                                          doc="Share of the market that are open opportunities at week 0.")
    marketing_rate_per_year: float = param(
        0.13, unit="per year", low=0.0, high=10.0,
        source="assumed (the external-influence form of [Bass 1969] p); " + S002,
        doc="Lead rate of unaware firms from marketing at the reference marketing budget. "
            "A lead, not an adoption: with about 10 % of leads won, marketing adds about 0.013 "
            "adoptions a year per unaware firm, below Sultan, Farley & Lehmann's mean p of "
            "0.03. Sized with the budget so that marketing's elasticity of bookings lies in "
            "Sethuraman, Tellis & Briesch's 0.12-0.24 and the budget sits near its "
            "profit-maximising level (docs/odd.md, pre-sale).")
    word_of_mouth_rate_per_year: float = param(0.4, unit="per year", low=0.0, high=20.0,
                                               source="[Bass 1969] (q); " + S002,
                                               doc="Imitation lead rate times the share of satisfied "
                                                   "customers in the market (Bass q).")
    reference_marketing_per_customer_week: float = param(
        3.8, unit="currency/potential customer-week", low=1e-6, high=1e6, source=ASSUMED,
        doc="Marketing budget per potential customer (market.customers) at which the marketing "
            "lead rate equals marketing_rate_per_year; relative to the market, so that a company "
            "and its market made twice as large get twice the marketing leads.")
    marketing_elasticity: float = param(0.5, unit="-", low=0.0, high=2.0,
                                        source="assumed; bounded by [Sethuraman, Tellis & Briesch 2011]: brand advertising "
                                               "elasticity of sales 0.12 short-, 0.24 long-term (consumer brands, not B2B)",
                                        doc="Elasticity of the marketing lead rate to the budget "
                                            "(diminishing returns); with marketing about a third of "
                                            "the leads, the elasticity of bookings to marketing is "
                                            "about 0.12, inside the published range (contrast "
                                            "`marketing`, docs/evidence.md).")
    satisfied_threshold: float = param(0.6, unit="satisfaction", low=0.0, high=1.0, source=ASSUMED,
                                       doc="Satisfaction above which a customer refers others.")
    lost_cooldown_weeks: int = param(26, unit="weeks", low=0, high=520, source=ASSUMED,
                                     doc="Weeks before a lost or disqualified prospect can become a lead again.")
    churn_cooldown_weeks: int = param(52, unit="weeks", low=0, high=520, source=ASSUMED,
                                      doc="Weeks before a churned customer can become a lead again.")
    customisation_shape: float = param(2.0, unit="-", low=0.1, high=100.0, source=ASSUMED,
                                       doc="Gamma shape of a customer's customisation need (lower: more dispersed).")
    satisfaction_concentration: float = param(12.0, unit="-", low=0.1, high=1000.0, source=ASSUMED,
                                              doc="Beta concentration of satisfaction at week 0 around "
                                                  "service.satisfaction_baseline.")
    initial_perceived_values: float = param(0.5, unit="perception", low=0.0, high=1.0,
                                            source=ASSUMED,
                                            doc="Customers' perception of the company's values at week 0.")
    initial_loyalty_mean: float = param(0.5, unit="loyalty", low=0.0, high=1.0, source=ASSUMED,
                                        doc="Mean loyalty of the customers at week 0 (beta).")
    initial_loyalty_concentration: float = param(10.0, unit="-", low=0.1, high=1000.0, source=ASSUMED,
                                                 doc="Beta concentration of loyalty at week 0.")


@dataclass
class WorkforceConfig:
    """Head-count plan and the influence network among employees."""

    salespeople: int = param(44, unit="people", low=1, high=100_000, source=ASSUMED,
                             doc="Planned salespeople at week 0 (before the leadership budget multiplier); "
                                 "near its profit-maximising level, between the 5- and 10-year optima "
                                 "(docs/odd.md, pre-sale).")
    engineers: int = param(140, unit="people", low=1, high=100_000, source=assumed_size(S001),
                           doc="Planned engineers at week 0 (customisation and delivery).")
    service_staff: int = param(108, unit="people", low=1, high=100_000, source=assumed_size(S002),
                               doc="Planned service staff at week 0 (post-sale service).")
    growth_per_year: float = param(0.0, unit="per year", low=-0.9, high=2.0, source=ASSUMED,
                                   doc="Yearly growth of the head-count plan (negative: shrink by "
                                       "layoffs and unfilled vacancies).")
    slots_per_role: int = param(1024, unit="slots", low=16, high=1_000_000, source="-",
                                doc="Employee slots reserved per role; fixes which random numbers "
                                    "belong to which position (changing it changes draws).")
    network_degree: int = param(6, unit="ties", low=0, high=100, source=ASSUMED,
                                doc="Mean ties per employee in the influence network (small world).")
    network_rewiring: float = param(0.15, unit="probability", low=0.0, high=1.0, source=ASSUMED,
                                    doc="Watts-Strogatz rewiring probability (cross-team ties).")
    network_headroom: float = param(0.25, unit="share of plan", low=0.0, high=10.0, source=ASSUMED,
                                    doc="Extra engineering and service positions tied in the network "
                                        "under demand-driven staffing, for hires above the plan.")
    initial_tenure_max_weeks: int = param(260, unit="weeks", low=0, high=2080, source=ASSUMED,
                                          doc="Tenures of the week-0 staff are uniform up to this many weeks.")
    skill_productivity_weight: float = param(0.5, unit="share", low=0.0, high=1.0, source=ASSUMED,
                                             doc="Share of output that depends on skill (the rest is "
                                                 "earned by any ramped-up employee).")
    engagement_productivity_weight: float = param(0.4, unit="share", low=0.0, high=1.0,
                                                  source="[Gallup Q12 meta-analysis]: top vs bottom quartile +18 % productivity",
                                                  doc="Share of output that depends on engagement; 0.4 puts "
                                                      "the top engagement quartile about 18 % above the bottom.")


@dataclass
class SalesConfig:
    """Pre-sale and sale mechanics ([Infinite Loop] cycle, [Led or Driven] disciplines)."""

    prospecting_leads_per_week: float = param(1.0, unit="leads/FTE-week", low=0.0, high=100.0,
                                              source=ASSUMED,
                                              doc="Leads found by one full-time, fully productive "
                                                  "week of outbound prospecting (calibrated to "
                                                  "modest growth of the customer base), at the "
                                                  "reference prospecting effort.")
    cycle_complexity_weight: float = param(0.5, unit="share", low=0.0, high=1.0, source=ASSUMED,
                                           doc="Share of a deal's sales cycle that scales with its "
                                               "customisation need (the rest is the same for all).")
    cycle_value_elasticity: float = param(0.3, unit="elasticity", low=0.0, high=2.0,
                                          source=VALUE_BANDS + "; size assumed at half that",
                                          doc="Elasticity of a deal's sales cycle to its contract value "
                                              "(a deal ten times the median takes about 2x as long); "
                                              "the market's mean cycle stays sales_cycle_weeks.")
    value_win_logit: float = param(0.15, unit="log-odds per log value", low=0.0, high=5.0,
                                   source=VALUE_BANDS + "; size assumed at half that",
                                   doc="Win log-odds lost per unit of log(contract value / the "
                                       "market's median value): larger deals face more competitors "
                                       "and more approvers; smaller ones gain as much.")
    reference_prospecting_fte_per_1000_customers: float = param(
        2.0, unit="FTE per 1000 potential customers", low=1e-6, high=1e6, source=ASSUMED,
        doc="Prospecting effort per 1000 potential customers (market.customers) at which "
            "prospecting_leads_per_week applies: 50 salespeople at 40 % of "
            "their time in a market of 10 000; relative to the market, so that a company and "
            "its market made twice as large find twice the outbound leads.")
    prospecting_returns: float = param(0.5, unit="elasticity", low=0.0, high=1.0,
                                       source="[Albers, Mantrala & Sridhar 2010]: personal-selling elasticity 0.34",
                                       doc="Elasticity of outbound leads to prospecting effort (the best "
                                           "prospects are found first); sized so that the sales force's "
                                           "elasticity of bookings lands near the published 0.2-0.4.")
    lead_review_probability: float = param(0.35, unit="probability/week", low=0.0, high=1.0,
                                           source=ASSUMED,
                                           doc="Chance per week that a lead gets its qualification decision.")
    qualification_rate: float = param(0.4, unit="probability", low=0.0, high=1.0, source=ASSUMED,
                                      doc="Chance that a reviewed lead becomes a qualified opportunity.")
    sales_cycle_weeks: float = param(8.0, unit="weeks", low=1.0, high=104.0,
                                     source="industry surveys: mid-market cycle 1-3 months",
                                     doc="Mean weeks from qualification to a decision.")
    base_win_rate: float = param(0.2, unit="probability", low=0.001, high=0.999,
                                 source="B2B pipeline surveys: 20-30 %",
                                 doc="Win probability of an average rep (skill "
                                     "win_reference_skill, practised values "
                                     "win_reference_practised) on an average deal, before "
                                     "disciplines and focus fit; the baseline then wins about 26 %.")
    skill_win_logit: float = param(1.5, unit="log-odds per unit skill", low=0.0, high=10.0,
                                   source=ASSUMED, doc="Effect of the account lead's skill on winning.")
    belief_win_logit: float = param(1.0, unit="log-odds per unit belief", low=0.0, high=10.0,
                                    source=assumed_size(S004),
                                    doc="Effect of the account lead's practised values (relationships).")
    win_reference_skill: float = param(0.5, unit="skill", low=0.0, high=1.0, source=ASSUMED,
                                       doc="Skill of the average rep at which base_win_rate applies "
                                           "(the skill term is skill_win_logit x (skill - this)); "
                                           "the middle of the scale, near the initial mean skill "
                                           "0.55 and the hire mean 0.45.")
    win_reference_practised: float = param(0.5, unit="practised belief", low=0.0, high=1.0,
                                           source=ASSUMED,
                                           doc="Practised belief at which base_win_rate applies (the "
                                               "values term is belief_win_logit x (practised - "
                                               "this)); the middle of the scale, near the initial "
                                               "practised belief 0.48 (sim/world/stages/culture.py).")
    opportunities_per_rep: float = param(14.0, unit="opportunities", low=0.1, high=1000.0,
                                         source=ASSUMED,
                                         doc="Open opportunities a fully productive rep can work at once.")
    overload_win_logit: float = param(1.0, unit="log-odds", low=0.0, high=10.0, source=ASSUMED,
                                      doc="Win log-odds lost per doubling of a rep's load beyond capacity.")
    discipline_prospecting_gain: float = param(0.2, unit="relative", low=0.0, high=5.0, source=assumed_size(S003),
                                               doc="Extra leads per prospecting week at full "
                                                   "prospecting discipline.")
    discipline_forecasting_win_logit: float = param(0.15, unit="log-odds", low=0.0, high=5.0,
                                                    source=assumed_size(S003),
                                                    doc="Win log-odds from full forecasting discipline.")
    discipline_segmentation_gain: float = param(0.15, unit="relative", low=0.0, high=5.0, source=assumed_size(S003),
                                                doc="Relative rise in the qualification rate from "
                                                    "full segmentation discipline.")
    focus_fit_logit: float = param(0.15, unit="log-odds", low=0.0, high=5.0,
                                   source=assumed_size(S004),
                                   doc="Log-odds added to the decisions a focus targets: new-logo wins "
                                       "(new_logos), high-value wins (high_value), renewals (loyalty), "
                                       "upsell closes (grow_existing).")


@dataclass
class DeliveryConfig:
    """Order processing and engineering delivery ([Plan of Attack])."""

    customisation_weeks_mean: float = param(3.0, unit="engineer-weeks", low=0.0, high=520.0,
                                            source=ASSUMED,
                                            doc="Mean customisation work of a new order (gamma, shape "
                                                "market.customisation_shape).")
    engineering_share_on_orders: float = param(0.3, unit="share", low=0.0, high=1.0, source=ASSUMED,
                                               doc="Share of engineers' time available for order "
                                                   "customisation (the rest is product work).")
    max_work_per_order_week: float = param(2.0, unit="engineer-weeks/week", low=0.01, high=100.0,
                                           source=ASSUMED,
                                           doc="Most engineering work one order can absorb per week.")
    promised_slack_weeks: float = param(2.0, unit="weeks", low=0.0, high=104.0, source=ASSUMED,
                                        doc="Weeks beyond the customisation work that customers accept "
                                            "before delay hurts satisfaction.")
    delay_satisfaction_loss: float = param(0.03, unit="satisfaction/week", low=0.0, high=1.0,
                                           source=assumed_size(S001),
                                           doc="Satisfaction lost per week an order is late.")
    delay_loyalty_loss: float = param(0.02, unit="loyalty/week", low=0.0, high=1.0,
                                      source=assumed_size(S001),
                                      doc="Loyalty lost per week an order is late (lasting: loyalty "
                                          "recovers only slowly, so lateness reaches the renewal).")
    patience_weeks: float = param(4.0, unit="weeks", low=0.0, high=520.0, source=ASSUMED,
                                  doc="Weeks past the due date a customer waits before it may cancel.")
    late_cancel_probability: float = param(0.1, unit="probability/week", low=0.0, high=1.0,
                                           source=ASSUMED,
                                           doc="Weekly chance that an order past the customer's patience "
                                               "is cancelled (a new customer is lost; an upsell dropped).")
    customisation_value_elasticity: float = param(0.2, unit="elasticity", low=0.0, high=2.0,
                                                  source=assumed_size(S001),
                                                  doc="Elasticity of a customer's customisation need to "
                                                      "its contract value (larger accounts, more "
                                                      "integration); the market's mean need stays "
                                                      "customisation_weeks_mean.")
    customisation_price_per_week: float = param(4000.0, unit="currency/engineer-week", low=0.0,
                                                high=1e7, source=ASSUMED,
                                                doc="Fee billed per in-scope engineer-week at delivery "
                                                    "(new revenue for a new order, upsell revenue for "
                                                    "an upsell).")


@dataclass
class ServiceConfig:
    """Post-sale service and customer sentiment ([Infinite Loop] 'soft sell of great service')."""

    issue_rate_per_year: float = param(2.0, unit="issues/customer-year", low=0.0, high=52.0,
                                       source=ASSUMED, doc="Service issues raised by an active customer.")
    issue_value_elasticity: float = param(0.2, unit="elasticity", low=0.0, high=2.0, source=ASSUMED,
                                          doc="Elasticity of a customer's issue rate to its contract "
                                              "value (more users, more issues, fewer per unit of "
                                              "value); the market's mean rate stays issue_rate_per_year.")
    issues_per_staff_week: float = param(0.8, unit="issues/FTE-week", low=0.01, high=1000.0,
                                         source=ASSUMED,
                                         doc="Issues one fully productive service employee resolves.")
    resolve_gain: float = param(0.06, unit="satisfaction", low=0.0, high=1.0, source=assumed_size(S002),
                                doc="Satisfaction gained when an issue is resolved well.")
    failure_loss: float = param(0.15, unit="satisfaction", low=0.0, high=1.0, source=assumed_size(S002),
                                doc="Satisfaction lost when an issue is not resolved.")
    recovery_share: float = param(0.5, unit="share", low=0.0, high=1.0,
                                  source="[de Matos, Henrique & Rossi 2007]: recovery restores satisfaction, not beyond",
                                  doc="Share of a failure's loss won back when the failure is recovered.")
    quality_skill_weight: float = param(0.5, unit="share", low=0.0, high=1.0, source=ASSUMED,
                                        doc="Weight of skill in service quality (the rest is practised values).")
    resolution_floor: float = param(0.5, unit="probability", low=0.0, high=1.0, source=ASSUMED,
                                    doc="Chance a covered issue is resolved at service quality 0.")
    satisfaction_drift: float = param(0.03, unit="per week", low=0.0, high=1.0, source=ASSUMED,
                                      doc="Weekly pull of satisfaction toward what the relationship supports.")
    satisfaction_baseline: float = param(0.68, unit="satisfaction", low=0.0, high=1.0, source=ASSUMED,
                                         doc="Satisfaction a relationship supports when the account lead "
                                             "practises values at relationship_reference_practised.")
    relationship_effect: float = param(0.3, unit="satisfaction per unit belief", low=0.0, high=2.0,
                                       source=assumed_size(S004),
                                       doc="How much the account lead's practised values raise that level.")
    relationship_reference_practised: float = param(0.5, unit="practised belief", low=0.0, high=1.0,
                                                    source=ASSUMED,
                                                    doc="Practised belief of the account lead at which "
                                                        "the relationship supports "
                                                        "satisfaction_baseline (the middle of the "
                                                        "scale, near the initial practised belief "
                                                        "0.48).")
    loyalty_rate: float = param(0.01, unit="per week", low=0.0, high=1.0, source=ASSUMED,
                                doc="Weekly growth of loyalty per unit of satisfaction above "
                                    "loyalty_reference_satisfaction.")
    loyalty_reference_satisfaction: float = param(0.5, unit="satisfaction", low=0.0, high=1.0,
                                                  source=ASSUMED,
                                                  doc="Satisfaction below which loyalty erodes.")
    new_customer_loyalty: float = param(0.3, unit="loyalty", low=0.0, high=1.0, source=ASSUMED,
                                        doc="Loyalty of a customer when its first deal is won.")
    perception_rate: float = param(0.05, unit="per week", low=0.0, high=1.0, source=assumed_size(S004),
                                   doc="Weekly pull of a customer's perception of the values toward "
                                       "what its account lead practises.")


@dataclass
class ResaleConfig:
    """Renewals and upsells ([Infinite Loop] resale)."""

    contract_weeks: int = param(52, unit="weeks", low=1, high=520, source=ASSUMED,
                                doc="Contract term; renewal is decided at its end.")
    renewal_rate: float = param(0.85, unit="probability", low=0.001, high=0.999,
                                source="B2B subscription benchmarks: 7-15 % logo churn",
                                doc="Renewal probability at the reference satisfaction and loyalty "
                                    "(baseline customers sit above both: about 10 % churn).")
    renewal_reference_satisfaction: float = param(0.6, unit="satisfaction", low=0.0, high=1.0,
                                                  source=ASSUMED,
                                                  doc="Satisfaction at which renewal_rate applies.")
    renewal_reference_loyalty: float = param(0.5, unit="loyalty", low=0.0, high=1.0, source=ASSUMED,
                                             doc="Loyalty at which renewal_rate applies.")
    renewal_satisfaction_logit: float = param(5.0, unit="log-odds per unit", low=0.0, high=50.0,
                                              source=ASSUMED, doc="Effect of satisfaction on renewal.")
    renewal_loyalty_logit: float = param(2.0, unit="log-odds per unit", low=0.0, high=50.0,
                                         source=ASSUMED, doc="Effect of loyalty on renewal.")
    upsell_rate_per_year: float = param(0.25, unit="per customer-year", low=0.0, high=52.0,
                                        source=ASSUMED,
                                        doc="Upsell openings found by a fully attentive account lead.")
    discipline_account_planning_gain: float = param(0.25, unit="relative", low=0.0, high=5.0,
                                                    source=assumed_size(S003),
                                                    doc="Relative rise in upsells found from full "
                                                        "strategic account planning.")
    upsell_conversion: float = param(0.5, unit="probability", low=0.0, high=1.0, source=ASSUMED,
                                     doc="Chance an upsell opening closes, at satisfaction 1.")
    upsell_size: float = param(0.2, unit="share of base value", low=0.0, high=10.0, source=ASSUMED,
                               doc="Weekly value an upsell adds, as a share of the base contract.")
    upsell_customisation_weeks: float = param(1.0, unit="engineer-weeks", low=0.0, high=520.0,
                                              source=assumed_size(S001), doc="Customisation work an upsell adds.")
    staff_leads_per_year: float = param(10.0, unit="leads/FTE-year of selling", low=0.0, high=1000.0,
                                        source=assumed_size(S002),
                                        doc="Leads passed per year by a non-sales employee who spends "
                                            "all of the selling share on it.")
    staff_upsell_rate_per_year: float = param(0.6, unit="per customer-year", low=0.0, high=52.0,
                                              source=assumed_size(S002),
                                              doc="Upsell openings non-sales staff find per customer at "
                                                  "full selling effort of the whole staff.")


@dataclass
class CultureConfig:
    """Beliefs, engagement, influence and training ([Plan of Attack], [Led or Driven], [Amazing Cultures]).

    Belief follows a Friedkin-Johnsen process: each week it moves toward the beliefs of one's ties
    and back toward one's own disposition, and leaders, rewards and training push it. Newcomers'
    dispositions are socialised toward what they meet in their first months; incumbents'
    dispositions do not move, so culture shifts over years, through turnover and socialisation.
    """

    believer_threshold: float = param(0.5, unit="belief", low=0.0, high=1.0, source=assumed_size(S004, " (the cut-off is a convention)"),
                                      doc="Belief above which an employee counts as a believer.")
    initial_belief_mean: float = param(0.52, unit="belief", low=0.0, high=1.0, source=ASSUMED,
                                       doc="Mean belief (and disposition) of the initial staff (beta).")
    initial_belief_concentration: float = param(8.0, unit="-", low=0.1, high=1000.0, source=ASSUMED,
                                                doc="Beta concentration of the initial staff's belief "
                                                    "(8: standard deviation about 0.17).")
    initial_skill_mean: float = param(0.55, unit="skill", low=0.0, high=1.0, source=ASSUMED,
                                      doc="Mean skill of the initial staff (beta).")
    initial_skill_concentration: float = param(8.0, unit="-", low=0.1, high=1000.0, source=ASSUMED,
                                               doc="Beta concentration of the initial staff's skill.")
    peer_influence_rate: float = param(0.006, unit="per week", low=0.0, high=1.0,
                                       source="[Friedkin & Johnsen 2011] (form); size assumed",
                                       doc="Weekly pull of belief toward the beliefs of one's ties.")
    non_believer_contagion: float = param(1.0, unit="extra weight", low=0.0, high=20.0, source=assumed_size(S004),
                                          doc="Extra influence weight of a non-believer tie "
                                              "(non-believers infect others).")
    disposition_pull_rate: float = param(0.006, unit="per week", low=0.0, high=1.0,
                                         source="[Harrison & Carroll 1991]: cultures are robust; time scale assumed",
                                         doc="Weekly pull of belief back toward the employee's own "
                                             "disposition (with the other rates: a time scale of about "
                                             "two years, docs/evidence.md).")
    conflict_cynicism: float = param(2.0, unit="x per conflict share", low=0.0, high=20.0,
                                     source=assumed_size(S001),
                                     doc="Relative rise of the pull back to disposition for "
                                         "salespeople and engineers per unit share of hand-offs in "
                                         "conflict: progress that the process contradicts is short-lived.")
    socialisation_rate: float = param(0.03, unit="per week", low=0.0, high=1.0,
                                      source="[Bauer et al. 2007]: adjustment in the first months",
                                      doc="Weekly pull of a newcomer's disposition toward its belief, "
                                          "fading with tenure.")
    socialisation_weeks: float = param(26.0, unit="weeks", low=1.0, high=520.0,
                                       source="[Bauer et al. 2007]: first 6-12 months",
                                       doc="Tenure time constant over which socialisation fades.")
    modelling_per_contact: float = param(0.0012, unit="share of gap", low=0.0, high=1.0,
                                         source=assumed_size(S001 + ", " + S003),
                                         doc="Belief gap closed by one contact with a leader who "
                                             "models the values.")
    reward_reinforcement: float = param(0.0002, unit="per week", low=0.0, high=1.0,
                                        source=assumed_size(S004),
                                        doc="Weekly pull of belief toward the reward alignment of pay.")
    practice_floor: float = param(0.9, unit="share", low=0.0, high=1.0,
                                  source=assumed_size(S004, ", modest"),
                                  doc="Share of belief practised (shown in selling, service and the "
                                      "account relationship) when pay does not honour the values at "
                                      "all; pay that honours them (incentives.reward_alignment) "
                                      "raises the share linearly to 1. The channel through which "
                                      "values-based pay earns (docs/odd.md, Practised belief); "
                                      "1 switches it off.")
    training_skill_rate: float = param(0.002, unit="per week", low=0.0, high=1.0, source=ASSUMED,
                                       doc="Weekly share of the skill gap closed by training.")
    training_belief_rate: float = param(0.0003, unit="per week", low=0.0, high=1.0, source=ASSUMED,
                                        doc="Weekly share of the gap to training_belief_target "
                                            "closed by training.")
    training_belief_target: float = param(1.0, unit="belief", low=0.0, high=1.0,
                                          source=assumed_size(S002),
                                          doc="Belief training teaches toward: the company's chosen "
                                              "values as stated (1: full alignment), before "
                                              "training_practice_weight.")
    training_practice_weight: float = param(0.0, unit="share", low=0.0, high=1.0,
                                            source=assumed_size(S004),
                                            doc="How far training teaches the values as the regime "
                                                "practises them rather than as stated: the target is "
                                                "training_belief_target x (1 - w + w x the practised "
                                                "share of belief, practice_floor + (1 - "
                                                "practice_floor) x reward_alignment). 0: the same "
                                                "target under every regime.")
    belief_noise: float = param(0.008, unit="belief/week (sd)", low=0.0, high=1.0, source=ASSUMED,
                                doc="Idiosyncratic weekly change of belief.")
    engagement_rate: float = param(0.05, unit="per week", low=0.0, high=1.0, source=ASSUMED,
                                   doc="Weekly pull of engagement toward what belief and strain support.")
    engagement_base: float = param(0.35, unit="engagement", low=0.0, high=1.0, source=ASSUMED,
                                   doc="Engagement a belief of 0 supports.")
    engagement_belief_weight: float = param(0.5, unit="engagement per unit belief", low=0.0,
                                            high=1.0, source="[Kristof-Brown, Zimmerman & Johnson 2005] (fit and attitudes); size assumed",
                                            doc="Rise of supported engagement per unit of belief.")
    conflict_strain: float = param(0.3, unit="engagement", low=0.0, high=1.0, source=assumed_size(S001),
                                   doc="Engagement lost by engineers when every hand-off is in conflict.")


@dataclass
class StaffingConfig:
    """Turnover, hiring and ramp-up."""

    sales_turnover_per_year: float = param(0.30, unit="separations/head-count-year", low=0.0, high=5.0,
                                           source="[DePaul sales-force surveys] (about 27 %)",
                                           doc="Separations per head-count-year of a salesperson at the initial mean "
                                               "belief and the reference engagement (realised rate: docs/calibration.md).")
    engineer_turnover_per_year: float = param(0.14, unit="separations/head-count-year", low=0.0, high=5.0,
                                              source=ASSUMED, doc="Voluntary turnover of an average engineer.")
    service_turnover_per_year: float = param(0.22, unit="separations/head-count-year", low=0.0, high=5.0,
                                             source=ASSUMED,
                                             doc="Voluntary turnover of an average service employee.")
    turnover_belief_effect: float = param(1.5, unit="log-hazard per unit", low=0.0, high=20.0,
                                          source=assumed_size(S004, " ([Kristof-Brown, Zimmerman & Johnson 2005]: fit goes with "
                                                                 "lower intent to quit; no size taken)"),
                                          doc="Rise in quitting per unit of belief below the initial mean.")
    turnover_engagement_effect: float = param(1.5, unit="log-hazard per unit", low=0.0, high=20.0,
                                              source="[Gallup Q12 meta-analysis]: bottom quartile quits more",
                                              doc="Rise in quitting per unit of engagement below the reference.")
    reference_engagement: float = param(0.6, unit="engagement", low=0.0, high=1.0, source=ASSUMED,
                                        doc="Engagement at which turnover equals its configured rate; "
                                            "also the engagement of a new hire.")
    vacancy_weeks: int = param(8, unit="weeks", low=0, high=104, source=ASSUMED,
                               doc="Weeks to fill a vacancy.")
    ramp_weeks: int = param(13, unit="weeks", low=0, high=104, source="[Bridge Group]: about 3 months",
                            doc="Weeks for a new hire to reach full productivity (linear ramp).")
    hire_skill_mean: float = param(0.45, unit="skill", low=0.0, high=1.0, source=ASSUMED,
                                   doc="Mean skill of a new hire.")
    hire_skill_sd: float = param(0.12, unit="skill", low=0.0, high=1.0, source=ASSUMED,
                                 doc="Spread of a new hire's skill (normal, clipped to 0..1).")
    hire_belief_mean: float = param(0.47, unit="belief", low=0.0, high=1.0, source=assumed_size(S004),
                                    doc="Mean belief of a new hire: below the incumbents', since "
                                        "newcomers are not yet socialised (hiring selectivity).")
    hire_belief_sd: float = param(0.15, unit="belief", low=0.0, high=1.0, source=ASSUMED,
                                  doc="Spread of a new hire's belief (normal, clipped to 0..1).")


@dataclass
class CostConfig:
    """Prices of labour and activities (currency units)."""

    salary_salesperson: float = param(1800.0, unit="currency/week", low=0.0, high=1e6, source=ASSUMED,
                                      doc="Base salary of a salesperson.")
    salary_engineer: float = param(2000.0, unit="currency/week", low=0.0, high=1e6, source=ASSUMED,
                                   doc="Salary of an engineer.")
    salary_service: float = param(1300.0, unit="currency/week", low=0.0, high=1e6, source=ASSUMED,
                                  doc="Salary of a service employee.")
    salary_ceo: float = param(6000.0, unit="currency/week", low=0.0, high=1e6, source=ASSUMED,
                              doc="Salary of the CEO.")
    salary_sales_leader: float = param(4500.0, unit="currency/week", low=0.0, high=1e6,
                                       source=ASSUMED, doc="Salary of a dedicated sales leader.")
    salary_sales_manager: float = param(2800.0, unit="currency/week", low=0.0, high=1e6,
                                        source=ASSUMED, doc="Salary of a first-line sales manager.")
    hiring_cost: float = param(15000.0, unit="currency/hire", low=0.0, high=1e7, source=ASSUMED,
                               doc="Recruiting cost of one hire.")
    training_per_employee_week: float = param(40.0, unit="currency/employee-week", low=0.0,
                                              high=1e6, source=assumed_size(S002),
                                              doc="Training spend per employee.")
    service_per_issue: float = param(60.0, unit="currency/issue", low=0.0, high=1e6, source=ASSUMED,
                                     doc="Non-salary cost of handling one service issue.")
    overrun_per_engineer_week: float = param(
        3500.0, unit="currency/engineer-week", low=0.0, high=1e7, source=assumed_size(S000),
        doc="Price of unpriced (out-of-bounds) scope, bought in (contractors or overtime) per "
            "engineer-week: charged once, when the order starts; it takes none of the salaried "
            "engineers' capacity, and the order waits for it.")
    marketing_per_week: float = param(
        32000.0, unit="currency/week", low=0.0, high=1e8,
        source="assumed; share of revenue inside published marketing budgets ([Gartner CMO Spend "
               "Survey 2023]: 9.1 % of revenue, all industries; Forrester via secondary sources: "
               "about 2 % for B2B)",
        doc="Weekly marketing budget of the default company (about 4.5 % of its revenue). Set "
            "near its profit-maximising level by a sweep (Dorfman & Steiner 1954: zero marginal "
            "profit), between the 5- and 10-year optima (docs/odd.md, pre-sale).")


# --- regime axes (one Hydra group each) ------------------------------------------------------


@dataclass
class LeadershipConfig:
    """Who heads sales and how ([Led or Driven]), with the capacity of those who lead."""

    regime: str = param("sales_driven", unit="-", choices=("sales_driven", "sales_led"), source=choice_of(S003),
                        doc="Sales-driven: the CEO heads sales from behind; sales-led: a dedicated "
                            "sales leader out in front, with first-line sales managers.")
    contact_interval_weeks: int = param(2, unit="weeks", low=1, high=52, source="assumed; " + S003 + " states every week or two",
                                        doc="Weeks between the leader's contacts with each salesperson.")
    contact_strength: float = param(0.15, unit="x", low=0.0, high=1.0,
                                    source=assumed_size(S003),
                                    doc="Strength of a leader contact as values modelling (a CEO "
                                        "checking in from behind is weaker than a leader in front).")
    sales_budget_multiplier: float = param(1.0, unit="x", low=0.1, high=5.0, source=assumed_size(S003),
                                           doc="Scales the salespeople plan and marketing budget "
                                               "(over- or underspend).")
    span_of_control: int = param(8, unit="salespeople/manager", low=1, high=100,
                                 source="[Alexander Group] benchmarks: 8.5 direct reports on average, range 2-38",
                                 doc="Salespeople per first-line sales manager (sales-led only).")
    hours_per_week: float = param(45.0, unit="hours/week", low=1.0, high=100.0, source=ASSUMED,
                                  doc="Working hours of the sales leader and of each manager.")
    coaching_time_share: float = param(0.2, unit="share of hours", low=0.0, high=1.0,
                                       source="[Alexander Group] benchmarks: 16 % average, 28 % best practice",
                                       doc="Share of a manager's hours spent coaching, split evenly "
                                           "over the manager's salespeople.")
    coaching_skill_gain: float = param(0.0012, unit="share of gap per hour", low=0.0, high=1.0,
                                       source="[Sales Executive Council 2007]: 3+ h/month coaching, 107 % vs 88 % of quota; sized in docs/evidence.md",
                                       doc="Share of a salesperson's skill gap closed per hour of coaching.")
    coaching_engagement_gain: float = param(0.005, unit="engagement per hour", low=0.0, high=1.0,
                                            source=ASSUMED,
                                            doc="Engagement an hour of coaching adds.")
    joins_key_deals: bool = param(False, unit="-", source=choice_of(S003),
                                  doc="Whether the sales leader joins high-value deals at close.")
    deal_support_time_share: float = param(0.3, unit="share of hours", low=0.0, high=1.0,
                                           source=ASSUMED,
                                           doc="Share of the sales leader's hours spent on key deals.")
    hours_per_key_deal: float = param(6.0, unit="hours", low=0.1, high=1000.0, source=ASSUMED,
                                      doc="Leader hours one key deal takes at its close; the largest "
                                          "closing high-value deals are joined first, whole deals "
                                          "only: floor(hours_per_week x deal_support_time_share / "
                                          "this) a week, 2 at the defaults (45 x 0.3 / 6 = 2.25; "
                                          "the quarter deal left is not carried over).")
    key_deal_win_logit: float = param(0.1, unit="log-odds", low=0.0, high=5.0,
                                      source=assumed_size(S003),
                                      doc="Win log-odds the leader adds on a key deal it joins.")
    discipline_build_weeks: float = param(52.0, unit="weeks", low=1.0, high=1040.0,
                                          source=assumed_size(S003, " (a leader transforms the function over years)"),
                                          doc="Time constant over which disciplines move from their week-0 "
                                              "level (discipline_initial) to the regime's levels.")
    discipline_initial: float = param(0.2, unit="level", low=0.0, high=1.0,
                                      source=assumed_size(S003, " (sporadic disciplines)"),
                                      doc="Level of every sales discipline at week 0, before a "
                                          "regime builds it: sporadic, as the sales-driven regime "
                                          "keeps them (the discipline_* levels of "
                                          "conf/leadership/sales_driven.yaml).")
    discipline_prospecting: float = param(0.2, unit="level", low=0.0, high=1.0, source=assumed_size(S003),
                                          doc="Prospecting discipline the regime builds (sporadic when sales-driven).")
    discipline_forecasting: float = param(0.2, unit="level", low=0.0, high=1.0, source=assumed_size(S003),
                                          doc="Forecasting discipline the regime builds.")
    discipline_segmentation: float = param(0.2, unit="level", low=0.0, high=1.0, source=assumed_size(S003),
                                           doc="Account segmentation discipline the regime builds.")
    discipline_account_planning: float = param(0.2, unit="level", low=0.0, high=1.0, source=assumed_size(S003),
                                               doc="Strategic account planning discipline the regime builds.")


@dataclass
class IncentivesConfig:
    """What pay rewards ([Infinite Loop], [Amazing Cultures])."""

    regime: str = param("outcome_only", unit="-",
                        choices=("outcome_only", "everybody_sells", "values_based"),
                        source=choice_of(S002, S004), doc="Incentive regime.")
    commission_rate: float = param(0.08, unit="share of annual value", low=0.0, high=1.0,
                                   source=ASSUMED,
                                   doc="Salesperson commission on first-year value of deals and upsells.")
    staff_selling_share: float = param(0.0, unit="share of time", low=0.0, high=1.0, source=assumed_size(S002),
                                       doc="Share of engineers' and service staff's time spent "
                                           "spotting leads and upsells.")
    staff_reward_basis: str = param("none", unit="-", choices=("none", "process", "outcome"),
                                    source=choice_of(S002),
                                    doc="Rewards to non-sales staff: for contributions to the "
                                        "process, or only for closed outcomes.")
    staff_bonus_per_contribution: float = param(300.0, unit="currency", low=0.0, high=1e6,
                                                source=ASSUMED,
                                                doc="Bonus per lead or upsell passed (process basis).")
    staff_commission_rate: float = param(0.03, unit="share of annual value", low=0.0, high=1.0,
                                         source=ASSUMED,
                                         doc="Bonus on first-year value of closed contributions "
                                             "(outcome basis).")
    outcome_basis_effort: float = param(0.5, unit="x", low=0.0, high=1.0, source=assumed_size(S002),
                                        doc="Selling effort of staff paid only for outcomes, relative "
                                            "to staff paid for contributions.")
    reward_alignment: float = param(0.3, unit="level", low=0.0, high=1.0, source=assumed_size(S004),
                                    doc="How far pay honours the chosen values.")
    values_bonus_share: float = param(0.0, unit="share of salary", low=0.0, high=1.0, source=assumed_size(S004),
                                      doc="Values bonus paid to believers, as a share of salary.")


@dataclass
class PeopleConfig:
    """Whether non-believers are exited ([Amazing Cultures])."""

    regime: str = param("keep_all", unit="-", choices=("keep_all", "exit_non_believers"), source=choice_of(S004),
                        doc="People regime.")
    review_interval_weeks: int = param(26, unit="weeks", low=1, high=520, source=assumed_size(S004),
                                       doc="Weeks between belief reviews.")
    exit_threshold: float = param(0.35, unit="belief", low=0.0, high=1.0, source=assumed_size(S004),
                                  doc="Observed belief below which a reviewed employee is exited.")
    grace_weeks: int = param(26, unit="weeks", low=0, high=520, source=assumed_size(S004),
                             doc="Tenure before an employee can be exited.")
    review_roles: str = param("sales", unit="-", choices=("sales", "all"), source=choice_of(S004),
                              doc="Whose belief is reviewed: salespeople only, or all staff.")
    screen_hires: bool = param(False, unit="-", source=choice_of(S004),
                               doc="Whether candidates are screened for belief: one whose observed "
                                   "belief is below the exit threshold is passed over for another.")
    severance_weeks: float = param(12.0, unit="weeks of salary", low=0.0, high=520.0, source=ASSUMED,
                                   doc="Severance paid on an exit.")
    exit_morale_shock: float = param(0.05, unit="engagement", low=0.0, high=1.0, source=assumed_size(S004),
                                     doc="Engagement lost by each tie of an exited colleague.")


@dataclass
class ProcessConfig:
    """How an order travels from sales to delivery ([Plan of Attack]).

    The siloed way (``handoffs`` ... ``conflict_delay_weeks``) applies to every order of a siloed
    company and to the orders a cross-functional team no longer handles once it has reverted.
    """

    regime: str = param("siloed", unit="-", choices=("siloed", "cross_functional_team"), source=choice_of(S001),
                        doc="Order-processing regime.")
    handoffs: int = param(3, unit="hand-offs", low=0, high=20, source="assumed; " + S001 + " states four functions in turn, three hand-offs",
                          doc="Hand-offs between functions in the siloed way (sales, scheduling, "
                              "engineering, quality).")
    handoff_delay_weeks: float = param(1.0, unit="weeks", low=0.0, high=52.0, source=ASSUMED,
                                       doc="Waiting time per hand-off.")
    conflict_probability: float = param(0.25, unit="probability", low=0.0, high=1.0, source=ASSUMED,
                                        doc="Chance a hand-off ends in conflict.")
    conflict_delay_weeks: float = param(2.0, unit="weeks", low=0.0, high=52.0, source=ASSUMED,
                                        doc="Extra delay of a conflict.")
    team_handoffs: int = param(2, unit="hand-offs", low=0, high=20, source=assumed_size(S001),
                               doc="Hand-offs of an order the cross-functional team handles.")
    team_handoff_delay_weeks: float = param(1.2, unit="weeks", low=0.0, high=52.0,
                                            source=assumed_size(S001, " ([Griffin 1997], [Clark & Fujimoto 1989]: teams "
                                                                   "cut product-development time; no hand-off "
                                                                   "delay figure)"),
                                            doc="Waiting time per hand-off inside the team.")
    team_conflict_probability: float = param(0.15, unit="probability", low=0.0, high=1.0,
                                             source=assumed_size(S001),
                                             doc="Chance a hand-off inside the team ends in conflict.")
    team_overhead: float = param(0.03, unit="share of capacity", low=0.0, high=1.0, source=ASSUMED,
                                 doc="Engineering capacity the team's work takes, while it is practised.")
    reinforcement_rate: float = param(0.05, unit="per week", low=0.0, high=1.0,
                                      source=assumed_size(S001),
                                      doc="Weekly recovery of the team's practice toward full, per unit of "
                                          "top-down presence (leader contact strength per week).")
    reversion_rate: float = param(0.05, unit="per week per conflict share", low=0.0, high=10.0,
                                  source=assumed_size(S001),
                                  doc="Weekly reversion of the team's practice to the siloed way, per "
                                      "unit share of hand-offs in conflict, in the share of it "
                                      "that top-down presence does not prevent "
                                      "(presence_protection).")
    presence_protection: float = param(0.5, unit="share", low=0.0, high=0.95,
                                       source=assumed_size(S001, " (no study sizes it; kept below 1)"),
                                       doc="Share of the team's reversion that full top-down presence "
                                           "prevents: presence slows reversion, never stops it.")


@dataclass
class FocusConfig:
    """The strategic intent sales is asked to deliver ([Amazing Cultures])."""

    regime: str = param("new_logos", unit="-",
                        choices=("new_logos", "grow_existing", "loyalty", "high_value"), source=choice_of(S004),
                        doc="Strategic focus; each focus adds sales.focus_fit_logit to its own target "
                            "decisions.")
    prospecting_share: float = param(0.4, unit="share of time", low=0.0, high=1.0, source=assumed_size(S004),
                                     doc="Share of salespeople's time spent prospecting; the rest goes "
                                         "to open deals and accounts.")
    high_value_targeting: float = param(0.0, unit="x", low=0.0, high=20.0, source=assumed_size(S004),
                                        doc="Extra prospecting weight on the high-value segment.")
    upsell_emphasis: float = param(1.0, unit="x", low=0.0, high=10.0, source=assumed_size(S004),
                                   doc="Multiplier on upsell openings found by account leads.")
    recovery_priority: float = param(0.2, unit="probability", low=0.0, high=1.0, source=assumed_size(S004),
                                     doc="Chance a service failure is recovered.")


@dataclass
class BoundariesConfig:
    """What salespeople may sell ([Unintentional Executive])."""

    regime: str = param("strict", unit="-", choices=("strict", "run_by_sales"), source=choice_of(S000),
                        doc="Selling within company boundaries, or a company run by its salespeople.")
    out_of_bounds_probability: float = param(0.05, unit="probability", low=0.0, high=1.0, source=assumed_size(S000),
                                             doc="Chance a deal is sold with scope outside the boundaries.")
    out_of_bounds_scope: float = param(0.5, unit="share of work", low=0.0, high=10.0,
                                       source=assumed_size(S000, " ([Flyvbjerg, Holm & Buhl 2002], public works: overruns "
                                                              "20-45 % on average)"),
                                       doc="Extra, unpriced customisation of an out-of-bounds deal "
                                           "(not in the promised due date).")
    out_of_bounds_win_logit: float = param(0.2, unit="log-odds", low=0.0, high=5.0,
                                           source=assumed_size(S000),
                                           doc="Win log-odds from promising more than the boundaries allow.")
    out_of_bounds_letdown: float = param(0.1, unit="satisfaction and loyalty", low=0.0, high=1.0,
                                         source=assumed_size(S000),
                                         doc="Satisfaction and loyalty lost at delivery of an out-of-bounds "
                                             "order: what was promised beyond the boundaries is not what "
                                             "the company delivers well.")


@dataclass
class PerceptionConfig:
    """Surveys of customers' perception of the values ([Amazing Cultures])."""

    regime: str = param("off", unit="-", choices=("off", "on"), source=choice_of(S004),
                        doc="Whether customers' perception of the values is measured.")
    review_noise: float = param(0.12, unit="belief (sd)", low=0.0, high=1.0, source=assumed_size(S004),
                                doc="Error of a manager's judgement of an employee's belief in reviews.")
    feedback_gain: float = param(0.0, unit="share of gap", low=0.0, high=1.0, source=assumed_size(S004),
                                 doc="Weekly belief gap closed by survey feedback to salespeople.")
    survey_per_customer_year: float = param(0.0, unit="currency/customer-year", low=0.0, high=1e6,
                                            source=ASSUMED, doc="Cost of surveying customers.")


@dataclass
class HeadcountConfig:
    """Whether head-count follows a fixed plan or demand (the staffing axis)."""

    regime: str = param("demand_driven", unit="-", choices=("fixed", "demand_driven"), source=ASSUMED,
                        doc="Fixed: the head-count plan of workforce.*; demand-driven: engineering and "
                            "service grow above that plan when the work they can do now exceeds their target "
                            "utilisation.")
    review_interval_weeks: int = param(4, unit="weeks", low=1, high=52, source=ASSUMED,
                                       doc="Weeks between reviews of the staffing need (then "
                                           "staffing.vacancy_weeks to fill and ramp_weeks to ramp up).")
    engineering_utilisation_target: float = param(
        0.85, unit="share of order capacity", low=0.3, high=1.0, source=ASSUMED,
        doc="Engineering utilisation the engineering head-count is sized to: work engineers could "
            "do in the weeks since the last review (orders past their hand-off wait, each at most "
            "delivery.max_work_per_order_week) over their order capacity. Work still waiting on "
            "hand-offs is not counted. Assumed; contact-centre practice plans occupancy at "
            "75-85 % (a practitioner rule from call centres, not a study of engineering).")
    service_load_target: float = param(0.82, unit="issues per capacity", low=0.05, high=10.0,
                                       source=ASSUMED,
                                       doc="Service utilisation (recent issues per week over service "
                                           "capacity, all workable at once) the service head-count "
                                           "is sized to. Assumed, inside contact-centre practice's "
                                           "75-85 % occupancy; with hysteresis_band 0.1 service grows "
                                           "above 0.9 of capacity.")
    max_step: float = param(0.05, unit="share of head-count", low=0.0, high=1.0, source=ASSUMED,
                            doc="Largest rise or fall of a role's demand plan at one review.")
    hysteresis_band: float = param(
        0.1, unit="share of target", low=0.0, high=0.5, source=ASSUMED,
        doc="Dead band around each role's target: its demand plan rises when utilisation is "
            "above (1 + band) x target and falls back toward the fixed plan when below "
            "(1 - band) x target; in between it holds.")
    margin_floor: float = param(0.0, unit="share of revenue", low=-1.0, high=1.0, source=ASSUMED,
                                doc="Budget rule: the plan rises only while the last 13 weeks' profit "
                                    "margin is at least this.")


@dataclass
class Intervention:
    """One entry of ``interventions``: at the start of ``week``, the axes named switch regime.

    Each axis set here (``leadership: sales_led``) takes the settings of its config group option
    (``conf/leadership/sales_led.yaml``); the others keep theirs
    (:meth:`sim.world.model.SalesCultureModel.switch_regime`).
    """

    week: int = 0  #: the week (1..horizon) whose step is the first under the new regime
    leadership: str | None = None
    incentives: str | None = None
    people: str | None = None
    process: str | None = None
    focus: str | None = None
    boundaries: str | None = None
    measure_perception: str | None = None
    headcount: str | None = None

    def switches(self) -> list[tuple[str, str]]:
        """The (axis, option) pairs this entry sets, in the order of ``REGIME_AXES``."""
        return [(axis, getattr(self, axis)) for axis in REGIME_AXES if getattr(self, axis) is not None]


@dataclass
class RobustnessConfig:
    """A point of the robustness experiment's sample of assumed parameters (sim/study/robustpoints.py).

    Not a mechanism: the model never reads it. With ``point`` >= 0 the configuration is composed
    with every screened parameter set to that point's value, and ``values`` records them.
    """

    point: int = param(-1, unit="-", low=-1, high=1_000_000, source="-",
                       doc="Sample point whose parameter values this run takes (-1: none, the "
                           "configured values).")
    points: int = param(0, unit="-", low=0, high=1_000_000, source="-",
                        doc="Points in the Latin hypercube sample the point is drawn from.")
    sample_seed: int = param(20261128, unit="-", low=0, high=2**32 - 1, source="-",
                             doc="Seed of the Latin hypercube sample (fixed: a point means the same "
                                 "values in every process).")
    values: dict[str, float] = field(default_factory=dict, metadata={"param": ParamInfo(
        unit="-", source="-", values="dotted parameter names with numbers",
        doc="The parameter values the point set (filled in when the run is composed; a recorded "
            "run is repeated with exactly these).")})


@dataclass
class SimConfig:
    """The whole configuration of one run."""

    seed: int = param(0, unit="-", low=0, high=2**32 - 1, source="-",
                      doc="Seed of every random stream of the run.")
    years: int = param(5, unit="years", low=1, high=50, source="-", doc="Horizon (rates.WEEKS_PER_YEAR weeks a year).")
    scenario: ScenarioInfo = section(ScenarioInfo)
    market: MarketConfig = section(MarketConfig)
    workforce: WorkforceConfig = section(WorkforceConfig)
    sales: SalesConfig = section(SalesConfig)
    delivery: DeliveryConfig = section(DeliveryConfig)
    service: ServiceConfig = section(ServiceConfig)
    resale: ResaleConfig = section(ResaleConfig)
    culture: CultureConfig = section(CultureConfig)
    staffing: StaffingConfig = section(StaffingConfig)
    costs: CostConfig = section(CostConfig)
    leadership: LeadershipConfig = section(LeadershipConfig)
    incentives: IncentivesConfig = section(IncentivesConfig)
    people: PeopleConfig = section(PeopleConfig)
    process: ProcessConfig = section(ProcessConfig)
    focus: FocusConfig = section(FocusConfig)
    boundaries: BoundariesConfig = section(BoundariesConfig)
    measure_perception: PerceptionConfig = section(PerceptionConfig)
    headcount: HeadcountConfig = section(HeadcountConfig)
    robustness: RobustnessConfig = section(RobustnessConfig)
    interventions: list[Intervention] = param_list(
        unit="-", source="-",
        values="a list of {week: W, AXIS: OPTION, ...} with W in 1..horizon, AXIS a regime axis, "
               "OPTION a file of conf/AXIS/, each axis at most once a week",
        doc="Regime switches during the run: at the start of week W each axis named takes the "
            "settings of conf/AXIS/OPTION.yaml and the run continues from its state "
            "(docs/odd.md, Interventions).")

    @property
    def weeks(self) -> int:
        """Horizon in weekly steps."""
        return WEEKS_PER_YEAR * self.years


REGIME_AXES = ("leadership", "incentives", "people", "process", "focus", "boundaries",
               "measure_perception", "headcount")
