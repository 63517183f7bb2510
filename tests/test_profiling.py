"""Where a run's time goes: every stage and every stream is accounted for, and streams are
declared with the shapes the model really draws."""

from __future__ import annotations

import time

import numpy as np
import pytest

from salesculture.sim.world.model import RECORDS_STAGE, SalesCultureModel
from salesculture.sim.world.profiling import RunProfile, floor_seconds
from salesculture.sim.world.streams import STREAMS, WEEKLY_STREAMS, RandomStreams
from tests.conftest import compose_small

#: Worlds that, between them, draw from every weekly stream.
WORLDS = (
    ("scenario=everybody_sells",),  # staff referrals and staff upsells
    ("scenario=purge_non_believers",),  # reviews
    ("scenario=baseline", "workforce.growth_per_year=-0.3"),  # layoffs
    ("scenario=run_by_salespeople", "delivery.patience_weeks=1"),  # cancellations
)


@pytest.fixture(scope="module")
def draws() -> dict[str, set]:
    """The shape of every vector each stream drew, over the worlds above."""
    seen: dict[str, set] = {}
    uniform, normal = RandomStreams.uniform, RandomStreams.normal

    def recording(draw):
        def wrapped(self, name, week, size, out=None):
            numbers = draw(self, name, week, size, out=out)
            seen.setdefault(name, set()).add(numbers.shape)
            return numbers

        return wrapped

    RandomStreams.uniform, RandomStreams.normal = recording(uniform), recording(normal)
    try:
        for world in WORLDS:
            model = SalesCultureModel(compose_small(*world, "years=2"))
            while model.running:
                model.step()
            seen.setdefault("_slots", set()).add((model.customers.size, model.workforce.size))
    finally:
        RandomStreams.uniform, RandomStreams.normal = uniform, normal
    return seen


def test_every_weekly_stream_is_drawn_with_its_declared_shape(draws: dict[str, set]) -> None:
    (customers, employees), = draws.pop("_slots")
    assert {stream.name for stream in WEEKLY_STREAMS} == set(draws)
    for stream in WEEKLY_STREAMS:
        expected = np.empty(stream.shape(customers, employees)).shape
        assert draws[stream.name] == {expected}, stream.name


def test_normal_streams_are_declared_normal(draws: dict[str, set]) -> None:
    normal = {stream.name for stream in STREAMS if stream.normal}
    assert normal == {"culture.noise", "people.hire", "people.review"}


def test_profile_accounts_for_every_stage_and_all_drawing() -> None:
    model = SalesCultureModel(compose_small("scenario=sales_led", "years=1"))
    start = time.perf_counter()
    while model.running:
        model.step()
    wall = time.perf_counter() - start
    profile = RunProfile.of(model, setup=0.01)
    assert list(profile.stages) == [name for name, _ in model.plan] + [RECORDS_STAGE]
    assert 0 < profile.weekly_seconds <= wall
    drawn = sum(seconds for _, seconds, _ in profile.streams)
    # Every draw happens inside a stage or the set-up, and a stage's drawing is part of its time.
    assert profile.setup_drawing > 0  # the first account leads
    assert sum(profile.stage_drawing.values()) + profile.setup_drawing == pytest.approx(
        drawn, rel=1e-9
    )
    for name, seconds in profile.stages.items():
        assert profile.stage_drawing[name] <= seconds
    assert profile.stage_drawing["sale: closing"] > 0
    assert profile.stage_drawing["ledger"] == 0
    report = profile.report()
    for name in profile.stages:
        assert name in report
    for name, _, vectors in profile.streams:
        assert name in report and vectors > 0


def test_floor_grows_with_the_weeks_and_slots_it_draws_for() -> None:
    """The floor draws each week's vectors at the run's size: more weeks or slots cost more.

    Each is the fastest of five (a first call pays for warming up, and a busy machine for
    anything else), and the larger cases draw fifty and two hundred times the numbers.
    """

    def fastest(weeks: int, customers: int) -> float:
        return min(floor_seconds(0, weeks, customers, 64) for _ in range(5))

    short = fastest(2, 1000)
    longer = fastest(100, 1000)
    wider = fastest(2, 200_000)
    assert 0 < short < longer and short < wider
    profile = RunProfile(setup=0.0, stages={"x": 1.0}, stage_drawing={"x": 0.5}, streams=[],
                         weeks=2, customers=1000, employees=64)
    profile.floor = 0.5
    assert "2.00 x the floor" in profile.report()
