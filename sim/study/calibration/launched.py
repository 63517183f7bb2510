"""A fit's simulations as sweeps under any Hydra launcher (``calibrate --launcher NAME``).

A fit runs its simulations in batches (:mod:`sim.study.calibration.abc`). With a launcher, each
batch is a sweep of the project's own (``salesculture sweep``'s machinery: its plan, directory,
progress, Ctrl-C and resume), run by ``hydra/launcher=NAME`` on Ray, SLURM, joblib or any other:

- each simulation is one small ``# @package _global_`` config, ``FIT/points/calibration_point/
  pt_<run key>.yaml``: the company's world (its regime choices in a defaults list, its known
  facts) and whatever the simulation sets beyond it (the parameter values, the seed, the
  horizon). It is named by its run key (:func:`sim.runs.runcache.run_key`), so the same
  simulation is always the same file, written once;
- the batch's simulations are one sweep, ``+calibration_point=pt_a,pt_b,...``, into
  ``FIT/sweeps/batch_<hash>`` (named by its simulations: a batch stopped and run again finds
  its directory and skips the runs that finished); a batch of more than :data:`MOST_POINTS`
  simulations is split into sweeps of at most that many;
- each run's weekly series (``timeseries.parquet``) gives its figures
  (:func:`sim.study.calibration.figures.yearly_figures`), once its recorded configuration is
  checked to be the one intended (the same run key), and the fit's store keeps them.

The figures are those the worker pool computes, so a fit gives the same posterior, bit for
bit, under any launcher.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesculture.sim.config.schema import SimConfig
from salesculture.sim.runs.runcache import run_key

#: The config group of a fit's simulations, and the sweep axis that picks them.
POINT_GROUP = "calibration_point"
#: Where a fit's point configs go (a config directory), and its sweeps, under the fit directory.
POINTS_DIR = "points"
SWEEPS_DIR = "sweeps"
#: The most simulations one sweep runs; a larger batch is run as several sweeps.
MOST_POINTS = 1000

#: Runs a checked sweep (its plan, its overrides) with no table of its own; returns its exit
#: code, having handed the line that says why it stopped to ``say`` (message, code)
#: (:func:`sim.commands.sweep.launch_checked` with ``quiet=True``).
Sweep = Callable[..., int]


class BatchStopped(BaseException):  # noqa: N818 (a stop: not to be caught on the way up)
    """A batch's sweep stopped: the line that says why, and the command's exit code."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.message = message
        self.code = code


def _stopped(message: str, code: int) -> int:
    """Carry a sweep's reason for stopping up to the command line (:class:`BatchStopped`)."""
    raise BatchStopped(message, code)


def launcher_overrides(name: str, settings: list[str]) -> list[str]:
    """``hydra/launcher=NAME`` and each setting ``KEY=VALUE`` as ``hydra.launcher.KEY=VALUE``.

    A setting may start with ``+``: a key inside one of the launcher's settings that its config
    does not list (``+ray.init.object_store_memory=null``), kept in front.

    Raises:
        ConfigError: one line for a setting that is not ``KEY=VALUE``.
    """
    from salesculture.sim.config.errors import ConfigError

    overrides = [f"hydra/launcher={name}"]
    for text in settings:
        plus = text[: len(text) - len(text.lstrip("+"))]
        key, equals, value = text[len(plus) :].partition("=")
        key = key.removeprefix("hydra.launcher.")
        if not key or not equals or key.startswith("hydra"):
            raise ConfigError(
                f"--launcher-set={text}: give KEY=VALUE, a setting of the launcher "
                "(hydra.launcher.KEY), e.g. --launcher-set n_jobs=4"
            )
        overrides.append(f"{plus}hydra.launcher.{key}={value}")
    return overrides


def check_settings(name: str, settings: list[str]) -> None:
    """Check each ``--launcher-set`` against launcher ``name``'s own config, as Hydra applies it.

    Raises:
        ConfigError: one line naming the setting and the launcher's settings, for a key the
            launcher does not have (or, with ``+``, a key outside its settings), or a value
            Hydra cannot give it.
    """
    from salesculture.sim.config.compose import compose_hydra
    from salesculture.sim.config.errors import ConfigError

    overrides = launcher_overrides(name, settings)
    launcher = compose_hydra(overrides[:1]).hydra.launcher
    for text, override in zip(settings, overrides[1:], strict=True):
        key = override.lstrip("+").split("=", 1)[0].removeprefix("hydra.launcher.")
        adds = text.startswith("+")
        parent = key.rpartition(".")[0]
        if adds and _holds(launcher, parent) or not adds and _has(launcher, key):
            pass
        elif adds and not parent:
            raise ConfigError(
                f"--launcher-set={text}: +KEY=VALUE adds a key inside one of the launcher's "
                f"settings (+SETTING.KEY=VALUE); {_settings(name, launcher, '')}"
            )
        else:
            while parent and not _holds(launcher, parent):
                parent = parent.rpartition(".")[0]
            raise ConfigError(
                f"--launcher-set={text}: the {name} launcher has no setting "
                f"{key.rpartition('.')[0] if adds else key!r}; {_settings(name, launcher, parent)}"
            )
        try:
            compose_hydra([overrides[0], override])
        except Exception as error:  # Hydra's: a value it cannot give the setting
            cause = error.__cause__ or error
            detail = str(cause).strip().splitlines()[0]
            raise ConfigError(f"--launcher-set={text}: {detail}") from None


def _settings(name: str, launcher: Any, within: str) -> str:
    """What the launcher's settings (or those ``within`` one of them) are, in words."""
    from omegaconf import OmegaConf

    node = OmegaConf.select(launcher, within) if within else launcher
    keys = [str(k) for k in node if k != "_target_"]
    whose = f"{within}'s settings" if within else f"the {name} launcher's settings"
    return f"{whose}: {', '.join(keys)}" if keys else f"the {name} launcher has no settings"


def _holds(config: Any, key: str) -> bool:
    """Whether ``key`` (dotted; not the top) is a mapping of ``config``: one that holds keys."""
    from omegaconf import DictConfig, OmegaConf

    return bool(key) and isinstance(OmegaConf.select(config, key, default=None), DictConfig)


def _has(config: Any, key: str) -> bool:
    """Whether ``config`` has the dotted ``key`` (whatever its value, even null or missing)."""
    from omegaconf import DictConfig, OmegaConf

    parent, _, last = key.rpartition(".")
    node = OmegaConf.select(config, parent, default=None) if parent else config
    return isinstance(node, DictConfig) and last in list(node)  # "???" values too


def _differing(mine: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """The values of ``mine`` (nested) that differ from ``base``'s."""
    out: dict[str, Any] = {}
    for name, value in mine.items():
        other = base.get(name)
        if isinstance(value, dict) and isinstance(other, dict):
            inner = _differing(value, other)
            if inner:
                out[name] = inner
        elif value != other or type(value) is not type(other):
            out[name] = value
    return out


@dataclass
class LaunchedBatches:
    """A fit's batches of simulations run as sweeps (a :data:`store.Launch`).

    Args:
        company: The company's name (in the point configs' comment).
        world: The overrides making the company's world (what the fit's base config adds to
            ``conf/config.yaml``, the horizon aside).
        directory: The fit directory.
        launcher: Hydra's overrides choosing and setting the launcher (:func:`launcher_overrides`).
        sweep: Runs a checked sweep (:data:`Sweep`).
    """

    company: str
    world: list[str]
    directory: Path
    launcher: list[str]
    sweep: Sweep
    _base: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def points(self) -> Path:
        """The config directory of the fit's point configs."""
        return self.directory.resolve() / POINTS_DIR

    def point_config(self, config: SimConfig) -> str:
        """The text of ``config``'s point config: the world, then what ``config`` sets beyond it."""
        from salesculture.sim.config.compose import compose_config
        from salesculture.sim.runs.companyworld import global_config

        if self._base is None:
            self._base = dataclasses.asdict(compose_config(self.world))
        values = _differing(dataclasses.asdict(config), self._base)
        return global_config(
            self.world,
            f"Company {self.company}: one simulation of its fit (written by salesculture "
            "calibrate --launcher; the same simulation gives the same file).",
            values,
        )

    def __call__(
        self, configs: list[SimConfig], keep: Callable[[int, dict[str, float]], None]
    ) -> None:
        """Run ``configs`` (distinct) as sweeps; hand each one's figures to ``keep``, by position.

        Raises:
            KeyboardInterrupt: on Ctrl-C (the batch's finished runs are kept in its sweep).
            BatchStopped: a sweep that did not finish every run, or a run of another
                configuration than the one intended (one line, nothing kept of its batch).
        """
        from salesculture.sim.config import configdirs
        from salesculture.sim.runs.runfiles import atomic_write

        keys = [run_key(config) for config in configs]
        group = self.points / POINT_GROUP
        group.mkdir(parents=True, exist_ok=True)
        for key, config in zip(keys, configs, strict=True):
            path = group / f"pt_{key}.yaml"
            if not path.is_file():
                text = self.point_config(config)
                atomic_write(path, lambda tmp, text=text: Path(tmp).write_text(text))
        before = configdirs.use([self.points])  # recorded by every run: rerun works
        try:
            for start in range(0, len(configs), MOST_POINTS):
                chunk = slice(start, start + MOST_POINTS)
                for j, figures in enumerate(self._run(keys[chunk], configs[chunk])):
                    keep(start + j, figures)
        finally:
            configdirs.restore(before)  # the fit's own record names the user's directories only

    def _run(self, keys: list[str], configs: list[SimConfig]) -> list[dict[str, float]]:
        """One sweep of the simulations ``keys``; each one's figures."""
        from salesculture.sim.config.overrides import configuration_of, task_overrides
        from salesculture.sim.runs.sweepdir import SweepPlan

        names = [f"pt_{key}" for key in keys]
        batch = hashlib.sha256(",".join(names).encode()).hexdigest()[:12]
        where = self.directory.resolve() / SWEEPS_DIR / f"batch_{batch}"
        overrides = [
            f"+{POINT_GROUP}={','.join(names)}",
            *self.launcher,
            f"hydra.sweep.dir={where}",
        ]
        runs = [[f"+{POINT_GROUP}={name}"] for name in names]
        plan = SweepPlan(
            task_overrides(overrides),
            runs,
            {configuration_of(run): config for run, config in zip(runs, configs, strict=True)},
        )
        try:
            with contextlib.redirect_stdout(sys.stderr):  # the fit's own report stays on stdout
                self.sweep(plan, overrides, say=_stopped)
        except BatchStopped as stop:
            if stop.code == 130:  # said by the fit's store, in its one line
                raise KeyboardInterrupt from None
            raise
        return self._figures(where, names, keys)

    def _figures(self, where: Path, names: list[str], keys: list[str]) -> list[dict[str, float]]:
        """The figures of each run of the sweep in ``where``, checked to be the one intended."""
        import pandas as pd

        from salesculture.sim.runs.rerun import recorded_config
        from salesculture.sim.runs.runfiles import SUMMARY_FILE, TIMESERIES_FILE, read_runs
        from salesculture.sim.study.calibration.figures import yearly_figures

        records = {tuple(r.get("overrides") or ()): r for r in read_runs(where)}
        out = []
        for name, key in zip(names, keys, strict=True):
            record = records.get((f"+{POINT_GROUP}={name}",))
            if record is None or record["status"] != "ok":
                raise BatchStopped(
                    f"{where}: the run of {POINT_GROUP}={name} has no result; run the same "
                    "command again to finish the batch",
                )
            run_dir = where / record["run"]
            found = run_key(recorded_config(record, run_dir / SUMMARY_FILE))
            if found != key:
                raise BatchStopped(
                    f"{run_dir}: ran another configuration than the fit's simulation {name} "
                    f"(run key {found}); the launcher's workers must have the same code and "
                    "config directories as this machine",
                )
            out.append(yearly_figures(pd.read_parquet(run_dir / TIMESERIES_FILE)))
        return out
