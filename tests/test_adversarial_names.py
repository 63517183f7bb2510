"""A misspelt name is refused in one line that suggests the closest names there are.

Presets, regime axes and their options, parameter keys, config groups, metrics, experiments and
sensitivity parameters: each refusal reads ``...; did you mean X? valid ...: ...``
(:func:`sim.config.errors.did_you_mean`). Also: a preset file without ``# @package _global_``,
a broken preset file among good ones (``scenarios``) and an experiment that lacks its script.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from salesculture.sim.config.errors import did_you_mean
from tests.test_adversarial import TINY, Cli, in_process, one_error_line, tree

PRESETS = "valid scenarios: amazing_culture, baseline,"


def test_the_suggestion_is_the_closest_names_or_nothing() -> None:
    assert did_you_mean("basline", ["sales_led", "baseline"]) == "did you mean baseline? "
    assert did_you_mean("custmers", ["customers"], "market.") == "did you mean market.customers? "
    assert did_you_mean("zzzz", ["baseline", "sales_led"]) == ""


#: Arguments, then what the one error line holds: the suggestion, then what is allowed.
NAMES = {
    "compare-preset": (["compare", "basline", "sales_led"], "did you mean baseline? " + PRESETS),
    "run-preset": (["run", *TINY, "scenario=basline"], "did you mean baseline? choose one of"),
    "explain-preset": (["explain", "basline", "sales_led"], "did you mean baseline? " + PRESETS),
    "show-preset": (["show", "sales_lead"], "did you mean sales_led"),
    "axis-option": (["run", *TINY, "leadership=sales_lead"], "did you mean sales_led"),
    "axis": (["run", *TINY, "leadrship=sales_led"], "did you mean leadership? valid keys"),
    "switch-axis": (
        ["run", *TINY, "interventions=[{week:3,leadrship:sales_led}]"],
        "interventions[0].leadrship: unknown key; did you mean leadership? valid keys: week,",
    ),
    "switch-option": (
        ["run", *TINY, "interventions=[{week:3,leadership:sales_lead}]"],
        "did you mean sales_led",
    ),
    "key": (
        ["run", *TINY, "market.custmers=5"],
        "market.custmers: unknown key; did you mean market.customers? valid keys of market:",
    ),
    "section": (["run", *TINY, "markt.customers=5"], "did you mean market? valid keys of the"),
    "metric": (["compare", "baseline", "--metrics", "proft"], "did you mean profit? valid metrics"),
    "experiment": (["reproduce", "leadershp"], "did you mean leadership? choose one of"),
    "sensitivity-param": (
        ["sensitivity", "--params", "market.custmers"],
        "did you mean market.customers",
    ),
    "sensitivity-preset": (
        ["sensitivity", "--difference", "sales_led-basline"],
        "did you mean baseline? valid presets",
    ),
    "nothing-close": (["show", "zzzz"], "is unknown; valid scenarios:"),
}
#: Through the installed console script, as a user runs it; the rest in this process.
SCRIPT = ("compare-preset", "key", "run-preset")


@pytest.mark.parametrize("name", list(NAMES))
def test_a_misspelt_name_is_one_line_with_a_suggestion(
    name: str,
    tmp_path: Path,
    cli: Cli,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args, expected = NAMES[name]
    before = tree(tmp_path)
    script = name in SCRIPT
    done = cli(args, tmp_path) if script else in_process(args, tmp_path, capfd, monkeypatch)
    line = one_error_line(done)
    assert expected in line, line
    assert ("did you mean" in line) == (name != "nothing-close")
    assert tree(tmp_path) == before


GLOBAL = "# @package _global_\n"
FINE = GLOBAL + "scenario:\n  description: a preset of my own\nmarket:\n  customers: 500\n"


def study(root: Path, **presets: str) -> Path:
    """An outside config dir holding the presets ``presets`` (name: text)."""
    (root / "scenario").mkdir(parents=True)
    for name, text in presets.items():
        (root / "scenario" / f"{name}.yaml").write_text(text)
    return root


def test_a_preset_without_its_package_line_is_told_to_add_it(tmp_path: Path, cli: Cli) -> None:
    text = FINE.removeprefix(GLOBAL)
    root = study(tmp_path / "mine", headless=text)
    line = one_error_line(cli(["show", "headless", "--config-dir", str(root)], tmp_path))
    assert line.startswith(f"salesculture: error: {root / 'scenario' / 'headless.yaml'}: ")
    assert "unknown key; add '# @package _global_' as the file's first line" in line
    (root / "scenario" / "headless.yaml").write_text(GLOBAL + text)  # as the line says
    done = cli(["show", "headless", "--config-dir", str(root)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "market.customers=500" in done.stdout


def test_scenarios_lists_the_good_presets_and_names_the_bad_file(tmp_path: Path, cli: Cli) -> None:
    """A broken file of one's own does not hide the others; it is named, and the exit code is 2."""
    root = study(tmp_path / "mine", good=FINE, broken="scenario: [\n")
    done = cli(["scenarios", "--config-dir", str(root)], tmp_path)
    assert done.returncode == 2
    listed = [line.split()[0] for line in done.stdout.splitlines()]
    assert listed[0] == "baseline"
    assert {"good", "sales_led", "amazing_culture"} <= set(listed)
    assert "broken" not in listed
    errors = done.stderr.strip().splitlines()
    assert len(errors) == 1, done.stderr
    assert errors[0].startswith(
        f"salesculture: error: {root / 'scenario' / 'broken.yaml'}: not valid YAML (line 2"
    )
    alone = study(tmp_path / "ok", good=FINE)
    assert cli(["scenarios", "--config-dir", str(alone)], tmp_path).returncode == 0


EXPERIMENT = GLOBAL + "years: 1\nhydra:\n  sweeper:\n    params:\n      seed: range(0,2)\n"
QUICK = GLOBAL + "defaults:\n  - mine\n  - _self_\n"


@pytest.mark.parametrize("lacks", ["analysis", "quick"])
def test_reproduce_names_the_file_an_experiment_lacks(
    lacks: str,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = tmp_path / "mine"
    (root / "experiment").mkdir(parents=True)
    (root / "experiment" / "mine.yaml").write_text(EXPERIMENT)
    if lacks == "analysis":
        (root / "experiment" / "mine_quick.yaml").write_text(QUICK)
        missing = root / "experiment" / "mine" / "analysis.py"
    else:
        missing = root / "experiment" / "mine_quick.yaml"
    args = ["reproduce", "mine", "--quick", "--config-dir", str(root)]
    line = one_error_line(in_process(args, tmp_path, capfd, monkeypatch))
    assert f"reproduce: NAME='mine': {missing} is missing" in line
