"""The files of a backup: their names, the partial file a copy is made in, the record beside
it (a small JSON sidecar), and which automatic backups to keep.

A backup is written as ``.kipp-<pid>-<random>.partial`` in the target folder and renamed to
its final name only once it has been checked, so the final name never holds half a copy; a
partial file whose process is gone is removed by the next backup or restore in that folder.
The record (``<backup>.json``) is written the same way, before the backup takes its name.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from data_access.formatting import JAKARTA, to_local

SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
# A partial file, or the journal SQLite keeps beside it while writing it.
PARTIAL = re.compile(r"^\.kipp-(\d+)-[0-9a-f]+\.partial(?:-journal|-wal|-shm)?$")
# The automatic backups' names: kipp-<codes>-<yyyymmdd>-<hhmmss>WIB-auto-<reason>[-n].<ext>.
# Pruning touches these names only: a backup the committee made or named is never removed.
AUTOMATIC = re.compile(
    r"^kipp-.*-(\d{8})-(\d{6})WIB-auto-[a-z]+(?:-\d+)?\.(?:sqlite3|pgdump)$",
)
CODE_CHARS = re.compile(r"[^A-Za-z0-9.-]+")
MAX_CODES = 3
RECORD_KIND = "kipp-backup"


def backup_name(codes: list[str], moment: datetime, backend: str, reason: str | None) -> str:
    """Return a backup's file name: the edition codes and the time in WIB.

    kipp-demo-kudus-2022-20261207-2315WIB.sqlite3 (by hand), or with the seconds and the
    reason for an automatic one: kipp-demo-kudus-2022-20261207-231502WIB-auto-approve.sqlite3.
    """
    safe = [CODE_CHARS.sub("-", code).strip("-.") or "edition" for code in codes]
    part = "_".join(safe[:MAX_CODES]) if safe else "empty"
    if len(safe) > MAX_CODES:
        part += f"_and-{len(safe) - MAX_CODES}-more"
    local = to_local(moment, JAKARTA)
    stamp = local.strftime("%Y%m%d-%H%M%S" if reason else "%Y%m%d-%H%M")
    tail = f"-auto-{reason}" if reason else ""
    return f"kipp-{part}-{stamp}WIB{tail}{SUFFIXES[backend]}"


def free_name(folder: Path, name: str) -> Path:
    """Return folder/name, or folder/name-2, -3 ... when that name is taken."""
    path = folder / name
    stem, suffix = name.rsplit(".", 1)
    n = 2
    while path.exists() or record_path(path).exists():
        path = folder / f"{stem}-{n}.{suffix}"
        n += 1
    return path


def record_path(backup: Path) -> Path:
    """Return where a backup's record (its counts, data version and checksum) lives."""
    return backup.with_name(backup.name + ".json")


def partial_path(folder: Path) -> Path:
    """Return a new partial file's path in the folder, named for this process."""
    return folder / f".kipp-{os.getpid()}-{secrets.token_hex(4)}.partial"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_partials(folder: Path) -> list[Path]:
    """Remove the partial files of processes that are gone (a backup or restore killed)."""
    removed = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            found = PARTIAL.match(path.name)
            if found and not _alive(int(found.group(1))):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
    return removed


def discard(*paths: Path) -> None:
    """Remove files a failed backup or restore left, quietly (they may not exist)."""
    for path in paths:
        for extra in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{path}{extra}").unlink()


def fsync_file(path: Path) -> None:
    """Flush a file's bytes to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename) to the disk, where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:  # some file systems (vfat on a USB stick) refuse it
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def sha256(path: Path) -> str:
    """Return a file's SHA-256 in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class BackupRecord:
    """What a backup held when it was made: written beside it, checked by a restore."""

    backend: str
    made_at: str
    data_version: int
    tables: dict[str, int]
    editions: list[str]
    revision: str | None
    size: int
    sha256: str

    def as_json(self) -> str:
        """Return the record as the JSON written beside the backup."""
        fields = {"kind": RECORD_KIND, **self.__dict__}
        return json.dumps(fields, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_record(backup: Path, record: BackupRecord) -> Path:
    """Write a backup's record atomically (a partial file renamed) and return its path."""
    target = record_path(backup)
    partial = partial_path(target.parent)
    try:
        with partial.open("w", encoding="utf-8") as handle:
            handle.write(record.as_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except BaseException:
        discard(partial)
        raise
    return target


def read_record(backup: Path) -> BackupRecord | None:
    """Return the record beside a backup, or None when there is none (or it is not ours)."""
    try:
        data = json.loads(record_path(backup).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.pop("kind", None) != RECORD_KIND:
        return None
    try:
        return BackupRecord(**data)
    except TypeError:
        return None


def _made_on(name: str) -> datetime | None:
    found = AUTOMATIC.match(name)
    if not found:
        return None
    try:
        stamp = f"{found.group(1)}{found.group(2)}+0700"  # WIB
        return datetime.strptime(stamp, "%Y%m%d%H%M%S%z")
    except ValueError:
        return None


def to_prune(names: list[str], *, last: int, days: int, now: datetime) -> list[str]:
    """Return the automatic backups to remove: all but the last `last` and one a day.

    One a day is the newest of each WIB day for the `days` days up to now. Names that are
    not automatic backups are never returned.
    """
    dated = sorted(
        ((moment, name) for name in names if (moment := _made_on(name)) is not None),
        reverse=True,
    )
    keep = {name for _moment, name in dated[:last]}
    first_day: date = to_local(now, JAKARTA).date() - timedelta(days=max(days - 1, 0))
    seen: set[date] = set()
    for moment, name in dated:
        day = moment.date()
        if days and day >= first_day and day not in seen:
            seen.add(day)
            keep.add(name)
    return [name for _moment, name in dated if name not in keep]


def prune(folder: Path, *, last: int, days: int, now: datetime) -> list[Path]:
    """Remove the automatic backups (and their records) beyond what BACKUP_KEEP keeps."""
    try:
        names = [path.name for path in folder.iterdir()]
    except OSError:
        return []
    removed = []
    for name in to_prune(names, last=last, days=days, now=now):
        path = folder / name
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
        with contextlib.suppress(OSError):
            record_path(path).unlink()
    return removed
