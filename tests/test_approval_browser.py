"""Browser tests of the approval banner in a real, offline Chromium at 1366 px: /peringkat
and /kendali for the committee name what differs; /ringkasan for the bupati says only that
it differs. Screenshots land in test-results/."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from dashboard import ids
from dashboard.builders.approval import APPROVAL_BANNER, APPROVAL_DIFFERENCES, CONTROL_BANNER_BOX
from dashboard.builders.summary import SUMMARY_RATE
from dashboard.ids import CONTROL_CONTENT
from data_access import ceremony
from data_access.db import transaction
from data_access.demo import DEMO_CODE
from data_access.reports import edition_report
from tests.serving import Served, serve_demo
from tests.test_approval import _drop_juara_one
from tests.web import PASSWORD

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def moved(decided_url, live_dash, tmp_path) -> Iterator[tuple[Served, str, str]]:
    """Serve the demo approved, then with Juara I's presentation scores corrected to 0."""
    with serve_demo(decided_url, live_dash, tmp_path) as served:
        with transaction(served.engine) as session:
            snapshot = ceremony.approve(session, DEMO_CODE, by="panitia")
        dropped = _drop_juara_one(served.engine, snapshot)
        with transaction(served.engine) as session:
            live = next(r.code for r in edition_report(session, DEMO_CODE).ranking.rows)
        yield served, dropped, live


def _open(page: Page, url: str, path: str, username: str) -> None:
    page.set_viewport_size(LAPTOP)
    page.goto(f"{url}{path}")
    expect(page).to_have_url(re.compile(rf"/login\?next={path}"))
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{url}{path}")


def _banner_on_top(page: Page) -> None:
    """The banner is visible in the first screen and nothing of the page stands wider."""
    box = page.locator(f"#{APPROVAL_BANNER}").bounding_box()
    assert box is not None and box["y"] < LAPTOP["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]


def test_ab01_ranking_and_control_pages_banner_for_the_committee(
    moved, offline_page, artifacts_dir
):
    """/peringkat: the banner on top and the approved marks; then /kendali (one login):
    the banner above the reveal."""
    served, dropped, live = moved
    page = offline_page
    _open(page, served.url, "/peringkat", "panitia")
    banner = page.locator(f"#{APPROVAL_BANNER}")
    expect(banner).to_be_visible(timeout=15_000)
    expect(banner).to_contain_text("Hasil sudah disetujui panitia")
    expect(banner).to_contain_text(f"Juara I: disetujui {dropped}, data terkini {live}")
    approved = page.locator(f"#{ids.RANKING_TABLE} .kipp-ranking-approved-1:visible")
    expect(approved).to_have_text("Juara I (disetujui)")
    _banner_on_top(page)
    page.screenshot(path=str(artifacts_dir / "ab01-peringkat-1366.png"), full_page=True)

    page.goto(f"{served.url}/kendali")
    banner = page.locator(f"#{CONTROL_BANNER_BOX}")
    expect(banner).to_contain_text(f"Juara I: disetujui {dropped}, data terkini {live}")
    box = banner.bounding_box()
    reveal = page.locator(f"#{CONTROL_CONTENT}").bounding_box()
    assert box is not None and reveal is not None and box["y"] < reveal["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    page.screenshot(path=str(artifacts_dir / "ab03-kendali-1366.png"), full_page=True)


def test_ab02_summary_for_the_bupati_without_live_figures(moved, offline_page, artifacts_dir):
    served, dropped, live = moved
    page = offline_page
    _open(page, served.url, "/ringkasan", "bupati")
    expect(page.locator(f"#{SUMMARY_RATE}")).to_be_visible(timeout=15_000)
    banner = page.locator(f"#{APPROVAL_BANNER}")
    expect(banner).to_contain_text("Hasil sudah disetujui panitia")
    expect(banner.locator(".kipp-approval-level-1")).to_contain_text(dropped)
    expect(page.locator(f"#{APPROVAL_DIFFERENCES}")).to_contain_text(
        "Data terkini berbeda sejak persetujuan"
    )
    expect(banner).not_to_contain_text("data terkini " + live)
    _banner_on_top(page)
    page.screenshot(path=str(artifacts_dir / "ab02-ringkasan-bupati-1366.png"), full_page=True)
