"""A pooled PostgreSQL connection is pinged only after idling: dead ones never reach a request.

data_access.db replaces SQLAlchemy's ping-on-every-checkout (a round trip per request)
by a ping of connections idle for PING_IDLE_S or more.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from data_access import db

pytestmark = pytest.mark.postgres


def _pid(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _count_pings(engine, monkeypatch) -> list[int]:
    pings: list[int] = []
    real = engine.dialect.do_ping

    def counted(dbapi_connection):
        pings.append(1)
        return real(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return pings


def test_a_connection_in_use_a_moment_ago_is_not_pinged(pg_url, monkeypatch):
    engine = db.make_engine(pg_url, pool_size=1)
    try:
        pings = _count_pings(engine, monkeypatch)
        first = _pid(engine)  # a new connection: pinged once, then returned
        assert pings == [1]
        for _ in range(5):
            assert _pid(engine) == first
        assert pings == [1]  # reused at once: no round trip before each request
    finally:
        engine.dispose()


def test_a_dead_idle_connection_is_replaced_before_a_request_sees_it(pg_url, monkeypatch):
    monkeypatch.setattr(db, "PING_IDLE_S", 0.0)
    engine = db.make_engine(pg_url, pool_size=1)
    killer = db.make_engine(pg_url, pool_size=1)
    try:
        pings = _count_pings(engine, monkeypatch)
        dead = _pid(engine)
        with killer.connect() as conn:
            assert conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": dead}).scalar()
        replaced = []
        event.listen(engine, "connect", lambda *_args: replaced.append(1))
        assert _pid(engine) != dead  # no error: the ping found it dead, a new one served
        assert replaced == [1] and len(pings) >= 2
    finally:
        engine.dispose()
        killer.dispose()
