"""Login sessions live on the server: logout, a removed user or a changed role end them.

A session cookie carries a random token; the database keeps its SHA-256 in user_sessions.
A cookie copied before logout (or before the user was removed, or their role changed) is
refused afterwards: pages send it to /login and every callback answers 204. The user's
other sessions carry on. SQLite hands a removed user's id to the next user added: a stale
cookie must never open the new account, even when the user was deleted by hand.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from alembic import command
from dash import Dash
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, inspect, select, text, update

from app import create_app, dash_apps
from dashboard import ids
from dashboard.poll import SESSION_CHECK_S, VERSION_PATH
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine, transaction
from data_access.kiosks import create_token, kiosk_url
from data_access.migrate import alembic_config, upgrade
from data_access.models import User, UserSession, utcnow
from data_access.settings import Settings
from data_access.users import (
    SESSION_LIFETIME,
    add_user,
    remove_user,
    session_token_hash,
)
from tests.cli_run import cli, ok
from tests.serving import Gunicorn
from tests.web import (
    PASSWORD,
    PROGRESS_KEY,
    add_accounts,
    callback_body,
    csrf_from,
    http_login,
    login,
)
from tests.web import update as post_callback


@pytest.fixture
def db_url(sqlite_url) -> str:
    """SQLite only: sessions are route logic on one small table."""
    return sqlite_url


# The progress page's content: a callback every role may run, so 200 against 204 tells
# a live session from an ended one.
PROGRESS_VALUES = {(ids.PROGRESS_URL, "search"): "", (ids.PROGRESS_INTERVAL, "n_intervals"): 1}
COOKIE = "kipp_session"
# The "within about a second", with room for a busy 2-core machine; and how many
# refusals in a row show that both gunicorn workers refuse.
REFUSED_WITHIN_S = 3.0
REFUSALS = 12


@dataclass
class Site:
    """The app on a fresh database with one account per role, and an engine on it."""

    app: Dash
    engine: Engine
    url: str

    def browser(self) -> FlaskClient:
        """Return a fresh test client (a browser with no cookie yet)."""
        return self.app.server.test_client()

    def logged_in(self, username: str) -> FlaskClient:
        """Return a browser logged in as the user through the form."""
        client = self.browser()
        assert login(client, username).status_code == 302
        return client

    def copy_of(self, client: FlaskClient) -> FlaskClient:
        """Return another browser holding a copy of the client's session cookie."""
        thief = self.browser()
        thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
        return thief

    def is_in(self, client: FlaskClient) -> bool:
        """Return True when the browser's session opens a page and runs a callback."""
        page = client.get("/")
        body = callback_body(PROGRESS_KEY, self.app.callback_map[PROGRESS_KEY], PROGRESS_VALUES)
        answer = post_callback(client, body)
        if page.status_code == 302:
            assert page.headers["Location"].startswith("/login")
            # 204 from the role check, or 401 from the body gate once the cookie is gone.
            assert answer.status_code in (204, 401), "a page refused, but the callback answered"
            return False
        assert (page.status_code, answer.status_code) == (200, 200)
        return True

    def sessions_of(self, username: str) -> int:
        """Return how many server-side sessions the user has."""
        with self.engine.connect() as conn:
            return conn.execute(
                select(func.count())
                .select_from(UserSession)
                .join(User, User.id == UserSession.user_id)
                .where(User.username == username)
            ).scalar_one()


def _site(url: str, tmp_path: Path) -> Iterator[Site]:
    engine = make_engine(url)
    add_accounts(engine)
    server = create_app(
        Settings(database_url=url, secret_key="test-sessions", instance_dir=str(tmp_path))
    )
    yield Site(dash_apps(server).dashboard, engine, url)
    server.extensions[EXTENSION_KEY].dispose()
    engine.dispose()


@pytest.fixture
def site(db_url, tmp_path) -> Iterator[Site]:
    """The app with accounts, on SQLite and on PostgreSQL."""
    yield from _site(db_url, tmp_path)


@pytest.fixture
def sqlite_site(sqlite_url, tmp_path) -> Iterator[Site]:
    """The app with accounts, on SQLite only (for what only SQLite can get wrong)."""
    yield from _site(sqlite_url, tmp_path)


def _logout(client: FlaskClient) -> None:
    with client.session_transaction() as session:
        token = session["csrf"]
    response = client.post("/logout", data={"csrf": token})
    assert response.status_code == 302 and response.headers["Location"] == "/login"


# ---------------------------------------------------------------- logout
def test_a_cookie_copied_before_logout_is_refused_after_it(site):
    owner = site.logged_in("panitia")
    thief = site.copy_of(owner)
    assert site.is_in(thief), "the copy works while the session lives"
    _logout(owner)
    assert not site.is_in(thief)
    assert not site.is_in(owner)
    assert site.sessions_of("panitia") == 0
    # Logging in again starts a new session; the old copy stays refused.
    assert site.is_in(site.logged_in("panitia"))
    assert not site.is_in(thief)


def test_logout_leaves_the_users_other_sessions_alone(sqlite_site):
    laptop, phone = sqlite_site.logged_in("panitia"), sqlite_site.logged_in("panitia")
    other_user = sqlite_site.logged_in("tamu")
    copy_of_laptop = sqlite_site.copy_of(laptop)
    assert sqlite_site.sessions_of("panitia") == 2
    _logout(laptop)
    assert sqlite_site.is_in(phone)
    assert sqlite_site.is_in(other_user)
    assert not sqlite_site.is_in(copy_of_laptop)
    assert sqlite_site.sessions_of("panitia") == 1


def test_logging_in_again_in_a_browser_ends_its_previous_session(sqlite_site):
    browser = sqlite_site.logged_in("tamu")
    before = sqlite_site.copy_of(browser)
    assert login(browser, "tamu").status_code == 302
    assert sqlite_site.is_in(browser)
    assert not sqlite_site.is_in(before)
    assert sqlite_site.sessions_of("tamu") == 1


def test_logout_with_the_database_away_still_clears_the_cookie(sqlite_site):
    browser = sqlite_site.logged_in("tamu")
    Path(sqlite_site.url.removeprefix("sqlite:///")).unlink()
    sqlite_site.app.server.extensions[EXTENSION_KEY].dispose()
    _logout(browser)
    with browser.session_transaction() as session:
        assert "uid" not in session and "sid" not in session


# ---------------------------------------------------------------- removed users, changed roles
def test_removing_the_user_ends_their_sessions_even_when_a_new_user_gets_the_id(site):
    # bupati is the last account added: on SQLite the next user gets its id again.
    owner = site.logged_in("bupati")
    thief = site.copy_of(owner)
    with transaction(site.engine) as session:
        old_id = session.execute(select(User.id).where(User.username == "bupati")).scalar_one()
        remove_user(session, "bupati")
    assert not site.is_in(owner) and not site.is_in(thief)
    with site.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(UserSession)).scalar_one() == 0
    with transaction(site.engine) as session:
        new = add_user(session, "bupati", PASSWORD, "bupati")
    if site.engine.dialect.name == "sqlite":
        assert new.id == old_id, "SQLite reuses the id: the case this test is about"
    assert not site.is_in(owner) and not site.is_in(thief)
    assert site.is_in(site.logged_in("bupati"))


def test_a_user_deleted_by_hand_on_sqlite_leaves_no_session_to_the_next_user(sqlite_site):
    """The sqlite3 shell does not enforce ON DELETE CASCADE; the stale cookie stays dead."""
    owner = sqlite_site.logged_in("bupati")
    sqlite_site.app.server.extensions[EXTENSION_KEY].dispose()
    sqlite_site.engine.dispose()
    path = sqlite_site.url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as raw:  # foreign keys off, as in the sqlite3 shell
        assert raw.execute("PRAGMA foreign_keys").fetchone() == (0,)
        old_id = raw.execute("SELECT id FROM users WHERE username = 'bupati'").fetchone()[0]
        raw.execute("DELETE FROM users WHERE username = 'bupati'")
        assert raw.execute("SELECT COUNT(*) FROM user_sessions").fetchone() == (0,)
    raw.close()
    with transaction(sqlite_site.engine) as session:
        assert add_user(session, "orang-baru", PASSWORD, "bupati").id == old_id
    assert not sqlite_site.is_in(owner)


def test_a_changed_role_ends_the_sessions_even_when_changed_back(site):
    admin, viewer = site.logged_in("panitia"), site.logged_in("tamu")
    thief = site.copy_of(admin)
    with transaction(site.engine) as session:
        session.execute(update(User).where(User.username == "panitia").values(role="viewer"))
    assert site.sessions_of("panitia") == 0
    with transaction(site.engine) as session:
        session.execute(update(User).where(User.username == "panitia").values(role="admin"))
    assert not site.is_in(admin) and not site.is_in(thief)
    assert site.is_in(viewer), "another user's session is untouched"
    # Writing the same role again is no change: the sessions stay.
    fresh = site.logged_in("panitia")
    with transaction(site.engine) as session:
        session.execute(update(User).where(User.username == "panitia").values(role="admin"))
    assert site.is_in(fresh)


# ---------------------------------------------------------------- what is stored, expiry
def test_the_database_keeps_only_the_hash_of_the_session_token(sqlite_site):
    browser = sqlite_site.logged_in("tamu")
    with browser.session_transaction() as session:
        token = session["sid"]
    assert len(token) >= 43  # 32 random bytes
    with sqlite_site.engine.connect() as conn:
        stored = conn.execute(select(UserSession.token_hash)).scalars().all()
        dumped = str(conn.execute(text("SELECT * FROM user_sessions")).all())
    assert stored == [session_token_hash(token)]
    assert token not in dumped


def test_an_expired_session_is_refused_and_a_used_one_slides_on(site):
    browser = site.logged_in("tamu")
    now = utcnow()
    # Last seen ten minutes ago, a minute left: a request moves the expiry a lifetime on.
    with transaction(site.engine) as session:
        session.execute(
            update(UserSession).values(
                last_seen_at=now - timedelta(minutes=10), expires_at=now + timedelta(minutes=1)
            )
        )
    assert site.is_in(browser)
    with site.engine.connect() as conn:
        expires, seen = conn.execute(select(UserSession.expires_at, UserSession.last_seen_at)).one()
    assert expires >= now + SESSION_LIFETIME - timedelta(minutes=1)
    assert seen >= now - timedelta(minutes=1)
    # Run out: refused, and the next login clears the dead row away.
    with transaction(site.engine) as session:
        session.execute(update(UserSession).values(expires_at=now - timedelta(seconds=1)))
    assert not site.is_in(browser)
    assert site.sessions_of("tamu") == 1
    site.logged_in("panitia")
    assert site.sessions_of("tamu") == 0


def test_opening_a_kiosk_token_leaves_the_users_session_alone(site):
    with transaction(site.engine) as session:
        token = create_token(session, "TV Pendopo")
    browser = site.logged_in("panitia")
    copy = site.copy_of(browser)
    assert browser.get(kiosk_url(token)).status_code == 409  # the page saying why not
    assert site.is_in(browser) and site.is_in(copy)
    assert site.sessions_of("panitia") == 1
    # Once logged out, the same link makes the browser a screen.
    _logout(browser)
    assert browser.get(kiosk_url(token)).status_code == 200
    with browser.session_transaction() as session:
        assert session["role"] == "kiosk" and "uid" not in session


# ---------------------------------------------------------------- the tick, through gunicorn
def _http_copy(browser: requests.Session) -> requests.Session:
    thief = requests.Session()
    thief.cookies.set(COOKIE, browser.cookies[COOKIE])
    return thief


def _tick(browser: requests.Session, url: str) -> requests.Response:
    """Ask for the version on a new connection: gunicorn's workers take turns at random."""
    return browser.get(f"{url}{VERSION_PATH}", headers={"Connection": "close"}, timeout=10)


def _refused_everywhere(url: str, ended: requests.Session, live: requests.Session) -> float:
    """Tick until REFUSALS answers in a row are 401 (every worker refuses); return how long.

    gunicorn's workers take connections at random but not evenly (the one awake wins
    more often): the refusals in a row count only once every worker's memo of the
    sessions has run out since the session ended (SESSION_CHECK_S), so a worker that
    has not been asked yet cannot hold an older one. The live session ticks in between:
    every one of its ticks must get a version.
    """
    started = time.monotonic()
    deadline, in_a_row = started + 15, 0
    while time.monotonic() < deadline:
        in_a_row = in_a_row + 1 if _tick(ended, url).status_code == 401 else 0
        if in_a_row >= REFUSALS and time.monotonic() - started > SESSION_CHECK_S:
            return time.monotonic() - started
        answer = _tick(live, url)
        assert answer.status_code == 200 and isinstance(answer.json()["version"], int)
    raise AssertionError("the ended session still gets versions after 15 s")


def test_gunicorn_refuses_an_ended_session_on_every_worker_within_a_second(db_url, tmp_path):
    """The tick's fast path is a WSGI layer: served by gunicorn's two workers as in production."""
    engine = make_engine(db_url)
    add_accounts(engine)
    engine.dispose()
    server = Gunicorn(db_url, tmp_path)
    server.start()
    try:
        url = server.url
        admin, viewer, bupati = (http_login(url, name) for name in ("panitia", "tamu", "bupati"))
        copied = _http_copy(admin)
        for browser in (admin, copied, viewer, bupati):
            for _ in range(4):  # both workers read the memos and then answer from them
                assert _tick(browser, url).status_code == 200
        form = csrf_from(admin.get(f"{url}/impor", timeout=10).text)
        assert admin.post(f"{url}/logout", data={"csrf": form}, timeout=10).status_code == 200
        assert _refused_everywhere(url, copied, bupati) < REFUSED_WITHIN_S
        ok(cli(db_url, "users", "remove", "tamu"))
        assert _refused_everywhere(url, viewer, bupati) < REFUSED_WITHIN_S
        assert _tick(viewer, url).json() == {}
    finally:
        server.stop()


# ---------------------------------------------------------------- the migration
def _triggers(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            sql = (
                "SELECT tgname FROM pg_trigger "
                "WHERE tgrelid = 'users'::regclass AND NOT tgisinternal"  # not the FK's own
            )
        else:
            sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'users'"
        return set(conn.execute(text(sql)).scalars())


def test_migration_0004_goes_down_and_up_again(site):
    site.logged_in("tamu")
    config = alembic_config()
    with site.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    tables = set(inspect(site.engine).get_table_names())
    assert not {"user_sessions", "login_failures"} & tables
    assert _triggers(site.engine) == set()
    upgrade(site.engine)
    expected = {"users_role_ends_sessions"}
    if site.engine.dialect.name == "sqlite":
        expected.add("users_delete_ends_sessions")
    assert _triggers(site.engine) == expected
    # The accounts survived both ways, and the trigger works again.
    admin = site.logged_in("panitia")
    with transaction(site.engine) as session:
        session.execute(update(User).where(User.username == "panitia").values(role="viewer"))
    assert site.sessions_of("panitia") == 0
    assert not site.is_in(admin)


@pytest.mark.parametrize(
    "any_app", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_a_requests_session_check_is_one_read_outside_a_transaction(any_app, any_login):
    """No BEGIN and no COMMIT around it: one round trip on every request, not three."""
    from sqlalchemy import event

    from tests.sheets_web import engine_of

    viewer = any_login("viewer")
    engine = engine_of(any_app)
    checks: list[bool] = []

    def record(_conn, cursor, statement, *_args) -> None:
        if "user_sessions" in statement and statement.lstrip().upper().startswith("SELECT"):
            checks.append(cursor.connection.autocommit)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert viewer.get("/jadwal").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert checks == [True]
