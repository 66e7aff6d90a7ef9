"""Compressed static files on disk, named by their content: shared by processes and restarts.

An entry's name is the SHA-256 of the file's bytes with the encoding and level it was
compressed at (`<sha256>.br11`), so an entry can never be stale: a changed file, or a
changed level, is another name. Entries are written whole or not at all (a temporary file,
synced, then renamed), so a reader in another process never sees half of one. Entries of
files no longer served stay until the folder is emptied; deleting it is always safe.

A claim (an advisory lock on `locks/<name>`, let go by the kernel if its holder dies) lets
processes starting together share the work: each compresses what nobody else is
compressing and then waits for the rest (dashboard/compression.py, precompress).
"""

from __future__ import annotations

import fcntl
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCKS = "locks"

log = logging.getLogger(__name__)


class DiskStore:
    """A folder of compressed files, each named by what it holds."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def has(self, name: str) -> bool:
        """Return whether the entry is on disk."""
        return (self.directory / name).is_file()

    def load(self, name: str) -> bytes | None:
        """Return the entry's bytes, or None when there is none."""
        try:
            body = (self.directory / name).read_bytes()
        except OSError:  # none there, or a folder it may not read: compressed again
            return None
        return body or None  # an empty file is no compressed file

    def save(self, name: str, body: bytes) -> bool:
        """Write the entry whole (or not at all); return False when the folder refuses it."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.directory, prefix=f".{name}.")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(body)
                    out.flush()
                    # Synced before the rename: after a crash the name holds all of it.
                    os.fsync(out.fileno())
                os.chmod(temporary, 0o644)  # mkstemp makes it 0600; every worker reads it
                os.replace(temporary, self.directory / name)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as exc:
            # A cache it cannot write costs time, never an answer: served from memory.
            log.warning("cannot keep a compressed static file in %s: %s", self.directory, exc)
            return False
        return True

    @contextmanager
    def claim(self, name: str, *, wait: bool) -> Iterator[bool]:
        """Hold the entry's claim while the block runs; yield False if another holds it."""
        folder = self.directory / LOCKS
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder / name, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            yield True  # no claims in an unwritable folder: everyone compresses for himself
            return
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
                held = True
            except BlockingIOError:
                held = False
            yield held
        finally:
            os.close(fd)  # closing lets the claim go
