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
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE, load_demo
from data_access.settings import Settings
from data_access.simulate import complete_sheet, open_sheets
from data_access.users import add_user
from tests.web import progress_tick

PASSWORD = "rahasia-123"


@pytest.fixture
def demo_app(sqlite_url, tmp_path):
    """A server on the demo edition with an admin account, refreshing every second."""
    engine = make_engine(sqlite_url)
    load_demo(engine)
    with transaction(engine) as session:
        add_user(session, "panitia", PASSWORD, "admin")
    engine.dispose()
    server = create_app(
        Settings(
            database_url=sqlite_url,
            secret_key="test-key",
            refresh_interval_s=1,
            refresh_floor_s=1,
            instance_dir=str(tmp_path),
        )
    )
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
    before = page.locator(f"#{ids.PROGRESS_CONTENT}").inner_text()
    url = demo_app.extensions[EXTENSION_KEY].settings.database_url
    engine = make_engine(url)
    try:
        complete_sheet(engine, DEMO_CODE, open_sheets(engine, DEMO_CODE)[0], random.Random(5))
    finally:
        engine.dispose()
    # The memo keeps a version for VERSION_CACHE_MS (1 s), then the next tick sees it.
    page.wait_for_function(
        "([id, before]) => document.getElementById(id).innerText !== before",
        arg=[ids.PROGRESS_CONTENT, before],
        timeout=8000,
    )
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
