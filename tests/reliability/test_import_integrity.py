"""An import killed while it writes leaves the database exactly as before; a repeat changes nothing.

The command line imports in a real process, on SQLite and on PostgreSQL. The killed
import is a sizeable one (80,000 score rows); its progress bars, which the CLI draws
when stderr is a terminal (here a pseudo-terminal), say when it is writing the scores
inside its one transaction: then it gets SIGKILL, no chance to clean up. Before and after
are compared as a full logical dump (every table, every row, in order); on SQLite also
PRAGMA integrity_check and the main file's bytes, read before any connection could
checkpoint anything into it.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy import select as sql_select
from sqlalchemy.engine import make_url

from data_access.db import make_engine
from data_access.models import DataVersion
from data_access.settings import PROJECT_ROOT
from tests.cli_run import cli, ok
from tests.test_import_fixtures import BASE, csv_text, write_folder

CRITERIA = ("ringkasan", "latar_belakang", "kebaruan", "implementasi")
APP_NAME = "kipp-import-killed"
# tqdm's bar as the CLI draws it: "scores.csv:  15%|█▌        | 12000/80000 [...]".
BAR = re.compile(r"(\S+\.csv):\s*\d+%\|[^|]*\|\s*(\d+)/(\d+)")


def import_files(jurors: int, innovations: int) -> dict[str, list[list[str]]]:
    """Return BASE grown to jurors × innovations × 4 proposal scores (BASE's J1 renamed)."""
    juror_rows = [["code", "name", "group"]] + [
        [f"J{j}", f"Juri {j}", "Undip"] for j in range(1, jurors + 1)
    ]
    innovation_rows = BASE["innovations"] + [
        [f"I{i}", f"Inovasi {i}", "DKK", "", "", "2022-11-01 08:00", "lolos"]
        for i in range(innovations)
    ]
    scores = [BASE["scores"][0]] + [
        [f"J{j}", f"I{i}", "proposal", code, str((i * j + k) % 101), "2022-11-18 10:00"]
        for j in range(1, jurors + 1)
        for i in range(innovations)
        for k, code in enumerate(CRITERIA)
    ]
    scores += BASE["scores"][1:]
    return {**BASE, "jurors": juror_rows, "innovations": innovation_rows, "scores": scores}


@pytest.fixture(scope="module")
def big_import(tmp_path_factory) -> Path:
    """A folder of CSV files with 80,000 new score rows (about 4 MB)."""
    folder = tmp_path_factory.mktemp("big-import")
    for name, rows in import_files(40, 500).items():
        (folder / f"{name}.csv").write_text(csv_text(rows), encoding="utf-8")
    return folder


def full_dump(engine: Engine) -> dict[str, list[tuple]]:
    """Return every row of every table of the database (not only the models'), ordered."""
    with engine.connect() as conn:
        names = sorted(inspect(conn).get_table_names())
        if conn.dialect.name == "sqlite":  # SQLite's own tables too (AUTOINCREMENT, ANALYZE)
            internal = text(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'sqlite_%'"
            )
            names += sorted(conn.execute(internal).scalars())
        dumped = {}
        for name in names:
            columns = [column["name"] for column in inspect(conn).get_columns(name)]
            order = ", ".join(f'"{column}"' for column in columns)
            rows = conn.execute(text(f'SELECT * FROM "{name}" ORDER BY {order}'))
            dumped[name] = [tuple(row) for row in rows]
    return dumped


def data_version(engine: Engine) -> int:
    """Return the counter every write bumps."""
    with engine.connect() as conn:
        return conn.scalar(sql_select(DataVersion.version))


def sqlite_file(url: str) -> Path | None:
    """Return the database file of a SQLite URL, None for PostgreSQL."""
    parsed = make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" else None


def import_killed_while_writing(url: str, folder: Path) -> str:
    """Run the CLI import, SIGKILL it once it has written some scores; return what it drew."""
    master, terminal = pty.openpty()
    # A window size, or tqdm draws nothing on the pseudo-terminal.
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 160, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "data_access", "--database-url", url, "import", str(folder)],
        cwd=PROJECT_ROOT,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=terminal,
    )
    os.close(terminal)
    drawn = ""
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if not ready:
                continue
            try:
                drawn += os.read(master, 65536).decode("utf-8", errors="replace")
            except OSError:  # the terminal closed: the process ended by itself
                break
            bars = BAR.findall(drawn)
            if bars and bars[-1][0] == "scores.csv" and 0 < int(bars[-1][1]) < int(bars[-1][2]):
                process.send_signal(signal.SIGKILL)
                break
    finally:
        returncode = process.wait(timeout=60)
        os.close(master)
    assert returncode == -signal.SIGKILL, f"the import was not killed mid-way:\n{drawn[-2000:]}"
    return drawn


def wait_for_backend_gone(engine: Engine) -> None:
    """Wait until PostgreSQL has ended the killed client's backend (and rolled it back)."""
    query = text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name")
    deadline = time.monotonic() + 30
    with engine.connect() as conn:
        while conn.execute(query, {"name": APP_NAME}).scalar():
            assert time.monotonic() < deadline, "the killed import's backend lives on"
            time.sleep(0.05)
            conn.rollback()  # a fresh snapshot of pg_stat_activity


def test_killed_import_leaves_the_database_as_it_was(db_url, big_import, tmp_path):
    ok(cli(db_url, "import", str(write_folder(tmp_path / "base"))))
    engine = make_engine(db_url)
    try:
        before, version = full_dump(engine), data_version(engine)
        engine.dispose()  # SQLite: the last connection closes, the WAL is checkpointed away
        path = sqlite_file(db_url)
        if path is not None:
            assert not Path(f"{path}-wal").exists()
            file_before = path.read_bytes()

        url = db_url
        if path is None:  # name the import's connection, to see PostgreSQL end it
            url = make_url(db_url).update_query_dict({"application_name": APP_NAME})
            url = url.render_as_string(hide_password=False)
        drawn = import_killed_while_writing(url, big_import)
        # It had written units, innovations and jurors, and was writing the scores.
        assert "innovations.csv: 100%" in drawn and "jurors.csv: 100%" in drawn

        if path is not None:
            # Before any connection: nothing uncommitted ever reaches the main file.
            assert path.read_bytes() == file_before
            with sqlite3.connect(path) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            conn.close()
        else:
            wait_for_backend_gone(engine)
        assert full_dump(engine) == before
        assert data_version(engine) == version
        engine.dispose()
        if path is not None:  # opening and closing it (WAL recovery, checkpoint) changed nothing
            assert path.read_bytes() == file_before

        # Nothing is left locked: the next import goes through.
        renamed = [["code", "name", "group"], ["J1", "Prof. Budi Santoso", "Undip"]]
        ok(cli(db_url, "import", str(write_folder(tmp_path / "next", jurors=renamed))))
        assert data_version(engine) > version
    finally:
        engine.dispose()


def test_same_import_twice_changes_nothing(db_url, tmp_path):
    folder = write_folder(tmp_path / "in", import_files(10, 100))
    first = ok(cli(db_url, "import", str(folder)))
    assert "scores.csv: inserted 4005" in first
    engine = make_engine(db_url)
    try:
        before, version = full_dump(engine), data_version(engine)
        engine.dispose()
        path = sqlite_file(db_url)
        file_before = path.read_bytes() if path is not None else None

        again = ok(cli(db_url, "import", str(folder)))
        for line in again.splitlines()[:-1]:
            assert "inserted 0, updated 0," in line, line
        assert "scores.csv: inserted 0, updated 0, unchanged 4005, ignored 0" in again
        if path is not None:
            assert path.read_bytes() == file_before
        assert full_dump(engine) == before
        assert data_version(engine) == version
    finally:
        engine.dispose()
