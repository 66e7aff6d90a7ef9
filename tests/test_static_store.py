"""Compressed static files kept on disk by content (dashboard/static_store.py, precompress).

A Dash app on a folder of assets of the test's own (no request made, so Dash has
registered none of its scripts: its icon and these files are all there is): precompress
puts each file on disk in each encoding, a second run (a restart) compresses nothing and
touches no entry, a changed file gets entries of its own; a process that starts with an
empty memory serves the entry on disk; workers starting together share the work.
"""

from __future__ import annotations

import gzip
import threading
import time
from pathlib import Path

import brotli
import pytest
from dash import Dash

from dashboard.compression import (
    ENCODINGS,
    Compressed,
    compress,
    entry_name,
    precompress,
    static_files,
)
from dashboard.static_store import LOCKS, DiskStore

SCRIPT = b"// kipp test script\n" + b"function tick(n) { return n + 1; }\n" * 50
STYLE = b"body { margin: 0; }\n" * 40


@pytest.fixture
def assets(tmp_path) -> Path:
    """An assets folder: a script, a style sheet in a subfolder, a map and a font."""
    folder = tmp_path / "assets"
    (folder / "kiosk").mkdir(parents=True)
    (folder / "kipp.js").write_bytes(SCRIPT)
    (folder / "kiosk" / "kiosk.css").write_bytes(STYLE)
    (folder / "kipp.js.map").write_bytes(b'{"version": 3}' * 100)  # developer tools only
    (folder / "font.woff2").write_bytes(b"\x00" * 2000)  # compressed already
    return folder


@pytest.fixture
def apps(assets) -> list[Dash]:
    return [Dash(__name__, assets_folder=str(assets))]


def _decode(body: bytes, encoding: str) -> bytes:
    return brotli.decompress(body) if encoding == "br" else gzip.decompress(body)


def _entries(store: DiskStore) -> dict[str, int]:
    """Every entry on disk with its modification time (ns)."""
    return {
        path.name: path.stat().st_mtime_ns
        for path in store.directory.iterdir()
        if path.is_file() and not path.name.startswith(".")
    }


def test_a_restart_compresses_nothing_and_a_changed_file_gets_new_entries(apps, assets, tmp_path):
    files = static_files(apps)
    assert SCRIPT in files and STYLE in files and len(files) == 3  # with Dash's icon
    store = DiskStore(tmp_path / "cache")

    first = precompress(apps, store)
    assert (first.entries, first.made, first.kept) == (6, 6, True)
    kept = _entries(store)
    assert set(kept) == {entry_name(e, data) for data in files for e in ENCODINGS}
    for data in files:
        for encoding in ENCODINGS:
            assert _decode(store.load(entry_name(encoding, data)), encoding) == data

    # A restart: another process with its own store object on the same folder.
    again = precompress(apps, DiskStore(tmp_path / "cache"))
    assert (again.entries, again.made) == (6, 0)
    assert _entries(store) == kept  # not one entry written again

    changed = SCRIPT + b"// and one more line\n"
    (assets / "kipp.js").write_bytes(changed)
    after = precompress(apps, DiskStore(tmp_path / "cache"))
    assert (after.entries, after.made) == (6, 2)
    now = _entries(store)
    assert {name: now[name] for name in kept} == kept  # the old file's entries untouched
    assert set(now) - set(kept) == {entry_name(e, changed) for e in ENCODINGS}
    assert _decode(store.load(entry_name("br", changed)), "br") == changed


def test_a_fresh_process_serves_the_entry_on_disk_without_compressing(tmp_path):
    store = DiskStore(tmp_path / "cache")
    # What another process wrote under the name of these bytes: not what compressing
    # them would give, so an answer equal to it was read, not compressed.
    marker = b"written by another process"
    assert store.save(entry_name("br", SCRIPT), marker)
    assert Compressed().get("br", SCRIPT, store) == marker

    made = Compressed().get("gzip", STYLE, store)  # nothing on disk: compressed and kept
    assert gzip.decompress(made) == STYLE
    assert store.load(entry_name("gzip", STYLE)) == made
    assert Compressed().get("gzip", STYLE, store) == made


def test_entries_are_whole_and_readable_and_an_unwritable_folder_only_costs_time(apps, tmp_path):
    store = DiskStore(tmp_path / "cache")
    assert store.load("missing.br11") is None and not store.has("missing.br11")
    assert store.save("x.br11", b"abc")
    assert store.load("x.br11") == b"abc"
    assert (store.directory / "x.br11").stat().st_mode & 0o777 == 0o644
    assert [p.name for p in store.directory.iterdir() if p.name.startswith(".")] == []

    (tmp_path / "a-file").write_bytes(b"")
    blocked = DiskStore(tmp_path / "a-file" / "cache")  # its parent is no folder
    assert not blocked.save("x.br11", b"abc")
    assert Compressed().get("br", STYLE, blocked) == compress("br", STYLE)
    refused = precompress(apps, blocked)  # stops at the first entry the folder refuses
    assert (refused.entries, refused.made, refused.kept) == (6, 0, False)
    with blocked.claim("x.br11", wait=False) as held:
        assert held


def test_a_claim_is_held_against_other_claimants_until_let_go(tmp_path):
    store = DiskStore(tmp_path / "cache")
    with store.claim("a.br11", wait=False) as held:
        assert held
        with store.claim("a.br11", wait=False) as other:  # another open file: another holder
            assert not other
        with store.claim("b.br11", wait=False) as unrelated:
            assert unrelated
    with store.claim("a.br11", wait=False) as held_again:
        assert held_again
    assert (store.directory / LOCKS / "a.br11").exists()
    assert not store.has("a.br11")  # claims are not entries


def test_workers_starting_together_share_the_work(apps, tmp_path):
    """An entry claimed by another worker is left to it, then waited for, never redone."""
    store = DiskStore(tmp_path / "cache")
    names = [entry_name(e, data) for data in static_files(apps) for e in ENCODINGS]
    theirs = entry_name("br", SCRIPT)
    done = []
    with store.claim(theirs, wait=False) as held:
        assert held
        worker = threading.Thread(target=lambda: done.append(precompress(apps, store)))
        worker.start()
        deadline = time.monotonic() + 60
        while not all(store.has(n) for n in names if n != theirs):
            assert time.monotonic() < deadline, "the others were not compressed"
            time.sleep(0.02)
        assert not store.has(theirs) and not done  # left to its claimant, and waited for
        marker = b"compressed by the other worker"
        store.save(theirs, marker)
    worker.join(timeout=60)
    assert [(d.entries, d.made) for d in done] == [(6, 5)]
    assert store.load(theirs) == marker  # read as done, not compressed again
