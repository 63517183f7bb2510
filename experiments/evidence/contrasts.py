"""The contrasts of the evidence table: one mechanism switched on alone, on paired seeds.

A :class:`Contrast` names two configurations that differ in one mechanism only (``control`` and
``treatment``, lists of Hydra override strings applied to ``conf/config.yaml``), how the
difference is measured (``measure``, a spec such as ``"relative_change(wins)"``; the measures
are registered in ``measure.py``, :data:`MEASURES`), the published effect and its source, and the
range ``low``..``high`` the evidence supports, in the measure's units.

To add a contrast, append one ``Contrast(...)`` to :data:`CONTRASTS`; to change a range, edit its
``low``/``high``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from salesculture.sim.config.schema import CostConfig

#: Units a contrast may be reported in, and how a value of that unit is written.
UNITS = ("%", "log-odds", "x", "elasticity", "share", "years")


@dataclass(frozen=True)
class Contrast:
    """One mechanism alone: a control and a treatment configuration and how to compare them."""

    key: str  #: short id, used by ``--only``
    mechanism: str  #: human name of the mechanism
    control: list[str] = field(hash=False)  #: Hydra overrides of the control configuration
    treatment: list[str] = field(hash=False)  #: Hydra overrides of the treatment configuration
    measure: str  #: measure spec, e.g. ``"relative_change(wins)"``
    published: str  #: the published effect, as text
    source: str  #: citation
    low: float  #: lower end of the range the evidence supports (measure's units)
    high: float  #: upper end of that range
    unit: str  #: one of :data:`UNITS`
    note: str = ""  #: how the contrast isolates the mechanism

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"contrast {self.key!r}: unit {self.unit!r} not in {UNITS}")
        if not self.low <= self.high:
            raise ValueError(f"contrast {self.key!r}: low {self.low} > high {self.high}")

    def fmt(self, value: float) -> str:
        """A value in this contrast's unit, as text (``%`` values are fractions: 0.12 = 12 %)."""
        if value is None or not math.isfinite(value):
            return "n/a"
        if self.unit == "%":
            return f"{100 * value:+.1f} %"
        if self.unit == "x":
            return f"{value:.2f}x"
        if self.unit == "share":
            return f"{value:+.3f}"
        if self.unit == "log-odds":
            return f"{value:+.2f}"
        if self.unit == "years":
            return f"{value:.1f} years"
        return f"{value:.2f}"  # elasticity

    @property
    def range_text(self) -> str:
        """The supported range as text."""
        return f"{self.fmt(self.low)} to {self.fmt(self.high)}"

    def inside(self, value: float) -> bool:
        """Whether ``value`` lies in the supported range."""
        return bool(math.isfinite(value) and self.low <= value <= self.high)


# Units: "%" ranges are fractions (-0.30 = -30 %), "share" ranges are differences of a share or of
# a belief (0.05 = five points), "years" a time. Where no published figure sizes a mechanism the
# source says "assumed" and the range is kept modest; docs/evidence.md gives the reasoning.
LED = "leadership=sales_led"
TEAM_HELD = ["process=cross_functional_team", "process.reversion_rate=0"]

CONTRASTS: list[Contrast] = [
    Contrast(
        key="coaching",
        mechanism="coaching by first-line managers",
        control=[LED, "leadership.coaching_time_share=0"],
        treatment=[LED],
        measure="relative_change(wins)",
        published="reps with 3+ h of coaching a month reach 107 % of quota vs 88 % (+22 %); "
        "gains concentrate in the core 60 %",
        source="Sales Executive Council 2007 (CEB); Dahling et al. 2016, Personnel Psychology",
        low=0.05,
        high=0.20,
        unit="%",
        note="sales-led company in both arms; only the managers' coaching time (20 % of 45 h "
        "over 8 reps, about 5 h a rep a month) differs",
    ),
    Contrast(
        key="key_deals",
        mechanism="sales leader joins key deals",
        control=[LED, "leadership.joins_key_deals=false"],
        treatment=[LED],
        measure="relative_change(wins_high_value)",
        published="a top-decile boss raises team output about as much as one more worker in "
        "nine (~+11 %) over a bottom-decile boss",
        source="Lazear, Shaw & Stanton 2015, J. Labor Economics (size of the boss effect); "
        "the key-deal channel itself is assumed",
        low=0.0,
        high=0.12,
        unit="%",
        note="sales-led in both arms; the leader's deal time (2 deals a week) is switched off",
    ),
    Contrast(
        key="disciplines",
        mechanism="sales disciplines (prospecting, forecasting, segmentation, account planning)",
        control=[
            LED,
            "leadership.discipline_prospecting=0.2",
            "leadership.discipline_forecasting=0.2",
            "leadership.discipline_segmentation=0.2",
            "leadership.discipline_account_planning=0.2",
        ],
        treatment=[LED],
        measure="relative_change(booked_annual_value)",
        published="steel finishing lines with a coherent system of innovative HR practices "
        "reach substantially higher productivity than lines with traditional practices; single "
        "practices adopted alone have no effect (36 steel lines, not sales forces; the abstract "
        "gives no figure)",
        source="Ichniowski, Shaw & Prennushi 1997, American Economic Review (steel finishing "
        "lines; direction and complementarity only); size assumed",
        low=0.0,
        high=0.07,
        unit="%",
        note="sales-led in both arms; disciplines stay at their sporadic week-0 level (0.2) in "
        "the control and build toward 0.5 in the treatment",
    ),
    Contrast(
        key="leader_contact",
        mechanism="leader contact (values modelling)",
        control=[LED, "leadership.contact_strength=0.15", "leadership.contact_interval_weeks=2"],
        treatment=[LED],
        measure="difference(mean_belief)",
        published=(
            "no published effect size; [Plan of Attack](sources.md#plan-of-attack) and "
            "[Led or Driven](sources.md#led-or-driven) give the direction"
        ),
        source="assumed",
        low=0.0,
        high=0.03,
        unit="share",
        note="sales-led in both arms; the leader meets the team weekly at full strength vs the "
        "CEO's fortnightly weak check-in; mean belief of all employees at the end",
    ),
    Contrast(
        key="sales_budget",
        mechanism="sales budget (sales force and marketing)",
        control=[],
        treatment=["leadership=sales_driven_overspend"],
        measure="elasticity(booked_annual_value, 1.4)",
        published="personal-selling elasticity of sales: mean 0.34 across industries",
        source="Albers, Mantrala & Sridhar 2010, J. Marketing Research (meta-analysis)",
        low=0.2,
        high=0.45,
        unit="elasticity",
        note="baseline vs 1.4x salespeople plan and marketing budget; "
        "ln(ratio of mean booked annual value) / ln 1.4",
    ),
    Contrast(
        key="marketing",
        mechanism="marketing budget alone",
        control=[],
        treatment=[f"costs.marketing_per_week={1.4 * CostConfig().marketing_per_week:g}"],
        measure="elasticity(booked_annual_value, 1.4)",
        published="brand advertising elasticity of sales: mean 0.12 short-term (751 "
        "estimates), 0.24 long-term (402); direct-to-consumer brands, not B2B marketing",
        source="Sethuraman, Tellis & Briesch 2011, J. Marketing Research (meta-analysis)",
        low=0.12,
        high=0.24,
        unit="elasticity",
        note="baseline vs 1.4x marketing spend only; elasticity of booked annual value",
    ),
    Contrast(
        key="everybody_sells",
        mechanism="everybody sells (staff pass leads and upsells, paid per contribution)",
        control=[],
        treatment=["incentives=everybody_sells"],
        measure="relative_change(booked_annual_value)",
        published="no published effect size for non-sales staff generating leads",
        source="assumed ([Infinite Loop](sources.md#infinite-loop) gives the direction)",
        low=0.0,
        high=0.08,
        unit="%",
        note="baseline vs the everybody-sells incentives only (reward alignment unchanged)",
    ),
    Contrast(
        key="values_pay",
        mechanism="values-based pay",
        control=[],
        treatment=["incentives=values_based"],
        measure="difference(believer_share)",
        published="recognition raises effort a few per cent, short-lived; no effect size for "
        "pay that honours values",
        source="Bradler, Dur, Neckermann & Non 2016, Management Science; otherwise assumed",
        low=0.0,
        high=0.10,
        unit="share",
        note="baseline vs values-based incentives only; believer share of employees at the end",
    ),
    Contrast(
        key="exit_non_believers",
        mechanism="exiting non-believers (yearly review)",
        control=[],
        treatment=["people=exit_non_believers", "people.screen_hires=false"],
        measure="relative_change(last:believers_sales)",
        published="a simulation of firing a fixed share of the workforce each year: workforce "
        "potential improves noticeably, mostly in the first several years, more with more "
        "fired and less voluntary turnover; no size for believers",
        source="Scullen, Bergey & Aiman-Smith 2005, Personnel Psychology (simulation); "
        "size assumed",
        low=0.0,
        high=0.15,
        unit="%",
        note="baseline vs yearly exits of salespeople judged below the threshold, without the "
        "hiring screen; believing salespeople at the end",
    ),
    Contrast(
        key="hiring_screen",
        mechanism="hiring screen for belief",
        control=[],
        treatment=["people.screen_hires=true"],
        measure="relative_change(employee_turnover)",
        published="person-organisation fit goes with lower withdrawal, intent to quit among it "
        "(meta-analysis of 172 studies, 836 effect sizes); referred workers are substantially "
        "less likely to quit (nine firms; the abstracts give no figure)",
        source="Kristof-Brown, Zimmerman & Johnson 2005, Personnel Psychology; "
        "Burks, Cowgill, Hoffman & Housman 2015, QJE (direction only); size assumed",
        low=-0.20,
        high=0.0,
        unit="%",
        note="baseline vs screening candidates only (a candidate judged below the exit "
        "threshold is passed over for another)",
    ),
    Contrast(
        key="perception_surveys",
        mechanism="customer perception surveys",
        control=[],
        treatment=["measure_perception=on"],
        measure="difference(mean_belief)",
        published="no published effect size",
        source="assumed ([Amazing Cultures](sources.md#amazing-cultures) gives the direction)",
        low=0.0,
        high=0.03,
        unit="share",
        note="baseline vs surveys feeding back to salespeople only",
    ),
    Contrast(
        key="cross_functional",
        mechanism="cross-functional order processing (team held in practice)",
        control=[],
        treatment=TEAM_HELD,
        measure="relative_change(delivery_delay)",
        published="cross-functional teams shorten product-development cycle time, most where "
        "little of the design is carried over; Japanese car makers' development lead time is "
        "about 12 months shorter; neither gives a hand-off delay (product development, not "
        "order processing)",
        source="Griffin 1997, J. Marketing Research; Clark & Fujimoto 1989, J. Engineering "
        "and Technology Management; size assumed",
        low=-0.20,
        high=0.0,
        unit="%",
        note="baseline vs the team process with reversion switched off, so the mechanism acts "
        "alone (reversion is the dual-approach mechanism, docs/regimes.md)",
    ),
    Contrast(
        key="delivery_delay",
        mechanism="delivery delay (hand-off waits doubled)",
        control=[],
        treatment=["process.handoff_delay_weeks=2.0"],
        measure="difference(retention)",
        published="an HVAC-controls maker's on-time rate, lateness, earliness and speed affect "
        "its trade and OEM customers' later order quantities and prices differently; no "
        "churn or retention figure",
        source="Peng & Lu, SSRN 2892733 (working paper; one manufacturer's supply chain); "
        "size assumed",
        low=-0.02,
        high=0.0,
        unit="share",
        note="baseline vs twice the waiting time per hand-off; annual logo retention",
    ),
    Contrast(
        key="service_capacity",
        mechanism="service quality (20 % more service capacity)",
        control=[],
        treatment=["service.issues_per_staff_week=0.96"],
        measure="relative_change(churned)",
        published="satisfaction and commitment predict churn; recovery restores satisfaction "
        "but not repurchase",
        source="Gustafsson, Johnson & Roos 2005, J. Marketing; de Matos, Henrique & Rossi "
        "2007, J. Service Research; size assumed",
        low=-0.15,
        high=0.0,
        unit="%",
        note="baseline vs each service employee resolving 20 % more issues; customers churned",
    ),
    Contrast(
        key="word_of_mouth",
        mechanism="word of mouth (Bass q x1.5)",
        control=[],
        treatment=["market.word_of_mouth_rate_per_year=0.6"],
        measure="elasticity(leads, 1.5)",
        published="Bass imitation q: mean 0.38 over 213 applications (model: 0.4)",
        source="Sultan, Farley & Lehmann 1990, J. Marketing Research",
        low=0.05,
        high=0.5,
        unit="elasticity",
        note="baseline vs q 0.4 -> 0.6; elasticity of all leads (word of mouth is one source)",
    ),
    Contrast(
        key="focus_fit",
        mechanism="focus fit (loyalty focus: renewals are the target)",
        control=["focus=loyalty", "sales.focus_fit_logit=0"],
        treatment=["focus=loyalty"],
        measure="difference(retention)",
        published="key-account focus and top-management involvement raise KAM effectiveness; "
        "no win-rate or retention effect size",
        source="Workman, Homburg & Jensen 2003, J. Academy of Marketing Science; size assumed",
        low=0.0,
        high=0.02,
        unit="share",
        note="loyalty focus in both arms; only the fit bonus on renewals differs",
    ),
    Contrast(
        key="boundaries",
        mechanism="selling beyond the boundaries (run by salespeople)",
        control=[],
        treatment=["boundaries=run_by_sales"],
        measure="relative_change(profit)",
        published="nine in ten of 258 transport-infrastructure projects overran their cost "
        "estimate, on average by 20 % (roads) to 45 % (rail); public works, not sales deals; "
        "no effect size for sales over-promising",
        source="Flyvbjerg, Holm & Buhl 2002, J. American Planning Association (public works); "
        "size assumed",
        low=-0.10,
        high=0.0,
        unit="%",
        note="baseline vs 35 % of deals sold beyond the boundaries (5 % in the baseline)",
    ),
    Contrast(
        key="culture_time",
        mechanism="culture change time (dual approach, believer share)",
        control=[],
        treatment=[LED, "process=cross_functional_team"],
        measure="half_time(believer_share)",
        published="organisational cultures are robust and shift over years; newcomer "
        "adjustment takes months",
        source="Harrison & Carroll 1991, Administrative Science Quarterly; Bauer et al. 2007, "
        "J. Applied Psychology",
        low=1.0,
        high=4.0,
        unit="years",
        note="years until the paired rise of the believer share reaches half its final-year "
        "level, under the strongest culture regime",
    ),
]


def select(keys: str | None, contrasts: list[Contrast] | None = None) -> list[Contrast]:
    """The contrasts named in a comma-separated ``keys`` (all when ``keys`` is empty or None).

    Raises:
        ValueError: one line naming an unknown key and the known ones.
    """
    contrasts = CONTRASTS if contrasts is None else contrasts
    if not keys:
        return list(contrasts)
    known = {c.key: c for c in contrasts}
    chosen = []
    for key in (k.strip() for k in keys.split(",") if k.strip()):
        if key not in known:
            raise ValueError(f"unknown contrast {key!r}; known: {', '.join(known)}")
        chosen.append(known[key])
    return chosen
