"""A sweep's plan, and the one sweep a sweep directory holds (``sweep.json``).

:func:`check_sweep` validates every configuration a sweep will run and returns its
:class:`SweepPlan`. Before the first run, :func:`claim` records the plan in the directory's
``sweep.json``: the override lists it was started with and the command of each (with
``--config-dir`` for each outside config directory, also listed in ``config_dirs``), its runs,
and per configuration (the overrides other than the seed) the horizon and a hash of the
resolved configuration without the seed. Running into a directory:

- the same sweep (the same runs, resolving to the same configurations) resumes it;
- a different sweep stops with one line naming the directory, before anything is written;
- with ``merge=True`` (``salesculture sweep --merge``), a sweep that sets the same keys, keeps
  the values the directory holds fixed and has the same horizon adds its runs: ``sweep.json``
  records the union. A different horizon, a changed fixed setting or a configuration that now
  resolves differently is refused, so mixed horizons are never compared.

A sweep of a company's posterior draws (``sweep --company``) records the company; a merge must
be of the same company's draws.

A directory made before ``sweep.json`` existed is adopted if all its runs belong to the sweep.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from salesculture.sim.config.overrides import (
    SEED_KEY,
    configuration_of,
    count_runs,
    expand,
    override_key,
    seed_of,
    sweep_size,
    task_overrides,
)
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.config.validation import ConfigError, check_overrides
from salesculture.sim.runs.runfiles import SWEEP_FILE, read_runs, read_sweep, write_json

#: The version of ``sweep.json``'s layout.
FORMAT = 1

#: Launchers that come with an extra: the name's prefix, the plugin's module and the extra.
LAUNCHER_EXTRAS = {
    "ray": ("hydra_plugins.hydra_ray_launcher", "ray"),
    "slurm": ("hydra_plugins.hydra_submitit_launcher", "slurm"),
    "submitit": ("hydra_plugins.hydra_submitit_launcher", "slurm"),
}
#: The commands of SLURM that submitit needs to submit a sweep.
SLURM_COMMANDS = ("sbatch", "srun")


class SweepDirError(ConfigError):
    """A sweep that does not belong in the directory it was pointed at (one line)."""


@dataclass
class SweepPlan:
    """A checked sweep: its task overrides, its runs and each configuration, composed."""

    overrides: list[str]
    runs: list[list[str]]
    configurations: dict[tuple[str, ...], SimConfig]
    #: The company whose posterior draws the sweep runs (``sweep --company``), as recorded.
    company: dict[str, Any] | None = None

    def record(self) -> dict[str, Any]:
        """The plan as ``sweep.json`` records it."""
        from salesculture.sim.config import configdirs
        from salesculture.sim.runs.provenance import git_commit

        return {
            "format": FORMAT,
            "sweeps": [self.overrides],
            "commands": [configdirs.command_line(["sweep", *self.overrides])],
            **configdirs.record(),
            "runs": self.runs,
            "configurations": [
                {"overrides": list(key), "years": config.years, "hash": config_hash(config)}
                for key, config in self.configurations.items()
            ],
            "commit": git_commit(),
            **({"company": self.company} if self.company else {}),
        }


def config_hash(config: SimConfig) -> str:
    """A hash of the resolved configuration without its seed."""
    data = dataclasses.asdict(config)
    data.pop("seed", None)
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_launcher(overrides: list[str]) -> None:
    """Check a ``hydra/launcher=NAME`` override: a known launcher whose plugin is installed.

    Raises:
        ConfigError: naming the launcher and the choices, or the extra to install.
    """
    import importlib.util

    from salesculture.sim.config.configdirs import group_options

    names = [o.split("=", 1)[1] for o in overrides if o.lstrip("+").startswith("hydra/launcher=")]
    ours = group_options("hydra/launcher")
    known = sorted(
        {"basic", "joblib", "ray", "salesculture", "submitit_local", "submitit_slurm", *ours}
    )
    for name in names:
        if name not in known:
            raise ConfigError(
                f"hydra/launcher={name}: unknown launcher; choose one of {', '.join(known)}"
            )
        for prefix, (module, extra) in LAUNCHER_EXTRAS.items():
            if name.startswith(prefix) and importlib.util.find_spec(module) is None:
                raise ConfigError(
                    f"hydra/launcher={name}: needs the '{extra}' extra; "
                    f"install it with: pip install -e '.[{extra}]'"
                )
        check_slurm(name)


def check_slurm(launcher: str) -> None:
    """Refuse a launcher that submits to SLURM where SLURM's commands are not found.

    submitit would stop with a traceback once the sweep had started; this says it first.

    Raises:
        ConfigError: naming the launcher, what is missing and what to use instead.
    """
    import shutil

    submits = launcher == "submitit_slurm" or (
        launcher.startswith("slurm") and not launcher.endswith("_local")
    )
    missing = [command for command in SLURM_COMMANDS if shutil.which(command) is None]
    if submits and missing:
        raise ConfigError(
            f"hydra/launcher={launcher}: SLURM's {' and '.join(missing)} not found on this "
            "machine (run the sweep on the cluster's login node); to try the sweep here, use "
            "hydra/launcher=slurm_local (docs/scaling.md)"
        )


def check_size(overrides: list[str], max_runs: int | None = None) -> None:
    """Refuse a sweep without runs, or with more than ``max_runs``, before listing its runs.

    Raises:
        ConfigError: naming the override that sweeps over nothing, or the number of runs.
    """
    for text in task_overrides(overrides):
        if sweep_size(text) == 0:
            raise ConfigError(f"{text}: sweeps over no value, so the sweep has no runs")
    runs = count_runs(overrides)
    if max_runs is not None and runs > max_runs:
        raise ConfigError(
            f"the sweep has {runs:,} runs, more than --max-runs={max_runs:,}; split it into "
            "smaller sweeps (--merge adds new seeds to a sweep's directory) or raise --max-runs"
        )


def check_sweep(overrides: list[str], max_runs: int | None = None) -> SweepPlan:
    """Check a sweep's overrides and every configuration it will run; return its plan.

    The runs are those Hydra's sweeper makes: an experiment file's ``hydra.sweeper.params``
    (``experiment=NAME``), then the command line's overrides. Every distinct combination of
    the overrides other than ``seed`` is composed and validated; each seed is checked against
    the seed's own range. Nothing is written.

    Args:
        overrides: The sweep's overrides.
        max_runs: Refuse a sweep of more runs (:func:`check_size`); None: any number.

    Raises:
        ConfigError: one line naming the override, the value and what is allowed.
    """
    from salesculture.sim.config.compose import compose_config, sweeper_params, validated

    swept = [*sweeper_params(task_overrides(overrides)), *overrides]  # an experiment's axes too
    check_size(swept, max_runs)
    check_overrides(swept, allow_sweeps=True)
    check_launcher(overrides)
    runs = expand(swept)
    composed: dict[tuple[str, ...], SimConfig] = {}
    for run in runs:
        rest = [o for o in run if override_key(o) != SEED_KEY]
        seeds = [o.split("=", 1)[1] for o in run if override_key(o) == SEED_KEY]
        key = configuration_of(run)
        if key not in composed:
            composed[key] = compose_config(rest)
        for seed in seeds:
            try:
                value = int(seed)
            except ValueError:
                raise ConfigError(f"seed={seed!r}: must be an integer") from None
            validated(replace(composed[key], seed=value))
    check_distinct(swept, runs)
    return SweepPlan(task_overrides(overrides), runs, composed)


def check_distinct(swept: list[str], runs: list[list[str]]) -> None:
    """Refuse a sweep that would run one run twice (``seed=0,0,1``): it would count it twice.

    Raises:
        ConfigError: naming the override that lists a value twice.
    """
    seen: set[tuple] = set()
    for run in runs:
        seed = seed_of(run)
        key = (configuration_of(run), int(seed) if seed is not None else None)
        if key in seen:
            break
        seen.add(key)
    else:
        return
    for text in task_overrides(swept):
        values = [o.split("=", 1)[-1] for (o,) in expand([text])]
        if override_key(text) == SEED_KEY:
            values = [str(int(v)) for v in values]
        twice = next((v for i, v in enumerate(values) if v in values[:i]), None)
        if twice is not None:
            raise ConfigError(
                f"{text}: lists {override_key(text)}={twice} twice, so the sweep would run the "
                "same run twice; list each value once"
            )
    raise ConfigError(f"the sweep lists the run {' '.join(run)} twice; list each value once")


def _runs(record: dict[str, Any]) -> set[frozenset[str]]:
    return {frozenset(run) for run in record["runs"]}


def _hashes(record: dict[str, Any]) -> dict[tuple[str, ...], str]:
    return {tuple(c["overrides"]): c["hash"] for c in record["configurations"]}


def _years(record: dict[str, Any]) -> set[int]:
    return {c["years"] for c in record["configurations"]}


def _text(record: dict[str, Any]) -> str:
    return " | ".join(" ".join(sweep) for sweep in record["sweeps"])


def _changed(old: dict[str, Any], new: dict[str, Any]) -> tuple[str, ...] | None:
    """A configuration both records hold that resolves differently in them."""
    mine = _hashes(old)
    for key, value in _hashes(new).items():
        if key in mine and mine[key] != value:
            return key
    return None


def updated_record(directory: Path, plan: SweepPlan, merge: bool = False) -> dict | None:
    """What ``sweep.json`` must hold to run ``plan`` into ``directory``; None if it holds it.

    Raises:
        SweepDirError: one line naming the directory and how to proceed, if the directory holds
            another sweep (or, with ``merge``, one the plan cannot be merged with).
    """
    directory = Path(directory)
    new = plan.record()
    old = read_sweep(directory)
    if old is None:  # a new directory, or one made before sweep.json existed
        found = read_runs(directory) if directory.is_dir() else []
        foreign = [r for r in found if frozenset(r.get("overrides") or []) not in _runs(new)]
        if foreign:
            raise SweepDirError(
                f"{directory} holds runs of another sweep "
                f"({' '.join(foreign[0].get('overrides') or [foreign[0]['run']])}); "
                "use a new directory (hydra.sweep.dir=...)"
            )
        return new
    changed = _changed(old, new)
    if changed is not None:
        raise SweepDirError(
            f"{directory}: configuration '{' '.join(changed) or 'defaults'}' resolves differently "
            "than when its sweep started (a preset or default changed); use a new directory "
            "(hydra.sweep.dir=...)"
        )
    if _runs(new) == _runs(old):
        return None
    if not merge:
        raise SweepDirError(
            f"{directory} holds another sweep ({_text(old)}); use a new directory "
            "(hydra.sweep.dir=...), or --merge to add configurations of the same horizon"
        )
    _check_merge(directory, old, new)
    known = _runs(old)
    merged = dict(old)
    merged["sweeps"] = old["sweeps"] + [s for s in new["sweeps"] if s not in old["sweeps"]]
    commands = old.get("commands", [])
    merged["commands"] = commands + [c for c in new["commands"] if c not in commands]
    merged["runs"] = old["runs"] + [r for r in new["runs"] if frozenset(r) not in known]
    configurations = {tuple(c["overrides"]): c for c in old["configurations"]}
    for c in new["configurations"]:
        configurations.setdefault(tuple(c["overrides"]), c)
    merged["configurations"] = list(configurations.values())
    return merged


def _check_merge(directory: Path, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Refuse a merge that would mix horizons or change a setting the directory holds fixed."""
    refused = f"--merge into {directory} refused: "
    how = "; use a new directory (hydra.sweep.dir=...)"
    old_company = (old.get("company") or {}).get("name")
    new_company = (new.get("company") or {}).get("name")
    if old_company != new_company:
        raise SweepDirError(
            f"{refused}this sweep runs {_company(new_company)}, the directory's "
            f"{_company(old_company)}; results of different worlds cannot be pooled{how}"
        )
    old_years, new_years = _years(old), _years(new)
    if new_years != old_years:
        theirs = ",".join(map(str, sorted(new_years)))
        mine = ",".join(map(str, sorted(old_years)))
        raise SweepDirError(
            f"{refused}this sweep's horizon (years={theirs}) differs from the directory's "
            f"(years={mine}), and results of different horizons cannot be compared{how}"
        )
    old_keys = {override_key(o) for run in old["runs"] for o in run}
    new_keys = {override_key(o) for run in new["runs"] for o in run}
    if old_keys != new_keys:
        raise SweepDirError(
            f"{refused}this sweep sets {', '.join(sorted(new_keys))}, the directory's "
            f"{', '.join(sorted(old_keys))}; a merged sweep must set the same keys{how}"
        )
    values: dict[str, set[str]] = {}
    for run in old["runs"]:
        for o in run:
            values.setdefault(override_key(o), set()).add(o)
    for run in new["runs"]:
        for o in run:
            key = override_key(o)
            if key != SEED_KEY and len(values[key]) == 1 and o not in values[key]:
                (fixed,) = values[key]
                raise SweepDirError(
                    f"{refused}{o} differs from {fixed}, which the directory's sweep holds "
                    f"fixed (only swept keys and seeds may take new values){how}"
                )


def _company(name: str | None) -> str:
    return f"company {name}'s posterior draws" if name else "no company"


#: The sweep directories this process holds (open descriptors, locked): see :func:`lock`.
_LOCKS: dict[str, int] = {}


def lock(directory: Path) -> None:
    """Hold ``directory`` (created if missing) for this process until it ends.

    Two sweeps started at the same time into one directory would both find it free and run
    into it; the second to take the lock stops instead (:func:`sim.runs.paths.lock_directory`:
    nothing is written). Where the file system has no such locks, sweeps are not kept apart.

    Raises:
        SweepDirError: if another process holds the directory.
    """
    from salesculture.sim.runs.paths import lock_directory

    key = os.path.realpath(directory)
    if key in _LOCKS:
        return
    Path(directory).mkdir(parents=True, exist_ok=True)
    try:
        handle = lock_directory(Path(directory))
    except BlockingIOError:
        raise SweepDirError(
            f"{directory}: another sweep or run is writing into it; wait for it to end, or use "
            "a new directory (hydra.sweep.dir=...)"
        ) from None
    if handle is not None:
        _LOCKS[key] = handle


def claim(directory: Path, plan: SweepPlan, merge: bool = False) -> None:
    """Hold ``directory`` (:func:`lock`) and record ``plan`` in it before its first run.

    Raises:
        SweepDirError: as :func:`lock` and :func:`updated_record`, or if the directory cannot
            be written; nothing is written then but the (empty) directory.
    """
    from salesculture.sim.runs.paths import reason

    created = not Path(directory).exists()
    try:
        lock(directory)
        record = updated_record(directory, plan, merge)
        if record is not None:
            write_json(Path(directory) / SWEEP_FILE, record)
    except (SweepDirError, OSError) as error:
        held = os.path.realpath(directory)
        if created and held in _LOCKS and not any(Path(directory).iterdir()):
            Path(directory).rmdir()  # made by this claim and empty: leave nothing behind
            os.close(_LOCKS.pop(held))
        if isinstance(error, SweepDirError):
            raise
        why = reason(error)
        raise SweepDirError(f"{directory}: cannot record the sweep there: {why}") from None
