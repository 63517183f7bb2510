"""The model is an ordinary Mesa 3.5 model: batch_run, DataCollector, rng=, agent sets."""

from __future__ import annotations

import dataclasses
import math
import multiprocessing
from collections.abc import Callable, Iterator

import mesa
import pytest

from salesculture.agents import CEO, Engineer, SalesLeader, SalesManager, Salesperson, ServiceStaff
from salesculture.sim.config.schema import SimConfig
from salesculture.sim.world.model import MODEL_REPORTERS, SalesCultureModel
from salesculture.sim.world.workforce import Role

REPORTERS = ("customers", "believer_share", "revenue")


@pytest.fixture
def restore_start_method() -> Iterator[None]:
    """``mesa.batch_run`` forces multiprocessing's start method to spawn; put it back after."""
    before = multiprocessing.get_start_method(allow_none=True)
    yield
    multiprocessing.set_start_method(before, force=True)


def _batch(config: SimConfig, rng: list[int]) -> list[dict]:
    return mesa.batch_run(
        SalesCultureModel,
        parameters={"config": config},
        rng=rng,
        max_steps=10,
        number_processes=1,
        data_collection_period=1,
        display_progress=False,
    )


def test_batch_run_collects_reporters_per_step_and_seed(
    small_config: Callable[..., SimConfig], restore_start_method: None
) -> None:
    rows = _batch(small_config(), rng=[1, 2])
    assert rows, "batch_run returned nothing"
    for row in rows:
        for name in REPORTERS:
            assert name in row, f"reporter {name!r} missing from {sorted(row)}"
    by_seed = {rng: [r for r in rows if r["rng"] == rng] for rng in (1, 2)}
    for seed_rows in by_seed.values():
        assert [r["Step"] for r in seed_rows] == list(range(11))  # week 0 and ten steps
        assert seed_rows[-1]["revenue"] > seed_rows[1]["revenue"] > 0
    final = {rng: by_seed[rng][-1] for rng in by_seed}
    assert final[1]["revenue"] != final[2]["revenue"]


def test_rng_overrides_the_config_seed(
    small_config: Callable[..., SimConfig], restore_start_method: None
) -> None:
    rows = _batch(small_config("seed=99"), rng=[1])
    direct = SalesCultureModel(small_config("seed=1"))
    for _ in range(10):
        direct.step()
    history = direct.datacollector.get_model_vars_dataframe()
    assert [r["revenue"] for r in rows] == history["revenue"].tolist()
    assert [r["customers"] for r in rows] == history["customers"].tolist()

    model = SalesCultureModel(small_config("seed=99"), rng=1)
    assert model.seed == 1
    assert model.streams.seed == 1


def test_datacollector_follows_the_model(
    small_config: Callable[..., SimConfig], run_model: Callable[[SimConfig], SalesCultureModel]
) -> None:
    model = run_model(small_config("seed=3"))
    frame = model.datacollector.get_model_vars_dataframe()
    assert set(MODEL_REPORTERS) <= set(frame.columns)
    assert len(frame) == model.cfg.weeks + 1
    assert frame["customers"].iloc[-1] == model.customer_count
    assert frame["revenue"].iloc[-1] == pytest.approx(model.ledger.total_revenue)
    assert frame["revenue"].iloc[-1] == pytest.approx(sum(r["revenue"] for r in model.records))
    assert frame["revenue"].is_monotonic_increasing


def test_model_runs_its_horizon_and_stops(small_config: Callable[..., SimConfig]) -> None:
    config = small_config("seed=3")
    model = SalesCultureModel(config)
    while model.running:
        model.step()
    assert model.steps == config.weeks == model.week
    assert len(model.records) == config.weeks


def test_agents_by_type_match_the_regime(small_config: Callable[..., SimConfig]) -> None:
    config = small_config("leadership=sales_led")
    model = SalesCultureModel(config)
    counts = {kind: len(model.agents_by_type[kind]) for kind in model.agents_by_type}
    assert counts[Salesperson] == config.workforce.salespeople
    assert counts[Engineer] == config.workforce.engineers
    assert counts[ServiceStaff] == config.workforce.service_staff
    assert counts[CEO] == 1 and counts[SalesLeader] == 1
    span = config.leadership.span_of_control
    assert counts[SalesManager] == math.ceil(config.workforce.salespeople / span)
    driven = SalesCultureModel(small_config()).agents_by_type
    assert SalesLeader not in driven and SalesManager not in driven
    assert model.workforce.headcount(Role.SALES_LEADER) == 1
    # The managers' teams split the sales force: each salesperson has exactly one manager.
    teams = [slot for manager in model.agents_by_type[SalesManager] for slot in manager.team()]
    sales = [agent.slot for agent in model.agents_by_type[Salesperson]]
    assert sorted(teams) == sorted(sales)


def test_model_accepts_a_plain_dataclass_config() -> None:
    """Mesa users build the model without Hydra: the dataclass defaults are a valid baseline."""
    config = SimConfig()
    config = dataclasses.replace(
        config,
        years=1,
        market=dataclasses.replace(config.market, customers=1500),
        workforce=dataclasses.replace(
            config.workforce, salespeople=8, engineers=20, service_staff=16, slots_per_role=32
        ),
    )
    model = SalesCultureModel(config, rng=5)
    model.step()
    assert model.week == 1 and model.headcount > 0
