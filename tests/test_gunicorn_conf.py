"""The production command's settings (gunicorn.conf.py) as a running server shows them."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import brotli

from app import create_app
from dashboard.compression import COMPRESSION_KEY, entry_name
from dashboard.services import EXTENSION_KEY
from data_access.settings import Settings
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


def test_a_starting_worker_reads_the_static_files_compressed_before_and_makes_none(
    sqlite_url, tmp_path, static_cache_dir
):
    """Issue 16: static files compressed once per deployment, kept on disk by their content.

    An app built here puts them in the run's folder first (as a first start would, unless
    an earlier server of the run did); then both workers of a new server find every one.
    """
    app = create_app(
        Settings(
            database_url=sqlite_url,
            instance_dir=str(tmp_path),
            static_cache_dir=str(static_cache_dir),
        )
    )
    try:
        done = app.extensions[COMPRESSION_KEY].precompress()
    finally:
        app.extensions[EXTENSION_KEY].dispose()
    assert done is not None and done.kept and done.entries > 40
    kept = {p.name: p.stat().st_mtime_ns for p in static_cache_dir.iterdir() if p.is_file()}
    assert len(kept) >= done.entries

    server = Gunicorn(sqlite_url, tmp_path, log=tmp_path / "gunicorn.log")
    try:
        server.start()
        # Each worker checked every file and compressed none.
        assert _static_lines(tmp_path / "gunicorn.log", 2) == [(done.entries, 0)] * 2
        encoding, body = _raw_get(f"{server.url}/assets/{PLOTLY_KIPP}", "br")
    finally:
        server.stop()
    plain = (ROOT / "assets" / PLOTLY_KIPP).read_bytes()
    assert encoding == "br" and body == (static_cache_dir / entry_name("br", plain)).read_bytes()
    assert brotli.decompress(body) == plain
    for name, mtime in kept.items():
        assert (static_cache_dir / name).stat().st_mtime_ns == mtime, name  # none rewritten


def test_the_master_loads_the_libraries_and_never_the_app():
    """Workers fork with the libraries loaded; the app itself is loaded in each worker.

    So a worker starts with some 0.6 s less CPU, and a HUP still loads new app code (the
    master holds none of it, nor a database engine opened before the fork).
    """
    probe = (
        "import runpy, sys\n"
        "conf = runpy.run_path('gunicorn.conf.py')\n"
        "ours = {'app', 'dashboard', 'data_access'}\n"
        "mine = sorted({m.split('.')[0] for m in sys.modules} & ours)\n"
        "missing = [m for m in conf['PRELOADED'] if m not in sys.modules]\n"
        "print(mine, missing)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] []"
    # Every library named is one the app imports (the list preloads nothing for nothing).
    used = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, app, runpy\n"
            "conf = runpy.run_path('gunicorn.conf.py')\n"
            "print([m for m in conf['PRELOADED'] if m not in sys.modules])",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert used.stdout.strip() == "[]", used.stderr
