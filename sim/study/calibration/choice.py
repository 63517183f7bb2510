"""Which parameters a fit estimates, and their priors.

A company's figures can pin down only the parameters that move them. Unless the profile or the
command names the parameters, a Morris screening (the project's sensitivity method) decides: every
numeric mechanism parameter that the company's world does not set and no scenario preset sets
differently (a fitted value must not overrule a regime; a parameter sized from published evidence
too, as the evidence gives a typical company's value, not this company's) moves across its prior
range along a few trajectories, and each parameter's effect on each observed figure (Morris mu*, the
mean absolute elementary effect) is measured in standard deviations of that observation. A
parameter's score is the root mean square of these over the observations; the highest scores are
fitted. The prior of each fitted parameter is uniform over its screening range: its configured value
times 1 -/+ 50 %, inside its documented valid range (:func:`sim.study.screening.factors`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from salesculture.sim.config.compose import compose_config
from salesculture.sim.config.configdirs import PRESET_GROUP, group_options
from salesculture.sim.config.labels import override_key
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.runs.defaults import DEFAULT_SPREAD
from salesculture.sim.study.calibration.figures import as_array
from salesculture.sim.study.screening import Factor, default_names, factors, with_values

#: A screened parameter is fitted only when it moves the figures by at least this much (root
#: mean square over the observations, in standard deviations of each observation).
MIN_SCORE = 0.5


@dataclass
class Screening:
    """The scores of the screened parameters, highest first."""

    scores: list[tuple[Factor, float]]
    runs: int


def candidates(base: SimConfig, world: list[str], years: int) -> list[str]:
    """Numeric parameters the world does not set and every preset sets alike."""
    configs = {"company": base}
    # Each preset with its own regime choices: the world's choices of an axis would override
    # them, and hide what the preset sets.
    facts = [text for text in world if "." in override_key(text)]
    for preset in group_options(PRESET_GROUP):
        try:
            configs[preset] = compose_config([*facts, f"years={years}", f"scenario={preset}"])
        except Exception:  # noqa: BLE001 - a preset that cannot run in this world says nothing
            continue
    fixed = {override_key(text) for text in world}
    return [name for name in default_names(configs, assumed_only=False) if name not in fixed]


def screen(
    base: SimConfig,
    names: list[str],
    keys: list[str],
    scales: np.ndarray,
    evaluate,
    trajectories: int,
    seed: int,
) -> Screening:
    """Morris screening of ``names`` on the figures ``keys``, scored in observation sds.

    Args:
        base: The company's configuration (the centre of every range).
        names: The parameters screened.
        keys: The observed figures (``figure@year``).
        evaluate: Runs a list of configurations and returns each one's figures.
        trajectories: Morris trajectories.
        seed: The seed of the Morris sample and of every run.
        scales: The standard deviation of each observation in ``keys``.
    """
    from SALib.analyze import morris as morris_analyze
    from SALib.sample import morris as morris_sample

    found = factors({"company": base}, names, DEFAULT_SPREAD)
    problem = {
        "num_vars": len(found),
        "names": [f.name for f in found],
        "bounds": [[f.low, f.high] for f in found],
    }
    sample = morris_sample.sample(problem, trajectories, num_levels=4, seed=seed)
    configs = [with_values(base, found, list(row), seed=seed) for row in sample]
    results = evaluate(configs)
    outputs = np.array([as_array(result, keys) for result in results])
    outputs = np.nan_to_num(outputs, nan=np.nanmean(outputs, axis=0) if len(outputs) else 0.0)
    effects = np.zeros((len(found), len(keys)))
    for column in range(len(keys)):
        analysis = morris_analyze.analyze(
            problem, sample, outputs[:, column], num_levels=4, seed=seed
        )
        effects[:, column] = np.asarray(analysis["mu_star"]) / scales[column]
    scores = np.sqrt(np.mean(np.nan_to_num(effects) ** 2, axis=1))
    ranked = sorted(zip(found, scores.tolist(), strict=True), key=lambda pair: -pair[1])
    return Screening(scores=ranked, runs=len(configs))


def chosen(screening: Screening, most: int) -> list[Factor]:
    """The parameters to fit: the ``most`` highest scores of at least :data:`MIN_SCORE`."""
    return [factor for factor, score in screening.scores[:most] if score >= MIN_SCORE]
