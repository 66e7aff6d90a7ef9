"""Backups of the scores database and their restore, by hand and before every risky write.

`backup(url)` copies the database while it serves (SQLite: the online backup API;
PostgreSQL: pg_dump in custom format), checks the copy and only then gives it its final
name, with a record beside it (`<name>.json`: row counts, data version, SHA-256).
`restore(file, url)` puts a backup into an empty database, or over an existing one with
replace=True (which backs that one up first), migrates it and checks it against the record.
`backup_before(engine, settings, action)` is the one hook the import, the approval and the
reset of a ceremony call before they write: it makes an automatic backup and prunes the old
ones; when it fails it raises BackupFailed and the action must not go ahead.
`backup_before` and `restore` write their entry in the audit trail once done (trail.py);
`backup` itself only reads, so the command that makes a backup by hand records it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace as replace_fields
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from data_access.backups import files, postgres, sqlite, trail
from data_access.backups.errors import BackupFailed, failed, io_reason, restore_failed
from data_access.backups.facts import Facts
from data_access.db import normalize_url
from data_access.i18n import Message
from data_access.models import utcnow
from data_access.settings import Settings

__all__ = [
    "BackupFailed",
    "BackupResult",
    "RestoreResult",
    "backup",
    "backup_before",
    "backup_folder",
    "restore",
]

ACTIONS = ("import", "approve", "reset", "restore")


@dataclass(frozen=True)
class BackupResult:
    """A backup made and checked: where it is, its size, and what it holds."""

    path: Path
    size: int
    tables: dict[str, int]
    data_version: int
    editions: list[str]
    record: Path

    @property
    def rows(self) -> int:
        """Return the number of rows in all tables."""
        return sum(self.tables.values())


@dataclass(frozen=True)
class RestoreResult:
    """A restore done: the database's facts as restored, the revision it was migrated to,
    whether the backup's record was there to compare with, the backup of what it replaced,
    and whether its entry is in the restored database's audit trail."""

    restored: Facts
    revision: str | None
    recorded: bool
    replaced: BackupResult | None
    audited: bool = False


def _url(engine_or_url: Engine | str) -> str:
    if isinstance(engine_or_url, Engine):
        return engine_or_url.url.render_as_string(hide_password=False)
    return normalize_url(engine_or_url)


def _backend(url: str) -> str:
    return "sqlite" if make_url(url).get_backend_name() == "sqlite" else "postgresql"


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise failed(Message("backup.reason.no_database", path=str(database)))
    return Path(database).resolve()


def backup_folder(settings: Settings, url: str) -> Path:
    """Return where automatic backups go: BACKUP_DIR, else beside the SQLite file, else the
    instance folder's backups/ (PostgreSQL)."""
    if settings.backup_dir:
        return Path(settings.backup_dir)
    if _backend(url) == "sqlite":
        return _sqlite_path(url).parent / "backups"
    return Path(settings.instance_dir) / "backups"


def _target(out: Path | str | None, folder: Path | None) -> tuple[Path, Path | None]:
    """Return the folder to write in and the final path asked for (None: named for us)."""
    if out is None:
        return (folder or Path.cwd()), None
    path = Path(out)
    if path.is_dir():
        return path, None
    if path.exists() and not path.is_file():
        raise failed(Message("backup.reason.not_a_file", path=str(path)))
    if path.exists():
        raise failed(Message("backup.reason.exists", path=str(path)))
    return path.parent, path


def backup(
    engine_or_url: Engine | str,
    out: Path | str | None = None,
    *,
    folder: Path | None = None,
    action: str | None = None,
    now: datetime | None = None,
) -> BackupResult:
    """Back up the database into `out` (a file or a folder), else into `folder` (else the
    working folder) under a name with its edition codes and the time in WIB.

    `action` names an automatic backup ("import", "approve", "reset", "restore"). The live
    database is only read. Raises BackupFailed, with nothing left under the final name.
    """
    url = _url(engine_or_url)
    backend = _backend(url)
    where, final = _target(out, folder)
    if where.exists() and not where.is_dir():
        raise failed(Message("backup.reason.not_a_folder", path=str(where)))
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise failed(io_reason(exc, where)) from exc
    files.sweep_partials(where)
    partial = files.partial_path(where)
    try:
        if backend == "sqlite":
            facts = sqlite.copy_live(_sqlite_path(url), partial)
        else:
            facts = postgres.dump(url, partial)
        files.fsync_file(partial)
        size = partial.stat().st_size
        made = now or utcnow()
        if final is None:
            name = files.backup_name(facts.editions, made, backend, action)
            final = files.free_name(where, name)
        record = files.BackupRecord(
            backend=backend,
            made_at=made.isoformat(),
            data_version=facts.data_version,
            tables=facts.tables,
            editions=facts.editions,
            revision=facts.revision,
            size=size,
            sha256=files.sha256(partial),
        )
        record_file = files.write_record(final, record)
        if final.exists():  # made meanwhile by someone else: never overwrite a backup
            raise failed(Message("backup.reason.exists", path=str(final)))
        os.replace(partial, final)
        files.fsync_folder(where)
    except BackupFailed:
        files.discard(partial)
        raise
    except (OSError, sqlite.sqlite3.Error) as exc:
        files.discard(partial)
        raise failed(io_reason(exc, where)) from exc
    return BackupResult(final, size, facts.tables, facts.data_version, facts.editions, record_file)


def backup_before(
    engine: Engine, settings: Settings, action: str, *, by: str = "system", record: bool = True
) -> BackupResult | None:
    """Make the automatic backup due before an action that writes, record it in the audit
    trail in `by`'s name (unless `record` is False: the caller records it in the action's
    own transaction, see backup_for_import), and prune the old ones.

    Returns None when BACKUP_AUTO is off. Raises BackupFailed: the caller stops the action.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not settings.backup_auto:
        return None
    url = _url(engine)
    folder = backup_folder(settings, url)
    made = backup(url, folder=folder, action=action)
    if record:
        trail.record_backup(engine, made, reason=action, by=by)
    last, days = settings.backup_keep
    files.prune(folder, last=last, days=days, now=utcnow())
    return made


def backup_for_import(
    engine: Engine, settings: Settings, *, by: str
) -> tuple[BackupResult | None, Callable[[Session], None]]:
    """Make the automatic backup due before an import; return it and what records it in the
    import's own transaction (data_access.importing calls that once the import has written
    something: an import that changes nothing, or is killed, leaves no entry)."""
    made = backup_before(engine, settings, "import", by=by, record=False)

    def record(session: Session) -> None:
        if made is not None:
            trail.record_backup_in(session, made, reason="import", by=by)

    return made, record


def _kind_of(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return None
    if head.startswith(b"SQLite format 3\x00"):
        return "sqlite"
    if head.startswith(b"PGDMP"):
        return "postgresql"
    return None


def restore(
    backup_file: Path | str,
    engine_or_url: Engine | str,
    *,
    replace: bool = False,
    settings: Settings | None = None,
    migrate: Callable[[str], None] | None = None,
    by: str = "system",
) -> RestoreResult:
    """Restore a backup into the database: an empty one, or any with replace=True.

    With replace, the database is first backed up into the automatic backups' folder. The
    restored database is checked against the backup's record (when it has one), migrated to
    the current schema, and checked again; then its audit trail records the restore in
    `by`'s name. Raises BackupFailed, the target untouched.
    """
    settings = settings or Settings()
    migrate = migrate or _migrate
    source = Path(backup_file)
    url = _url(engine_or_url)
    backend = _backend(url)
    if not source.is_file():
        raise restore_failed(Message("restore.no_file", path=str(source)))
    kind = _kind_of(source)
    if kind is None:
        raise restore_failed(Message("restore.not_backup", path=str(source)))
    if kind != backend:
        raise restore_failed(Message("restore.other_kind", kind=kind, target=backend))
    record = files.read_record(source)
    if record is not None and record.sha256 != files.sha256(source):
        raise restore_failed(Message("restore.checksum", path=str(source)))
    restore_into = _restore_sqlite if backend == "sqlite" else _restore_postgres
    done = restore_into(source, url, record, replace=replace, settings=settings, migrate=migrate)
    # Only now, the counts checked: the entry is the first row written into what was restored.
    return replace_fields(done, audited=trail.record_restore(url, source, done, by=by))


def _migrate(url: str) -> None:
    from data_access.db import make_engine
    from data_access.migrate import upgrade

    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def _restore_sqlite(
    source: Path,
    url: str,
    record: files.BackupRecord | None,
    *,
    replace: bool,
    settings: Settings,
    migrate: Callable[[str], None],
) -> RestoreResult:
    target = _sqlite_path(url)
    empty = sqlite.is_empty(target)
    if not empty and not replace:
        raise restore_failed(Message("restore.not_empty", target=str(target)))
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    files.sweep_partials(folder)
    partial = files.partial_path(folder)
    replaced = None
    try:
        restored, migrated = sqlite.prepare_restore(source, partial, record, migrate)
        if not empty:
            replaced = backup(url, folder=backup_folder(settings, url), action="restore")
            sqlite.quiesce(target)
        sqlite.put_in_place(partial, target)
    except BackupFailed:
        files.discard(partial)
        raise
    except (OSError, sqlite.sqlite3.Error) as exc:
        files.discard(partial)
        raise restore_failed(io_reason(exc, folder)) from exc
    return RestoreResult(restored, migrated.revision, record is not None, replaced)


def _restore_postgres(
    source: Path,
    url: str,
    record: files.BackupRecord | None,
    *,
    replace: bool,
    settings: Settings,
    migrate: Callable[[str], None],
) -> RestoreResult:
    postgres.check_dump(source, url)
    empty = postgres.is_empty(url)
    if not empty and not replace:
        raise restore_failed(Message("restore.not_empty", target=make_url(url).database or ""))
    replaced = None
    if empty:
        postgres.restore_empty(source, url)
    else:
        replaced = backup(url, folder=backup_folder(settings, url), action="restore")
        folder = replaced.path.parent
        script = files.partial_path(folder)
        try:
            postgres.restore_replacing(source, url, script)
        finally:
            files.discard(script)
    restored = postgres.facts_of(url)
    sqlite.check_against(record, restored)
    migrate(url)
    return RestoreResult(restored, postgres.facts_of(url).revision, record is not None, replaced)
