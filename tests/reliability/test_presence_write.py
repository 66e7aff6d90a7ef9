"""A screen's presence write steps aside for another writer's lock (SQLite and PostgreSQL).

`kiosks.record_seen` runs on every ceremony screen's poll. While another connection holds
the lock it needs (SQLite: any writer; PostgreSQL: the screen's row), it must give up
within PRESENCE_LOCK_WAIT_MS rather than hold the poll, leave the connection's usual
lock wait as it was, and succeed again once the lock is gone.
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy import exc, text, update
from sqlalchemy.orm import Session

from data_access.db import SQLITE_BUSY_TIMEOUT_MS, transaction
from data_access.kiosks import PRESENCE_LOCK_WAIT_MS, create_token, record_seen, screen_for_token
from data_access.models import KioskScreen

SLACK_S = 1.0  # scheduling on a busy test machine


def test_presence_gives_up_quickly_while_another_writer_holds_the_lock(engine):
    with transaction(engine) as session:
        token = create_token(session, "TV Pendopo")
    with transaction(engine) as session:
        screen = screen_for_token(session, token)
    sqlite = engine.dialect.name == "sqlite"

    with engine.connect() as other:
        # Another writer: an import's transaction, or the control page renaming the screen.
        if sqlite:
            other.exec_driver_sql("BEGIN IMMEDIATE")
        other.execute(update(KioskScreen).where(KioskScreen.id == screen.id).values(shown="x"))
        with Session(engine) as session:
            if not sqlite:
                # A safety net, so a presence write that waits for ever fails here instead.
                session.execute(text("SET LOCAL statement_timeout = 5000"))
            started = time.monotonic()
            with pytest.raises(exc.OperationalError):
                record_seen(session, screen.id, shown="progress", edition_code=None)
            waited = time.monotonic() - started
            session.rollback()
            if sqlite:
                # The connection's own wait is back for everything else it does.
                busy = session.execute(text("PRAGMA busy_timeout")).scalar_one()
                assert busy == SQLITE_BUSY_TIMEOUT_MS
        other.rollback()
    # It did wait for the lock a little (not a failure of its own), but not for long.
    assert PRESENCE_LOCK_WAIT_MS / 1000 - 0.02 <= waited < PRESENCE_LOCK_WAIT_MS / 1000 + SLACK_S

    with transaction(engine) as session:
        record_seen(session, screen.id, shown="progress", edition_code=None)
    with transaction(engine) as session:
        assert screen_for_token(session, token).shown == "progress"
