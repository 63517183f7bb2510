"""Mesa's habits: ``SalesCultureModel(rng=, scenario=, **parameters)``, ``run_model()``, and
``mesa.batch_run`` over presets, parameters and seeds giving a sweep's numbers.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import mesa
import pandas as pd
import pytest

import salesculture as sc
from salesculture.sim.config.errors import ConfigError
from salesculture.sim.runs.provenance import REPO_ROOT
from salesculture.sim.world.indicators import MODEL_REPORTERS
from salesculture.sim.world.model import SalesCultureModel
from tests.test_python_api import SMALL, SMALL_SET

#: Reporters of the data collector that are also summary metrics: at the last week they are
#: the run's (revenue and profit to date, the final customers, believer share and belief).
SHARED = ("revenue", "profit", "customers", "believer_share", "mean_belief")


@pytest.fixture
def restore_start_method() -> Iterator[None]:
    """``mesa.batch_run`` forces multiprocessing's start method to spawn; put it back after."""
    before = multiprocessing.get_start_method(allow_none=True)
    yield
    multiprocessing.set_start_method(before, force=True)


def test_keywords_build_the_preset_the_command_line_composes() -> None:
    model = SalesCultureModel(rng=4, scenario="sales_led", years=1, sales__base_win_rate=0.25)
    assert model.seed == 4 and model.cfg.seed == 0  # rng overrides the configuration's seed
    expected = sc.compose("sales_led", years=1, sales__base_win_rate=0.25)
    assert model.cfg == expected
    assert SalesCultureModel(rng=1).cfg == sc.compose("baseline")
    assert SalesCultureModel(rng=1).cfg.scenario.description  # the preset's, not the schema's


def test_run_model_and_the_data_collector_give_the_runs_numbers() -> None:
    model = SalesCultureModel(rng=2, scenario="sales_led", years=1, **SMALL)
    model.run_model()
    frame = model.datacollector.get_model_vars_dataframe()
    assert list(frame.columns) == list(MODEL_REPORTERS)
    assert len(frame) == 53 and model.week == 52 and not model.running
    run = sc.run("sales_led", seed=2, years=1, **SMALL)
    for name in SHARED:
        assert frame[name].iloc[-1] == pytest.approx(run.metrics[name], rel=1e-9), name
    again = SalesCultureModel(rng=2, scenario="sales_led", years=1, **SMALL)
    again.run_model()
    pd.testing.assert_frame_equal(again.datacollector.get_model_vars_dataframe(), frame)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"sales__base_win_rat": 0.3}, ["sales__base_win_rat", "did you mean"]),
        ({"workforce__engineers": -3}, ["workforce.engineers", "-3"]),
        ({"scenario": "nope"}, ["scenario", "nope", "sales_led"]),
        ({"sales__base_win_rate": 0.2, "sales.base_win_rate": 0.3}, ["give it once"]),
    ],
    ids=["unknown", "range", "preset", "twice"],
)
def test_bad_keywords_are_one_line(kwargs: dict, words: list[str]) -> None:
    with pytest.raises(ConfigError) as raised:
        SalesCultureModel(rng=1, **kwargs)
    assert "\n" not in str(raised.value)
    assert all(word in str(raised.value) for word in words), str(raised.value)


def test_a_config_with_keywords_is_refused() -> None:
    config = sc.compose("baseline", years=1)
    with pytest.raises(ConfigError, match="not both"):
        SalesCultureModel(config, years=2)


@pytest.mark.slow
def test_batch_run_gives_what_a_sweep_of_the_same_design_gives(
    tmp_path: Path, restore_start_method: None
) -> None:
    """2 presets x 2 win rates x 2 seeds, by ``mesa.batch_run`` and by ``salesculture sweep``."""
    rows = mesa.batch_run(
        SalesCultureModel,
        parameters={
            "scenario": ["baseline", "sales_led"],
            "sales__base_win_rate": [0.2, 0.3],
            "years": 1,
            **SMALL,
        },
        rng=[0, 1],
        max_steps=10_000,
        number_processes=1,
        display_progress=False,
    )
    mesa_table = pd.DataFrame(rows)
    assert len(mesa_table) == 8 and set(mesa_table.Step) == {52}

    directory = tmp_path / "sweep"
    design = ["scenario=baseline,sales_led", "sales.base_win_rate=0.2,0.3", "seed=0,1", "years=1"]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "salesculture.sim.cli", "sweep", *design, *SMALL_SET,
         f"hydra.sweep.dir={directory}"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    swept = sc.read_sweep(directory).results
    assert len(swept) == 8

    keys = ["scenario", "sales.base_win_rate", "seed"]
    mesa_table = mesa_table.rename(columns={"sales__base_win_rate": keys[1], "rng": "seed"})
    joined = mesa_table.merge(swept, on=keys, suffixes=("_mesa", "_sweep"), validate="1:1")
    assert len(joined) == 8
    for name in SHARED:
        pd.testing.assert_series_equal(
            joined[f"{name}_mesa"], joined[f"{name}_sweep"], check_names=False, check_dtype=False,
            rtol=1e-9,
        )  # fmt: skip
    assert joined.profit_mesa.nunique() == 8  # every run its own numbers
