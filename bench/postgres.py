"""A throwaway database on the loopback PostgreSQL server, and libpq strings for psycopg."""

from __future__ import annotations

import secrets


def libpq(url: str) -> str:
    """Return a SQLAlchemy URL as a libpq connection string."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def admin(url: str, sql: str) -> None:
    """Run one statement on the PostgreSQL server, outside a transaction."""
    import psycopg

    with psycopg.connect(libpq(url), autocommit=True) as conn:
        conn.execute(sql)


def create_database(admin_url: str) -> tuple[str, str]:
    """Create a fresh database on the PostgreSQL server; return its name and URL."""
    from sqlalchemy.engine import make_url

    name = f"kipp_load_{secrets.token_hex(4)}"
    admin(admin_url, f'CREATE DATABASE "{name}"')
    return name, make_url(admin_url).set(database=name).render_as_string(hide_password=False)


# PostgreSQL's default autovacuum_naptime: how often autovacuum looks at each database.
VACUUM_EVERY_S = 60.0


class Autovacuum:
    """Vacuum and analyze a bench database every minute when its server's autovacuum is off.

    A production PostgreSQL vacuums by itself (autovacuum is on by default, looking at each
    database every minute); this machine's CI server runs with autovacuum off. A bench of
    many minutes on it measured a database no server in use would have: every save leaves
    dead rows and dead index entries behind, the covering indexes' visibility maps are
    never set again, so index-only scans turn into heap reads, and the planner keeps the
    statistics of the import. Everything then slowed down round after round (the jury
    bench's save p95 from 114 ms in its first round to 225 ms in its tenth). With the
    server's autovacuum on, this does nothing.
    """

    def __init__(self, database_url: str, every: float = VACUUM_EVERY_S) -> None:
        import threading

        self.url = libpq(database_url)
        self.every = every
        self.stop = threading.Event()
        self.runs: list[float] = []  # seconds each VACUUM (ANALYZE) took
        self.needed = self._server_setting() == "off"
        self._thread = threading.Thread(target=self._loop, name="autovacuum", daemon=True)

    def _server_setting(self) -> str:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            row = conn.execute("SHOW autovacuum").fetchone()
        return str(row[0]) if row else "on"

    def start(self) -> None:
        """Start vacuuming every minute, if the server does not."""
        if self.needed:
            self._thread.start()

    def _loop(self) -> None:
        import time

        import psycopg

        with psycopg.connect(self.url, autocommit=True, application_name="kipp-bench-vacuum") as c:
            while not self.stop.wait(self.every):
                began = time.monotonic()
                c.execute("VACUUM (ANALYZE)")
                self.runs.append(time.monotonic() - began)

    def close(self) -> None:
        """Stop the loop, once a VACUUM under way has ended."""
        self.stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=60)

    def line(self) -> str:
        """Return what the bench did about vacuuming, for its output."""
        if not self.needed:
            return "PostgreSQL: the server's autovacuum is on"
        took = max(self.runs, default=0.0)
        return (
            f"PostgreSQL: the server's autovacuum is off (a CI setting): the bench ran VACUUM "
            f"(ANALYZE) on its database every {self.every:g} s as autovacuum would, "
            f"{len(self.runs)} times, the longest {took * 1000:.0f} ms"
        )
