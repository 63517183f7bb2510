"""``salesculture reproduce``: every experiment's reduced design reproduces its expected numbers.

The reduced designs (``--quick``) run a small world for a year on two seeds, in this process
and on one worker, without a cache unless a test reuses its own runs.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from salesculture.sim.cli import main
from salesculture.sim.config.overrides import expand
from salesculture.sim.study.expected import check, read_expected
from salesculture.sim.study.experiments import Design, Experiment, design, names, with_experiment
from salesculture.sim.study.findings import ABSOLUTE_FLOOR, RELATIVE_FLOOR
from salesculture.sim.study.reproduce import RECORD_FILE, RESULTS_FILE, reproduce, run
from tests.conftest import CLI, run_cli

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
    """--list prints one line per experiment: its name, then its question, citing its source."""
    assert main(["reproduce", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == EXPERIMENTS
    for name, line in zip(EXPERIMENTS, lines, strict=True):
        question = Experiment(name).summary()
        assert re.search(r"\[[^\]]+\]", question) and line.endswith(question)


def test_bad_name_is_one_line(capsys) -> None:
    """An unknown experiment: one line naming the value and the allowed names, exit code 2."""
    assert main(["reproduce", "leadershp", "--quick"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "'leadershp'" in err[0] and "leadership" in err[0].split("choose one of")[1]


@pytest.fixture(scope="module")
def plan() -> Design:
    """The reduced design of leadership, composed once for the tests that need it."""
    return design("leadership", quick=True)


def test_sweep_of_an_experiment_runs_its_design(plan: Design) -> None:
    """``sweep experiment=NAME`` expands to exactly the runs ``reproduce`` runs."""
    runs = expand(with_experiment(["experiment=leadership_quick"]))
    assert sorted(map(sorted, runs)) == sorted(map(sorted, plan.runs))
    assert len(plan.runs) == len({tuple(sorted(run)) for run in plan.runs}) > 1


#: The experiment whose reduced design runs through the real command (the others in-process).
VIA_CLI = "leadership"


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    """A run cache shared by this module's reproductions: a run common to two designs runs once."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def via_cli(cache, tmp_path_factory) -> subprocess.CompletedProcess:
    """``salesculture reproduce VIA_CLI --quick`` through the real console script."""
    if not CLI.exists():
        pytest.skip(f"console script not installed at {CLI}")
    where = tmp_path_factory.mktemp("cli")
    args = ["reproduce", VIA_CLI, "--quick", "--jobs", "1", "--cache", str(cache), "--out", "o"]
    return run_cli(args, cwd=where)


@pytest.mark.slow
def test_cli_quick_reproduction_matches(via_cli) -> None:
    """The real command reproduces every expected number: exit 0, each number checked."""
    assert via_cli.returncode == 0, via_cli.stderr
    numbers = json.loads(Experiment(VIA_CLI).expected_path.read_text())["quick"]["numbers"]
    assert f"{len(numbers)} of {len(numbers)} numbers match" in via_cli.stdout
    assert all(f"{name}  " in via_cli.stdout for name in numbers)


@pytest.mark.slow
@pytest.mark.parametrize("name", [name for name in EXPERIMENTS if name != VIA_CLI])
def test_quick_reproduction_matches(name: str, cache, tmp_path) -> None:
    """The reduced design reproduces every expected number, and records what it ran."""
    done = reproduce(name, quick=True, jobs=1, cache_dir=cache, out=tmp_path, progress=False)
    assert done.checks and not done.mismatches, [check.why() for check in done.mismatches]
    record = json.loads((tmp_path / RECORD_FILE).read_text())
    assert record["seeds"] == done.design.seeds and record["commit"] and record["versions"]
    results = pd.read_parquet(tmp_path / RESULTS_FILE)
    assert len(results) == len(done.design.configs) == record["runs"]


@pytest.mark.slow
def test_runs_are_deterministic(plan: Design) -> None:
    """The same runs twice, without a cache, give identical tables and weekly series."""
    led = [i for i, config in enumerate(plan.configs) if config.leadership.regime == "sales_led"]
    two = dataclasses.replace(
        plan, runs=[plan.runs[i] for i in led], configs=[plan.configs[i] for i in led]
    )
    first = run(two, jobs=1, cache_dir=None, progress=False)
    second = run(two, jobs=1, cache_dir=None, progress=False)
    pd.testing.assert_frame_equal(first[0], second[0])
    pd.testing.assert_frame_equal(first[1], second[1])
    assert first[2] == second[2] == 0 and len(first[0]) == 2


@pytest.mark.slow
def test_tampered_expected_number_is_a_mismatch(via_cli, cache, tmp_path, capsys) -> None:
    """A number moved beyond its tolerance in expected.json: exit code 1, one line naming it."""
    expected = json.loads(Experiment(VIA_CLI).expected_path.read_text())
    total = len(expected["quick"]["numbers"])
    name, number = next(iter(expected["quick"]["numbers"].items()))
    number["value"] += 3 * number["tolerance"] + 1.0
    tampered = tmp_path / "expected.json"
    tampered.write_text(json.dumps(expected))
    args = ["reproduce", VIA_CLI, "--quick", "--jobs", "1", "--cache", str(cache)]
    code = main([*args, "--out", str(tmp_path / "o"), "--expected", str(tampered)])
    captured = capsys.readouterr()
    assert code == 1
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and name in err[0] and f"1 of {total} numbers" in err[0]
    assert captured.out.count("MISMATCH") == 1 and "from the cache" in captured.out


@pytest.mark.slow
def test_write_expected_records_what_it_checks(via_cli, cache, tmp_path) -> None:
    """--write-expected writes a section that the same design then matches, keeping the other."""
    path = tmp_path / "expected.json"
    shutil.copyfile(Experiment(VIA_CLI).expected_path, path)
    before = json.loads(path.read_text())
    written = reproduce(VIA_CLI, True, 1, cache, tmp_path / "o", path, True, progress=False)
    after = json.loads(path.read_text())
    assert after["full"] == before["full"] and "rule" in after
    assert set(after["quick"]["numbers"]) == set(written.findings.numbers)
    assert written.cached == len(written.design.configs)
    checks = check(written.findings, read_expected(path, quick=True))
    assert checks and all(c.ok for c in checks)


def test_index_of_experiments_is_current() -> None:
    """docs/experiments.md lists every experiment with the numbers its expected.json holds."""
    from salesculture.sim.docgen.experimentdoc import DOC, index
    from salesculture.sim.runs.docblocks import markers

    begin, end = markers("experiments")
    text = DOC.read_text()
    assert text.split(begin)[1].split(end)[0].strip() == index().strip(), (
        "docs/experiments.md is stale: run python -m salesculture.sim.docgen.experimentdoc"
    )
    for name in EXPERIMENTS:
        assert f"`salesculture reproduce {name}`" in text


#: An experiment of one's own (docs/experiments.md): its config files in an outside directory,
#: its analysis script and expected numbers beside them in ``experiment/NAME/``.
OWN_CONFIG = """# @package _global_
# mine ([Led or Driven]): does a sales leader pay in a small market?
years: 1
market:
  customers: 2000
workforce:
  salespeople: 10
  engineers: 28
  service_staff: 22
  slots_per_role: 64
costs:
  marketing_per_week: 7600
hydra:
  sweeper:
    params:
      leadership: sales_driven,sales_led
      seed: range(0,3)
"""
OWN_QUICK = """# @package _global_
defaults:
  - mine
  - _self_
hydra:
  sweeper:
    params:
      seed: range(0,2)
"""
OWN_ANALYSIS = """
from salesculture.sim.study.findings import Findings, contrasts, markdown

def findings(results, series):
    reference = ("sales_driven", {"leadership": "sales_driven"})
    other = [("sales_led", {"leadership": "sales_led"})]
    body, numbers = contrasts(results, reference, other, ("profit", "revenue"))
    return Findings(numbers, markdown(["leadership", "profit", "revenue"], body), [])

def figure(results, series, path):
    raise AssertionError("the quick design draws no figure")
"""


@pytest.mark.slow
def test_an_experiment_of_ones_own_reproduces_from_an_outside_dir(cache, tmp_path, capsys):
    """--config-dir DIR: DIR/experiment/NAME.yaml runs, its numbers kept in DIR/experiment/NAME/."""
    study = tmp_path / "study"
    (study / "experiment" / "mine").mkdir(parents=True)
    (study / "experiment" / "mine.yaml").write_text(OWN_CONFIG)
    (study / "experiment" / "mine_quick.yaml").write_text(OWN_QUICK)
    (study / "experiment" / "mine" / "analysis.py").write_text(OWN_ANALYSIS)
    args = ["reproduce", "mine", "--quick", "--jobs", "1", "--cache", str(cache)]
    assert main([*args, "--out", str(tmp_path / "o")]) == 2  # not found without the directory
    assert "'mine' is not an experiment" in capsys.readouterr().err
    outside = ["--config-dir", str(study)]
    assert main(["reproduce", "--list", *outside]) == 0
    assert "mine" in capsys.readouterr().out.split()
    assert main([*args, *outside, "--out", str(tmp_path / "w"), "--write-expected"]) == 0
    written = json.loads((study / "experiment" / "mine" / "expected.json").read_text())
    numbers = written["quick"]["numbers"]
    assert any(name.startswith("profit[sales_led") for name in numbers)
    capsys.readouterr()
    assert main([*args, *outside, "--out", str(tmp_path / "c")]) == 0
    assert f"{len(numbers)} of {len(numbers)} numbers match" in capsys.readouterr().out
