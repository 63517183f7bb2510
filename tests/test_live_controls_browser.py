"""The live page's controls in a real browser (Chromium, offline), as a facilitator uses them.

Move two sliders with the keyboard: each shows its value and unit and says it waits for Reset;
Reset clears the marks and the status names both changes; hover a slider's label for its
meaning; Mesa's "Use Threads" is gone; a regime switched mid-run shows in "Parameters in force".

Needs Debian's Chromium, Playwright and the ``live`` extra; skipped without them, except under
CI (``CI`` set), where it fails.
"""

from __future__ import annotations

import re

import pytest

from salesculture.sim.views.live import sidebar
from tests import livepage
from tests.conftest import SMALL_WORLD, unavailable

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SMALL = [item for item in SMALL_WORLD if not item.startswith("years")]
WAIT = 30_000


def control(page, name: str):
    """The block of the sidebar's control ``name`` (``workforce.salespeople``)."""
    return page.locator(f".{sidebar.CONTROL}--{sidebar.css_name(name)}")


def value_shown(page, name: str) -> str:
    return control(page, name).locator(f".{sidebar.VALUE}").inner_text().strip()


def nudge(page, name: str, key: str, times: int) -> None:
    """Move a slider by ``times`` steps with the arrow ``key``, as a keyboard user does.

    Each step waits until the page shows the new value (the server answers every move).
    """
    thumb = control(page, name).locator(".v-slider__thumb-container")
    thumb.focus()
    for _ in range(times):
        before = value_shown(page, name)
        page.keyboard.press(key)
        control(page, name).locator(f".{sidebar.VALUE}").filter(
            has_not_text=re.compile(rf"^{re.escape(before)}$")
        ).wait_for(timeout=WAIT)


def test_controls_show_values_wait_for_reset_and_explain_themselves() -> None:
    reason = livepage.missing()
    if reason:
        unavailable(reason)
    from playwright.sync_api import sync_playwright

    server = livepage.Server(world=SMALL)
    try:
        with sync_playwright() as playwright:
            browser = livepage.launch(playwright)
            page, refused = livepage.offline_page(browser, 1280, 720)
            page.goto(server.url, timeout=60_000)
            page.get_by_text(re.compile(r"^Time: ")).wait_for(timeout=60_000)
            assert page.get_by_text(sidebar.HINT).is_visible()
            assert page.get_by_text("Use Threads").count() == 0
            assert page.get_by_text("Play Interval (ms)").count() == 0
            assert value_shown(page, "speed").startswith("up to ")
            assert value_shown(page, "seed") == "0" and value_shown(page, "years") == "5 years"
            assert page.locator(f".{sidebar.MARK}").count() == 0

            before = value_shown(page, "workforce.salespeople")  # e.g. "44 people"
            nudge(page, "workforce.salespeople", "ArrowLeft", 2)
            nudge(page, "incentives.values_bonus_share", "ArrowRight", 5)
            after = value_shown(page, "workforce.salespeople")
            bonus = value_shown(page, "incentives.values_bonus_share").split()[0]
            assert after != before and after.endswith(" people") and float(bonus) > 0
            people = after.split()[0]
            for name in ("workforce.salespeople", "incentives.values_bonus_share"):
                mark = control(page, name).locator(f".{sidebar.MARK}")
                assert mark.inner_text().strip() == sidebar.PENDING
            assert page.locator(f".{sidebar.MARK}").count() == 2

            # Hover help: the slider's label explains the parameter.
            control(page, "workforce.salespeople").locator(f".{sidebar.HELP}").hover()
            tip = page.locator(".v-tooltip__content.menuable__content__active")
            tip.wait_for(timeout=WAIT)
            assert "salespeople" in tip.inner_text().lower()

            livepage.button(page, "Reset").click()
            expected = (
                f"baseline+incentives.values_bonus_share={bonus}+workforce.salespeople={people}"
            )
            livepage.wait_for_status(page, re.escape(expected), timeout=WAIT)
            page.locator(f".{sidebar.MARK}").first.wait_for(state="detached", timeout=WAIT)
            assert page.get_by_text(sidebar.HINT).is_visible()  # nothing played yet

            # A regime switched now shows in the parameters in force.
            livepage.pick(page, "axis to switch", "incentives")
            livepage.pick(page, "new option", "values_based")
            livepage.button(page, "Switch now").click()
            card = page.locator(".v-card").filter(has_text="Parameters in force")
            card.filter(has_text=re.compile(r"values bonus share:\s*0\.03")).wait_for(timeout=WAIT)
            livepage.button(page, "Step").click()
            page.get_by_text(sidebar.HINT).wait_for(state="detached", timeout=WAIT)
            browser.close()
        assert refused == []
    finally:
        server.stop()
