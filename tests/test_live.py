"""The live page's widgets, rendered without a browser (``solara.render``).

Each test drives the page as a facilitator would (pick, reset, step) and checks what the page
then shows: the status line naming each configuration's regime and week, and the charts.
"""

from __future__ import annotations

import io
import math
import re

import numpy as np
import pandas as pd
import pytest

from tests.conftest import SMALL_WORLD, needs

try:
    import ipyvuetify as v
    import ipywidgets
    import solara
except ImportError:
    needs("solara", "live")  # skipped without the live extra (a failure under CI)
    raise

from salesculture.sim.views.live import charts, monitors, server, session, sidebar
from salesculture.sim.views.live.app import Page
from salesculture.sim.views.live.controls import ARGUED, model_params, sliders
from salesculture.sim.views.live.pngexport import ChartsPng
from salesculture.sim.views.live.session import ALONE, LiveSession

pytestmark = [pytest.mark.slow]

#: The small world (tests/conftest.py) under every configuration of the page, as
#: ``salesculture live --set ...`` would set it: the page's behaviour, at a fraction of the cost.
SMALL = [item for item in SMALL_WORLD if not item.startswith("years")]


@pytest.fixture(autouse=True)
def small_world(monkeypatch):
    """The small world, rendered by the renderer the server chooses for the page."""
    monkeypatch.setattr(session, "WORLD", SMALL)
    monkeypatch.setenv(server.RENDERER, "1")


@solara.component
def PageInLayout():  # noqa: N802 (a Solara component)
    """The page inside the app layout the server gives it (its sidebar holds the controls)."""
    with solara.AppLayout():
        Page()


def widgets(root: ipywidgets.Widget) -> list[ipywidgets.Widget]:
    """Every widget under ``root``, including a grid layout's items and slots' children."""
    found, stack = [], [root]
    while stack:
        widget = stack.pop()
        found.append(widget)
        for name in ("children", "items"):
            value = getattr(widget, name, None)
            if isinstance(value, list | tuple):
                stack.extend(c for c in value if isinstance(c, ipywidgets.Widget))
        for slot in getattr(widget, "v_slots", None) or []:  # e.g. a tooltip's activator
            inner = slot.get("children")
            for child in inner if isinstance(inner, list | tuple) else [inner]:
                if isinstance(child, ipywidgets.Widget):
                    stack.append(child)
    return found


def html_texts(box) -> list[str]:
    """The text of every HTML element of the page, tags removed."""
    found = [getattr(w, "unsafe_innerHTML", None) for w in widgets(box)]
    return [re.sub(r"<[^>]+>", " ", text) for text in found if isinstance(text, str)]


def status(box) -> str:
    """The text of the page's status (what runs, the week)."""
    texts = [text for text in html_texts(box) if re.search(r"Week \d+ of", text)]
    assert len(texts) == 1, texts
    return re.sub(r"\s+", " ", texts[0])


def press(rc, label: str) -> None:
    if label == "Switch now":  # a Vue template: the press carries the week on screen
        press_switch(rc, -1)
        return
    rc.find(v.Btn, children=[label]).assert_single()
    rc.find(v.Btn, children=[label]).widget.click()


def press_switch(rc, shown: int) -> None:
    """Press "Switch now" as the browser does, saying the week on screen (-1: not known)."""
    (button,) = [w for w in widgets(rc.container) if hasattr(w, "vue_switch_now")]
    button.vue_switch_now({"week": shown})


def pick(rc, label: str, value: str) -> None:
    rc.find(v.Select, label=label).widget.v_model = value


def drawn_charts(rc) -> list[str]:
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
    before = drawn_charts(rc)

    pick(rc, "leadership", "sales_led")
    press(rc, "Reset")
    assert "leadership: sales_led" in status(box)
    press(rc, "Step")
    press(rc, "Step")
    assert "Week 2 of 260" in status(box)
    after = drawn_charts(rc)
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
            assert entry["unit"] in ("", slider.info.unit)
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


def test_the_switch_offers_a_change_and_refuses_the_option_in_force() -> None:
    box, rc = solara.render(PageInLayout(), handle_error=False)
    rc.find(v.Select, label="axis to switch").widget.v_model = "leadership"
    offered = rc.find(v.Select, label="new option").widget.v_model
    assert offered != "sales_driven"  # the baseline's leadership: switching to it changes nothing
    rc.find(v.Select, label="new option").widget.v_model = "sales_driven"
    press(rc, "Switch now")
    said = [c for w in widgets(box) for c in getattr(w, "children", ()) if isinstance(c, str)]
    assert "leadership is already sales_driven: nothing switched" in said
    press(rc, "Step")
    assert "switched leadership" not in status(box)  # no mark for a switch that was none


def test_the_charts_fast_moving_average_equals_the_tables() -> None:
    """Drawn every week as the page does (each week's record converted once), the series
    equal the weekly table's, and a drawing of an earlier week is not changed by later ones."""
    live = LiveSession()
    earlier = {}
    for week in range(1, 13):
        live.step()
        for column in ("revenue", "leads", "customers"):
            earlier[week, column] = charts.weekly(live.left, column, False)[1].copy()
    table = pd.DataFrame.from_records(live.left.records)
    for column in ("revenue", "leads", "customers"):
        for smoothed in (True, False):
            expected = table[column].astype(float)
            if smoothed:
                expected = expected.rolling(charts.SMOOTHING_WEEKS, min_periods=1).mean()
            weeks, values = charts.weekly(live.left, column, smoothed)
            assert np.allclose(values, expected) and list(weeks) == list(range(1, 13))
        for week in range(1, 13):
            assert np.array_equal(earlier[week, column], table[column].to_numpy()[:week])
        _, first_five = charts.weekly(live.left, column, False, weeks=5)
        assert np.array_equal(first_five, table[column].to_numpy()[:5])


@pytest.fixture(scope="module")
def a_year_and_more() -> LiveSession:
    """baseline and sales_led side by side for 60 weeks, a regime switched in week 40."""
    session.WORLD[:] = SMALL
    try:
        live = LiveSession(versus="sales_led")
        for week in range(60):
            if week == 40:
                live.switch("process", "cross_functional_team")
            live.step()
    finally:
        session.WORLD[:] = []
    return live


def test_rolling_retention_and_culture_by_role_match_the_weekly_table(a_year_and_more) -> None:
    from salesculture.sim.world.metrics import with_rolling_retention

    for model in a_year_and_more.models:
        table = with_rolling_retention(pd.DataFrame.from_records(model.records))
        for name in ("retention_52w", "nrr_52w"):
            _, values = charts.weekly(model, name, smoothed=False)
            assert np.isnan(values[:52]).all() and np.isfinite(values[52:]).all()
            assert np.allclose(values[52:], table[name].to_numpy()[52:])
        _, sales = charts.weekly(model, "believer_share_sales", smoothed=False)
        assert np.allclose(sales, table.believers_sales / table.headcount_sales)
        # Mean belief by role, weighted by head-count, is the mean belief of everybody.
        roles = [c.removeprefix("belief_") for c in table.columns if c.startswith("belief_")]
        weighted = (
            sum(table[f"belief_{r}"].fillna(0) * table[f"headcount_{r}"] for r in roles)
            / table.headcount
        )
        assert np.allclose(weighted, table.mean_belief)


def test_side_by_side_differences_are_zero_until_the_regimes_act(a_year_and_more) -> None:
    lines, gaps = charts.chart_lines(a_year_and_more, "Customers")
    assert len(lines) == 2 and len(gaps) == 1
    gap = gaps[0].y
    assert gap[0] == 0  # same seed, same customers in week 1
    assert np.abs(gap).max() > 0  # and the regime shows later
    svg = charts.draw_svg(a_year_and_more, "Believers")
    assert svg.count("<svg") == 2 and "percentage points" in svg
    assert "process: cross_functional_team" in svg  # the switch is marked


def test_the_export_holds_what_the_page_shows(a_year_and_more) -> None:
    table = pd.read_csv(io.BytesIO(charts.export_csv(a_year_and_more)))
    assert list(table.columns[:2]) == ["configuration", "seed"]
    assert table.groupby("configuration").week.max().to_dict() == {
        "baseline": 60,
        "sales_led": 60,
    }
    right = table[table.configuration == "sales_led"]
    assert right.customers.tolist() == [r["customers"] for r in a_year_and_more.right.records]
    assert right.switches.fillna("").tolist()[40] == "process=cross_functional_team"
    assert np.allclose(right.retention_52w.iloc[52:], charts.weekly(
        a_year_and_more.right, "retention_52w", False)[1][52:])  # fmt: skip
    name = charts.export_name(a_year_and_more, "png")
    assert name == "salesculture_baseline_vs_sales_led_seed0_week60.png"
    heading = charts.export_heading(a_year_and_more)  # above the charts in the browser's PNG
    assert heading.startswith("baseline (solid) vs sales_led (dashed): seed 0, week 60 (")


def test_the_monitors_show_the_models_numbers(a_year_and_more) -> None:
    left, right, difference = monitors.headlines(a_year_and_more)
    for shown, model in zip((left, right), a_year_and_more.models, strict=True):
        table = pd.DataFrame.from_records(model.records)
        assert shown["profit"] == pytest.approx(table.profit.sum())
        assert shown["revenue"] == pytest.approx(table.revenue.sum())
        assert shown["customers"] == table.customers.iloc[-1]
        assert shown["believers"] == pytest.approx(100 * table.believer_share.iloc[-1])
    assert difference["profit"] == pytest.approx(right["profit"] - left["profit"])
    assert difference["profit"] != 0  # sales_led pays for sales managers
    html = monitors.monitors_html(a_year_and_more)
    assert monitors.number_text("profit", left["profit"]) in html and "sales_led" in html
    alone = LiveSession()
    assert monitors.channels(alone) == [] and len(monitors.headlines(alone)) == 1
    assert "–" in monitors.monitors_html(alone)  # nothing run yet: no number, not a zero


def test_the_profit_channels_are_explains(a_year_and_more) -> None:
    """The page's three channels are those ``salesculture explain`` finds on the same weeks."""
    from salesculture.sim.runs.explain import channel_totals, explain_pair

    frames = []
    for model in a_year_and_more.models:
        table = pd.DataFrame.from_records(model.records)
        row = {**channel_totals(table), "profit": table.profit.sum(), "believer_share": 0.0}
        frames.append(pd.DataFrame([row], index=pd.Index([0], name="seed")))
    explained = explain_pair(*frames, "baseline", "sales_led", 1)
    shown = monitors.channels(a_year_and_more)
    assert [c.name for c in shown] == [row.channel for row in explained.largest(3)]
    assert [c.to_profit for c in shown] == pytest.approx(
        [row.to_profit for row in explained.largest(3)]
    )
    every = monitors.channels(a_year_and_more, largest=100)  # they add up to the difference
    assert sum(c.to_profit for c in every) == pytest.approx(explained.profit.diff)
    assert "Profit difference so far" in monitors.channels_html(a_year_and_more)


def test_the_page_offers_both_exports_named_by_week() -> None:
    box, rc = solara.render(PageInLayout(), handle_error=False)
    press(rc, "Step")
    texts = [str(getattr(w, "children", "")) for w in widgets(rc.container)]
    assert any("Data as CSV" in t for t in texts)
    png = rc.find(ChartsPng).widget  # the browser paints the charts (tests/test_live_layout_...)
    assert "Charts as PNG" in png.template and png.filename.endswith("_week1.png")
    assert "week 1 (" in png.heading
    assert "_week1." in str([getattr(w, "filename", "") for w in widgets(rc.container)])


def test_a_moved_slider_is_in_force_after_reset_and_shown_with_its_meaning() -> None:
    box, rc = solara.render(PageInLayout(), handle_error=False)

    def in_force() -> str:
        texts = [t for t in html_texts(box) if "salespeople:" in t]
        return re.sub(r"\s+", " ", " ".join(texts))

    before = in_force()
    assert "salespeople: 10 people" in before  # the small world's, under the page
    slider(rc, "workforce.salespeople").v_model = 30
    assert in_force() == before  # applies on Reset, as the page says
    press(rc, "Reset")
    assert "salespeople: 30 people" in in_force()
    assert rc.find(v.Tooltip).widgets  # each line explains its parameter on hover


def slider(rc, name: str) -> v.Slider:
    """The sidebar's slider of the control ``name`` (``workforce.salespeople``)."""
    found = rc.find(v.Slider, class_=f"live-slider live-slider--{sidebar.css_name(name)}")
    found.assert_single()
    return found.widget


def texts_of(rc) -> list[str]:
    """Every text element of the page (Solara's ``Text``)."""
    found = [getattr(w, "children", ()) for w in widgets(rc.container)]
    return [c for children in found for c in children if isinstance(c, str)]


def test_a_moved_slider_shows_its_value_and_waits_for_reset_then_names_the_label() -> None:
    box, rc = solara.render(PageInLayout(), handle_error=False)
    assert sidebar.PENDING not in texts_of(rc)
    assert sidebar.HINT in str([w.children for w in rc.find(v.Alert).widgets])
    slider(rc, "workforce.salespeople").v_model = 40
    slider(rc, "incentives.values_bonus_share").v_model = 0.05
    shown = texts_of(rc)
    assert "40 people" in shown and shown.count(sidebar.PENDING) == 2
    assert "Use Threads" not in str([w.label for w in rc.find(v.Checkbox).widgets])
    assert "Play Interval (ms)" not in str(shown) and "Speed" in shown
    pick(rc, "side by side with", "sales_led")
    assert sidebar.PENDING_VERSUS in texts_of(rc)
    press(rc, "Reset")
    assert sidebar.PENDING not in texts_of(rc) and sidebar.PENDING_VERSUS not in texts_of(rc)
    text = status(box)
    assert "baseline+incentives.values_bonus_share=0.05+workforce.salespeople=40" in text
    assert "sales_led+incentives.values_bonus_share=0.05+workforce.salespeople=40" in text
    press(rc, "Step")
    assert sidebar.HINT not in str([w.children for w in rc.find(v.Alert).widgets])


def test_every_control_has_hover_help_and_presets_their_description() -> None:
    _, rc = solara.render(PageInLayout(), handle_error=False)
    helps = [w.children[0] for w in rc.find(v.Tooltip).widgets if w.children]
    for name in ARGUED:
        doc = next(s.info.doc for s in sliders() if s.name == name)
        assert doc in helps, name
    from salesculture.sim.config.presets import scenario_descriptions

    described = scenario_descriptions()[0]["baseline"]
    assert described and described in texts_of(rc)
    pick(rc, "preset", "sales_led")
    assert scenario_descriptions()[0]["sales_led"] in texts_of(rc)


def test_parameters_in_force_follow_a_switch() -> None:
    box, rc = solara.render(PageInLayout(), handle_error=False)

    def bonus() -> str:
        text = next(t for t in html_texts(box) if "values bonus share:" in t)
        return re.sub(r"\s+", " ", text)

    assert re.search(r"values bonus share: 0 share", bonus())
    rc.find(v.Select, label="axis to switch").widget.v_model = "incentives"
    rc.find(v.Select, label="new option").widget.v_model = "values_based"
    press(rc, "Switch now")
    assert re.search(r"values bonus share: 0.03 share", bonus())  # conf/incentives/values_based


def test_svg_charts_draw_every_point_tie_and_switch_inside_the_chart() -> None:
    from salesculture.sim.views.live import svg

    line = svg.Line("sales", "#000", "-", [1, 2, 3, 4], [1.0, float("nan"), 3.0, 2.0])
    chart = svg.line_chart([line], "t", "u", marks=[svg.Mark(4, "leadership: sales_led", "#f00")])
    points = re.search(r'<polyline points="([^"]*)"', chart).group(1).split()
    assert len(points) == 3  # the NaN week is left out
    label = re.search(r"<text ([^>]*)>leadership: sales_led</text>", chart).group(1)
    assert 'text-anchor="end"' in label  # a switch at the right edge reads leftwards
    assert 'fill="#f00"' in label and 'stroke="#f00" stroke-width="3"' in chart  # its colour
    first_weeks = svg.line_chart([svg.Line("x", "#000", "-", [1, 2, 3], [5.0, 6.0, 7.0])], "t", "u")
    assert ">2<" in first_weeks and ">1.5<" not in first_weeks  # weeks are whole numbers
    shorter = svg.line_chart([line], "gap", "u", height=150)
    assert f'viewBox="0 0 {svg.WIDTH} 150"' in shorter  # the legend within the height
    empty = svg.line_chart([], "t", "u", empty=svg.PRESS_PLAY)
    assert svg.PRESS_PLAY in empty and "<line" not in empty  # no 0-1 axes before week 1
    with pytest.raises(ValueError, match="4 x values but 3 y values"):
        svg.line_chart([svg.Line("bad", "#000", "-", [1, 2, 3, 4], [1, 2, 3])], "t", "u")
    positions = {0: (0.0, 0.0), 1: (1.0, 0.0), 2: (0.0, 1.0)}
    network = svg.network_chart(positions, [(0, 1), (1, 2)], {0: 0.0, 1: 0.5, 2: 1.0}, "net")
    assert (
        network.count("<path") == 1 and re.search(r'd="([^"]*)"', network).group(1).count("M") == 2
    )
    assert network.count("<circle") == 3 + 5  # three people and the legend's five


def test_switch_labels_never_overlap() -> None:
    from salesculture.sim.views.live import svg

    line = svg.Line("x", "#000", "-", list(range(1, 41)), [1.0] * 40)
    marks = [svg.Mark(w, f"leadership: option {w}") for w in (10, 11, 12, 30)]
    chart = svg.line_chart([line], "t", "u", marks=marks)
    rows = [float(y) for y in re.findall(r'<text x="[^"]*" y="([^"]*)"[^>]*switch-label', chart)]
    assert len(rows) == 4 and len(set(rows[:3])) == 3  # three close switches: three rows
    assert (
        re.findall(r'font-size="(\d+)"', chart)
        and min(int(size) for size in re.findall(r'font-size="(\d+)"', chart)) >= 14
    )


def test_the_network_draws_people_hired_into_new_slots() -> None:
    live = LiveSession()
    model = live.left
    positions = charts.network_layout(model)
    slot = next(n for n in range(len(model.workforce.active)) if n not in model.network)
    model.workforce.active[slot] = True  # somebody in a slot outside the network's
    try:
        assert slot in charts.network_layout(model)
        drawn = charts.draw_network_svg(live)
        assert drawn.count("<circle") == int(model.workforce.active.sum()) + 5
    finally:
        model.workforce.active[slot] = False
    assert positions is charts.network_layout(model)  # one layout, extended


def test_the_server_silences_solaras_cookie_warning_only() -> None:
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        server.quiet_cookie_warning()
        warnings.warn(f"{server.COOKIE_WARNING}, but ... the scheme is 'http'", stacklevel=1)
        warnings.warn("another warning", stacklevel=1)
    assert [str(w.message) for w in caught] == ["another warning"]


def test_tick_labels_never_repeat() -> None:
    from salesculture.sim.views.live import svg

    for low, high in ((583.2, 584.6), (0.0001, 0.0004), (55, 67.5), (1000, 1600), (-50, 100)):
        labels = svg.tick_labels(svg.nice_ticks(low, high))
        assert len(set(labels)) == len(labels) > 1, labels
    assert svg.tick_labels([583.5, 584.0]) == ["583.5", "584.0"]


def test_a_guided_step_shows_its_note_beside_the_charts_and_leaves_nothing_pending() -> None:
    """The pickers follow the session a guided step builds: nothing reads "press Reset"."""
    box, rc = solara.render(PageInLayout(), handle_error=False)
    pick(rc, "guided session", "led_or_driven")
    texts = [c for w in widgets(box) for c in getattr(w, "children", ()) if isinstance(c, str)]
    notes = [w for w in widgets(box) if "live-guide-note" in (getattr(w, "class_", "") or "")]
    assert notes or any("Sales-led or sales-driven" in t for t in html_texts(box))
    assert sidebar.PENDING not in texts and sidebar.PENDING_VERSUS not in texts
    assert "sales_driven" in status(box)  # the script's configuration runs
