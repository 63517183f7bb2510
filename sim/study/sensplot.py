"""The table and the figure of a sensitivity analysis (:mod:`sim.study.sensitivity`)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from salesculture.sim.runs.compare import count
from salesculture.sim.views.vocabulary import CURRENCY, METRICS
from salesculture.sim.world.metricdefs import METRICS as METRIC_UNITS
from salesculture.sim.world.metricdefs import format_number

if TYPE_CHECKING:
    from salesculture.sim.study.sensdesign import Result


def metric_unit(metric: str, difference: bool) -> str:
    """The unit of a metric's values as the model reports them (shares as 0..1 fractions)."""
    quantity = METRICS[metric]
    if quantity.scale == 1e6:
        return CURRENCY
    if quantity.percent:
        return "share, 0 to 1" + (" (difference)" if difference else "")
    return quantity.unit_in()


def _number(value: float, unit: str, scale: float = 0.0) -> str:
    """A change of the output as every table writes it (shares in percentage points).

    Below a billionth of ``scale`` (rounding noise) it is 0.
    """
    if value is not None and math.isfinite(value) and abs(value) < 1e-9 * scale:
        return "0"
    return format_number(value, unit, difference=True).removeprefix("+")


def _range(low: float, high: float) -> str:
    return f"{low:.4g}..{high:.4g}"


def company_lines(company: dict | None, spread: float) -> list[str]:
    """What a screening centred on a company says of it: its centre and which ranges it took."""
    if not company:
        return []
    centres = {" ".join(overrides) for overrides in company["overrides"].values()}
    fitted = ", ".join(company["posterior_ranges"])
    ranges = (
        f"fitted parameters ({fitted}) over their posterior's 5-95 % range; the others "
        f"±{spread:.0%} of the company's value"
        if fitted
        else f"no fitted parameter screened: each ±{spread:.0%} of the company's value"
    )
    return [
        f"centred on company {company['name']} (fit {company['fit']}): its world and posterior "
        f"mean under every run: {' | '.join(sorted(centres))}",
        ranges,
    ]


def format_table(result: Result) -> str:
    """The indices as text, ranked, with each parameter's unit and range, and the design."""
    design, table = result.design, result.indices
    unit = metric_unit(design.metric, design.difference)
    method = "Morris elementary effects" if design.method == "morris" else "Sobol' indices"
    size = (
        f"{design.trajectories} trajectories"
        if design.method == "morris"
        else f"{design.trajectories} base samples"
    )
    first, last = design.seeds[0], design.seeds[-1]
    seeds = f"seed {first}" if first == last else f"seeds {first}..{last}"
    lines = [
        f"{method} of {design.output} ({unit}), mean over {seeds} per point; "
        f"{count(len(design.factors), 'parameter')}, "
        f"{size}, {design.points()} points, {design.runs()} runs of "
        f"{count(design.years, 'year')}"
        + (f" ({result.reused} reused from {result.directory})" if result.reused else ""),
    ]
    if design.overrides:
        lines.append(f"overrides (every run): {' '.join(design.overrides)}")
    lines += company_lines(design.company, design.spread)
    width = max(24, *(len(n) for n in table.parameter))
    if design.method == "morris":
        top = float(table.mu_star.abs().max()) if len(table) else 0.0
        kind = METRIC_UNITS[design.metric].unit
        lines.append(
            "mu* = mean |elementary effect|: the output's change over a parameter's whole range; "
            "sigma: how much it varies (interactions, nonlinearity); 95 % bootstrap interval"
        )
        header = (
            f"{'rank':>4}  {'parameter':<{width}} {'range':>18}  {'mu*':>10} {'± 95%':>10} "
            f"{'sigma':>10} {'mu':>10}  unit of the parameter"
        )
        rows = [
            f"{r.rank:>4}  {r.parameter:<{width}} {_range(r.low, r.high):>18}  "
            f"{_number(r.mu_star, kind, top):>10} {_number(r.mu_star_conf, kind, top):>10} "
            f"{_number(r.sigma, kind, top):>10} {_number(r.mu, kind, top):>10}  {r.unit}"
            for r in table.itertuples()
        ]
    else:
        lines.append(
            "S1: share of the output's variance due to the parameter alone; ST: with all its "
            "interactions; ± 95 % bootstrap interval"
        )
        header = (
            f"{'rank':>4}  {'parameter':<{width}} {'range':>18}  {'S1':>7} {'± 95%':>7} "
            f"{'ST':>7} {'± 95%':>7}  unit of the parameter"
        )
        rows = [
            f"{r.rank:>4}  {r.parameter:<{width}} {_range(r.low, r.high):>18}  "
            f"{r.S1:>7.3f} {r.S1_conf:>7.3f} {r.ST:>7.3f} {r.ST_conf:>7.3f}  {r.unit}"
            for r in table.itertuples()
        ]
    return "\n".join([*lines, header, "-" * len(header), *rows])


def plot_indices(result: Result, path: Path) -> None:
    """Draw the indices, parameters ranked top to bottom, with their 95 % intervals (PNG)."""
    from salesculture.sim.views.backend import draw_to_files

    draw_to_files()
    import matplotlib.pyplot as plt

    from salesculture.sim.views.vocabulary import style

    design, table = result.design, result.indices
    labels = [
        f"{r.parameter}\n{_range(r.low, r.high)}" + (f" {r.unit}" if r.unit != "-" else "")
        for r in table.itertuples()
    ]
    positions = list(range(len(table)))[::-1]  # rank 1 at the top
    unit = metric_unit(design.metric, design.difference)
    scale = METRICS[design.metric].scale if unit == CURRENCY else 1.0
    if scale != 1.0:
        unit = f"million {CURRENCY}"
    with style():
        fig, ax = plt.subplots(figsize=(13, 2.6 + 0.75 * len(table)), layout="constrained")
        if design.method == "morris":
            ax.barh(
                positions,
                table.mu_star / scale,
                xerr=table.mu_star_conf / scale,
                color="#0072B2",
                alpha=0.8,
                capsize=3,
                label="mu* (± 95 % interval)",
            )
            ax.plot(table.sigma / scale, positions, "o", color="#D55E00", label="sigma")
            ax.set_xlabel(f"mu*: change over the parameter's range ({unit})")
        else:
            height = 0.38
            ax.barh(
                [p + height / 2 for p in positions],
                table.S1,
                height,
                xerr=table.S1_conf,
                color="#0072B2",
                capsize=3,
                label="S1, first order (± 95 %)",
            )
            ax.barh(
                [p - height / 2 for p in positions],
                table.ST,
                height,
                xerr=table.ST_conf,
                color="#E69F00",
                capsize=3,
                label="ST, total (± 95 %)",
            )
            ax.set_xlabel("share of the output's variance (0 to 1)")
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_yticks(positions, labels)
        ax.legend(loc="best")
        title = "Morris screening" if design.method == "morris" else "Sobol' indices"
        fig.suptitle(
            f"{title}: {design.output}\n{count(design.years, 'year')}, "
            f"{count(len(design.seeds), 'seed')} per point, parameters ranked",
        )
        fig.savefig(path, format="png", dpi=100)
        plt.close(fig)
