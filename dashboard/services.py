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
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """Return the app's engine, creating it on first use."""
        # Creating it lazily keeps `import app` free of side effects (make_engine creates the
        # SQLite folder), so the module imports even where no database exists yet.
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = make_engine(
                        self.settings.database_url, pool_size=self.settings.pool_size
                    )
        return self._engine

    def session(self) -> Session:
        """Return a new read session; the caller closes it (use it in a with block)."""
        return Session(self.engine, expire_on_commit=False)

    def dispose(self) -> None:
        """Close the engine's pooled connections, if it was ever created."""
        if self._engine is not None:
            self._engine.dispose()


def install(server: Flask, settings: Settings) -> AppServices:
    """Attach the services for these settings to a Flask server and return them."""
    services = AppServices(settings)
    server.extensions[EXTENSION_KEY] = services
    return services


def services() -> AppServices:
    """Return the services of the app serving the current request."""
    return current_app.extensions[EXTENSION_KEY]
