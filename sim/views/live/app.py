"""The live page (``salesculture live``): a sidebar of controls, a dashboard of a session.

Each browser session builds its own session inside :func:`Page` (``solara.use_memo``), so two
people on the page never share a model. The sidebar (:mod:`sim.views.live.sidebar`) holds Mesa's
player (play, pause, step, reset), the speed and the pickers and sliders of
:mod:`sim.views.live.controls`, and a guided session's card (:mod:`sim.views.live.guidecard`);
pressing Reset builds the chosen configuration. The main area holds the headline monitors
(:mod:`sim.views.live.monitors`), one chart per question (:mod:`sim.views.live.charts`) and an
export of the charts (PNG) and the data (CSV).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape

import solara
from mesa.visualization.utils import force_update, update_counter

from salesculture.sim.config.schema import REGIME_AXES
from salesculture.sim.config.validation import group_options
from salesculture.sim.views.live import charts, monitors
from salesculture.sim.views.live import session as page
from salesculture.sim.views.live.controls import sliders
from salesculture.sim.views.live.pngexport import ChartsPng
from salesculture.sim.views.live.session import LiveSession
from salesculture.sim.views.live.sidebar import Sidebar
from salesculture.sim.views.live.svg import WIDTH

logging.getLogger("MESA").setLevel(logging.WARNING)

#: The class of the status's element (what runs, the week), for a browser to find it.
STATUS = "live-status"


@solara.component
def Charts(model: LiveSession, tick: int, key: bool, presenter: bool = False):  # noqa: N802
    """The key charts (:data:`sim.views.live.charts.KEY_CHARTS`), or the others and networks.

    The key charts go two a row (the first screen of a 1280x720 projector), followed by where
    the profit difference comes from; the others in as many columns as the screen holds. One
    component draws a grid (Solara's cost grows with the components it renders).

    Args:
        model: The session.
        tick: Mesa's step counter; a new value redraws the charts.
        key: The key charts, or the others.
        presenter: Larger charts: one key chart a row, the others two a row.
    """
    if key:
        drawings = [charts.draw_svg(model, title) for title in charts.KEY_CHARTS]
        style, classes = (KEY_GRID_PRESENTER if presenter else KEY_GRID), [KEY]
    else:
        drawings = [charts.draw_svg(model, t) for t in charts.CHARTS if t not in charts.KEY_CHARTS]
        drawings += [charts.draw_network_svg(model, index) for index in range(len(model.models))]
        style, classes = (GRID_PRESENTER if presenter else GRID), []
    with solara.Div(style=style, classes=classes):
        for drawing in drawings:
            solara.HTML(tag="div", unsafe_innerHTML=drawing)
    if key:
        solara.HTML(tag="div", unsafe_innerHTML=monitors.channels_html(model))


@solara.component
def Status(model: LiveSession, tick: int):  # noqa: N802 (a Solara component)
    """What the page shows right now: each configuration's label and regime, and the week."""
    items = []
    for name, running in zip(model.labels, model.models, strict=True):
        chosen = ", ".join(f"{axis}: {option}" for axis, option in model.regime(running).items())
        items.append(f"<li><b>{escape(name)}</b> ({escape(chosen)})</li>")
    items += [
        f"<li>week {week}: switched {escape(text)}</li>" for week, text in model.switch_marks()
    ]
    head = f"<b>Week {model.week} of {model.years * 52}</b>, seed {model.seed}"
    if page.COMPANY is not None:
        head += f", {escape(page.company_note())}"
    solara.HTML(tag="div", unsafe_innerHTML=f"{head}<ul>{''.join(items)}</ul>", classes=[STATUS])


@solara.component_vue("switch_button.vue")
def SwitchButton(  # noqa: N802 (a Solara component)
    label: str, confirmed: int, event_switch_now: Callable[[dict], None]
):
    """A button that sends, with the press, the week the browser shows (``{"week": N}``).

    It says "switching from week N+1 ..." at once, until ``confirmed`` changes.
    """


@solara.component
def SwitchNow(model: LiveSession):  # noqa: N802 (a Solara component)
    """Switch a regime axis of the running model(s) from the week after the one on screen.

    Mesa's play loop runs ahead of the browser; the button sends the week on screen and the
    session goes back to it before switching (:meth:`LiveSession.switch`), playing or paused.
    """
    axis, set_axis = solara.use_state(REGIME_AXES[0])
    option, set_option = solara.use_state(_another_option(model, REGIME_AXES[0]))
    message, set_message = solara.use_state("")
    confirmations, set_confirmations = solara.use_state(0)
    options = group_options(axis)
    chosen = option if option in options else options[0]

    def choose_axis(value: str) -> None:
        set_axis(value)
        set_option(_another_option(model, value))

    def switch(pressed: dict) -> None:
        shown = pressed.get("week") if isinstance(pressed, dict) else None
        shown = shown if isinstance(shown, int) and shown >= 0 else None
        if model.switch(axis, chosen, shown):
            set_message(f"from week {model.left.switches[-1][0]}: {axis} = {chosen}")
        else:
            set_message(f"{axis} is already {chosen}: nothing switched")
        set_confirmations(confirmations + 1)
        force_update()

    with solara.Card("Switch a regime now", margin=0):
        with solara.Row():
            solara.Select(
                "axis to switch", value=axis, values=list(REGIME_AXES), on_value=choose_axis
            )
            solara.Select("new option", value=chosen, values=options, on_value=set_option)
            SwitchButton(label="Switch now", confirmed=confirmations, event_switch_now=switch)
        if message and (model.left.switches or "nothing switched" in message):
            solara.Text(message)  # a Reset starts a model with no switch and no message


def _another_option(model: LiveSession, axis: str) -> str:
    """The first option of ``axis`` other than the one in force: a switch that changes something."""
    options = group_options(axis)
    in_force = model.in_force(axis)
    return next((o for o in options if o != in_force), options[0])


@solara.component
def Export(model: LiveSession, tick: int):  # noqa: N802 (a Solara component)
    """Download the charts as one PNG and the weekly data as CSV, as they stand this week.

    The browser paints the charts on screen into the PNG (:mod:`sim.views.live.pngexport`);
    the file names carry the week, so a new ``tick`` renders them again.
    """
    with solara.Row(style="align-items: center; flex-wrap: wrap"):
        ChartsPng.element(
            heading=charts.export_heading(model), filename=charts.export_name(model, "png")
        )
        solara.FileDownload(
            lambda: charts.export_csv(model),
            filename=charts.export_name(model, "csv"),
            label="Data as CSV",
            mime_type="text/csv",
        )


@solara.component
def Parameters(model: LiveSession, switches: int):  # noqa: N802 (a Solara component)
    """The argued parameters as the running configuration has them now, each explained on hover.

    The values are read from the running (left) model's configuration, which a regime switch
    replaces; ``switches`` (how many were made) draws the card again after each one.
    """
    with solara.Card("Parameters in force", margin=0):
        for running in sliders(model.left.cfg):
            value = running.value
            shown = ("yes" if value else "no") if running.is_switch else f"{value:g}"
            text = f"{escape(running.label)}: <b>{shown}</b> {escape(running.unit)}"
            help_text = f"{running.info.doc} Source: {running.info.source}."
            with solara.Tooltip(help_text), solara.Div(style="cursor: help"):
                solara.HTML(tag="div", unsafe_innerHTML=text)


#: The class of the key charts' grid, for a browser to find it.
KEY = "live-key-charts"
#: The key charts: two a row, each at least its drawing's width (fonts never shrink below
#: 14 pixels), so the four and their difference panels fill a 1280x720 screen.
KEY_GRID = f"display: grid; grid-template-columns: repeat(2, minmax({WIDTH}px, 1fr)); gap: 4px 8px"
KEY_GRID_PRESENTER = "display: grid; grid-template-columns: 1fr; gap: 8px"
#: The other charts and the networks: as many columns as the screen holds.
GRID = f"display: grid; grid-template-columns: repeat(auto-fill, minmax({WIDTH}px, 1fr)); gap: 8px"
GRID_PRESENTER = "display: grid; grid-template-columns: repeat(2, 1fr); gap: 8px"
#: The page's own style: no white band above the charts (Solara's padding of the main area
#: and Mesa's empty tab strip); the badge is off (server.py).
PAGE_STYLE = """
.v-content__wrap > div { padding-top: 4px !important; }
.solara-autorouter-content > .v-sheet > .v-sheet:first-child:has(> .v-sheet:empty:last-child) {
  display: none !important; }
"""


@solara.component
def Dashboard(model: LiveSession):  # noqa: N802 (a Solara component)
    """The main area, laid out for a projector: monitors and the key charts on the first screen.

    The headline monitors and the key charts; then what runs, the switch of a regime, the
    export and the presenter switch; then the other charts and the networks; the parameters in
    force last. (A guided session's card is in the sidebar, beside the charts.)

    It alone follows Mesa's step counter and hands it to the parts that change with the
    week: each component following the counter costs Solara a pass over the whole page.
    """
    tick = update_counter.get()
    presenter, set_presenter = solara.use_state(False)
    solara.Style(PAGE_STYLE)
    with solara.Column(style="padding: 0 4px; gap: 6px"):
        monitors.Monitors(model, tick, presenter)
        Charts(model, tick, True, presenter)
        with solara.Row(style="align-items: flex-start; flex-wrap: wrap"):
            with solara.Div(style="flex: 1 1 420px"):
                Status(model, tick)
            with solara.Column(style="flex: 1 1 420px"):
                SwitchNow(model)
                with solara.Row(style="align-items: center; flex-wrap: wrap"):
                    Export(model, tick)
                    solara.Switch(
                        label="presenter (larger)", value=presenter, on_value=set_presenter
                    )
        Charts(model, tick, False, presenter)
        Parameters(model, len(model.left.switches))


@solara.component
def Page():  # noqa: N802 (Solara's entry point)
    """The page: one live session per browser session.

    The sidebar (:func:`sim.views.live.sidebar.Sidebar`) holds Mesa's player (play, pause,
    step, reset), the speed and the configuration; on reset Mesa's controller puts a new
    session in ``session``. The main area is :func:`Dashboard`, laid out for a projector.
    """
    first = solara.use_memo(LiveSession, [])
    session = solara.use_reactive(first)
    Sidebar(session)
    Dashboard(session.value)
