"""Chromium under the real Content-Security-Policy: every page works and nothing is blocked.

Each page of the dashboard (as the committee), the import page and its upload, the
login page (anonymous) and the ceremony screen (through its rotation and every reveal
step up to "all three") load with the policy the server sends, show their content
(figures, plotly graphs, the heat map, the slides, the winners) and raise no
`securitypolicyviolation` event and no console error. A first test checks that the
listener does see a blocked inline script and that eval() is refused, so an empty list
means something. The last tests play another site in the same browser: its form and
its fetch() to this server are refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import Engine

from app import create_app
from dashboard.services import EXTENSION_KEY
from data_access import ceremony
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.settings import Settings
from data_access.simulate import simulate
from tests.serving import serve_in_thread
from tests.web import PASSWORD, ROLE_USER, demo_with_accounts

pytestmark = pytest.mark.browser

# Records every CSP violation of a document, from before its first script runs.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber} ${event.sample || ""}`
  );
});
"""
# Tries eval() from a timer callback, as page code would, and tells what happened.
EVAL_LATER = """() => new Promise((resolve) => setTimeout(() => {
  try { eval("1"); resolve("ran"); } catch (error) { resolve(error.name); }
}, 0))"""
FRAME = "#kiosk-frame .kiosk-frame-inner"
# (page, where its data arrives, a text only the data brings, a plotly graph it must draw)
PAGES = [
    # The juror x innovation heat map: plotly draws it into a data: image (img-src data:).
    ("/", "#progress-content", "Penilaian Proposal", ".js-plotly-plot .heatmaplayer image"),
    (
        "/partisipasi",
        "#participation-content",
        "Dinas Pertanian dan Pangan",
        ".js-plotly-plot .trace",
    ),
    ("/peringkat", "#ranking-content", "Bursa Kerja Daring Kudus", ".js-plotly-plot .trace"),
    ("/jadwal", "#schedule-timeline", "Presentasi dan Wawancara", None),
    ("/ringkasan", "#summary-content", "OPD wajib yang belum mengumpulkan", None),
    ("/kendali", "#control-content", "Rotasi slide", None),
]
OTHER_SITE = "http://127.0.0.2:9"  # another site to the browser; answered by Playwright


@dataclass
class Hall:
    """The app served on loopback from a copy of the demo, with one display token."""

    url: str
    engine: Engine
    kiosk_path: str


@pytest.fixture(scope="module")
def hall(demo_template, tmp_path_factory, static_cache_dir) -> Iterator[Hall]:
    folder = tmp_path_factory.mktemp("csp-browser")
    url, kiosk_path = demo_with_accounts(demo_template, folder)
    engine = make_engine(url)
    # The run's compressed static files, as live_dash gives its servers (tests/conftest.py).
    settings = Settings(
        database_url=url,
        secret_key="test-csp",
        instance_dir=str(folder),
        kiosk_poll_ms=250,
        static_cache_dir=str(static_cache_dir),
    )
    server = create_app(settings)
    httpd = serve_in_thread(server)
    yield Hall(f"http://127.0.0.1:{httpd.server_port}", engine, kiosk_path)
    httpd.shutdown()
    server.extensions[EXTENSION_KEY].dispose()
    engine.dispose()


@dataclass
class Watched:
    """A page whose CSP violations (in the page) and console errors are collected."""

    page: Page
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations")

    def assert_clean(self, where: str) -> None:
        """Assert no CSP violation in the current document and no console error so far."""
        assert self.violations() == [], f"{where}: CSP violations"
        assert self.errors == [], f"{where}: console errors"


def _context(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.add_init_script(WATCH_CSP)
    return context


def _log_in(watched: Watched, hall: Hall) -> None:
    page = watched.page
    page.goto(f"{hall.url}/login")
    expect(page.locator("form #username")).to_be_visible()
    watched.assert_clean("/login")
    page.fill("#username", ROLE_USER["admin"])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("#progress-content")).to_contain_text("Penilaian Proposal", timeout=15000)


@pytest.fixture(scope="module")
def committee(browser: Browser, hall: Hall) -> Iterator[Watched]:
    """The committee's browser, logged in through the login form once."""
    context = _context(browser)
    watched = Watched(context.new_page())
    _log_in(watched, hall)
    yield watched
    context.close()


# ---------------------------------------------------------------- the listener works
def test_csp01_the_policy_blocks_inline_scripts_and_eval_and_the_listener_sees_it(browser, hall):
    context = _context(browser)
    page = context.new_page()
    page.goto(f"{hall.url}/login")
    with pytest.raises(PlaywrightError, match="Content Security Policy"):
        page.add_script_tag(content="window.__injected = true;")
    assert page.evaluate("window.__injected === undefined")
    violations = page.evaluate("window.__cspViolations")
    assert len(violations) == 1 and violations[0].startswith("script-src-elem blocked inline")
    # Run from a timer, not from Playwright's evaluate (which the DevTools protocol lets eval).
    outcome = page.evaluate(EVAL_LATER)
    assert outcome == "EvalError", "eval() ran: the policy allows 'unsafe-eval'"
    violations = page.evaluate("window.__cspViolations")
    assert len(violations) == 2 and violations[1].startswith("script-src blocked eval")
    context.close()


# ---------------------------------------------------------------- the dashboard
def test_csp02_the_login_page_works_anonymously(browser, hall):
    context = _context(browser)
    watched = Watched(context.new_page())
    watched.page.goto(f"{hall.url}/login?lang=en")
    expect(watched.page.locator("h1")).to_have_text("Log in")
    expect(watched.page.locator("button[type=submit]")).to_be_visible()
    watched.assert_clean("/login")
    context.close()


@pytest.mark.parametrize(("path", "section", "text", "graph"), PAGES, ids=[p[0] for p in PAGES])
def test_csp03_every_dashboard_page_works_under_the_policy(
    committee, hall, artifacts_dir, path, section, text, graph
):
    page = committee.page
    committee.errors.clear()
    page.goto(f"{hall.url}{path}")
    expect(page.locator(section)).to_contain_text(text, timeout=15000)
    if graph is not None:
        drawn = page.locator(f"{section} {graph}").first
        expect(drawn).to_be_attached(timeout=15000)
        if path == "/":
            assert (drawn.get_attribute("href") or "").startswith("data:image/png")
    page.wait_for_timeout(300)  # late work: plotly's resize, the refresh timer's first tick
    page.screenshot(path=artifacts_dir / f"csp-{path.strip('/') or 'progress'}.png")
    committee.assert_clean(path)


def test_csp04_the_import_page_and_its_upload_work_under_the_policy(committee, hall):
    # A Flask page with a multipart form: the browser's own post passes the origin check.
    page = committee.page
    committee.errors.clear()
    page.goto(f"{hall.url}/impor")
    expect(page.locator("#import-form")).to_be_visible()
    committee.assert_clean("/impor")
    page.set_input_files(
        "#import-files",
        files=[{"name": "catatan.csv", "mimeType": "text/csv", "buffer": b"a,b\n1,2\n"}],
    )
    page.click("#import-form button[type=submit]")
    expect(page.locator(".alert-danger").first).to_be_visible()  # an unknown file, refused
    expect(page.locator("#import-form")).to_be_visible()
    assert "Permintaan ditolak" not in page.content()
    assert committee.violations() == []
    # The refusal's status is the console's only line (Chromium logs every 4xx page load).
    assert [e for e in committee.errors if "status of 422" not in e] == []
    committee.errors.clear()


# ---------------------------------------------------------------- the ceremony screen
def _advance(engine: Engine) -> str:
    with transaction(engine) as session:
        return ceremony.advance(session, DEMO_CODE, by="panitia").step


def test_csp05_the_kiosk_rotates_and_reveals_under_the_policy(browser, hall, artifacts_dir):
    context = _context(browser)
    screen = Watched(context.new_page())
    page = screen.page
    page.goto(f"{hall.url}{hall.kiosk_path}&slides=progress:3,participation:3,finalists:3")
    expect(page.locator(f'{FRAME}[data-step="rotation"]')).to_be_visible(timeout=15000)
    for slide in ("progress", "participation", "finalists"):
        expect(page.locator(f".kiosk-slide-{slide}")).to_be_visible(timeout=8000)
        screen.assert_clean(f"kiosk rotation, {slide}")
    # The service worker registered under worker-src 'self'.
    worker = page.evaluate("navigator.serviceWorker.ready.then((r) => r.active.scriptURL)")
    assert worker == f"{hall.url}/kiosk-sw.js"

    # The committee finishes the demo judging and approves; the reveal runs to the end.
    simulate(hall.engine, DEMO_CODE, sleep=lambda _s: None, out=lambda _s: None)
    with transaction(hall.engine) as session:
        snapshot = ceremony.approve(session, DEMO_CODE, by="panitia")
    titles = {level: snapshot.winners(level)[0]["title"] for level in (1, 2, 3)}
    for expected in ("splash", "award-3", "award-2", "award-1", "all"):
        assert _advance(hall.engine) == expected
        expect(page.locator(f'{FRAME}[data-step="{expected}"]')).to_be_visible(timeout=5000)
        if expected.startswith("award-"):
            title = titles[int(expected[-1])]
            expect(page.locator(".kiosk-winner-title").first).to_have_text(title)
        screen.assert_clean(f"kiosk step {expected}")
    for level, title in titles.items():
        expect(page.locator(f".kiosk-podium.level-{level}")).to_contain_text(title)
    page.wait_for_timeout(700)  # the fade-in, for the screenshot
    page.screenshot(path=artifacts_dir / "csp-kiosk-all.png")
    screen.assert_clean("kiosk, all three")
    context.close()


# ---------------------------------------------------------------- another site
def _other_site(context: BrowserContext, html: str) -> Page:
    page = context.new_page()
    page.route(f"{OTHER_SITE}/**", lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(f"{OTHER_SITE}/hadiah")
    return page


def test_csp06_another_sites_form_is_refused_and_the_session_survives(
    committee, hall, artifacts_dir
):
    form = f'<form method="post" action="{hall.url}/logout"><button>Klaim</button></form>'
    page = _other_site(committee.page.context, form)
    page.click("button")
    expect(page.locator("h1")).to_have_text("Permintaan ditolak / Request refused")
    expect(page.locator("body")).to_contain_text("This request came from another site")
    page.screenshot(path=artifacts_dir / "csp-cross-site-refused.png")
    # Still logged in: the dashboard opens, no login form.
    page.goto(f"{hall.url}/")
    expect(page.locator("#progress-content")).to_contain_text("Penilaian Proposal", timeout=15000)
    page.close()


def test_csp07_another_sites_script_cannot_call_a_callback(committee, hall):
    page = _other_site(committee.page.context, "<p>hadiah</p>")
    outcome = page.evaluate(
        """(url) => fetch(url + "/_dash-update-component", {
            method: "POST", credentials: "include", mode: "cors",
            headers: {"Content-Type": "application/json"}, body: "{}",
        }).then((r) => "read " + r.status, (e) => "blocked " + e.name)""",
        hall.url,
    )
    assert outcome == "blocked TypeError"
    page.close()
