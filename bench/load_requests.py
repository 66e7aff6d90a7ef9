"""The load bench's requests, each recorded with its duration and what went wrong with it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests

REQUEST_TIMEOUT_S = 30.0
# A tick is GET /api/versi ("tick version"); when the version moved, the refresh callback
# follows, "tick changed" when it sent content, "tick unchanged" when it had none to send.
VERSION, UNCHANGED, CHANGED = "tick version", "tick unchanged", "tick changed"
KIOSK_STATE, KIOSK_FRAME = "kiosk state", "kiosk frame"
PAGE, LOGIN = "page load", "login"


@dataclass(frozen=True)
class Record:
    """One request: when it started (monotonic s), what it was, how long it took, what failed."""

    start: float
    kind: str
    seconds: float
    error: str | None = None
    where: str = ""  # the live page a viewer's request was for (the national run's figures)


class Failed(Exception):
    """A request that failed (already recorded)."""


class Recorder:
    """Makes requests and keeps every one's record, from any thread."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.records: list[Record] = []
        self.notes: list[str] = []
        self.resent = 0  # requests sent again after their connection was reset
        self._lock = threading.Lock()

    def between(self, start: float, end: float) -> list[Record]:
        """Return the records of the requests started in [start, end)."""
        with self._lock:
            return [r for r in self.records if start <= r.start < end]

    def add(self, record: Record) -> None:
        """Keep the record of something timed by its caller (a held stream, a whole visit)."""
        with self._lock:
            self.records.append(record)

    def note(self, text: str) -> None:
        """Keep a failure's description (the report prints the first few)."""
        with self._lock:
            if len(self.notes) < 1000:
                self.notes.append(text)

    def call(
        self,
        http: requests.Session,
        kind: str,
        method: str,
        path: str,
        *,
        expect: int = 200,
        check: Callable[[requests.Response], str | None] | None = None,
        classify: Callable[[requests.Response], str] | None = None,
        where: str = "",
        **kwargs,
    ) -> requests.Response:
        """Make a request, record its time and any failure; raise Failed on one.

        `check` names what is wrong with an answer (None: nothing); `classify` names the
        kind of an answered request from its answer; `where` is kept with its record.
        """
        if method == "POST":  # as a browser posts: from the page's own origin
            kwargs["headers"] = {"Origin": self.origin}
        started = time.monotonic()
        response = error = None
        detail = ""
        try:
            response = self.send(http, method, path, kwargs)
            if response.status_code != expect:
                error = f"HTTP {response.status_code}"
            elif check is not None:
                error = check(response)
        except requests.RequestException as exc:
            error, detail = type(exc).__name__, f" ({exc})"
        seconds = time.monotonic() - started
        if response is not None and error is None and classify is not None:
            kind = classify(response)
        with self._lock:
            self.records.append(Record(started, kind, seconds, error, where))
        if error is None and response is not None:  # no error: there is an answer
            return response
        self.note(f"{kind}, {method} {path[:40]} after {seconds:.1f} s: {error}{detail}")
        raise Failed(error)

    def send(
        self, http: requests.Session, method: str, path: str, kwargs: dict
    ) -> requests.Response:
        """Send a request; once more if the server reset its kept-alive connection.

        A browser resends a request whose idle connection the server closed just as it
        was sent, so such a reset is counted (`resent`) but is not an error.
        """
        try:
            return http.request(method, self.origin + path, timeout=REQUEST_TIMEOUT_S, **kwargs)
        except requests.ConnectionError as exc:
            if "Connection aborted" not in str(exc):
                raise
        with self._lock:
            self.resent += 1
        return http.request(method, self.origin + path, timeout=REQUEST_TIMEOUT_S, **kwargs)


def browser_session(name: str, http: requests.Session | None = None) -> requests.Session:
    """Return an HTTP session (a new one, or `http`) that presents itself as a page of the site."""
    http = http or requests.Session()
    http.headers.update({"User-Agent": f"kipp-load {name}", "Sec-Fetch-Site": "same-origin"})
    return http


def tick_problem(response: requests.Response) -> str | None:
    """Return what is wrong with a refresh answer: no badge, or the "stale" badge."""
    if b'"progress-status"' not in response.content:
        return "no badge in the answer"
    if b"kipp-updated-stale" in response.content:
        return "stale (the server could not read the database)"
    return None


def version_problem(response: requests.Response) -> str | None:
    """Return what is wrong with a tick's answer: no version, or the "stale" badge."""
    body = response.json()
    if body.get("stale"):
        return "stale (the server could not read the database)"
    if not isinstance(body.get("version"), int):
        return "no version in the answer"
    return None


def tick_kind(response: requests.Response) -> str:
    """Return whether a refresh answer brought new content or only the badge."""
    return CHANGED if b'"progress-content"' in response.content else UNCHANGED
