"""Guided sessions of the live page (sim/views/live/guide.py) and the switch's timing, in-process.

A script is checked when read (one line naming the file, the step and the field); the player
steps through it; Back replays from the start and reaches the same weekly records as going
forward. A switch given the week on screen applies from the week after it even when the model
has run ahead (Mesa's play loop), with the same records as a switch made while paused there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from salesculture.sim.views.live import guide, session
from salesculture.sim.views.live.session import LiveSession
from tests.conftest import SMALL_WORLD

pytestmark = [pytest.mark.slow]

SMALL = [item for item in SMALL_WORLD if not item.startswith("years")]

SCRIPT = """\
title: test
steps:
  - setup: {preset: baseline, versus: sales_led, seed: 3, years: 1}
    note: two companies
  - play: 8
    note: eight weeks
  - switch: {leadership: sales_led}
    play: 12
    note: switched
  - note: a note alone
  - play: 16
    note: the end
"""


@pytest.fixture(autouse=True)
def small_world(monkeypatch):
    """The small world under every configuration, as ``salesculture live --set`` sets it."""
    monkeypatch.setattr(session, "WORLD", SMALL)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "script.yaml"
    path.write_text(text)
    return path


def records(live: LiveSession) -> list[list[dict]]:
    return [list(model.records) for model in live.models]


@pytest.mark.parametrize(
    ("change", "step", "field", "allowed"),
    [
        (("preset: baseline", "preset: basline"), 1, "setup.preset", "did you mean baseline?"),
        (("versus: sales_led", "versus: sales_lead"), 1, "setup.versus", "did you mean sales_led"),
        (
            ("leadership: sales_led}", "leadershp: sales_led}"),
            3,
            "switch.leadershp",
            "did you mean leadership?",
        ),
        (("leadership: sales_led}", "leadership: led}"), 3, "switch.leadership", "allowed: "),
        (("play: 12", "play: 4"), 3, "play", "allowed: 9..52"),
        (("play: 16", "play: 60"), 5, "play", "allowed: 13..52"),
        (
            ("  - note: a note alone", "  - note: a note alone\n    plya: 3"),
            4,
            "plya",
            "did you mean play?",
        ),
        (("    note: eight weeks\n", ""), 2, "note", "required"),
        (("years: 1}", "years: 0}"), 1, "setup.years", "1..20"),
    ],
)
def test_a_bad_step_is_refused_in_one_line_naming_file_step_and_field(
    tmp_path, change, step, field, allowed
) -> None:
    text = SCRIPT.replace(*change)
    assert text != SCRIPT
    path = write(tmp_path, text)
    with pytest.raises(guide.ScriptError) as refused:
        guide.load(path)
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: step {step}: field {field!r}: "), message
    assert allowed in message, message


def test_a_script_without_a_setup_first_or_not_yaml_is_refused(tmp_path) -> None:
    path = write(tmp_path, "steps:\n  - play: 4\n    note: x\n")
    with pytest.raises(guide.ScriptError, match=r"step 1: field 'setup': the first step"):
        guide.load(path)
    path = write(tmp_path, "steps: [\n")
    with pytest.raises(guide.ScriptError, match=r"not valid YAML at line"):
        guide.load(path)
    with pytest.raises(guide.ScriptError, match=r"cannot read it"):
        guide.load(tmp_path / "missing.yaml")


def test_the_player_steps_through_and_back_replays_the_same_state(tmp_path) -> None:
    player = guide.Player(guide.load(write(tmp_path, SCRIPT)))
    assert (player.position, player.session.week) == (0, 0)
    forward = {}
    weeks = []
    while True:
        forward[player.position] = records(player.session)
        weeks.append(player.session.week)
        if player.at_end:
            break
        player.next()
    assert weeks == [0, 8, 12, 12, 16]
    assert player.session.left.switches[0][:2] == (9, "leadership")
    assert player.session.regime(player.session.left)["leadership"] == "sales_led"
    # Back, step by step: each state is the one going forward reached (the same records).
    while player.position > 0:
        player.back()
        assert records(player.session) == forward[player.position], player.position
    # The switch made at step 3 is undone by going back before it.
    assert player.session.regime(player.session.left)["leadership"] == "sales_driven"
    assert player.next() is player.session and player.session.week == 8


def test_a_switch_given_the_week_on_screen_applies_from_the_week_after_it() -> None:
    paused = LiveSession(seed=2)
    for _ in range(6):
        paused.step()
    assert paused.switch("leadership", "sales_led")
    for _ in range(6):
        paused.step()
    ahead = LiveSession(seed=2)
    for _ in range(10):  # the play loop ran four weeks past the week shown
        ahead.step()
    assert ahead.switch("leadership", "sales_led", shown=6)
    assert ahead.week == ahead.time == 6
    assert (
        ahead.left.switches
        == paused.left.switches
        == [(7, "leadership", "sales_driven", "sales_led")]
    )
    for _ in range(6):
        ahead.step()
    assert records(ahead) == records(paused)


def test_a_rewind_keeps_earlier_switches_and_drops_later_ones() -> None:
    live = LiveSession(seed=1)
    for week in range(12):
        if week == 3:
            live.switch("leadership", "sales_led")
        if week == 9:
            live.switch("process", "cross_functional_team")
        live.step()
    live.rewind(6)
    assert live.left.switches == [(4, "leadership", "sales_driven", "sales_led")]
    assert live.regime(live.left)["process"] == "siloed"


def test_the_shipped_sessions_load_and_play_to_their_end() -> None:
    scripts = guide.shipped()
    assert {path.stem for path in scripts} >= {"led_or_driven", "everybody_sells", "dual_approach"}
    for path in scripts:
        script = guide.load(path)
        assert script.source.startswith("["), path
        player = guide.Player(script)
        while not player.at_end:
            player.next()
        last = max(step.play or 0 for step in script.steps)
        assert player.session.week == last, path
