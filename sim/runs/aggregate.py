"""Aggregate a sweep directory into one table and a report (``salesculture aggregate DIR``).

A sweep directory holds one directory per run with ``summary.json`` (finished) or
``failure.json`` (failed), at any depth, so directories copied back from several machines can be
merged and aggregated together. :func:`aggregate` writes, atomically:

- ``results.parquet``: one row per run (columns in ``docs/results.md``);
- ``report.md`` and ``report.png``: per configuration of the swept values, the mean and 95 %
  interval of each metric, and the difference against the first configuration, paired by seed
  where the seeds match.

The rows follow the sweep's order as ``sweep.json`` records it (:mod:`sim.runs.sweepdir`; else
Hydra's ``multirun.yaml``). A directory without runs, with runs of different horizons, with runs
grouped as one configuration whose recorded configurations differ in anything but the seed (parts
of a sweep run with different settings), or with two results of one configuration and seed is
refused (:class:`AggregateError`) and nothing is written.
Aggregating is a pure function of the run directories: run again, it gives the same table. It
reads files only: importing this module does not import the model (:mod:`sim.world.model`).
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml
from omegaconf import OmegaConf

from salesculture.sim.config.overrides import expand, override_key
from salesculture.sim.runs.companyworld import DRAW_GROUP, pooling_note, replicate_pairs
from salesculture.sim.runs.comparable import (  # noqa: F401 (AggregateError: raised from here)
    AggregateError,
    check_comparable,
    check_same_settings,
    settings_of,
)
from salesculture.sim.runs.compare import PLOT_SERIES, Comparison, count, plot_series
from salesculture.sim.runs.comparetable import format_table
from salesculture.sim.runs.runfiles import (
    TIMESERIES_FILE,
    atomic_write,
    read_runs,
    read_sweep,
    write_parquet,
)
from salesculture.sim.world.metrics import ROLLING_INPUTS, SUMMARY_METRICS

RESULTS_FILE = "results.parquet"
#: The keys whose runs of one configuration are pooled and paired: the seed and, in a sweep of
#: a company (``sweep --company``), the posterior draw.
REPLICATES = ("seed", DRAW_GROUP)
REPORT_FILE = "report.md"
PLOT_FILE = "report.png"
#: What draws a comparison's figure into a file (:func:`sim.views.plots.plot_comparison`).
Plot = Callable[[Comparison, Path], None]
#: Columns that come before the swept parameters and the metrics.
FIXED_COLUMNS = (
    "run",
    "configuration",
    "overrides",
    "scenario",
    "seed",
    "years",
    "status",
    "error",
)


@dataclass
class SweepReport:
    """The aggregated sweep: its table, its comparison and counts."""

    directory: Path
    results: pd.DataFrame
    comparison: Comparison | None
    table: str
    expected: int | None  #: runs the sweep asked for, if ``multirun.yaml`` tells

    @property
    def ok(self) -> int:
        """Runs that finished with results."""
        return int((self.results.status == "ok").sum()) if len(self.results) else 0

    @property
    def failed(self) -> int:
        """Runs that raised and were recorded as failed."""
        return int((self.results.status == "failed").sum()) if len(self.results) else 0

    def show(self) -> None:
        """Print the table on stdout and where the files are on stderr."""
        print(self.table)
        print(f"results: {self.directory / RESULTS_FILE}", file=sys.stderr)
        print(f"report:  {self.directory / REPORT_FILE}", file=sys.stderr)


def _sweep_overrides(directory: Path) -> list[list[str]] | None:
    """The task overrides the sweep (or the merged sweeps) were started with.

    From ``sweep.json``, or else Hydra's ``multirun.yaml``.
    """
    record = read_sweep(directory)
    if record is not None:
        return [list(sweep) for sweep in record["sweeps"]]
    path = directory / "multirun.yaml"
    if not path.exists():
        return None
    saved = OmegaConf.load(path)
    task = OmegaConf.select(saved, "hydra.overrides.task")
    return [[str(o) for o in task]] if task is not None else None


def _planned(directory: Path) -> list[list[str]] | None:
    """The runs the sweep asked for, in its order, if the directory tells."""
    record = read_sweep(directory)
    if record is not None:
        return [list(run) for run in record["runs"]]
    sweeps = _sweep_overrides(directory)
    return None if sweeps is None else [run for sweep in sweeps for run in expand(sweep)]


def _value(override: str) -> object:
    text = override.split("=", 1)[1] if "=" in override else ""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return value if isinstance(value, str | int | float | bool) else text


def results_table(directory: Path) -> tuple[pd.DataFrame, int | None]:
    """One row per run found under ``directory``, in the sweep's order; and the runs expected."""
    table, expected, _, _ = _results(directory)
    return table, expected


def _results(
    directory: Path,
) -> tuple[pd.DataFrame, int | None, dict[str, dict[str, str]], list[list[str]]]:
    """:func:`results_table`, with each run's settings and the runs' overrides.

    The settings are those recorded, the seed aside (:func:`sim.runs.comparable.settings_of`);
    the overrides those planned, if the directory tells, else those the runs recorded.
    """
    records = read_runs(directory)
    sweep = _planned(directory)
    order: dict[tuple[str, ...], int] = {}
    planned = [r.get("overrides", []) for r in records]
    if sweep is not None:
        planned = sweep
        order = {tuple(sorted(run)): i for i, run in enumerate(planned)}
    records.sort(
        key=lambda r: (order.get(tuple(sorted(r.get("overrides", []))), math.inf), r["run"])
    )
    keys: list[str] = []
    for record in records:
        for override in record.get("overrides", []):
            if override_key(override) not in keys:
                keys.append(override_key(override))
    varying = _varying(planned)

    rows = []
    for record in records:
        overrides = record.get("overrides", [])
        by_key = {override_key(o): o for o in overrides}
        row = {
            "run": record["run"],
            "configuration": _label(by_key, varying) or str(record.get("scenario")),
            "overrides": " ".join(overrides),
            "scenario": record.get("scenario"),
            "seed": record.get("seed"),
            "years": record.get("years"),
            "status": record["status"],
            "error": record.get("error"),
        }
        for key in keys:
            if key not in FIXED_COLUMNS and key not in SUMMARY_METRICS:
                row[key] = _value(by_key[key]) if key in by_key else None
        for metric in SUMMARY_METRICS:
            row[metric] = record.get(metric, math.nan)
        row["commit"] = record.get("commit")
        row["versions"] = _versions_text(record.get("versions"))
        rows.append(row)
    table = _typed(pd.DataFrame(rows, columns=_columns(keys)), records)
    settings = {
        r["run"]: settings_of(r["config"]) for r in records if isinstance(r.get("config"), dict)
    }
    expected = len(order) if sweep is not None else None
    return table, expected, settings, planned


def fixed_overrides(planned: list[list[str]]) -> list[str]:
    """The overrides every run has alike, the seed aside (``market.customers=2000 years=1``)."""
    if not planned:
        return []
    common = [o for o in planned[0] if override_key(o) != "seed"]
    return [o for o in common if all(o in run for run in planned[1:])]


def _varying(planned: list[list[str]]) -> list[str]:
    """The keys that take more than one value over the runs, the seed and posterior draw aside."""
    values: dict[str, set[str]] = {}
    for run in planned:
        for override in run:
            values.setdefault(override_key(override), set()).add(override)
    return [k for k, seen in values.items() if k not in REPLICATES and len(seen) > 1]


def _planned_configurations(directory: Path) -> list[str]:
    """The configurations the sweep asked for, in its order, labelled as in the table."""
    planned = _planned(directory)
    if planned is None:
        return []
    varying = _varying(planned)
    labels = (_label({override_key(o): o for o in run}, varying) for run in planned)
    return [label for label in dict.fromkeys(labels) if label]


def _label(by_key: dict[str, str], varying: list[str]) -> str:
    """A run's configuration: its swept values other than the seed (a preset by its name)."""
    if varying == ["scenario"] and "scenario" in by_key:
        return str(_value(by_key["scenario"]))
    return " ".join(by_key[k] for k in varying if k in by_key)


def _typed(table: pd.DataFrame, records: list[dict]) -> pd.DataFrame:
    """Give the table stable column types.

    Integer counts stay integers beside missing values, other metrics are floats, and a swept
    column of mixed types becomes text.
    """
    for column in table.columns:
        kinds = {type(v) for v in table[column] if v is not None and v == v}
        if column not in SUMMARY_METRICS and len(kinds) > 1:
            table[column] = table[column].map(lambda v: None if v is None else str(v))
    for column in ("seed", "years", *SUMMARY_METRICS):
        values = [r[column] for r in records if r.get(column) is not None]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            table[column] = table[column].astype("Int64")
        elif column in SUMMARY_METRICS:
            table[column] = table[column].astype("float64")
    return table


def _columns(keys: list[str]) -> list[str]:
    swept = [k for k in keys if k not in FIXED_COLUMNS and k not in SUMMARY_METRICS]
    return [*FIXED_COLUMNS, *swept, *SUMMARY_METRICS, "commit", "versions"]


def _versions_text(versions: dict | None) -> str | None:
    """A run's package versions in one cell: ``python=3.12.1;mesa=3.5.1;...``."""
    if not versions:
        return None
    return ";".join(f"{name}={version}" for name, version in versions.items())


def _versions(results: pd.DataFrame) -> dict[str, str]:
    """The package versions of every run, if all runs share them (else each mixed one says so)."""
    found: dict[str, set[str]] = {}
    for text in results.versions.dropna():
        for item in str(text).split(";"):
            name, _, version = item.partition("=")
            found.setdefault(name, set()).add(version)
    return {name: " / ".join(sorted(values)) for name, values in found.items()}


#: The plotted weekly series (:func:`sim.runs.compare.plot_series`) of runs this process just saw
#: finish, by run directory (absolute): the salesculture launcher's workers return them, so
#: the report does not read every run's series back. Runs not found here are read.
KNOWN_SERIES: dict[Path, pd.DataFrame] = {}


def _series(path: Path) -> pd.DataFrame:
    """A run's plotted weekly series: known (:data:`KNOWN_SERIES`) or read from its directory."""
    known = KNOWN_SERIES.get(Path(os.path.abspath(path)))
    if known is not None:
        return known.copy()
    return plot_series(_read_weekly(path / TIMESERIES_FILE))


def _read_weekly(path: Path) -> pd.DataFrame:
    """The weekly columns a plot needs (series written by older code may lack some)."""
    import pyarrow.parquet as pq

    present = set(pq.read_schema(path).names)
    wanted = dict.fromkeys([*ROLLING_INPUTS, *PLOT_SERIES])
    return pd.read_parquet(path, columns=[c for c in wanted if c in present])


def _comparison(directory: Path, results: pd.DataFrame) -> Comparison | None:
    """The swept configurations as a :class:`Comparison` of their successful runs."""
    done = results[results.status == "ok"]
    if done.empty:
        return None
    labels = list(dict.fromkeys(done.configuration))
    pairs = replicate_pairs(done)
    weekly = []
    for run, label, pair in zip(done.run, done.configuration, pairs, strict=True):
        series = _series(directory / run)
        series.insert(0, "seed", pair)
        series.insert(0, "scenario", label)
        weekly.append(series)
    runs = done[["configuration", *SUMMARY_METRICS]].rename(columns={"configuration": "scenario"})
    runs.insert(1, "seed", pairs)
    years = sorted({int(y) for y in done.years})
    return Comparison(
        scenarios=labels,
        seeds=sorted({int(s) for s in done.seed}),
        years=years[0] if len(years) == 1 else "/".join(map(str, years)),
        metrics=list(SUMMARY_METRICS),
        runs=runs.reset_index(drop=True),
        weekly=pd.concat(weekly, ignore_index=True),
        subject="configuration",
        planned=_planned_configurations(directory),
        commit=", ".join(sorted({str(c) for c in done.commit if isinstance(c, str)})),
        versions=_versions(done),
    )


def aggregate(directory: Path, write: bool = True, plot: Plot | None = None) -> SweepReport:
    """Aggregate the runs under ``directory``; write the table and the report unless told not to.

    Nothing is written if the directory cannot be aggregated.

    Args:
        directory: The sweep directory.
        write: Write ``results.parquet`` and ``report.md`` (and the figure).
        plot: What draws the figure ``report.png`` of the comparison (the command line passes
            :func:`sim.views.plots.plot_comparison`); without it no figure is drawn and the
            report names none.

    Raises:
        FileNotFoundError: if ``directory`` does not exist.
        AggregateError: one line, if it holds runs that must not be compared
            (:mod:`sim.runs.comparable`).
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"{directory}: no such directory")
    results, expected, settings, planned = _results(directory)
    check_comparable(directory, results)
    check_same_settings(directory, results, settings)
    comparison = _comparison(directory, results)
    table = _status_line(results, expected)
    fixed = fixed_overrides(planned)
    if fixed:
        table += f"\nevery run: {' '.join(fixed)}"
    company = pooling_note(read_sweep(directory), results)
    if company:
        table += f"\n{company}"
    if comparison is not None:
        comparison.overrides = fixed
    if comparison is not None:
        table += "\n" + format_table(comparison)
    report = SweepReport(directory, results, comparison, table, expected)
    if write:
        _write(report, plot)
    return report


def _status_line(results: pd.DataFrame, expected: int | None) -> str:
    ok = int((results.status == "ok").sum())
    failed = int((results.status == "failed").sum())
    line = f"{count(len(results), 'run')}: {ok} ok, {failed} failed"
    if expected is not None and expected > len(results):
        line += f", {expected - len(results)} not finished (run the sweep again to finish them)"
    return line


def _write(report: SweepReport, plot: Plot | None) -> None:
    directory = report.directory
    write_parquet(report.results, directory / RESULTS_FILE)
    drawn = report.comparison is not None and plot is not None
    if drawn:
        plot(report.comparison, directory / PLOT_FILE)
    text = _markdown(report, drawn)
    atomic_write(directory / REPORT_FILE, lambda tmp: Path(tmp).write_text(text))


def _markdown(report: SweepReport, drawn: bool) -> str:
    sweep = _sweep_overrides(report.directory)
    results = report.results
    lines = ["# Sweep report", ""]
    if sweep is not None:
        merged = " (merged sweeps)" if len(sweep) > 1 else ""
        lines.append(f"Overrides{merged}: " + "; ".join(f"`{' '.join(s)}`" for s in sweep))
        lines.append("")
    commits = sorted({c for c in results.commit.dropna()})
    if commits:
        lines.append(f"Code: commit {', '.join(commits)}")
        lines.append("")
    versions = _versions(results)
    if versions:
        lines.append("Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
        lines.append("")
    lines += ["```text", report.table, "```", ""]
    lines.append(
        "Mean and 95 % interval (Student t) over seeds; differences are against the first "
        "configuration, paired by seed on the seeds both have; `*` marks a difference whose "
        "interval excludes 0."
    )
    lines.append("")
    if drawn:
        lines += [f"![trajectories and paired differences]({PLOT_FILE})", ""]
    failed = results[results.status == "failed"]
    if len(failed):
        lines += ["## Failed runs", "", "| run | error |", "| --- | --- |"]
        lines += [f"| `{r}` | {e} |" for r, e in zip(failed.run, failed.error, strict=True)]
        lines += ["", "Each failed run's `failure.json` holds the traceback.", ""]
    lines += [
        "## Files",
        "",
        f"- `{RESULTS_FILE}`: one row per run (columns: {', '.join(results.columns)}).",
        "- `<run>/summary.json`: a run's metrics, resolved config, seed, versions and commit.",
        "- `<run>/timeseries.parquet`: its weekly series.",
        "",
    ]
    return "\n".join(lines)
