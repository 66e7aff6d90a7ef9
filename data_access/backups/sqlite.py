"""Backing up and restoring a SQLite database: the online backup API, never a file copy.

The copy is made by one `sqlite3.Connection.backup` step (pages=-1) inside a read
transaction the source connection holds: in WAL mode that is one consistent snapshot while
the dashboard reads and jurors write, and the row counts and data version read in the same
transaction are the snapshot's. They must equal the copy's, which must pass
`PRAGMA integrity_check`, before the copy takes its name.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from data_access.backups import files
from data_access.backups.errors import BackupFailed, failed, io_reason, restore_failed
from data_access.backups.facts import Facts, differences, read_facts, table_names
from data_access.i18n import Message

BUSY_TIMEOUT_S = 10.0


@contextlib.contextmanager
def _connect(path: Path, *, mode: str = "rw") -> Iterator[sqlite3.Connection]:
    """Open a SQLite file (never creating it with mode rw or ro), closed at the end."""
    uri = f"file:{path}?mode={mode}"
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        yield connection
    finally:
        connection.close()


def check_integrity(connection: sqlite3.Connection) -> str:
    """Return "ok", or the first problems `PRAGMA integrity_check` found."""
    rows = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
    return "ok" if rows == ["ok"] else "; ".join(rows[:3])


def _standalone(path: Path) -> None:
    """Make a SQLite file stand alone: no WAL beside it, its journal mode DELETE."""
    with _connect(path) as connection:
        connection.execute("PRAGMA journal_mode=DELETE").fetchall()


def copy_live(source: Path, partial: Path) -> Facts:
    """Copy a live database into `partial` in one snapshot; return the snapshot's facts.

    Raises BackupFailed when the copy differs from its snapshot or fails its check.
    """
    if not source.is_file():
        raise failed(Message("backup.reason.no_database", path=str(source)))
    with _connect(source) as live:
        live.execute("BEGIN")  # a read transaction: the snapshot the copy and counts share
        try:
            snapshot = read_facts(live.cursor(), "sqlite")
            with contextlib.closing(sqlite3.connect(partial, isolation_level=None)) as copy:
                live.backup(copy)  # pages=-1: one step, in this connection's transaction
        finally:
            live.execute("ROLLBACK")
    _standalone(partial)
    with _connect(partial, mode="ro") as copy:
        problems = check_integrity(copy)
        if problems != "ok":
            raise failed(Message("backup.reason.integrity", detail=problems))
        copied = read_facts(copy.cursor(), "sqlite")
    diff = differences(snapshot.tables, copied.tables)
    if diff or copied.data_version != snapshot.data_version:
        detail = ", ".join(diff) or f"data_version {snapshot.data_version}"
        raise failed(Message("backup.reason.counts", detail=detail))
    return copied


def is_empty(target: Path) -> bool:
    """Return whether a SQLite target holds no table (or does not exist at all)."""
    if not target.exists() or target.stat().st_size == 0:
        return True
    with _connect(target) as connection:
        return not table_names(connection.cursor(), "sqlite")


def quiesce(target: Path) -> None:
    """Fold the target's WAL into it and leave journal mode DELETE, so that no WAL file of
    the old database is left beside the restored one; refuse if anyone else has it open."""
    try:
        with _connect(target) as connection:
            connection.execute("PRAGMA busy_timeout=2000")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise restore_failed(Message("restore.in_use")) from exc
        raise
    if str(mode).lower() != "delete":
        raise restore_failed(Message("restore.in_use"))


def prepare_restore(
    backup: Path, partial: Path, expected: files.BackupRecord | None, migrate: Callable[[str], None]
) -> tuple[Facts, Facts]:
    """Copy a backup into `partial`, check it against its record, migrate and check again.

    Returns the facts as restored (before migrating) and after migrating.
    """
    try:
        with _connect(backup, mode="ro") as source:
            source.execute("PRAGMA schema_version").fetchone()  # not SQLite: fails here
            with contextlib.closing(sqlite3.connect(partial, isolation_level=None)) as copy:
                source.backup(copy)
    except sqlite3.DatabaseError as exc:
        raise restore_failed(Message("restore.not_backup", path=str(backup))) from exc
    _standalone(partial)
    with _connect(partial) as copy:
        problems = check_integrity(copy)
        if problems != "ok":
            raise restore_failed(Message("backup.reason.integrity", detail=problems))
        restored = read_facts(copy.cursor(), "sqlite")
    check_against(expected, restored)
    migrate(f"sqlite:///{partial}")
    _standalone(partial)  # the engine that migrated it turned WAL on
    with _connect(partial) as copy:
        problems = check_integrity(copy)
        if problems != "ok":
            raise restore_failed(Message("backup.reason.integrity", detail=problems))
        migrated = read_facts(copy.cursor(), "sqlite")
    files.fsync_file(partial)
    return restored, migrated


def check_against(expected: files.BackupRecord | None, restored: Facts) -> None:
    """Refuse a restored database whose counts or data version differ from the record's."""
    if expected is None:
        return
    diff = differences(expected.tables, restored.tables)
    if diff or restored.data_version != expected.data_version:
        detail = ", ".join(diff) or f"data_version {expected.data_version}"
        raise restore_failed(Message("restore.counts_differ", detail=detail))


def put_in_place(partial: Path, target: Path) -> None:
    """Rename the restored file over the target (atomic), leaving no stale WAL beside it."""
    for extra in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{target}{extra}")
    os.replace(partial, target)
    files.fsync_folder(target.parent)


def write_failed(exc: BaseException, folder: Path) -> BackupFailed:
    """Return the failure for an error met while writing into a folder."""
    return failed(io_reason(exc, folder))
