"""A slow database (3x the refresh interval) under an open page: no pile-up, a stale badge.

The production gunicorn serves a PostgreSQL database, refreshing every second. Another
connection takes `LOCK TABLE data_version IN ACCESS EXCLUSIVE MODE` and keeps it 3 s at a
time, three times over, so the tick's one query (the data version) waits 3x the interval.
Chromium shows / meanwhile. Counted in the browser (Playwright's request events) and in
the database (sessions waiting for that lock, from pg_stat_activity): at most one refresh
of the page is in flight at any moment, the page says its data is stale instead of
showing an error, and fresh data appears by itself once the database is fast again.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import psycopg
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from dashboard import ids
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.formatting import format_percent
from data_access.i18n import t
from data_access.reports import edition_report
from data_access.simulate import complete_sheet, open_sheets
from tests.serving import Gunicorn
from tests.web import PASSWORD, ROLE_USER, add_accounts

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
# The app's floor is 2 s; this server lowers it to 1 s, so each slow spell lasts 3 s.
INTERVAL_S = 1
SLOW_S = 3 * INTERVAL_S  # each wait for the lock
CYCLES = 3
UPDATED = re.compile(r"Diperbarui pukul \d\d\.\d\d")


@dataclass
class Served:
    server: Gunicorn
    engine: Engine
    libpq: str


@pytest.fixture
def served(pg_demo_url, tmp_path) -> Iterator[Served]:
    """The demo on a PostgreSQL database of its own, served by gunicorn refreshing every 2 s."""
    engine = make_engine(pg_demo_url)
    add_accounts(engine)
    server = Gunicorn(
        pg_demo_url,
        tmp_path,
        env={"REFRESH_INTERVAL_S": str(INTERVAL_S), "REFRESH_FLOOR_S": str(INTERVAL_S)},
        log=tmp_path / "gunicorn.log",
    )
    server.start()
    libpq = make_url(pg_demo_url).set(drivername="postgresql").render_as_string(False)
    yield Served(server, engine, libpq)
    server.stop()
    engine.dispose()


@dataclass
class InFlight:
    """The page's refresh requests: how many were open at once, at most, and in all."""

    open: set = field(default_factory=set)
    most: int = 0
    sent: list[float] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("request", self._sent)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _sent(self, request) -> None:
        if "_dash-update-component" in request.url and ids.PROGRESS_CONTENT in (
            request.post_data or ""
        ):
            self.open.add(request)
            self.sent.append(time.monotonic())
            self.most = max(self.most, len(self.open))

    def _ended(self, request) -> None:
        self.open.discard(request)


@dataclass
class SlowDown:
    """The lock holder's doing, and what pg_stat_activity saw meanwhile."""

    started: float = 0.0
    ended: float = 0.0
    most_waiting: int = 0
    error: BaseException | None = None


def slow_down(libpq: str, slow: SlowDown) -> None:
    """Hold data_version's ACCESS EXCLUSIVE lock SLOW_S at a time, CYCLES times."""
    try:
        with psycopg.connect(libpq) as holder, psycopg.connect(libpq, autocommit=True) as watch:
            slow.started = time.monotonic()
            for _ in range(CYCLES):
                with holder.transaction():
                    holder.execute("LOCK TABLE data_version IN ACCESS EXCLUSIVE MODE")
                    until = time.monotonic() + SLOW_S
                    while time.monotonic() < until:
                        # The app's sessions queued behind the lock: requests in flight.
                        (waiting,) = watch.execute(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                            "'Lock' AND datname = current_database() AND pid <> pg_backend_pid()"
                        ).fetchone()
                        slow.most_waiting = max(slow.most_waiting, waiting)
                        time.sleep(0.2)
            slow.ended = time.monotonic()
    except BaseException as exc:  # reported by the test, not lost in the thread
        slow.error = exc


def _proposal_share(engine: Engine) -> str:
    with transaction(engine) as session:
        stage = edition_report(session, DEMO_CODE).progress.stages[0]
    return format_percent(stage.ratio, lang="id")


def test_sd01_a_slow_database_piles_up_no_requests(served: Served, browser: Browser, artifacts_dir):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{served.server.url}/login?next=/%3Frefresh%3D{INTERVAL_S}")
    page.fill("#username", ROLE_USER["admin"])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    share = page.locator(f"#{ids.PROGRESS_STAGE_PROPOSAL}")
    status = page.locator(f"#{ids.PROGRESS_STATUS}")
    before = _proposal_share(served.engine)
    expect(share).to_have_text(before, timeout=15_000)
    expect(status).to_have_text(UPDATED)
    page.evaluate("window.__kipp_marker = 1")
    flights = InFlight()
    flights.watch(page)

    slow = SlowDown()
    holder = threading.Thread(target=slow_down, args=(served.libpq, slow))
    holder.start()
    # Stale rather than an error, the figures kept.
    expect(status).to_have_text(t("live.stale", "id"), timeout=3 * SLOW_S * 1000)
    assert page.locator(f"#{ids.HOME_DB_ERROR}").count() == 0
    expect(share).to_have_text(before)
    page.screenshot(path=artifacts_dir / "sd01-slow-db-stale.png")
    # Waiting through Playwright, so the browser's events are seen as they happen.
    deadline = time.monotonic() + CYCLES * SLOW_S + 30
    while holder.is_alive() and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert slow.error is None, f"the lock holder failed: {slow.error!r}"
    slow_sent = [s for s in flights.sent if slow.started <= s <= slow.ended]

    # Fast again: a new score shows by itself, without a reload.
    sheet = next(s for s in open_sheets(served.engine, DEMO_CODE) if s.stage == "proposal")
    assert complete_sheet(served.engine, DEMO_CODE, sheet, random.Random(3)) > 0
    after = _proposal_share(served.engine)
    assert after != before
    expect(share).to_have_text(after, timeout=4 * INTERVAL_S * 1000)
    expect(status).to_have_text(UPDATED)
    assert page.evaluate("window.__kipp_marker") == 1, "the page was reloaded"
    context.close()

    print(
        f"slow for {slow.ended - slow.started:.1f} s: {len(slow_sent)} refreshes sent, "
        f"at most {flights.most} in flight (browser), "
        f"at most {slow.most_waiting} waiting on the lock (database)"
    )
    assert flights.most <= 1, f"{flights.most} refreshes of one page in flight at once"
    assert slow.most_waiting <= 1, f"{slow.most_waiting} requests queued on the database"
