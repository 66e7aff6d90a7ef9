"""The kiosk soak's browser: headless Chromium on /kiosk, its heap sampled every minute."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bench.kiosk_soak_verdict import BASELINE_MINUTES, TABLE_HEADER, Sample, table_row
from bench.progress import say
from bench.server import rss_kb, worker_pids

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
VIEWPORT: ViewportSize = {"width": 1920, "height": 1080}
FRAME_SELECTOR = "#kiosk-frame .kiosk-frame-inner"


@dataclass
class PageWatch:
    """Counts what the page does between samples."""

    requests: int = 0
    polls: int = 0
    frames: int = 0
    failed: int = 0
    loads: int = 0
    errors: list[str] = field(default_factory=list)

    def on_request(self, request) -> None:
        self.requests += 1
        if "/kiosk/api/state" in request.url:
            self.polls += 1
        elif "_dash-update-component" in request.url:
            self.frames += 1

    def take(self) -> tuple[int, int, int]:
        """Return (requests, polls, frames) since the last take, and start again."""
        counts = (self.requests, self.polls, self.frames)
        self.requests = self.polls = self.frames = 0
        return counts


def measure(cdp) -> tuple[float, float, int, int]:
    """Return (used heap KB, JSHeapUsedSize KB, DOM nodes, listeners) after a forced GC."""
    for _ in range(2):  # a second pass frees what the first one's finalizers let go
        cdp.send("HeapProfiler.collectGarbage")
    used = cdp.send("Runtime.getHeapUsage")["usedSize"]
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return (
        used / 1024,
        metrics.get("JSHeapUsedSize", 0) / 1024,
        int(metrics.get("Nodes", 0)),
        int(metrics.get("JSEventListeners", 0)),
    )


# Dash's renderer keeps an undo history of input changes; every set_props from kiosk.js adds one.
HISTORY_JS = """() => {
  const store = window.store && window.store.getState && window.store.getState();
  return store && store.history && store.history.past ? store.history.past.length : -1;
}"""


def heap_snapshot(cdp, path: Path) -> None:
    """Write a heap snapshot of the page (for Chrome DevTools' Memory tab)."""
    chunks: list[str] = []

    def on_chunk(params: dict) -> None:
        chunks.append(params["chunk"])

    cdp.on("HeapProfiler.addHeapSnapshotChunk", on_chunk)
    try:
        cdp.send("HeapProfiler.enable")
        cdp.send("HeapProfiler.takeHeapSnapshot", {"reportProgress": False})
    finally:
        cdp.remove_listener("HeapProfiler.addHeapSnapshotChunk", on_chunk)
    path.write_text("".join(chunks), encoding="utf-8")
    say(f"heap snapshot written: {path} ({path.stat().st_size / 1e6:.1f} MB)")


def soak_page(
    url: str,
    minutes: int,
    master_pid: int,
    *,
    on_loaded: Callable[[], None],
    snapshots: Path | None,
) -> tuple[list[Sample], PageWatch]:
    """Open the kiosk, sample it every minute for `minutes`, return the samples."""
    from playwright.sync_api import sync_playwright

    watch = PageWatch()
    samples: list[Sample] = []
    snapshot_minutes = {min(int(BASELINE_MINUTES[0]), max(1, minutes // 2)), minutes}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox"], headless=True
        )
        try:
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            page.on("request", watch.on_request)
            page.on("requestfailed", lambda _request: setattr(watch, "failed", watch.failed + 1))
            page.on("pageerror", lambda error: watch.errors.append(str(error)[:200]))

            def on_navigated(frame) -> None:
                if frame == page.main_frame:
                    watch.loads += 1

            page.on("framenavigated", on_navigated)
            page.goto(url, wait_until="load", timeout=60_000)
            page.wait_for_selector(FRAME_SELECTOR, state="attached", timeout=60_000)
            page.wait_for_timeout(3000)  # the first slides and the clock settle
            cdp = context.new_cdp_session(page)
            cdp.send("Performance.enable")

            def sample(minute: float, counts: tuple[int, int, int] | None) -> Sample:
                heap, metric, nodes, listeners = measure(cdp)
                requests, polls, frames = counts or (None, 0, 0)
                found = Sample(
                    minute=minute,
                    heap_kb=heap,
                    nodes=nodes,
                    listeners=listeners,
                    requests=requests,
                    polls=polls,
                    frames=frames,
                    metric_heap_kb=metric,
                    rss_kb=tuple(rss_kb(pid) for pid in worker_pids(master_pid)),
                    history=int(page.evaluate(HISTORY_JS)),
                )
                samples.append(found)
                say(f"sample {table_row(found)}")
                return found

            say(f"kiosk loaded; sampling every minute for {minutes} minutes")
            say(f"sample {TABLE_HEADER}")
            watch.take()
            sample(0, None)
            on_loaded()
            start = time.monotonic()
            for minute in range(1, minutes + 1):
                deadline = start + minute * 60
                while (left := deadline - time.monotonic()) > 0:
                    page.wait_for_timeout(min(1000, left * 1000))
                sample(minute, watch.take())
                if snapshots is not None and minute in snapshot_minutes:
                    heap_snapshot(cdp, snapshots / f"kiosk-minute-{minute:02d}.heapsnapshot")
            shown = page.evaluate(
                "() => { const r = document.querySelector('#kiosk-frame .kiosk-frame-inner');"
                " return r ? r.getAttribute('data-frame-version') : null; }"
            )
            say(f"frame on screen at the end: {shown}")
        finally:
            browser.close()
    return samples, watch
