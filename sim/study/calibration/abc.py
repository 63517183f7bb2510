"""Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC, pyabc), made repeatable.

The fit uses pyabc's ABC-SMC (Beaumont et al. 2009; Klinger, Rickert & Hasenauer 2018): a
population of parameter points (particles) drawn from the prior is simulated, the points whose
figures lie within a tolerance of the company's figures are kept, and each generation proposes
new points around the kept ones (a multivariate normal kernel) with a smaller tolerance, the
median distance of the last generation, until the tolerance reaches the figures' own
uncertainty or the budget of simulations is spent. The distance is the root of the summed
squared gaps, each gap in standard deviations of its observation: a figure known to 2 % weighs
more than one known to 10 %.

pyabc's own samplers re-seed every worker from the clock, so two fits never give the same
posterior. :class:`PlannedSampler` replaces them: particle ``i`` of generation ``t`` draws its
proposal from NumPy's generator seeded by ``(fit seed, t, i)`` and runs the model with a run
seed of its own derived the same way; proposals are made in the main process, their
simulations run on the fit's worker pool (the pool of ``compare``) and are kept in the fit's
store as they finish, and particles are accepted in index order. The same fit gives the same
posterior, bit for bit, with any number of workers, and an interrupted fit replays its plan and
finds its finished simulations in the store.
"""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

#: Runs a batch of parameter points (rows) with their run seeds; returns each one's figures.
Evaluate = Callable[[list[tuple[float, ...]], list[int]], list[dict[str, float]]]


def particle_seed(fit_seed: int, generation: int, index: int) -> int:
    """The seed of particle ``index`` of ``generation`` (the prior sample is generation -1)."""
    sequence = np.random.SeedSequence([fit_seed, generation + 2, index])
    return int(sequence.generate_state(1)[0] % (2**31 - 1))


def run_seed(fit_seed: int, generation: int, index: int) -> int:
    """The model's seed for that particle's simulation (a stream apart from the proposal's)."""
    sequence = np.random.SeedSequence([fit_seed, generation + 2, index, 1])
    return int(sequence.generate_state(1)[0] % (2**31 - 1))


class PlannedModel:
    """The model pyabc calls: it records proposals, then returns their simulated figures."""

    def __init__(self, names: list[str], placeholder: dict[str, float]):
        self.names = names
        self.placeholder = placeholder
        self.proposing = True
        self.proposed: tuple[float, ...] | None = None
        self.result: dict[str, float] | None = None

    def __call__(self, parameter) -> dict[str, float]:
        """The placeholder while proposing; the proposal's simulated figures on replay."""
        point = tuple(float(parameter[f"p{i}"]) for i in range(len(self.names)))
        if self.proposing:
            self.proposed = point
            return self.placeholder
        if point != self.proposed:
            raise AssertionError("a replayed proposal differs from the one simulated")
        return self.result


def _seed_all(seed: int) -> None:
    np.random.seed(seed)
    random.seed(seed)


def planned_sampler(
    model: PlannedModel, evaluate: Evaluate, fit_seed: int, jobs: int, on_batch=None
):
    """A pyabc sampler whose particles are planned by index (see the module's docstring).

    Args:
        model: The model pyabc calls (records proposals, replays their figures).
        evaluate: Runs a batch of points with their run seeds.
        fit_seed: The fit's seed.
        jobs: Workers (sets the smallest batch).
        on_batch: Called after each batch with (generation, simulations so far, accepted,
            needed).
    """
    from pyabc.sampler import Sampler

    class PlannedSampler(Sampler):
        def __init__(self):
            super().__init__()
            self.simulations = 0

        def sample_until_n_accepted(
            self, n, simulate_one, t, *, max_eval=np.inf, all_accepted=False, ana_vars=None
        ):
            del all_accepted, ana_vars
            sample = self._create_empty_sample()
            accepted = evaluated = index = 0
            batch = n
            while accepted < n and evaluated < max_eval:
                indices = range(index, index + batch)
                points, seeds = [], []
                model.proposing = True
                for i in indices:
                    _seed_all(particle_seed(fit_seed, t, i))
                    simulate_one()
                    points.append(model.proposed)
                    seeds.append(run_seed(fit_seed, t, i))
                results = evaluate(points, seeds)
                model.proposing = False
                for i, point, result in zip(indices, points, results, strict=True):
                    _seed_all(particle_seed(fit_seed, t, i))
                    model.proposed, model.result = point, result
                    particle = simulate_one()
                    sample.append(particle)
                    evaluated += 1
                    accepted += bool(particle.accepted)
                    if accepted >= n or evaluated >= max_eval:
                        break
                self.simulations += len(points)
                index += batch
                if on_batch:
                    on_batch(t, self.simulations, accepted, n)
                rate = max(accepted / max(evaluated, 1), 0.02)
                batch = int(min(max(math.ceil((n - accepted) / rate * 1.1), 2 * jobs), 4 * n))
            self.nr_evaluations_ = evaluated
            if accepted < n:
                sample.ok = False
            return sample

    return PlannedSampler()


@dataclass
class Stop:
    """When the fit stops: the first of these reached."""

    tolerance: float  #: distance at which the fit is as close as the figures' uncertainty
    generations: int
    simulations: int
    min_acceptance_rate: float = 0.005


def fit(
    names: list[str],
    lows: list[float],
    highs: list[float],
    observed: dict[str, float],
    scales: dict[str, float],
    evaluate: Evaluate,
    database: str,
    population: int,
    stop: Stop,
    fit_seed: int,
    jobs: int,
    on_batch=None,
):
    """Run ABC-SMC with uniform priors on ``[low, high]``; return pyabc's History.

    Args:
        names: The parameters, in order (pyabc sees them as ``p0, p1, ...``).
        lows: Each parameter's lowest value (its uniform prior's lower end).
        highs: Each parameter's highest value.
        observed: The company's figures (``figure@year`` -> value).
        scales: Each figure's standard deviation, the unit of its gap in the distance.
        evaluate: Runs points with seeds and returns their figures.
        database: pyabc's history database (``sqlite:///PATH``), made anew.
        population: Particles per generation.
        stop: When to stop.
        fit_seed: The fit's seed.
        jobs: Workers.
        on_batch: Called after each batch of simulations (see :func:`planned_sampler`).
    """
    import pyabc

    for name in ("ABC", "pyabc", "Sampler", "Epsilon", "Distance", "Acceptor", "Transition"):
        logging.getLogger(name).setLevel(logging.WARNING)
    prior = pyabc.Distribution(
        **{
            f"p{i}": pyabc.RV("uniform", low, high - low)
            for i, (low, high) in enumerate(zip(lows, highs, strict=True))
        }
    )
    keys = list(observed)
    scale = np.array([scales[k] for k in keys])
    target = np.array([observed[k] for k in keys])

    def distance(x: dict, x0: dict) -> float:
        del x0
        simulated = np.array([x.get(k, math.nan) for k in keys], dtype=float)
        gaps = (simulated - target) / scale
        if not np.all(np.isfinite(gaps)):
            return math.inf
        return float(np.sqrt(np.sum(gaps**2)))

    model = PlannedModel(names, placeholder=dict(observed))
    sampler = planned_sampler(model, evaluate, fit_seed, jobs, on_batch)
    _seed_all(fit_seed)
    abc = pyabc.ABCSMC(
        models=model,
        parameter_priors=prior,
        distance_function=distance,
        population_size=population,
        sampler=sampler,
        transitions=pyabc.MultivariateNormalTransition(),
        eps=pyabc.QuantileEpsilon(alpha=0.5),
    )
    abc.new(database, dict(observed))
    history = abc.run(
        minimum_epsilon=stop.tolerance,
        max_nr_populations=stop.generations,
        max_total_nr_simulations=stop.simulations,
        min_acceptance_rate=stop.min_acceptance_rate,
    )
    return history, sampler.simulations
