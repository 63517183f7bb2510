"""The live page in a company's fitted world (``salesculture live --company NAME``).

Every model the page builds (Reset, side by side, a guided step) runs in the company's world at
its posterior mean; a preset's own regime choice wins over the company's; the sliders start at
the company's values; the page names the company. Rendered without a browser, then one look in
Chromium at what a room sees.
"""

from __future__ import annotations

import re

import pytest

from tests.companyfit import MEAN, TURNOVER, WIN_RATE, WORLD, write_fit
from tests.conftest import needs, unavailable

try:
    import solara
except ImportError:
    needs("solara", "live")  # skipped without the live extra (a failure under CI)
    raise

from salesculture.sim.cli import main
from salesculture.sim.views.live import server, session, sidebar
from salesculture.sim.views.live.controls import sliders
from salesculture.sim.views.live.session import LiveSession
from tests import livepage
from tests.test_live import PageInLayout, html_texts, pick, press, status

pytestmark = [pytest.mark.slow]

#: The company's world with two regime choices of its own.
WORLD_AND_REGIME = [*WORLD, "leadership=sales_driven", "incentives=values_based"]


@pytest.fixture
def company(tmp_path, monkeypatch):
    """The page serving company ``acme`` (as ``salesculture live --company DIR`` sets it)."""
    fit = write_fit(tmp_path / "fit", world=WORLD_AND_REGIME)
    monkeypatch.setattr(session, "COMPANY", server.company_of(str(fit)))
    monkeypatch.setattr(session, "WORLD", [])
    monkeypatch.setenv(server.RENDERER, "1")
    return fit


def test_every_model_the_page_builds_runs_in_the_companys_world(company) -> None:
    live = LiveSession(versus="sales_led", years=1)
    for model in live.models:
        assert model.cfg.market.customers == 1500
        assert model.cfg.workforce.salespeople == 8
        assert model.cfg.sales.base_win_rate == pytest.approx(MEAN[WIN_RATE])
        assert model.cfg.staffing.sales_turnover_per_year == pytest.approx(MEAN[TURNOVER])
        assert model.cfg.incentives.regime == "values_based"  # the company's, as no preset's
    assert live.left.cfg.leadership.regime == "sales_driven"
    assert live.right.cfg.leadership.regime == "sales_led"  # the preset's own choice wins
    assert live.labels == ["baseline", "sales_led"]  # the company is the page's ground
    moved = LiveSession(years=1, **{"workforce.salespeople": 12})
    assert moved.left.cfg.workforce.salespeople == 12  # a moved slider wins over the company


def test_the_sliders_start_at_the_companys_values(company) -> None:
    start = {s.name: s.value for s in sliders()}
    assert start["workforce.salespeople"] == 8
    assert start["staffing.sales_turnover_per_year"] == pytest.approx(MEAN[TURNOVER])
    # a slider left at its start keeps the company's value, whatever the preset
    kept = LiveSession(years=1, **start)
    assert kept.left.cfg.workforce.salespeople == 8 and kept.labels == ["baseline"]


def test_reset_builds_in_the_companys_world_and_the_page_names_it(company) -> None:
    box, rc = solara.render(PageInLayout(), handle_error=False)
    assert "company acme" in sidebar.title()
    pick(rc, "side by side with", "sales_led")
    press(rc, "Reset")
    press(rc, "Step")
    text = status(box)
    assert "company acme" in text and "Week 1" in text
    assert "leadership: sales_led" in text and "incentives: values_based" in text
    in_force = re.sub(r"\s+", " ", " ".join(t for t in html_texts(box) if "salespeople:" in t))
    assert "salespeople: 8 people" in in_force


def test_an_unfitted_company_is_one_line_before_anything_is_served(tmp_path, capsys) -> None:
    code = main(["live", "--company", str(tmp_path / "none"), "--port", "1"])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(lines) == 1
    assert "--company" in lines[0] and "calibrate" in lines[0]


@pytest.mark.browser
def test_the_served_page_names_the_company_and_runs_its_world(tmp_path) -> None:
    reason = livepage.missing()
    if reason:
        unavailable(reason)
    from playwright.sync_api import sync_playwright

    fit = write_fit(tmp_path / "fit")
    server_ = livepage.Server(options=["--company", str(fit)])
    try:
        assert "company acme" in server_.output
        with sync_playwright() as playwright:
            browser = livepage.launch(playwright)
            try:
                page, _ = livepage.offline_page(browser, 1280, 900)
                page.goto(server_.url, timeout=60_000)
                livepage.wait_for_status(page, "company acme", timeout=60_000)
                assert page.get_by_text(re.compile("salesculture live — company acme")).count()
                page.get_by_text(re.compile(r"salespeople:\s*8 people")).first.wait_for()
            finally:
                browser.close()
    finally:
        server_.stop()
