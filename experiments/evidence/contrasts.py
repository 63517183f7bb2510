"""The contrasts of the evidence table: one mechanism switched on alone, on paired seeds.

A :class:`Contrast` names two configurations that differ in one mechanism only (``control`` and
``treatment``, lists of Hydra override strings applied to ``conf/config.yaml``), how the
difference is measured (``measure``, a spec such as ``"relative_change(wins)"``; the measures
are registered in ``measure.py``, :data:`MEASURES`), the published effect and its source, and the
range ``low``..``high`` the evidence supports, in the measure's units.

To add a contrast, append one ``Contrast(...)`` to :data:`CONTRASTS`; to change a range, edit its
``low``/``high``. Ranges marked ``# TODO range`` are placeholders, not reviewed evidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

#: Units a contrast may be reported in, and how a value of that unit is written.
UNITS = ("%", "log-odds", "x", "elasticity", "share")


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
        return f"{value:.2f}"  # elasticity

    @property
    def range_text(self) -> str:
        """The supported range as text."""
        return f"{self.fmt(self.low)} to {self.fmt(self.high)}"

    def inside(self, value: float) -> bool:
        """Whether ``value`` lies in the supported range."""
        return bool(math.isfinite(value) and self.low <= value <= self.high)


# Every entry below is a placeholder against today's configuration: the lead engineer rewrites
# the overrides, sources and ranges as the model changes. Units: "%" ranges are fractions
# (-0.30 = -30 %), "share" ranges are differences of a share (0.05 = five points).
CONTRASTS: list[Contrast] = [
    Contrast(
        key="coaching",
        mechanism="one-to-one coaching of salespeople",
        control=["leadership=sales_led", "leadership.coaching_time_share=0"],
        treatment=["leadership=sales_led"],
        measure="relative_change(wins)",
        published="quality coaching lifts core performers' results by up to about 19 %",
        source="Sales Executive Council (CEB) coaching study, 2009 (placeholder, verify)",
        low=0.05,  # TODO range
        high=0.20,  # TODO range
        unit="%",
        note="sales-led leadership in both arms; only the managers' coaching time differs",
    ),
    Contrast(
        key="sales_budget",
        mechanism="sales budget (sales force and marketing)",
        control=[],
        treatment=["leadership.sales_budget_multiplier=1.4"],
        measure="elasticity(booked_annual_value, 1.4)",
        published="personal-selling elasticity of sales, mean about 0.34",
        source="Albers, Mantrala & Sridhar 2010, J. Marketing Research (meta-analysis)",
        low=0.2,  # TODO range
        high=0.5,  # TODO range
        unit="elasticity",
        note="baseline vs baseline with 1.4x salespeople plan and marketing budget; "
        "ln(ratio of mean booked annual value) / ln 1.4",
    ),
    Contrast(
        key="cross_functional",
        mechanism="cross-functional order processing",
        control=[],
        treatment=["process=cross_functional_team"],
        measure="relative_change(delivery_delay)",
        published="cross-functional teams shorten order-to-delivery time",
        source="seeds/001 (placeholder: add a published cycle-time study)",
        low=-0.50,  # TODO range
        high=-0.20,  # TODO range
        unit="%",
        note="baseline vs baseline with the cross-functional team process only",
    ),
    Contrast(
        key="values_pay",
        mechanism="values-based pay",
        control=[],
        treatment=["incentives=values_based"],
        measure="difference(believer_share)",
        published="rewarding the espoused values raises their adoption",
        source="seeds/004 (placeholder: add a published source)",
        low=0.0,  # TODO range
        high=0.10,  # TODO range
        unit="share",
        note="baseline vs baseline with the values-based incentive regime only; "
        "believer share of employees at the end",
    ),
    Contrast(
        key="exit_non_believers",
        mechanism="exiting non-believers",
        control=[],
        treatment=["people=exit_non_believers"],
        measure="relative_change(revenue)",
        published="exiting people who do not hold the values pays off in performance",
        source="seeds/004 (placeholder: add a published source)",
        low=-0.05,  # TODO range
        high=0.10,  # TODO range
        unit="%",
        note="baseline vs baseline with the exit-non-believers people regime only",
    ),
    Contrast(
        key="word_of_mouth",
        mechanism="word of mouth (referrals)",
        control=[],
        treatment=["market.word_of_mouth_rate_per_year=0.6"],
        measure="elasticity(wins, 1.5)",
        published="long-run elasticity of new sign-ups to word-of-mouth referrals about 0.5",
        source="Trusov, Bucklin & Pauwels 2009, J. Marketing (placeholder, verify)",
        low=0.2,  # TODO range
        high=0.6,  # TODO range
        unit="elasticity",
        note="baseline vs the Bass imitation rate q x1.5 (0.4 -> 0.6, edit with the default); "
        "ln(ratio of mean wins) / ln 1.5",
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
