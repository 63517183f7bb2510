"""culture_dynamics: belief under growth, decline, turnover and selective hiring.

Per run, from the weekly mean belief of all employees: its level (the mean over the final
year), its drift (final year's mean minus the year before's: near 0 when it has settled) and
its settling time (the first week from which the 13-week mean stays within 0.01 of the level).
``findings`` reports these per configuration and pairs selective with random hiring, growth and
decline with a stable head-count, high with low turnover; ``figure`` draws mean belief over
time. Run on an experiment's output directory:
``python experiments/culture_dynamics/analysis.py DIR [--figure PNG]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = str(Path(__file__).resolve().parents[2])
if __name__ == "__main__" and ROOT not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, ROOT)

from salesculture.sim.config.rates import WEEKS_PER_YEAR  # noqa: E402
from salesculture.sim.study.findings import Findings, interval, markdown, of, rows  # noqa: E402

GROWTH, TURNOVER, HIRING = (
    "workforce.growth_per_year",
    "staffing.sales_turnover_per_year",
    "staffing.hire_belief_mean",
)
KEYS = (GROWTH, TURNOVER, HIRING)
BAND = 0.01  #: belief: how close the 13-week mean must stay to the level to count as settled
#: The numbers docs/experiments.md shows.
HEADLINES = (
    "level[selective - random hiring, growth=0.2, turnover=0.2]",
    "level[growth=0.2 - growth=0, random hiring, turnover=0.2]",
    "level[growth=-0.1 - growth=0, random hiring, turnover=0.2]",
    "settle_weeks[growth=0, turnover=0.2, hiring=0.47]",
)


#: The headline contrasts the README explains channel by channel (``salesculture explain``).
EXPLAIN = [
    (
        "growing 20 % a year against a steady head-count (turnover 0.2, hires' belief 0.47)",
        {GROWTH: 0.0, TURNOVER: 0.2, HIRING: 0.47},
        {GROWTH: 0.2, TURNOVER: 0.2, HIRING: 0.47},
    )
]


def dynamics(series: pd.DataFrame, where: dict) -> pd.DataFrame:
    """Per seed: level, drift and settling week of mean belief."""
    belief = rows(series, where).pivot(index="seed", columns="week", values="mean_belief")
    last = belief.iloc[:, -WEEKS_PER_YEAR:]
    level = last.mean(axis=1)
    before = belief.iloc[:, -2 * WEEKS_PER_YEAR : -WEEKS_PER_YEAR]
    drift = level - before.mean(axis=1) if before.shape[1] else level * np.nan
    smooth = belief.T.rolling(13, min_periods=1).mean().T
    outside = (smooth.sub(level, axis=0).abs() > BAND).to_numpy()
    settle = [
        float(belief.columns[np.nonzero(out)[0][-1] + 1])
        if out.any() and out[-1] == 0
        else (float(belief.columns[0]) if not out.any() else np.nan)
        for out in outside
    ]
    return pd.DataFrame({"level": level, "drift": drift, "settle": settle}, index=belief.index)


def _label(where: dict) -> str:
    return f"growth={where[GROWTH]:g}, turnover={where[TURNOVER]:g}, hiring={where[HIRING]:g}"


def findings(results: pd.DataFrame, series: pd.DataFrame) -> Findings:
    """Level, drift and settling time per configuration, and paired contrasts of the level."""
    configs = [
        dict(zip(KEYS, values, strict=True))
        for values in sorted(set(zip(*(results[k] for k in KEYS), strict=True)))
    ]
    found = {_label(c): dynamics(series, c) for c in configs}
    numbers, body = {}, []
    for config in configs:
        label = _label(config)
        frame = found[label]
        level = of(frame.level.to_numpy(), "belief", f"mean belief over the final year, {label}")
        drift = of(
            frame.drift.to_numpy(),
            "belief",
            f"final year's mean belief minus the year before's, {label}",
        )
        settle = of(
            frame.settle.to_numpy(),
            "weeks",
            f"week from which mean belief stays within {BAND} of its level, {label}",
        )
        believers = of(rows(results, config).believer_share.to_numpy(), "share", "")
        body.append(
            [
                f"{config[GROWTH]:g}",
                f"{config[TURNOVER]:g}",
                f"{config[HIRING]:g}",
                interval(level, False),
                interval(drift),
                f"{interval(settle, False)} ({int(np.isfinite(frame.settle).sum())}/{len(frame)})",
                interval(believers, False),
            ]
        )
        numbers[f"level[{label}]"] = level
        if np.isfinite(frame.settle).all():
            numbers[f"settle_weeks[{label}]"] = settle
    low = min(results[TURNOVER].unique())
    random, selective = sorted(results[HIRING].unique())[0], sorted(results[HIRING].unique())[-1]

    def contrast(name: str, a: dict, b: dict) -> None:
        if _label(a) in found and _label(b) in found:
            diff = found[_label(b)].level - found[_label(a)].level
            numbers[f"level[{name}]"] = of(
                diff.to_numpy(), "belief", f"final-year mean belief: {name}, paired by seed"
            )

    for growth in sorted(results[GROWTH].unique()):
        base = {GROWTH: growth, TURNOVER: low, HIRING: random}
        contrast(
            f"selective - random hiring, growth={growth:g}, turnover={low:g}",
            base,
            {**base, HIRING: selective},
        )
        if growth != 0:
            contrast(
                f"growth={growth:g} - growth=0, random hiring, turnover={low:g}",
                {**base, GROWTH: 0.0},
                base,
            )
    stable = {GROWTH: 0.0, TURNOVER: low, HIRING: random}
    for turnover in sorted(results[TURNOVER].unique())[1:]:
        contrast(
            f"turnover={turnover:g} - turnover={low:g}, growth=0, random hiring",
            stable,
            {**stable, TURNOVER: turnover},
        )
    header = [
        "growth per year",
        "sales turnover per year",
        "hires' mean belief",
        "level (mean belief, final year)",
        "drift (vs year before)",
        "settled from week (seeds)",
        "believer share at end",
    ]
    contrasts = [
        [name.split("[", 1)[1].rstrip("]"), interval(n)]
        for name, n in numbers.items()
        if name.startswith("level[") and " - " in name
    ]
    table = (
        markdown(header, body)
        + "\n\n"
        + markdown(["paired contrast of the level", "Δ mean belief"], contrasts)
    )
    notes = [
        "Mean over seeds [95 % interval]. Level: mean belief of all employees over the final "
        f"year; drift: that minus the year before's (near 0: settled); settled from: the first "
        f"week from which the 13-week mean stays within {BAND} of the level (seeds where it "
        "does). Contrasts pair runs by seed. `*`: the interval excludes 0."
    ]
    return Findings(numbers, table, notes)


def figure(results: pd.DataFrame, series: pd.DataFrame, path: Path) -> None:
    """Mean belief over the weeks (mean over seeds), one panel per sales turnover."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    turnovers = sorted(results[TURNOVER].unique())
    fig, axes = plt.subplots(
        1,
        len(turnovers),
        figsize=(6 * len(turnovers), 4),
        squeeze=False,
        sharey=True,
        constrained_layout=True,
    )
    for ax, turnover in zip(axes[0], turnovers, strict=True):
        for growth, colour in zip(
            sorted(results[GROWTH].unique()), ("tab:red", "black", "tab:blue"), strict=False
        ):
            for hiring, style in zip(sorted(results[HIRING].unique()), ("-", "--"), strict=False):
                mine = rows(series, {GROWTH: growth, TURNOVER: turnover, HIRING: hiring})
                mean = mine.groupby("week").mean_belief.mean()
                ax.plot(
                    mean.index,
                    mean.to_numpy(),
                    color=colour,
                    linestyle=style,
                    label=f"growth {growth:g}, hires' belief {hiring:g}",
                )
        ax.set_xlabel("week")
        ax.set_title(f"sales turnover {turnover:g} per year")
    axes[0][0].set_ylabel("mean belief of all employees")
    axes[0][0].legend(frameon=False, fontsize=8)
    fig.savefig(path, dpi=110, format="png")
    plt.close(fig)


if __name__ == "__main__":
    from salesculture.sim.study.reproduce import analysis_main as main

    main(findings, figure, __doc__)
