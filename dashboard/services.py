"""What one app instance shares between requests: its settings and its lazily created engine."""

from __future__ import annotations

import threading

from flask import Flask, current_app
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from data_access.db import make_engine
from data_access.settings import Settings

EXTENSION_KEY = "kipp_live"


class AppServices:
    """The app's settings and its one engine, created on first use, not at import."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._engine: Engine | None = None
        self._work_engine: Engine | None = None
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """Return the app's engine, creating it on first use."""
        # Creating it lazily keeps create_app free of side effects (make_engine creates the
        # SQLite folder), so the module imports even where no database exists yet.
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    # No query may outlast a refresh interval: a slow or locked database
                    # then costs a tick a "stale" badge, never a queue of requests.
                    interval_s = max(self.settings.refresh_interval_s, 1)
                    self._engine = make_engine(
                        self.settings.database_url,
                        pool_size=self.settings.pool_size,
                        statement_timeout_ms=1000 * interval_s,
                    )
        return self._engine

    @property
    def work_engine(self) -> Engine:
        """Return the engine for work a person waits for (an upload, a download).

        Unlike the live engine, its statements have no time limit: an import or an export
        of a national edition may take longer than a refresh interval, and is not repeated
        every few seconds. A pool of one: such work is rare and one at a time per worker.
        """
        if self._work_engine is None:
            with self._lock:
                if self._work_engine is None:
                    self._work_engine = make_engine(self.settings.database_url, pool_size=1)
        return self._work_engine

    def session(self) -> Session:
        """Return a new read session; the caller closes it (use it in a with block)."""
        return Session(self.engine, expire_on_commit=False)

    def work_session(self) -> Session:
        """Return a session on the work engine (no statement time limit)."""
        return Session(self.work_engine, expire_on_commit=False)

    def dispose(self) -> None:
        """Close the engines' pooled connections, if they were ever created."""
        for engine in (self._engine, self._work_engine):
            if engine is not None:
                engine.dispose()


def init_app(server: Flask, settings: Settings) -> AppServices:
    """Attach the services for these settings to a Flask server and return them."""
    services = AppServices(settings)
    server.extensions[EXTENSION_KEY] = services
    return services


def services() -> AppServices:
    """Return the services of the app serving the current request."""
    return current_app.extensions[EXTENSION_KEY]
