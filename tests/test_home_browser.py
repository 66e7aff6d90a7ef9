"""Browser tests of the home page in a real, offline Chromium (Playwright)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from app import create_app
from dashboard import ids
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine
from data_access.settings import Settings
from tests.test_overview import seed_kudus_2022

pytestmark = pytest.mark.browser


@pytest.fixture
def served_home(sqlite_url, live_dash):
    """Seed the small Kudus 2022 edition, serve the app, and return (url, expected overview)."""
    engine = make_engine(sqlite_url)
    expected = seed_kudus_2022(engine)
    engine.dispose()
    app = create_app(Settings(database_url=sqlite_url))
    yield live_dash(app), expected
    app.server.extensions[EXTENSION_KEY].dispose()


@pytest.fixture
def console_errors(offline_page: Page) -> list[str]:
    """Collect the page's console errors (a missing asset or a failed callback shows here)."""
    errors: list[str] = []
    offline_page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def _count(page: Page, element_id: str) -> int:
    return int(page.locator(f"#{element_id}").inner_text().replace(".", ""))


def test_br01_home_shows_edition_counts(served_home, offline_page, console_errors, artifacts_dir):
    url, expected = served_home
    page = offline_page
    page.goto(url)

    expect(page.locator(f"#{ids.HOME_COUNT_INNOVATIONS}")).to_have_text(str(expected.innovations))
    assert _count(page, ids.HOME_COUNT_PASSED) == expected.innovations_passed
    assert _count(page, ids.HOME_COUNT_UNITS) == expected.units_participating
    assert _count(page, ids.HOME_COUNT_JURORS) == expected.jurors
    expect(page.locator(f"#{ids.HOME_EDITION_NAME}")).to_have_text(expected.name)
    expect(page.locator(f"#{ids.SHELL_EDITION_NAME}")).to_have_text(expected.name)
    expect(page.locator(f"#{ids.HOME_UPDATED_AT}")).to_have_text(
        re.compile(r"^Diperbarui pukul \d\d\.\d\d WIB$")
    )
    expect(page.locator(f"#{ids.HOME_SCORE_ROWS}")).to_have_text("12 nilai juri tercatat")
    expect(page).to_have_title("KIPP Live")

    # Bootstrap's CSS applied: a .card is a flex column with Bootstrap's border radius, and
    # kipp.css (loaded after it) paints the card's top border Kudus green.
    card = page.locator(".kipp-stat").first
    style = card.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return [s.display, s.flexDirection, s.borderTopColor, s.borderTopLeftRadius]; }"
    )
    assert style == ["flex", "column", "rgb(11, 110, 79)", "8px"]
    # The grid too: at 1920 px the four cards sit on one row.
    tops = {round(box["y"]) for box in (c.bounding_box() for c in page.locator(".kipp-stat").all())}
    assert len(tops) == 1

    png = page.screenshot(path=str(artifacts_dir / "br01-home.png"))
    assert png[16:24] == (1920).to_bytes(4, "big") + (1080).to_bytes(4, "big")
    assert console_errors == []


def test_br02_home_in_english_on_a_phone(served_home, offline_page, console_errors, artifacts_dir):
    url, expected = served_home
    page = offline_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{url}/?lang=en")

    expect(page.locator(f"#{ids.HOME_COUNT_JURORS}")).to_have_text(str(expected.jurors))
    expect(page.locator(".kipp-stat-label").nth(3)).to_have_text("Jury Members")
    expect(page.locator(f"#{ids.SHELL_LANG_EN}")).to_have_class(re.compile(r"\bactive\b"))
    # On a phone the cards stack: one per row.
    lefts = {
        round(box["x"]) for box in (c.bounding_box() for c in page.locator(".kipp-stat").all())
    }
    assert len(lefts) == 1

    # Switching language in place re-renders the page in Indonesian.
    page.locator(f"#{ids.SHELL_LANG_ID}").click()
    expect(page.locator(".kipp-stat-label").nth(3)).to_have_text("Dewan Juri")
    page.screenshot(path=str(artifacts_dir / "br02-home-phone.png"), full_page=True)
    assert console_errors == []
