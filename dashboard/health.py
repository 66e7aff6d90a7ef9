"""GET /healthz: whether the database answers a trivial query within a second.

For the reverse proxy and for monitoring: no login, no data, no version numbers, never
cached. 200 `{"status": "ok"}` when the app's engine answers, 503 `{"status":
"unavailable"}` otherwise, within DEADLINE_S whatever the database does.

The query runs in a thread of its own, waited for at most DEADLINE_S: a database can
stall where no statement time limit reaches (a PostgreSQL that accepts connections but
never answers, an SQLite file another process locked before this worker first connected,
whose connection set-up waits SQLite's busy timeout). One check at a time per worker:
requests meanwhile wait for the same check, and once it has run longer than DEADLINE_S
they answer 503 at once, so a stalled database costs a worker one thread, never one per
request.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from dashboard.services import services
from data_access.db import limit_statements, short_lock_wait

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
DEADLINE_S = 1.0
CHECK_KEY = "kipp_health_check"
# "SELECT 1" never opens an SQLite file: this one reads its schema, so it needs the
# file readable and not locked by another process.
SQLITE_QUERY = "SELECT count(*) FROM sqlite_master"

health = Blueprint("health", __name__)


def database_answers(engine: Engine, *, within_ms: int) -> bool:
    """Return True when the database answers a trivial query (statements limited to within_ms)."""
    try:
        with Session(engine) as db:
            if engine.dialect.name == "sqlite":
                with short_lock_wait(db, within_ms):
                    db.execute(text(SQLITE_QUERY)).scalar_one()
            else:
                limit_statements(db, within_ms)
                db.execute(text("SELECT 1")).scalar_one()
        return True
    except SQLAlchemyError as exc:
        log.warning("health check: database not answering: %s", getattr(exc, "orig", exc))
        return False


@dataclass
class _Check:
    started: float
    done: threading.Event = field(default_factory=threading.Event)
    ok: bool = False


class HealthCheck:
    """At most one database check in flight per worker, each waited for at most deadline_s."""

    def __init__(self, deadline_s: float = DEADLINE_S) -> None:
        self.deadline_s = deadline_s
        self._current: _Check | None = None
        self._lock = threading.Lock()

    def healthy(self, engine: Engine) -> bool:
        """Return True when the database answered within the deadline."""
        with self._lock:
            check = self._current
            if check is None or check.done.is_set():
                check = self._current = _Check(time.monotonic())
                threading.Thread(
                    target=self._run, args=(check, engine), name="kipp-healthz", daemon=True
                ).start()
        remaining = check.started + self.deadline_s - time.monotonic()
        return check.done.wait(max(0.0, remaining)) and check.ok

    def _run(self, check: _Check, engine: Engine) -> None:
        try:
            check.ok = database_answers(engine, within_ms=int(self.deadline_s * 1000))
        except Exception:  # never let a surprise leave the check unfinished for ever
            log.exception("health check failed")
        finally:
            check.done.set()


@health.get(HEALTH_PATH)
def healthz():
    """Answer 200 when the database answers within a second, else 503; nothing else."""
    ok = current_app.extensions[CHECK_KEY].healthy(services().engine)
    response = jsonify(status="ok" if ok else "unavailable")
    response.status_code = 200 if ok else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(server: Flask) -> None:
    """Give the server its one health check at a time (the route is the `health` blueprint's)."""
    server.extensions[CHECK_KEY] = HealthCheck()
