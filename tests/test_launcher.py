"""The salesculture launcher (the sweep's default): the files and results of Hydra's joblib
launcher, each configuration composed once, finished runs skipped, ``.hydra/`` records rendered
as Hydra renders them."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import CLI
from omegaconf import OmegaConf

from salesculture.sim.config.compose import compose_hydra
from salesculture.sim.runs.hydrarecords import (
    CONFIG_FILE,
    HYDRA_FILE,
    OVERRIDES_FILE,
    Records,
    writable,
)

#: 2 presets x 2 seeds x 1 year of the default model.
SWEEP = ["scenario=baseline,sales_led", "seed=range(3,5)", "years=1"]
RUNS = [f"scenario={p},seed={s},years=1" for p in ("baseline", "sales_led") for s in (3, 4)]
#: What differs in ``hydra.yaml`` between launchers, sweep directories and working directories.
LAUNCHER_KEYS = (("launcher",), ("sweep", "dir"), ("runtime", "output_dir"), ("runtime", "cwd"))


def sweep(directory: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run the sweep into ``directory`` with the real console script."""
    return subprocess.run(
        [str(CLI), "sweep", *SWEEP, f"hydra.sweep.dir={directory}", *extra],
        cwd=directory.parent,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sweep under the default launcher, and under Hydra's joblib launcher."""
    mine = tmp_path_factory.mktemp("salesculture") / "sweep"
    theirs = tmp_path_factory.mktemp("joblib") / "sweep"
    for directory, extra in ((mine, []), (theirs, ["hydra/launcher=joblib"])):
        done = sweep(directory, *extra)
        assert done.returncode == 0, done.stderr[-3000:]
    return mine, theirs


def _hydra_node(path: Path) -> dict:
    """``hydra.yaml`` without what depends on the launcher or the directory."""
    node = yaml.safe_load(path.read_text())["hydra"]
    for keys in LAUNCHER_KEYS:
        parent = node
        for key in keys[:-1]:
            parent = parent[key]
        parent.pop(keys[-1])
    node["overrides"]["hydra"] = [
        o for o in node["overrides"]["hydra"] if not o.startswith(("hydra.sweep.dir=", "hydra/"))
    ]
    node["runtime"]["choices"].pop("hydra/launcher")
    return node


@pytest.mark.slow
def test_the_default_launcher_is_salesculture(both) -> None:
    mine, theirs = both
    run = mine / RUNS[0] / ".hydra" / HYDRA_FILE
    assert yaml.safe_load(run.read_text())["hydra"]["runtime"]["choices"]["hydra/launcher"] == (
        "salesculture"
    )
    run = theirs / RUNS[0] / ".hydra" / HYDRA_FILE
    assert yaml.safe_load(run.read_text())["hydra"]["runtime"]["choices"]["hydra/launcher"] == (
        "joblib"
    )


@pytest.mark.slow
def test_runs_have_the_results_and_records_of_the_joblib_launcher(both) -> None:
    mine, theirs = both
    assert sorted(p.name for p in mine.iterdir() if p.is_dir()) == RUNS
    for run in RUNS:
        a, b = mine / run, theirs / run
        assert json.loads((a / "summary.json").read_text()) == json.loads(
            (b / "summary.json").read_text()
        )
        assert (a / "timeseries.parquet").read_bytes() == (b / "timeseries.parquet").read_bytes()
        for name in (CONFIG_FILE, OVERRIDES_FILE):
            assert (a / ".hydra" / name).read_text() == (b / ".hydra" / name).read_text()
        assert _hydra_node(a / ".hydra" / HYDRA_FILE) == _hydra_node(b / ".hydra" / HYDRA_FILE)
        log = (a / "salesculture.log").read_text().splitlines()
        assert len(log) == 1 and "[salesculture][INFO] - " in log[0] and "(model " in log[0]
    assert (mine / "results.parquet").exists() and (mine / "report.md").exists()


@pytest.mark.slow
def test_a_sweep_run_again_skips_its_finished_runs(both) -> None:
    mine, _ = both
    (mine / RUNS[1] / "summary.json").unlink()
    before = {
        run: (mine / run / "summary.json").stat().st_mtime_ns for run in RUNS if run != RUNS[1]
    }
    done = sweep(mine)
    assert done.returncode == 0, done.stderr[-3000:]
    after = {run: (mine / run / "summary.json").stat().st_mtime_ns for run in before}
    assert after == before
    assert (mine / RUNS[1] / "summary.json").exists()
    assert "already finished, skipped" in (mine / RUNS[0] / "salesculture.log").read_text()


@pytest.mark.parametrize(
    "overrides",
    [
        ["seed=7", "years=1"],
        ["scenario=sales_led", "seed=12", "scenario.name='a: b'"],
        [],
    ],
    ids=["plain", "quoted", "none"],
)
def test_records_are_the_text_hydra_renders(overrides: list[str]) -> None:
    job = compose_hydra(["seed=0", *[o for o in overrides if not o.startswith("seed=")]])
    records = Records.of(copy.deepcopy(job))
    seed = next((int(o.split("=")[1]) for o in overrides if o.startswith("seed=")), None)
    output_dir = "/tmp/sweep dir/" + ",".join(overrides)
    texts = records.render(seed, overrides, ",".join(overrides), "salesculture_5", 5, output_dir)
    with writable(job):
        if seed is not None:
            job.seed = seed
        job.hydra.overrides.task = overrides
        job.hydra.job.override_dirname = ",".join(overrides)
        job.hydra.job.id = "salesculture_5"
        job.hydra.job.num = 5
        job.hydra.runtime.output_dir = output_dir
    task = OmegaConf.masked_copy(job, [k for k in job if k != "hydra"])
    assert texts[CONFIG_FILE] == OmegaConf.to_yaml(task)
    assert texts[HYDRA_FILE] == OmegaConf.to_yaml(OmegaConf.masked_copy(job, ["hydra"]))
    assert texts[OVERRIDES_FILE] == OmegaConf.to_yaml(job.hydra.overrides.task)
