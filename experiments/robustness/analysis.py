"""robustness: do the headline conclusions of experiments 1-6 hold across the assumed parameters?

``findings`` computes every conclusion (a paired contrast of cases, :data:`CONCLUSIONS`) at the
configured point and at each sampled point, and asks how many sampled points agree in sign,
how far the difference spreads and which parameters drive it (:mod:`sim.study.robuststats`).
``figure`` draws each conclusion's difference at every point. Run on an experiment's output
directory: ``python experiments/robustness/analysis.py DIR [--figure PNG]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = str(Path(__file__).resolve().parents[2])
if __name__ == "__main__" and ROOT not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, ROOT)

from salesculture.sim.study.findings import UNITS, Findings, Number, interval, markdown, of, text  # noqa: E402
from salesculture.sim.study.robuststats import Conclusion, Robustness, assess  # noqa: E402

BASE = "baseline"
#: The conclusions: one per headline of experiments 1-6, then one more the same runs answer.
CONCLUSIONS = (
    Conclusion(
        "leadership",
        "profit",
        {"sales_led": 1, BASE: -1},
        "profit: sales-led minus sales-driven, default sales force (experiments/leadership)",
    ),
    Conclusion(
        "everybody_sells",
        "profit",
        {"everybody_sells": 1, BASE: -1},
        "profit: everybody rewarded per contribution minus salespeople-only commissions "
        "(experiments/everybody_sells)",
    ),
    Conclusion(
        "non_believers",
        "believer_share",
        {"values_screen_exit": 1, BASE: -1},
        "believer share: values pay, screen and exit < 0.4 every 26 weeks minus keep-all "
        "(experiments/non_believers)",
    ),
    Conclusion(
        "order_processing",
        "delivery_delay",
        {"team": 1, BASE: -1},
        "delivery delay: cross-functional team minus siloed hand-offs "
        "(experiments/order_processing)",
    ),
    Conclusion(
        "dual_approach",
        "profit",
        {"sales_led_team": 1, "sales_led": -1, "team": -1, BASE: 1},
        "profit interaction: both - top-down - grassroots + neither (experiments/dual_approach)",
    ),
    Conclusion(
        "boundaries",
        "profit",
        {"run_by_sales": 1, BASE: -1},
        "profit: run by salespeople minus strict boundaries (experiments/boundaries)",
    ),
    Conclusion(
        "non_believers profit",
        "profit",
        {"values_screen_exit": 1, BASE: -1},
        "profit: values pay, screen and exits minus keep-all (experiments/non_believers)",
    ),
)

#: The numbers docs/experiments.md shows.
HEADLINES = tuple(f"{c.name}[agreement]" for c in CONCLUSIONS[:6])


#: The headline contrasts the README explains channel by channel (``salesculture explain``),
#: at the parameters' defaults (robustness point -1).
EXPLAIN = [
    (
        f"{case} against {BASE}, parameters at their defaults",
        {"robustness_case": BASE, "robustness.point": -1},
        {"robustness_case": case, "robustness.point": -1},
    )
    for case in ("sales_led", "everybody_sells", "values_screen_exit", "team", "run_by_sales")
]


def _drivers(found: pd.Series, label: str) -> str:
    """``name (label +0.61)`` for the top parameters, or ``-``."""
    if found.empty:
        return "-"
    return "; ".join(f"{name} ({label} {value:+.2f})" for name, value in found.head(3).items())


def numbers_of(item: Robustness) -> dict[str, Number]:
    """A conclusion's headline numbers: at the configured point, agreement, mean over points."""
    c = item.conclusion
    unit = UNITS[c.metric]
    share = item.share
    low, high = item.share_interval
    return {
        f"{c.name}[configured]": of(item.configured, unit, f"{c.what}; configured values"),
        f"{c.name}[agreement]": Number(
            share,
            low,
            high,
            "share",
            f"{c.metric}: share of sampled points whose sign agrees with the configured point "
            "(Wilson 95 % interval)",
        ),
        f"{c.name}[over points]": of(
            item.points.to_numpy(), unit, f"{c.what}; mean over the sampled points"
        ),
    }


def contrast(conclusion: Conclusion) -> str:
    """``sales_led - baseline``: the cases with their signs."""
    terms = [("+ " if k > 0 else "- ") + case for case, k in conclusion.terms.items()]
    return " ".join(terms).removeprefix("+ ")


def row(item: Robustness) -> list[str]:
    """A conclusion's row of the result table."""
    c = item.conclusion
    unit = UNITS[c.metric]
    low, high = item.share_interval
    agreeing = int(item.agrees.sum())
    p5, p95 = item.percentiles
    return [
        c.name,
        contrast(c),
        interval(of(item.configured, unit, "")),
        f"{agreeing}/{len(item.agrees)} = {100 * item.share:.0f} % "
        f"[{100 * low:.0f} %, {100 * high:.0f} %]",
        f"{text(p5, unit, sign=True)} .. {text(p95, unit, sign=True)}",
        _drivers(item.rho, "rho"),
        _drivers(item.ks, "KS"),
        item.verdict,
    ]


def findings(results: pd.DataFrame, series: pd.DataFrame) -> Findings:
    """Every conclusion at the configured point and across the sampled points."""
    assessed = [assess(results, c) for c in CONCLUSIONS]
    numbers: dict[str, Number] = {}
    for item in assessed:
        numbers.update(numbers_of(item))
    header = [
        "conclusion",
        "contrast",
        "configured [95 % over seeds]",
        "points agreeing [Wilson 95 %]",
        "5th .. 95th percentile",
        "drivers: Spearman",
        "drivers: flipping vs holding",
        "verdict",
    ]
    points = len(assessed[0].agrees)
    seeds = results.seed.nunique()
    notes = [
        f"Each conclusion at the configured values (mean over {seeds} paired seeds [95 % "
        f"interval]) and at {points} points of a Latin hypercube sample of the assumed "
        "parameters (each its configured value ±50 % inside its valid range), every case on "
        "the same seeds. Agreement: the share of sampled points whose difference (mean over "
        "the seeds) has the configured sign; verdict 'holds' at 90 % or more, 'holds mostly' at "
        "two thirds or more, else 'flips'. Drivers: the top 3 parameters by |Spearman rho| of "
        "the per-point difference with the parameter, and where some points flip, by "
        "Kolmogorov-Smirnov distance between holding and flipping points (Monte Carlo "
        f"filtering). With {points} points, chance alone gives one parameter |rho| up to about "
        "1.96/sqrt(points - 1) (95 %), and the largest of many parameters' |rho| more; ties "
        "are listed in the parameters' order. Money in currency units; shares in percentage "
        "points; delay in weeks."
    ]
    return Findings(numbers, markdown(header, [row(item) for item in assessed]), notes)


def figure(results: pd.DataFrame, series: pd.DataFrame, path: Path) -> None:
    """One panel per conclusion: the difference at every sampled point and the configured one."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from salesculture.sim.study.findings import SCALES

    fig, axes = plt.subplots(1, len(CONCLUSIONS), figsize=(2.1 * len(CONCLUSIONS), 3.6))
    fig.set_layout_engine("constrained")
    for ax, conclusion in zip(axes, CONCLUSIONS, strict=True):
        item = assess(results, conclusion)
        scale, label = SCALES.get(UNITS[conclusion.metric], (1.0, UNITS[conclusion.metric]))
        colours = ["black" if a else "tab:red" for a in item.agrees]
        ax.scatter([0] * len(item.points), item.points / scale, c=colours, s=14, alpha=0.7)
        ax.scatter([1], [item.configured.mean() / scale], marker="D", color="tab:blue")
        ax.axhline(0, color="grey", linewidth=0.8)
        ax.set_xlim(-0.7, 1.7)
        ax.set_xticks([0, 1], ["sampled", "configured"], fontsize=8)
        ax.set_title(f"{conclusion.name}\n{item.verdict}", fontsize=9)
        ax.set_ylabel(f"Δ {conclusion.metric} ({label})", fontsize=8)
    fig.suptitle("Headline differences across sampled parameter points (red: sign flips)")
    fig.savefig(path, dpi=110, format="png")
    plt.close(fig)


if __name__ == "__main__":
    from salesculture.sim.study.reproduce import analysis_main as main

    main(findings, figure, __doc__)
