"""The reproducible experiments: where each one lives and the runs its design asks for.

An experiment ``NAME`` is three things:

- ``conf/experiment/NAME.yaml`` (``# @package _global_``): what it fixes (horizon, world) and,
  under ``hydra.sweeper.params``, its sweep axes and seeds; ``NAME_quick.yaml`` inherits it and
  states only what the reduced design (``--quick``) changes;
- ``experiments/NAME/analysis.py``: turns the runs' table into the README's table, figure and
  headline numbers (:mod:`sim.study.findings`);
- ``experiments/NAME/expected.json``: the headline numbers and their tolerances, written by
  ``salesculture reproduce NAME --write-expected`` (:mod:`sim.study.reproduce`).

The design is read through Hydra (the quick file's params merge over the full one's), then
expanded and checked exactly as ``salesculture sweep`` expands and checks a multirun
(:func:`sim.runs.sweepdir.check_sweep`): ``salesculture sweep experiment=NAME`` runs the same runs.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from salesculture.sim.config.errors import did_you_mean
from salesculture.sim.config.overrides import SEED_KEY, configuration_of, override_key
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.config.validation import ConfigError
from salesculture.sim.runs.provenance import REPO_ROOT

#: The config group of the experiments, and the suffix of a reduced design's file.
GROUP = "experiment"
QUICK = "_quick"
#: Where each experiment's README, analysis script and expected numbers live.
EXPERIMENTS_DIR = REPO_ROOT / "experiments"
ANALYSIS_FILE = "analysis.py"
#: The order experiments are listed in (others follow, alphabetically).
ORDER = (
    "leadership",
    "everybody_sells",
    "non_believers",
    "order_processing",
    "dual_approach",
    "boundaries",
    "full_factorial",
    "culture_dynamics",
    "transitions",
    "robustness",
)
EXPECTED_FILE = "expected.json"


@dataclass
class Experiment:
    """One experiment: its name, its one-line question and its files.

    A built-in experiment's files are in ``experiments/NAME/``; an experiment of an outside
    config directory ``DIR`` (``--config-dir``) keeps them beside its config files, in
    ``DIR/experiment/NAME/``.
    """

    name: str

    @property
    def folder(self) -> Path:
        """Where its README, analysis script and expected numbers are (:func:`folder_of`)."""
        return folder_of(self.name)

    @property
    def expected_path(self) -> Path:
        """``expected.json`` in the experiment's folder."""
        return self.folder / EXPECTED_FILE

    def config_name(self, quick: bool) -> str:
        """The option of the ``experiment`` group of the full or the reduced design."""
        return self.name + (QUICK if quick else "")

    def summary(self) -> str:
        """Its question: the first comment line of its config file, without its name."""
        from salesculture.sim.config.configdirs import option_file

        for line in option_file(GROUP, self.name).read_text().splitlines():
            text = line.lstrip("#").strip()
            if line.startswith("#") and text and not text.startswith("@package"):
                return text.removeprefix(f"{self.name} ")
        return ""

    def analysis(self) -> ModuleType:
        """The experiment's analysis script, imported as a module."""
        path = self.folder / ANALYSIS_FILE
        spec = importlib.util.spec_from_file_location(f"experiment_{self.name}", path)
        if spec is None or spec.loader is None:  # pragma: no cover (a missing file is checked)
            raise ConfigError(f"{path}: cannot be imported")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module


def folder_of(name: str) -> Path:
    """Where experiment ``name`` keeps its analysis script and expected numbers.

    ``experiments/NAME/`` for an experiment of ``conf/``; ``DIR/experiment/NAME/`` for one whose
    config file is in an outside config directory ``DIR`` (``conf/`` is searched first).
    """
    from salesculture.sim.config.configdirs import conf_dir, option_file

    path = option_file(GROUP, name)
    if path is None or path.parent.parent.resolve() == conf_dir().resolve():
        return EXPERIMENTS_DIR / name
    return path.parent / name


def names() -> list[str]:
    """Every experiment with a config, a reduced design and an analysis script, in order.

    Those of outside config directories in force (``--config-dir``) are included.
    """
    from salesculture.sim.config.configdirs import group_options

    options = set(group_options(GROUP))
    found = [
        name
        for name in options
        if not name.endswith(QUICK)
        and f"{name}{QUICK}" in options
        and (folder_of(name) / ANALYSIS_FILE).exists()
    ]
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(found, key=lambda name: (rank.get(name, len(ORDER)), name))


def get(name: str) -> Experiment:
    """The experiment called ``name``.

    Raises:
        ConfigError: one line naming the value and the experiments there are.
    """
    known = names()
    if name not in known:
        missing = missing_file(name)
        if missing is not None:
            raise ConfigError(
                f"reproduce: NAME={name!r}: {missing} is missing (an experiment needs its "
                f"{GROUP}/{name}.yaml, {GROUP}/{name}{QUICK}.yaml and {ANALYSIS_FILE}; "
                "docs/experiments.md)"
            )
        raise ConfigError(
            f"reproduce: NAME={name!r} is not an experiment; {did_you_mean(name, known)}"
            f"choose one of {', '.join(known)}"
        )
    return Experiment(name)


def missing_file(name: str) -> Path | None:
    """The file experiment ``name`` lacks, if its config file is there: quick design or script."""
    from salesculture.sim.config.configdirs import option_file

    path = option_file(GROUP, name)
    if path is None or name.endswith(QUICK):
        return None
    if option_file(GROUP, f"{name}{QUICK}") is None:
        return path.with_name(f"{name}{QUICK}.yaml")
    return folder_of(name) / ANALYSIS_FILE


@dataclass
class Design:
    """The runs of an experiment's full or reduced design, each composed and validated."""

    experiment: str
    quick: bool
    overrides: list[str]  #: the multirun's overrides: ``experiment=...`` and its sweep axes
    runs: list[list[str]]  #: one list of overrides per run, in Hydra's order
    configs: list[SimConfig]  #: the configuration of each run

    @property
    def swept(self) -> list[str]:
        """The keys the design sweeps, the seed last."""
        keys = [override_key(o) for o in self.overrides[1:]]
        return [k for k in keys if k != SEED_KEY] + [SEED_KEY]

    @property
    def seeds(self) -> list[int]:
        """The seeds of the design, in order."""
        return sorted({config.seed for config in self.configs})

    @property
    def years(self) -> int:
        """The horizon every run shares."""
        return self.configs[0].years


def with_experiment(overrides: list[str]) -> list[str]:
    """A multirun's overrides with the sweep axes of its ``experiment=NAME``, if it names one.

    The experiment's axes (:func:`sim.config.compose.sweeper_params`, outside config directories
    included) come first and an axis also given on the command line takes that value, as in
    Hydra's sweeper: the list expands to exactly the runs Hydra will launch.
    """
    from salesculture.sim.config.compose import sweeper_params

    if not any(override_key(o) == GROUP and "=" in o for o in overrides):
        return list(overrides)
    given = {override_key(o) for o in overrides}
    axes = [a for a in sweeper_params(overrides) if override_key(a) not in given]
    return [*axes, *overrides]


def design(name: str, quick: bool = False, max_runs: int | None = None) -> Design:
    """The checked runs of experiment ``name`` (its reduced design with ``quick``).

    Raises:
        ConfigError: one line, for an unknown experiment or a design that does not compose.
    """
    from salesculture.sim.runs.sweepdir import check_sweep

    experiment = get(name)
    head = f"{GROUP}={experiment.config_name(quick)}"
    overrides = [head, *(o for o in with_experiment([head]) if o != head)]
    plan = check_sweep(overrides, max_runs=max_runs)
    configs = []
    for run in plan.runs:
        seed = next(int(o.split("=", 1)[1]) for o in run if override_key(o) == SEED_KEY)
        configs.append(dataclasses.replace(plan.configurations[configuration_of(run)], seed=seed))
    years = {config.years for config in configs}
    if len(years) != 1:
        raise ConfigError(f"experiment {name}: every run must share one horizon, got {years}")
    return Design(name, quick, overrides, plan.runs, configs)
