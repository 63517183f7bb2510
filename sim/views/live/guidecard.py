"""The live page's guided-session card: pick a script, then Next and Back through its steps.

The logic (reading, checking, stepping, replaying) is :mod:`sim.views.live.guide`; this card only
shows the current talking point and puts the player's session on the page, in Mesa's reactive
model, so the sidebar's play, pause and step carry on from it.
"""

from __future__ import annotations

from html import escape

import solara
from mesa.visualization.utils import force_update

from salesculture.sim.views.live import guide
from salesculture.sim.views.live.session import LiveSession

#: The class of the card's talking point, for a browser to find it.
NOTE = "live-guide-note"
#: The picker's value that plays no script.
NO_SCRIPT = "no guided session"


@solara.component
def Guide(session: solara.Reactive[LiveSession]):  # noqa: N802 (a Solara component)
    """A picker of scripts and, once one is chosen, its step, talking point, Back and Next."""
    scripts = solara.use_memo(guide.shipped, [])
    names = {path.stem: path for path in scripts}
    first = guide.SCRIPTS[0].stem if guide.SCRIPTS else NO_SCRIPT
    chosen, set_chosen = solara.use_state(first)
    player, set_player = solara.use_state(None)
    position, set_position = solara.use_state(-1)  # redraws the card when the step changes
    error, set_error = solara.use_state("")

    def start(name: str) -> None:
        set_chosen(name)
        set_error("")
        if name == NO_SCRIPT:
            set_player(None)
            return
        try:
            started = guide.Player(guide.load(names[name]))
        except guide.ScriptError as refused:
            set_player(None)
            set_error(str(refused))
            return
        set_player(started)
        show(started)

    def show(current: guide.Player) -> None:
        session.set(current.session)
        set_position(current.position)
        force_update()

    solara.use_effect(lambda: start(first) if first != NO_SCRIPT else None, [])

    with solara.Card("Guided session", margin=0):
        solara.Select("guided session", value=chosen, values=[NO_SCRIPT, *names], on_value=start)
        if error:
            solara.Error(error)
        if player is not None and position >= 0:
            step = player.step
            count = len(player.script.steps)
            head = f"<b>{escape(player.script.title)}</b> {escape(player.script.source)}"
            head += f" · step {player.position + 1} of {count}"
            if step.title:
                head += f": <b>{escape(step.title)}</b>"
            solara.HTML(tag="div", unsafe_innerHTML=head)
            solara.HTML(
                tag="p",
                unsafe_innerHTML=escape(step.note),
                classes=[NOTE],
                style="font-size: 1.15em; line-height: 1.4",
            )
            with solara.Row():
                solara.Button(
                    "Back",
                    disabled=player.position == 0,
                    on_click=lambda: (player.back(), show(player)),
                )
                solara.Button(
                    "Next",
                    color="primary",
                    disabled=player.at_end,
                    on_click=lambda: (player.next(), show(player)),
                )
