"""News streams (dashboard/push.py): the data version pushed to open tabs, under gunicorn.

The production command serves (tests/serving.py); a viewer holds `GET /api/versi/alir`
as a browser's EventSource does, and what it reads is checked event by event.
"""

from __future__ import annotations

import json
import queue
import runpy
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from dashboard.push import LIGHT_THREADS, NEWS_PATH, WorkLimit
from dashboard.security import DASH_UPDATE
from tests.serving import Gunicorn
from tests.test_poll import bump_version, database_version
from tests.web import csrf_from, demo_with_accounts, http_login

EVENT_WAIT_S = 15.0


class Stream:
    """One held news stream, read by a thread: its events arrive in a queue as (name, data)."""

    def __init__(self, browser: requests.Session, url: str) -> None:
        self.response = browser.get(f"{url}{NEWS_PATH}", stream=True, timeout=(5, 60))
        self.events: queue.Queue = queue.Queue()
        self.ended_cleanly: bool | None = None
        if self.response.status_code == 200:
            threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        name, data = "message", None
        try:
            for line in self.response.iter_lines(decode_unicode=True):
                if line.startswith("event: "):
                    name = line[len("event: ") :]
                elif line.startswith("data: "):
                    data = json.loads(line[len("data: ") :])
                elif line == "" and data is not None:
                    self.events.put((name, data))
                    name, data = "message", None
            self.ended_cleanly = True
        except Exception:  # cut (requests), or closed by the test while reading (urllib3)
            self.ended_cleanly = False
        self.events.put(("closed", None))

    def next(self, wait_s: float = EVENT_WAIT_S) -> tuple[str, dict | None]:
        return self.events.get(timeout=wait_s)

    def until(self, wanted) -> tuple[str, dict | None]:
        """Return the first event for which wanted(name, data) holds (heartbeats skipped)."""
        while True:
            name, data = self.next()
            if wanted(name, data) or name == "closed":
                return name, data


@pytest.fixture
def serve(demo_template, tmp_path) -> Iterator:
    """serve(workers, **env): the production server on a copy of the demo with ACCOUNTS."""
    url, _screen = demo_with_accounts(demo_template, tmp_path)
    servers: list[Gunicorn] = []

    def start(workers: int = 1, **env: str) -> Gunicorn:
        server = Gunicorn(
            url,
            Path(tmp_path),
            workers=workers,
            env=env,
            log=tmp_path / f"gunicorn-{len(servers)}.log",
        )
        servers.append(server)
        server.start()
        return server

    start.database_url = url  # type: ignore[attr-defined]
    yield start
    for server in servers:
        server.stop()


def test_a_tab_hears_of_a_new_score_and_of_its_ended_session(serve):
    """The first event is the version; a save is pushed; a logout ends the stream; a full
    worker refuses with 503 (the tab polls), and takes a stream again once one closed."""
    server = serve(PUSH_STREAMS="2", PUSH_STREAM_S="120")
    url = serve.database_url

    anonymous = requests.get(f"{server.url}{NEWS_PATH}", timeout=10)
    assert anonymous.status_code == 401 and anonymous.json() == {}
    assert "event-stream" not in anonymous.headers["Content-Type"]

    viewer = http_login(server.url, "tamu")
    first = Stream(viewer, server.url)
    assert first.response.status_code == 200
    assert first.response.headers["Content-Type"].startswith("text/event-stream")
    assert first.response.headers["Cache-Control"] == "no-store"
    assert first.response.headers["X-Accel-Buffering"] == "no"
    assert "Set-Cookie" not in first.response.headers  # the callbacks slide the session
    name, data = first.next()
    assert name == "message" and data["version"] == database_version(url)
    assert data["badges"]["id"].startswith("Diperbarui pukul")
    assert data["badges"]["en"].startswith("Updated at")

    bump_version(url)
    moved = database_version(url)
    name, data = first.until(lambda n, d: n != "message" or d.get("version") == moved)
    assert (name, data["version"]) == ("message", moved)

    # The worker holds two streams: a third tab is refused and polls instead.
    bupati = http_login(server.url, "bupati")
    second = Stream(bupati, server.url)
    assert second.response.status_code == 200
    third = requests.Session()
    third.cookies.update(bupati.cookies)
    refused = third.get(f"{server.url}{NEWS_PATH}", timeout=10)
    assert refused.status_code == 503 and refused.headers["Retry-After"] == "60"

    # The viewer logs out in another tab: its stream says so and closes; the bupati's lives.
    page = viewer.get(f"{server.url}/login", timeout=10)
    logout = viewer.post(
        f"{server.url}/logout", data={"csrf": csrf_from(page.text)}, allow_redirects=False
    )
    assert logout.status_code == 302
    assert first.until(lambda n, d: n != "message") == ("ended", {})
    assert first.next() == ("closed", None) and first.ended_cleanly

    # Its slot is free again.
    again = Stream(third, server.url)
    assert again.response.status_code == 200
    assert again.next()[0] == "message"
    # The fixture's stop closes the open streams (a worker's own stop, tested below).


def test_streams_end_by_themselves_and_never_hold_up_a_stop(serve):
    """A stream closes after PUSH_STREAM_S (the browser reconnects), and a stopping worker
    closes its streams at once instead of being killed after the graceful timeout."""
    server = serve(PUSH_STREAM_S="1")
    viewer = http_login(server.url, "tamu")
    short = Stream(viewer, server.url)
    assert short.next()[0] == "message"
    assert short.until(lambda n, d: False) == ("closed", None) and short.ended_cleanly

    server.stop()
    long_lived = serve(workers=2, PUSH_STREAM_S="300", GUNICORN_GRACEFUL_TIMEOUT="30")
    streams = [Stream(http_login(long_lived.url, "tamu"), long_lived.url) for _ in range(4)]
    for stream in streams:
        assert stream.next()[0] == "message"
    # Stopping waits for the streams (gunicorn would kill its workers only after 30 s).
    long_lived.stop(graceful=True)
    for stream in streams:
        assert stream.until(lambda n, d: False) == ("closed", None)
        assert stream.ended_cleanly, "the stream was cut, not closed by the worker"
    log = long_lived.log.read_text()
    assert "SIGKILL" not in log and "Traceback" not in log, log


def test_saves_and_screens_polls_never_queue_behind_callbacks():
    """WorkLimit's two lanes: with every callback slot held by a refresh waiting for a new
    version's figures, a save or a screen's state poll still goes straight in; a further
    callback waits for a slot."""
    release = threading.Event()
    inside: list[str] = []

    def app(environ, start_response):
        inside.append(environ["PATH_INFO"])
        if environ["PATH_INFO"].endswith(DASH_UPDATE):
            release.wait(10)
        start_response("200 OK", [])
        return [b"ok"]

    limited = WorkLimit(app, work_threads=2, light_threads=1)

    def call(path: str) -> threading.Thread:
        thread = threading.Thread(target=limited, args=({"PATH_INFO": path}, lambda *a: None))
        thread.start()
        return thread

    held = [call(f"/{DASH_UPDATE}"), call(f"/kiosk/{DASH_UPDATE}")]
    while len(inside) < 2:
        time.sleep(0.01)
    waiting = call(f"/{DASH_UPDATE}")
    for light in ("/kiosk/api/state", "/penilaian/simpan"):
        thread = call(light)
        thread.join(2)
        assert not thread.is_alive(), f"{light} waited behind the callbacks"
    assert inside[2:] == ["/kiosk/api/state", "/penilaian/simpan"]  # the third callback waits
    release.set()
    for thread in [*held, waiting]:
        thread.join(5)
    assert inside[-1] == f"/{DASH_UPDATE}"


def test_gunicorn_gives_each_lane_and_every_stream_a_thread():
    config = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
    assert config["LIGHT_THREADS"] == LIGHT_THREADS
    assert config["threads"] == 4 + LIGHT_THREADS + 150 + config["TICK_THREADS"]
