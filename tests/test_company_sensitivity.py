"""``salesculture sensitivity --company``: a screening centred on a company's fit.

The base configuration is the company's world at its posterior mean; a fitted parameter is
screened over its posterior's 5-95 % range, any other over ± --spread as before. A tiny design
(2 parameters, 2 Morris trajectories, one seed, one year: 6 runs) in a hand-written company.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from salesculture.sim.cli import main
from salesculture.sim.config.posterior import load_posterior
from salesculture.sim.study.sensitivity import plan
from tests.companyfit import MEAN, RANGE, TURNOVER, WIN_RATE, WORLD, write_fit

ROOT = Path(__file__).resolve().parent.parent
OTHER = "costs.salary_engineer"
TINY = ["sensitivity", "--params", f"{WIN_RATE},{OTHER}", "--metric", "cost",
        "--trajectories", "2", "--seeds", "1", "--years", "1", "--spread", "0.5"]  # fmt: skip


@pytest.fixture(scope="module")
def screened(tmp_path_factory) -> tuple[dict, pd.DataFrame, subprocess.CompletedProcess]:
    """The tiny design run by the real command: sensitivity.json, indices.csv, the output."""
    root = tmp_path_factory.mktemp("company_sens")
    fit = write_fit(root / "fit")
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "salesculture.sim.cli", *TINY, "--company", str(fit),
         "--out", "out"],
        cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    record = json.loads((root / "out" / "sensitivity.json").read_text())
    return record, pd.read_csv(root / "out" / "indices.csv"), done


def test_the_base_configuration_is_the_companys_world_at_its_posterior_mean(screened) -> None:
    record, _, done = screened
    base = record["design"]["configs"]["baseline"]
    assert base["sales"]["base_win_rate"] == pytest.approx(MEAN[WIN_RATE])
    assert base["staffing"]["sales_turnover_per_year"] == pytest.approx(MEAN[TURNOVER])
    for fact in WORLD:
        section, key = fact.split("=")[0].split(".")
        assert base[section][key] == int(fact.split("=")[1])
    assert record["design"]["company"]["name"] == "acme"
    assert "--company" in record["command"]
    assert "centred on company acme" in done.stdout and "5-95 %" in done.stdout


def test_a_fitted_parameter_spans_its_posterior_5_95_range_the_others_the_spread(
    screened,
) -> None:
    record, table, _ = screened
    factors = {f["name"]: f for f in record["design"]["factors"]}
    fitted, other = factors[WIN_RATE], factors[OTHER]
    assert (fitted["low"], fitted["high"]) == pytest.approx(RANGE[WIN_RATE])
    assert fitted["value"] == pytest.approx(MEAN[WIN_RATE])
    assert (other["low"], other["high"]) == pytest.approx(
        (other["value"] * 0.5, other["value"] * 1.5)
    )
    ranges = table.set_index("parameter")
    assert (ranges.loc[WIN_RATE, "low"], ranges.loc[WIN_RATE, "high"]) == pytest.approx(
        RANGE[WIN_RATE]
    )


def test_the_posterior_range_leaves_at_most_5_percent_of_the_weight_on_each_side(
    tmp_path,
) -> None:
    from salesculture.sim.runs.companyworld import posterior_range

    posterior = load_posterior(str(write_fit(tmp_path / "fit")))
    sample = posterior.sample
    for name in (WIN_RATE, TURNOVER):
        low, high = posterior_range(posterior, name)
        assert (low, high) == pytest.approx(RANGE[name])
        assert sample.weight[sample[name] < low].sum() <= 0.05
        assert sample.weight[sample[name] > high].sum() <= 0.05


def test_each_preset_keeps_its_own_regime_choice_over_the_companys(tmp_path) -> None:
    world = [*WORLD, "leadership=sales_driven", "incentives=values_based"]
    company = load_posterior(str(write_fit(tmp_path / "fit", world=world)))
    design = plan(
        metric="cost",
        presets=["baseline", "sales_led"],
        params=[WIN_RATE],
        trajectories=2,
        seeds=1,
        years=1,
        company=company,
    )
    baseline, sales_led = design.configs["baseline"], design.configs["sales_led"]
    assert baseline.leadership.regime == "sales_driven"  # the company's
    assert sales_led.leadership.regime == "sales_led"  # the preset's own choice
    assert baseline.incentives.regime == sales_led.incentives.regime == "values_based"
    assert sales_led.market.customers == 1500


def test_an_unfitted_company_is_one_line_and_writes_nothing(tmp_path, capsys) -> None:
    out = tmp_path / "out"
    assert main([*TINY, "--company", str(tmp_path / "none"), "--out", str(out)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "--company" in lines[0] and "calibrate" in lines[0]
    assert not out.exists()
