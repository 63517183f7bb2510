"""A fit's files: posterior sample, record, fitted config and the report a board can read."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from salesculture.sim.config.figures import FIGURES
from salesculture.sim.config.posterior import FIT_FILE, POSTERIOR_FILE
from salesculture.sim.runs.provenance import git_commit, versions
from salesculture.sim.runs.runfiles import atomic_write, write_parquet
from salesculture.sim.study.calibration.fit import FitResult, Settings
from salesculture.sim.world.metricdefs import format_number

REPORT_FILE = "report.md"
FIGURE_FILE = "report.png"
#: A parameter is identified when its posterior 90 % interval is at most this share of its
#: prior's, partly identified up to :data:`PARTLY`, else the figures say little about it.
IDENTIFIED = 0.5
PARTLY = 0.8


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, qs: list[float]) -> list[float]:
    """Quantiles ``qs`` of a weighted sample (the inverse of its weighted distribution)."""
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order]) / weights.sum()
    return [float(values[order][min(np.searchsorted(cumulative, q), len(values) - 1)]) for q in qs]


def parameter_table(result: FitResult) -> pd.DataFrame:
    """Each fitted parameter: prior range, posterior median and 90 % interval, what was learnt."""
    weights = result.sample["weight"].to_numpy(dtype=float)
    rows = []
    for factor in result.factors:
        values = result.sample[factor.name].to_numpy(dtype=float)
        low, median, high = weighted_quantiles(values, weights, [0.05, 0.5, 0.95])
        prior_width = 0.9 * (factor.high - factor.low)
        share = (high - low) / prior_width if prior_width else math.nan
        learnt = (
            "identified"
            if share <= IDENTIFIED
            else "partly identified"
            if share <= PARTLY
            else "not identified (the figures say little about it)"
        )
        rows.append(
            {
                "parameter": factor.name,
                "unit": factor.unit,
                "default": factor.value,
                "prior_low": factor.low,
                "prior_high": factor.high,
                "median": median,
                "low": low,
                "high": high,
                "width_share": share,
                "learnt": learnt,
            }
        )
    return pd.DataFrame(rows)


def verdicts(check: pd.DataFrame) -> list[str]:
    """One plain sentence for each observed figure the fitted model does not reproduce."""
    lines = []
    for row in check.itertuples():
        if row.reproduced:
            continue
        figure = FIGURES[row.figure]
        if not math.isfinite(row.low):
            lines.append(f"{row.figure} in year {row.year}: the model does not produce it.")
            continue
        direction = "above" if row.gap > 0 else "below"
        lines.append(
            f"The model cannot reproduce {row.figure} in year {row.year}: observed "
            f"{figure_text(row.observed, figure)}, while the fitted model gives "
            f"{figure_text(row.low, figure)} to {figure_text(row.high, figure)} (5-95 %); the "
            f"observation lies {figure_text(abs(row.gap), figure)} {direction} that band "
            f"({abs(row.gap_sd):.1f} of its standard deviations)."
        )
    return lines


def figure_text(value: float, figure) -> str:
    """A figure's value as every table writes numbers (money in k/M, shares in per cent)."""
    unit = "currency" if figure.money else "share" if figure.unit.startswith("share") else ""
    return format_number(value, unit)


def fitted_config(result: FitResult, mean: dict[str, float | int]) -> str:
    """The point estimate as an ordinary config: the company's world and the posterior mean."""
    axes, values = [], {}
    for text in result.problem.world:
        name, value = text.split("=", 1)
        if "." in name:
            values[name] = value
        else:
            axes.append((name, value))
    values.update({name: repr(v) if isinstance(v, float) else str(v) for name, v in mean.items()})
    lines = [
        "# @package _global_",
        f"# {result.problem.company}: the company's world and the posterior mean of its fit,",
        f"# written by `salesculture calibrate` ({result.directory}). Use it as",
        f"#   salesculture run company={result.problem.company}_fitted",
        "# The posterior sample, which carries what the figures cannot pin down, is in",
        f"# {result.directory / POSTERIOR_FILE} (--company {result.problem.company}).",
    ]
    if axes:
        lines.append("defaults:")
        lines += [f"  - override /{axis}: {option}" for axis, option in axes]
    sections: dict[str, list[str]] = {}
    for name, value in values.items():
        section, leaf = name.split(".", 1)
        sections.setdefault(section, []).append(f"  {leaf}: {value}")
    for section, entries in sections.items():
        lines.append(f"{section}:")
        lines += entries
    return "\n".join(lines) + "\n"


def write_fit(result: FitResult, settings: Settings, command: str, plot=None) -> list[Path]:
    """Write the fit's files (each atomically); return them, the fitted config last."""
    directory = result.directory
    posterior = result.posterior()
    mean = posterior.mean()
    parameters = parameter_table(result)
    record: dict[str, Any] = {
        "company": result.problem.company,
        "profile": str(result.problem.profile) if result.problem.profile else None,
        "world": result.problem.world,
        "years": result.problem.years,
        "parameters": [
            {
                "name": f.name,
                "unit": f.unit,
                "integer": f.integer,
                "prior": {"distribution": "uniform", "low": f.low, "high": f.high},
                "default": f.value,
                "source": f.source,
            }
            for f in result.factors
        ],
        "observed": [o.__dict__ for o in result.problem.observed],
        "posterior_mean": mean,
        "generations": result.generations,
        "tolerance": result.tolerance,
        "simulations": result.simulations,
        "settings": settings.__dict__,
        "check": result.check.to_dict(orient="records"),
        "screening": (
            [{"parameter": f.name, "score": s} for f, s in result.screening.scores]
            if result.screening
            else None
        ),
        "versions": versions(),
        "commit": git_commit(),
        "command": command,
    }
    written = []
    path = directory / POSTERIOR_FILE
    write_parquet(result.sample, path)
    written.append(path)
    path = directory / FIT_FILE
    atomic_write(path, lambda tmp: Path(tmp).write_text(json.dumps(record, indent=2, default=str)))
    written.append(path)
    if result.screening is not None:
        path = directory / "screening.csv"
        table = pd.DataFrame(
            [{"parameter": f.name, "score": s} for f, s in result.screening.scores]
        )
        atomic_write(path, lambda tmp: table.to_csv(tmp, index=False))
        written.append(path)
    if plot is not None:
        path = directory / FIGURE_FILE
        atomic_write(path, lambda tmp: plot(result, parameters, tmp))
        written.append(path)
    path = directory / REPORT_FILE
    text = report_text(result, parameters, command)
    atomic_write(path, lambda tmp: Path(tmp).write_text(text))
    written.append(path)
    if result.problem.profile is not None:
        path = result.problem.profile.parent / f"{result.problem.company}_fitted.yaml"
        config = fitted_config(result, mean)
        atomic_write(path, lambda tmp: Path(tmp).write_text(config))
        written.append(path)
    return written


def report_text(result: FitResult, parameters: pd.DataFrame, command: str) -> str:
    """The report in Markdown: what was fitted, the verdicts, the check, the parameters."""
    problem = result.problem
    check = result.check
    reproduced = int(check["reproduced"].sum())
    lines = [
        f"# Fit of {problem.company}",
        "",
        f"`{command}`",
        "",
        f"{len(problem.observed)} observed figures over {problem.years} years; "
        f"{len(result.factors)} parameters fitted by ABC-SMC (pyabc) in {result.generations} "
        f"generations and {result.simulations} simulations ({result.reused} reused from the "
        f"fit's store); final tolerance {result.tolerance:.2f} (root of summed squared gaps, "
        "each in standard deviations of its observation).",
        "",
        "## Verdict",
        "",
        f"The fitted model reproduces {reproduced} of {len(check)} observed figures (the "
        "observation's 90 % interval meets the band of the fitted model's 5-95 %).",
        "",
    ]
    lines += [f"- {line}" for line in verdicts(check)] or ["- Every observed figure is reproduced."]
    lines += ["", "## Each observed figure against the fitted model", ""]
    lines.append(
        "| figure | year | observed | sd | fitted model 5 % | median | 95 % | reproduced |"
    )
    lines.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in check.itertuples():
        figure = FIGURES[row.figure]
        values = (row.observed, row.sd, row.low, row.median, row.high)
        cells = [figure_text(value, figure) for value in values]
        yes = "yes" if row.reproduced else f"no ({row.gap_sd:+.1f} sd)"
        lines.append(f"| {row.figure} | {row.year} | {' | '.join(cells)} | {yes} |")
    lines += ["", "## Each parameter: prior and posterior", ""]
    lines.append(
        "| parameter | unit | default | prior (uniform) | posterior median | 90 % interval | "
        "interval / prior's | what the figures say |"
    )
    lines.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in parameters.itertuples():
        lines.append(
            f"| `{row.parameter}` | {row.unit} | {row.default:.4g} | {row.prior_low:.4g} to "
            f"{row.prior_high:.4g} | {row.median:.4g} | {row.low:.4g} to {row.high:.4g} | "
            f"{row.width_share:.0%} | {row.learnt} |"
        )
    if result.screening is not None:
        lines += [
            "",
            "## Why these parameters",
            "",
            f"A Morris screening ({result.screening.runs} runs) scored every candidate by how "
            "far it moves the observed figures (root mean square of mu*, in standard "
            f"deviations of each observation); the {len(result.factors)} fitted are the highest "
            "with a score of at least 0.5. Top ten:",
            "",
            "| parameter | score |",
            "| --- | --- |",
        ]
        lines += [f"| `{f.name}` | {s:.2f} |" for f, s in result.screening.scores[:10]]
    lines += ["", f"![The fit]({FIGURE_FILE})", ""]
    return "\n".join(lines)
