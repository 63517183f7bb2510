"""Which runs may be aggregated together: one horizon, and one configuration per label.

:func:`sim.runs.aggregate.aggregate` refuses (:class:`AggregateError`) a directory whose runs
would be compared wrongly: no runs, runs of different horizons, two results of one configuration
and seed, or runs grouped as one configuration whose recorded configurations (``summary.json``'s
``config``) differ in anything but the seed. A label names only what the runs' overrides vary:
two parts of a sweep run with different fixed settings carry the same labels.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from salesculture.sim.runs.companyworld import DRAW_GROUP
from salesculture.sim.runs.compare import count


class AggregateError(ValueError):
    """A directory that cannot be aggregated: no runs, or runs that must not be compared."""


def settings_of(config: dict, prefix: str = "") -> dict[str, str]:
    """A run's recorded configuration as ``{dotted key: value as text}``, without the seed."""
    flat: dict[str, str] = {}
    for key, value in config.items():
        name = f"{prefix}{key}"
        if name == "seed":
            continue
        if isinstance(value, dict):
            flat.update(settings_of(value, f"{name}."))
        else:
            flat[name] = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return flat


def check_comparable(directory: Path, results: pd.DataFrame) -> None:
    """Refuse a directory whose runs would be compared wrongly (see :class:`AggregateError`)."""
    if results.empty:
        raise AggregateError(
            f"{directory}: no finished runs (no summary.json or failure.json found)"
        )
    years = sorted({int(y) for y in results.years.dropna()})
    if len(years) > 1:
        raise AggregateError(
            f"{directory}: holds runs of different horizons (years={','.join(map(str, years))}),"
            " which cannot be compared; aggregate each sweep's directory on its own"
        )
    done = results[results.status == "ok"]
    twice = done[done.duplicated(["configuration", *_draw(done), "seed"], keep=False)]
    if len(twice):
        first = twice.iloc[0]
        runs = ", ".join(twice[twice.configuration == first.configuration].run[:2])
        draw = f" {first[DRAW_GROUP]}" if _draw(done) else ""
        raise AggregateError(
            f"{directory}: holds two results of configuration {first.configuration!r}{draw} "
            f"seed {first.seed} ({runs}); aggregate each sweep's directory on its own"
        )


def _draw(results: pd.DataFrame) -> list[str]:
    """The posterior-draw column, if the runs are of a company's draws (``sweep --company``)."""
    return [DRAW_GROUP] if DRAW_GROUP in results.columns else []


def check_same_settings(
    directory: Path, results: pd.DataFrame, settings: dict[str, dict[str, str]]
) -> None:
    """Refuse runs grouped as one configuration whose recorded settings differ (seed aside).

    The label says only what the runs' overrides vary; two parts of a sweep run with different
    fixed settings (``market.customers``) carry the same labels and would be averaged together.
    In a sweep of a company's posterior draws, the runs of one draw are compared (the draws'
    fitted values differ by design).
    """
    groups = ["configuration", *_draw(results)]
    for key, runs in results.groupby(groups, sort=False, dropna=False).run:
        label = " ".join(map(str, key))
        known = [run for run in runs if run in settings]
        if not known:
            continue
        first = settings[known[0]]
        other = next((run for run in known if settings[run] != first), None)
        if other is None:
            continue
        second = settings[other]
        keys = [k for k in dict.fromkeys([*first, *second]) if first.get(k) != second.get(k)]
        where_first = _where(directory, [r for r in known if settings[r] == first])
        where_second = _where(directory, [r for r in known if settings[r] == second])
        shown = "; ".join(
            f"{k}: {first.get(k, 'unset')} in {where_first}, {second.get(k, 'unset')} in "
            f"{where_second}"
            for k in keys[:3]
        )
        more = f" (and {count(len(keys) - 3, 'other setting')})" if len(keys) > 3 else ""
        raise AggregateError(
            f"{directory}: runs of configuration {label!r} were run with different settings "
            f"({shown}{more}), so their results cannot be averaged; aggregate each part on its "
            "own, or run the parts with the same overrides"
        )


def _where(directory: Path, runs: list[str]) -> str:
    """Where ``runs`` lie: their common directory under ``directory``."""
    common = os.path.commonpath(runs) if len(runs) > 1 else runs[0]
    return str(directory / common) if common not in ("", ".") else str(directory)
