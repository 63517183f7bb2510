"""A company's fitted world as the commands run it (``--company NAME``).

A fit (:func:`sim.config.posterior.load_posterior`) gives the company's world (what it knows
for certain, the regime it runs) and a posterior sample of the parameters it could not observe.
Commands run in that world in two ways:

- at its centre (:func:`centre`): the world and the posterior mean, as overrides; what the
  sensitivity screening and the live page stand on;
- at each of ``n`` posterior draws (:func:`draw_configs`): one small ``# @package _global_``
  config per draw, in the config group :data:`DRAW_GROUP` of the directory
  ``FIT_DIR/configs/``, that a sweep adds as an axis (``+company_draw=draw00of20,...``).

The company's world is the ground every configuration stands on: what a configuration sets
itself wins over it. A key the user sets on the command line wins in every command. A regime
axis that a configuration's preset (or experiment) chooses wins where the command composes
each preset on its own (sensitivity, the live page, :func:`ground`); a sweep's draw configs
apply the world over its presets, so a sweep whose preset chooses an axis the world also sets
is refused (:func:`check_presets_kept`). Its table pools a configuration's draws and seeds
(:func:`replicate_pairs`, :func:`pooling_note`). Importing this module loads neither Hydra nor
pandas.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesculture.sim.config.errors import ConfigError
from salesculture.sim.config.schema import REGIME_AXES

if TYPE_CHECKING:
    import pandas as pd

    from salesculture.sim.config.posterior import Posterior

#: The config group of a company's posterior draws, and the sweep axis that picks one.
DRAW_GROUP = "company_draw"
#: Where a fit's draw configs are written, under its fit directory.
CONFIGS_DIR = "configs"
#: How many posterior draws a sweep runs unless ``--draws`` says otherwise.
DEFAULT_DRAWS = 20
#: The posterior range over which sensitivity screens a fitted parameter (weighted quantiles).
RANGE = (0.05, 0.95)


def _key(text: str) -> str:
    return text.split("=", 1)[0].lstrip("+~")


def centre(posterior: Posterior) -> list[str]:
    """The company's world and the posterior mean of its fitted parameters, as overrides."""
    from salesculture.sim.config.posterior import point_overrides

    return [*posterior.world, *point_overrides(posterior.mean())]


def world_axes(overrides: Iterable[str]) -> dict[str, str]:
    """The regime axes the overrides choose (``leadership=sales_driven``), by axis."""
    return {_key(o): o.split("=", 1)[1] for o in overrides if _key(o) in REGIME_AXES and "=" in o}


def preset_axes(chooser: Iterable[str]) -> dict[str, str]:
    """The regime axes a preset or experiment (``scenario=sales_led``) chooses itself.

    Those whose option differs from the one ``conf/config.yaml`` chooses, composed.
    """
    from salesculture.sim.config.configdirs import extra_dirs

    return dict(_preset_axes(tuple(chooser), tuple(map(str, extra_dirs()))))


@functools.lru_cache(maxsize=256)
def _preset_axes(chooser: tuple[str, ...], dirs: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    from salesculture.sim.config.compose import compose_with_choices

    if not chooser:
        return ()
    _, default = compose_with_choices([])
    _, chosen = compose_with_choices(list(chooser))
    return tuple((a, chosen[a]) for a in REGIME_AXES if chosen.get(a) != default.get(a))


def ground(
    overrides: list[str], chooser: Iterable[str] = (), keys: Iterable[str] = ()
) -> list[str]:
    """The company's ``overrides`` a configuration stands on.

    Args:
        overrides: The company's overrides (:func:`centre`).
        chooser: What chooses the configuration's regime (``scenario=sales_led``): an axis it
            chooses itself is left to it.
        keys: Keys the user sets (``--set``): left to the user.
    """
    taken = set(keys) | set(preset_axes(chooser))
    return [o for o in overrides if _key(o) not in taken]


def posterior_range(posterior: Posterior, name: str) -> tuple[float, float]:
    """The 5 and 95 % weighted quantiles of parameter ``name`` in the posterior sample.

    Each is the smallest particle value whose cumulative weight (particles sorted by value)
    reaches the level: at most 5 % of the weight lies below the first, at most 5 % above the
    second.
    """
    import numpy as np

    values = posterior.sample[name].to_numpy(dtype=float)
    weights = posterior.sample["weight"].to_numpy(dtype=float)
    order = np.argsort(values, kind="stable")
    values, weights = values[order], weights[order]
    cumulative = np.cumsum(weights) / weights.sum()
    low, high = (
        float(values[min(np.searchsorted(cumulative, level - 1e-12), len(values) - 1)])
        for level in RANGE
    )
    return low, high


def check_draws(draws: int) -> None:
    """Refuse fewer than one posterior draw (``--draws``)."""
    if draws < 1:
        raise ConfigError(f"--draws={draws}: must be at least 1 (posterior draws per combination)")


def draw_name(index: int, draws: int) -> str:
    """The name of draw ``index`` of ``draws``: ``draw03of20`` (a draw is one of its design)."""
    return f"draw{index:0{max(2, len(str(draws - 1)))}d}of{draws}"


def _nested(overrides: list[str]) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """Overrides as a defaults list (config groups chosen) and nested values.

    Raises:
        ConfigError: one line for an override a config file cannot hold (a sweep, a deletion).
    """
    from hydra.core.override_parser.overrides_parser import OverridesParser

    from salesculture.sim.config.configdirs import config_groups

    groups = set(config_groups())
    defaults: list[dict[str, str]] = []
    values: dict[str, Any] = {}
    parser = OverridesParser.create()
    for text in overrides:
        try:
            override = parser.parse_overrides([text])[0]
        except Exception:
            raise ConfigError(f"company world: {text}: not an override (KEY=VALUE)") from None
        if override.is_sweep_override() or override.is_delete():
            raise ConfigError(f"company world: {text}: must set one value (KEY=VALUE)")
        key = override.key_or_group
        if key in groups:
            defaults.append({f"override /{key}": str(override.value())})
            continue
        *path, leaf = key.split(".")
        target = values
        for part in path:
            target = target.setdefault(part, {})
        target[leaf] = override.value()
    return defaults, values


def draw_config(posterior: Posterior, index: int, overrides: list[str]) -> str:
    """The text of draw ``index``'s config: the company's world and the draw's values."""
    return global_config(
        overrides,
        f"Company {posterior.company}: its world and posterior draw {index} "
        "(written by salesculture from the fit; the same fit gives the same file).",
    )


def global_config(
    overrides: list[str], comment: str, values: dict[str, Any] | None = None
) -> str:
    """The text of a ``# @package _global_`` config that sets ``overrides``, then ``values``.

    Config groups the overrides choose go in its defaults list (``override /headcount:
    fixed``), the other overrides and the nested ``values`` (set over them) in its body.

    Raises:
        ConfigError: one line for an override a config file cannot hold (a sweep, a deletion).
    """
    import yaml

    defaults, nested = _nested(overrides)
    _merge(nested, values or {})
    body: dict[str, Any] = {}
    if defaults:
        body["defaults"] = [*defaults, "_self_"]
    body.update(nested)
    head = f"# @package _global_\n# {comment}\n"
    return head + yaml.safe_dump(body, sort_keys=False, default_flow_style=False)


def _merge(target: dict[str, Any], values: dict[str, Any]) -> None:
    for name, value in values.items():
        if isinstance(value, dict) and isinstance(target.get(name), dict):
            _merge(target[name], value)
        else:
            target[name] = value


@dataclass
class Draws:
    """A company's ``n`` posterior draws as config files: their texts and where they go."""

    posterior: Posterior
    names: list[str]
    texts: dict[str, str]

    @property
    def directory(self) -> Path:
        """The config directory that holds the draw configs (``FIT_DIR/configs``)."""
        return (self.posterior.directory / CONFIGS_DIR).resolve()

    def axis(self) -> str:
        """The sweep axis that runs every draw: ``+company_draw=draw00of20,...``."""
        return f"+{DRAW_GROUP}={','.join(self.names)}"

    def write(self, directory: Path | None = None) -> int:
        """Write each draw config (atomically) where it is missing or differs; how many."""
        from salesculture.sim.runs.runfiles import atomic_write

        group = (directory or self.directory) / DRAW_GROUP
        group.mkdir(parents=True, exist_ok=True)
        written = 0
        for name in self.names:
            path, text = group / f"{name}.yaml", self.texts[name]
            if path.is_file() and path.read_text() == text:
                continue
            atomic_write(path, lambda tmp, text=text: Path(tmp).write_text(text))
            written += 1
        return written

    @contextlib.contextmanager
    def staged(self) -> Iterator[Path]:
        """While inside, the draw configs are in force from a temporary directory.

        A sweep is checked against them before anything is written into the fit directory.
        """
        from salesculture.sim.config import configdirs

        temporary = Path(tempfile.mkdtemp(prefix="salesculture-draws-"))
        try:
            self.write(temporary)
            before = configdirs.use([temporary])
            try:
                yield temporary
            finally:
                configdirs.restore(before)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)

    def record(self) -> dict[str, Any]:
        """What a sweep's record (``sweep.json``) says of the company."""
        return {
            "name": self.posterior.company,
            "fit": str(self.posterior.directory),
            "draws": len(self.names),
            "world": list(self.posterior.world),
            "parameters": list(self.posterior.parameters),
        }


def draw_configs(posterior: Posterior, draws: int) -> Draws:
    """The configs of ``draws`` posterior draws (:meth:`Posterior.draws`), not yet written.

    Raises:
        ConfigError: one line for ``draws`` below 1 or a world a config file cannot hold.
    """
    from salesculture.sim.config.posterior import point_overrides

    check_draws(draws)
    names = [draw_name(i, draws) for i in range(draws)]
    texts = {
        name: draw_config(posterior, i, [*posterior.world, *point_overrides(point)])
        for i, (name, point) in enumerate(zip(names, posterior.draws(draws), strict=True))
    }
    return Draws(posterior, names, texts)


def check_presets_kept(posterior: Posterior, runs: list[list[str]]) -> None:
    """Refuse a sweep whose preset or experiment chooses an axis the company's world sets.

    The draw configs apply the company's world over every run, presets included: such a preset
    would run the company's option under its own name.

    Args:
        posterior: The company's fit.
        runs: The sweep's runs (their task overrides, without the draw axis).

    Raises:
        ConfigError: naming the preset, the axis, both options and what to sweep instead.
    """
    from salesculture.sim.config.configdirs import config_groups

    world = world_axes(posterior.world)
    if not world:
        return
    groups = set(config_groups()) - set(REGIME_AXES)
    seen: set[tuple[str, ...]] = set()
    for run in runs:
        user = {_key(o) for o in run}
        chooser = tuple(o for o in run if _key(o) in groups)
        if chooser in seen:
            continue
        seen.add(chooser)
        for axis, option in preset_axes(chooser).items():
            if axis in world and axis not in user and world[axis] != option:
                raise ConfigError(
                    f"{' '.join(chooser)}: chooses {axis}={option}, but company "
                    f"{posterior.company}'s world sets {axis}={world[axis]}, which would replace "
                    f"it in every run; sweep the axis instead ({axis}={world[axis]},{option})"
                )


def replicate_pairs(done: pd.DataFrame) -> list[int]:
    """What pairs each run of a sweep with its like in other configurations.

    Its seed; in a sweep of a company's posterior draws, where a configuration's runs of every
    draw and seed are pooled, its draw and seed (the pairs numbered in their order).
    """
    seeds = [int(s) for s in done.seed]
    if DRAW_GROUP not in done.columns:
        return seeds
    pairs = list(zip(done[DRAW_GROUP].astype(str), seeds, strict=True))
    number = {pair: i for i, pair in enumerate(sorted(set(pairs)))}
    return [number[pair] for pair in pairs]


def pooling_note(record: dict[str, Any] | None, results: pd.DataFrame) -> str | None:
    """What a sweep's table says of the company whose draws it pooled (None for another sweep).

    Args:
        record: The sweep's ``sweep.json``, if any (its ``company``).
        results: One row per run (:func:`sim.runs.aggregate.results_table`).
    """
    from salesculture.sim.runs.compare import count

    if DRAW_GROUP not in results.columns:
        return None
    done = results[results.status == "ok"]
    draws, seeds = done[DRAW_GROUP].nunique(), done.seed.nunique()
    company = (record or {}).get("company") or {}
    name = f"company {company['name']}" if company.get("name") else "a company"
    world = " ".join(company.get("world") or [])
    fitted = ", ".join(company.get("parameters") or [])
    return (
        f"{name}: its world{f' ({world})' if world else ''} and {count(draws, 'posterior draw')}"
        f"{f' of {fitted}' if fitted else ''}\n"
        f"each row pools {count(draws, 'draw')} x {count(seeds, 'seed')}: its interval carries "
        "parameter uncertainty and luck; differences pair runs of the same draw and seed"
    )
