"""PostgreSQL stopped for a while and started again under an open page and an open kiosk.

The production gunicorn serves a private PostgreSQL cluster. In real Chromium the
committee's progress page (/?refresh=2) and a ceremony screen (display token) are open
when the database server stops. For the whole outage the page keeps its figures under
the "Data belum diperbarui" badge and the screen keeps its slide under "Menyambung
ulang…"; neither shows an error, neither reloads. Once PostgreSQL is back, a new score
reaches both by themselves, and so does the committee opening the reveal.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine

from dashboard import ids
from data_access import ceremony
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE, load_demo
from data_access.formatting import format_percent
from data_access.i18n import t
from data_access.kiosks import create_token, kiosk_url
from data_access.migrate import upgrade
from data_access.reports import edition_report
from data_access.simulate import complete_sheet, open_sheets, simulate
from tests.serving import Gunicorn
from tests.web import PASSWORD, ROLE_USER, add_accounts

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
# Long enough for every timer the two pages run to fire at least once with the database
# away: the kiosk's first-frame limit (20 s, which would reload a screen that lost its
# frame), the page's poll timeout (8 s) three times over, dozens of kiosk polls (0.5 s)
# and page refreshes (2 s). A longer outage only repeats the same checks (it was 60 s).
OUTAGE_S = 25
FRAME = "#kiosk-frame .kiosk-frame-inner"
UPDATED = re.compile(r"Diperbarui pukul \d\d\.\d\d")
DASH_ERRORS = (".dash-fe-error__title", ".dash-debug-menu", ".dash-error-card")


@dataclass
class Hall:
    """The demo on a stoppable PostgreSQL, served by gunicorn, with a screen's path."""

    server: Gunicorn
    engine: Engine
    kiosk_path: str


@pytest.fixture
def hall(pg_cluster, tmp_path) -> Iterator[Hall]:
    engine = make_engine(pg_cluster.url)
    upgrade(engine)
    load_demo(engine)
    add_accounts(engine)
    with transaction(engine) as session:
        path = kiosk_url(create_token(session, "TV Pendopo"))
    server = Gunicorn(pg_cluster.url, tmp_path, log=tmp_path / "gunicorn.log")
    server.start()
    yield Hall(server, engine, path)
    server.stop()
    engine.dispose()


def _proposal_share(engine: Engine) -> str:
    with transaction(engine) as session:
        stage = edition_report(session, DEMO_CODE).progress.stages[0]
    assert stage.stage == "proposal"
    return format_percent(stage.ratio, lang="id")


def _no_error_on(page: Page) -> None:
    for selector in DASH_ERRORS:
        assert page.locator(selector).count() == 0, f"Dash shows {selector}"


def test_po01_postgresql_away_under_a_page_and_a_kiosk(
    hall: Hall, pg_cluster, browser: Browser, artifacts_dir
):
    # Two windows with their own cookies: the committee's page and the hall's TV.
    contexts = [browser.new_context() for _ in range(2)]
    try:
        dashboard, kiosk = (context.new_page() for context in contexts)
        _outage(hall, pg_cluster, dashboard, kiosk, artifacts_dir)
    finally:
        for context in contexts:
            context.close()


def _outage(hall: Hall, pg_cluster, dashboard: Page, kiosk: Page, artifacts_dir) -> None:
    """Open both, stop PostgreSQL for OUTAGE_S, start it, and follow both through."""
    url = hall.server.url
    console_errors: list[str] = []
    dashboard.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    dashboard.goto(f"{url}/login?next=/%3Frefresh%3D2")
    dashboard.fill("#username", ROLE_USER["admin"])
    dashboard.fill("#password", PASSWORD)
    dashboard.click("button[type=submit]")
    kiosk.goto(url + hall.kiosk_path + "&slides=progress:60")

    share = dashboard.locator(f"#{ids.PROGRESS_STAGE_PROPOSAL}")
    status = dashboard.locator(f"#{ids.PROGRESS_STATUS}")
    kiosk_share = kiosk.locator(f"{FRAME} .kiosk-stage-percent").first
    reconnect = kiosk.locator("#kiosk-reconnect")
    before = _proposal_share(hall.engine)
    expect(share).to_have_text(before, timeout=15_000)
    expect(status).to_have_text(UPDATED)
    expect(kiosk_share).to_have_text(before, timeout=15_000)
    frame_version = kiosk.locator(FRAME).get_attribute("data-frame-version")
    for page in (dashboard, kiosk):
        page.evaluate("window.__kipp_marker = 1")

    hall.engine.dispose()
    pg_cluster.stop()
    stopped = time.monotonic()
    # Both say the data is not fresh, and keep what they showed.
    expect(status).to_have_text(t("live.stale", "id"), timeout=8000)
    expect(reconnect).to_be_visible(timeout=8000)
    expect(reconnect).to_have_text(t("kiosk.reconnecting", "id"))
    dashboard.screenshot(path=artifacts_dir / "po01-page-stale.png")
    kiosk.screenshot(path=artifacts_dir / "po01-kiosk-reconnecting.png")
    checks = 0
    while time.monotonic() - stopped < OUTAGE_S:
        kiosk.wait_for_timeout(5000)
        checks += 1
        expect(status).to_have_text(t("live.stale", "id"))
        expect(share).to_have_text(before)
        assert dashboard.locator(f"#{ids.HOME_DB_ERROR}").count() == 0
        # The server answers; only the database is away: no "server unreachable" notice.
        expect(dashboard.locator("#kipp-offline")).to_have_count(0)
        expect(reconnect).to_be_visible()
        expect(kiosk_share).to_have_text(before)
        assert kiosk.locator(FRAME).get_attribute("data-frame-version") == frame_version
        for page in (dashboard, kiosk):
            _no_error_on(page)
    assert checks >= OUTAGE_S // 5 - 1

    pg_cluster.start()
    expect(status).to_have_text(UPDATED, timeout=10_000)
    expect(reconnect).to_be_hidden(timeout=10_000)
    # A score written after the restart reaches both, without a reload.
    sheet = next(s for s in open_sheets(hall.engine, DEMO_CODE) if s.stage == "proposal")
    assert complete_sheet(hall.engine, DEMO_CODE, sheet, random.Random(7)) > 0
    after = _proposal_share(hall.engine)
    assert after != before
    expect(share).to_have_text(after, timeout=8000)
    expect(kiosk_share).to_have_text(after, timeout=8000)
    # And the ceremony: judging finished, approved, the reveal opened.
    simulate(hall.engine, DEMO_CODE, sleep=lambda _s: None, out=lambda _line: None)
    with transaction(hall.engine) as session:
        ceremony.approve(session, DEMO_CODE, by="panitia")
    with transaction(hall.engine) as session:
        assert ceremony.advance(session, DEMO_CODE, by="panitia").step == "splash"
    expect(kiosk.locator(f'{FRAME}[data-step="splash"]')).to_be_visible(timeout=8000)
    for page in (dashboard, kiosk):
        assert page.evaluate("window.__kipp_marker") == 1, "the page was reloaded"
        _no_error_on(page)
    assert console_errors == []
    log = (hall.server.instance_dir / "gunicorn.log").read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]
