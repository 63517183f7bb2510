"""full_factorial: which regime axes matter most for profit, and which interact.

A two-level full factorial: every axis at its baseline option and one contrasting option, every
combination on the same seeds. ``findings`` estimates, per seed, each axis's main effect (the
mean over all other axes' combinations of the paired difference contrasting minus baseline) and
each pair's two-way interaction on profit, then their mean and 95 % interval over seeds; it also
ranks the configurations by profit. ``figure`` draws main effects and interaction effects
ranked. Run on an experiment's output directory:
``python experiments/full_factorial/analysis.py DIR [--figure PNG]``.

An interaction is reported two ways. The *difference of differences* is the effect of the first
axis with the second at its contrasting option minus its effect with the second at baseline
(the headline numbers ``profit[a x b]`` are this). The usual two-level factorial *interaction
effect* (Box, Hunter & Hunter's AB) is half of it, on the same scale as the main effects: with
options coded -1/+1, a main effect is twice its regression coefficient and so is the
interaction effect, so the coefficient of the product term is a quarter of the difference of
differences.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pandas as pd

ROOT = str(Path(__file__).resolve().parents[2])
if __name__ == "__main__" and ROOT not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, ROOT)

from salesculture.sim.study.findings import (  # noqa: E402
    SCALES,
    UNITS,
    Findings,
    Number,
    interval,
    markdown,
    of,
    per_seed,
)

#: Each axis: its config key, baseline option and contrasting option.
AXES = (
    ("leadership", "sales_driven", "sales_led"),
    ("incentives", "outcome_only", "everybody_sells"),
    ("people", "keep_all", "exit_non_believers"),
    ("process", "siloed", "cross_functional_team"),
    ("boundaries", "strict", "run_by_sales"),
)
METRICS = ("profit", "revenue", "retention", "believer_share")
TOP = 10

#: The two-way interactions on profit whose interval excluded 0 in the full design (headline
#: numbers wherever both axes are swept).
INTERACTIONS: tuple[tuple[str, str], ...] = (
    ("leadership", "boundaries"),
    ("leadership", "process"),
    ("incentives", "boundaries"),
    ("process", "boundaries"),
    ("leadership", "incentives"),
    ("incentives", "process"),
)

#: The numbers docs/experiments.md shows.
HEADLINES = (
    *(f"profit[{axis}: {hi} - {lo}]" for axis, lo, hi in AXES),
    "profit[leadership x boundaries]",
    "profit[leadership x process]",
)


#: The headline contrasts the README explains channel by channel (``salesculture explain``):
#: each axis's contrasting option against its baseline, every other axis at its baseline.
EXPLAIN = [
    (
        f"{axis}={hi} against {lo}, the other axes at their baseline",
        {a: low for a, low, _ in AXES},
        {**{a: low for a, low, _ in AXES}, axis: hi},
    )
    for axis, lo, hi in AXES
]


def swept(results: pd.DataFrame) -> list[tuple[str, str, str]]:
    """The axes the runs vary over (both options present)."""
    return [
        (axis, lo, hi)
        for axis, lo, hi in AXES
        if axis in results and {lo, hi} <= set(results[axis].astype(str))
    ]


def contrast(results: pd.DataFrame, metric: str, signs: pd.Series) -> pd.Series:
    """Per seed, the mean of ``metric`` weighted by ``signs`` (+1/-1 per run), times 2.

    With a balanced design this is a main effect (signs of one axis) or a difference of
    differences (product of two axes' signs, times 2 more: see :func:`interaction`).
    """
    weighted = results[metric].astype(float) * signs
    return 2 * weighted.groupby(results["seed"]).mean()


def sign(results: pd.DataFrame, axis: tuple[str, str, str]) -> pd.Series:
    """+1 where the axis is at its contrasting option, -1 at its baseline."""
    name, _, hi = axis
    return (results[name].astype(str) == hi).map({True: 1.0, False: -1.0})


def main_effect(results: pd.DataFrame, metric: str, axis: tuple[str, str, str]) -> Number:
    """Contrasting minus baseline option, averaged over the other axes, per seed; over seeds."""
    name, lo, hi = axis
    what = f"{metric}: main effect of {name} ({hi} minus {lo}), mean over the other axes"
    return of(contrast(results, metric, sign(results, axis)).to_numpy(), UNITS[metric], what)


def interaction(results: pd.DataFrame, metric: str, a: tuple, b: tuple) -> Number:
    """The difference of differences: ``a``'s effect with ``b`` contrasting minus at baseline.

    Per seed, averaged over the other axes; twice the two-level factorial interaction effect
    (:func:`interaction_effect`).
    """
    what = (
        f"{metric}: interaction {a[0]} x {b[0]} as a difference of differences (effect of "
        f"{a[2]} under {b[2]} minus under {b[1]}), mean over the other axes; the two-level "
        "factorial interaction effect is half of it"
    )
    per = 2 * contrast(results, metric, sign(results, a) * sign(results, b))
    return of(per.to_numpy(), UNITS[metric], what)


def interaction_effect(difference: Number) -> Number:
    """The two-level factorial interaction effect: half the difference of differences.

    On the scale of the main effects (each is the mean at one level of its column of -1/+1 signs
    minus the mean at the other); the 95 % interval halves with it.
    """
    return Number(
        difference.value / 2,
        difference.low / 2,
        difference.high / 2,
        difference.unit,
        difference.what.split(" as a difference")[0]
        + " as a two-level factorial effect (half the difference of differences)",
    )


def effects(results: pd.DataFrame) -> tuple[dict[str, Number], dict[tuple, Number]]:
    """Main effects of every metric (keyed ``metric[axis: hi - lo]``), interactions on profit."""
    axes = swept(results)
    mains = {
        f"{m}[{axis}: {hi} - {lo}]": main_effect(results, m, (axis, lo, hi))
        for m in METRICS
        for axis, lo, hi in axes
    }
    pairs = {
        (a[0], b[0]): interaction(results, "profit", a, b)
        for a, b in itertools.combinations(axes, 2)
    }
    return mains, pairs


def ranked(numbers: dict, key=lambda n: abs(n.value)) -> list:
    """``numbers``' items, largest absolute value first."""
    return sorted(numbers.items(), key=lambda item: -key(item[1]))


def configurations(results: pd.DataFrame) -> list[list[str]]:
    """The configurations ranked by mean profit (top ``TOP``, and the baseline)."""
    axes = swept(results)
    names = [axis for axis, _, _ in axes]
    baseline = {axis: lo for axis, lo, _ in axes}
    rows = []
    for values, _ in results.groupby(names, sort=False):
        where = dict(zip(names, values, strict=True))
        profit = of(per_seed(results, "profit", where).to_numpy(), "currency", "profit")
        rows.append((where, profit))
    rows.sort(key=lambda row: -row[1].value)
    body = []
    for rank, (where, profit) in enumerate(rows, start=1):
        is_base = where == baseline
        if rank <= TOP or is_base:
            label = (
                "baseline"
                if is_base
                else ", ".join(where[a] for a in names if where[a] != baseline[a])
            )
            body.append([str(rank), label, interval(profit, False)])
    return body


def findings(results: pd.DataFrame, series: pd.DataFrame) -> Findings:
    """Main effects, two-way interactions on profit, and the configurations ranked by profit."""
    mains, pairs = effects(results)
    axes = swept(results)
    main_body = [
        [f"{axis}: {hi}", *(interval(mains[f"{m}[{axis}: {hi} - {lo}]"]) for m in METRICS)]
        for (axis, lo, hi) in sorted(
            axes, key=lambda a: -abs(mains[f"profit[{a[0]}: {a[2]} - {a[1]}]"].value)
        )
    ]
    pair_body = [
        [f"{a} x {b}", interval(n), interval(interaction_effect(n))] for (a, b), n in ranked(pairs)
    ]
    numbers = dict(mains)
    for (a, b), number in pairs.items():
        if (a, b) in INTERACTIONS:
            numbers[f"profit[{a} x {b}]"] = number
    tables = [
        markdown(["main effect (contrasting option)", *METRICS], main_body),
        markdown(
            [
                "interaction on profit",
                "difference of differences",
                "interaction effect (half of it)",
            ],
            pair_body,
        ),
        markdown(
            ["rank", "configuration (options other than baseline)", "profit"],
            configurations(results),
        ),
    ]
    notes = [
        "Main effects: per seed, the mean over every combination of the other axes of the "
        "paired difference contrasting option minus baseline option; then mean over seeds [95 % "
        "interval] (`*`: excludes 0), ranked by absolute effect on profit. Interactions: the "
        "difference of differences is, per seed, the effect of the first axis when the second "
        "is at its contrasting option minus when it is at its baseline, averaged over the other "
        "axes (the headline numbers `profit[a x b]` are this); the interaction effect is the "
        "usual two-level factorial effect, half the difference of differences, on the same "
        "scale as the main effects (the regression coefficient of the product of -1/+1 codes "
        "is a quarter of the difference of differences); ranked by absolute size. "
        "Configurations: mean profit over seeds [95 % interval]. Money in currency units over "
        "the horizon; shares in percentage points."
    ]
    return Findings(numbers, "\n\n".join(tables), notes)


def figure(results: pd.DataFrame, series: pd.DataFrame, path: Path) -> None:
    """Main effects and two-way interactions on profit, ranked, with 95 % intervals."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    mains, pairs = effects(results)
    items = [
        (f"{k.split('[')[1].rstrip(']')}", n) for k, n in mains.items() if k.startswith("profit[")
    ]
    items = ranked(dict(items)) + [
        (f"{a} x {b}", interaction_effect(n)) for (a, b), n in ranked(pairs)
    ]
    scale, unit = SCALES["currency"]
    fig, ax = plt.subplots(figsize=(10, 0.35 * len(items) + 1.6), constrained_layout=True)
    for i, (label, n) in enumerate(items):
        color = "black" if " x " not in label else "tab:blue"
        ax.errorbar(
            n.value / scale,
            i,
            xerr=[[(n.value - n.low) / scale], [(n.high - n.value) / scale]],
            fmt="o",
            color=color,
            capsize=3,
        )
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_yticks(range(len(items)), [label for label, _ in items])
    ax.invert_yaxis()
    ax.set_xlabel(f"effect on profit over the horizon ({unit})")
    ax.set_title(
        "Main effects (black) and two-way interaction effects (blue: half the difference of\n"
        "differences, the main effects' scale) on profit: mean over paired seeds, 95 % interval"
    )
    fig.savefig(path, dpi=110, format="png")
    plt.close(fig)


if __name__ == "__main__":
    from salesculture.sim.study.reproduce import analysis_main as main

    main(findings, figure, __doc__)
