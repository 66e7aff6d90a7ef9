"""A load-bench tab's news stream: the EventSource of kipp-live.js, played by a thread.

A LiveViewer (bench/load_live.py) that streams holds `GET /api/versi/alir` through a
NewsFeed: it keeps the newest version the stream said, wakes the viewer when it moves,
and opens the stream again after it ends (at once) or is refused (NEWS_RETRY_S later),
as the browser does. Opening a stream is recorded as STREAM: the time until its answer's
head came.
"""

from __future__ import annotations

import contextlib
import json
import math
import socket
import threading
import time
from typing import Any, Protocol

import requests

from dashboard.push import NEWS_PATH, RETRY_MS

STREAM = "news stream"  # opening a tab's stream: the time until its answer's head came
NEWS_RETRY_S = 60.0  # kipp-live.js: a refused stream is tried again this much later
STREAM_TIMEOUT = (30, 60)  # connect, and silence between events (heartbeat: 15 s)


class Tab(Protocol):
    """What a feed uses of its tab (bench/load_live.py's LiveViewer), named here so that
    this module does not import the one that imports it."""

    http: requests.Session
    crowd: Any  # load_live.Crowd: its audience (stop, recorder) and count()

    @property
    def name(self) -> str: ...

    def session(self, cookies) -> requests.Session: ...

    def record(self, kind: str, started: float, error: str | None = None) -> None: ...


class NewsFeed(threading.Thread):
    """A tab's EventSource: holds the news stream, keeps its newest version, opens it again."""

    def __init__(self, viewer: Tab) -> None:
        super().__init__(name=f"{viewer.name} news", daemon=True)
        self.viewer = viewer
        self.version: int | None = None
        self.live = False
        self.news = threading.Condition()
        self.running = threading.Event()  # cleared while a phone's page reloads
        self.running.set()
        self.failed_at = -math.inf
        self.response: requests.Response | None = None
        self.closing = False

    def wait(self, known: int | None, timeout: float) -> int | None:
        """Wait (at most `timeout`) for news of a version other than `known`; return it, or None."""
        with self.news:
            self.news.wait_for(
                lambda: not self.live or (self.version is not None and self.version != known),
                max(0.0, timeout),
            )
            return self.version if self.live and self.version != known else None

    def run(self) -> None:
        stop = self.viewer.crowd.audience.stop
        http = self.viewer.session(self.viewer.http.cookies)
        try:
            while not stop.is_set():
                if not self.running.wait(1):
                    continue
                retry_in = self.failed_at + NEWS_RETRY_S - time.monotonic()
                if retry_in > 0:
                    stop.wait(min(retry_in, 1.0))
                    continue
                if self.hold(http) and not stop.is_set():
                    stop.wait(RETRY_MS / 1000)  # EventSource's retry after an ended stream
        finally:
            http.close()

    def hold(self, http: requests.Session) -> bool:
        """Hold one stream until it ends; return True when it ended as streams do (lifetime)."""
        viewer, crowd = self.viewer, self.viewer.crowd
        started = time.monotonic()
        self.closing = False
        try:
            response = http.get(
                f"{crowd.audience.recorder.origin}{NEWS_PATH}",
                stream=True,
                timeout=STREAM_TIMEOUT,
                headers={"Accept": "text/event-stream"},
            )
        except requests.RequestException as exc:
            viewer.record(STREAM, started, f"{type(exc).__name__}: {exc}")
            self.failed_at = time.monotonic()
            return False
        refused = response.status_code == 503
        error = None if response.status_code in (200, 503) else f"HTTP {response.status_code}"
        viewer.record(STREAM, started, error)
        if response.status_code != 200:
            response.close()
            if refused:
                crowd.count("refused")
            self.failed_at = time.monotonic()
            return False
        self.response = response
        try:
            return self.read(response)
        except Exception as exc:  # a cut stream; or the tab closing it meanwhile (any error)
            if not self.closing and not crowd.audience.stop.is_set():
                viewer.record(STREAM, time.monotonic(), f"cut: {type(exc).__name__}")
            return False
        finally:
            self.set_live(False)
            self.response = None
            response.close()

    def read(self, response: requests.Response) -> bool:
        name = "message"
        for line in response.iter_lines(decode_unicode=True):
            if self.closing:
                return False
            if line.startswith("event: "):
                name = line[len("event: ") :]
            elif line.startswith("data: ") and name == "message":
                version = json.loads(line[len("data: ") :]).get("version")
                if isinstance(version, int):
                    with self.news:
                        self.version, self.live = version, True
                        self.news.notify_all()
            elif line.startswith("data: "):
                # `full`: the worker holds its share of streams; `ended`: the session ended.
                if name == "full":
                    self.viewer.crowd.count("refused")
                else:
                    self.viewer.record(STREAM, time.monotonic(), f"event {name}")
                self.failed_at = time.monotonic()
                return False
            elif not line:
                name = "message"
        self.viewer.crowd.count("renewed")
        return True

    def set_live(self, live: bool) -> None:
        with self.news:
            self.live = live
            self.news.notify_all()

    def pause(self) -> None:
        """Close the stream (the page is leaving) and hold off until resume()."""
        self.running.clear()
        self.close()

    def resume(self) -> None:
        self.running.set()

    def close(self) -> None:
        """Close the held stream at once (a blocked read returns)."""
        self.closing = True
        response = self.response
        if response is None:
            return
        with contextlib.suppress(Exception):
            response.raw.connection.sock.shutdown(socket.SHUT_RDWR)  # type: ignore[union-attr]
        with contextlib.suppress(Exception):
            response.close()
