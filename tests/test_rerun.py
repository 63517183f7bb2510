"""``salesculture rerun PATH``: a recorded run repeated from its summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import compose_small

from salesculture.sim.cli import main
from salesculture.sim.runs.runner import simulate, write_results
from salesculture.sim.world.metrics import SUMMARY_METRICS


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The summary of a small sales-led run, written as ``salesculture run`` writes it."""
    directory = tmp_path_factory.mktemp("run")
    config = compose_small("scenario=sales_led", "seed=4")
    return write_results(simulate(config, label="sales_led"), directory)


def write(tmp_path: Path, record: dict) -> Path:
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(record))
    return path


def test_a_changed_metric_and_versions_are_named(
    recorded: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = dict(recorded)
    record["profit"] = recorded["profit"] + 1.0
    record["versions"] = {**recorded["versions"], "numpy": "0.0.1"}
    record["commit"] = "0" * 40
    record["market"] = {"customers": 10}  # not a config key: the config comes from "config"
    assert main(["rerun", str(write(tmp_path, record))]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("sales_led, seed 4, 1 year")
    assert f"commit differs: recorded {'0' * 40}" in out[1]
    assert out[2].startswith("package versions differ: numpy ") and "(recorded 0.0.1)" in out[2]
    assert out[3] == f"differs: 1 of {len(SUMMARY_METRICS)} metrics"
    assert out[4] == f"  profit: recorded {record['profit']!r}, now {recorded['profit']!r}"


def test_the_recorded_config_is_run_not_the_preset(
    recorded: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = json.loads(json.dumps(recorded))
    record["config"]["workforce"]["salespeople"] = 12  # not what composing would give
    assert main(["rerun", str(write(tmp_path, record))]) == 1
    assert "differs:" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file or directory"),
        ("{not json", "not JSON"),
        ('{"runs": []}', "no config, seed, commit, versions"),
        ("[1, 2]", "not a JSON object"),
        ("dir", "holds no summary.json"),
    ],
    ids=["missing", "not_json", "not_a_summary", "a_list", "dir_without_summary"],
)
def test_a_path_that_is_not_a_summary_is_one_line(
    content: str | None, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "summary.json"
    if content == "dir":
        path = tmp_path
    elif content is not None:
        path.write_text(content)
    assert main(["rerun", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0] and str(path) in err[0], err
