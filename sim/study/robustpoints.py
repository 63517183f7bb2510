"""The robustness experiment's parameter points: ``robustness.point=P`` as parameter values.

A point is one row of a Latin hypercube sample (McKay, Beckman & Conover 1979; scipy's
``qmc.LatinHypercube``) of ``robustness.points`` rows over the screening ranges of
:mod:`sim.study.screening`: every assumed parameter that the regime options of :data:`AXES` set
alike, its configured value ±50 % inside its valid range. The sample is drawn from the fixed
``robustness.sample_seed``, so point P means the same values in every process.

:func:`resolve` is called on every composed configuration that sets a point or records its
values (:func:`sim.config.compose.to_sim_config`), which finds it through the entry point
``robustness`` of the group ``salesculture.resolvers`` (``pyproject.toml``): composing never
imports this module. It sets each screened parameter to the point's value and records them all
in ``robustness.values``; a configuration that already records values (a recorded run repeated)
takes exactly those.
"""

from __future__ import annotations

import copy
import functools

import numpy as np

from salesculture.sim.config.schema import REGIME_AXES, SimConfig
from salesculture.sim.config.validation import ConfigError
from salesculture.sim.study.screening import Factor, default_names, factors, with_values

#: The regime axes whose options the robustness experiment compares: a parameter is screened
#: only if every option of each of these axes sets it alike.
AXES = ("leadership", "incentives", "people", "process", "boundaries")


def regime_variants(config: SimConfig) -> dict[str, SimConfig]:
    """``config`` and a copy of it for every option of every axis of :data:`AXES`."""
    from salesculture.sim.config.compose import compose_option
    from salesculture.sim.config.validation import group_options

    variants = {"configured": config}
    for axis in AXES:
        assert axis in REGIME_AXES
        for option in group_options(axis):
            variant = copy.deepcopy(config)
            setattr(variant, axis, compose_option(axis, option))
            variants[f"{axis}={option}"] = variant
    return variants


def screened(config: SimConfig) -> list[Factor]:
    """The factors a point sets, with ranges centred on ``config``'s values (no point set).

    The names are :func:`sim.study.screening.default_names` over :func:`regime_variants`; the ranges
    are :func:`sim.study.screening.factors` of ``config``.
    """
    variants = regime_variants(config)
    return factors({"configured": config}, default_names(variants))


@functools.lru_cache(maxsize=8)
def unit_sample(points: int, dimensions: int, seed: int) -> np.ndarray:
    """The Latin hypercube sample in the unit cube: ``points`` rows, ``dimensions`` columns."""
    from scipy.stats import qmc

    sample = qmc.LatinHypercube(d=dimensions, rng=np.random.default_rng(seed)).random(points)
    sample.setflags(write=False)
    return sample


def point_values(config: SimConfig) -> dict[str, float | int]:
    """The parameter values of ``config.robustness.point``, by dotted name.

    Raises:
        ConfigError: if the point is not one of the sample's ``points`` rows.
    """
    spec = config.robustness
    if not 0 <= spec.point < spec.points:
        raise ConfigError(
            f"robustness.point={spec.point}: must be -1 (none) or in [0, {spec.points - 1}] "
            f"(robustness.points={spec.points})"
        )
    found = screened(config)
    row = unit_sample(spec.points, len(found), spec.sample_seed)[spec.point]
    return {f.name: f.cast(f.low + u * (f.high - f.low)) for f, u in zip(found, row, strict=True)}


def apply(config: SimConfig, values: dict[str, float | int]) -> SimConfig:
    """A copy of ``config`` with each named parameter set to its value and ``values`` recorded.

    Raises:
        ConfigError: for a name that is not a screenable parameter of the configuration.
    """
    from salesculture.sim.config.params import iter_params

    current = {name: value for name, value, _, _ in iter_params(config)}
    chosen = []
    for name in values:
        value = current.get(name)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ConfigError(f"robustness.values: {name!r} is not a numeric parameter")
        integer = isinstance(value, int)
        chosen.append(Factor(name, "", value, value, value, integer, "", ""))
    config = with_values(config, chosen, [values[f.name] for f in chosen], config.seed)
    config.robustness.values = {f.name: f.cast(values[f.name]) for f in chosen}
    return config


def resolve(config: SimConfig) -> SimConfig:
    """``config`` with its robustness point's values set; untouched without a point."""
    spec = config.robustness
    if spec.point == -1 and not spec.values:
        return config
    values = dict(spec.values) if spec.values else point_values(config)
    return apply(config, values)
