"""The live page in a real browser: the console command serving it, Chromium driving it, offline.

One story, as a facilitator tells it in a room with no internet: start ``salesculture live``,
pick a preset and reset, play and watch every chart move, pause, switch a regime mid-run and
see it marked, then compare two presets side by side. Every request that leaves this machine
is refused. Screenshots of each stage land in the test's output directory.

Needs Debian's Chromium (/usr/bin/chromium), Playwright (the ``test`` extra) and the ``live``
extra; without them the test is skipped, except under CI (``CI`` set), where it fails.
"""

from __future__ import annotations

import re
import time

import pytest

from salesculture.sim.views.live.charts import CHARTS as CHARTS_SHOWN
from tests import livepage
from tests.conftest import SMALL_WORLD, unavailable

pytestmark = [pytest.mark.slow, pytest.mark.browser]

#: The small world under every configuration, as ``--set`` gives it (the page sets the years).
SMALL = [item for item in SMALL_WORLD if not item.startswith("years")]
#: Charts of one configuration: the line charts and the network.
LINE_CHARTS = len(CHARTS_SHOWN)
CHARTS = LINE_CHARTS + 1
PRESET, OTHER = "values_based_pay", "sales_led"
#: The browser window: tall enough that a full-page screenshot shows every chart (the page
#: scrolls inside its own panel, so a screenshot is only as tall as the window).
WINDOW = (1400, 2300)
#: Seconds the server may take to stop after Ctrl-C.
STOP_SECONDS = 10
#: Milliseconds any one wait may take (the first page load builds the model and Solara's app).
WAIT = 30_000


def steady_time(page, hold: float = 1.0, timeout: float = 15.0) -> int:
    """The ``Time: N`` once it has not moved for ``hold`` seconds (the page is paused)."""
    deadline = time.monotonic() + timeout
    value, since = livepage.time_shown(page), time.monotonic()
    while time.monotonic() - since < hold:
        assert time.monotonic() < deadline, "Time: N kept moving after pause"
        page.wait_for_timeout(100)
        now = livepage.time_shown(page)
        if now != value:
            value, since = now, time.monotonic()
    return value


def shoot(page, path, started: float) -> None:
    page.screenshot(path=str(path), full_page=True)
    print(f"{time.monotonic() - started:5.1f} s  screenshot: {path}")


def test_the_page_plays_switches_and_compares_offline(tmp_path) -> None:
    reason = livepage.missing()
    if reason:
        unavailable(reason)
    from playwright.sync_api import expect, sync_playwright

    started = time.monotonic()
    server = livepage.Server(SMALL)
    print(f"{time.monotonic() - started:5.1f} s  {' '.join(server.command)} -> {server.url}")
    errors: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = livepage.launch(playwright)
            try:
                page, refused = livepage.offline_page(browser, *WINDOW)
                page.set_default_timeout(WAIT)
                expect.set_options(timeout=WAIT)
                page.on("pageerror", lambda error: errors.append(str(error)))
                livepage.open_live(page, server.url, CHARTS, WAIT)
                print(f"{time.monotonic() - started:5.1f} s  page drawn")
                assert "Week 0 of 260" in livepage.status(page)

                # 1. A preset, built by Reset.
                livepage.pick(page, "preset", PRESET)
                livepage.button(page, "Reset").click()
                text = livepage.wait_for_status(page, rf"Week 0 of \d+[\s\S]*{PRESET} \(")
                assert "incentives: values_based" in text, text
                shoot(page, tmp_path / "1-preset.png", started)

                # 2. Play: Time, the network's week and every chart move; pause stops them.
                time0, week0, svgs0 = livepage.snapshot(page)
                assert (time0, week0, len(svgs0)) == (0, 0, CHARTS)
                livepage.button(page, "▶").click()
                expect(livepage.button(page, "❚❚")).to_be_visible()
                livepage.wait_for_time(page, 4, WAIT)
                livepage.wait_for_network_week(page, 4, WAIT)
                livepage.button(page, "❚❚").click()
                expect(livepage.button(page, "▶")).to_be_visible()
                expect(livepage.button(page, "Step")).to_be_enabled()
                paused = steady_time(page)
                livepage.wait_for_status(page, rf"Week {paused} of")
                time1, week1, svgs1 = livepage.snapshot(page)
                assert time1 == week1 == paused >= 4
                assert len(svgs1) == CHARTS
                unchanged = [i for i, (a, b) in enumerate(zip(svgs0, svgs1, strict=True)) if a == b]
                assert not unchanged, f"charts {unchanged} did not change while playing"
                shoot(page, tmp_path / "2-played.png", started)

                # 3. Switch a regime mid-run: from the next week on, marked on every chart.
                livepage.pick(page, "axis to switch", "leadership")
                livepage.pick(page, "new option", OTHER)
                livepage.button(page, "Switch now").click()
                switch_week = paused + 1
                expect(
                    page.get_by_text(f"from week {switch_week}: leadership = {OTHER}")
                ).to_be_visible()
                livepage.button(page, "Step").click()
                text = livepage.wait_for_status(page, rf"Week {switch_week} of")
                assert f"leadership: {OTHER}" in text, text
                assert f"week {switch_week}: switched leadership: {OTHER}" in text, text
                marked = page.locator("svg[role=img]").filter(
                    has=page.locator("text", has_text=f"leadership: {OTHER}")
                )
                waiting = [c.empty for c in CHARTS_SHOWN.values() if c.empty != "no data yet"]
                expect(marked).to_have_count(LINE_CHARTS - len(waiting))  # retention: week 53
                for svg in livepage.chart_svgs(page)[:LINE_CHARTS]:
                    if not any(text in svg for text in waiting):
                        assert 'class="switch-mark"' in svg  # the switch's vertical line
                shoot(page, tmp_path / "3-switched.png", started)

                # 4. Side by side: both presets on one seed, and the difference panel.
                livepage.pick(page, "side by side with", OTHER)
                livepage.button(page, "Reset").click()
                livepage.wait_for_status(page, rf"Week 0 of[\s\S]*{PRESET} \([\s\S]*{OTHER} \(")
                livepage.wait_for_charts(page, 2 * LINE_CHARTS + 2, WAIT)  # two networks
                for week in (1, 2, 3):
                    livepage.button(page, "Step").click()
                    livepage.wait_for_status(page, rf"Week {week} of")
                livepage.wait_for_time(page, 3, WAIT)
                livepage.wait_for_network_week(page, 3, WAIT)  # the status can arrive first
                svgs = livepage.chart_svgs(page)
                charts, networks = svgs[:-2], svgs[-2:]
                assert f"Who influences whom ({PRESET}), week 3" in networks[0]
                assert f"Who influences whom ({OTHER}), week 3" in networks[1]
                drawn = 0
                for main, difference in zip(charts[::2], charts[1::2], strict=True):
                    title = re.search(r"<title>(.*?)</title>", main).group(1)
                    assert f"{OTHER} minus {PRESET}" in difference, title
                    if CHARTS_SHOWN[title].empty in main:  # e.g. retention, from week 53
                        continue
                    assert difference.count("<polyline") >= 1, title  # the gap is drawn
                    assert main.count("<polyline") >= 2, title  # one series per configuration
                    assert 'stroke-dasharray="8 5"' in main, title  # the right one dashed
                    drawn += 1
                assert drawn >= LINE_CHARTS - 2
                shoot(page, tmp_path / "4-side-by-side.png", started)
                assert not refused, f"the page asked for addresses off this machine: {refused}"
                assert not errors, errors
            finally:
                browser.close()
    finally:
        code, seconds = server.stop(STOP_SECONDS)
        print(f"server stopped by SIGINT in {seconds:.1f} s, exit code {code}")
    assert code == 0, server.output
    assert "Traceback" not in server.output, server.output
    print(f"browser test: {time.monotonic() - started:.1f} s; screenshots in {tmp_path}")
