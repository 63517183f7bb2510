"""Guided sessions of the live page: a facilitator's script in YAML, played step by step.

A script names the configurations to show and lists steps; each step may set up the page, switch
regimes, play to a week, and carries the talking point the page shows while it is the current
step::

    title: Sales-led or sales-driven?        # shown above the talking points
    source: "[Led or Driven]"                # optional: the source text it follows
    steps:
      - setup: {preset: sales_driven, versus: sales_led, seed: 3, years: 3}
        note: Two companies on the same seed: the same customers, the same luck.
      - play: 52                             # play to week 52 (jumps; the charts redraw)
        note: After a year ...
      - switch: {leadership: sales_led}      # from the next week on, on both sides
        play: 156                            # a step may switch and then play
        note: ...

Fields of a step: ``note`` (required, the talking point), ``title`` (optional), ``setup``
(``preset``, ``versus`` (a preset or ``none``), ``seed``, ``years``; the first step must have
one), ``switch`` (regime axis: option), ``play`` (a week after the previous step's, within the
years). In one step they act in that order. A bad script is refused with one line naming the
file, the step, the field and what is allowed.

The :class:`Player` holds the page's :class:`LiveSession`: Next applies the next step; Back
builds the session again and replays the steps before (the model is deterministic on its seed,
so the state is the one Next reached). No Solara here: the page's ``Guide`` component wraps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from salesculture.sim.config.configdirs import PRESET_GROUP
from salesculture.sim.config.errors import ConfigError, did_you_mean
from salesculture.sim.config.schema import REGIME_AXES
from salesculture.sim.config.validation import group_options
from salesculture.sim.views.live.session import ALONE, LiveSession

#: The scripts shipped with the page (package data).
SHIPPED = Path(__file__).with_name("sessions")
#: Scripts named when the page was served (``salesculture live --session FILE``); set once.
SCRIPTS: list[Path] = []
#: The fields a step may have, and of its ``setup``.
STEP_FIELDS = ("title", "note", "setup", "switch", "play")
SETUP_FIELDS = ("preset", "versus", "seed", "years")
MAX_YEARS = 20


class ScriptError(ConfigError):
    """A script that cannot be played (one line: file, step, field, what is allowed)."""


@dataclass(frozen=True)
class Setup:
    """The configurations a step puts on the page (as the sidebar's Reset would)."""

    preset: str
    versus: str = ALONE
    seed: int = 0
    years: int = 5

    def build(self) -> LiveSession:
        """A new session of these configurations at week 0."""
        return LiveSession(self.preset, self.versus, seed=self.seed, years=self.years)


@dataclass(frozen=True)
class Step:
    """One step of a script: what it does, in order, and the talking point shown."""

    note: str
    title: str = ""
    setup: Setup | None = None
    switch: tuple[tuple[str, str], ...] = ()
    play: int | None = None


@dataclass(frozen=True)
class Script:
    """A facilitator's script: its title, source text and steps."""

    path: Path
    title: str
    source: str
    steps: tuple[Step, ...]


def shipped() -> list[Path]:
    """The scripts shipped with the page, then those named when it was served."""
    ours = sorted(SHIPPED.glob("*.yaml"))
    return ours + [path for path in SCRIPTS if path not in ours]


def load(path: Path | str) -> Script:
    """Read and check a script.

    Raises:
        ScriptError: one line naming the file, the step (1-based), the field and what is allowed.
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ScriptError(f"{path}: cannot read it ({error.strerror})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ScriptError(f"{path}: not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise ScriptError(f"{path}: must be a mapping with 'title' and 'steps'")
    unknown = sorted(set(data) - {"title", "source", "steps"})
    if unknown:
        raise ScriptError(
            f"{path}: field {unknown[0]!r} is unknown; "
            f"{did_you_mean(unknown[0], ['title', 'source', 'steps'])}allowed: title, source, steps"
        )
    raw = data.get("steps")
    if not isinstance(raw, list) or not raw:
        raise ScriptError(f"{path}: field 'steps' must be a non-empty list of steps")
    steps: list[Step] = []
    for number, entry in enumerate(raw, start=1):
        steps.append(_step(path, number, entry, steps))
    title = str(data.get("title") or path.stem)
    return Script(path, title, str(data.get("source") or ""), tuple(steps))


def _refuse(path: Path, number: int, field: str, message: str) -> ScriptError:
    return ScriptError(f"{path}: step {number}: field {field!r}: {message}")


def _step(path: Path, number: int, entry: Any, before: list[Step]) -> Step:
    """One checked step (``before``: the steps already read, for the weeks and the setup)."""
    if not isinstance(entry, dict):
        raise ScriptError(f"{path}: step {number}: must be a mapping of {', '.join(STEP_FIELDS)}")
    for field in entry:
        if field not in STEP_FIELDS:
            raise _refuse(
                path,
                number,
                str(field),
                f"unknown; {did_you_mean(str(field), STEP_FIELDS)}"
                f"allowed: {', '.join(STEP_FIELDS)}",
            )
    note = entry.get("note")
    if not isinstance(note, str) or not note.strip():
        raise _refuse(path, number, "note", "required: the talking point, as text")
    setup = _setup(path, number, entry["setup"]) if "setup" in entry else None
    current = setup or next((s.setup for s in reversed(before) if s.setup), None)
    if current is None:
        raise _refuse(path, number, "setup", "the first step must set up the configurations")
    switch = _switch(path, number, entry.get("switch", {}))
    play = entry.get("play")
    if play is not None:
        last = 0 if setup else _week_reached(before)
        weeks = current.years * 52
        if isinstance(play, bool) or not isinstance(play, int) or not last < play <= weeks:
            raise _refuse(
                path,
                number,
                "play",
                f"{play!r} is not a week after week {last} within {current.years} years "
                f"(allowed: {last + 1}..{weeks})",
            )
    return Step(note.strip(), str(entry.get("title") or ""), setup, switch, play)


def _week_reached(before: list[Step]) -> int:
    """The week the steps so far reach (0 after the last setup)."""
    week = 0
    for step in before:
        if step.setup is not None:
            week = 0
        if step.play is not None:
            week = step.play
    return week


def _setup(path: Path, number: int, value: Any) -> Setup:
    if not isinstance(value, dict):
        raise _refuse(path, number, "setup", f"a mapping of {', '.join(SETUP_FIELDS)}")
    for field in value:
        if field not in SETUP_FIELDS:
            raise _refuse(
                path,
                number,
                f"setup.{field}",
                f"unknown; {did_you_mean(str(field), SETUP_FIELDS)}"
                f"allowed: {', '.join(SETUP_FIELDS)}",
            )
    presets = group_options(PRESET_GROUP)
    for field, allowed in (("preset", presets), ("versus", [ALONE, *presets])):
        name = value.get(field, ALONE if field == "versus" else None)
        if name not in allowed:
            raise _refuse(
                path,
                number,
                f"setup.{field}",
                f"{name!r} is not a preset; {did_you_mean(str(name), allowed)}"
                f"allowed: {', '.join(allowed)}",
            )
    for field, low, high in (("seed", 0, 2**31 - 1), ("years", 1, MAX_YEARS)):
        number_value = value.get(field, 0 if field == "seed" else 5)
        if (
            isinstance(number_value, bool)
            or not isinstance(number_value, int)
            or not (low <= number_value <= high)
        ):
            raise _refuse(
                path,
                number,
                f"setup.{field}",
                f"{number_value!r} is not a whole number in {low}..{high}",
            )
    return Setup(
        value["preset"], value.get("versus", ALONE), value.get("seed", 0), value.get("years", 5)
    )


def _switch(path: Path, number: int, value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict):
        raise _refuse(path, number, "switch", "a mapping of regime axis: option")
    pairs = []
    for axis, option in value.items():
        if axis not in REGIME_AXES:
            raise _refuse(
                path,
                number,
                f"switch.{axis}",
                f"not a regime axis; {did_you_mean(str(axis), REGIME_AXES)}"
                f"allowed: {', '.join(REGIME_AXES)}",
            )
        options = group_options(axis)
        if option not in options:
            raise _refuse(
                path,
                number,
                f"switch.{axis}",
                f"{option!r} is not an option of {axis}; {did_you_mean(str(option), options)}"
                f"allowed: {', '.join(options)}",
            )
        pairs.append((str(axis), str(option)))
    return tuple(pairs)


class Player:
    """Plays a script on a :class:`LiveSession`: Next applies a step, Back replays up to one.

    Args:
        script: The script; the player starts on its first step, applied.
    """

    def __init__(self, script: Script) -> None:
        self.script = script
        self.position = 0
        self.session = _apply(script.steps[0], None)

    @property
    def step(self) -> Step:
        """The current step (its talking point is on screen)."""
        return self.script.steps[self.position]

    @property
    def at_end(self) -> bool:
        """Whether the current step is the last."""
        return self.position == len(self.script.steps) - 1

    def next(self) -> LiveSession:
        """Apply the next step to the session as it stands; the session."""
        if not self.at_end:
            self.position += 1
            self.session = _apply(self.step, self.session)
        return self.session

    def back(self) -> LiveSession:
        """Go back one step: build the session again and replay the steps up to it."""
        return self.go_to(max(0, self.position - 1))

    def go_to(self, position: int) -> LiveSession:
        """Build the session again and apply steps ``0..position``; the session."""
        session = None
        for step in self.script.steps[: position + 1]:
            session = _apply(step, session)
        self.position, self.session = position, session
        return session


def _apply(step: Step, session: LiveSession | None) -> LiveSession:
    """Apply one step's setup, switches and play, in that order; the session."""
    if step.setup is not None:
        session = step.setup.build()
    assert session is not None  # load() refuses a first step without a setup
    for axis, option in step.switch:
        session.switch(axis, option)
    while step.play is not None and session.week < step.play and session.running:
        session.step()
    return session
