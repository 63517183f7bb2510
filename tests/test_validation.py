"""Configuration: composition with Hydra overrides, documented ranges, and clear errors."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from salesculture.scenarios import REGISTRY, build_policies
from salesculture.sim.config.compose import compose_config
from salesculture.sim.config.params import iter_params
from salesculture.sim.config.schema import REGIME_AXES, SimConfig
from salesculture.sim.config.validation import ConfigError, check_overrides, group_options, validate
from salesculture.sim.world.model import SalesCultureModel


def test_defaults_are_documented_and_within_their_ranges() -> None:
    config = SimConfig()
    seen = 0
    for name, value, info, _field in iter_params(config):
        assert info is not None, f"{name} has no documented unit, range and source"
        assert info.unit and info.source and info.doc, name
        assert info.admits(value), f"default {name}={value!r} outside {info.allowed()}"
        seen += 1
    assert seen > 100
    assert validate(config) is config


def test_composed_baseline_is_valid_and_seeded(small_config: Callable[..., SimConfig]) -> None:
    config = compose_config(["seed=12", "years=2"])
    assert isinstance(config, SimConfig)
    assert (config.seed, config.years, config.weeks) == (12, 2, 104)
    assert config.scenario.name == "baseline"
    assert small_config("market.customers=2500").market.customers == 2500


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("market.custmers=5", ["market.custmers", "unknown key", "customers"]),
        ("markt.customers=5", ["markt.customers", "unknown key", "market"]),
        ("market=5", ["market", "section"]),
        ("market.customers=abc", ["market.customers", "abc", "integer"]),
        ("focus.prospecting_share=lots", ["focus.prospecting_share", "lots", "number"]),
        ("workforce.engineers=-3", ["workforce.engineers", "-3", "[1, 100000]"]),
        ("service.recovery_share=1.5", ["service.recovery_share", "1.5", "[0, 1]"]),
        ("process.conflict_probability=1.5", ["process.conflict_probability", "1.5", "[0, 1]"]),
        ("scenario=nope", ["scenario", "nope", "baseline"]),
        ("process=nope", ["process", "nope", "cross_functional_team", "siloed"]),
        ("leadership.regime=kings", ["leadership.regime", "kings", "sales_driven"]),
        ("seed=-1", ["seed", "-1"]),
        ("workforce.slots_per_role=16", ["workforce.slots_per_role", "16"]),
        ("market.customers=5,6", ["market.customers", "sweep"]),
    ],
)
def test_bad_overrides_raise_one_clear_line(override: str, expected: list[str]) -> None:
    with pytest.raises(ConfigError) as caught:
        compose_config([override])
    message = str(caught.value)
    assert "\n" not in message
    for part in expected:
        assert part in message, f"{part!r} not in {message!r}"


def test_check_overrides_accepts_hydra_keys_and_sweeps_when_allowed() -> None:
    check_overrides(["hydra.run.dir=/tmp/somewhere", "seed=3", "process=cross_functional_team"])
    check_overrides(["seed=1,2,3", "market.customers=100,200"], allow_sweeps=True)
    with pytest.raises(ConfigError):
        check_overrides(["seed=1,2,3"])


def test_validate_rejects_a_programmatic_bad_value() -> None:
    config = SimConfig()
    config.service = dataclasses.replace(config.service, recovery_share=1.5)
    with pytest.raises(ConfigError, match=r"service\.recovery_share=1\.5"):
        validate(config)


def _regime_choices(axis: str) -> set[str]:
    fields = dataclasses.fields(getattr(SimConfig(), axis).__class__)
    regime = next(f for f in fields if f.name == "regime")
    return set(regime.metadata["param"].choices)


def test_every_regime_option_has_a_policy() -> None:
    assert set(REGISTRY) == set(REGIME_AXES)
    for axis in REGIME_AXES:
        assert _regime_choices(axis) == set(REGISTRY[axis]), axis


@pytest.mark.parametrize("axis", REGIME_AXES)
def test_every_regime_has_an_option_file_and_every_option_file_a_regime(axis: str) -> None:
    choices = _regime_choices(axis)
    regimes = {
        option: getattr(compose_config([f"{axis}={option}"]), axis).regime
        for option in group_options(axis)
    }
    assert set(regimes.values()) == choices, regimes


@pytest.mark.parametrize("preset", group_options("scenario"))
def test_every_preset_composes_builds_and_steps(
    preset: str, small_config: Callable[..., SimConfig]
) -> None:
    config = small_config(f"scenario={preset}")
    assert config.scenario.name == preset
    build_policies(config)
    model = SalesCultureModel(config)
    for _ in range(3):
        model.step()
    assert model.week == 3
    assert model.ledger.total_cost > 0
