"""``salesculture rerun PATH``: repeat a recorded run and say whether its metrics are identical.

A run's ``summary.json`` (:meth:`sim.runs.runner.RunResult.summary`) records its resolved
configuration, seed, label, the settings each regime switch installed, the package versions
and the git commit. The run is repeated from that record, not by composing its preset again
(presets and defaults may have changed since): the recorded configuration is validated and
run, and a switch installs the recorded settings. Every summary metric is then compared with
the recorded one, exactly (NaN equals NaN).
"""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any

from salesculture.sim.config.validation import ConfigError
from salesculture.sim.runs.runfiles import SUMMARY_FILE

#: Fields a summary has whatever its metrics.
REQUIRED = ("config", "seed", "commit", "versions")


def summary_path(text: str) -> Path:
    """The ``summary.json`` that ``text`` names: the file, or a run directory holding one.

    Raises:
        ConfigError: one line for a path that does not exist or holds no summary.
    """
    path = Path(text)
    if not text.strip():
        raise ConfigError("rerun: PATH is empty; give a summary.json or a run directory")
    if path.is_dir():
        if not (path / SUMMARY_FILE).is_file():
            raise ConfigError(
                f"{path}: holds no {SUMMARY_FILE}; give a run's directory or its {SUMMARY_FILE} "
                "(a sweep's runs are in its subdirectories)"
            )
        return path / SUMMARY_FILE
    if not path.exists():
        raise ConfigError(f"{path}: no such file or directory")
    return path


def read_summary(path: Path) -> dict[str, Any]:
    """The record in ``path``, checked to be a run's summary.

    Raises:
        ConfigError: one line if it is not JSON or not a summary of a run.
    """
    try:
        record = json.loads(path.read_text())
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a run's summary (not text)") from None
    except ValueError as error:
        raise ConfigError(f"{path}: not a run's summary (not JSON: {error})") from None
    if not isinstance(record, dict):
        raise ConfigError(f"{path}: not a run's summary (not a JSON object)")
    missing = [key for key in REQUIRED if key not in record]
    if missing or not isinstance(record.get("config"), dict):
        raise ConfigError(
            f"{path}: not a run's summary (no {', '.join(missing or ['config'])}); "
            f"a run's {SUMMARY_FILE} is written by 'salesculture run' or 'sweep'"
        )
    return record


def recorded_config(record: dict[str, Any], where: Path):
    """The recorded configuration as a validated :class:`sim.config.schema.SimConfig`.

    Raises:
        ConfigError: naming the file, if the record no longer fits the configuration's schema.
    """
    from omegaconf import OmegaConf

    from salesculture.sim.config.compose import to_sim_config
    from salesculture.sim.config.schema import SimConfig

    try:
        merged = OmegaConf.merge(OmegaConf.structured(SimConfig), record["config"])
        return to_sim_config(merged)
    except ConfigError as error:
        raise ConfigError(f"{where}: the recorded configuration does not fit: {error}") from None
    except Exception as error:
        first = str(error).strip().splitlines()[0]
        raise ConfigError(f"{where}: the recorded configuration does not fit: {first}") from None


def recorded_switches(record: dict[str, Any]) -> dict[tuple[str, str], Any]:
    """The settings each recorded switch installed, by (axis, option)."""
    from omegaconf import OmegaConf

    from salesculture.sim.config.schema import SimConfig

    sections = {}
    for switch in record.get("switches") or []:
        axis, option, settings = switch.get("axis"), switch.get("to"), switch.get("settings")
        if not (axis and option and isinstance(settings, dict)):
            continue
        kind = type(getattr(SimConfig(), axis))
        sections[axis, option] = OmegaConf.to_object(
            OmegaConf.merge(OmegaConf.structured(kind), settings)
        )
    return sections


def same(a: Any, b: Any) -> bool:
    """Exact equality of two metric values; NaN (or JSON's null) equals NaN."""

    def missing(x: Any) -> bool:
        return x is None or (isinstance(x, float) and math.isnan(x))

    if missing(a) or missing(b):
        return missing(a) and missing(b)
    return a == b


def differences(recorded: dict[str, Any], now: dict[str, float]) -> list[str]:
    """One line per metric whose value now differs from the recorded one."""
    from salesculture.sim.world.metrics import SUMMARY_METRICS

    return [
        f"  {name}: recorded {recorded[name]!r}, now {now[name]!r}"
        for name in SUMMARY_METRICS
        if name in recorded and not same(recorded[name], now[name])
    ]


def provenance_notes(record: dict[str, Any]) -> list[str]:
    """One line if the commit differs from the recorded one, one if package versions do."""
    from salesculture.sim.runs.provenance import git_commit, versions

    notes = []
    commit = git_commit()
    if record["commit"] != commit:
        notes.append(f"commit differs: recorded {record['commit']}, now {commit}")
    elif commit.endswith("-dirty"):
        notes.append(f"commit {commit}: uncommitted changes then and now; the code may differ")
    recorded = record.get("versions") or {}
    current = versions()
    changed = [
        f"{name} {current.get(name, 'not installed')} (recorded {recorded[name]})"
        for name in recorded
        if recorded[name] != current.get(name, "not installed")
    ]
    if changed:
        notes.append(f"package versions differ: {', '.join(changed)}")
    return notes


def rerun(text: str) -> int:
    """Repeat the run recorded in ``text`` and report; 0 when every metric is identical, else 1.

    Raises:
        ConfigError: one line for a path that is not a run's summary.
    """
    from salesculture.sim.config.configdirs import pinned_options
    from salesculture.sim.runs.runner import simulate
    from salesculture.sim.world.metrics import SUMMARY_METRICS

    path = summary_path(text)
    record = read_summary(path)
    with pinned_options(recorded_switches(record)):
        config = recorded_config(record, path)
        config = dataclasses.replace(config, seed=int(record["seed"]))
        name = record.get("scenario") or config.scenario.name
        years = "year" if config.years == 1 else "years"
        print(f"rerun of {path}: {name}, seed {config.seed}, {config.years} {years}")
        for note in provenance_notes(record):
            print(note)
        result = simulate(config, progress=True, label=name)
    compared = [m for m in SUMMARY_METRICS if m in record]
    differing = differences(record, result.metrics)
    if not compared:
        print("no metric recorded to compare")
        return 1
    if not differing:
        print(f"identical: all {len(compared)} metrics equal the recorded ones")
        return 0
    print(f"differs: {len(differing)} of {len(compared)} metrics")
    print("\n".join(differing))
    return 1
