"""The public catalogue in Chromium: WCAG 2.2 AA by axe-core, the keyboard alone, its weight.

One server and one browser for the module, on a published demo whose reveal reached
"all" (awards show) with a photo. axe-core comes from the npm registry
(vendor/axe, `make axe`, which `make test` runs) and is injected from disk: the page
loads nothing but its own files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from data_access.demo import DEMO_CODE
from tests.catalogue_site import PHOTO_CODE, build_catalogue

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "vendor/axe/node_modules/axe-core/axe.min.js"
VIEWPORTS = ((1366, 768), (390, 844))
# Every kind of catalogue page (a winner's page is found from the list: see `pages`).
PAGES = {
    "list": "/katalog",
    "filtered": "/katalog?opd=DKK",
    "empty": "/katalog?cari=tidak-ada-kata-ini",
    "photo": f"/katalog/{DEMO_CODE}/{PHOTO_CODE}",
    "unit": "/katalog/opd/DKK",
    "not found": "/katalog/tidak-ada/TIDAK-ADA",
    "english": "/katalog?lang=en",
}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Issue 18: the first load of /katalog, headers and bodies as sent (brotli), KB = 1000 bytes.
FIRST_LOAD_LIMIT = 100_000


@pytest.fixture(scope="module")
def site(decided_template, tmp_path_factory, static_cache_dir) -> Iterator[str]:
    """The published, revealed demo served on loopback (the app's own compression)."""
    from app import create_app
    from dashboard.compression import COMPRESSION_KEY
    from dashboard.services import EXTENSION_KEY
    from dashboard.static_store import DiskStore
    from data_access.settings import Settings
    from tests.serving import serve_in_thread

    folder = tmp_path_factory.mktemp("katalog-browser")
    url = build_catalogue(decided_template, folder, publish=True, reveal=True)
    server = create_app(Settings(database_url=url, secret_key="test", instance_dir=str(folder)))
    server.extensions[COMPRESSION_KEY].cache.store = DiskStore(static_cache_dir)
    httpd = serve_in_thread(server)
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    server.extensions[EXTENSION_KEY].dispose()


def _winner(page: Page, site: str) -> str:
    """Return the address of a winner's page, read from the list's winners filter."""
    page.goto(f"{site}/katalog?juara=1")
    return page.locator(".katalog-card-title a").first.get_attribute("href") or ""


def _serious(page: Page) -> list[str]:
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})"
        ".then(r => r.violations.filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))",
        WCAG,
    )
    return list(found)


def test_k1_axe_finds_no_serious_violation_on_any_catalogue_page(browser: Browser, site):
    assert AXE.is_file(), "axe-core is missing: run `make axe` (make test does)"
    problems: list[str] = []
    for width, height in VIEWPORTS:
        # axe is the test's, put in every document as it starts (compiled once, not per
        # page); the app's policy, which allows no script but its own files, lets it run.
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        pages = {**PAGES, "winner": _winner(page, site)}
        assert pages["winner"].startswith("/katalog/"), "no winner listed"
        for name, path in pages.items():
            answer = page.goto(site + path)
            assert answer is not None and answer.status == (404 if name == "not found" else 200)
            problems += [f"{width}px {name}: {found}" for found in _serious(page)]
        if width == VIEWPORTS[0][0]:
            page.goto(site + pages["winner"])
            assert page.locator(".katalog-badge").first.inner_text().startswith("Juara")
        context.close()
    assert problems == []


def test_k2_the_keyboard_alone_reaches_skip_link_search_filters_results_and_pages(
    browser: Browser, site
):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{site}/katalog")
    describe = """() => {
        const el = document.activeElement, style = getComputedStyle(el);
        return {tag: el.tagName, id: el.id, cls: el.className, text: el.innerText || '',
                href: el.getAttribute('href') || '',
                visible: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0};
    }"""
    page.keyboard.press("Tab")
    first = page.evaluate(describe)
    assert first["cls"] == "katalog-skip" and first["visible"]
    assert page.locator(".katalog-skip").bounding_box()["y"] >= 0  # shown when focused
    page.keyboard.press("Enter")  # to the content: the next stop is the search
    reached = []
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(describe))
        if "halaman=2" in reached[-1]["href"]:
            break
    assert reached[0]["id"] == "katalog-cari"
    ids = [stop["id"] for stop in reached]
    for field in ("katalog-edisi", "katalog-tahun", "katalog-opd", "katalog-kategori"):
        assert field in ids, field
    assert any(stop["tag"] == "BUTTON" for stop in reached)
    results = [s for s in reached if s["href"].startswith(f"/katalog/{DEMO_CODE}/")]
    assert results, "no result link reached"
    assert "halaman=2" in reached[-1]["href"], "the pages were not reached"
    hidden = [stop for stop in reached if not stop["visible"]]
    assert hidden == [], "focus not visible"
    context.close()


def test_k3_first_load_of_the_list_stays_under_100_kb_on_the_wire(browser: Browser, site):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(f"{site}/katalog")
    page.wait_for_load_state("networkidle")
    total = 0
    for request in finished:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    assert any("katalog.css" in r.url for r in finished)
    document = next(r for r in finished if r.url.endswith("/katalog"))
    assert document.response().header_value("content-encoding") == "br"
    assert 0 < total <= FIRST_LOAD_LIMIT, total
    context.close()


def test_k4_the_chosen_edition_reads_whole_in_its_list_on_a_laptop_and_a_phone(
    browser: Browser, site
):
    """The edition list once showed "KIPP Kabupaten" of "KIPP Kabupaten Kudus 2026 (Demo)",
    every edition alike: on a laptop the chosen name (measured in the list's own font) fits
    its box; on a phone the list has a row of its own, as wide as the search."""
    measure = """() => {
        const box = document.getElementById('katalog-edisi'), style = getComputedStyle(box);
        const pen = document.createElement('canvas').getContext('2d');
        pen.font = style.font;
        const room = box.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight);
        const text = box.options[box.selectedIndex].text;
        return {text, room, needed: pen.measureText(text).width, width: box.offsetWidth,
                search: document.getElementById('katalog-cari').offsetWidth};
    }"""
    for width, height in VIEWPORTS:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(f"{site}/katalog?edisi={DEMO_CODE}")
        measured = page.evaluate(measure)
        assert measured["text"] not in ("", "Semua"), measured
        if width >= 992:
            assert measured["needed"] <= measured["room"], (width, measured)
        else:
            assert measured["width"] == measured["search"], (width, measured)
        context.close()


def test_k5_a_printed_list_names_its_filters_and_leaves_the_downloads_out(browser: Browser, site):
    """On screen the chips name the filters and the downloads are offered; on paper the chips
    are gone, so one line names the filters, and the download links are left out."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{site}/katalog?tahun=2022&opd=DKK")
    printed, offered = page.locator(".katalog-print-filters"), page.locator(".katalog-data")
    assert printed.is_hidden() and offered.is_visible()
    assert offered.locator("a").first.inner_text() == "Unduh Excel (XLSX)"
    page.emulate_media(media="print")
    assert printed.is_visible() and offered.is_hidden()
    assert page.locator(".katalog-active").is_hidden()
    assert printed.inner_text() == "Disaring: Tahun: 2022; Perangkat daerah: Dinas Kesehatan"
    context.close()
