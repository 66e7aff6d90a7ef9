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
