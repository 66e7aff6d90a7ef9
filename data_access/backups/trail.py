"""The audit entries of backups and restores, each in a transaction of its own once done.

A backup's entry goes into the database it copied, after the copy is whole and named: the
copy never holds its own entry, so its row counts, the record beside it and what a restore
of it finds are all the snapshot's. A failed backup records nothing: its failure promises
the database untouched (and a full disk would refuse the entry too); the person who asked
reads why on the page or the terminal, and the action it was due before does not happen.
A restore's entry goes into the restored database once it is in place, migrated and
checked against the backup's record (so the check compared the backup's rows alone), and
the restored trail says it was restored, from which file, over what.

Only file names are recorded, never a folder: automatic backups all live in BACKUP_DIR, a
backup by hand is where its operator put it, and the trail is downloaded and shared. An
entry that cannot be written (the database refusing writes) does not undo a backup or a
restore that is done: it is logged, and the caller told so (False).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from data_access import audit
from data_access.db import make_engine, transaction

if TYPE_CHECKING:
    from data_access.backups import BackupResult, RestoreResult

log = logging.getLogger(__name__)

# Why a backup was made: by hand, or the action an automatic one came before.
MANUAL = "manual"
# The target a restore filled: a database with no table, or one it replaced.
EMPTY, REPLACED = "empty", "replaced"


def _backup_detail(made: BackupResult, reason: str) -> dict[str, Any]:
    return {
        "subject": made.path.name,
        "reason": reason,
        "size": made.size,
        "data_version": made.data_version,
        "tables": len(made.tables),
        "rows": made.rows,
        "editions": made.editions,
    }


def record_backup(engine: Engine, made: BackupResult, *, reason: str, by: str) -> bool:
    """Record a backup made (why, its file, size and data version) in the database it copied."""
    return _write(engine, audit.BACKUP_MADE, by=by, **_backup_detail(made, reason))


def record_backup_in(session: Session, made: BackupResult, *, reason: str, by: str) -> None:
    """Record a backup in the transaction of the action it came before (an import): the
    entry stands or falls with what that action writes, so an import killed midway, or one
    that changes nothing, leaves the database exactly as it was."""
    audit.record(session, audit.BACKUP_MADE, by=by, **_backup_detail(made, reason))


def record_restore(url: str, source: Path, done: RestoreResult, *, by: str) -> bool:
    """Record a restore in the database it restored: the file, the target and the safety backup."""
    engine = make_engine(url)
    try:
        return _write(
            engine,
            audit.RESTORE_DONE,
            by=by,
            subject=source.name,
            target=REPLACED if done.replaced is not None else EMPTY,
            safety_backup=done.replaced.path.name if done.replaced is not None else None,
            data_version=done.restored.data_version,
            checked=done.recorded,
            revision=done.revision,
        )
    finally:
        engine.dispose()


def _write(engine: Engine, action: str, *, by: str, subject: str, **detail: Any) -> bool:
    try:
        with transaction(engine) as session:
            audit.record(session, action, by=by, subject=subject, **detail)
    except SQLAlchemyError as exc:
        log.warning("%s %s: audit entry not written: %s", action, subject, exc)
        return False
    return True
