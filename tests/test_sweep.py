"""``salesculture sweep`` and ``aggregate`` through the real CLI: the aggregated table, failures,
interruption and resume, agreement between launchers, bad input and short logs."""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import CLI, needs, run_cli
from sweep_faults import HERE, fail_at

from salesculture.sim.runs.aggregate import aggregate
from salesculture.sim.runs.sweepdir import LAUNCHER_EXTRAS
from salesculture.sim.world.metrics import SUMMARY_METRICS

#: The tiny sweep of the tests: 2 presets x 3 seeds x 1 year of the default model.
TINY = ["scenario=baseline,sales_led", "seed=range(0,3)", "years=1"]
PRESETS = ("baseline", "sales_led")
SEEDS = (0, 1, 2)

pytestmark = pytest.mark.slow


def sweep(directory: Path, *extra: str, env: dict | None = None, timeout: float = 300):
    """Run the tiny sweep into ``directory`` with the real console script."""
    return subprocess.run(
        [str(CLI), "sweep", *TINY, f"hydra.sweep.dir={directory}", *extra],
        cwd=directory.parent,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **with_faults(), **(env or {})},
        check=False,
    )


def with_faults() -> dict[str, str]:
    """``PYTHONPATH`` with this directory first: every worker can load the test callbacks."""
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")]))}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """The tiny sweep under the default launcher (salesculture), uninterrupted."""
    directory = tmp_path_factory.mktemp("reference") / "sweep"
    done = sweep(directory)
    assert done.returncode == 0, done.stderr
    return directory, done


def results(directory: Path) -> pd.DataFrame:
    return pd.read_parquet(directory / "results.parquet")


def test_aggregated_table_has_one_row_per_run_matching_its_summary(reference) -> None:
    directory, _ = reference
    table = results(directory)
    assert len(table) == 6
    assert list(zip(table.scenario, table.seed, strict=True)) == [
        (p, s) for p in PRESETS for s in SEEDS
    ]
    assert set(table.status) == {"ok"} and table.error.isna().all()
    assert list(table.configuration) == [p for p in PRESETS for _ in SEEDS]
    for row in table.itertuples(index=False):
        summary = json.loads((directory / row.run / "summary.json").read_text())
        assert summary["scenario"] == row.scenario and summary["seed"] == row.seed
        assert sorted(summary["overrides"]) == sorted(row.overrides.split())
        assert f"seed={row.seed}" in row.overrides.split()
        for metric in SUMMARY_METRICS:
            value = getattr(row, metric)
            assert (math.isnan(value) and math.isnan(summary[metric])) or value == summary[metric]
        assert row.commit == summary["commit"]


def test_report_compares_the_swept_values_paired_by_seed(reference) -> None:
    directory, done = reference
    report = (directory / "report.md").read_text()
    assert "6 runs: 6 ok, 0 failed" in report and "sales_led" in report
    assert (directory / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "6 runs: 6 ok, 0 failed" in done.stdout
    # The paired difference of the report equals one computed here from the table.
    table = results(directory)
    wide = table.pivot(index="seed", columns="scenario", values="revenue")
    paired = (wide["sales_led"] - wide["baseline"]).mean()
    rows = aggregate(directory, write=False).comparison.results()
    row = next(r for r in rows if r["scenario"] == "sales_led" and r["metric"] == "revenue")
    assert row["diff_mean"] == pytest.approx(paired, rel=1e-12)
    assert row["diff_ci_low"] < row["diff_mean"] < row["diff_ci_high"]
    assert row["mean"] == pytest.approx(wide["sales_led"].mean(), rel=1e-12)


def test_aggregate_command_rebuilds_the_same_table(reference, tmp_path: Path) -> None:
    directory, done = reference
    copy = tmp_path / "copy"
    shutil.copytree(directory, copy)
    for name in ("results.parquet", "report.md", "report.png"):
        (copy / name).unlink()
    again = run_cli(["aggregate", str(copy)], tmp_path)
    assert again.returncode == 0, again.stderr
    assert (copy / "results.parquet").read_bytes() == (directory / "results.parquet").read_bytes()
    assert again.stdout == done.stdout
    assert (copy / "report.png").exists()


def test_aggregate_merges_runs_copied_from_several_places(reference, tmp_path: Path) -> None:
    directory, _ = reference
    merged = tmp_path / "merged"
    for i, run in enumerate(sorted(p for p in directory.iterdir() if p.is_dir())):
        if run.name.startswith("scenario="):
            shutil.copytree(run, merged / f"machine{i % 2}" / run.name)
    report = aggregate(merged)
    mine = report.results.set_index(["scenario", "seed"]).sort_index()
    theirs = results(directory).set_index(["scenario", "seed"]).sort_index()
    assert len(mine) == 6
    assert mine[list(SUMMARY_METRICS)].equals(theirs[list(SUMMARY_METRICS)])


def test_missing_runs_are_reported_and_pairs_use_common_seeds(reference, tmp_path: Path) -> None:
    directory, _ = reference
    partial = tmp_path / "partial"
    shutil.copytree(directory, partial)
    shutil.rmtree(partial / "scenario=baseline,seed=2,years=1")
    report = aggregate(partial, write=False)
    assert len(report.results) == 5 and report.expected == 6
    assert "1 not finished" in report.table
    table = report.results
    wide = table.pivot(index="seed", columns="scenario", values="profit")
    expected = (wide["sales_led"] - wide["baseline"]).dropna()
    assert list(expected.index) == [0, 1]
    rows = report.comparison.results()
    row = next(r for r in rows if r["scenario"] == "sales_led" and r["metric"] == "profit")
    assert row["diff_mean"] == pytest.approx(expected.mean(), rel=1e-12)


def test_failed_run_is_recorded_and_the_others_complete(reference, tmp_path: Path) -> None:
    directory = tmp_path / "failing"
    done = sweep(directory, *fail_at((1, 10)))
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert "2 of 6 runs failed" in last and "report.md" in last
    table = results(directory)
    assert len(table) == 6
    failed = table[table.status == "failed"]
    assert list(failed.seed) == [1, 1]
    assert failed.error.str.contains("week 10").all()
    assert failed[list(SUMMARY_METRICS)].isna().all().all()
    for run in failed.run:
        assert (directory / run / "failure.json").exists()
        assert not (directory / run / "summary.json").exists()
        assert not (directory / run / "timeseries.parquet").exists()
        record = json.loads((directory / run / "failure.json").read_text())
        assert "InjectedError" in record["traceback"]
    ok = table[table.status == "ok"].reset_index(drop=True)
    ref = results(reference[0])
    ref = ref[ref.seed != 1].reset_index(drop=True)
    assert ok[list(SUMMARY_METRICS)].equals(ref[list(SUMMARY_METRICS)])
    assert "## Failed runs" in (directory / "report.md").read_text()


def test_interrupted_sweep_resumes_to_the_same_results(reference, tmp_path: Path) -> None:
    directory = tmp_path / "interrupted"
    command = [str(CLI), "sweep", *TINY, f"hydra.sweep.dir={directory}"]
    # A new session stands for the terminal's foreground process group: Ctrl-C sends SIGINT
    # to the command and to its workers alike.
    process = subprocess.Popen(
        command,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not list(directory.glob("*/summary.json")):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=60)
    finished = list(directory.glob("*/summary.json"))
    assert process.returncode == 130, err
    assert "interrupted" in err and "run the same command again" in err
    assert 1 <= len(finished) < 6
    assert not (directory / "results.parquet").exists()
    recorded = (directory / "sweep.json").read_text()
    assert not list(directory.rglob("*.tmp"))

    resumed = sweep(directory)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(finished)} finished earlier" in resumed.stderr
    assert (directory / "sweep.json").read_text() == recorded  # the same sweep, resumed
    skipped = [
        line
        for run in directory.glob("*/salesculture.log")
        for line in run.read_text().splitlines()
        if "already finished, skipped" in line
    ]
    assert len(skipped) == len(finished)
    ref = reference[0] / "results.parquet"
    assert (directory / "results.parquet").read_bytes() == ref.read_bytes()


def test_a_result_made_with_another_configuration_runs_again(reference, tmp_path: Path) -> None:
    directory = tmp_path / "changed"
    shutil.copytree(reference[0], directory)
    changed = directory / "scenario=sales_led,seed=1,years=1" / "summary.json"
    summary = json.loads(changed.read_text())
    summary["config"]["market"]["customers"] += 1  # as if a default had changed since
    summary["revenue"] = -1.0
    changed.write_text(json.dumps(summary))
    for log in directory.glob("*/salesculture.log"):
        log.unlink()
    done = sweep(directory)
    assert done.returncode == 0, done.stderr
    ran = [
        p.parent.name
        for p in directory.glob("*/salesculture.log")
        if "skipped" not in p.read_text()
    ]
    assert ran == [changed.parent.name]
    ref = reference[0] / "results.parquet"
    assert (directory / "results.parquet").read_bytes() == ref.read_bytes()


@pytest.mark.parametrize("launcher", ["joblib", "basic", "ray_local", "slurm_local"])
def test_launchers_give_the_same_results(launcher: str, reference, tmp_path: Path) -> None:
    plugin = LAUNCHER_EXTRAS.get(launcher.split("_")[0])
    if plugin is not None:  # the ray or slurm extra: skipped without it (a failure under CI)
        needs(*plugin)
    directory = tmp_path / launcher
    done = sweep(directory, f"hydra/launcher={launcher}", timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    mine, ref = results(directory), results(reference[0])
    assert list(mine.run) == list(ref.run)
    assert mine[list(SUMMARY_METRICS)].equals(ref[list(SUMMARY_METRICS)])
    assert mine.drop(columns="commit").equals(ref.drop(columns="commit"))


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("scenario=baseline,nope", ["scenario", "nope", "sales_led"]),
        ("market.customers=2000,-5", ["market.customers", "-5"]),
        ("market.custmers=1,2", ["market.custmers", "unknown key"]),
        ("seed=0,x", ["seed", "x", "integer"]),
        ("hydra/launcher=nope", ["hydra/launcher", "nope", "joblib", "ray_local"]),
    ],
    ids=["unknown_scenario", "out_of_range", "unknown_key", "bad_seed", "unknown_launcher"],
)
def test_bad_sweep_input_is_one_line_and_writes_nothing(
    override: str, expected: list[str], tmp_path: Path
) -> None:
    directory = tmp_path / "bad"
    done = run_cli(["sweep", override, "years=1", f"hydra.sweep.dir={directory}"], tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for word in expected:
        assert word in lines[0]
    assert not directory.exists()


def test_each_job_log_is_short_and_the_console_quiet(reference) -> None:
    directory, done = reference
    logs = sorted(directory.glob("*/salesculture.log"))
    assert len(logs) == 6
    for log in logs:
        lines = log.read_text().splitlines()
        assert len(lines) == 1 and "revenue" in lines[0]
    assert "MESA" not in done.stdout + done.stderr
    assert len(done.stderr.strip().splitlines()) <= 4, done.stderr


def test_aggregate_of_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    done = run_cli(["aggregate", str(tmp_path / "nowhere")], tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"salesculture: error: {tmp_path / 'nowhere'}: no such directory"
    ]


def test_results_guide_examples_run_on_a_sweep(reference, capsys) -> None:
    """The Python examples of docs/results.md, run in order on a real sweep directory."""
    import re

    from salesculture.sim.runs.provenance import REPO_ROOT

    directory, _ = reference
    guide = (REPO_ROOT / "docs" / "results.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", guide, flags=re.DOTALL)
    assert blocks and blocks[0].startswith('SWEEP = "outputs/sweeps/results_demo"')
    blocks[0] = blocks[0].replace('"outputs/sweeps/results_demo"', repr(str(directory)), 1)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/results.md", "exec"), namespace)
    assert list(namespace["table"]["count"]) == [3, 3]
    weekly = namespace["weekly"]
    assert set(weekly.configuration) == set(PRESETS)
    assert len(weekly) == 2 * 52
    assert "sales_led - baseline" in capsys.readouterr().out


# --- one sweep per directory ------------------------------------------------------------------


def snapshot(directory: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``directory`` with its size and modification time."""
    return {
        p.relative_to(directory).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def test_sweep_directory_records_its_sweep(reference) -> None:
    directory, _ = reference
    record = json.loads((directory / "sweep.json").read_text())
    assert record["sweeps"] == [TINY]
    assert sorted(map(sorted, record["runs"])) == sorted(
        sorted([f"scenario={p}", f"seed={s}", "years=1"]) for p in PRESETS for s in SEEDS
    )
    assert [c["overrides"] for c in record["configurations"]] == [
        [f"scenario={p}", "years=1"] for p in PRESETS
    ]
    assert {c["years"] for c in record["configurations"]} == {1}
    assert len({c["hash"] for c in record["configurations"]}) == 2


@pytest.mark.parametrize(
    ("change", "merge"),
    [(["years=2"], False), (["years=2"], True), (["market.customers=2000"], True)],
    ids=["other_horizon", "merge_other_horizon", "merge_other_setting"],
)
def test_another_sweep_into_the_directory_is_one_line_and_writes_nothing(
    change: list[str], merge: bool, reference, tmp_path: Path
) -> None:
    directory = tmp_path / "taken"
    shutil.copytree(reference[0], directory)
    before = snapshot(directory)
    overrides = [o for o in TINY if o.split("=")[0] not in {c.split("=")[0] for c in change}]
    args = ["sweep", *(["--merge"] if merge else []), *overrides, *change]
    done = run_cli([*args, f"hydra.sweep.dir={directory}"], tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert str(directory) in lines[0] and "new directory" in lines[0]
    if not merge:
        assert "--merge" in lines[0] and "years=1" in lines[0]
    elif "years=2" in change:
        assert "horizon" in lines[0] and "years=2" in lines[0] and "years=1" in lines[0]
    else:
        assert "market.customers" in lines[0]
    assert snapshot(directory) == before


def test_a_directory_resolved_by_hydra_is_checked_before_any_run(reference, tmp_path: Path) -> None:
    """A directory given with an interpolation is known only to Hydra: the callback stops it."""
    directory = tmp_path / "taken"
    shutil.copytree(reference[0], directory)
    before = snapshot(directory)
    other = ["scenario=baseline", "seed=range(0,3)", "years=2"]
    done = run_cli(["sweep", *other, f"hydra.sweep.dir={directory}${{oc.env:NOPE,''}}"], tmp_path)
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .startswith(f"salesculture: error: {directory} holds another sweep")
    ), done.stderr
    assert snapshot(directory) == before


def test_runs_of_another_sweep_without_a_record_are_refused(reference, tmp_path: Path) -> None:
    """A directory made before sweep.json existed is only adopted by its own sweep."""
    directory = tmp_path / "old"
    shutil.copytree(reference[0], directory)
    (directory / "sweep.json").unlink()
    before = snapshot(directory)
    other = ["scenario=baseline", "seed=range(0,3)", "years=2", f"hydra.sweep.dir={directory}"]
    done = run_cli(["sweep", *other], tmp_path)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "another sweep" in done.stderr and str(directory) in done.stderr
    assert snapshot(directory) == before


def test_merge_with_the_same_horizon_adds_configurations(reference, tmp_path: Path) -> None:
    directory = tmp_path / "merged"
    shutil.copytree(reference[0], directory)
    for log in directory.glob("*/salesculture.log"):
        log.unlink()
    extra = ["scenario=cross_functional", "seed=range(0,2)", "years=1"]
    done = subprocess.run(
        # --merge between overrides: the overrides after it still count, in order
        [str(CLI), "sweep", extra[0], "--merge", *extra[1:], f"hydra.sweep.dir={directory}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    record = json.loads((directory / "sweep.json").read_text())
    assert record["sweeps"] == [TINY, extra]
    assert len(record["runs"]) == 8 and len(record["configurations"]) == 3
    table = results(directory)
    assert (
        list(table.configuration) == [p for p in PRESETS for _ in SEEDS] + ["cross_functional"] * 2
    )
    assert set(table.years) == {1}
    ref = results(reference[0])
    assert table[: len(ref)][list(SUMMARY_METRICS)].equals(ref[list(SUMMARY_METRICS)])
    assert "3 configurations" in done.stdout and "8 runs: 8 ok" in done.stdout
    assert "merged sweeps" in (directory / "report.md").read_text()
    ran = sorted(p.parent.name for p in directory.glob("*/salesculture.log"))
    assert ran == [f"scenario=cross_functional,seed={s},years=1" for s in (0, 1)]


def test_aggregate_of_a_directory_without_runs_writes_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    done = run_cli(["aggregate", str(empty)], tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"salesculture: error: {empty}: no finished runs (no summary.json or failure.json found)"
    ]
    assert list(empty.iterdir()) == []


def test_aggregate_refuses_runs_of_different_horizons(reference, tmp_path: Path) -> None:
    """Runs copied together from sweeps of two horizons are not compared."""
    directory = tmp_path / "mixed"
    shutil.copytree(reference[0], directory)
    for name in ("results.parquet", "report.md", "report.png", "sweep.json", "multirun.yaml"):
        (directory / name).unlink()
    longer = directory / "elsewhere" / "scenario=baseline,seed=0,years=2"
    shutil.copytree(directory / "scenario=baseline,seed=0,years=1", longer)
    summary = json.loads((longer / "summary.json").read_text())
    summary["years"] = 2
    summary["overrides"] = ["scenario=baseline", "seed=0", "years=2"]
    (longer / "summary.json").write_text(json.dumps(summary))
    before = snapshot(directory)
    done = run_cli(["aggregate", str(directory)], tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "different horizons (years=1,2)" in lines[0], done.stderr
    assert snapshot(directory) == before
