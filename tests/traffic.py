"""A browser's traffic and console, written down for a test that fails far from here.

A page that never shows its first frame in a full CI run (and always does alone) says
little in a Playwright timeout; the requests it made, the ones still unanswered, their
statuses and timings, and the server's access log say which part stalled.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Request, Response

# Gunicorn's access log with the request's duration in seconds (%(L)s) and the worker.
# How long a test waits for a ceremony screen's first frame from freshly started workers:
# more than the kiosk's own first-frame watchdog (20 s, assets/kiosk/kiosk.js) plus one
# reload. The stall it was seen to recover from on a loaded 2-core machine (scripts
# answered 404 by a worker still in Dash's first-request setup) is fixed in create_app
# and tested on its own (tests/reliability/test_fresh_workers.py).
FIRST_FRAME_MS = 45_000
ACCESS_LOG_ARGS = "--access-logfile - --access-logformat '%(t)s pid=%(p)s %(r)s %(s)s %(b)s %(L)ss'"


class Traffic:
    """Timed lines of what the browser's contexts asked, got and printed."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.lines: list[str] = []
        self.pending: dict[Request, str] = {}

    def _say(self, text: str) -> None:
        self.lines.append(f"{time.monotonic() - self.start:8.2f}s {text}")

    def watch(self, context: BrowserContext) -> BrowserContext:
        def on_request(req: Request) -> None:
            self.pending[req] = req.url
            self._say(f"> {req.method} {req.url}")

        def on_response(response: Response) -> None:
            self._say(f"< {response.status} {response.url}")

        def on_finished(req: Request) -> None:
            # No call back into the browser here: timing is what the event brought.
            self.pending.pop(req, None)
            self._say(f"= {req.url} ({req.timing.get('responseEnd', -1):.0f} ms)")

        def on_failed(req: Request) -> None:
            self.pending.pop(req, None)
            self._say(f"x {req.url}: {req.failure}")

        context.on("request", on_request)
        context.on("response", on_response)
        context.on("requestfinished", on_finished)
        context.on("requestfailed", on_failed)
        context.on("console", lambda msg: self._say(f"console.{msg.type}: {msg.text}"))
        context.on("weberror", lambda err: self._say(f"page error: {err.error}"))
        return context

    def report(self) -> str:
        unanswered = "\n".join(f"  {url}" for url in self.pending.values()) or "  none"
        return "\n".join([*self.lines, "still unanswered:", unanswered])


@contextmanager
def traffic_on_failure(
    request: pytest.FixtureRequest,
    browser: Browser,
    monkeypatch: pytest.MonkeyPatch,
    server_log: Path | None = None,
) -> Iterator[Traffic]:
    """Record every context the test opens; print it all (and the server's log) if it fails."""
    traffic = Traffic()
    new_context = browser.new_context
    monkeypatch.setattr(browser, "new_context", lambda **kw: traffic.watch(new_context(**kw)))
    yield traffic
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print("---- browser traffic (seconds since the test started)")
        print(traffic.report())
        if server_log is not None and server_log.exists():
            print(f"---- {server_log}")
            print(server_log.read_text(errors="replace")[-60_000:])
