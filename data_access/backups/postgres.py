"""Backing up and restoring a PostgreSQL database with pg_dump, pg_restore and psql.

The backup: a REPEATABLE READ, READ ONLY transaction exports its snapshot
(`pg_export_snapshot()`), reads the row counts and the data version in it, and holds it
open while `pg_dump --snapshot` dumps exactly that snapshot: the figures recorded are the
dump's own, whatever writers do meanwhile (reading them just before or after a separate
dump would race the writers). The dump is then read back with `pg_restore --list`.

The restore into an empty database is `pg_restore --single-transaction --exit-on-error`: a
failure or a kill leaves the database as empty as it was. Over an existing database
(--replace) the dump is first turned into SQL (`pg_restore --file`), then one psql
transaction drops the public schema, creates it again and runs that SQL: all of it or none.
The old database is backed up first; a swap of database names would need no one connected
and the right to create databases, which the drop-and-restore in one transaction does not.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from data_access.backups.errors import failed, restore_failed
from data_access.backups.facts import Facts, read_facts, table_names
from data_access.i18n import Message

TIMEOUT_S = 3600


def tool(name: str) -> str | None:
    """Return the path of a PostgreSQL client program: on the PATH, else Debian's newest."""
    found = shutil.which(name)
    if found:
        return found
    debian = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_major)
    return debian[-1] if debian else None


def _major(path: str) -> int:
    try:
        return int(Path(path).parent.parent.name)
    except ValueError:
        return 0


def need(name: str, *, restoring: bool = False) -> str:
    """Return a client program's path, or fail saying what to install."""
    found = tool(name)
    if found is None:
        reason = Message("backup.reason.pg_missing", tool=name)
        raise restore_failed(reason) if restoring else failed(reason)
    return found


def libpq_url(url: str) -> str:
    """Return a SQLAlchemy URL as a libpq URL without its password (it goes in PGPASSWORD)."""
    parsed = make_url(url).set(drivername="postgresql", password=None)
    return parsed.render_as_string(hide_password=False)


def libpq_env(url: str) -> dict[str, str]:
    """Return the environment for a client program: the password kept off its command line."""
    env = dict(os.environ)
    password = make_url(url).password
    if password:
        env["PGPASSWORD"] = str(password)
    return env


def _connect(url: str) -> psycopg.Connection:
    parsed = make_url(url)
    return psycopg.connect(libpq_url(url), password=parsed.password or None)


def _run(argv: list[str], url: str, *, restoring: bool = False) -> str:
    """Run a client program; fail with its own words when it fails."""
    done = subprocess.run(
        argv, env=libpq_env(url), capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        reason = Message("backup.reason.tool_failed", tool=Path(argv[0]).name, detail=detail)
        folder = next(
            (Path(a.split("=", 1)[1]).parent for a in argv if a.startswith("--file=")), Path()
        )
        if "No space left on device" in detail:  # pg_dump's words for ENOSPC
            reason = Message("backup.reason.disk_full", folder=str(folder))
        elif "Read-only file system" in detail or "Permission denied" in detail:
            reason = Message("backup.reason.unwritable", folder=str(folder), detail=detail)
        raise restore_failed(reason) if restoring else failed(reason)
    return done.stdout


def dump(url: str, partial: Path) -> Facts:
    """Dump the database into `partial` (custom format); return the dumped snapshot's facts."""
    pg_dump = need("pg_dump")
    pg_restore = need("pg_restore")
    with _connect(url) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]  # type: ignore[index]
            facts = read_facts(cursor, "postgresql")
            # The transaction stays open (the snapshot with it) until pg_dump is done.
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={partial}",
                    f"--dbname={libpq_url(url)}",
                ],
                url,
            )
        connection.rollback()
    listed = _run([pg_restore, "--list", str(partial)], url)
    missing = [name for name in facts.tables if f" TABLE DATA public {name} " not in listed]
    if missing:
        raise failed(Message("backup.reason.counts", detail=", ".join(missing)))
    return facts


def facts_of(url: str) -> Facts:
    """Return the facts of a database as it stands."""
    with _connect(url) as connection, connection.cursor() as cursor:
        return read_facts(cursor, "postgresql")


def is_empty(url: str) -> bool:
    """Return whether a database holds no table in its public schema."""
    with _connect(url) as connection, connection.cursor() as cursor:
        return not table_names(cursor, "postgresql")


def check_dump(backup: Path, url: str) -> None:
    """Refuse a file that is not a pg_dump custom archive (pg_restore cannot list it)."""
    with backup.open("rb") as handle:
        if handle.read(5) != b"PGDMP":
            raise restore_failed(Message("restore.not_backup", path=str(backup)))
    _run([need("pg_restore", restoring=True), "--list", str(backup)], url, restoring=True)


def restore_empty(backup: Path, url: str) -> None:
    """Restore a dump into an empty database in one transaction."""
    pg_restore = need("pg_restore", restoring=True)
    argv = [
        pg_restore,
        "--single-transaction",
        "--exit-on-error",
        "--no-owner",
        "--no-privileges",
        f"--dbname={libpq_url(url)}",
        str(backup),
    ]
    _run(argv, url, restoring=True)


def restore_replacing(backup: Path, url: str, script: Path) -> None:
    """Replace the database's public schema by the dump's, in one psql transaction."""
    pg_restore = need("pg_restore", restoring=True)
    psql = need("psql", restoring=True)
    _run(
        [pg_restore, "--no-owner", "--no-privileges", f"--file={script}", str(backup)],
        url,
        restoring=True,
    )
    argv = [
        psql,
        "--no-psqlrc",
        "--quiet",
        "--single-transaction",
        "--set=ON_ERROR_STOP=1",
        "--command=DROP SCHEMA public CASCADE",
        "--command=CREATE SCHEMA public",
        f"--file={script}",
        f"--dbname={libpq_url(url)}",
    ]
    _run(argv, url, restoring=True)
