"""Measure each mechanism's effect alone on paired seeds and write the evidence table.

For every contrast of ``contrasts.py`` the control and the treatment configuration run on the
same seeds ``0..N-1`` (common random numbers: each seed gives both arms the same customers and the
same luck), and the contrast's measure compares the two. Identical configurations are run once
per seed, however many contrasts share them (most share the baseline as control).

Usage (from the repository root)::

    python experiments/evidence/measure.py --seeds 10 --years 5 --jobs 2 --out docs/evidence.md

``--only KEY[,KEY]`` runs some contrasts; ``--set key=value`` (repeatable) adds a Hydra override
to every configuration (e.g. ``market.customers=2000`` for a quick try). The table is written
between the markers ``<!-- BEGIN GENERATED: evidence -->`` and ``<!-- END GENERATED: evidence -->``
of the output file; text around them is kept.

Measures (``measure=`` of a contrast, a call such as ``relative_change(wins)``): a *quantity* is a
summary metric (``revenue``, ``believer_share``, ``delivery_delay``, ...), else the sum over weeks
of a weekly column (``wins``, ``booked_annual_value``, ...); ``mean:COL`` and ``last:COL`` take a
column's weekly mean or last value. Per-seed measures give one number per seed from that seed's
control and treatment run; the effect is their mean with a 95 % t-interval. Pooled measures
(elasticities) are computed once from all seeds' results (ratio of means), with a 95 % jackknife
interval over seeds.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import math
import multiprocessing
import shlex
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from experiments.evidence.contrasts import CONTRASTS, Contrast, select  # noqa: E402
from salesculture.sim.config.rates import WEEKS_PER_QUARTER, WEEKS_PER_YEAR, years_elapsed  # noqa: E402
from salesculture.sim.runs import docblocks  # noqa: E402
from salesculture.sim.runs.stats import mean_interval  # noqa: E402

SECTION = "evidence"
TITLE = "Evidence: published effects and the model's"
BEGIN, END = docblocks.markers(SECTION)
DEFAULT_OUT = Path("docs/evidence.md")
#: Workers start clean ("spawn"): forking a process that already runs threads (progress bar,
#: BLAS) can deadlock. Each worker imports the model once and is reused for all its runs.
_CONTEXT = multiprocessing.get_context("spawn")


class EvidenceError(RuntimeError):
    """A problem with a contrast or a run, described in one line."""


class Result(Protocol):
    """What a run gives a measure (``sim.runs.runner.RunResult`` or a test's fake)."""

    metrics: dict[str, float]
    timeseries: pd.DataFrame


# --- quantities and measures ---------------------------------------------------------------------


def quantity(result: Result, name: str) -> float:
    """One number of a run: a summary metric, or a weekly column's sum (``mean:``/``last:``)."""
    how, _, column = name.partition(":") if ":" in name else ("", "", name)
    if not how and name in result.metrics:
        return float(result.metrics[name])
    ts = result.timeseries
    if column not in ts.columns:
        raise KeyError(
            f"{name!r} is neither a summary metric nor a weekly column "
            f"(metrics: {', '.join(result.metrics)})"
        )
    if how in ("", "sum"):
        return float(ts[column].sum())
    if how == "mean":
        return float(ts[column].mean())
    if how == "last":
        return float(ts[column].iloc[-1])
    raise KeyError(f"{name!r}: unknown aggregation {how!r}; use sum:, mean: or last:")


def _divide(a: float, b: float) -> float:
    return a / b if b != 0 else math.nan


def _logit(p: float) -> float:
    return math.log(p / (1 - p)) if 0 < p < 1 else math.nan


@dataclass(frozen=True)
class Measure:
    """A parsed measure spec: ``fn(control, treatment)``, or ``fn(controls, treatments)``."""

    spec: str
    fn: Callable[..., float]
    pooled: bool = False


#: Measure factories by name: ``name -> (factory, pooled)``; a factory takes the spec's arguments.
MEASURES: dict[str, tuple[Callable[..., Callable[..., float]], bool]] = {}


def register(name: str, pooled: bool = False):
    """Register a measure factory under ``name`` (``pooled``: it takes lists of results)."""

    def wrap(factory):
        MEASURES[name] = (factory, pooled)
        return factory

    return wrap


@register("relative_change")
def relative_change(q: str):
    """Treatment over control minus one, per seed (unit ``%``: 0.12 = +12 %)."""
    return lambda c, t: _divide(quantity(t, q), quantity(c, q)) - 1


@register("difference")
def difference(q: str):
    """Treatment minus control, per seed (e.g. a change of a share)."""
    return lambda c, t: quantity(t, q) - quantity(c, q)


@register("ratio")
def ratio(q: str):
    """Treatment over control, per seed (unit ``x``)."""
    return lambda c, t: _divide(quantity(t, q), quantity(c, q))


@register("log_ratio")
def log_ratio(q: str):
    """ln(treatment / control), per seed."""

    def fn(c: Result, t: Result) -> float:
        r = _divide(quantity(t, q), quantity(c, q))
        return math.log(r) if r > 0 else math.nan

    return fn


@register("logit_difference")
def logit_difference(q: str):
    """logit(treatment) - logit(control) of a probability such as ``win_rate`` (log-odds)."""
    return lambda c, t: _logit(quantity(t, q)) - _logit(quantity(c, q))


@register("half_time")
def half_time(q: str):
    """Years until the paired difference of weekly column ``q`` first reaches half its final level.

    The difference (treatment - control) is smoothed over a quarter; its final level is the mean
    over the last year. A difference that never reaches it gives the horizon.
    """

    def fn(c: Result, t: Result) -> float:
        diff = (
            (t.timeseries[q] - c.timeseries[q])
            .rolling(WEEKS_PER_QUARTER, min_periods=1)
            .mean()
            .to_numpy()
        )
        final = float(np.mean(diff[-WEEKS_PER_YEAR:]))
        if final <= 0:
            return math.nan
        reached = np.flatnonzero(diff >= final / 2)
        return float(years_elapsed(reached[0] + 1 if len(reached) else len(diff)))

    return fn


@register("elasticity", pooled=True)
def elasticity(q: str, factor: float):
    """ln(mean treatment / mean control) / ln(factor), over all seeds (pooled)."""
    if factor <= 0 or factor == 1:
        raise ValueError(f"elasticity factor must be positive and not 1, got {factor}")

    def fn(controls: Sequence[Result], treatments: Sequence[Result]) -> float:
        c = float(np.mean([quantity(r, q) for r in controls]))
        t = float(np.mean([quantity(r, q) for r in treatments]))
        return math.log(t / c) / math.log(factor) if c > 0 and t > 0 else math.nan

    return fn


@register("relative_change_of_means", pooled=True)
def relative_change_of_means(q: str):
    """mean treatment / mean control - 1, over all seeds (pooled; for noisy small counts)."""

    def fn(controls: Sequence[Result], treatments: Sequence[Result]) -> float:
        c = float(np.mean([quantity(r, q) for r in controls]))
        t = float(np.mean([quantity(r, q) for r in treatments]))
        return _divide(t, c) - 1

    return fn


def _argument(text: str) -> Any:
    text = text.strip().strip("'\"")
    try:
        return float(text)
    except ValueError:
        return text


def parse_measure(spec: str) -> Measure:
    """Turn ``"name(arg, ...)"`` into a :class:`Measure`; ValueError in one line if it cannot."""
    name, paren, rest = spec.strip().partition("(")
    name = name.strip()
    if name not in MEASURES:
        raise ValueError(f"unknown measure {name!r}; known: {', '.join(sorted(MEASURES))}")
    if not paren or not rest.rstrip().endswith(")"):
        raise ValueError(f"measure {spec!r}: write it as {name}(arg, ...)")
    inner = rest.rstrip()[:-1]
    args = [_argument(a) for a in inner.split(",")] if inner.strip() else []
    factory, pooled = MEASURES[name]
    try:
        fn = factory(*args)
    except TypeError as error:
        raise ValueError(f"measure {spec!r}: {error}") from None
    return Measure(spec=spec, fn=fn, pooled=pooled)


def jackknife_interval(
    estimate: Callable[[list[int]], float], n: int, level: float = 0.95
) -> tuple[float, float, float]:
    """Estimate on all ``n`` seeds and a t-interval from the leave-one-seed-out jackknife."""
    from scipy import stats

    full = estimate(list(range(n)))
    if n < 2 or not math.isfinite(full):
        return full, math.nan, math.nan
    leave_out = np.array([estimate([j for j in range(n) if j != i]) for i in range(n)])
    if not np.all(np.isfinite(leave_out)):
        return full, math.nan, math.nan
    se = math.sqrt((n - 1) / n * float(((leave_out - leave_out.mean()) ** 2).sum()))
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * se
    return full, full - half, full + half


def paired_effect(
    measure: Measure, controls: Sequence[Result], treatments: Sequence[Result]
) -> dict[str, Any]:
    """The effect of one contrast from its runs, ``controls[i]`` and ``treatments[i]`` on seed i.

    Returns mean, 95 % interval bounds, the per-seed values (per-seed measures; None if pooled)
    and how many seeds gave a finite value.
    """
    if len(controls) != len(treatments):
        raise ValueError("controls and treatments must pair one to one by seed")
    if measure.pooled:

        def on(seeds: list[int]) -> float:
            return measure.fn([controls[i] for i in seeds], [treatments[i] for i in seeds])

        mean, low, high = jackknife_interval(on, len(controls))
        return {"mean": mean, "ci_low": low, "ci_high": high, "values": None, "n": len(controls)}
    values = [float(measure.fn(c, t)) for c, t in zip(controls, treatments, strict=True)]
    mean, low, high = mean_interval(np.array(values))
    finite = sum(math.isfinite(v) for v in values)
    return {"mean": mean, "ci_low": low, "ci_high": high, "values": values, "n": finite}


# --- configurations and runs ---------------------------------------------------------------------


def _arm_text(overrides: Sequence[str]) -> str:
    return " ".join(overrides) if overrides else "(baseline: no overrides)"


def _config_key(config) -> str:
    """Identity of a configuration apart from its seed (for deduplication)."""
    plain = dataclasses.asdict(dataclasses.replace(config, seed=0))
    return json.dumps(plain, sort_keys=True, default=str)


def _run_job(args: tuple[Callable | None, Any]) -> Any:
    """Run one configuration (in a worker process)."""
    simulate, config = args
    if simulate is None:
        from salesculture.sim.runs.runner import simulate
    return simulate(config)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def run_contrasts(
    contrasts: Iterable[Contrast],
    seeds: int,
    years: int,
    jobs: int = 1,
    overrides: Sequence[str] = (),
    simulate: Callable | None = None,
    progress: bool = False,
) -> list[dict[str, Any]]:
    """Run every contrast on seeds ``0..seeds-1`` and measure its paired effect.

    Each distinct configuration (control or treatment, after composition; identical ones shared
    across contrasts) runs once per seed, in a pool of ``jobs`` reused worker processes.

    Args:
        contrasts: The contrasts to measure.
        seeds: Number of paired seeds.
        years: Horizon of every run.
        jobs: Worker processes (1: run in this process).
        overrides: Hydra overrides applied to every configuration before the contrast's own.
        simulate: ``simulate(config) -> result`` (default ``sim.runs.runner.simulate``); must be a
            module-level function when ``jobs > 1``.
        progress: Show a progress bar on stderr.

    Returns:
        One dict per contrast: its fields, ``mean``, ``ci_low``, ``ci_high``, ``inside``,
        ``values`` (per seed, or None for pooled measures), ``n``, ``seeds``, ``warning``.

    Raises:
        EvidenceError: one line naming the contrast and the configuration that failed.
    """
    from salesculture.sim.config.compose import compose_config

    contrasts = list(contrasts)
    if seeds < 1:
        raise EvidenceError(f"seeds={seeds}: must be at least 1")
    duplicates = sorted({c.key for c in contrasts if [d.key for d in contrasts].count(c.key) > 1})
    if duplicates:
        raise EvidenceError(f"contrast keys must be unique; repeated: {', '.join(duplicates)}")
    measures = {}
    for c in contrasts:
        try:
            measures[c.key] = parse_measure(c.measure)
        except ValueError as error:
            raise EvidenceError(f"contrast {c.key!r}: {error}") from None

    composed: dict[tuple[str, ...], Any] = {}  # override list -> config
    configs: dict[str, Any] = {}  # config key -> config (seed 0)
    arms: dict[tuple[str, str], str] = {}  # (contrast key, arm) -> config key
    users: dict[str, list[tuple[str, str, list[str]]]] = {}  # config key -> (contrast, arm, ovr)
    for c in contrasts:
        for arm, own in (("control", c.control), ("treatment", c.treatment)):
            full = (f"years={years}", *overrides, *own)
            if full not in composed:
                try:
                    composed[full] = compose_config(list(full))
                except Exception as error:
                    raise EvidenceError(
                        f"contrast {c.key!r}: {arm} config [{_arm_text(own)}]: {_first_line(error)}"
                    ) from None
            config = composed[full]
            key = _config_key(config)
            configs.setdefault(key, config)
            arms[(c.key, arm)] = key
            users.setdefault(key, []).append((c.key, arm, list(own)))

    jobs_list = [(key, seed) for seed in range(seeds) for key in configs]
    results: dict[tuple[str, int], Any] = {}

    def failed(key: str, seed: int, error: BaseException) -> EvidenceError:
        who = "; ".join(
            f"contrast {name!r} {arm} config [{_arm_text(own)}]" for name, arm, own in users[key]
        )
        return EvidenceError(f"run failed: {who}, seed={seed}: {_first_line(error)}")

    from tqdm import tqdm

    bar = tqdm(
        total=len(jobs_list),
        unit="run",
        file=sys.stderr,
        disable=not progress or None,
        desc="evidence",
        leave=False,
    )
    workers = max(1, min(jobs, len(jobs_list)))
    try:
        if workers == 1:
            for key, seed in jobs_list:
                config = dataclasses.replace(configs[key], seed=seed)
                try:
                    results[(key, seed)] = _run_job((simulate, config))
                except Exception as error:
                    raise failed(key, seed, error) from error
                bar.update(1)
        else:
            with ProcessPoolExecutor(max_workers=workers, mp_context=_CONTEXT) as pool:
                futures = {
                    pool.submit(
                        _run_job, (simulate, dataclasses.replace(configs[key], seed=seed))
                    ): (key, seed)
                    for key, seed in jobs_list
                }
                for future in as_completed(futures):
                    key, seed = futures[future]
                    try:
                        results[(key, seed)] = future.result()
                    except Exception as error:
                        pool.shutdown(wait=False, cancel_futures=True)
                        raise failed(key, seed, error) from error
                    bar.update(1)
    finally:
        bar.close()

    rows = []
    for c in contrasts:
        control_key, treatment_key = arms[(c.key, "control")], arms[(c.key, "treatment")]
        controls = [results[(control_key, s)] for s in range(seeds)]
        treatments = [results[(treatment_key, s)] for s in range(seeds)]
        try:
            effect = paired_effect(measures[c.key], controls, treatments)
        except Exception as error:
            raise EvidenceError(
                f"contrast {c.key!r}: measure {c.measure!r}: {_first_line(error)}"
            ) from None
        row = dataclasses.asdict(c)
        row.update(effect)
        row["pooled"] = measures[c.key].pooled
        row["inside"] = c.inside(effect["mean"])
        row["seeds"] = list(range(seeds))
        row["years"] = years
        row["distinct_configs"] = len(configs)
        row["runs"] = len(jobs_list)
        same = control_key == treatment_key
        row["warning"] = "control and treatment are the same configuration" if same else ""
        rows.append(row)
    return rows


# --- the table -----------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _code_list(overrides: Sequence[str]) -> str:
    return ", ".join(f"`{o}`" for o in overrides) if overrides else "baseline"


def format_table(rows: list[dict[str, Any]], contrasts: Sequence[Contrast] | None = None) -> str:
    """The Markdown table of the measured rows (``contrasts`` default: rebuilt from the rows)."""
    by_key = {c.key: c for c in (contrasts or [])}
    lines = [
        "| mechanism | published effect | source | range the evidence supports "
        "| model effect (mean, 95 % interval) | inside? | how isolated |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    fields = {f.name for f in dataclasses.fields(Contrast)}
    for row in rows:
        c = by_key.get(row["key"]) or Contrast(**{k: row[k] for k in fields})
        interval = f"[{c.fmt(row['ci_low'])}, {c.fmt(row['ci_high'])}]"
        effect = f"{c.fmt(row['mean'])} {interval}"
        if row.get("pooled"):
            effect += " (pooled)"
        if row.get("warning"):
            inside = f"n/a ({row['warning']})"
        elif not math.isfinite(row["mean"]):
            inside = "n/a"
        else:
            inside = "yes" if row["inside"] else "**no**"
        isolated = (
            f"{c.note}; measure `{c.measure}` ({c.unit}); control: {_code_list(c.control)}; "
            f"treatment: {_code_list(c.treatment)}"
        )
        lines.append(
            "| "
            + " | ".join(
                _cell(x)
                for x in (
                    f"{c.mechanism} (`{c.key}`)",
                    c.published,
                    c.source,
                    c.range_text,
                    effect,
                    inside,
                    isolated,
                )
            )
            + " |"
        )
    return "\n".join(lines)


def render(rows: list[dict[str, Any]], command: str, overrides: Sequence[str] = ()) -> str:
    """The generated block: table, how to read it, the command and the date."""
    if rows:
        n, years = len(rows[0]["seeds"]), rows[0]["years"]
        runs, distinct = rows[0]["runs"], rows[0]["distinct_configs"]
    else:
        n = years = runs = distinct = 0
    lines = [
        format_table(rows),
        "",
        f"Paired seeds 0..{n - 1}, {years} year{'s' if years != 1 else ''} per run; "
        f"{distinct} distinct configurations, "
        f"{runs} runs. Model effect: mean over seeds of the per-seed paired measure with a 95 % "
        "t-interval; *(pooled)* measures (elasticities) are computed from the means over seeds, "
        "with a 95 % jackknife interval. *inside?*: the mean lies in the range the evidence "
        "supports. `%` effects are relative changes (treatment / control - 1).",
    ]
    if overrides:
        lines += ["", "**Overrides on every configuration:** " + _code_list(overrides)]
    lines += ["", f"Produced by `{command}` on {dt.date.today().isoformat()}."]
    return "\n".join(lines)


def splice(existing: str | None, block: str, name: str = "the output file") -> str:
    """``existing`` with the evidence section replaced by ``block`` (docblocks' ``splice``).

    Raises:
        EvidenceError: if the markers are not exactly one BEGIN followed by one END.
    """
    try:
        return docblocks.splice(existing, SECTION, block, TITLE, name)
    except docblocks.MarkerError as error:
        raise EvidenceError(str(error)) from None


def write_block(path: Path, block: str) -> None:
    """Write ``block`` as the evidence section of ``path``, atomically."""
    try:
        docblocks.write_block(path, SECTION, block, TITLE)
    except docblocks.MarkerError as error:
        raise EvidenceError(str(error)) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the contrasts and write the evidence table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="paired seeds 0..N-1")
    parser.add_argument("--years", type=int, default=5, help="horizon of every run")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--only", default="", metavar="KEY[,KEY]", help="contrasts to run")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="Markdown file to update")
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="Hydra override for every configuration (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.seeds < 1:
        parser.error("--seeds must be at least 1")
    raw = sys.argv[1:] if argv is None else list(argv)
    command = f"python experiments/evidence/measure.py {shlex.join(raw)}".strip()
    start = time.perf_counter()
    try:
        contrasts = select(args.only, CONTRASTS)
        rows = run_contrasts(
            contrasts, args.seeds, args.years, args.jobs, args.overrides, progress=True
        )
        block = render(rows, command, args.overrides)
        write_block(args.out, block)
    except (EvidenceError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(block)
    print(f"\nwrote {args.out} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
