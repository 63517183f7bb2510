"""The model's quantile functions give exactly the numbers of scipy.stats, edge cases included."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from scipy import stats

from salesculture.sim.world.quantiles import beta_ppf, binom_ppf


def uniforms(rng: np.random.Generator, size: int) -> np.ndarray:
    """Uniform numbers with the edges mixed in: 0, 1, just inside them, outside, NaN."""
    edges = [0.0, 1.0, 5e-324, 1e-300, 1e-12, 0.5, 1 - 1e-12, np.nextafter(1.0, 0.0)]
    q = rng.random(size)
    q[: len(edges)] = edges
    q[len(edges) : len(edges) + 3] = [-0.1, 1.1, np.nan]
    return q


def test_binom_ppf_is_scipys() -> None:
    rng = np.random.default_rng(7)
    q = uniforms(rng, 20_000)
    n = rng.integers(-1, 40, q.size)  # as the model passes it: whole numbers, some invalid
    p = rng.random(q.size)
    p[:50] = np.resize([0.0, 1.0, -0.5, 1.5, np.nan], 50)
    np.testing.assert_array_equal(binom_ppf(q, n, p), stats.binom.ppf(q, n, p), strict=True)
    # fractional n is invalid; broadcasting of scalars as in sim.world.stages.delivery
    np.testing.assert_array_equal(binom_ppf(q, 2.5, 0.3), stats.binom.ppf(q, 2.5, 0.3))
    np.testing.assert_array_equal(binom_ppf(q, 3, 0.15), stats.binom.ppf(q, 3, 0.15))
    assert binom_ppf(0.4, 5, 0.5) == stats.binom.ppf(0.4, 5, 0.5)
    # one process for every order (scalar n and p), inside (0, 1) only and with the edges
    inside = rng.random(5_000)
    for whole, share in ((3, 0.15), (4.0, 0.0), (0, 0.7), (2, 1.0), (-1, 0.3), (3, 1.2)):
        for numbers in (inside, q):
            np.testing.assert_array_equal(
                binom_ppf(numbers, whole, share), stats.binom.ppf(numbers, whole, share)
            )


def test_beta_ppf_is_scipys() -> None:
    rng = np.random.default_rng(11)
    q = uniforms(rng, 20_000)
    mean = rng.random(q.size)
    concentration = rng.choice([0.5, 2.0, 8.0, 30.0, 200.0], q.size)
    a, b = mean * concentration, (1 - mean) * concentration
    a[:30] = np.resize([0.0, -1.0, np.nan], 30)
    np.testing.assert_array_equal(beta_ppf(q, a, b), stats.beta.ppf(q, a, b), strict=True)
    # scalar shapes, as sim.world.model passes them
    np.testing.assert_array_equal(beta_ppf(q, 1.2, 2.8), stats.beta.ppf(q, 1.2, 2.8))
    assert beta_ppf(0.3, 2.0, 5.0) == stats.beta.ppf(0.3, 2.0, 5.0)


@pytest.mark.parametrize("name", [0.0, 1.0])
def test_beta_ppf_at_the_edges_of_the_support(name: float) -> None:
    assert beta_ppf(name, 2.0, 3.0) == name == stats.beta.ppf(name, 2.0, 3.0)


def test_running_the_model_does_not_load_scipy_stats() -> None:
    """A worker of a sweep or comparison is spared loading scipy.stats (about a second)."""
    code = (
        "import sys; from salesculture.sim.config.compose import compose_config; "
        "from salesculture.sim.runs.runner import simulate; "
        "simulate(compose_config(['market.customers=500', 'workforce.salespeople=5', "
        "'workforce.engineers=10', 'workforce.service_staff=8', 'workforce.slots_per_role=32', "
        "'years=1'])); print('scipy.stats' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
