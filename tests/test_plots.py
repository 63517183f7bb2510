"""The figures of ``compare --plot`` and a sweep's report: one vocabulary of colours and units.

Figures are built from small constructed comparisons and inspected through matplotlib's
objects (lines, bars, axes limits, labels); the rolling retention series is checked on a real
run of the small world and on a hand-computed example.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import compose_small, run_to_end, timeseries_of
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from salesculture.sim.runs.compare import PLOT_SERIES, Comparison
from salesculture.sim.runs.comparetable import format_table
from salesculture.sim.views.panels import draw_trajectories
from salesculture.sim.views.plots import comparison_figure, plot_comparison
from salesculture.sim.views.vocabulary import (
    CURRENCY,
    METRICS,
    PRESET_COLORS,
    SERIES,
    line_styles,
    style_of,
)
from salesculture.sim.world.metricdefs import METRICS as DECLARED
from salesculture.sim.world.metricdefs import format_interval
from salesculture.sim.world.metrics import with_rolling_retention

BASE = {"revenue": 40e6, "profit": 5e6, "retention": 0.9, "nrr": 0.95, "delivery_delay": 6.0}


def constructed(
    labels: Sequence[str],
    *,
    effects: dict[tuple[str, str], float] | None = None,
    subject: str = "scenario",
    planned: Sequence[str] = (),
    metrics: Sequence[str] = tuple(BASE),
    seeds: int = 4,
    weeks: int = 104,
) -> Comparison:
    """A comparison of ``labels`` with a relative effect per (row, metric), default 1 % x row."""
    effects = effects or {}
    rng = np.random.default_rng(1)
    runs, weekly = [], []
    for i, label in enumerate(labels):
        for seed in range(seeds):
            row = {"scenario": label, "seed": seed}
            for metric in metrics:
                effect = effects.get((label, metric), 0.01 * i)
                row[metric] = BASE[metric] * (1 + effect) * (1 + 0.001 * rng.standard_normal())
            runs.append(row)
            week = np.arange(1, weeks + 1)
            frame = pd.DataFrame({"scenario": label, "seed": seed, "week": week})
            for series in PLOT_SERIES:
                frame[series] = 1e5 * (1 + 0.02 * i) + 1e3 * rng.standard_normal(weeks)
            for series in ("retention_52w", "nrr_52w"):
                frame[series] = np.where(week > 52, 0.9 + 0.01 * i, np.nan)
            weekly.append(frame)
    return Comparison(
        scenarios=list(labels),
        seeds=list(range(seeds)),
        years=weeks // 52,
        metrics=list(metrics),
        runs=pd.DataFrame(runs),
        weekly=pd.concat(weekly, ignore_index=True),
        subject=subject,
        planned=list(planned),
    )


@pytest.fixture
def figure():
    """Build a comparison's figure; close every figure afterwards."""
    yield comparison_figure
    plt.close("all")


def trajectory_axes(fig: Figure) -> list[Axes]:
    titles = {q.title for q in SERIES.values()}
    return [ax for ax in fig.axes if ax.get_title() in titles and ax.get_xlabel() == "time (years)"]


def line_of(ax: Axes, label: str):
    (line,) = [line for line in ax.get_lines() if line.get_label() == label]
    return line


def difference_axes(fig: Figure) -> dict[str, Axes]:
    """The panels of paired differences, by title."""
    return {ax.get_title(): ax for ax in fig.axes if ax.get_xlabel().startswith("difference")}


def data_axes(fig: Figure) -> list[Axes]:
    """Every axes that shows data (legend panels are drawn without axes)."""
    return [ax for ax in fig.axes if ax.axison]


def test_a_preset_has_one_colour_in_every_figure_whatever_the_other_rows(figure) -> None:
    compared = figure(constructed(["baseline", "sales_led", "everybody_sells"]))
    swept = figure(constructed(["cross_functional", "sales_led"], subject="configuration"))
    many = [f"sales_driven_{x}" for x in ("overspend", "underspend")]
    crowd = figure(
        constructed(
            [
                "purge_non_believers",
                "sales_led",
                *many,
                "dual_approach",
                "amazing_culture",
                "values_based_pay",
                "run_by_salespeople",
            ],
            subject="configuration",
        )
    )
    blue = PRESET_COLORS["sales_led"]
    for fig in (compared, swept):
        for ax in trajectory_axes(fig):
            assert to_hex(line_of(ax, "sales_led").get_color()) == blue.lower()
            others = {to_hex(line.get_color()) for line in ax.get_lines()} - {blue.lower()}
            assert len(others) == len(ax.get_lines()) - 1  # nobody else is blue
    # Among many rows, every trajectory and every difference keeps the preset's colour.
    for ax in trajectory_axes(crowd):
        assert to_hex(line_of(ax, "sales_led").get_color()) == blue.lower()
    profit = difference_axes(crowd)["Profit"]
    assert to_hex(line_of(profit, "sales_led").get_color()) == blue.lower()
    # A changed preset keeps its hue, with another line style.
    changed = style_of("sales_led+leadership=sales_driven")
    swept_changed = style_of("scenario=sales_led workforce.salespeople=20")
    assert changed.color == swept_changed.color == blue and "-" not in (
        changed.linestyle,
        swept_changed.linestyle,
    )


def test_configurations_of_a_sweep_keep_their_style_when_other_rows_are_missing() -> None:
    planned = [f"workforce.salespeople={n}" for n in (10, 20, 40)]
    every = line_styles(planned, planned=planned)
    some = line_styles(planned[1:], planned=planned)  # the first configuration failed
    assert every[planned[2]].color == some[planned[2]].color
    assert len({(s.color, s.linestyle) for s in every.values()}) == 3
    assert len({s.color for s in every.values()}) == 3
    # Without the sweep's plan a configuration's colour still does not depend on the others.
    alone = line_styles(["workforce.salespeople=40"])["workforce.salespeople=40"]
    beside = line_styles(planned[:2] + ["workforce.salespeople=40"], reference=planned[0])
    assert alone.color == beside["workforce.salespeople=40"].color


def test_the_baseline_is_drawn_black_thicker_and_on_top(figure) -> None:
    fig = figure(constructed(["baseline", "sales_led", "everybody_sells", "cross_functional"]))
    for ax in trajectory_axes(fig):
        baseline = line_of(ax, "baseline")
        others = [line for line in ax.get_lines() if line is not baseline]
        assert to_hex(baseline.get_color()) == "#000000"
        assert all(baseline.get_linewidth() > line.get_linewidth() for line in others)
        below = [*others, *ax.collections]  # the other lines and every band
        assert all(baseline.get_zorder() > artist.get_zorder() for artist in below)


def test_a_large_effect_does_not_flatten_the_other_differences(figure) -> None:
    rows = ["baseline", "sales_led", "everybody_sells"]
    effects = {
        ("sales_led", "profit"): 4.0,  # +400 %
        ("sales_led", "revenue"): 0.02,
        ("everybody_sells", "revenue"): -0.01,
        ("sales_led", "retention"): 0.01,
        ("everybody_sells", "retention"): 0.005,
    }
    comparison = constructed(rows, effects=effects)
    fig = figure(comparison)
    panels = difference_axes(fig)
    assert set(panels) == {METRICS[m].title for m in BASE}  # one panel per headline metric
    for title, ax in panels.items():
        left, right = ax.get_xlim()
        dots = [line.get_xdata()[0] for line in ax.get_lines() if line.get_marker() == "o"]
        assert len(dots) == 2
        assert left <= 0 <= right
        if title != METRICS["profit"].title:
            # Each dot sits a visible share of its own panel's width away from zero.
            assert all(abs(dot) / (right - left) > 0.15 for dot in dots), title
    # On one shared scale (% of the baseline's mean) the small differences would be at zero.
    results = comparison.results()
    mean = {r["metric"]: r["mean"] for r in results if r["scenario"] == "baseline"}
    relative = [abs(r["diff_mean"] / mean[r["metric"]]) for r in results if r["diff_mean"]]
    assert min(relative) / max(relative) < 0.01


def test_the_difference_panels_draw_the_tables_paired_differences(figure) -> None:
    labels = ["baseline", "sales_led", "everybody_sells", "cross_functional"]
    effects = {("sales_led", "profit"): 0.3, ("everybody_sells", "profit"): -0.1}
    comparison = constructed(labels, effects=effects)
    fig = figure(comparison)
    table = format_table(comparison).splitlines()
    panels = difference_axes(fig)
    for row in comparison.results():
        if row["scenario"] == "baseline":
            continue
        ax = panels[METRICS[row["metric"]].title]
        scale = METRICS[row["metric"]].scale
        dot = line_of(ax, row["scenario"])
        assert dot.get_xdata()[0] == pytest.approx(row["diff_mean"] / scale)
        y = dot.get_ydata()[0]
        (interval,) = [
            seg for c in ax.collections for seg in c.get_segments() if seg[0][1] == y
        ]
        assert interval[:, 0] == pytest.approx(
            np.array([row["diff_ci_low"], row["diff_ci_high"]]) / scale
        )
        # Beside the dot, its numbers as the table writes them.
        written = format_interval(
            row["diff_mean"],
            row["diff_ci_low"],
            row["diff_ci_high"],
            DECLARED[row["metric"]].unit,
            difference=True,
        )
        beside = [t.get_text() for t in ax.texts if t.get_position()[1] == y]
        assert beside == [written]
        (line,) = [
            line for line in table if line.split()[:2] == [row["metric"], row["scenario"]]
        ]
        difference, interval_text = written.split(" [", 1)
        assert f" {difference} " in line and line.endswith(f"[{interval_text}")
    # Ranked by the difference in profit, largest first, on every panel.
    names = [t.get_text() for t in panels["Profit"].get_yticklabels()]
    assert names == ["sales_led", "cross_functional", "everybody_sells"]


def test_many_configurations_are_ranked_by_their_difference_each_in_its_own_colour(figure) -> None:
    labels = [f"process.reversion_rate={x}" for x in "abcdefgh"]  # 8, not numbers
    effects = {
        (label, "profit"): e for label, e in zip(labels, [3, 7, 1, 5, 2, 8, 4, 6], strict=True)
    }
    fig = figure(constructed(labels, effects=effects, subject="configuration"))
    for ax in data_axes(fig):
        assert ax.get_legend() is None
    profit = difference_axes(fig)["Profit"]
    names = [t.get_text() for t in profit.get_yticklabels()]
    expected = sorted(labels[1:], key=lambda label: -effects[(label, "profit")])
    assert names == expected
    # Mean and interval per configuration: a dot and a line, each in its row's colour.
    dots = [line for line in profit.get_lines() if line.get_marker() == "o"]
    assert len(dots) == 7
    styles = line_styles(labels)
    assert {to_hex(d.get_color()) for d in dots} == {to_hex(styles[x].color) for x in labels[1:]}


def legend_names_of(fig: Figure) -> set[str]:
    """The rows the legend panel names (the reference without its mark)."""
    (legend,) = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    return {t.get_text().removesuffix(" (reference)") for t in legend.get_texts()}


@pytest.mark.parametrize(
    "labels,subject",
    [
        (
            [
                "baseline",
                "sales_led",
                "everybody_sells",
                "values_based_pay",
                "purge_non_believers",
                "cross_functional",
                "amazing_culture",
            ],
            "scenario",
        ),
        ([f"process.reversion_rate={x}" for x in "abcdefgh"], "configuration"),
    ],
    ids=["seven-presets", "eight-configurations"],
)
def test_every_line_is_named_in_the_legend_in_its_rows_colour(figure, labels, subject) -> None:
    comparison = constructed(labels, subject=subject)
    fig = figure(comparison)
    named = legend_names_of(fig)
    assert named == set(labels)
    styles = line_styles(labels, planned=comparison.planned)
    for ax in data_axes(fig):
        lines = ax.get_lines()
        assert lines
        for line in lines:
            label = line.get_label()
            assert label in named, (ax.get_title(), label)
            assert to_hex(line.get_color()) == to_hex(styles[label].color)


def test_no_panel_mixes_logo_retention_and_net_revenue_retention(figure) -> None:
    fig = figure(constructed(["baseline", "sales_led", "cross_functional"]))
    titles = {**{k: q.title for k, q in SERIES.items()}, **{k: q.title for k, q in METRICS.items()}}
    shown = []
    for ax in data_axes(fig):
        drawn = {a.get_gid() for a in [*ax.get_lines(), *ax.collections]} - {None}
        assert len(drawn) == 1, (ax.get_title(), drawn)  # one quantity per panel
        (quantity,) = drawn
        assert ax.get_title() == titles[quantity]  # named in its title
        shown.append(quantity)
    for logo, net in (("retention_52w", "nrr_52w"), ("retention", "nrr")):
        assert logo in shown and net in shown
    assert "Logo retention" in titles["retention"] and "Net revenue" in titles["nrr"]


def test_a_numeric_sweep_axis_is_drawn_as_numbers(figure) -> None:
    labels = [f"workforce.salespeople={n}" for n in (10, 20, 40)]
    fig = figure(constructed(labels, subject="configuration"))
    panels = [ax for ax in fig.axes if ax.get_xlabel().startswith("workforce.salespeople")]
    assert len(panels) == len(BASE)
    for ax in panels:
        assert ax.get_xlabel() == "workforce.salespeople (people)"
        (line,) = [line for line in ax.get_lines() if line.get_marker() == "o"]
        assert list(line.get_xdata()) == [10.0, 20.0, 40.0]
        assert list(ax.get_xticks()) == [10.0, 20.0, 40.0]
        # Placed at their size: 20 -> 40 is twice as far as 10 -> 20.
        x = ax.transData.transform(np.column_stack([[10, 20, 40], [0, 0, 0]]))[:, 0]
        assert (x[2] - x[1]) / (x[1] - x[0]) == pytest.approx(2.0)


@pytest.mark.parametrize(
    "labels,subject",
    [
        (["baseline", "sales_led", "cross_functional"], "scenario"),
        ([f"process.reversion_rate={x}" for x in "abcdefg"], "configuration"),
        ([f"workforce.salespeople={n}" for n in (10, 20)], "configuration"),
    ],
    ids=["differences", "ranked", "numeric"],
)
def test_every_value_axis_names_its_unit_and_money_its_currency(labels, subject) -> None:
    comparison = constructed(labels, subject=subject)
    fig = comparison_figure(comparison, currency="EUR")
    try:
        quantities = [*METRICS.values(), *SERIES.values()]
        for ax in data_axes(fig):
            titled = [q for q in quantities if q.title == ax.get_title()]
            assert titled, ax.get_title()
            units = {u for q in titled for u in (q.unit_in("EUR"), q.difference_unit("EUR"))}
            labels_here = f"{ax.get_xlabel()} | {ax.get_ylabel()}"
            assert any(unit in labels_here for unit in units), labels_here
            if any("{currency}" in q.unit for q in titled):
                assert "EUR" in labels_here and CURRENCY not in labels_here
    finally:
        plt.close(fig)


def test_one_live_run_draws_as_one_line_in_its_presets_colour() -> None:
    records = pd.DataFrame({"week": np.arange(1, 11), "revenue": np.linspace(1e5, 2e5, 10)})
    fig, ax = plt.subplots()
    try:
        draw_trajectories(ax, records, "revenue", ["sales_led"], currency="EUR")
        (line,) = ax.get_lines()
        assert to_hex(line.get_color()) == PRESET_COLORS["sales_led"].lower()
        assert line.get_ydata()[-1] == pytest.approx(np.mean(np.linspace(1e5, 2e5, 10)[-4:]) / 1e3)
        assert ax.get_ylabel() == "thousand EUR per week"
    finally:
        plt.close(fig)


def test_plot_is_written_whole_to_its_path(tmp_path: Path) -> None:
    path = tmp_path / "figs" / "cmp.png"
    plot_comparison(constructed(["baseline", "sales_led"]), path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in path.parent.iterdir()] == ["cmp.png"]


def test_rolling_retention_has_no_year_end_sawtooth_and_matches_each_years_retention() -> None:
    model = run_to_end(compose_small("years=3", "seed=2"))
    series = with_rolling_retention(timeseries_of(model)).set_index("week")
    rolling = series["retention_52w"]
    assert rolling.loc[:52].isna().all() and rolling.loc[53:].notna().all()
    # At the end of years 2 and 3 it is that year's logo retention.
    assert rolling.loc[104] == pytest.approx(model.yearbook.retention[1], abs=1e-12)
    assert rolling.loc[156] == pytest.approx(model.yearbook.retention[2], abs=1e-12)

    def year_end_jump_and_elsewhere(values: pd.Series) -> tuple[float, float]:
        jumps = values.loc[53:].diff().abs()
        at_year_end = jumps.loc[[105, 157] if 157 in jumps.index else [105]].max()
        return at_year_end, jumps.drop(index=[105]).max()

    at_year_end, elsewhere = year_end_jump_and_elsewhere(rolling)
    assert at_year_end <= elsewhere
    # The year-to-date series it replaces jumps back to 1 at the year's end.
    at_year_end, elsewhere = year_end_jump_and_elsewhere(series["retention_to_date"])
    assert at_year_end > 3 * elsewhere
    nrr = series["nrr_52w"].loc[53:]
    assert nrr.between(0.5, 1.5).all()


def test_rolling_series_equal_a_hand_computation() -> None:
    weeks = np.arange(1, 61)
    frame = pd.DataFrame(
        {
            "week": weeks,
            "customers": 100 + weeks,  # 101 at week 1, 108 at week 8
            "customers_52w": 90,
            "billing": 1000.0 + 10 * weeks,  # 1010 at week 1, 1080 at week 8
            "billing_52w": 1200.0,
        }
    )
    frame.loc[frame.week == 6, ["customers", "billing"]] = 0  # nobody a year before week 58
    rolled = with_rolling_retention(frame).set_index("week")
    assert rolled.loc[:52, ["retention_52w", "nrr_52w"]].isna().all().all()
    assert rolled.loc[53, "retention_52w"] == pytest.approx(90 / 101)
    assert rolled.loc[60, "retention_52w"] == pytest.approx(90 / 108)
    assert rolled.loc[53, "nrr_52w"] == pytest.approx(1200 / 1010)
    assert rolled.loc[60, "nrr_52w"] == pytest.approx(1200 / 1080)
    assert np.isnan(rolled.loc[58, "retention_52w"]) and np.isnan(rolled.loc[58, "nrr_52w"])
