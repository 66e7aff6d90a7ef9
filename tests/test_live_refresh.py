"""The live refresh: nothing but the badge when data did not change; paused in hidden tabs."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from app import create_app
from dashboard import ids
from dashboard.poll import VERSION_PATH
from dashboard.push import NEWS_PATH
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.settings import Settings
from data_access.simulate import complete_sheet, open_sheets
from data_access.users import add_user
from tests.web import progress_tick

PASSWORD = "rahasia-123"


def _demo_server(url: str, folder, **settings):
    """Serve a copy of the demo (`url`) with an admin account, panitia."""
    engine = make_engine(url)
    with transaction(engine) as session:
        add_user(session, "panitia", PASSWORD, "admin")
    engine.dispose()
    defaults = {"database_url": url, "secret_key": "test-key", "instance_dir": str(folder)}
    return create_app(Settings(**{**defaults, **settings}))


@pytest.fixture
def demo_app(demo_url, tmp_path):
    """A server on the demo edition with an admin account, polling every second.

    Without news streams (PUSH_STREAMS=0): the tab's stream is refused (503) and the
    page falls back to the poll, which these tests watch.
    """
    server = _demo_server(
        demo_url, tmp_path, refresh_interval_s=1, refresh_floor_s=1, push_streams=0
    )
    yield server
    server.extensions[EXTENSION_KEY].dispose()


@pytest.fixture
def pushing_app(demo_url, tmp_path):
    """The demo with news streams, and an interval too long for a tick to bring the news."""
    server = _demo_server(demo_url, tmp_path, refresh_interval_s=120)
    yield server
    server.extensions[EXTENSION_KEY].dispose()


def _login(client):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"username": "panitia", "password": PASSWORD, "csrf": token, "next": "/"}
    )
    assert response.status_code == 302


def _tick(client, shown):
    body = progress_tick(shown, n=3)
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    return response.get_json()["response"]


def test_unchanged_data_sends_only_the_badge(demo_app):
    """A tick at the version the browser already shows sends no content, only the badge."""
    client = demo_app.test_client()
    _login(client)
    first = _tick(client, None)
    assert ids.PROGRESS_CONTENT in first
    shown = first[ids.PROGRESS_SHOWN]["data"]
    again = _tick(client, shown)
    assert set(again) == {ids.PROGRESS_STATUS}
    assert "Diperbarui pukul" in str(again)


def _is_tick(url: str) -> bool:
    return "_dash-update-component" in url or VERSION_PATH in url


def _open_progress(page, base: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#username", "panitia")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator(f"#{ids.PROGRESS_STAGE_PROPOSAL}")).to_be_visible(timeout=15_000)


def _wait_until(page, condition: Callable[[], object], timeout_ms: int) -> bool:
    """Let the page run until condition() holds (True) or timeout_ms has passed (False).

    Waits through Playwright, not time.sleep: request handlers run only while it listens.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        if time.monotonic() >= deadline:
            return False
        page.wait_for_timeout(50)
    return True


@pytest.mark.browser
def test_ticks_without_news_never_call_dash_and_news_arrives(demo_app, live_dash, offline_page):
    """Each tick asks /api/versi only; a new score brings one Dash refresh with new content."""
    page = offline_page
    base = live_dash(demo_app)
    _open_progress(page, base)
    page.wait_for_timeout(1500)  # the page's first refreshes are done
    versions: list[str] = []
    dash_calls: list[str] = []
    page.on("request", lambda r: versions.append(r.url) if VERSION_PATH in r.url else None)
    page.on(
        "request", lambda r: dash_calls.append(r.url) if "_dash-update-component" in r.url else None
    )
    # Three ticks (one a second) without news: none may call the Dash refresh.
    assert _wait_until(page, lambda: len(versions) >= 3, 6000), versions
    assert dash_calls == [], "a tick without news must not call the Dash refresh"
    badge = page.locator(f"#{ids.PROGRESS_STATUS} .kipp-updated")
    expect(badge).to_contain_text("Diperbarui pukul")
    # The memo keeps a version for VERSION_CACHE_MS (1 s), then the next tick sees it.
    _score_and_see_the_page_change(page, demo_app, timeout_ms=8000)
    assert 1 <= len(dash_calls) <= 2, dash_calls


@pytest.mark.browser
def test_br10_hidden_tab_pauses_and_refreshes_on_return(demo_app, live_dash, offline_page):
    """While the tab is hidden no refresh is requested; showing it refreshes at once."""
    page = offline_page
    base = live_dash(demo_app)
    page.goto(f"{base}/login")
    page.fill("#username", "panitia")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator(f"#{ids.PROGRESS_STAGE_PROPOSAL}")).to_be_visible(timeout=15_000)
    ticks: list[str] = []
    page.on("request", lambda r: ticks.append(r.url) if _is_tick(r.url) else None)
    assert _wait_until(page, lambda: ticks, 2500), "the page should poll every second while visible"
    page.evaluate("""() => {
        Object.defineProperty(document, 'hidden', {value: true, configurable: true});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    page.wait_for_timeout(500)
    ticks.clear()
    page.wait_for_timeout(3000)
    assert ticks == [], "a hidden tab must not poll"
    page.evaluate("""() => {
        Object.defineProperty(document, 'hidden', {value: false, configurable: true});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    assert _wait_until(page, lambda: ticks, 400), "showing the tab again refreshes at once"


@pytest.mark.browser
def test_news_is_pushed_and_ticks_ask_the_server_nothing(pushing_app, live_dash, offline_page):
    """With its news stream open, a page learns of a save without a tick: one Dash refresh
    brings the new content long before its two-minute interval, and no tick asks
    /api/versi while the stream lives."""
    page = offline_page
    streams: list[str] = []
    polls: list[str] = []
    dash_calls: list[str] = []
    page.on("request", lambda r: streams.append(r.url) if NEWS_PATH in r.url else None)
    page.on(
        "request",
        lambda r: polls.append(r.url) if r.url.split("?")[0].endswith(VERSION_PATH) else None,
    )
    base = live_dash(pushing_app)
    _open_progress(page, base)
    assert _wait_until(page, lambda: streams, 5000), "a live page opens the tab's news stream"
    page.wait_for_timeout(1000)  # the page's first refreshes are done
    page.on(
        "request", lambda r: dash_calls.append(r.url) if "_dash-update-component" in r.url else None
    )
    _score_and_see_the_page_change(page, pushing_app, timeout_ms=10_000)
    assert len(dash_calls) == 1, dash_calls
    assert polls == [], "no tick asks the server while the stream lives"
    assert len(streams) == 1, streams


def _score_and_see_the_page_change(page, app, *, timeout_ms: int) -> None:
    """A juror completes an open sheet; wait until the progress page's content changes."""
    before = page.locator(f"#{ids.PROGRESS_CONTENT}").inner_text()
    engine = make_engine(app.extensions[EXTENSION_KEY].settings.database_url)
    try:
        complete_sheet(engine, DEMO_CODE, open_sheets(engine, DEMO_CODE)[0], random.Random(5))
    finally:
        engine.dispose()
    page.wait_for_function(
        "([id, before]) => document.getElementById(id).innerText !== before",
        arg=[ids.PROGRESS_CONTENT, before],
        timeout=timeout_ms,
    )
