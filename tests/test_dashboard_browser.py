"""Browser tests of the logged-in dashboard in a real, offline Chromium (Playwright)."""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from dashboard import ids
from dashboard.builders.progress_heatmap import CELL_KEYS
from dashboard.builders.summary import SUMMARY_STATUS
from dashboard.console_routes import tool_paths
from data_access.db import transaction
from data_access.demo import DEMO_CODE, DEMO_NAME
from data_access.formatting import format_percent
from data_access.reports import edition_report
from data_access.simulate import complete_sheet, open_sheets
from tests.drawn import drawn_width
from tests.serving import Served, serve_demo
from tests.web import PASSWORD

pytestmark = pytest.mark.browser
UPDATED = re.compile(r"Diperbarui pukul \d\d\.\d\d")


@pytest.fixture
def served(demo_url, live_dash, tmp_path) -> Iterator[Served]:
    """Serve the demo edition (accounts panitia=admin, tamu=viewer) refreshing every 2 s."""
    with serve_demo(demo_url, live_dash, tmp_path) as served:
        yield served


@pytest.fixture
def console_errors(offline_page: Page) -> list[str]:
    """Collect the page's console errors (a missing asset or a failed callback shows here)."""
    errors: list[str] = []
    offline_page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def _log_in(page: Page, url: str, username: str) -> None:
    """Log in through the form, starting from the page the guard sends us to."""
    page.goto(f"{url}/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{url}/")


def _proposal_share(engine: Engine) -> str:
    """Return the proposal stage's share complete, formatted as the page shows it."""
    with transaction(engine) as session:
        stage = edition_report(session, DEMO_CODE).progress.stages[0]
    assert stage.stage == "proposal"
    return format_percent(stage.ratio, lang="id")


def _screenshot(page: Page, path) -> None:
    png = page.screenshot(path=str(path))
    assert png[16:24] == (1920).to_bytes(4, "big") + (1080).to_bytes(4, "big")


def test_br01_progress_shows_the_demo_and_updates_live(
    served, offline_page, console_errors, artifacts_dir
):
    page = offline_page
    contents: list[str] = []  # refresh answers that brought the page's content

    def note(response) -> None:
        asked = response.request.post_data or ""
        if "_dash-update-component" not in response.url or ids.PROGRESS_CONTENT not in asked:
            return
        if f'"{ids.PROGRESS_CONTENT}"' in response.text():
            contents.append(response.headers.get("x-kipp-shown", ""))

    page.on("response", note)
    _log_in(page, served.url, "tamu")
    share = page.locator(f"#{ids.PROGRESS_STAGE_PROPOSAL}")
    expect(share).to_have_text(_proposal_share(served.engine), timeout=15_000)
    # The first load asks for the content once: the news stream's first event, or a tick,
    # of the version the first answer shows asks for nothing more (X-Kipp-Shown).
    page.wait_for_timeout(3000)  # a tick (2 s here) and the stream's first event
    assert len(contents) == 1 and contents[0].isdigit(), contents
    expect(page.locator(f"#{ids.PROGRESS_STATUS}")).to_have_text(UPDATED)
    expect(page.locator(f"#{ids.SHELL_EDITION_NAME}")).to_have_text(DEMO_NAME)
    expect(page.locator(".kipp-account-name")).to_have_text("tamu")
    # The viewer's navbar has no ranking link.
    expect(page.locator(f"#{ids.SHELL_NAV_LINKS} a[href^='/peringkat']")).to_have_count(0)
    _screenshot(page, artifacts_dir / "br01-progress.png")

    # A juror completes an open proposal sheet; the page follows without reloading.
    page.evaluate("window.__kipp_marker = 1")
    before = _proposal_share(served.engine)
    sheet = next(s for s in open_sheets(served.engine, DEMO_CODE) if s.stage == "proposal")
    assert complete_sheet(served.engine, DEMO_CODE, sheet, random.Random(1)) > 0
    after = _proposal_share(served.engine)
    assert after != before
    expect(share).to_have_text(after, timeout=15_000)
    assert page.evaluate("window.__kipp_marker") == 1, "the page was reloaded"
    _screenshot(page, artifacts_dir / "br01-progress-updated.png")
    assert console_errors == []


# Each page the committee opens from the navbar: its status line, screenshot and tab title.
ADMIN_PAGES = [
    ("/partisipasi", ids.PARTICIPATION_STATUS, "br02-participation.png", "Partisipasi OPD"),
    ("/jadwal", ids.SCHEDULE_STATUS, "br02-schedule.png", "Jadwal"),
    ("/peringkat", ids.RANKING_STATUS, "br02-ranking.png", "Peringkat"),
]


def test_br02_admin_opens_every_page(served, offline_page, console_errors, artifacts_dir):
    """One login walks every page: through the navbar, then by its address."""
    page = offline_page
    _log_in(page, served.url, "panitia")
    expect(page).to_have_title("Progres Penilaian · KIPP Live")
    expect(page.locator("h1").first).to_have_text("Progres Penilaian", timeout=15_000)
    for path, status_id, shot, title in ADMIN_PAGES:
        # Through the navbar, as a user would: the Dash app stays loaded, the title follows.
        page.locator(f"#{ids.SHELL_NAV_LINKS} a[href^='{path}']").click()
        expect(page).to_have_url(re.compile(rf"{re.escape(path)}(\?.*)?$"))
        expect(page).to_have_title(f"{title} · KIPP Live")
        expect(page.locator(f"#{status_id}")).to_have_text(UPDATED, timeout=15_000)
        expect(page.locator("body")).to_contain_text(DEMO_NAME)
        # And by its address.
        page.goto(f"{served.url}{path}")
        expect(page.locator(f"#{status_id}")).to_have_text(UPDATED, timeout=15_000)
        _screenshot(page, artifacts_dir / shot)
    assert console_errors == []


def test_br03_viewer_gets_the_403_page_for_the_ranking(
    served, offline_page, console_errors, artifacts_dir
):
    page = offline_page
    _log_in(page, served.url, "tamu")
    response = page.goto(f"{served.url}/peringkat")
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_have_text("Tidak berwenang")
    expect(page.locator("body")).not_to_contain_text(DEMO_NAME)
    _screenshot(page, artifacts_dir / "br03-ranking-forbidden.png")
    page.locator("a[href='/']").click()
    expect(page.locator(f"#{ids.PROGRESS_STATUS}")).to_have_text(UPDATED, timeout=15_000)
    # The only console error is the browser's note of the 403 itself.
    assert [e for e in console_errors if "403" not in e] == []


def test_br04_ranking_table_fits_an_office_laptop_screen(
    served, offline_page, console_errors, artifacts_dir
):
    """Every column of the ranking, "Mengapa" included, shows without scrolling sideways,
    at 1280x800 and at 1366x768 (the same page, its window resized)."""
    page = offline_page
    page.set_viewport_size({"width": 1280, "height": 800})
    _log_in(page, served.url, "panitia")
    page.goto(f"{served.url}/peringkat")
    expect(page.locator(f"#{ids.RANKING_STATUS}")).to_have_text(UPDATED, timeout=15_000)
    table = page.locator(f"#{ids.RANKING_TABLE}")
    for width, height in ((1280, 800), (1366, 768)):
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("window.innerWidth") == width
        widths = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
        assert widths[0] <= widths[1], f"the table is {widths[0]} px wide in a {widths[1]} px card"
        page_widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert page_widths[0] <= page_widths[1], width
        page.screenshot(path=str(artifacts_dir / f"br04-ranking-{width}.png"))
    assert console_errors == []


# The Dash pages a phone walks to through the menu after /partisipasi, with their status
# lines (each page's "Diperbarui pukul" says its content has come).
PHONE_PAGES = [
    ("/peringkat", ids.RANKING_STATUS),
    ("/jadwal", ids.SCHEDULE_STATUS),
    ("/ringkasan", SUMMARY_STATUS),
    ("/kendali", ids.CONTROL_STATUS),
]
# Each x tick label of the shown heat map (a tab holds one per stage) as [left, right] on
# screen, left to right.
TICK_SPANS = """() => [...document.querySelectorAll('#progress-heatmap .xtick text')]
    .map(e => e.getBoundingClientRect()).filter(r => r.width > 0)
    .map(r => [r.left, r.right]).sort((a, b) => a[0] - b[0])"""

# How many lines each shown "last score" time of the per-juror table takes (a cell with "–",
# no score yet, left out).
WHEN_LINES = """() => [...document.querySelectorAll('td.kipp-when')]
    .filter(td => td.offsetParent && /\\d/.test(td.textContent))
    .map(td => { const r = document.createRange(); r.selectNodeContents(td);
        return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; })"""


def _fits_a_phone(page: Page, where: str) -> None:
    """Nothing scrolls sideways, and no graph shows plotly's mode bar over its legend."""
    assert drawn_width(page) <= 390, where
    graphs = page.locator(".js-plotly-plot:visible")
    for n in range(graphs.count()):
        graphs.nth(n).hover()  # where a laptop shows the bar
        expect(graphs.nth(n).locator(".modebar")).to_be_hidden()


def test_br05_a_phone_opens_the_navbar_as_a_menu(served, browser, artifacts_dir):
    """At 390 px the page links wait behind "Menu"; it opens them, a link leads on and
    closes it, and no page scrolls sideways or shows a graph's mode bar. The heat map's
    labels stand apart and its legend is a list under it. Wider, the links show without
    the button. The plain pages' navbar (/impor, in the app's frame) does the same."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    try:
        page = context.new_page()
        _log_in(page, served.url, "panitia")
        toggle = page.locator(".kipp-navbar .kipp-nav-toggle")
        link = page.locator(f"#{ids.SHELL_NAV_LINKS} a[href^='/partisipasi']")
        expect(toggle).to_be_visible()
        expect(link).to_be_hidden()
        heat = page.locator(f"#{ids.PROGRESS_HEATMAP}:visible")
        expect(heat.locator(".xtick text").first).to_be_attached(timeout=15_000)
        heat.tap()  # a finger on the map: a hover label, and no mode bar
        _fits_a_phone(page, "/")
        spans = page.evaluate(TICK_SPANS)
        assert len(spans) > 10
        box = heat.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        for (_left, right), (next_left, _right) in itertools.pairwise(spans):
            assert right <= next_left + 0.5, f"heat map labels overlap: {spans}"
        legend = page.locator(".kipp-heat-legend:visible li")
        expect(legend).to_have_count(len(CELL_KEYS))
        expect(legend.first).to_be_visible()
        # A juror's last score time stays on one line (the table scrolls sideways instead).
        lines = page.evaluate(WHEN_LINES)
        assert lines and max(lines) == 1, lines
        page.screenshot(path=artifacts_dir / "br05-progress-390.png", full_page=True)
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(link).to_be_visible()
        page.screenshot(path=artifacts_dir / "br05-menu-open-390.png")
        link.click()
        expect(page).to_have_url(re.compile(r"/partisipasi(\?.*)?$"))
        expect(page.locator(f"#{ids.PARTICIPATION_STATUS}")).to_have_text(UPDATED, timeout=15_000)
        expect(link).to_be_hidden()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        _fits_a_phone(page, "/partisipasi")
        for path, status in PHONE_PAGES:
            toggle.click()
            page.locator(f"#{ids.SHELL_NAV_LINKS} a[href^='{path}']").click()
            expect(page).to_have_url(re.compile(rf"{re.escape(path)}(\?.*)?$"))
            expect(page.locator(f"#{status}")).to_have_text(UPDATED, timeout=15_000)
            _fits_a_phone(page, path)
        page.goto(f"{served.url}/riwayat-nilai")
        # The score history's rows are cards of labelled lines on a phone: nothing to scroll.
        expect(page.locator("#history-table")).to_be_visible()
        assert drawn_width(page) <= 390
        # The committee's console and its audit trail: cards and stacked rows, nothing wider
        # than the phone; the console's cards each a whole tool (name and sentence).
        page.goto(f"{served.url}/konsol")
        tools = page.locator(".kipp-console-tool a")
        expect(tools.first).to_be_visible()
        assert tools.count() == len(tool_paths())
        assert drawn_width(page) <= 390
        page.screenshot(path=artifacts_dir / "br05-konsol-390.png", full_page=True)
        page.goto(f"{served.url}/audit")
        expect(page.locator("main h1")).to_have_text("Jejak Audit")
        assert drawn_width(page) <= 390
        page.screenshot(path=artifacts_dir / "br05-audit-390.png", full_page=True)
        # Impor Data: the app's frame, its title as the Dash pages' titles are.
        page.goto(f"{served.url}/impor")
        expect(page.locator("main h1.kipp-title")).to_have_text("Impor Data")
        assert drawn_width(page) <= 390
        plain_toggle = page.locator(".kipp-plain-nav .kipp-nav-toggle")
        plain_link = page.locator(".kipp-plain-nav .kipp-nav-links a").first
        expect(plain_link).to_be_hidden()
        plain_toggle.click()
        expect(plain_link).to_be_visible()
        # /impor is one of the console's tools: the console is the current page's link.
        expect(page.locator(".kipp-plain-nav a[aria-current=page]")).to_have_text("Konsol Panitia")
        expect(page.locator(".kipp-plain-nav .kipp-lang-switch .kipp-lang")).to_have_text(
            ["ID", "EN"]
        )
        page.screenshot(path=artifacts_dir / "br05-import-menu-390.png")
        page.set_viewport_size({"width": 1366, "height": 768})
        page.goto(f"{served.url}/")
        expect(page.locator(".kipp-navbar .kipp-nav-toggle")).to_be_hidden()
        expect(link).to_be_visible()
    finally:
        context.close()
