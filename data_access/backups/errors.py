"""The failure of a backup or a restore, worded for the committee in both languages."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from data_access.i18n import CarriesMessage, Message

FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
UNWRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.ENOENT)


class BackupFailed(CarriesMessage, Exception):
    """A backup or restore that stopped; what it wrote was removed, the database untouched."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def failed(reason: Message) -> BackupFailed:
    """Return the failure of a backup for a reason."""
    return BackupFailed(Message("backup.failed", reason=reason))


def restore_failed(reason: Message) -> BackupFailed:
    """Return the failure of a restore for a reason."""
    return BackupFailed(Message("restore.failed", reason=reason))


def io_reason(exc: BaseException, folder: Path) -> Message:
    """Return why writing into a folder failed: a full disk, a folder not writable, or else."""
    if isinstance(exc, OSError) and exc.errno in FULL:
        return Message("backup.reason.disk_full", folder=str(folder))
    if isinstance(exc, OSError) and exc.errno in UNWRITABLE:
        return Message("backup.reason.unwritable", folder=str(folder), detail=exc.strerror or "")
    if isinstance(exc, sqlite3.Error):
        text = str(exc)
        if "full" in text:  # SQLITE_FULL: "database or disk is full"
            return Message("backup.reason.disk_full", folder=str(folder))
        if "readonly" in text or "unable to open" in text:
            return Message("backup.reason.unwritable", folder=str(folder), detail=text)
    return Message("backup.reason.other", detail=str(exc).splitlines()[0] if str(exc) else "")
