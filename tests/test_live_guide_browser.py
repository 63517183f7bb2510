"""A guided session and the switch's timing on the live page, in a real Chromium, offline.

``salesculture live --session FILE`` opens the page on the script; Next steps through it to its
end, showing each talking point and the week the step plays to; Back replays. A switch pressed
while the page plays applies from the week after the one on screen when the button was pressed
(Mesa's play loop runs ahead of the browser), says so at once, and so does one pressed paused.

Needs Debian's Chromium, Playwright and the ``live`` extra (skipped without them, except
under CI).
"""

from __future__ import annotations

import re
import time

import pytest

from salesculture.sim.views.live.guidecard import NOTE
from tests import livepage
from tests.conftest import SMALL_WORLD, unavailable

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SMALL = [item for item in SMALL_WORLD if not item.startswith("years")]
WAIT = 30_000
NOTES = ["two companies", "eight weeks on", "switched and played", "the end"]
SCRIPT = f"""\
title: A short session
source: "[Led or Driven]"
steps:
  - setup: {{preset: baseline, versus: sales_led, seed: 3, years: 3}}
    note: {NOTES[0]}
  - play: 8
    note: {NOTES[1]}
  - switch: {{leadership: sales_led}}
    play: 12
    note: {NOTES[2]}
  - note: {NOTES[3]}
"""

#: JavaScript: read the week on screen and press "Switch now" in the same instant; the week.
PRESS = """() => {
  const week = parseInt(document.querySelector('.live-status').textContent
                        .match(/Week (\\d+) of/)[1]);
  document.querySelector('.live-switch-button').click();
  return week;
}"""


def note(page) -> str:
    return page.locator(f".{NOTE}").inner_text().strip()


def press_switch(page) -> tuple[int, float]:
    """Press "Switch now"; (the week on screen, seconds until the page said it was switching)."""
    started = time.monotonic()
    week = page.evaluate(PRESS)
    page.get_by_text(re.compile(rf"^switching from week {week + 1}\b|^from week")).first.wait_for(
        timeout=WAIT
    )
    return week, time.monotonic() - started


def test_a_guided_session_and_a_switch_on_the_week_on_screen(tmp_path) -> None:
    reason = livepage.missing()
    if reason:
        unavailable(reason)
    from playwright.sync_api import expect, sync_playwright

    script = tmp_path / "short.yaml"
    script.write_text(SCRIPT)
    server = livepage.Server(SMALL, options=["--session", str(script)])
    errors: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = livepage.launch(playwright)
            try:
                page, refused = livepage.offline_page(browser, 1280, 720)
                page.set_default_timeout(WAIT)
                expect.set_options(timeout=WAIT)
                page.on("pageerror", lambda error: errors.append(str(error)))
                page.goto(server.url, timeout=WAIT)
                # 1. The page opens on the script's first step: its setup and talking point.
                page.locator(f".{NOTE}").filter(has_text=NOTES[0]).wait_for()
                text = livepage.wait_for_status(page, r"Week 0 of 156[\s\S]*sales_led \(")
                assert "step 1 of 4" in page.locator("body").inner_text()
                # 2. Next to the end: each talking point, and the week its step plays to.
                for number, (said, week) in enumerate(
                    zip(NOTES[1:], (8, 12, 12), strict=True), start=2
                ):
                    livepage.button(page, "Next").click()
                    page.locator(f".{NOTE}").filter(has_text=said).wait_for()
                    text = livepage.wait_for_status(page, rf"Week {week} of 156")
                    assert f"step {number} of 4" in page.locator("body").inner_text()
                assert "week 9: switched leadership: sales_led" in text, text
                expect(livepage.button(page, "Next")).to_be_disabled()
                # Back replays from the start: step 2's week, and no switch yet.
                livepage.button(page, "Back").click()
                livepage.button(page, "Back").click()
                page.locator(f".{NOTE}").filter(has_text=NOTES[1]).wait_for()
                text = livepage.wait_for_status(page, r"Week 8 of 156")
                assert "switched" not in text, text

                # 3. Paused: a switch applies from the week after the one on screen.
                livepage.pick(page, "axis to switch", "process")
                livepage.pick(page, "new option", "cross_functional_team")
                shown, said_after = press_switch(page)
                assert shown == 8
                text = livepage.wait_for_status(page, r"week 9: switched process")
                # 4. Playing: the same, although Mesa's loop runs ahead of the browser.
                livepage.pick(page, "new option", "siloed")
                livepage.button(page, "▶").click()
                livepage.wait_for_status(page, r"Week (2\d|[3-9]\d) of 156")
                shown, said_after = press_switch(page)
                assert said_after < 0.5, f"'switching' shown {said_after:.2f} s after the press"
                page.get_by_text(f"from week {shown + 1}: process = siloed").wait_for()
                livepage.button(page, "❚❚").click()
                text = livepage.wait_for_status(
                    page, rf"week {shown + 1}: switched process: siloed"
                )
                assert "week 9: switched process: cross_functional_team" in text, text
            finally:
                browser.close()
    finally:
        code, _ = server.stop()
    assert not errors, errors
    assert not refused, refused
    assert code == 0
