"""``calibrate --launcher``: a fit's simulations as sweeps under Hydra's launchers.

The key property: a fit gives the same posterior, bit for bit, under a launcher as on the local
worker pool. The fit here is tiny (4 particles, one generation after the prior sample, a
3-draw check: about 16 one-year simulations in three batches); Ray runs it whole, SLURM
(submitit's local executor, as in tests/test_sweep.py) one batch, its figures against the pool's.
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import needs, run_cli
from test_company_cli import PROFILE
from test_company_fit import WORLD

from salesculture.sim.commands.sweep import launch_checked
from salesculture.sim.config.compose import compose_config
from salesculture.sim.config.errors import ConfigError
from salesculture.sim.runs.interrupts import Interrupted
from salesculture.sim.runs.sweepdir import LAUNCHER_EXTRAS
from salesculture.sim.study.calibration.figures import observe
from salesculture.sim.study.calibration.fit import FitProblem, Observed, Settings, calibrate
from salesculture.sim.study.calibration.launched import (
    POINT_GROUP,
    POINTS_DIR,
    SWEEPS_DIR,
    LaunchedBatches,
    check_settings,
    launcher_overrides,
)
from salesculture.sim.study.calibration.store import STORE_FILE, SimulationStore

pytest.importorskip("pyabc")

PROBLEM = FitProblem(
    "tiny",
    WORLD,
    1,
    [
        Observed("win_rate", 1, 0.26, 0.03),
        Observed("revenue", 1, 2.9e6, 2e5),
        Observed("customers", 1, 118, 8),
        Observed("rep_turnover", 1, 0.3, 0.08),
    ],
    ["sales.base_win_rate", "staffing.sales_turnover_per_year"],
)
SMALL = Settings(population=4, generations=1, simulations=12, check_draws=3, jobs=2)


def _launched(directory: Path, launcher: str, *settings: str) -> LaunchedBatches:
    plugin = LAUNCHER_EXTRAS.get(launcher.split("_")[0])
    if plugin is not None:  # the ray or slurm extra: skipped without it (a failure under CI)
        needs(*plugin)
    overrides = launcher_overrides(launcher, list(settings))
    sweep = functools.partial(launch_checked, quiet=True)
    return LaunchedBatches(PROBLEM.company, WORLD, directory, overrides, sweep)


@pytest.fixture(scope="module")
def pooled(tmp_path_factory):
    """The small fit on the local worker pool: the reference."""
    return calibrate(PROBLEM, tmp_path_factory.mktemp("pool"), SMALL, progress=False)


@pytest.mark.slow
def test_a_fit_under_the_basic_launcher_is_the_pool_fit_and_resumes(pooled, tmp_path):
    directory = tmp_path / "fit"
    first = calibrate(PROBLEM, directory, SMALL, False, _launched(directory, "basic"))
    pd.testing.assert_frame_equal(pooled.sample, first.sample)
    pd.testing.assert_frame_equal(pooled.check, first.check)
    assert first.simulations == pooled.simulations
    points = list((directory / POINTS_DIR / POINT_GROUP).glob("pt_*.yaml"))
    assert len(points) == len((directory / STORE_FILE).read_text().splitlines())
    # a stop in the last batch: half the store kept, one run of the last sweep never finished
    lines = (directory / STORE_FILE).read_text().splitlines()
    (directory / STORE_FILE).write_text("\n".join(lines[: len(lines) // 2]) + "\n")
    last = max((directory / SWEEPS_DIR).iterdir(), key=lambda p: (p / "sweep.json").stat().st_mtime)
    runs = sorted(p for p in last.iterdir() if p.name.startswith(f"+{POINT_GROUP}="))
    shutil.rmtree(runs[0])
    resumed = calibrate(PROBLEM, directory, SMALL, False, _launched(directory, "basic"))
    pd.testing.assert_frame_equal(pooled.sample, resumed.sample)
    assert resumed.reused == len(lines) // 2
    ran = [p.name for p in runs if "skipped" not in (p / "salesculture.log").read_text()]
    assert ran == [runs[0].name]  # the sweep's own resume: only the unfinished run ran again


@pytest.mark.slow
def test_a_fit_under_ray_is_the_pool_fit(pooled, tmp_path):
    directory = tmp_path / "fit"
    launch = _launched(directory, "ray_local", "ray.init.num_cpus=2")
    try:
        result = calibrate(PROBLEM, directory, SMALL, False, launch)
    finally:
        import ray

        ray.shutdown()
    pd.testing.assert_frame_equal(pooled.sample, result.sample)
    assert result.simulations == pooled.simulations


@pytest.mark.slow
def test_a_batch_under_slurm_gives_the_pool_figures(tmp_path):
    base = compose_config([*WORLD, "years=1"])
    configs = [base.__class__(**{**base.__dict__, "seed": seed}) for seed in (3, 4)]
    kept: dict[int, dict[str, float]] = {}
    _launched(tmp_path, "slurm_local")(configs, kept.__setitem__)
    assert [kept[i] for i in range(2)] == [observe(config) for config in configs]


def test_an_interrupted_batch_is_one_line_and_keeps_the_store(tmp_path):
    def interrupted(plan, overrides, say):
        return say("interrupted; finished runs are kept in SWEEP", 130)

    launch = LaunchedBatches("tiny", WORLD, tmp_path, launcher_overrides("basic", []), interrupted)
    store = SimulationStore(tmp_path, launch)
    config = compose_config([*WORLD, "years=1"])
    with pytest.raises(Interrupted, match="run the same command again to resume"):
        store.evaluate([config], observe, 1)


@pytest.mark.parametrize(
    ("launcher", "settings", "message"),
    [
        ("joblib", ["nope=1"], "--launcher-set=nope=1: the joblib launcher has no setting 'nope'"),
        ("joblib", ["n_jobs=x"], "--launcher-set=n_jobs=x: Value 'x'"),
        ("ray_local", ["ray.init.nope=1"], "ray.init's settings: address, num_cpus"),
        ("basic", ["+foo=1"], "+KEY=VALUE adds a key inside one of the launcher's settings"),
        ("basic", ["n_jobs"], "--launcher-set=n_jobs: give KEY=VALUE"),
    ],
)
def test_a_bad_launcher_setting_is_named(launcher, settings, message):
    with pytest.raises(ConfigError, match=message.replace("+", r"\+").replace(".", r"\.")):
        check_settings(launcher, settings)


def test_launcher_settings_need_a_launcher(tmp_path):
    from argparse import Namespace

    from salesculture.sim.commands.calibrate import launched

    args = Namespace(launcher=None, launcher_set=["n_jobs=2"])
    with pytest.raises(ConfigError, match="--launcher-set=n_jobs=2: only with --launcher NAME"):
        launched(args, PROBLEM, tmp_path / "fit")
    assert launched(Namespace(launcher=None, launcher_set=[]), PROBLEM, tmp_path) is None


def test_settings_the_launcher_has_pass():
    check_settings("joblib", ["n_jobs=2"])
    check_settings("ray_local", ["+ray.init.object_store_memory=null", "ray.init.num_cpus=1"])


@pytest.fixture
def conf(tmp_path: Path) -> Path:
    directory = tmp_path / "conf"
    (directory / "company").mkdir(parents=True)
    (directory / "company" / "tiny.yaml").write_text(PROFILE)
    return directory


@pytest.mark.slow
def test_bad_launcher_input_is_one_line_and_writes_nothing(conf, tmp_path):
    out = tmp_path / "fit"
    args = ["calibrate", "tiny", "--out", str(out), "--config-dir", str(conf)]
    done = run_cli([*args, "--launcher", "joblib", "--launcher-set", "n_jbos=2"], tmp_path)
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    message = "the joblib launcher has no setting 'n_jbos'; the joblib launcher's settings: n_jobs"
    assert len(lines) == 1 and message in lines[0], done.stderr
    assert not out.exists()
    assert not (conf / "company" / "tiny_fitted.yaml").exists()


@pytest.mark.slow
def test_calibrate_with_a_launcher_from_the_command_line(conf, tmp_path):
    out = tmp_path / "fit"
    args = ["calibrate", "tiny", "--population", "4", "--generations", "1", "--simulations", "8"]
    more = ["--launcher", "basic", "--out", str(out)]
    done = run_cli([*args, *more, "--config-dir", str(conf)], tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "parameters fitted to 4 observed figures" in done.stdout
    assert "mean_belief" not in done.stdout + done.stderr  # no sweep's table of its own
    sweeps = list((out / SWEEPS_DIR).glob("batch_*/sweep.json"))
    assert sweeps and (out / "posterior.parquet").is_file()
    import json

    command = json.loads((out / "fit.json").read_text())["command"]
    assert "--launcher basic" in command and POINTS_DIR not in command
    assert (conf / "company" / "tiny_fitted.yaml").is_file()


def test_a_table_of_runs_on_far_apart_seeds_lists_them():
    from salesculture.sim.runs.comparetable import _seeds

    # a fit's run seeds span billions: listing the range between them would exhaust memory
    assert _seeds([7, 1_092_313_128, 2_000_000_000]) == "7 1092313128 2000000000"
    assert _seeds([3, 4, 5]) == "3..5"
