"""An SQLite writer holds the write lock for 10 s while pages and a ceremony screen poll.

The production gunicorn serves an SQLite file. Another process's connection (here a
thread with its own sqlite3 connection, as an import or a `sqlite3` shell would be)
takes the write lock with BEGIN IMMEDIATE, changes a score and keeps the lock for 10 s.
Meanwhile two logged-in dashboards call the progress page's refresh callback and a
display-token session polls /kiosk/api/state, each every 0.5 s. Every answer must come
back promptly and whole (WAL readers never wait for a writer); the writes on the polling
path (the screen's presence, a login session's sliding expiry) must step aside instead
of waiting for the lock and be written after it; nobody may read "database is locked";
the writer's commit must succeed, and the new version must be served after it.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from dashboard import ids
from data_access.db import make_engine, transaction
from data_access.kiosks import create_token, kiosk_url
from data_access.models import KioskScreen, UserSession, utcnow
from data_access.settings import Settings
from data_access.users import SESSION_TOUCH_EVERY
from tests.serving import Gunicorn
from tests.web import PASSWORD, ROLE_USER, add_accounts, progress_tick

LOCK_S = 10.0
MEMO_S = Settings().version_cache_ms / 1000  # how stale a worker's version may be
POLL_S = 0.5
# The longest a poll may take while the lock is held: the pages' shortest refresh interval
# (the kiosk gives up at 4 s). Typical is ~0.1 s; 2 s leaves room for a busy 2-core machine.
PROMPT_S = 2.0
LOCKED = re.compile(r"database is locked|database table is locked|SQLITE_BUSY", re.I)


@dataclass(frozen=True)
class Answer:
    """One poll: who asked, when (monotonic), how long it took, and what came back."""

    client: str
    started: float
    seconds: float
    status: int
    text: str
    version: int | None


@dataclass
class Hall:
    """The demo edition on an SQLite file, served by gunicorn, with a screen's path."""

    server: Gunicorn
    path: Path
    kiosk_path: str
    log: Path


@pytest.fixture(scope="module")
def hall(demo_template, tmp_path_factory) -> Iterator[Hall]:
    """Serve a copy of the demo (accounts and one display token) with gunicorn's log kept."""
    folder = tmp_path_factory.mktemp("sqlite-lock")
    path = folder / "kipp.sqlite3"
    shutil.copyfile(demo_template, path)
    engine = make_engine(f"sqlite:///{path}")
    add_accounts(engine)
    with transaction(engine) as session:
        kiosk_path = kiosk_url(create_token(session, "TV Pendopo"))
    engine.dispose()
    log = folder / "gunicorn.log"
    server = Gunicorn(f"sqlite:///{path}", folder, log=log)
    server.start()
    yield Hall(server, path, kiosk_path, log)
    server.stop()


def _logged_in(url: str, role: str) -> requests.Session:
    client = requests.Session()
    form = client.get(f"{url}/login", timeout=10).text
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    response = client.post(
        f"{url}/login",
        data={"username": ROLE_USER[role], "password": PASSWORD, "csrf": token},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    return client


class Poller(threading.Thread):
    """Ask one thing every POLL_S until stopped, keeping every answer."""

    def __init__(self, name: str, ask, stop: threading.Event) -> None:
        super().__init__(name=name, daemon=True)
        self.ask, self.stop, self.answers = ask, stop, []

    def run(self) -> None:
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                status, text, version = self.ask()
            except requests.RequestException as exc:  # a timeout counts as a failed poll
                status, text, version = 0, repr(exc), None
            seconds = time.monotonic() - started
            self.answers.append(Answer(self.name, started, seconds, status, text, version))
            self.stop.wait(max(0.0, POLL_S - seconds))


def dashboard_poller(url: str, role: str, stop: threading.Event, *, remember: bool) -> Poller:
    """Poll the progress refresh; `remember` sends back what was shown, as a browser does."""
    client = _logged_in(url, role)
    shown: dict = {"value": None}

    def ask():
        response = client.post(
            f"{url}/_dash-update-component",
            json=progress_tick(shown["value"] if remember else None),
            timeout=30,
        )
        version = None
        if response.status_code == 200:
            sent = response.json()["response"]
            if ids.PROGRESS_SHOWN in sent:
                shown["value"] = sent[ids.PROGRESS_SHOWN]["data"]
            version = shown["value"]["version"] if shown["value"] else None
        return response.status_code, response.text, version

    return Poller(f"dashboard-{role}", ask, stop)


def kiosk_poller(url: str, kiosk_path: str, stop: threading.Event) -> Poller:
    """Poll /kiosk/api/state with a display token, reporting a new slide every time."""
    client = requests.Session()
    assert client.get(url + kiosk_path, timeout=10).status_code == 200
    slides = ["progress", "participation", "finalists"]
    count = {"n": 0}

    def ask():
        count["n"] += 1
        # Another slide each poll: every poll asks the server to write the screen's presence.
        shown = slides[count["n"] % len(slides)]
        response = client.get(f"{url}/kiosk/api/state", params={"shown": shown}, timeout=30)
        version = None
        if response.status_code == 200:
            version = int(response.json()["v"].split("-")[0])
        return response.status_code, response.text, version

    return Poller("kiosk", ask, stop)


@dataclass
class Write:
    """What the lock holder did and when (monotonic)."""

    version_before: int = 0
    version_after: int = 0
    locked_at: float = 0.0
    commit_started: float = 0.0
    committed_at: float = 0.0
    committed_utc: datetime | None = None
    error: BaseException | None = None


def hold_the_lock(path: Path, write: Write) -> None:
    """BEGIN IMMEDIATE, change one score, keep the write lock LOCK_S, commit."""
    try:
        conn = sqlite3.connect(path, timeout=5, isolation_level=None)
        try:
            (write.version_before,) = conn.execute("SELECT version FROM data_version").fetchone()
            # Every login's expiry is due to slide at its next request, which then falls
            # inside the lock: another write on the refresh path that must not wait.
            aged = utcnow() - SESSION_TOUCH_EVERY - timedelta(minutes=1)
            conn.execute(
                "UPDATE user_sessions SET last_seen_at = ?",
                (aged.replace(tzinfo=None).isoformat(sep=" "),),
            )
            conn.execute("BEGIN IMMEDIATE")
            write.locked_at = time.monotonic()
            conn.execute(
                "UPDATE scores SET score_centi = CASE WHEN score_centi < 10000 "
                "THEN score_centi + 1 ELSE score_centi - 1 END "
                "WHERE id = (SELECT min(id) FROM scores)"
            )
            (write.version_after,) = conn.execute("SELECT version FROM data_version").fetchone()
            time.sleep(LOCK_S)
            write.commit_started = time.monotonic()
            conn.execute("COMMIT")
            write.committed_at = time.monotonic()
            write.committed_utc = datetime.now(UTC)
        finally:
            conn.close()
    except BaseException as exc:  # reported by the test, not lost in the thread
        write.error = exc


def test_sl01_a_writer_holding_the_lock_for_10_s_blocks_no_poll(hall):
    url = hall.server.url
    stop = threading.Event()
    pollers = [
        dashboard_poller(url, "admin", stop, remember=True),
        dashboard_poller(url, "viewer", stop, remember=False),
        kiosk_poller(url, hall.kiosk_path, stop),
    ]
    for poller in pollers:
        poller.start()
    time.sleep(1.5)  # every client is polling before the lock is taken
    write = Write()
    writer = threading.Thread(target=hold_the_lock, args=(hall.path, write))
    writer.start()
    writer.join(LOCK_S + 15)
    time.sleep(2.5)  # and goes on after the commit
    stop.set()
    for poller in pollers:
        poller.join(35)

    assert write.error is None, f"the writer failed: {write.error!r}"
    assert write.committed_at > write.locked_at > 0
    assert write.version_after > write.version_before
    answers = [a for poller in pollers for a in poller.answers]

    # Every answer whole and prompt, also while the lock was held.
    assert [a for a in answers if a.status not in (200, 204)] == []
    assert [a for a in answers if LOCKED.search(a.text)] == []
    slow = [(a.client, round(a.seconds, 2)) for a in answers if a.seconds > PROMPT_S]
    assert slow == [], f"polls waited for the writer: {slow}"
    log = hall.log.read_text(errors="replace")
    assert not LOCKED.search(log), log[-3000:]
    assert "Traceback" not in log, log[-3000:]

    for poller in pollers:
        during = [
            a
            for a in poller.answers
            if a.started >= write.locked_at and a.started + a.seconds < write.commit_started
        ]
        # Each client kept its pace through the whole lock: about LOCK_S / POLL_S polls.
        assert len(during) >= 0.7 * LOCK_S / POLL_S, (poller.name, len(during))
        # The uncommitted change stays invisible until the commit...
        assert {a.version for a in during} == {write.version_before}, poller.name
        # ...and the first poll after it, once the worker's version memo (VERSION_CACHE_MS,
        # 1 s) has run out, serves the new version.
        after = [a for a in poller.answers if a.started > write.committed_at + MEMO_S]
        assert after and after[0].version == write.version_after, poller.name

    # The screen's presence and the logins' expiries were skipped while the lock was held,
    # and written after it.
    engine = make_engine(f"sqlite:///{hall.path}")
    try:
        with transaction(engine) as session:
            seen = session.execute(select(KioskScreen.last_seen_at)).scalar_one()
            logins = session.execute(select(UserSession.last_seen_at)).scalars().all()
    finally:
        engine.dispose()
    assert seen is not None and seen >= write.committed_utc.replace(microsecond=0)
    assert len(logins) == 2
    assert all(last >= write.committed_utc.replace(microsecond=0) for last in logins)
    timings = sorted(a.seconds for a in answers)
    print(
        f"{len(answers)} polls, median {timings[len(timings) // 2] * 1000:.0f} ms, "
        f"max {timings[-1] * 1000:.0f} ms"
    )
