"""Browser tests of the bupati's summary (/ringkasan) in a real, offline Chromium (Playwright):
before and after approval, printed on A4, and the downloads. Screenshots and the printed
PDF land in test-results/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect

from dashboard import ids
from dashboard.builders.catalogue_card import SUMMARY_CATALOGUE
from dashboard.builders.summary import (
    DOWNLOAD_IDS,
    SUMMARY_HISTORY,
    SUMMARY_MISSING,
    SUMMARY_PRINT,
    SUMMARY_RATE,
    SUMMARY_RESULTS,
    SUMMARY_STATUS,
)
from data_access import catalogue, ceremony
from data_access.db import transaction
from data_access.demo import DEMO_CODE
from data_access.simulate import simulate
from tests import serving
from tests.drawn import drawn_width
from tests.serving import serve_demo
from tests.test_builders_summary import EMBARGO
from tests.test_summary_page import PREVIOUS_NAME, add_previous_edition
from tests.web import PASSWORD

pytestmark = pytest.mark.browser
UPDATED = re.compile(r"Diperbarui pukul \d\d\.\d\d")
A4 = {"width": 794, "height": 1123}  # 210 x 297 mm at 96 px per inch


class Served(serving.Served):
    """The demo dashboard (with a past edition) being served, and an engine on its database."""

    def approve(self) -> ceremony.Snapshot:
        """Finish the demo judging and approve the results, as the committee would."""
        simulate(self.engine, DEMO_CODE, sleep=lambda _s: None, out=lambda _line: None)
        with transaction(self.engine) as session:
            return ceremony.approve(session, DEMO_CODE, by="panitia")


@pytest.fixture
def served(demo_url, live_dash, tmp_path) -> Iterator[Served]:
    """Serve the demo edition and KIPP Kudus 2021, refreshing every 2 s."""
    with serve_demo(demo_url, live_dash, tmp_path, prepare=add_previous_edition) as served:
        yield Served(served.url, served.engine)


@pytest.fixture
def console_errors(offline_page: Page) -> list[str]:
    """Collect the page's console errors (a missing asset or a failed callback shows here)."""
    errors: list[str] = []
    offline_page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def _open_summary(page: Page, url: str, username: str = "bupati", query: str = "") -> None:
    """Open /ringkasan, log in on the page the guard sends us to, and wait for the data."""
    page.goto(f"{url}/ringkasan{query}")
    expect(page).to_have_url(re.compile(r"/login\?next=/ringkasan"))
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{url}/ringkasan{query}")
    expect(page.locator(f"#{SUMMARY_RATE}")).to_be_visible(timeout=15_000)


def _screenshot(page: Page, path, *, width: int = 1920) -> None:
    png = page.screenshot(path=str(path), full_page=True)
    assert png[16:20] == width.to_bytes(4, "big")


def test_sb01_bupati_sees_the_summary_before_and_after_approval(
    served, offline_page, console_errors, artifacts_dir
):
    page = offline_page
    _open_summary(page, served.url)
    expect(page.locator(f"#{SUMMARY_STATUS}")).to_have_text(UPDATED)
    expect(page.locator(f"#{SUMMARY_RATE}")).to_have_text("58,8%")
    expect(page.locator(f"#{SUMMARY_MISSING}")).to_contain_text("Kecamatan Bae")
    expect(page.locator(f"#{SUMMARY_RESULTS}")).to_contain_text(EMBARGO)
    expect(page.locator(f"#{SUMMARY_HISTORY}")).to_contain_text(PREVIOUS_NAME)
    expect(page.locator("body")).to_contain_text("tersedia setelah hasil disetujui panitia")
    expect(page.locator(f"#{DOWNLOAD_IDS['pdf']}")).to_have_count(0)
    # The bupati's navbar: the summary, and no ranking or ceremony control.
    nav = page.locator(f"#{ids.SHELL_NAV_LINKS}")
    expect(nav.locator("a[href^='/ringkasan']")).to_have_class(re.compile("active"))
    expect(nav.locator("a[href^='/peringkat'], a[href^='/kendali']")).to_have_count(0)
    body = page.locator("body")
    for label in ("Juara I", "Juara II", "Juara III"):
        expect(body).not_to_contain_text(label)
    # Not published: no code (its link would lead nowhere), and the bupati publishes nothing.
    shelf = page.locator(f"#{SUMMARY_CATALOGUE}")
    expect(shelf).to_contain_text("Katalog publik edisi ini belum diterbitkan.")
    expect(shelf.locator("img, a")).to_have_count(0)
    _screenshot(page, artifacts_dir / "sb01-summary-before-approval.png")

    # The committee finishes and approves: the page follows by itself, with the winners.
    page.evaluate("window.__kipp_marker = 1")
    snapshot = served.approve()
    results = page.locator(f"#{SUMMARY_RESULTS}")
    expect(results).to_contain_text("Juara I", timeout=15_000)
    for level in (1, 2, 3):
        for winner in snapshot.winners(level):
            expect(results).to_contain_text(winner["title"])
    expect(results).to_contain_text(snapshot.hash)
    expect(body).to_contain_text("Diteruskan ke KIPP Jawa Tengah")
    expect(body).not_to_contain_text(EMBARGO)
    expect(page.locator(f"#{DOWNLOAD_IDS['pdf']}")).to_be_visible()
    assert page.evaluate("window.__kipp_marker") == 1, "the page was reloaded"
    _screenshot(page, artifacts_dir / "sb01-summary-approved.png")

    # Published: the card follows by itself with a code a phone reads, to the catalogue.
    with transaction(served.engine) as session:
        catalogue.publish(session, DEMO_CODE, by="panitia")
    link = f"{served.url}/katalog?edisi={DEMO_CODE}"  # no PUBLIC_URL: the address asked
    code = shelf.locator("img.kipp-summary-qr")
    expect(code).to_be_visible(timeout=15_000)
    expect(shelf.locator("a.kipp-summary-catalogue-link")).to_have_attribute("href", link)
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        code.scroll_into_view_if_needed()
        (found,) = zxingcpp.read_barcodes(Image.open(BytesIO(code.screenshot())))
        assert found.text == link
        shelf.screenshot(path=str(artifacts_dir / f"sb01-summary-catalogue-{width}.png"))
        page.screenshot(path=artifacts_dir / f"sb01-summary-published-{width}.png", full_page=True)
        # Nothing runs off the side: the winners are cards of labelled lines on a phone.
        assert drawn_width(page) <= width
    assert page.evaluate("window.__kipp_marker") == 1, "the page was reloaded"

    # Cetak opens the print dialog (replaced here: a headless browser has none).
    page.evaluate(
        "() => { window.print = () => { window.__printed = 1 + (window.__printed || 0); }; }"
    )
    page.click(f"#{SUMMARY_PRINT}")
    assert page.evaluate("window.__printed") == 1
    assert console_errors == []


def test_sb02_downloads_and_the_print_view_on_a4(
    served, offline_page, console_errors, artifacts_dir
):
    """Approved: each download button gives its file, then the print view fits A4 (the
    page's downloads and its print view on one page load)."""
    page = offline_page
    served.approve()
    _open_summary(page, served.url)
    expect(page.locator(f"#{SUMMARY_RESULTS}")).to_contain_text("Juara I")
    for fmt, suffix in (("xlsx", ".xlsx"), ("pdf", ".pdf"), ("csv", ".zip")):
        with page.expect_download() as info:
            page.click(f"#{DOWNLOAD_IDS[fmt]}")
        download = info.value
        assert download.suggested_filename.endswith(suffix), download.suggested_filename
        target = artifacts_dir / f"sb04-{download.suggested_filename}"
        download.save_as(target)
        assert target.stat().st_size > 0
    page.emulate_media(media="print")
    expect(page.locator(".kipp-navbar")).to_be_hidden()
    expect(page.locator(f"#{SUMMARY_PRINT}")).to_be_hidden()
    for fmt in DOWNLOAD_IDS.values():
        expect(page.locator(f"#{fmt}")).to_be_hidden()
    expect(page.locator(f"#{SUMMARY_STATUS}")).to_have_text(UPDATED)  # when it was printed
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    _screenshot(page, artifacts_dir / "sb02-print-1920.png")
    page.set_viewport_size(A4)
    _screenshot(page, artifacts_dir / "sb02-print-a4.png", width=A4["width"])
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    (artifacts_dir / "sb02-print.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    # One A4 sheet for the headline, the winners and the comparison; at most two in all.
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 <= pages <= 2, pages
    assert console_errors == []


def test_sb03_english_and_the_viewer_is_refused(
    served, offline_page, console_errors, artifacts_dir
):
    page = offline_page
    _open_summary(page, served.url, "panitia", "?lang=en")
    expect(page.locator("h1")).to_have_text("Summary for the Regent")
    expect(page.locator(f"#{SUMMARY_RESULTS}")).to_contain_text(
        "The winners are announced once the committee approves the results"
    )
    expect(page.locator(f"#{SUMMARY_HISTORY}")).to_contain_text("Compared with Past Editions")
    # The committee is told where the catalogue is published (another page answers it).
    shelf = page.locator(f"#{SUMMARY_CATALOGUE}")
    expect(shelf).to_contain_text("This edition's public catalogue is not published yet.")
    expect(shelf.locator("a")).to_have_attribute("href", "/kelola-katalog?lang=en")
    _screenshot(page, artifacts_dir / "sb03-summary-english.png")
    assert console_errors == []
    # A viewer (pejabat) logs in on the same browser: the page refuses, plainly.
    page.context.clear_cookies()
    page.goto(f"{served.url}/login")
    page.fill("#username", "tamu")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{served.url}/")
    response = page.goto(f"{served.url}/ringkasan")
    assert response is not None and response.status == 403
    expect(page.locator("body")).not_to_contain_text(PREVIOUS_NAME)
