"""``salesculture sweep --company``: every combination runs each posterior draw of a company.

One small sweep (2 leaderships x 2 seeds x 3 draws, one year, in a hand-written company's world)
run by the real command; its summaries, its table, a rerun of one job, the same sweep again,
and bad input.
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
from salesculture.sim.runs.aggregate import aggregate
from salesculture.sim.runs.companyworld import CONFIGS_DIR, DRAW_GROUP
from tests.companyfit import TURNOVER, WIN_RATE, WORLD, write_fit

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
DRAWS = 3
SWEEP = ["leadership=sales_driven,sales_led", "seed=0,1", "years=1"]


def command(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The real command, from this checkout's code, in ``cwd``."""
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "salesculture.sim.cli", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def sweep_args(fit: Path, directory: Path) -> list[str]:
    return ["sweep", "--company", str(fit), "--draws", str(DRAWS), *SWEEP,
            f"hydra.sweep.dir={directory}"]  # fmt: skip


@pytest.fixture(scope="module")
def swept(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess]:
    """The fit, the sweep's directory and the command's output."""
    root = tmp_path_factory.mktemp("company_sweep")
    fit = write_fit(root / "fit")
    done = command(sweep_args(fit, root / "sweep"), root)
    assert done.returncode == 0, done.stderr
    return fit, root / "sweep", done


def summaries(directory: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(directory.rglob("summary.json"))]


def value(config: dict, dotted: str):
    for part in dotted.split("."):
        config = config[part]
    return config


def test_each_job_runs_its_draw_in_the_companys_world(swept) -> None:
    fit, directory, _ = swept
    points = load_posterior(str(fit)).draws(DRAWS)
    found = summaries(directory)
    assert len(found) == 2 * 2 * DRAWS
    for summary in found:
        draw = next(o for o in summary["overrides"] if DRAW_GROUP in o).split("=")[1]
        index = int(draw.removeprefix("draw").split("of")[0])
        for key in (WIN_RATE, TURNOVER):
            assert value(summary["config"], key) == points[index][key]
        for fact in WORLD:
            key, text = fact.split("=")
            assert value(summary["config"], key) == int(text)
        assert summary["config_dirs"] == [str((fit / CONFIGS_DIR).resolve())]
    assert {summary["axes"]["leadership"] for summary in found} == {"sales_driven", "sales_led"}


def test_the_table_pools_draws_and_seeds_and_pairs_by_both(swept) -> None:
    _, directory, done = swept
    assert "company acme" in done.stdout and f"each row pools {DRAWS} draws x 2 seeds" in (
        done.stdout
    )
    results = pd.read_parquet(directory / "results.parquet")
    assert list(dict.fromkeys(results.configuration)) == [
        "leadership=sales_driven",
        "leadership=sales_led",
    ]
    assert results[DRAW_GROUP].nunique() == DRAWS
    rows = {
        (r["scenario"], r["metric"]): r
        for r in aggregate(directory, write=False).comparison.results()
    }
    wide = results.pivot_table(index=[DRAW_GROUP, "seed"], columns="configuration", values="profit")
    led, driven = wide["leadership=sales_led"], wide["leadership=sales_driven"]
    assert rows["leadership=sales_led", "profit"]["mean"] == pytest.approx(led.mean())
    paired = rows["leadership=sales_led", "profit"]["diff_mean"]
    assert paired == pytest.approx((led - driven).mean())
    assert len(set(led.round(0))) > 2  # the draws and seeds differ: not one run repeated


def test_rerun_of_a_job_reproduces_it(swept) -> None:
    _, directory, _ = swept
    run = next(directory.rglob("summary.json")).parent
    done = command(["rerun", str(run)], directory.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "identical" in done.stdout


def test_the_same_sweep_again_resumes_and_leaves_the_draw_files_as_they_were(swept) -> None:
    fit, directory, _ = swept
    files = sorted((fit / CONFIGS_DIR / DRAW_GROUP).glob("*.yaml"))
    assert [p.stem for p in files] == [f"draw{i:02d}of{DRAWS}" for i in range(DRAWS)]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    again = command(sweep_args(fit, directory), directory.parent)
    assert again.returncode == 0, again.stderr
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before
    assert len(summaries(directory)) == 2 * 2 * DRAWS


def refused(argv: list[str], capsys) -> str:
    """The one error line of a command that must refuse ``argv`` with exit code 2."""
    assert main(argv) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_bad_input_is_one_line_and_writes_nothing(tmp_path, capsys) -> None:
    fit = write_fit(tmp_path / "fit")
    out = tmp_path / "sweep"
    line = refused(["sweep", "--company", str(tmp_path / "none"), "years=1",
                    f"hydra.sweep.dir={out}"], capsys)  # fmt: skip
    assert "--company" in line and "calibrate" in line
    line = refused(["sweep", "--company", str(fit), "--draws", "0", "years=1",
                    f"hydra.sweep.dir={out}"], capsys)  # fmt: skip
    assert "--draws=0" in line
    line = refused(["sweep", "--draws", "3", "years=1", f"hydra.sweep.dir={out}"], capsys)
    assert "--draws=3" in line and "--company" in line
    line = refused(["sweep", "--company", str(fit), "market.customers=many",
                    f"hydra.sweep.dir={out}"], capsys)  # fmt: skip
    assert "market.customers" in line
    assert not out.exists() and not (fit / CONFIGS_DIR).exists()


def test_a_preset_whose_axis_the_world_sets_is_refused(tmp_path, capsys) -> None:
    fit = write_fit(tmp_path / "fit", world=[*WORLD, "leadership=sales_driven"])
    out = tmp_path / "sweep"
    line = refused(["sweep", "--company", str(fit), "--draws", "2", "scenario=baseline,sales_led",
                    "years=1", f"hydra.sweep.dir={out}"], capsys)  # fmt: skip
    assert "scenario=sales_led" in line and "leadership=sales_driven" in line
    assert not out.exists() and not (fit / CONFIGS_DIR).exists()
