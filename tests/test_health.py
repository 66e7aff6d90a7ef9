"""GET /healthz: 200 while the database answers, 503 within a second or two when it does not."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from app import create_app
from dashboard.health import HEALTH_PATH
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine
from data_access.migrate import upgrade
from data_access.settings import Settings
from tests.web import client_as

# The "within a second" for the check, with room for a busy 2-core machine: the
# point is that a dead database gets an answer, never a hanging request.
ANSWERED_WITHIN_S = 3.0


def make_client(url: str, folder: Path) -> tuple[FlaskClient, Callable[[], None]]:
    """Return an anonymous client of an app on the database, and what closes the app."""
    server = create_app(Settings(database_url=url, secret_key="t", instance_dir=str(folder)))
    return server.test_client(), server.extensions[EXTENSION_KEY].dispose


def ask(client: FlaskClient) -> tuple[int, dict, float]:
    """GET /healthz: (status, JSON body, seconds it took)."""
    started = time.monotonic()
    response = client.get(HEALTH_PATH)
    return response.status_code, response.get_json(), time.monotonic() - started


def wait_for_status(client: FlaskClient, status: int, timeout_s: float = 30) -> None:
    """Ask until /healthz answers the status (a database coming back)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if client.get(HEALTH_PATH).status_code == status:
            return
        threading.Event().wait(0.1)
    raise AssertionError(f"/healthz never answered {status}")


def test_ok_without_login_and_nothing_else(db_url, tmp_path):
    client, close = make_client(db_url, tmp_path)
    try:
        response = client.get(HEALTH_PATH)
        assert response.status_code == 200
        assert response.get_json() == {"status": "ok"}
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Content-Type"] == "application/json"
        assert "Set-Cookie" not in response.headers  # no session started for a probe
        head = client.head(HEALTH_PATH)
        assert head.status_code == 200 and head.get_data() == b""
        # A signed-in viewer gets the very same answer: no version, no data for anyone.
        viewer = client_as(client.application, None)
        assert viewer.get(HEALTH_PATH).get_data() == response.get_data()
    finally:
        close()


@pytest.mark.postgres
def test_503_within_seconds_while_postgresql_is_stopped(pg_cluster, tmp_path):
    url = make_url(pg_cluster.url).render_as_string(hide_password=False)
    client, close = make_client(url, tmp_path)
    try:
        assert ask(client)[:2] == (200, {"status": "ok"})
        pg_cluster.stop()
        for _ in range(3):
            status, body, seconds = ask(client)
            assert (status, body) == (503, {"status": "unavailable"})
            assert seconds < ANSWERED_WITHIN_S
        pg_cluster.start()
        wait_for_status(client, 200)
    finally:
        close()


def _lock_exclusively(path: Path) -> sqlite3.Connection:
    """Take SQLite's exclusive lock as another process could, and keep it (no WAL reads)."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE data_version SET version = version + 1 WHERE id = 1")
    return holder


def test_503_within_seconds_while_another_process_locks_the_sqlite_file(sqlite_url, tmp_path):
    path = Path(make_url(sqlite_url).database)
    holder = _lock_exclusively(path)  # before the app's first connection, as at a restart
    client, close = make_client(sqlite_url, tmp_path)
    try:
        # The app's connection set-up alone would wait SQLite's 10 s busy timeout.
        for _ in range(3):
            status, body, seconds = ask(client)
            assert (status, body) == (503, {"status": "unavailable"})
            assert seconds < ANSWERED_WITHIN_S
        holder.execute("ROLLBACK")
        holder.close()
        wait_for_status(client, 200)
    finally:
        close()


def test_503_when_the_sqlite_file_is_not_a_database(tmp_path):
    path = tmp_path / "kipp.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    client, close = make_client(f"sqlite:///{path}", tmp_path)
    try:
        assert ask(client)[0] == 200
        close()  # the pooled connections go: the next check opens the file again
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.write_bytes(b"not a database " * 512)
        status, body, seconds = ask(client)
        assert (status, body) == (503, {"status": "unavailable"})
        assert seconds < ANSWERED_WITHIN_S
    finally:
        close()
