"""The live page's sidebar: the player (Mesa's) and every control, readable from the back row.

Mesa's ``SolaraViz`` draws its controls with their labels beside the track (long labels squeeze
the track to nothing), shows a value only while dragged, offers no hover help and nothing marks
a change waiting for Reset; its "Play Interval (ms)", "Render Interval (steps)" and "Use
Threads" are fixed in its code. So the sidebar is drawn here, from the same ``model_params``
(:func:`sim.views.live.controls.model_params`), while Mesa's :func:`ModelController` still
plays, steps and resets the :class:`LiveSession` (a Mesa model) with Mesa's semantics: Reset
builds ``LiveSession(**chosen)``.

Each control is its label and value (with unit) on one line, the slider full width under them,
hover help from the parameter's documentation, and "changed — press Reset" while the chosen
value differs from the one the running session was built with.
"""

from __future__ import annotations

from collections.abc import Callable

import ipyvuetify as v
import solara
from mesa.visualization.solara_viz import ModelController
from mesa.visualization.utils import update_counter

from salesculture.sim.views.live import session as page
from salesculture.sim.views.live.controls import (
    DRAW_EVERY,
    PLAYER,
    SPEED,
    model_params,
    play_interval,
)
from salesculture.sim.views.live.guidecard import Guide
from salesculture.sim.views.live.session import LiveSession, company_note

#: The page's title in the bar above.
TITLE = "salesculture live"
#: The mark of a control whose chosen value waits for Reset.
PENDING = "changed — press Reset"
#: The mark of the side-by-side picker's pending choice.
PENDING_VERSUS = "side by side takes effect on Reset — press Reset"
#: The note of a control that acts at once.
NOW = "applies now"
#: What to do first, shown until the first week is played.
HINT = "1 pick a preset · 2 Reset · 3 ▶ play"
#: Classes for a browser to find a control's block, its value and its pending mark.
CONTROL, VALUE, MARK, HELP = "live-control", "live-value", "live-pending", "live-help"
#: The class of the line naming the page's company.
COMPANY_CLASS = "live-company"
SMALL = "display: block; font-size: 13px; line-height: 1.3"


def title() -> str:
    """The page's title: ``salesculture live``, and the company whose world it runs in."""
    return f"{TITLE} — company {page.COMPANY.name}" if page.COMPANY is not None else TITLE


def shown(entry: dict, value: object) -> str:
    """A control's value as the page writes it: ``124 people``, ``0.05``, ``up to 50 weeks/s``."""
    if value == 1 and "format_one" in entry:
        return entry["format_one"]
    text = f"{value:g}" if isinstance(value, float) else str(value)
    if "format" in entry:
        return entry["format"].format(text)
    return f"{text} {entry.get('unit', '')}".strip()


def css_name(name: str) -> str:
    """A control's name usable in a CSS class: ``workforce-salespeople``."""
    return name.replace(".", "-").replace("_", "-")


@solara.component
def Control(  # noqa: N802 (a Solara component)
    name: str,
    entry: dict,
    value: object,
    on_value: Callable[[object], None],
    pending: bool = False,
    note: str = "",
):
    """One control: label and value, full-width slider (or picker, or box), help and mark.

    Args:
        name: The control's keyword (``workforce.salespeople``).
        entry: Its ``model_params`` entry (type, label, unit, range, tooltip).
        value: The value chosen now.
        on_value: Called with a new value.
        pending: Whether the value waits for Reset (the mark is shown).
        note: Shown when nothing is pending (e.g. "applies now").
    """
    kind = entry["type"]
    tooltip = entry.get("tooltip") or entry["label"]
    with solara.Div(classes=[CONTROL, f"{CONTROL}--{css_name(name)}"], style="margin: 4px 0 10px"):
        if kind == "Select":
            with solara.Tooltip(tooltip), solara.Column(classes=[HELP], gap="0"):
                solara.Select(
                    entry["label"], values=entry["values"], value=value, on_value=on_value
                )
            described = entry.get("descriptions", {}).get(value)
            if described:
                solara.Text(described, style=f"{SMALL}; color: #555")
        elif kind == "Checkbox":
            with solara.Tooltip(tooltip), solara.Row(classes=[HELP]):
                solara.Checkbox(label=entry["label"], value=bool(value), on_value=on_value)
        else:
            cast = int if kind == "SliderInt" else float
            with (
                solara.Tooltip(tooltip),
                solara.Row(
                    classes=[HELP],
                    justify="space-between",
                    style="cursor: help; font-size: 15px; flex-wrap: wrap; column-gap: 8px",
                ),
            ):
                solara.Text(entry["label"])
                solara.Text(
                    shown(entry, value),
                    classes=[VALUE],
                    style="font-weight: bold; white-space: nowrap; margin-left: auto",
                )
            v.Slider.element(
                v_model=value,
                on_v_model=lambda new: on_value(cast(new)),
                min=entry["min"],
                max=entry["max"],
                step=entry["step"],
                hide_details=True,
                class_=f"live-slider live-slider--{css_name(name)}",
                style_="margin: 0",
            )
        if pending:
            text = PENDING_VERSUS if name == "versus" else PENDING
            solara.Text(text, classes=[MARK], style=f"{SMALL}; color: #b45309; font-weight: bold")
        elif note:
            solara.Text(note, style=f"{SMALL}; color: #777")


@solara.component
def Progress(model: LiveSession, played: solara.Reactive[bool]):  # noqa: N802
    """Mesa's ``Time: N`` and, until the first week is played, what to do first.

    It alone in the sidebar follows Mesa's step counter.
    """
    update_counter.get()
    started = model.week > 0

    def remember() -> None:
        if started:
            played.set(True)

    solara.use_effect(remember, [started])
    solara.Text(f"Time: {model.time}")
    if not (started or played.value):
        solara.Info(HINT, dense=True, classes=["live-hint"])


@solara.component
def Sidebar(session: solara.Reactive[LiveSession]):  # noqa: N802 (a Solara component)
    """The bar's title and the sidebar: the player, its speed, and the configuration.

    Args:
        session: The page's session; Mesa's controller replaces it on Reset.
    """
    params = solara.use_memo(model_params, [])
    chosen = solara.use_reactive({name: entry["value"] for name, entry in params.items()})
    speed = solara.use_reactive(SPEED["value"])
    interval = solara.use_reactive(play_interval(SPEED["value"]))
    draw_every = solara.use_reactive(DRAW_EVERY["value"])
    threads = solara.use_reactive(False)  # Mesa's threaded drawing: not offered
    played = solara.use_reactive(False)
    requested = session.value.requested

    def adopt_running() -> None:
        """Show what the running session was built with (by Reset, or a guided session's step)."""
        shown = {name: requested.get(name, entry["value"]) for name, entry in params.items()}
        if shown != chosen.value:
            chosen.set(shown)

    # A guided session builds its own sessions: the pickers follow them, so nothing reads as
    # "changed — press Reset" unless the facilitator changed it.
    solara.use_effect(adopt_running, [id(session.value)])

    def set_speed(value: int) -> None:
        speed.set(value)
        interval.set(play_interval(value))

    def choose(name: str) -> Callable[[object], None]:
        return lambda value: chosen.set({**chosen.value, name: value})

    with solara.AppBar():
        solara.AppBarTitle(title())
    with solara.Sidebar(), solara.Column(gap="8px"):
        with solara.Card("Play", margin=0):
            Progress(session.value, played)
            ModelController(
                session,
                model_parameters=chosen,
                play_interval=interval,
                render_interval=draw_every,
                use_threads=threads,
            )
            Control("speed", PLAYER["speed"], speed.value, set_speed, note=NOW)
            Control("draw_every", PLAYER["draw_every"], draw_every.value, draw_every.set, note=NOW)
        Guide(session)  # the talking point beside the charts, on the first screen
        with solara.Card("Configuration (applies on Reset)", margin=0):
            if page.COMPANY is not None:
                solara.Text(
                    f"{company_note()}, under every configuration",
                    classes=[COMPANY_CLASS],
                    style=f"{SMALL}; font-weight: bold",
                )
            for name, entry in params.items():
                value = chosen.value[name]
                pending = value != requested.get(name, entry["value"])
                Control(name, entry, value, choose(name), pending=pending)
