"""Engine and session factory: one engine per process, SQLite or PostgreSQL by URL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session

# How long a writer waits for another writer's lock (an import, the CLI, a juror's save)
# before SQLite answers "database is locked". Readers never wait: WAL lets them read the
# last committed data while a writer holds the lock.
SQLITE_BUSY_TIMEOUT_MS = 10_000
# A pooled PostgreSQL connection returned less than this long ago is reused without a
# ping; one idle for longer is pinged first (see _ping_if_idle).
PING_IDLE_S = 2.0
_RETURNED_AT = "kipp_returned_at"


def normalize_url(url: str) -> str:
    """Return the URL with PostgreSQL routed through psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _on_sqlite_connect(dbapi_connection, _record) -> None:
    # WAL lets the dashboard read while an import or a juror writes; busy_timeout
    # makes a writer wait for a lock instead of failing with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # The sorts of a refresh's GROUP BY (a national edition's 130k sheets) in memory, not
    # in a temporary file: about 5% of the totals statement (bench/refresh.py).
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def _statement_timeout(ms: int):
    # A SET after connecting rather than a startup option: connection poolers such as
    # PgBouncer refuse unknown startup parameters.
    def on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"SET statement_timeout = {ms}")
        dbapi_connection.commit()

    return on_connect


def make_engine(url: str, *, pool_size: int = 5, statement_timeout_ms: int | None = None) -> Engine:
    """Create the process's engine for a database URL, with the right pragmas and pool.

    `statement_timeout_ms` (the web app passes its refresh interval) makes PostgreSQL
    cancel any statement that runs or waits for a lock longer than that, so a slow or
    locked database costs a request one interval at most, never a queue of requests
    behind it. SQLite readers never wait (WAL), so it only applies to PostgreSQL.
    """
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size)
    event.listen(engine, "checkout", _ping_if_idle(engine))
    event.listen(engine, "checkin", _note_return)
    if statement_timeout_ms:
        event.listen(engine, "connect", _statement_timeout(int(statement_timeout_ms)))
    return engine


def _ping_if_idle(engine: Engine):
    """Return a checkout hook that pings a connection idle for PING_IDLE_S or more.

    SQLAlchemy's pool_pre_ping pings on every checkout: a round trip to the server on
    every request (two for a request with two sessions), some 15% of a busy worker's
    time under the jury bench. A connection in use a moment ago is alive; one idle for
    longer (a restarted server, a connection a firewall dropped) is pinged, and a dead
    one replaced before the request sees it. A server lost while connections are in
    constant use fails the statements in flight, and SQLAlchemy then replaces every
    connection of the pool (its disconnect handling), as with pre-ping.
    """

    def hook(dbapi_connection, record, _proxy) -> None:
        returned = record.info.get(_RETURNED_AT)
        if returned is not None and time.monotonic() - returned < PING_IDLE_S:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # the driver's error for a dead connection
            raise DisconnectionError(str(exc)) from exc
        if not alive:
            raise DisconnectionError("the database did not answer a ping")

    return hook


def _note_return(_dbapi_connection, record) -> None:
    if record is not None:
        record.info[_RETURNED_AT] = time.monotonic()


def limit_statements(session: Session, ms: int) -> None:
    """Let this transaction's statements run at most `ms` (PostgreSQL; SQLite readers never wait).

    For answers a client stops waiting for sooner than the app's statement timeout (a
    ceremony screen's 4 s poll): better a quick "try again" than an answer nobody reads.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        connection.exec_driver_sql(f"SET LOCAL statement_timeout = {int(ms)}")


@contextmanager
def short_lock_wait(session: Session, ms: int) -> Iterator[None]:
    """Within the block, let the session's statements wait at most `ms` for another's lock.

    For writes nobody waits on (a screen's "still here"): better skipped than late. Past
    the limit the statement raises OperationalError and the caller rolls back. On
    PostgreSQL the limit lasts until the transaction ends (SET LOCAL).
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {int(ms)}")
        yield
        return
    # The connection's own setting, restored before the session can hand it back to the pool.
    raw = driver_connection(connection)
    (previous,) = raw.execute("PRAGMA busy_timeout").fetchone()
    raw.execute(f"PRAGMA busy_timeout={int(ms)}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA busy_timeout={int(previous)}")


def driver_connection(connection: Connection) -> Any:
    """Return the driver's own connection (sqlite3's or psycopg's) under an open connection."""
    raw = connection.connection.driver_connection
    if raw is None:  # only once the pooled connection is closed; a session's is open
        raise RuntimeError("the database connection is closed")
    return raw


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """Yield a session inside one transaction: commit on success, roll back on error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session
