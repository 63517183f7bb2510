"""``salesculture reproduce``: every experiment's reduced design reproduces its expected numbers.

The reduced designs (``--quick``) run a small world for a year on two seeds, in this process
and on one worker, without a cache unless a test reuses its own runs.
"""

from __future__ import annotations

import json
import math
import shutil

import pandas as pd
import pytest

from sim.cli import main
from sim.experiments import Experiment, design, names, with_experiment
from sim.findings import ABSOLUTE_FLOOR, RELATIVE_FLOOR
from sim.overrides import expand
from sim.reproduce import RECORD_FILE, RESULTS_FILE, reproduce

EXPERIMENTS = names()


def test_every_experiment_is_whole() -> None:
    """Each listed experiment has its README, configs, analysis and both expected sections."""
    assert "leadership" in EXPERIMENTS
    for name in EXPERIMENTS:
        folder = Experiment(name).folder
        readme = (folder / "README.md").read_text()
        assert "<!-- BEGIN GENERATED: results -->" in readme, name
        assert f"salesculture reproduce {name}" in readme, name
        expected = json.loads((folder / "expected.json").read_text())
        for kind in ("full", "quick"):
            numbers = expected[kind]["numbers"]
            assert numbers, (name, kind)
            for number in numbers.values():
                bounds = (number["ci_low"], number["ci_high"])
                half = 0.0 if None in bounds else (bounds[1] - bounds[0]) / 2
                floor = ABSOLUTE_FLOOR + RELATIVE_FLOOR * abs(number["value"])
                assert number["tolerance"] == pytest.approx(max(half, floor)), (name, number)


def test_list(capsys) -> None:
    """--list prints one line per experiment: its name, then its question."""
    assert main(["reproduce", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == EXPERIMENTS
    assert all(len(line.split()) > 3 for line in lines)


def test_bad_name_is_one_line(capsys) -> None:
    """An unknown experiment: one line naming the value and the allowed names, exit code 2."""
    assert main(["reproduce", "leadershp", "--quick"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "'leadershp'" in err[0] and "leadership" in err[0].split("choose one of")[1]


def test_sweep_of_an_experiment_runs_its_design() -> None:
    """``sweep experiment=NAME`` expands to exactly the runs ``reproduce`` runs."""
    plan = design("leadership", quick=True)
    runs = expand(with_experiment(["experiment=leadership_quick"]))
    assert sorted(map(sorted, runs)) == sorted(map(sorted, plan.runs))
    assert len(plan.runs) == len({tuple(sorted(run)) for run in plan.runs}) > 1


@pytest.mark.slow
@pytest.mark.parametrize("name", EXPERIMENTS)
def test_quick_reproduction_matches(name: str, tmp_path) -> None:
    """The reduced design reproduces every expected number, and records what it ran."""
    done = reproduce(name, quick=True, jobs=1, cache_dir=None, out=tmp_path, progress=False)
    assert done.checks and not done.mismatches, [check.why() for check in done.mismatches]
    record = json.loads((tmp_path / RECORD_FILE).read_text())
    assert record["seeds"] == done.design.seeds and record["commit"] and record["versions"]
    results = pd.read_parquet(tmp_path / RESULTS_FILE)
    assert len(results) == len(done.design.configs) == record["runs"]


@pytest.mark.slow
def test_reproduction_is_deterministic(tmp_path) -> None:
    """The same reduced design run twice, without a cache, gives identical numbers and runs."""
    first = reproduce("leadership", True, 1, None, tmp_path / "a", progress=False)
    second = reproduce("leadership", True, 1, None, tmp_path / "b", progress=False)
    assert first.findings.numbers.keys() == second.findings.numbers.keys()
    for key, number in first.findings.numbers.items():
        assert number.value == second.findings.numbers[key].value or (
            math.isnan(number.value) and math.isnan(second.findings.numbers[key].value)
        )
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "a" / RESULTS_FILE),
        pd.read_parquet(tmp_path / "b" / RESULTS_FILE),
    )


@pytest.mark.slow
def test_cli_matches_then_reports_a_tampered_number(cli, tmp_path, capsys) -> None:
    """The real command matches (exit 0); a tampered expected.json gives exit 1 naming it."""
    cache, out = tmp_path / "cache", tmp_path / "out"
    args = ["reproduce", "leadership", "--quick", "--jobs", "1", "--cache", str(cache)]
    done = cli([*args, "--out", str(out)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    expected = json.loads(Experiment("leadership").expected_path.read_text())
    total = len(expected["quick"]["numbers"])
    assert f"{total} of {total} numbers match" in done.stdout

    name, number = next(iter(expected["quick"]["numbers"].items()))
    number["value"] += 3 * number["tolerance"] + 1.0
    tampered = tmp_path / "expected.json"
    tampered.write_text(json.dumps(expected))
    code = main([*args, "--out", str(tmp_path / "again"), "--expected", str(tampered)])
    captured = capsys.readouterr()
    assert code == 1
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and name in err[0] and f"1 of {total} numbers" in err[0]
    assert "MISMATCH" in captured.out and "8 from the cache" in captured.out


@pytest.mark.slow
def test_write_expected_records_what_it_checks(tmp_path) -> None:
    """--write-expected writes a section that the same design then matches, keeping the other."""
    path = tmp_path / "expected.json"
    shutil.copyfile(Experiment("leadership").expected_path, path)
    before = json.loads(path.read_text())
    cache = tmp_path / "cache"
    written = reproduce("leadership", True, 1, cache, tmp_path / "o", path, True, progress=False)
    after = json.loads(path.read_text())
    assert after["full"] == before["full"] and "rule" in after
    assert set(after["quick"]["numbers"]) == set(written.findings.numbers)
    checked = reproduce("leadership", True, 1, cache, tmp_path / "p", path, progress=False)
    assert checked.cached == len(checked.design.configs) and not checked.mismatches


def test_index_of_experiments_is_current() -> None:
    """docs/experiments.md lists every experiment with the numbers its expected.json holds."""
    from sim.docblocks import markers
    from sim.experimentdoc import DOC, index

    begin, end = markers("experiments")
    text = DOC.read_text()
    assert text.split(begin)[1].split(end)[0].strip() == index().strip(), (
        "docs/experiments.md is stale: run python -m sim.experimentdoc"
    )
    for name in EXPERIMENTS:
        assert f"`salesculture reproduce {name}`" in text
