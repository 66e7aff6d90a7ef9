"""A ceremony screen's state poll answers "try again" while PostgreSQL is stuck, in time.

kiosk.js gives up on a poll after 4 s; the app's statement timeout is the refresh
interval (10 s by default, 60 s here). With `data_version` locked by another connection, the poll
must come back with 503 while the lock is still held, not hang until it is released.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from app import create_app
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine, transaction
from data_access.kiosks import create_token, kiosk_url
from data_access.settings import Settings
from tests.seed import add_edition

pytestmark = pytest.mark.postgres
HOLD_AT_MOST_S = 30


def test_the_state_poll_gives_up_while_the_lock_is_still_held(pg_url, tmp_path):
    engine = make_engine(pg_url)
    with transaction(engine) as session:
        add_edition(session, "kudus-2022")
        token = create_token(session, "TV Pendopo")
    # A long refresh interval: the app-wide statement timeout (= the interval) stays out of it.
    # And no version memo: the poll after the lock must read the locked table.
    settings = Settings(
        database_url=pg_url,
        secret_key="t",
        instance_dir=str(tmp_path),
        refresh_interval_s=60,
        version_cache_ms=0,
    )
    server = create_app(settings)
    screen = server.test_client()
    assert screen.get(kiosk_url(token)).status_code == 200
    assert screen.get("/kiosk/api/state").status_code == 200

    locked, release = threading.Event(), threading.Event()
    held: dict[str, bool] = {}

    def hold() -> None:
        with engine.connect() as connection, connection.begin():
            connection.execute(text("LOCK TABLE data_version IN ACCESS EXCLUSIVE MODE"))
            locked.set()
            release.wait(HOLD_AT_MOST_S)
            held["until_answered"] = release.is_set()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(10)
        answer = screen.get("/kiosk/api/state")
        release.set()  # only now: the answer came while the lock was held
    finally:
        release.set()
        holder.join()
    assert answer.status_code == 503
    assert answer.get_json() == {"error": "database"}
    assert held["until_answered"], "the poll waited for the lock to be released"
    assert screen.get("/kiosk/api/state").status_code == 200
    server.extensions[EXTENSION_KEY].dispose()
    engine.dispose()
