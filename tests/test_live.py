"""The live page's widgets, rendered without a browser (``solara.render``).

Each test drives the page as a facilitator would (pick, reset, step) and checks what the page
then shows: the status line naming each configuration's regime and week, and the charts.
"""

from __future__ import annotations

import math
import re

import ipyvuetify as v
import ipywidgets
import pytest
import solara

from sim.live import session
from sim.live.app import Page
from sim.live.controls import ARGUED, model_params, sliders
from sim.live.session import ALONE, LiveSession
from tests.conftest import SMALL_WORLD

pytestmark = [pytest.mark.slow]

#: The small world (tests/conftest.py) under every configuration of the page, as
#: ``salesculture live --set ...`` would set it: the page's behaviour, at a fraction of the cost.
SMALL = [item for item in SMALL_WORLD if not item.startswith("years")]


@pytest.fixture(autouse=True)
def small_world(monkeypatch):
    monkeypatch.setattr(session, "WORLD", SMALL)


@solara.component
def PageInLayout():  # noqa: N802 (a Solara component)
    """The page inside the app layout the server gives it (its sidebar holds the controls)."""
    with solara.AppLayout():
        Page()


def widgets(root: ipywidgets.Widget) -> list[ipywidgets.Widget]:
    """Every widget under ``root``, including those in a grid layout's items."""
    found, stack = [], [root]
    while stack:
        widget = stack.pop()
        found.append(widget)
        for name in ("children", "items"):
            value = getattr(widget, name, None)
            if isinstance(value, list | tuple):
                stack.extend(c for c in value if isinstance(c, ipywidgets.Widget))
    return found


def status(box) -> str:
    """The text of the page's status component (its rendered Markdown, tags removed)."""
    templates = [w.template for w in widgets(box) if isinstance(w, v.VuetifyTemplate)]
    texts = [t if isinstance(t, str) else str(getattr(t, "template", "")) for t in templates]
    texts = [text for text in texts if "Week" in text]
    assert len(texts) == 1, texts
    return re.sub(r"<[^>]+>", "", texts[0])


def press(rc, label: str) -> None:
    rc.find(v.Btn, children=[label]).assert_single()
    rc.find(v.Btn, children=[label]).widget.click()


def pick(rc, label: str, value: str) -> None:
    rc.find(v.Select, label=label).widget.v_model = value


def charts(rc) -> list[str]:
    """The page's charts: SVG drawings (the network is an image)."""
    found = []
    for widget in widgets(rc.container):
        if isinstance(widget, ipywidgets.Image):
            found.append(str(widget.value))
        elif "<svg" in str(getattr(widget, "unsafe_innerHTML", "") or ""):
            found.append(widget.unsafe_innerHTML)
    return found


def test_reset_builds_the_picked_regime_and_step_moves_the_charts() -> None:
    box, rc = solara.render(PageInLayout(), handle_error=False)
    assert "Week 0" in status(box) and "leadership: sales_driven" in status(box)
    before = charts(rc)

    pick(rc, "leadership", "sales_led")
    press(rc, "Reset")
    assert "leadership: sales_led" in status(box)
    press(rc, "Step")
    press(rc, "Step")
    assert "Week 2 of 260" in status(box)
    after = charts(rc)
    assert len(after) == len(before) >= 7
    assert all(a != b for a, b in zip(before, after, strict=True))  # every chart redrawn


def test_side_by_side_steps_both_on_one_seed() -> None:
    box, rc = solara.render(PageInLayout(), handle_error=False)
    pick(rc, "side by side with", "sales_led")
    press(rc, "Reset")
    press(rc, "Step")
    text = status(box)
    assert "baseline (" in text and "sales_led (" in text and "Week 1" in text


def test_two_sessions_hold_two_models() -> None:
    first_box, first = solara.render(PageInLayout(), handle_error=False)
    second_box, second = solara.render(PageInLayout(), handle_error=False)
    press(first, "Step")
    press(first, "Step")
    assert "Week 2" in status(first_box)
    assert "Week 0" in status(second_box)


def test_controls_come_from_the_parameter_metadata() -> None:
    params = model_params()
    for slider in sliders():
        entry = params[slider.name]
        assert entry["value"] == slider.value
        if entry["type"] != "Checkbox":
            assert entry["min"] <= slider.value <= entry["max"]
            assert slider.info.low is None or entry["min"] >= slider.info.low
            assert slider.info.high is None or entry["max"] <= slider.info.high
            assert slider.info.unit in entry["label"]
            assert entry["tooltip"] == slider.info.doc
    assert set(ARGUED) <= set(params)


def vuetify_snap(value: float, low: float, high: float, step: float) -> float:
    """The value a Vuetify 2 slider shows and sends back for ``value`` (its ``roundValue``)."""
    text = str(step)
    decimals = len(text) - text.index(".") - 1 if "." in text else 0
    offset = math.fmod(low, step)  # JavaScript's %
    snapped = math.floor((value - offset) / step + 0.5) * step + offset  # Math.round
    return float(f"{min(snapped, high):.{decimals}f}")  # toFixed


def test_every_slider_starts_on_its_own_grid() -> None:
    # The browser's slider snaps its start value to min + k * step and sends it back; off the
    # grid, Reset would build a parameter nobody moved (108 service staff became 107).
    for name, entry in model_params().items():
        if entry["type"] in ("SliderInt", "SliderFloat"):
            low, high, step, value = (entry[k] for k in ("min", "max", "step", "value"))
            assert vuetify_snap(value, low, high, step) == value, (name, entry)


def test_a_slider_left_at_the_baseline_keeps_the_presets_value() -> None:
    # values_based_pay sets a values bonus; the slider starts at the baseline's 0.
    chosen = LiveSession(preset="values_based_pay", **{"incentives.values_bonus_share": 0.0})
    assert chosen.left.cfg.incentives.values_bonus_share > 0
    moved = LiveSession(preset="values_based_pay", **{"incentives.values_bonus_share": 0.2})
    assert moved.left.cfg.incentives.values_bonus_share == 0.2
    assert LiveSession(versus=ALONE).right is None


def test_a_switch_mid_run_changes_the_regime_from_the_next_week() -> None:
    box, rc = solara.render(PageInLayout(), handle_error=False)
    press(rc, "Step")
    press(rc, "Step")
    rc.find(v.Select, label="axis to switch").widget.v_model = "leadership"
    rc.find(v.Select, label="new option").widget.v_model = "sales_led"
    press(rc, "Switch now")
    press(rc, "Step")
    text = status(box)
    assert "leadership: sales_led" in text  # the running model's regime, not a rebuilt one
    assert "Week 3" in text
    assert "week 3: switched leadership: sales_led" in text


def test_the_charts_fast_moving_average_equals_the_tables() -> None:
    import numpy as np

    from sim.live import charts

    live = LiveSession()
    for _ in range(12):
        live.step()
    table = live.records()
    for column in ("revenue", "leads", "customers"):
        for smoothed in (True, False):
            expected = charts.series(table, column, smoothed).to_numpy()
            weeks, values = charts.weekly(live.left, column, smoothed)
            assert np.allclose(values, expected) and list(weeks) == list(range(1, 13))


def test_svg_charts_draw_every_point_tie_and_switch_inside_the_chart() -> None:
    from sim.live import svg

    line = svg.Line("sales", "#000", "-", [1, 2, 3, 4], [1.0, float("nan"), 3.0, 2.0])
    chart = svg.line_chart([line], "t", "u", marks=[(4, "leadership: sales_led")])
    points = re.search(r'<polyline points="([^"]*)"', chart).group(1).split()
    assert len(points) == 3  # the NaN week is left out
    label = re.search(r"<text ([^>]*)>leadership: sales_led</text>", chart).group(1)
    assert 'text-anchor="end"' in label  # a switch at the right edge reads leftwards
    assert 'viewBox="0 0 640 150"' in svg.line_chart([line], "gap", "u", height=150)
    with pytest.raises(ValueError, match="4 x values but 3 y values"):
        svg.line_chart([svg.Line("bad", "#000", "-", [1, 2, 3, 4], [1, 2, 3])], "t", "u")
    positions = {0: (0.0, 0.0), 1: (1.0, 0.0), 2: (0.0, 1.0)}
    network = svg.network_chart(positions, [(0, 1), (1, 2)], {0: 0.0, 1: 0.5, 2: 1.0}, "net")
    assert (
        network.count("<path") == 1 and re.search(r'd="([^"]*)"', network).group(1).count("M") == 2
    )
    assert network.count("<circle") == 3 + 5  # three people and the legend's five
