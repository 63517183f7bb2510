"""``show`` composes presets without Hydra (sim/config/yamlcompose.py): the same as Hydra does.

Each composition is compared with Hydra's (:func:`sim.config.compose.compose_with_choices`): the
configuration field by field and the options Hydra records, in its order; ``show``'s output
with what it prints when Hydra composes everything. The project's presets must not fall back to
Hydra, or the comparison would compare Hydra with itself.
"""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path

import pytest

from salesculture.sim.cli import main
from salesculture.sim.config import compose, configdirs, yamlcompose
from salesculture.sim.config.configdirs import group_options
from salesculture.sim.config.validation import ConfigError

PRESETS = group_options("scenario")
GLOBAL = "# @package _global_\n"


def hydra(overrides: list[str]) -> tuple[object, dict[str, str]]:
    return compose.compose_with_choices(overrides)


def quick(overrides: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[object, dict]:
    """The composition without Hydra (an error if it falls back)."""
    with monkeypatch.context() as patched:
        patched.setattr(compose, "compose_with_choices", _refused)
        return yamlcompose.Compositions()(overrides)


def _refused(overrides: list[str] | None = None):
    raise AssertionError(f"composed by Hydra: {overrides}")


def assert_same(overrides: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    config, choices = quick(overrides, monkeypatch)
    expected_config, expected_choices = hydra(overrides)
    assert dataclasses.asdict(config) == dataclasses.asdict(expected_config)
    assert config == expected_config
    assert list(choices.items()) == list(expected_choices.items())


@pytest.mark.parametrize("preset", PRESETS)
def test_every_preset_composes_as_hydra_composes_it(
    preset: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_same([f"scenario={preset}"], monkeypatch)


@pytest.mark.parametrize(
    "overrides",
    [
        [],
        ["leadership=sales_led"],
        ["scenario=amazing_culture", "leadership=sales_driven", "measure_perception=off"],
        ["scenario=sales_led", "leadership=sales_driven_underspend"],
        ["process=cross_functional_team", "scenario=cross_functional"],
    ],
)
def test_overrides_that_choose_options_compose_as_hydra_composes_them(
    overrides: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_same(overrides, monkeypatch)


@pytest.mark.parametrize(
    "overrides",
    [
        ["scenario=sales_led", "market.customers=5000"],
        ["scenario=sales_led", "+leadership=sales_led"],
        ["experiment=leadership"],
        ["leadership=nope"],
    ],
)
def test_other_overrides_go_to_hydra(
    overrides: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = compose.compose_with_choices

    def counted(given: list[str] | None = None):
        calls.append(list(given or []))
        return real(given)

    monkeypatch.setattr(compose, "compose_with_choices", counted)
    with contextlib.suppress(ConfigError):  # Hydra's refusal
        yamlcompose.Compositions()(overrides)
    assert calls == [overrides]


def show_output(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["show", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("resolved", [[], ["--resolved"]], ids=["axes", "resolved"])
@pytest.mark.parametrize("preset", PRESETS)
def test_show_prints_what_it_prints_when_hydra_composes(
    preset: str, resolved: list[str], monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(compose, "compose_with_choices", _refused)
        quick_output = show_output([preset, *resolved], capsys)
    with monkeypatch.context() as patched:  # every composition through Hydra
        patched.setattr(yamlcompose, "_plan", _refused)
        hydra_output = show_output([preset, *resolved], capsys)
    assert quick_output == hydra_output
    assert quick_output[0] == 0 and quick_output[1]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """An outside config directory: presets with and without a package header, and an option
    of a regime axis whose defaults list names a built-in option."""
    (tmp_path / "scenario").mkdir()
    (tmp_path / "leadership").mkdir()
    (tmp_path / "leadership" / "lean_leader.yaml").write_text(
        "defaults:\n  - sales_led\n  - _self_\nsales_budget_multiplier: 0.9\n"
    )
    (tmp_path / "leadership" / "lean_leader_later.yaml").write_text(
        "defaults:\n  - lean_leader\nsales_budget_multiplier: 1.1\n"  # _self_ implied last
    )
    (tmp_path / "scenario" / "lean.yaml").write_text(
        GLOBAL + "defaults:\n  - override /leadership: lean_leader\n"
        "  - override /process: cross_functional_team\n"
        "scenario:\n  name: lean\n  description: A lean sales leader.\n"
        "seed: 7\nmarket:\n  customers: 12000\n"
    )
    (tmp_path / "scenario" / "later.yaml").write_text(
        GLOBAL + "defaults:\n  - _self_\n  - override /leadership: lean_leader_later\n"
        "scenario:\n  description: Unnamed; takes its file name.\n"
    )
    (tmp_path / "scenario" / "bare.yaml").write_text(
        "# a preset without a package header: its keys are under scenario\n"
        "name: bare\ndescription: A preset under its group's key.\n"
    )
    return tmp_path


OUTSIDE = ["lean", "later", "bare"]


@pytest.mark.parametrize("preset", OUTSIDE)
def test_a_preset_of_an_outside_config_dir_composes_as_hydra_composes_it(
    preset: str, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = configdirs.use([outside.resolve()])
    try:
        assert_same([f"scenario={preset}"], monkeypatch)
        assert_same([f"scenario={preset}", "leadership=lean_leader_later"], monkeypatch)
    finally:
        configdirs.restore(before)


@pytest.mark.parametrize("preset", [*OUTSIDE, "sales_led"])
def test_show_with_config_dir_prints_what_it_prints_when_hydra_composes(
    preset: str, outside: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    args = [preset, "--config-dir", str(outside)]
    with monkeypatch.context() as patched:
        patched.setattr(compose, "compose_with_choices", _refused)
        quick_output = show_output(args, capsys)
    with monkeypatch.context() as patched:
        patched.setattr(yamlcompose, "_plan", _refused)
        hydra_output = show_output(args, capsys)
    assert quick_output == hydra_output
    assert quick_output[0] == 0, quick_output[2]


@pytest.mark.parametrize(
    "defaults",
    [
        "  - override /experiment: leadership\n",  # a group chosen after the preset
        "  - override /leadership: sales_led\n  - override /leadership: sales_driven\n",
        "  - override /leadership: nope\n",
        "  - /leadership@x: sales_led\n",
        "  - _self_\n  - _self_\n",
    ],
)
def test_a_preset_this_reading_does_not_cover_shows_what_hydra_makes_of_it(
    defaults: str, outside: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    (outside / "scenario" / "odd.yaml").write_text(GLOBAL + "defaults:\n" + defaults)
    args = ["odd", "--config-dir", str(outside)]
    quick_output = show_output(args, capsys)
    with monkeypatch.context() as patched:
        patched.setattr(yamlcompose, "_plan", _refused)
        hydra_output = show_output(args, capsys)
    assert quick_output == hydra_output
