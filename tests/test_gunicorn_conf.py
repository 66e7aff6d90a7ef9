"""The production command's settings (gunicorn.conf.py) as a running server shows them."""

from __future__ import annotations

import re
import stat
import time
import urllib.request
from pathlib import Path

import brotli

from dashboard.compression import entry_name
from tests.serving import ROOT, Gunicorn

STATIC_LINE = re.compile(r"Static files: (\d+) compressed entries on disk, (\d+) made now")
PLOTLY_KIPP = "vendor/plotly-kipp.min.js"  # the largest file a page loads (1.2 MB)


def test_each_instance_keeps_its_control_socket_beside_its_data(sqlite_url, tmp_path):
    """Two servers of one user: each has its own control socket, none takes the other's."""
    first, second = tmp_path / "one", tmp_path / "two"
    # The control socket is the master's: one worker each, both started at once.
    servers = [Gunicorn(sqlite_url, first, workers=1), Gunicorn(sqlite_url, second, workers=1)]
    try:
        for server in servers:
            server.spawn()
        for server in servers:
            server.wait_until_up()
        for folder in (first, second):
            socket_file = folder / "gunicorn.ctl"
            assert socket_file.exists(), f"no control socket in {folder}"
            assert stat.S_ISSOCK(socket_file.stat().st_mode)
    finally:
        for server in servers:
            server.stop()


def _static_lines(log: Path, workers: int) -> list[tuple[int, int]]:
    """Wait for each worker's line on the static files; return (entries, made now) of each."""
    deadline = time.monotonic() + 60
    while True:
        found = STATIC_LINE.findall(log.read_text(errors="replace")) if log.exists() else []
        if len(found) >= workers or time.monotonic() > deadline:
            return [(int(entries), int(made)) for entries, made in found]
        time.sleep(0.1)


def _raw_get(url: str, encoding: str) -> tuple[str | None, bytes]:
    """GET with one Accept-Encoding; return Content-Encoding and the body as sent."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers.get("Content-Encoding"), response.read()


def test_workers_compress_the_static_files_once_and_a_restart_reads_them(
    sqlite_url, tmp_path, static_cache_dir
):
    """Issue 16: static files compressed once per deployment, kept on disk by their content."""
    first = Gunicorn(sqlite_url, tmp_path, log=tmp_path / "first.log")
    try:
        first.start()
        lines = _static_lines(tmp_path / "first.log", 2)
        encoding, body = _raw_get(f"{first.url}/assets/{PLOTLY_KIPP}", "br")
    finally:
        first.stop()
    # Both workers checked every file; whatever they made (the run's first server makes
    # them all), each entry is now on disk and is what a browser gets.
    assert len(lines) == 2 and lines[0][0] == lines[1][0] > 40, lines
    entries = lines[0][0]
    kept = {p.name: p.stat().st_mtime_ns for p in static_cache_dir.iterdir() if p.is_file()}
    assert len(kept) >= entries
    plain = (ROOT / "assets" / PLOTLY_KIPP).read_bytes()
    assert encoding == "br" and body == (static_cache_dir / entry_name("br", plain)).read_bytes()
    assert brotli.decompress(body) == plain

    second = Gunicorn(sqlite_url, tmp_path, log=tmp_path / "second.log", workers=1)
    try:
        second.start()
        assert _static_lines(tmp_path / "second.log", 1) == [(entries, 0)]  # nothing compressed
        assert _raw_get(f"{second.url}/assets/{PLOTLY_KIPP}", "br") == ("br", body)
    finally:
        second.stop()
    for name, mtime in kept.items():
        assert (static_cache_dir / name).stat().st_mtime_ns == mtime, name  # none rewritten
