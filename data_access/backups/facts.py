"""What a backup records about a database: its tables' row counts, data version, editions.

Read through a DB-API cursor (sqlite3 or psycopg) inside whatever transaction the caller
holds, so that the figures belong to the same snapshot as the copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SQLITE_TABLES = (
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
)
POSTGRES_TABLES = (
    "SELECT table_name FROM information_schema.tables "
    "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
)


@dataclass(frozen=True)
class Facts:
    """A database's row counts per table, data version, edition codes and schema revision."""

    tables: dict[str, int]
    data_version: int
    editions: list[str]
    revision: str | None

    @property
    def rows(self) -> int:
        """Return the number of rows in all tables."""
        return sum(self.tables.values())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(cursor: Any, backend: str) -> list[str]:
    """Return the database's own tables, by name."""
    cursor.execute(SQLITE_TABLES if backend == "sqlite" else POSTGRES_TABLES)
    return [row[0] for row in cursor.fetchall()]


def read_facts(cursor: Any, backend: str) -> Facts:
    """Return the facts of the database the cursor reads, in the cursor's transaction."""
    names = table_names(cursor, backend)
    tables = {}
    for name in names:
        cursor.execute(f"SELECT count(*) FROM {_quote(name)}")  # noqa: S608 (names the database gave)
        tables[name] = int(cursor.fetchone()[0])
    version, editions, revision = 0, [], None
    if "data_version" in tables:
        cursor.execute("SELECT version FROM data_version WHERE id = 1")
        row = cursor.fetchone()
        version = int(row[0]) if row else 0
    if "editions" in tables:
        cursor.execute("SELECT code FROM editions ORDER BY created_at, id")
        editions = [row[0] for row in cursor.fetchall()]
    if "alembic_version" in tables:
        cursor.execute("SELECT version_num FROM alembic_version")
        row = cursor.fetchone()
        revision = row[0] if row else None
    return Facts(tables, version, editions, revision)


def differences(expected: dict[str, int], found: dict[str, int]) -> list[str]:
    """Return the tables whose row counts differ, as "name: expected -> found"."""
    return [
        f"{name}: {count} -> {found.get(name, '-')}"
        for name, count in sorted(expected.items())
        if found.get(name) != count
    ]
