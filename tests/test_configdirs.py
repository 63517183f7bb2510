"""Config files outside the project: ``--config-dir DIR`` and ``hydra.searchpath``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import SMALL_WORLD

from salesculture.sim.cli import main
from salesculture.sim.config import configdirs
from salesculture.sim.config.compose import compose_option, compose_with_choices
from salesculture.sim.config.validation import ConfigError
from salesculture.sim.world.metrics import SUMMARY_METRICS

PRESET = """# @package _global_
defaults:
  - override /leadership: coach_more
scenario:
  description: "A sales leader who forecasts more."
"""
OPTION = """defaults:
  - sales_led
  - _self_
discipline_forecasting: 0.9
"""


def outside(root: Path) -> Path:
    """An outside config dir: a preset and a leadership option of one's own."""
    (root / "scenario").mkdir(parents=True)
    (root / "leadership").mkdir()
    (root / "scenario" / "forecaster.yaml").write_text(PRESET)
    (root / "leadership" / "coach_more.yaml").write_text(OPTION)
    return root


def error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_a_dir_that_is_not_one_is_one_line(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "conf2"
    if kind == "file":
        target.write_text("x")
    code = main(["run", "--config-dir", str(target), f"hydra.run.dir={tmp_path / 'run'}"])
    assert code == 2
    line = error_line(capsys)
    assert "--config-dir" in line and str(target) in line
    assert ("no such directory" if kind == "missing" else "not a directory") in line
    assert not (tmp_path / "run").exists()


def test_a_missing_searchpath_dir_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["show", "baseline", f"hydra.searchpath=[file://{tmp_path / 'nope'}]"])
    assert code == 2
    assert "hydra.searchpath" in error_line(capsys)


def test_scenarios_lists_an_outside_preset_only_with_the_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = outside(tmp_path / "mine")
    assert main(["scenarios", "--config-dir", str(root)]) == 0
    listed = capsys.readouterr().out
    assert "forecaster" in listed and "forecasts more" in listed
    assert main(["scenarios"]) == 0
    assert "forecaster" not in capsys.readouterr().out
    assert configdirs.ENV not in os.environ  # put back after the command


def test_unknown_option_lists_outside_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = outside(tmp_path / "mine")
    code = main(["run", "leadership=nope", f"hydra.searchpath=[file://{root}]"])
    assert code == 2
    line = error_line(capsys)
    assert "coach_more" in line and "sales_led" in line


@pytest.mark.parametrize("form", ["--config-dir", "hydra.searchpath"])
def test_show_names_the_outside_option_chosen(
    form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = outside(tmp_path / "mine")
    given = ["--config-dir", str(root)] if form == "--config-dir" else [f"{form}=[file://{root}]"]
    assert main(["show", "forecaster", *given]) == 0
    out = capsys.readouterr().out
    assert out.startswith("forecaster: A sales leader who forecasts more.")
    assert "coach_more" in out


def test_outside_files_compose_like_builtin_ones(tmp_path: Path) -> None:
    root = outside(tmp_path / "mine")
    before = configdirs.use([root.resolve()])
    try:
        config, choices = compose_with_choices(["scenario=forecaster", *SMALL_WORLD])
        switched = compose_option("leadership", "coach_more")
    finally:
        configdirs.restore(before)
    assert choices["leadership"] == "coach_more"
    assert config.scenario.name == "forecaster"  # a preset without a name takes its file's
    assert config.leadership.discipline_forecasting == 0.9
    assert config.leadership.joins_key_deals  # inherited from sales_led
    assert switched.discipline_forecasting == 0.9
    with pytest.raises(ConfigError, match="unknown option"):
        compose_with_choices(["scenario=forecaster"])  # out of force again


def test_an_outside_file_may_not_change_a_builtin_one(tmp_path: Path) -> None:
    root = outside(tmp_path / "mine")
    (root / "scenario" / "sales_led.yaml").write_text("scenario:\n  description: mine\n")
    with pytest.raises(ConfigError, match="sales_led.yaml.*another name"):
        configdirs.use([root.resolve()])
    assert configdirs.ENV not in os.environ


def test_a_run_switching_to_an_outside_option_reruns_identically(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = outside(tmp_path / "mine")
    run_dir = tmp_path / "run"
    switch = "interventions=[{week:10,leadership:coach_more}]"
    argv = ["run", *SMALL_WORLD, switch, f"hydra.run.dir={run_dir}", "--config-dir", str(root)]
    assert main(argv) == 0
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["switches"][0]["settings"]["discipline_forecasting"] == 0.9
    assert summary["config_dirs"] == [str(root.resolve())]
    capsys.readouterr()
    # Without the outside dir: the switch's settings come from the record.
    assert main(["rerun", str(run_dir)]) == 0
    out = capsys.readouterr().out
    assert f"identical: all {len(SUMMARY_METRICS)} metrics" in out
