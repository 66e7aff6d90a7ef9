"""Backups under faults, with real processes: a writer at full speed, SIGKILL, a full disk.

(a) A backup taken while the rehearsal jury writes in another process restores to a
database that passes its check and whose ranking is the one the writer saw at the backup's
data version (tests/backup_writer.py logs, after each commit, the version and a digest of
repr(ranking)). (b) `python -m data_access backup` and `restore` killed (the whole process
group, pg_dump and pg_restore with it) leave nothing under the final name and the target
either untouched or fully restored. (c) A target that cannot be written fails with a clear
message and leaves the live database as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from data_access.backups import BackupFailed, backup, restore
from data_access.backups.files import PARTIAL, read_record
from data_access.db import make_engine
from tests.backup_writer import state
from tests.cli_run import cli, refused

ROOT = Path(__file__).resolve().parent.parent


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def pg_empty(pg_server_url, pg_spares) -> Iterator[str]:
    """A new PostgreSQL database with nothing in it, dropped behind the test."""
    name = f"kipp_empty_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_libpq(pg_server_url), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield make_url(pg_server_url).set(database=name).render_as_string(hide_password=False)
    pg_spares.give_back(name)


def _empty_target(request, backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'restored' / 'kipp.sqlite3'}"
    return request.getfixturevalue("pg_empty")


def _state(url: str) -> tuple[int, str]:
    engine = make_engine(url)
    try:
        return state(engine)
    finally:
        engine.dispose()


def _tables(url: str) -> int:
    """Return how many tables the database holds (0: empty, untouched by a killed restore)."""
    from data_access.backups import facts

    if url.startswith("sqlite"):
        import sqlite3

        path = make_url(url).database
        if not path or not os.path.exists(path):
            return 0
        with contextlib.closing(sqlite3.connect(path)) as connection:
            return len(facts.table_names(connection.cursor(), "sqlite"))
    with psycopg.connect(_libpq(url)) as connection, connection.cursor() as cursor:
        return len(facts.table_names(cursor, "postgresql"))


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": ""}


def _read_log(log: Path) -> dict[int, str]:
    """Return the writer's log: data version -> ranking digest (a line cut by the kill left out)."""
    seen = {}
    for line in log.read_text().splitlines() if log.exists() else []:
        with contextlib.suppress(ValueError):
            version, digest = json.loads(line)
            seen[version] = digest
    return seen


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_a_backup_under_a_writer_restores_the_ranking_of_its_data_version(
    request, backend, tmp_path
):
    """(a) What is compared: the restored database's data version V and the digest of its
    ranking, with the digest the writer logged right after the commit that produced V."""
    url = request.getfixturevalue("demo_url" if backend == "sqlite" else "pg_demo_url")
    log = tmp_path / "writer.log"
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.backup_writer", url, str(log)], cwd=ROOT, env=_env()
    )

    try:
        deadline = time.monotonic() + 30
        while len(_read_log(log)) < 3 and writer.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.005)
        made = backup(url, folder=tmp_path / "out")
        # Once the writer has logged a commit after the backup's, its log holds the
        # backup's version too (logged before): the rest of its work is not needed.
        while max(_read_log(log)) <= made.data_version and writer.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.005)
    finally:
        writer.kill()
        writer.wait(timeout=30)
    seen = _read_log(log)
    versions = sorted(seen)
    # The backup fell between the writer's commits, with commits before and after it.
    assert versions[0] < made.data_version < versions[-1], (versions, made.data_version)
    target = _empty_target(request, backend, tmp_path)
    done = restore(made.path, target)
    assert done.recorded and done.restored.data_version == made.data_version
    version, digest = _state(target)
    assert version == made.data_version
    assert digest == seen[made.data_version]
    assert digest != seen[versions[-1]]  # the ranking did move after the backup


def _group_kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def _start(url: str, *args: str) -> subprocess.Popen:
    argv = [sys.executable, "-m", "data_access", "--database-url", url, *args]
    return subprocess.Popen(
        argv,
        cwd=ROOT,
        env=_env(),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(condition, process: subprocess.Popen, timeout: float = 30) -> bool:
    """Poll until condition() holds (True) or the process ended first (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.001)
    raise AssertionError("timed out")


def _partials(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if PARTIAL.match(p.name)] if folder.exists() else []


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_a_killed_backup_leaves_no_file_under_the_final_name(request, backend, tmp_path):
    """(b) SIGKILL once the partial file appears: no backup under a final name, the partial
    swept by the next backup, which then succeeds."""
    url = request.getfixturevalue("decided_url" if backend == "sqlite" else "pg_decided_url")
    out = tmp_path / "out"
    out.mkdir()
    before = _state(url)
    process = _start(url, "backup", "--out", str(out))
    appeared = _wait_for(lambda: bool(_partials(out)), process)
    time.sleep(random.uniform(0, 0.01))
    _group_kill(process)
    finals = [p for p in out.iterdir() if not PARTIAL.match(p.name)]
    if appeared and not finals:  # killed mid-way: only the partial is left
        assert _partials(out)
    else:  # it had finished: then the backup is whole and its record says so
        backups = [p for p in finals if not p.name.endswith(".json")]
        assert len(backups) == 1 and read_record(backups[0]) is not None
    for final in finals:
        assert not final.name.endswith(".partial")
    assert _state(url) == before
    made = backup(url, folder=out)
    assert _partials(out) == [] and made.data_version == before[0]


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_a_killed_restore_leaves_the_target_untouched_or_whole(request, backend, tmp_path):
    """(b) SIGKILL while restoring (SQLite: once the partial appears; PostgreSQL: once
    pg_restore is connected): the target is empty as before, or fully restored."""
    url = request.getfixturevalue("decided_url" if backend == "sqlite" else "pg_decided_url")
    made = backup(url, folder=tmp_path / "out")
    target = _empty_target(request, backend, tmp_path)
    process = _start(target, "restore", str(made.path))
    if backend == "sqlite":
        folder = Path(make_url(target).database or "").parent
        _wait_for(lambda: bool(_partials(folder)), process)
    else:
        name = make_url(target).database

        def restoring() -> bool:
            with psycopg.connect(_libpq(target), autocommit=True) as c:
                found = c.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                    "AND application_name = 'pg_restore'",
                    (name,),
                ).fetchone()
            return bool(found and found[0])

        _wait_for(restoring, process)
    time.sleep(random.uniform(0, 0.05))
    _group_kill(process)
    deadline = time.monotonic() + 10  # the server ends the dead session's transaction
    while backend != "sqlite" and time.monotonic() < deadline:
        with psycopg.connect(_libpq(target), autocommit=True) as c:
            row = c.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> "
                "pg_backend_pid()",
                (make_url(target).database,),
            ).fetchone()
        if not row or not row[0]:
            break
        time.sleep(0.05)
    tables = _tables(target)
    if tables:  # fully restored: the ranking of the backup, every count
        assert tables == len(made.tables)
        assert _state(target)[0] >= made.data_version
    # Either way, a restore now goes through (into what is still empty) or is refused as
    # not empty (what is whole); never a half-restored database.
    result = cli(target, "restore", str(made.path))
    assert (result.returncode == 0) == (tables == 0), result.stderr
    assert _state(target)[0] >= made.data_version


def _mount(folder: Path, *options: str) -> bool:
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_a_target_that_cannot_be_written_fails_clearly_and_leaves_the_database(
    request, backend, tmp_path
):
    """(c) /dev/full, a read-only folder and (as root) a 1 MB tmpfs: exit 1, a clear message
    in both languages, nothing left behind, the live database as it was."""
    url = request.getfixturevalue("decided_url" if backend == "sqlite" else "pg_decided_url")
    before = _state(url)
    live = make_url(url).database if backend == "sqlite" else None
    live_hash = hashlib.sha256(Path(live).read_bytes()).hexdigest() if live else None
    stderr = refused(cli(url, "backup", "--out", "/dev/full"))
    assert "/dev/full bukan berkas biasa" in stderr and "is not a regular file" in stderr
    mounted = []
    try:
        if os.geteuid() == 0:
            small, readonly = tmp_path / "small", tmp_path / "readonly"
            assert _mount(small, "size=256k") and _mount(readonly, "ro,size=1m")
            mounted += [small, readonly]
            (small / "filler").write_bytes(b"x" * 200 * 1024)  # 56 KB left: too little
            stderr = refused(cli(url, "backup", "--out", str(small / "kipp.bak")))
            assert "penuh" in stderr and "is full" in stderr, stderr
            assert sorted(p.name for p in small.iterdir()) == ["filler"]
            stderr = refused(cli(url, "backup", "--out", str(readonly / "kipp.bak")))
        else:
            readonly = tmp_path / "readonly"
            readonly.mkdir(mode=0o500)
            stderr = refused(cli(url, "backup", "--out", str(readonly / "kipp.bak")))
        assert "tidak bisa ditulisi" in stderr and "cannot be written" in stderr, stderr
        assert list(readonly.iterdir()) == []
    finally:
        for folder in mounted:
            subprocess.run(["umount", str(folder)], check=False)
    assert _state(url) == before
    if live:
        assert hashlib.sha256(Path(live).read_bytes()).hexdigest() == live_hash
    with pytest.raises(BackupFailed):
        backup(url, "/dev/full")
