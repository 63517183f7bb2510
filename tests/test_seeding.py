"""The direct computation of a stream's generator state gives NumPy's own state and numbers."""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from salesculture.sim.world.seeding import StreamSeeder
from salesculture.sim.world.streams import STREAM_NAMES, RandomStreams


def reference_state(seed: int, key: int, week: int) -> dict:
    """The state NumPy's own SeedSequence and PCG64 give (what StreamSeeder must equal)."""
    return np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(key, week))).state

SEEDS = (0, 1, 7, 2**31 - 1, 2**32 - 1, 2**32, 2**40 + 5, 10**15)
WEEKS = (0, 1, 2, 51, 52, 63, 64, 65, 127, 128, 259, 260, 5_000, 2**32 - 1, 2**32, 2**32 + 3)


@pytest.mark.parametrize("seed", SEEDS)
def test_state_equals_numpys_seed_sequence(seed: int) -> None:
    for name in STREAM_NAMES:
        key = zlib.crc32(name.encode())
        seeder = StreamSeeder(seed, key)
        for week in WEEKS:
            assert seeder.state(week) == reference_state(seed, key, week), (seed, name, week)


def test_random_keys_and_weeks_match() -> None:
    rng = np.random.default_rng(2026)
    for _ in range(300):
        seed = int(rng.integers(0, 2**63))
        key = int(rng.integers(0, 2**32))
        week = int(rng.integers(0, 100_000))
        assert StreamSeeder(seed, key).state(week) == reference_state(seed, key, week)


def test_streams_draw_what_numpy_would_draw() -> None:
    """The numbers themselves, uniform and normal, with the shared generator reseeded between."""
    streams = RandomStreams(42)
    for week in (0, 3, 3, 100):
        for name in ("sale.close", "culture.noise", "people.hire"):
            key = zlib.crc32(name.encode())
            expected = np.random.default_rng(np.random.SeedSequence(42, spawn_key=(key, week)))
            if name == "sale.close":
                assert np.array_equal(streams.uniform(name, week, 1000), expected.random(1000))
            else:
                drawn = streams.normal(name, week, (2, 500))
                assert np.array_equal(drawn, expected.standard_normal((2, 500)))
    fresh = streams.generator("setup.customers", 0)
    key = zlib.crc32(b"setup.customers")
    reference = np.random.default_rng(np.random.SeedSequence(42, spawn_key=(key, 0)))
    assert np.array_equal(fresh.lognormal(0, 1, 50), reference.lognormal(0, 1, 50))


def test_negative_seed_is_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        StreamSeeder(-1, 5)
