"""Figures of a comparison: weekly trajectories with bands, and paired differences."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from sim.compare import Comparison  # noqa: E402
from sim.metrics import QUEUE_COUNTS  # noqa: E402
from sim.runfiles import atomic_write  # noqa: E402

PANELS = (
    ("revenue", "Revenue per week (4-week mean)", 1e3, "thousand"),
    ("cost", "Cost per week (4-week mean)", 1e3, "thousand"),
    ("profit", "Profit per week (4-week mean)", 1e3, "thousand"),
    ("retention_to_date", "Logo retention, year to date", 1.0, "share of the year's cohort"),
)


def plot_comparison(comparison: Comparison, path: Path) -> None:
    """Write a PNG: median and 10-90 % bands over seeds per scenario, and paired differences."""
    fig = plt.figure(figsize=(13, 11), constrained_layout=True)
    grid = fig.add_gridspec(3, 2, height_ratios=[1, 1, 1.2])
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    weekly = comparison.weekly
    for i, (column, title, scale, unit) in enumerate(PANELS):
        ax = fig.add_subplot(grid[i // 2, i % 2])
        for j, scenario in enumerate(comparison.scenarios):
            wide = weekly[weekly.scenario == scenario].pivot(
                index="week", columns="seed", values=column
            )
            if column != "retention_to_date":
                wide = wide.rolling(4, min_periods=1).mean()
            values = wide.to_numpy() / scale
            low, median, high = np.nanpercentile(values, [10, 50, 90], axis=1)
            color = colors[j % len(colors)]
            ax.plot(wide.index, median, color=color, label=scenario, lw=1.5)
            ax.fill_between(wide.index, low, high, color=color, alpha=0.18, lw=0)
        ax.set_title(title)
        ax.set_xlabel("week")
        ax.set_ylabel(unit)
        ax.grid(alpha=0.3)
        if i == 0:
            ax.legend(fontsize=8)
    _difference_panel(fig.add_subplot(grid[2, :]), comparison, colors)
    overrides = " ".join(comparison.overrides)
    fig.suptitle(
        f"{len(comparison.seeds)} paired seeds, {comparison.years} years: median and "
        "10-90 % band over seeds"
        + (f"\noverrides (every run): {overrides}" if overrides else "")
        + (f"\ncommit {comparison.commit[:12]}" if comparison.commit else ""),
        fontsize=12 if not overrides else 10,
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda tmp: fig.savefig(tmp, dpi=110, format="png"))
    plt.close(fig)


def _difference_panel(ax, comparison: Comparison, colors: list[str]) -> None:
    """Paired difference of each metric against the first scenario, in % of its mean."""
    rows = comparison.results()
    reference = comparison.scenarios[0]
    others = comparison.scenarios[1:]
    metrics = [m for m in comparison.metrics if m not in QUEUE_COUNTS]
    ref_mean = {r["metric"]: r["mean"] for r in rows if r["scenario"] == reference}
    width = 0.8 / max(1, len(others))
    for j, scenario in enumerate(others):
        means, errors = [], [[], []]
        for metric in metrics:
            row = next(r for r in rows if r["scenario"] == scenario and r["metric"] == metric)
            base = abs(ref_mean[metric] or np.nan) or np.nan
            mean = (row["diff_mean"] if row["diff_mean"] is not None else np.nan) / base * 100
            low = (row["diff_ci_low"] if row["diff_ci_low"] is not None else np.nan) / base * 100
            high = (row["diff_ci_high"] if row["diff_ci_high"] is not None else np.nan) / base * 100
            means.append(mean)
            errors[0].append(mean - low if np.isfinite(low) else 0.0)
            errors[1].append(high - mean if np.isfinite(high) else 0.0)
        x = np.arange(len(metrics)) + (j - (len(others) - 1) / 2) * width
        ax.bar(
            x,
            means,
            width,
            yerr=errors,
            capsize=2,
            color=colors[(j + 1) % len(colors)],
            label=scenario,
            alpha=0.85,
        )
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(np.arange(len(metrics)), metrics, rotation=20)
    ax.set_ylabel(f"% of {reference} mean")
    left_out = [m for m in comparison.metrics if m in QUEUE_COUNTS]
    note = f"; {', '.join(left_out)}: see the table" if left_out else ""
    ax.set_title(f"Paired difference against {reference} (mean and 95 % interval{note})")
    ax.grid(alpha=0.3, axis="y")
    if others:
        ax.legend(fontsize=8, ncol=min(4, len(others)))
