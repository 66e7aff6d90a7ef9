"""Password guessing is slowed down: failed logins are counted in the database.

Ten failures for a name within 15 minutes, or thirty from one address, and the next
attempt from that address gets 429 with Retry-After and a bilingual page, whatever the
password. Successes are never counted; the real user logs in from another address; the
count is shared by every gunicorn worker, because it lives in the database.
"""

from __future__ import annotations

import http.client
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from app import create_app
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine, transaction
from data_access.login_limits import ADDRESS_LIMIT, NAME_LIMIT, WINDOW, client_key, record_failure
from data_access.models import LoginFailure
from data_access.settings import Settings
from tests.serving import Gunicorn
from tests.web import PASSWORD, add_accounts, login

WRONG = "bukan-sandinya-1"
HOME, NEAR, FAR = "192.0.2.10", "192.0.2.11", "198.51.100.7"


@dataclass
class Site:
    """The app with one account per role, and an engine on its database."""

    server: Flask
    engine: Engine

    def browser(self, address: str = HOME) -> FlaskClient:
        """Return a test client whose requests come from the address."""
        client = self.server.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        return client

    def failures(self, **where: str) -> int:
        """Return how many failures are stored, filtered by column values."""
        conditions = [getattr(LoginFailure, column) == value for column, value in where.items()]
        with self.engine.connect() as conn:
            query = select(func.count()).select_from(LoginFailure).where(*conditions)
            return conn.execute(query).scalar_one()

    def shift_failures(self, seconds: float) -> None:
        """Move every stored failure that many seconds into the past."""
        with transaction(self.engine) as session:
            for failure in session.scalars(select(LoginFailure)):
                failure.failed_at -= timedelta(seconds=seconds)

    def seed_failures(self, address: str, count: int, username: str | None = None) -> None:
        """Store failures as the login form does: for one name, or each for another name."""
        with transaction(self.engine) as session:
            for number in range(count):
                record_failure(session, username or f"nama-{number}", address)


def _site(url: str, tmp_path: Path) -> Iterator[Site]:
    engine = make_engine(url)
    add_accounts(engine)
    server = create_app(
        Settings(database_url=url, secret_key="test-limit", instance_dir=str(tmp_path))
    )
    yield Site(server, engine)
    server.extensions[EXTENSION_KEY].dispose()
    engine.dispose()


@pytest.fixture
def site(db_url, tmp_path) -> Iterator[Site]:
    """The app with accounts, on SQLite and on PostgreSQL."""
    yield from _site(db_url, tmp_path)


@pytest.fixture
def sqlite_site(sqlite_url, tmp_path) -> Iterator[Site]:
    """The app with accounts, on SQLite."""
    yield from _site(sqlite_url, tmp_path)


def _fail(client: FlaskClient, username: str, times: int) -> None:
    for _ in range(times):
        assert login(client, username, WRONG).status_code == 401


def _retry_after(response) -> int:
    assert response.status_code == 429
    value = response.headers["Retry-After"]
    assert value.isdigit(), value
    return int(value)


# ---------------------------------------------------------------- per name
def test_ten_failures_for_a_name_get_429_with_retry_after(site):
    site.seed_failures(HOME, NAME_LIMIT - 2, "panitia")
    browser = site.browser()
    _fail(browser, "panitia", 2)  # nine are not enough to refuse the tenth
    refused = login(browser, "panitia")  # the right password, too late
    wait = _retry_after(refused)
    assert 0 < wait <= WINDOW.total_seconds()
    page = refused.get_data(as_text=True)
    assert "Terlalu banyak percobaan" in page and "coba lagi setelah pukul" in page
    assert re.search(r"pukul \d\d\.\d\d WIB", page)
    with browser.session_transaction() as session:
        assert "uid" not in session and "sid" not in session
    assert browser.get("/").status_code == 302
    # A refused attempt is not counted again: the count stays at the limit.
    assert site.failures(username="panitia") == NAME_LIMIT
    # The page in English, with the same header.
    token = re.search(r'name="csrf" value="([^"]+)"', browser.get("/login").get_data(as_text=True))
    english = browser.post(
        "/login?lang=en", data={"username": "panitia", "password": PASSWORD, "csrf": token[1]}
    )
    assert _retry_after(english) <= wait
    text = english.get_data(as_text=True)
    assert '<html lang="en">' in text and "Too many attempts" in text
    assert re.search(r"after \d\d:\d\d WIB", text)


def test_retry_after_says_when_the_name_is_free_again(sqlite_site):
    sqlite_site.seed_failures(HOME, NAME_LIMIT - 1, "tamu")
    browser = sqlite_site.browser()
    _fail(browser, "tamu", 1)
    wait = _retry_after(login(browser, "tamu"))
    sqlite_site.shift_failures(wait - 5)
    assert _retry_after(login(browser, "tamu")) <= 5
    sqlite_site.shift_failures(5)
    assert login(browser, "tamu").status_code == 302


def test_the_real_user_logs_in_from_another_address(sqlite_site):
    sqlite_site.seed_failures(HOME, NAME_LIMIT, "panitia")
    assert login(sqlite_site.browser(HOME), "panitia").status_code == 429
    assert login(sqlite_site.browser(FAR), "panitia").status_code == 302
    # While the name is under attack, another address gets one guess, not ten.
    near = sqlite_site.browser(NEAR)
    _fail(near, "panitia", 1)
    assert login(near, "panitia").status_code == 429
    # Other names are not touched by a name's limit.
    assert login(sqlite_site.browser(HOME), "tamu").status_code == 302


def test_a_success_clears_its_names_failures_from_its_address(sqlite_site):
    browser = sqlite_site.browser()
    for _ in range(2):  # 2 x 9 failures would be over the limit if they added up
        sqlite_site.seed_failures(HOME, NAME_LIMIT - 1, "tamu")
        assert login(browser, "tamu").status_code == 302
        assert sqlite_site.failures(username="tamu") == 0


# ---------------------------------------------------------------- per address
def test_an_address_trying_many_names_is_refused_for_every_name(sqlite_site):
    sqlite_site.seed_failures(HOME, ADDRESS_LIMIT - 1)
    _fail(sqlite_site.browser(HOME), "bupati", 1)
    for name in ("tamu", "panitia", "bupati"):
        response = login(sqlite_site.browser(HOME), name)
        assert 0 < _retry_after(response) <= WINDOW.total_seconds()
    assert login(sqlite_site.browser(FAR), "tamu").status_code == 302


def test_successful_logins_are_never_counted(sqlite_site):
    sqlite_site.seed_failures(HOME, ADDRESS_LIMIT - 1)
    for name in ("tamu", "panitia", "tamu"):  # one counted would refuse the next
        assert login(sqlite_site.browser(HOME), name).status_code == 302
    assert sqlite_site.failures(address=HOME) == ADDRESS_LIMIT - 1


def test_old_failures_are_forgotten(sqlite_site):
    sqlite_site.seed_failures(FAR, 5)
    sqlite_site.shift_failures(WINDOW.total_seconds() + 1)
    _fail(sqlite_site.browser(), "tamu", 1)
    assert sqlite_site.failures() == 1


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        (None, "unknown"),
        ("", "unknown"),
        ("not-an-address" * 10, ("not-an-address" * 10)[:64]),
    ],
)
def test_client_key_counts_an_ipv6_client_by_its_network(address, key):
    assert client_key(address) == key


# ---------------------------------------------------------------- across gunicorn workers
@pytest.fixture
def two_workers(sqlite_url, tmp_path) -> Iterator[Gunicorn]:
    """The Procfile's gunicorn (2 workers), logging which process answered each request."""
    engine = make_engine(sqlite_url)
    add_accounts(engine)
    engine.dispose()
    server = Gunicorn(
        sqlite_url,
        tmp_path / "instance",
        env={
            "GUNICORN_CMD_ARGS": "--keep-alive 30 --access-logfile - "
            "--access-logformat 'served %(p)s %(s)s %(r)s'"
        },
        log=tmp_path / "gunicorn.log",
    )
    server.start()
    yield server
    server.stop()


def _worker_of(log: Path, request_line: str) -> str:
    """Return the pid of the worker that answered a (unique) request, from the access log."""
    pattern = re.compile(rf"^served <(\d+)> \d+ {re.escape(request_line)}$", re.M)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        found = pattern.search(log.read_text())
        if found:
            return found[1]
        time.sleep(0.05)
    raise AssertionError(f"{request_line!r} is not in the access log")


def _one_connection_per_worker(
    server: Gunicorn,
) -> tuple[list[http.client.HTTPConnection], str, str]:
    """Open kept-alive connections until two are served by different workers.

    Returns them, and the session cookie and CSRF token of the first login form. The
    second worker may still be importing the app when the first answers: keep trying.
    """
    by_worker: dict[str, http.client.HTTPConnection] = {}
    cookie = ""
    deadline = time.monotonic() + 60
    probe = 0
    while time.monotonic() < deadline:
        probe += 1
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        conn.request("GET", f"/login?probe={probe}", headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        page = response.read().decode()
        if not cookie:
            cookie = response.getheader("Set-Cookie").split(";", 1)[0]
            csrf = re.search(r'name="csrf" value="([^"]+)"', page)[1]
        pid = _worker_of(server.log, f"GET /login?probe={probe} HTTP/1.1")
        if pid in by_worker:
            conn.close()
            time.sleep(0.1)
        else:
            by_worker[pid] = conn
        if len(by_worker) == 2:
            return list(by_worker.values()), cookie, csrf
    raise AssertionError(f"{probe} connections in a minute, all answered by one worker")


def test_the_limit_holds_across_gunicorn_workers(two_workers):
    connections, cookie, csrf = _one_connection_per_worker(two_workers)

    def attempt(conn: http.client.HTTPConnection, password: str) -> int:
        form = f"username=panitia&password={password}&csrf={csrf}"
        headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        conn.request("POST", "/login", body=form, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status

    try:
        # Five failures on each worker: neither saw ten, only the database did.
        for number in range(NAME_LIMIT):
            assert attempt(connections[number % 2], WRONG) == 401
        assert attempt(connections[0], PASSWORD) == 429
        assert attempt(connections[1], PASSWORD) == 429
    finally:
        for conn in connections:
            conn.close()
    pids = re.findall(r"served <(\d+)> 401 POST /login ", two_workers.log.read_text())
    assert len(pids) == NAME_LIMIT and len(set(pids)) == 2
