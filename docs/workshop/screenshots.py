"""Take the screenshots of docs/workshop.md from the real page, offline.

Starts ``salesculture live`` on a free loopback port, drives Debian's Chromium through
Playwright with every off-machine request refused (the helpers of ``tests/livepage.py``) and
saves, next to this file:

- ``baseline.png``: the baseline alone after a year;
- ``side_by_side.png``: baseline and sales_led side by side after two years;
- ``switch.png``: the baseline with a sales leader hired in week 53, a year later;
- ``guided.png``: the guided session ``led_or_driven`` at its third step (two years).

Run from the repository's root: ``.venv/bin/python docs/workshop/screenshots.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from salesculture.sim.views.live.charts import CHARTS  # noqa: E402
from tests import livepage  # noqa: E402

HERE = Path(__file__).resolve().parent
#: A laptop's screen on a projector; tall enough to show the first rows of charts.
WINDOW = (1600, 1500)
WAIT = 120_000


def play_until(page, week: int) -> None:
    """Step (one week per click, so the page stops exactly at ``week``)."""
    step = livepage.button(page, "Step")
    while livepage.time_shown(page) < week:
        current = livepage.time_shown(page)
        step.click()
        livepage.wait_for_time(page, current + 1, WAIT)


def guided(page, steps: int = 2) -> None:
    """Open the guided session ``led_or_driven`` and press Next ``steps`` times; save it."""
    from salesculture.sim.views.live.guidecard import NOTE

    livepage.pick(page, "guided session", "led_or_driven")
    page.locator(f".{NOTE}").wait_for(timeout=WAIT)
    for number in range(2, steps + 2):
        livepage.button(page, "Next").click()
        page.get_by_text(f"step {number} of", exact=False).first.wait_for(timeout=WAIT)
    livepage.wait_for_status(page, rf"Week {52 * steps} of", WAIT)
    page.screenshot(path=str(HERE / "guided.png"))


def main() -> None:
    """Take the four screenshots."""
    reason = livepage.missing()
    if reason:
        sys.exit(f"screenshots: {reason}")
    from playwright.sync_api import sync_playwright

    server = livepage.Server()
    try:
        with sync_playwright() as playwright:
            browser = livepage.launch(playwright)
            page, refused = livepage.offline_page(browser, *WINDOW)
            page.set_default_timeout(WAIT)
            livepage.open_live(page, server.url, len(CHARTS) + 1, WAIT)

            play_until(page, 52)
            page.screenshot(path=str(HERE / "baseline.png"))

            livepage.pick(page, "side by side with", "sales_led")
            livepage.button(page, "Reset").click()
            livepage.wait_for_status(page, r"Week 0 of[\s\S]*sales_led \(", WAIT)
            play_until(page, 104)
            page.screenshot(path=str(HERE / "side_by_side.png"))

            livepage.pick(page, "side by side with", "none")
            livepage.button(page, "Reset").click()
            livepage.wait_for_status(page, r"Week 0 of", WAIT)
            play_until(page, 52)
            livepage.pick(page, "axis to switch", "leadership")
            livepage.pick(page, "new option", "sales_led")
            livepage.button(page, "Switch now").click()
            play_until(page, 104)
            page.screenshot(path=str(HERE / "switch.png"))
            guided(page)
            browser.close()
            if refused:
                sys.exit(f"screenshots: the page asked for addresses off this machine: {refused}")
    finally:
        server.stop()
    print(f"screenshots in {HERE}")


if __name__ == "__main__":
    main()
