"""A preset of one's own (a file in ``conf/scenario/``) that Hydra cannot use: one line naming
the file and the key, for every command that composes it, and nothing written.

The commands run in this process (:func:`sim.cli.main`) on a copy of ``conf/`` with the preset
added, so that no file of the repository changes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_adversarial import tree

from salesculture.sim.cli import main
from salesculture.sim.config import configdirs

GLOBAL = "# @package _global_\n"
PRESETS = {
    "misspelt-key": (
        GLOBAL + "scenario:\n  description: mine\nmarket:\n  custmers: 5000\n",
        ["market.custmers: unknown key; did you mean market.customers? valid keys of market:"],
    ),
    "misspelt-section": (
        GLOBAL + "markt:\n  customers: 5000\n",
        ["markt: unknown key", "valid keys of the configuration:"],
    ),
    "key-without-package": (
        "description: mine\ncustomers: 5000\n",
        ["scenario.customers: unknown key", "valid keys of scenario: name, description"],
    ),
    "global-keys-without-package": (
        "market:\n  customers: 5000\n",
        ["scenario.market: unknown key", "add '# @package _global_' as the file's first line"],
    ),
    "yaml-that-does-not-parse": (
        GLOBAL + "market:\n  customers: [5000\n",
        ["not valid YAML (line 4, column 1", "expected ',' or ']'"],
    ),
    "yaml-with-a-tab": (
        GLOBAL + "market:\n\tcustomers: 5000\n",
        ["not valid YAML (line 3, column 1", "'\\t'"],
    ),
    "empty-file": ("", ["empty; an option of scenario sets at least one key"]),
    "only-a-comment": ("# to do\n", ["empty; an option of scenario sets at least one key"]),
    "a-list": ("- market\n- years\n", ["holds a list, not a mapping"]),
    "a-word": ("sales_led\n", ["holds a text, not a mapping"]),
    "wrong-type": (GLOBAL + "market:\n  customers: lots\n", ["market.customers='lots'", "integer"]),
    "section-as-value": (GLOBAL + "market: 5000\n", ["market: is a section"]),
    "unknown-option-in-defaults": (
        GLOBAL + "defaults:\n  - override /leadership: sales_lead\n",
        ["override /leadership: 'sales_lead' is not an option", "did you mean sales_led"],
    ),
    "unknown-group-in-defaults": (
        GLOBAL + "defaults:\n  - override /leadershp: sales_led\n",
        ["override /leadershp: unknown config group", "did you mean leadership?"],
    ),
}
COMMANDS = {
    "run": ["run", "scenario=mine"],
    "show": ["show", "mine"],
    "sweep": ["sweep", "scenario=baseline,mine", "seed=0,1", "years=1"],
    "compare": ["compare", "baseline", "mine", "--seeds", "1", "--years", "1"],
}


@pytest.fixture
def conf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of ``conf/`` in use by the commands; the working directory is an empty folder."""
    copy = tmp_path / "conf"
    shutil.copytree(configdirs.CONF_DIR, copy)
    monkeypatch.setattr(configdirs, "CONF_DIR", copy)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return copy


#: Every broken preset through ``run``; three kinds of break through every other command.
MATRIX = [pytest.param(preset, "run", id=f"{preset}-run") for preset in PRESETS] + [
    pytest.param(preset, command, id=f"{preset}-{command}")
    for command in COMMANDS
    if command != "run"
    for preset in ("misspelt-key", "yaml-that-does-not-parse", "empty-file")
]


@pytest.mark.parametrize(("preset", "command"), MATRIX)
def test_a_broken_preset_of_ones_own_is_one_line_naming_the_file(
    preset: str, command: str, conf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, expected = PRESETS[preset]
    path = conf / "scenario" / "mine.yaml"
    path.write_text(text)
    before = tree(conf.parent)
    code = main(COMMANDS[command])
    out, err = capsys.readouterr()
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"salesculture: error: {path}: "), lines[0]
    for part in expected:
        assert part in lines[0], f"{part!r} not in {lines[0]!r}"
    assert tree(conf.parent) == before


def test_a_preset_of_ones_own_that_is_fine_composes(
    conf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The checks refuse only what Hydra cannot use: a correct preset of one's own shows."""
    (conf / "scenario" / "mine.yaml").write_text(
        GLOBAL + "defaults:\n  - override /leadership: sales_led\n"
        "scenario:\n  description: mine\nmarket:\n  customers: 5000\n"
    )
    assert main(["show", "mine"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("mine: mine")
    assert "market.customers=5000" in out


def test_scenarios_names_a_preset_that_does_not_parse(
    conf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The other presets are listed; the broken file is named in one line (exit code 2)."""
    path = conf / "scenario" / "mine.yaml"
    path.write_text("scenario: [\n")
    assert main(["scenarios"]) == 2
    out, err = capsys.readouterr()
    listed = [line.split()[0] for line in out.splitlines()]
    assert listed[0] == "baseline" and "sales_led" in listed and "mine" not in listed
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"salesculture: error: {path}: not valid YAML (line 2, column 1")
