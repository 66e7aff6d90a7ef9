"""The OPD table drawn by the browser (assets/kipp-participation.js) in a real Chromium: the
very DOM React draws of the server's reference table (participation_table.opd_table)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from dash._utils import to_json
from playwright.sync_api import Page, expect

from dashboard import ids
from dashboard.builders import participation_table as tables
from data_access.db import transaction
from data_access.demo import DEMO_CODE
from data_access.models import utcnow
from data_access.participation import submissions_closed
from data_access.reports import participation_for
from tests.serving import Served, serve_demo
from tests.web import PASSWORD

pytestmark = pytest.mark.browser
BODY = f"#{ids.PARTICIPATION_TABLE} tbody"
REFERENCE = "kipp-reference-table"


@pytest.fixture
def served(demo_url, live_dash, tmp_path) -> Iterator[Served]:
    """Serve the demo edition (accounts panitia=admin, tamu=viewer)."""
    with serve_demo(demo_url, live_dash, tmp_path, refresh_s=60) as served:
        yield served


def _open(page: Page, served: Served, lang: str) -> int:
    """Log in as the viewer, open /partisipasi and return how many OPD rows it shows."""
    page.goto(f"{served.url}/login")
    page.fill("#username", "tamu")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{served.url}/")
    page.goto(f"{served.url}/partisipasi?lang={lang}")
    with transaction(served.engine) as session:
        required = len(participation_for(session, DEMO_CODE).rows)
    expect(page.locator(f"{BODY} tr")).to_have_count(required, timeout=15_000)
    return required


def _reference(served: Served, lang: str) -> dict:
    """Return the reference table as Dash sends components, under an id of its own."""
    with transaction(served.engine) as session:
        data = participation_for(session, DEMO_CODE)
    # The demo's deadline is past: its missing OPDs "did not submit".
    closed = submissions_closed(data, utcnow())
    table = tables.opd_table(data.rows, timezone=data.timezone, lang=lang, closed=closed)
    table.id = REFERENCE
    return json.loads(to_json(table))


def test_pt01_drawn_rows_are_what_react_draws_of_the_reference(served, offline_page):
    """In each language (one login): the rows drawn equal React's drawing of the table."""
    page = offline_page
    required = _open(page, served, "id")
    for lang in ("id", "en"):
        if lang != "id":  # logged in already: the page in the other language
            page.goto(f"{served.url}/partisipasi?lang={lang}")
            expect(page.locator(f"{BODY} tr")).to_have_count(required, timeout=15_000)
        drawn = page.inner_html(BODY)
        # React draws the reference table where the countdown goes (a Dash component),
        # once the countdown's own callback has drawn it.
        countdown = f"#{ids.PARTICIPATION_COUNTDOWN}"
        expect(page.locator(f"{countdown} p")).to_be_attached(timeout=10_000)
        page.evaluate(
            "([id, table]) => window.dash_clientside.set_props(id, {children: table})",
            [ids.PARTICIPATION_COUNTDOWN, _reference(served, lang)],
        )
        expect(page.locator(f"#{REFERENCE} tbody tr").first).to_be_attached(timeout=10_000)
        assert drawn == page.inner_html(f"#{REFERENCE} tbody")
        assert re.search(r"<tr[^>]*><td><span class=\"kipp-participation-badge badge", drawn)


def test_pt02_new_rows_on_the_body_are_drawn_again(served, offline_page):
    page = offline_page
    required = _open(page, served, "id")
    assert required > 1
    # What React does when a refresh brings other rows: the attribute changes.
    page.evaluate(
        """(attribute) => {
          const body = document.querySelector("tbody[" + attribute + "]");
          const data = JSON.parse(body.getAttribute(attribute));
          data.rows = data.rows.slice(0, 1);
          data.rows[0][1] = "<b>Satu</b>";
          body.setAttribute(attribute, JSON.stringify(data));
        }""",
        tables.ROWS_ATTRIBUTE,
    )
    expect(page.locator(f"{BODY} tr")).to_have_count(1)
    # Text stays text.
    expect(page.locator(f"{BODY} strong")).to_have_text("<b>Satu</b>")
