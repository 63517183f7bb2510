"""The live page (``salesculture live``): Mesa's SolaraViz around a :class:`LiveSession`.

Each browser session builds its own session inside :func:`Page` (``solara.use_memo``), so two
people on the page never share a model. The sidebar holds Mesa's controls (play, pause, step,
reset, speed) and the pickers and sliders of :mod:`sim.live.controls`; pressing Reset builds
the chosen configuration. The main area holds one chart per question (:mod:`sim.live.charts`)
and an export of the charts (PNG) and the data (CSV).
"""

from __future__ import annotations

import logging

import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import force_update, update_counter

from sim.config import REGIME_AXES
from sim.live import charts
from sim.live.controls import model_params
from sim.live.session import LiveSession
from sim.validation import group_options

logging.getLogger("MESA").setLevel(logging.WARNING)


def chart(title: str):
    """A page component drawing the chart ``title`` of the session it is given."""

    @solara.component
    def Chart(model: LiveSession):  # noqa: N802 (a Solara component)
        update_counter.get()  # redrawn after every step
        solara.HTML(tag="div", unsafe_innerHTML=charts.draw_svg(model, title))

    Chart.__name__ = title
    return Chart


@solara.component
def Network(model: LiveSession):  # noqa: N802 (a Solara component)
    """The influence network coloured by belief, on a layout fixed for the session's model."""
    update_counter.get()
    layout = charts.network_layout(model)
    solara.HTML(tag="div", unsafe_innerHTML=charts.draw_network_svg(model, layout))


@solara.component
def Export(model: LiveSession):  # noqa: N802 (a Solara component)
    """Download the charts as one PNG and the weekly data as CSV, as they stand this week."""
    update_counter.get()  # the file names carry the week
    with solara.Card("Export", margin=0), solara.Row():
        solara.FileDownload(
            lambda: charts.export_png(model, charts.network_layout(model)),
            filename=charts.export_name(model, "png"),
            label="Charts as PNG",
            mime_type="image/png",
        )
        solara.FileDownload(
            lambda: charts.export_csv(model),
            filename=charts.export_name(model, "csv"),
            label="Data as CSV",
            mime_type="text/csv",
        )


@solara.component
def Status(model: LiveSession):  # noqa: N802 (a Solara component)
    """What the page shows right now: each configuration's label and regime, and the week."""
    update_counter.get()
    lines = [f"**Week {model.week} of {model.years * 52}**, seed {model.seed}"]
    for name, running in zip(model.labels, model.models, strict=True):
        chosen = ", ".join(f"{axis}: {option}" for axis, option in model.regime(running).items())
        lines.append(f"- **{name}** ({chosen})")
    lines += [f"- week {week}: switched {text}" for week, text in model.switch_marks()]
    solara.Markdown("\n".join(lines))


@solara.component
def SwitchNow(model: LiveSession):  # noqa: N802 (a Solara component)
    """Switch a regime axis of the running model(s) from the next week on ("hire a leader now")."""
    axis, set_axis = solara.use_state(REGIME_AXES[0])
    option, set_option = solara.use_state(group_options(REGIME_AXES[0])[0])
    message, set_message = solara.use_state("")
    options = group_options(axis)

    def choose_axis(value: str) -> None:
        set_axis(value)
        set_option(group_options(value)[0])

    def switch() -> None:
        model.switch(axis, option)
        set_message(f"from week {model.week + 1}: {axis} = {option}")
        force_update()

    with solara.Card("Switch a regime now", margin=0):
        with solara.Row():
            solara.Select(
                "axis to switch", value=axis, values=list(REGIME_AXES), on_value=choose_axis
            )
            solara.Select(
                "new option",
                value=option if option in options else options[0],
                values=options,
                on_value=set_option,
            )
            solara.Button("Switch now", color="primary", on_click=switch)
        if message:
            solara.Text(message)


COMPONENTS = [Status, SwitchNow, *(chart(title) for title in charts.CHARTS), Network, Export]


@solara.component
def Page():  # noqa: N802 (Solara's entry point)
    """The page: one live session per browser session."""
    session = solara.use_memo(LiveSession, [])
    SolaraViz(
        session,
        components=COMPONENTS,
        model_params=model_params(),
        name="salesculture live",
        play_interval=50,
    )
