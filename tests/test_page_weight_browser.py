"""The bytes a first visit downloads, in real Chromium: plotly.js only where a graph is.

Each dashboard page is opened as the admin with the browser's cache emptied after the
login; Playwright gives every response's bytes on the wire (headers and body as sent,
compressed). Byte counts are deterministic enough for limits: these are the targets of
issue 16 (KB = 1000 bytes) and Dash's full
plotly.js must never be fetched again. `python -m bench.page_weight` prints the figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.serving import Served, serve_demo
from tests.test_dashboard_browser import _log_in

pytestmark = pytest.mark.browser

FULL_PLOTLY = "/_dash-component-suites/plotly/package_data/plotly.min.js"
PARTIAL_PLOTLY = "/assets/vendor/plotly-kipp.min.js"
# (page, draws a graph, most bytes on the wire): 900 KB is issue 16's target for every
# dashboard page. `/` has a 700 KB target of its own that is not met yet (767 KB under
# gunicorn in bench/page_weight.py, 814 KB here with the test server's faster refresh).
PAGES = [
    ("/", True, 900_000),
    ("/partisipasi", True, 900_000),
    ("/peringkat", True, 900_000),
    ("/jadwal", False, 900_000),
    ("/ringkasan", False, 900_000),
    ("/kendali", False, 900_000),
]
# The trace types vendor/plotly/entry.js registers.
BUNDLED_TRACES = {"Bar", "Heatmap"}
BUILDERS = Path(__file__).resolve().parent.parent / "dashboard" / "builders"


@pytest.fixture
def served(sqlite_url, live_dash, tmp_path) -> Iterator[Served]:
    with serve_demo(sqlite_url, live_dash, tmp_path) as served:
        yield served


def test_the_partial_bundle_has_every_trace_the_builders_draw():
    used = set()
    for source in BUILDERS.rglob("*.py"):
        used |= set(re.findall(r"\bgo\.([A-Z]\w+)\(", source.read_text()))
    traces = used - {"Figure"}
    assert traces, "no trace found: the pattern no longer matches the builders"
    assert traces <= BUNDLED_TRACES, f"add {traces - BUNDLED_TRACES} to vendor/plotly/entry.js"


def test_first_load_bytes_and_plotly(served, offline_page: Page):
    """Every dashboard page in turn, one login: its files on the wire, plotly.js where due."""
    page = offline_page
    _log_in(page, served.url, "panitia")
    # The login lands on `/`: let its loads finish so none is counted as a visit's.
    page.wait_for_load_state("networkidle")
    cdp = page.context.new_cdp_session(page)
    finished: list = []
    page.on("requestfinished", lambda request: finished.append(request))
    problems = []
    for path, graph, limit in PAGES:
        page.goto("about:blank")
        cdp.send("Network.clearBrowserCache")
        finished.clear()
        page.goto(f"{served.url}{path}", wait_until="networkidle")
        if graph:
            page.wait_for_selector(".js-plotly-plot .main-svg", state="attached", timeout=30_000)
        page.wait_for_timeout(500)
        sizes: dict[str, int] = {}
        for request in finished:
            wire = request.sizes()
            address = request.url.split("?")[0].removeprefix(served.url)
            sizes[address] = sizes.get(address, 0) + wire["responseBodySize"]
            sizes[address] += wire["responseHeadersSize"]
        if FULL_PLOTLY in sizes:
            problems.append(f"{path}: Dash's full plotly.js (1.2 MB compressed) came back")
        if (PARTIAL_PLOTLY in sizes) is not graph:
            problems.append(f"{path}: the partial plotly.js {'missing' if graph else 'loaded'}")
        if graph and not 300_000 < sizes.get(PARTIAL_PLOTLY, 0) < 450_000:
            problems.append(f"{path}: the bundle is not sent compressed")
        # Files only: the test server refreshes every 2 s, so its callback answers vary
        # with timing (bench/page_weight.py counts them too, under gunicorn).
        total = sum(n for a, n in sizes.items() if "_dash-update-component" not in a)
        if total > limit:
            problems.append(f"{path}: {total} bytes on the wire, limit {limit}")
    assert problems == []
