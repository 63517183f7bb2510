"""What a comparison says: its text table, and the same as JSON or CSV.

The numbers are :class:`sim.runs.compare.Comparison`'s; each is written by the one number
format (:func:`sim.world.metricdefs.format_interval`), and every table ends with what a ``*``
means.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from salesculture.sim.config import configdirs
from salesculture.sim.config.labels import (
    UNDEFINED,
    switch_labels,
)
from salesculture.sim.runs.compare import Comparison, count
from salesculture.sim.world.metricdefs import METRICS, STAR_NOTE, format_interval, format_number


def seed_count(comparison: Comparison) -> str:
    """``4 paired seeds`` when every row ran the same seeds; else what each row ran and shares."""
    runs = comparison.runs
    seeds = [frozenset(runs.seed[runs.scenario == name]) for name in comparison.scenarios]
    if len(set(seeds)) <= 1:
        return count(len(comparison.seeds), "paired seed")
    sizes = sorted({len(s) for s in seeds})
    each = count(sizes[0] if len(sizes) == 1 else f"{sizes[0]}-{sizes[-1]}", "seed")
    shared = frozenset.intersection(*seeds)
    return f"{each} each, {len(shared)} of them shared by all"


def format_table(
    comparison: Comparison,
    heading: Sequence[str] | None = None,
    beside: tuple[str, Callable[[dict], str]] | None = None,
    notes: Sequence[str] = (),
) -> str:
    """A text table: mean [95 % CI] per scenario and metric, and the paired difference.

    Numbers are written by :func:`sim.world.metricdefs.format_number` in each metric's unit; a
    ``*`` marks a difference whose interval excludes 0, as the table's last line says.

    Args:
        comparison: What is written.
        heading: The lines above the provenance (default: rows, seeds, horizon, reference).
        beside: A last column's title and what it says of a result row (after the difference).
        notes: Lines before the last one (what the intervals are).
    """
    reference = comparison.scenarios[0]
    width = max(24, *map(len, comparison.scenarios))
    name = max(18, *map(len, comparison.metrics))
    against = f"diff vs {reference}" if len(reference) <= 20 else "diff vs first"
    header = (
        f"{'metric':<{name}} {comparison.subject:<{width}} {'mean':>10} "
        f"{'95% interval':>24}   {against:>24} {'95% interval':>24}"
    ) + (f"   {beside[0]}" if beside else "")
    if heading is None:
        heading = [
            f"{count(len(comparison.scenarios), comparison.subject)} x {seed_count(comparison)}, "
            f"{count(comparison.years, 'year')}; "
            f"differences against {reference}, paired by seed"
        ]
    lines = [
        *heading,
        *provenance_lines(comparison),
        header,
        "-" * len(header),
    ]
    previous = None
    for row in comparison.results():
        if previous is not None and row["metric"] != previous:
            lines.append("")
        previous = row["metric"]
        unit = METRICS[row["metric"]].unit if row["metric"] in METRICS else ""
        mean = format_number(row["mean"], unit)
        interval = f"[{format_number(row['ci_low'], unit)}, {format_number(row['ci_high'], unit)}]"
        if row["mean"] is None and row["metric"] in UNDEFINED:
            interval = f"({UNDEFINED[row['metric']]})"
        if row["scenario"] == reference:
            diff, diff_interval = "", ""
        elif row["diff_mean"] is None:
            diff, diff_interval = "-", ""
        else:
            diff, diff_interval = format_interval(
                row["diff_mean"], row["diff_ci_low"], row["diff_ci_high"], unit, difference=True
            ).split(" [", 1)
            diff_interval = "[" + diff_interval
            diff = diff if diff.endswith("*") else diff + " "
        said = f"   {beside[1](row)}" if beside and row["scenario"] != reference else ""
        lines.append(
            f"{row['metric']:<{name}} {row['scenario']:<{width}} {mean:>10} "
            f"{interval:>24}   {diff:>24} {diff_interval:>24}{said}".rstrip()
        )
    lines += ["", *notes, STAR_NOTE]
    return "\n".join(lines)


def _seeds(seeds: list[int]) -> str:
    consecutive = len(seeds) > 2 and seeds[-1] - seeds[0] + 1 == len(seeds)  # before listing
    if consecutive and seeds == list(range(seeds[0], seeds[-1] + 1)):
        return f"{seeds[0]}..{seeds[-1]}"
    return " ".join(map(str, seeds))


def provenance_lines(comparison: Comparison) -> list[str]:
    """What every run shared and what each row ran: overrides, seeds, code, axes per row."""
    lines = []
    if comparison.presets:  # a comparison of presets (a sweep's rows name their overrides)
        lines.append(f"overrides (every run): {' '.join(comparison.overrides) or 'none'}")
    main = ("salesculture", "mesa", "python")
    packages = ", ".join(f"{k} {comparison.versions[k]}" for k in main if k in comparison.versions)
    lines.append(
        f"seeds {_seeds(comparison.seeds)}; commit {comparison.commit or 'unknown'}"
        + (f"; {packages}" if packages else "")
    )
    for name in comparison.scenarios:
        if name in comparison.axes:
            chosen = " ".join(f"{k}={v}" for k, v in comparison.axes[name].items())
            switches = " ".join(switch_labels(comparison.interventions.get(name, [])))
            lines.append(f"  {name}: {chosen}" + (f"; then {switches}" if switches else ""))
    if any(r["mean"] is None and r["metric"] in UNDEFINED for r in comparison.results()):
        lines.append("(reason in brackets): the metric is undefined on every run of the row")
    lines.append("")
    return lines


def to_json(comparison: Comparison) -> dict:
    """The comparison as one JSON-ready object, with what it ran and the code that ran it."""
    command = comparison.command("--format", "json")
    return {
        **({"command": command} if command else {}),
        **configdirs.record(),
        "scenarios": comparison.scenarios,
        "seeds": comparison.seeds,
        "years": comparison.years,
        "overrides": comparison.overrides,
        "configurations": [
            {
                "scenario": name,
                "preset": comparison.presets.get(name),
                "axes": comparison.axes.get(name, {}),
                "interventions": comparison.interventions.get(name, []),
            }
            for name in comparison.scenarios
        ],
        "same_configuration": [list(pair) for pair in comparison.same],
        "commit": comparison.commit,
        "versions": comparison.versions,
        "results": comparison.results(),
    }


def to_csv(comparison: Comparison, more: dict[str, object] | None = None) -> str:
    """The result rows as CSV; every row carries its preset, axes, the overrides and the code.

    ``more``: columns of the same value on every row, before the command (``--company``'s).
    """
    frame = comparison.table()
    names = list(dict.fromkeys(a for chosen in comparison.axes.values() for a in chosen))
    position = frame.columns.get_loc("scenario") + 1
    frame.insert(position, "preset", frame.scenario.map(comparison.presets))
    for i, axis in enumerate(names):
        values = {row: chosen.get(axis) for row, chosen in comparison.axes.items()}
        frame.insert(position + 1 + i, axis, frame.scenario.map(values))
    switches = {row: " ".join(switch_labels(i)) for row, i in comparison.interventions.items()}
    frame.insert(position + 1 + len(names), "interventions", frame.scenario.map(switches))
    frame["overrides"] = " ".join(comparison.overrides)
    frame["seeds"] = " ".join(map(str, comparison.seeds))
    frame["years"] = comparison.years
    frame["commit"] = comparison.commit
    frame["versions"] = ";".join(f"{k}={v}" for k, v in comparison.versions.items())
    for column, value in (more or {}).items():
        frame[column] = value
    command = comparison.command("--format", "csv")
    if command:
        frame["command"] = command
    return frame.to_csv(index=False)
