"""``salesculture calibrate`` as a strategist runs it: files, fitted config, Ctrl-C, bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import CLI

pytest.importorskip("pyabc")

PROFILE = """\
name: Tiny Co
description: a small company for tests
history_years: 1
known:
  market_size: 800
  customers_at_start: 100
  salespeople: 6
  engineers: 14
  service_staff: 10
  annual_contract_value: 25000
regime: {headcount: fixed}
observed:
  - {figure: revenue, year: 1, value: 2900000}
  - {figure: win_rate, year: 1, value: 0.26}
  - {figure: customers, year: 1, value: 118}
  - {figure: rep_turnover, year: 1, value: 0.3}
fit:
  parameters: [sales.base_win_rate, staffing.sales_turnover_per_year]
"""
BUDGET = ["--population", "24", "--generations", "3", "--simulations", "200"]


@pytest.fixture
def conf(tmp_path: Path) -> Path:
    directory = tmp_path / "conf"
    (directory / "company").mkdir(parents=True)
    (directory / "company" / "tiny.yaml").write_text(PROFILE)
    return directory


def _calibrate(conf: Path, out: Path, cwd: Path, *more: str) -> subprocess.CompletedProcess:
    args = [
        "calibrate",
        "tiny",
        *BUDGET,
        "--jobs",
        "2",
        "--out",
        str(out),
        "--config-dir",
        str(conf),
    ]
    return subprocess.run(
        [str(CLI), *args, *more], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def test_calibrate_writes_the_fit_and_a_fitted_config_that_runs(conf, tmp_path, cli):
    out = tmp_path / "fit"
    done = _calibrate(conf, out, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "parameters fitted to 4 observed figures" in done.stdout
    for name in ("posterior.parquet", "fit.json", "report.md", "report.png"):
        assert (out / name).is_file(), name
    record = json.loads((out / "fit.json").read_text())
    sample = pd.read_parquet(out / "posterior.parquet")
    assert abs(sample["weight"].sum() - 1) < 1e-9
    mean = record["posterior_mean"]["sales.base_win_rate"]
    assert mean == pytest.approx((sample["sales.base_win_rate"] * sample["weight"]).sum())
    assert "calibrate tiny" in record["command"]
    # the fitted config, beside the profile, composes into a run with the posterior mean
    fitted = conf / "company" / "tiny_fitted.yaml"
    assert fitted.is_file()
    from salesculture.sim.config.compose import compose_config
    from salesculture.sim.config.configdirs import ENV

    os.environ[ENV] = str(conf)
    try:
        config = compose_config(["company=tiny_fitted"])
    finally:
        del os.environ[ENV]
    assert config.sales.base_win_rate == pytest.approx(mean)
    assert config.market.customers == 800 and config.workforce.salespeople == 6
    ran = cli(
        [
            "run",
            "company=tiny_fitted",
            "years=1",
            "--config-dir",
            str(conf),
            f"hydra.run.dir={tmp_path / 'run'}",
        ],
        tmp_path,
    )
    assert ran.returncode == 0, ran.stderr
    # the report says, in words, what the figures identified
    report = (out / "report.md").read_text()
    assert "## Verdict" in report and "sales.base_win_rate" in report


def test_ctrl_c_keeps_finished_simulations_and_the_same_command_resumes(conf, tmp_path):
    whole = tmp_path / "whole"
    assert _calibrate(conf, whole, tmp_path).returncode == 0
    out = tmp_path / "stopped"
    args = [
        "calibrate",
        "tiny",
        *BUDGET,
        "--jobs",
        "2",
        "--out",
        str(out),
        "--config-dir",
        str(conf),
    ]
    process = subprocess.Popen(
        [str(CLI), *args],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    store = out / "simulations.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if store.is_file() and len(store.read_text().splitlines()) >= 30:
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    started = time.monotonic()
    _, stderr = process.communicate(timeout=30)
    assert time.monotonic() - started < 10
    assert process.returncode == 130, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "run the same command again to resume" in lines[0], stderr
    kept = len(store.read_text().splitlines())
    assert kept >= 30
    assert not (out / "posterior.parquet").exists()  # nothing half-finished is published
    resumed = _calibrate(conf, out, tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{kept} reused" in resumed.stdout or "reused" in resumed.stdout
    pd.testing.assert_frame_equal(
        pd.read_parquet(whole / "posterior.parquet"), pd.read_parquet(out / "posterior.parquet")
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["calibrate", "nosuch"], "nosuch"),
        (["calibrate", "tiny", "--population", "0"], "--population=0: must be at least 1"),
        (
            ["calibrate", "tiny", "--hold-out", "1"],
            "--hold-out=1: the profile has 1 year of history",
        ),
        (["calibrate", "tiny", "--params", "sales.nosuch"], "sales.nosuch"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(conf, tmp_path, cli, args, message):
    out = tmp_path / "fit"
    done = cli([*args, "--out", str(out), "--config-dir", str(conf)], tmp_path)
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], done.stderr
    assert not out.exists()
    assert not (conf / "company" / "tiny_fitted.yaml").exists()
