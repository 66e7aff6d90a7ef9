"""The live pages' light tick (GET /api/versi) and how many queries each kind of tick costs."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from sqlalchemy import event, text

from app import create_app
from dashboard import ids
from dashboard.data import cache
from dashboard.poll import MEMO_KEY, SESSIONS_KEY, VERSION_PATH, Memo
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine
from data_access.demo import DEMO_CODE
from data_access.settings import Settings
from data_access.simulate import complete_sheet, open_sheets
from tests.cli_run import cli, ok
from tests.web import add_accounts, client_as, demo_with_accounts, progress_tick, update


@pytest.fixture
def db_url(sqlite_url) -> str:
    """SQLite only: ending a session is route logic on one small table."""
    return sqlite_url


@pytest.fixture
def site(demo_template, tmp_path):
    """make(**settings): the app on a fresh demo copy with ACCOUNTS; (app, database URL)."""
    url, kiosk_path = demo_with_accounts(demo_template, tmp_path)
    apps = []

    def make(**overrides):
        defaults = {"database_url": url, "secret_key": "test-poll", "instance_dir": str(tmp_path)}
        app = create_app(Settings(**{**defaults, **overrides}))
        app.kiosk_path = kiosk_path
        apps.append(app)
        return app

    yield make, url
    for app in apps:
        app.extensions[EXTENSION_KEY].dispose()
        with app.app_context():
            cache.clear()


@contextmanager
def counted_statements(app):
    """Count the SQL statements the app's live engine runs inside the block."""
    engine = app.extensions[EXTENSION_KEY].engine
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def bump_version(url: str) -> None:
    """A juror completes one open sheet: the data version moves."""
    engine = make_engine(url)
    try:
        complete_sheet(engine, DEMO_CODE, open_sheets(engine, DEMO_CODE)[0], random.Random(3))
    finally:
        engine.dispose()


def database_version(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version FROM data_version WHERE id = 1")).scalar_one()
    finally:
        engine.dispose()


def test_anonymous_gets_401_and_no_number(site):
    make, _url = site
    client = client_as(make(), None)
    response = client.get(VERSION_PATH)
    assert response.status_code == 401
    assert response.get_json() == {}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("role", ["viewer", "bupati", "admin"])
def test_signed_in_gets_the_version_and_the_badge(site, role):
    make, url = site
    client = client_as(make(version_cache_ms=0), role)
    body = client.get(VERSION_PATH).get_json()
    assert body["version"] == database_version(url)
    assert body["badge"].startswith("Diperbarui pukul ") and body["badge"].endswith(" WIB")
    english = client.get(f"{VERSION_PATH}?lang=en").get_json()
    assert english["badge"].startswith("Updated at ")


def test_a_new_score_shows_within_the_cache_age(site):
    make, url = site
    client = client_as(make(version_cache_ms=0), "viewer")
    before = client.get(VERSION_PATH).get_json()["version"]
    bump_version(url)
    after = client.get(VERSION_PATH).get_json()["version"]
    assert after > before
    assert after == database_version(url)


def test_ticks_without_news_cost_one_query_per_worker_and_cache_age(site):
    make, url = site
    app = make(version_cache_ms=60_000)
    app.extensions[SESSIONS_KEY].max_age_s = 60  # a slow machine's 50 ticks > 1 s
    client = client_as(app, "viewer")
    first = client.get(VERSION_PATH).get_json()["version"]
    with counted_statements(app) as statements:
        answers = [client.get(VERSION_PATH).get_json()["version"] for _ in range(50)]
    assert statements == []  # no session lookup, no version query: all from memory
    assert answers == [first] * 50
    # Once the age passes, one query reads the new version.
    bump_version(url)
    app.extensions[MEMO_KEY].max_age_s = 0
    with counted_statements(app) as statements:
        assert client.get(VERSION_PATH).get_json()["version"] == database_version(url)
    assert len(statements) == 1


def test_memo_lets_one_thread_read_while_the_others_wait():
    memo = Memo(max_age_s=60)
    reads = []
    gate = threading.Event()

    def read():
        reads.append(1)
        gate.wait(2)
        return 7

    results = []
    threads = [threading.Thread(target=lambda: results.append(memo.get(read))) for _ in range(8)]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join(5)
    assert results == [7] * 8
    assert len(reads) == 1


def test_memo_does_not_remember_a_failed_read():
    memo = Memo(max_age_s=60)

    def broken():
        raise RuntimeError("database away")

    with pytest.raises(RuntimeError):
        memo.get(broken)
    assert memo.get(lambda: 5) == 5


def test_unreadable_database_answers_the_stale_badge(site):
    make, _url = site
    app = make(version_cache_ms=0)
    client = client_as(app, "viewer")
    assert client.get(VERSION_PATH).status_code == 200
    engine = app.extensions[EXTENSION_KEY].engine
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE data_version"))
    response = client.get(VERSION_PATH)
    assert response.status_code == 200  # an answer about the data, not a failed request
    body = response.get_json()
    assert body["stale"] is True and "version" not in body
    assert "Traceback" not in response.get_data(as_text=True)


def test_refresh_callback_query_counts(site):
    """An unchanged refresh reads the session alone (the version is the worker's memo, which
    the ticks share); a changed one a fixed few."""
    make, url = site
    # A memo that cannot run out between two requests however slow the machine (a second
    # had, under a loaded suite); the test ends its life itself below.
    app = make(version_cache_ms=600_000)
    # The live sessions' memo lasts a second at most (SESSION_CHECK_S): on a loaded machine it
    # ran out between the two requests and the hook read the sessions again. Kept here, so
    # the count below is the callback's own session check alone, every time.
    app.extensions[SESSIONS_KEY].max_age_s = 600
    client = client_as(app, "viewer")
    first = update(client, progress_tick(None))
    shown = first.get_json()["response"][ids.PROGRESS_SHOWN]["data"]
    with counted_statements(app) as statements:
        response = update(client, progress_tick(shown))
    assert response.status_code == 200
    assert ids.PROGRESS_CONTENT not in response.get_json()["response"]  # nothing new
    assert len(statements) == 1, statements  # the session: the version comes from the memo
    app.extensions[MEMO_KEY].max_age_s = 0  # the memo has run out: the version is read
    with counted_statements(app) as statements:
        response = update(client, progress_tick(shown))
    assert len(statements) == 2, statements  # the session, then the data version
    bump_version(url)
    with counted_statements(app) as statements:
        response = update(client, progress_tick(shown))
    assert ids.PROGRESS_CONTENT in response.get_json()["response"]
    # Session, version, editions, the tallies' and the progress's few reads (every total
    # in two statements: per innovation, per juror; the jurors' on a connection of their
    # own, beside the rest, with the edition and its stages read again there), each small
    # stage's heat map and the overview: a fixed number (no query per innovation or per
    # juror), and never a read of the million score rows: sheets come summed.
    assert len(statements) <= 30, statements
    for key in ("innovation_id", "juror_id"):
        grouped = f"GROUP BY score_sheets.stage_id, score_sheets.{key}"
        assert sum(grouped in s for s in statements) == 1, key
    assert not [s for s in statements if "FROM scores" in s], statements


def test_a_refresh_told_of_a_newer_version_reads_it_at_once(site):
    """The tick or news stream that told the page may be another worker's: the refresh
    reads the version again instead of finding the page up to date from its own memo."""
    make, url = site
    app = make(version_cache_ms=60_000)
    client = client_as(app, "viewer")
    first = update(client, progress_tick(None))
    shown = first.get_json()["response"][ids.PROGRESS_SHOWN]["data"]
    bump_version(url)
    moved = database_version(url)
    assert moved > shown["version"]
    stale = update(client, progress_tick(shown, n=shown["version"]))
    assert ids.PROGRESS_CONTENT not in stale.get_json()["response"]  # the memo's minute
    told = update(client, progress_tick(shown, n=moved)).get_json()["response"]
    assert ids.PROGRESS_CONTENT in told
    assert told[ids.PROGRESS_SHOWN]["data"]["version"] == moved


def _tick_headers(response) -> dict[str, str]:
    return {k.lower(): v for k, v in response.headers.items() if k.lower() not in {"date"}}


def test_fast_answers_match_flasks_answer_and_never_set_a_cookie(site):
    make, _url = site
    app = make(version_cache_ms=60_000)
    client = client_as(app, "viewer")
    full = client.get(VERSION_PATH)  # through Flask: reads the version, learns the headers
    fast = client.get(VERSION_PATH)  # from memory
    assert fast.get_data() == full.get_data()
    assert _tick_headers(fast) == _tick_headers(full)
    for response in (full, fast):
        assert "set-cookie" not in _tick_headers(response)
        headers = _tick_headers(response)
        assert headers["cache-control"] == "no-store"
        assert headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "access-control-allow-origin" not in headers


def test_fast_path_refuses_forged_and_foreign_cookies(site):
    make, _url = site
    app = make(version_cache_ms=60_000)
    viewer = client_as(app, "viewer")
    assert viewer.get(VERSION_PATH).status_code == 200  # the memo and headers are warm
    cookie = viewer.get_cookie("kipp_session").value
    payload, _, signature = cookie.rpartition(".")
    forged = f"{payload}.{'A' * len(signature)}"
    other = app.test_client()
    other.set_cookie("kipp_session", forged)
    assert other.get(VERSION_PATH).status_code == 401
    # A cookie signed with another deployment's key is refused too.
    stranger = make(version_cache_ms=60_000, secret_key="another-deployment")
    stranger_client = client_as(stranger, "viewer")
    assert stranger_client.get(VERSION_PATH).status_code == 200
    foreign = app.test_client()
    foreign.set_cookie("kipp_session", stranger_client.get_cookie("kipp_session").value)
    assert foreign.get(VERSION_PATH).status_code == 401


def test_fast_path_refuses_a_kiosk_session_and_other_methods(site):
    make, _url = site
    app = make(version_cache_ms=60_000)
    viewer = client_as(app, "viewer")
    assert viewer.get(VERSION_PATH).status_code == 200
    assert viewer.post(VERSION_PATH).status_code == 405
    screen = app.test_client()
    assert screen.get(app.kiosk_path).status_code == 200  # signed in as a ceremony screen
    assert screen.get(VERSION_PATH).status_code == 401
    assert viewer.get(f"{VERSION_PATH}?lang=en").get_json()["badge"].startswith("Updated at")
    assert viewer.get(f"{VERSION_PATH}?xlang=en").get_json()["badge"].startswith("Diperbarui")


# ---------------------------------------------------------------- ended sessions
# The "within about a second", with room for a busy 2-core machine.
REFUSED_WITHIN_S = 3.0


def wait_for(condition: Callable[[], bool], timeout_s: float = 10.0) -> float | None:
    """Ask condition() until it holds; return when it did (monotonic), or None at timeout_s."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return time.monotonic()
        threading.Event().wait(0.02)
    return None


@pytest.fixture
def accounts_site(db_url, tmp_path):
    """The app with its default memo ages and one account per role (SQLite, PostgreSQL)."""
    engine = make_engine(db_url)
    add_accounts(engine)
    engine.dispose()
    app = create_app(Settings(database_url=db_url, secret_key="t", instance_dir=str(tmp_path)))
    yield app, db_url
    app.extensions[EXTENSION_KEY].dispose()


def copy_of(app, client):
    """Return another browser holding a copy of the client's session cookie."""
    thief = app.test_client()
    thief.set_cookie("kipp_session", client.get_cookie("kipp_session").value)
    return thief


def logout(client) -> None:
    """Log out through the form, as the navbar's button does."""
    with client.session_transaction() as session:
        token = session["csrf"]
    assert client.post("/logout", data={"csrf": token}).status_code == 302


class Ticks:
    """Live sessions that must keep getting versions while others end."""

    def __init__(self, *clients) -> None:
        self.clients = clients
        self.statuses: list[int] = []

    def tick(self) -> None:
        """Tick once with each live session: each must get a version."""
        for client in self.clients:
            response = client.get(VERSION_PATH)
            self.statuses.append(response.status_code)
            assert isinstance(response.get_json().get("version"), int), response.get_json()

    def refused(self, client) -> Callable[[], bool]:
        """Return a condition: the client's tick is refused (the live ones ticking between)."""

        def condition() -> bool:
            self.tick()
            return client.get(VERSION_PATH).status_code == 401

        return condition


def test_an_ended_session_gets_no_version_within_a_second(accounts_site):
    app, url = accounts_site
    owner, bupati = client_as(app, "admin"), client_as(app, "bupati")
    copied = copy_of(app, owner)  # the cookie as it was before logout
    viewer = client_as(app, "viewer")
    live = Ticks(bupati)
    for client in (owner, copied, viewer, bupati):
        for _ in range(2):  # through Flask, then from memory
            assert client.get(VERSION_PATH).status_code == 200

    logout(owner)
    ended = time.monotonic()
    refused = wait_for(live.refused(copied))
    assert refused is not None and refused - ended < REFUSED_WITHIN_S
    assert [copied.get(VERSION_PATH).status_code for _ in range(5)] == [401] * 5

    ok(cli(url, "users", "remove", "tamu"))
    ended = time.monotonic()
    refused = wait_for(live.refused(viewer))
    assert refused is not None and refused - ended < REFUSED_WITHIN_S
    assert viewer.get(VERSION_PATH).get_json() == {}
    assert live.statuses and set(live.statuses) == {200}


def test_an_ended_session_is_refused_from_memory(accounts_site):
    """Refusing an ended cookie costs no query either: a copied cookie cannot load the DB."""
    app, _url = accounts_site
    owner = client_as(app, "viewer")
    copied = copy_of(app, owner)
    logout(owner)
    app.extensions[SESSIONS_KEY].max_age_s = 0
    assert copied.get(VERSION_PATH).status_code == 401  # reads the live sessions once
    app.extensions[SESSIONS_KEY].max_age_s = 60
    with counted_statements(app) as statements:
        answers = [copied.get(VERSION_PATH).status_code for _ in range(20)]
    assert answers == [401] * 20
    assert statements == []
