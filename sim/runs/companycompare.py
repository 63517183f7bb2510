"""Compare presets in a company's world, over what its fit could not pin down (``--company``).

``compare --company NAME A B`` reads the company's fit (:func:`sim.config.posterior.load_posterior`)
and runs every preset in the company's world for each of ``N`` posterior draws, on seeds
``0..S-1``: the same seeds for every draw, so runs pair across presets on (draw, seed). A run of
preset ``A`` composes, in this order:

1. ``scenario=A years=Y``;
2. the company's world (what it knows for certain, and the regime it runs today), less what the
   preset sets itself: the preset is the change being compared, so the company's choice on an
   axis the preset chooses (and the company's values under that axis) is left out of its runs;
3. the draw's values of the fitted parameters;
4. the user's ``--set`` overrides, which win over the world (a ``--set`` of a fitted parameter,
   or a preset that sets one, is refused: the draws would silently replace it, or it them).

Every number is over all ``N x S`` runs: a mean, and the 2.5-97.5 % quantiles (the range this
company could see, parameter uncertainty and luck together, not an interval of the mean). The
spread of a paired difference is split as in a one-way random-effects analysis of variance
(:func:`sim.runs.stats.variance_split`): luck is the variance within a draw (over its seeds),
parameter uncertainty the variance between draws beyond what their seeds' luck explains.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesculture.sim.config.compose import compose_with_choices
from salesculture.sim.config.errors import ConfigError
from salesculture.sim.config.labels import axes, intervention_list, label, override_key
from salesculture.sim.config.posterior import Posterior, load_posterior, point_overrides
from salesculture.sim.config.presets import preset_settings
from salesculture.sim.runs.compare import (
    DEFAULT_METRICS,
    OWN_KEYS,
    Comparison,
    _clean,
    _interrupted,
    arguments,
    check_names,
    check_overrides_of_compare,
    collect,
    execute,
    same_configurations,
)
from salesculture.sim.runs.defaults import DEFAULT_DRAWS
from salesculture.sim.runs.interrupts import Interrupted
from salesculture.sim.runs.provenance import git_commit, versions
from salesculture.sim.runs.stats import (
    CANNOT_TELL,
    excludes_zero,
    quantile_interval,
    variance_split,
)


@dataclass
class CompanyComparison(Comparison):
    """A comparison in a company's world: each row's runs over ``draws`` draws x the seeds.

    ``runs`` has a column ``draw`` (0..draws-1) beside ``seed``, and the value of each fitted
    parameter the run had, read from its configuration.
    """

    company: str = ""  #: the company's name, as its fit records it
    fit: str = ""  #: the fit directory
    world: list[str] = field(default_factory=list)  #: the overrides that make its world
    parameters: list[str] = field(default_factory=list)  #: the fitted parameters
    draws: int = 0
    points: list[dict[str, float | int]] = field(default_factory=list)  #: each draw's values
    #: row -> the world's overrides left out of its runs (its preset sets them itself)
    left_out: dict[str, list[str]] = field(default_factory=dict)

    def results(self) -> list[dict]:
        """Per metric and row: mean and 95 % range over draws x seeds; the paired difference.

        For each row but the first: the mean paired difference on (draw, seed), the 2.5-97.5 %
        quantiles of the differences, the shares of their variance from the parameters
        (``diff_parameters``) and from luck (``diff_luck``), and ``verdict``: ``higher``,
        ``lower`` or :data:`~sim.runs.stats.CANNOT_TELL` (the range includes 0).
        """
        rows = []
        runs = self.runs.set_index(["draw", "seed"])
        first = runs[runs.scenario == self.scenarios[0]]
        for metric in self.metrics:
            for scenario in self.scenarios:
                mine = runs[runs.scenario == scenario]
                mean, low, high = quantile_interval(mine[metric].to_numpy())
                row: dict[str, Any] = {
                    "scenario": scenario,
                    "metric": metric,
                    "mean": mean,
                    "ci_low": low,
                    "ci_high": high,
                    "diff_mean": None,
                    "diff_ci_low": None,
                    "diff_ci_high": None,
                    "diff_parameters": None,
                    "diff_luck": None,
                    "verdict": None,
                }
                if scenario != self.scenarios[0]:
                    paired = (mine[metric] - first[metric]).dropna()
                    d_mean, d_low, d_high = quantile_interval(paired.to_numpy())
                    split = variance_split(paired.to_numpy(), paired.index.get_level_values(0))
                    row.update(diff_mean=d_mean, diff_ci_low=d_low, diff_ci_high=d_high)
                    if split is not None:
                        row.update(diff_parameters=split[0], diff_luck=split[1])
                    if len(paired):
                        row["verdict"] = verdict(d_mean, d_low, d_high)
                rows.append({k: _clean(v) for k, v in row.items()})
        return rows


def verdict(mean: float, low: float, high: float) -> str:
    """``higher`` or ``lower`` if the range of differences excludes 0, else :data:`CANNOT_TELL`."""
    if not excludes_zero(low, high):
        return CANNOT_TELL
    return "higher" if mean > 0 else "lower"


def _overlaps(key: str, other: str) -> bool:
    """Whether setting ``key`` sets ``other`` or part of it, or the other way round."""
    return key == other or key.startswith(other + ".") or other.startswith(key + ".")


def check_sets_of_company(overrides: list[str], posterior: Posterior) -> None:
    """Refuse a ``--set`` of a fitted parameter: its draws give it."""
    for text in overrides:
        key = override_key(text)
        if any(_overlaps(key, name) for name in posterior.parameters):
            raise ConfigError(
                f"--set {text}: fitted for company {posterior.company}; drop it, or compare "
                "without --company"
            )


def world_of(preset: str, posterior: Posterior) -> tuple[list[str], list[str]]:
    """The company's world for the runs of ``preset``: what it keeps, and what it leaves out.

    Left out: the world's overrides of what the preset sets itself (an axis it chooses, with
    the values under it, or a key it gives a value); dropped: any of what ``compare`` sets
    itself (the preset, seed and horizon).

    Raises:
        ConfigError: if the preset sets a fitted parameter (the draws would replace it).
    """
    chosen, keys = preset_settings(preset)
    for name in posterior.parameters:
        axis = name.split(".")[0]
        if axis in chosen or any(_overlaps(name, key) for key in keys):
            how = f" (it chooses {axis})" if axis in chosen else ""
            raise ConfigError(
                f"scenario {preset}: sets {name}{how}, which is fitted for company "
                f"{posterior.company}; compare presets that leave it alone, or compare without "
                "--company"
            )
    kept, left = [], []
    for text in posterior.world:
        key = override_key(text)
        if key.split(".")[0] in OWN_KEYS:
            continue
        sets = key.split(".")[0] in chosen or any(_overlaps(key, k) for k in keys)
        (left if sets else kept).append(text)
    return kept, left


def _parameter(config: Any, key: str) -> Any:
    for part in key.split("."):
        config = getattr(config, part)
    return config


def company_compare(
    scenarios: list[str],
    company: str,
    draws: int = DEFAULT_DRAWS,
    seeds: int = 10,
    years: int = 5,
    overrides: list[str] | None = None,
    jobs: int | None = None,
    metrics: list[str] | None = None,
    progress: bool = True,
    cache_dir: Path | str | None = None,
) -> CompanyComparison:
    """Run every preset in ``company``'s world for each of ``draws`` draws on seeds ``0..seeds-1``.

    Args:
        scenarios: Preset names; the first is the reference for paired differences.
        company: The company's name (its fit in ``outputs/calibrate/NAME``) or fit directory.
        draws: Posterior draws (:meth:`sim.config.posterior.Posterior.draws`).
        seeds: Seeds per draw (the same for every draw and preset).
        years: Horizon of every run.
        overrides: Hydra overrides applied last to every run (``--set``).
        jobs: Worker processes (default: all cores).
        metrics: Metrics to report (default: every summary metric).
        progress: Show a progress bar on stderr.
        cache_dir: Keep and reuse finished runs here (:mod:`sim.runs.runcache`); None: no cache.

    Raises:
        ConfigError: one line, before anything runs: an unknown preset, metric or override, a
            company not fitted, ``draws`` below 1, a ``--set`` of a fitted parameter or a preset
            that sets one.
    """
    metrics = list(metrics or DEFAULT_METRICS)
    check_names(scenarios, metrics)
    if seeds < 1:
        raise ConfigError(f"--seeds={seeds}: must be at least 1")
    overrides = list(overrides or [])
    check_overrides_of_compare(overrides)
    posterior = load_posterior(company)
    points = posterior.draws(draws)
    check_sets_of_company(overrides, posterior)
    worlds = {name: world_of(name, posterior) for name in scenarios}
    base: dict[str, Any] = {}
    drawn: dict[str, list[Any]] = {}
    presets: dict[str, str] = {}
    chosen: dict[str, dict[str, str]] = {}
    left_out: dict[str, list[str]] = {}
    for name in scenarios:
        world, left = worlds[name]
        head = [f"scenario={name}", f"years={years}", *world]
        config, choices = compose_with_choices([*head, *overrides])
        reference = compose_with_choices([f"scenario={name}", *world])
        row = label(name, overrides, config, choices, reference)
        base[row], presets[row], chosen[row], left_out[row] = config, name, axes(choices), left
        composed: dict[tuple[str, ...], Any] = {}  # draws repeat particles: compose each once
        for point in points:
            values = tuple(point_overrides(point))
            if values not in composed:
                composed[values] = compose_with_choices([*head, *values, *overrides])[0]
        drawn[row] = [composed[tuple(point_overrides(point))] for point in points]
    labels = list(base)
    plan = [
        (d, (row, dataclasses.replace(drawn[row][d], seed=seed)))
        for d in range(draws)
        for seed in range(seeds)
        for row in labels
    ]
    configs = [pair for _, pair in plan]
    done, reused, cache = execute([config for _, config in configs], jobs, progress, cache_dir)
    try:  # a Ctrl-C from here on comes after every run finished and was kept
        runs, weekly = collect(configs, done, [d for d, _ in plan])
        for i, name in enumerate(posterior.parameters):
            values = [_parameter(config, name) for _, config in configs]
            runs.insert(3 + i, name, values)
        words = ["--company", company, "--draws", str(draws)]
        return CompanyComparison(
            scenarios=labels,
            seeds=list(range(seeds)),
            years=years,
            metrics=metrics,
            runs=runs,
            weekly=weekly,
            overrides=overrides,
            presets=presets,
            axes=chosen,
            interventions={name: intervention_list(config) for name, config in base.items()},
            same=same_configurations(base),
            commit=git_commit(),
            versions=versions(),
            cached=reused,
            cache_dir=str(cache.directory) if cache else None,
            arguments=arguments(scenarios, seeds, years, overrides, metrics, words),
            company=posterior.company,
            fit=str(posterior.directory),
            world=list(posterior.world),
            parameters=list(posterior.parameters),
            draws=draws,
            points=points,
            left_out=left_out,
        )
    except Interrupted:
        raise
    except KeyboardInterrupt:
        raise _interrupted(len(configs), len(configs), cache) from None


def company_explanations(comparison: CompanyComparison) -> list:
    """Every row of a company comparison explained against its first, over draws x seeds.

    The decomposition of :func:`sim.runs.explain.explain_pair`, paired on (draw, seed), each
    difference with the 2.5-97.5 % quantiles of its paired differences, and the profit
    difference's spread split into parameter uncertainty and luck.
    """
    from salesculture.sim.runs.explain import explain_pair

    runs = comparison.runs.set_index(["draw", "seed"])
    reference = comparison.scenarios[0]
    a = runs[runs.scenario == reference]
    found = []
    for other in comparison.scenarios[1:]:
        b = runs[runs.scenario == other]
        explanation = explain_pair(a, b, reference, other, comparison.years, quantile_interval)
        paired = (b["profit"] - a["profit"]).dropna()
        split = variance_split(paired.to_numpy(), paired.index.get_level_values(0))
        explanation.seeds = list(comparison.seeds)
        explanation.company = {
            "company": comparison.company,
            "fit": comparison.fit,
            "draws": comparison.draws,
            "parameter_share": None if split is None else split[0],
            "luck_share": None if split is None else split[1],
        }
        found.append(explanation)
    return found
