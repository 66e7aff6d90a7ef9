"""Page weight: the bytes a browser receives for the first load of each page.

Usage: python -m bench.page_weight [--rev REV] [--repeat 20] [--keep]

A throwaway SQLite database gets the demo edition, an admin account and a display token;
the Procfile's command (gunicorn -c gunicorn.conf.py 'app:create_app()') serves a copy of the work
tree (or of git revision REV, e.g. `--rev HEAD` for the figures before a change) on a free
loopback port. Headless Chromium (/usr/bin/chromium) then loads, each as a first visit in a
fresh browser context (empty cache):

- every dashboard page (`/`, `/partisipasi`, `/peringkat`, `/jadwal`, `/ringkasan`,
  `/kendali`) logged in as the admin, service workers blocked, waiting until the network
  is quiet and the graphs are drawn;
- the ceremony screen's `/kiosk?token=...` with its service worker allowed, as on a real
  TV, until the worker has kept the screen's files for offline use.

Playwright's request events, which in Chromium include a service worker's own fetches,
give each response's bytes on the wire (headers and body as sent, compressed or not); a
page's request that its service worker answered is counted once, where the worker
fetched it, and one the browser's cache answered (no byte on the wire) is no fetch at
all. The figures: each page's total, its heaviest responses, any address fetched twice,
and the largest callback answer. Then the plotly.js the graphs use is fetched
--repeat times with and without `Accept-Encoding: gzip` and the median per-request times
are set side by side.

The last lines are the verdicts (KB = 1000 bytes): `/` at most 700 KB, every other
dashboard page at most 900 KB, `/kiosk` at most 400 KB and nothing in it fetched twice, no
page fetching Dash's full plotly.js (the graphs use the partial bundle in assets/vendor),
and plotly.js served compressed in at most twice the uncompressed time (compression must
not be redone on every request). Exit status 0 when all pass.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

from bench.progress import say
from bench.server import (
    demo_with_token,
    free_port,
    procfile_command,
    remove_folder,
    snapshot_source,
    start_server,
    stop_server,
)

PROGRESS_LIMIT = 700_000  # `/`, the page most people open first
DASHBOARD_LIMIT = 900_000  # every other dashboard page
KIOSK_LIMIT = 400_000
GZIP_RATIO_LIMIT = 2.0
CHROMIUM = "/usr/bin/chromium"
ADMIN, PASSWORD = "panitia", "bench-page-weight-2022"
DASHBOARD_PAGES = ("/", "/partisipasi", "/peringkat", "/jadwal", "/ringkasan", "/kendali")
GRAPH_PAGES = frozenset({"/", "/partisipasi", "/peringkat"})
FULL_PLOTLY = "/_dash-component-suites/plotly/package_data/plotly.min.js"
PLOTLY = "/assets/vendor/plotly-kipp.min.js"  # what the graphs load (assets/kipp-plotly.js)
CALLBACK = "_dash-update-component"
# Answers that are news each time, not files: fetched again by design.
REPEATABLE = (CALLBACK, "/api/", "_dash-layout", "_dash-dependencies")


@dataclass
class Load:
    """What one first load of a page received: bytes on the wire per URL."""

    name: str
    sizes: dict[str, int] = field(default_factory=dict)  # url -> bytes (summed)
    fetches: dict[str, int] = field(default_factory=dict)  # url -> network fetches
    encodings: dict[str, str] = field(default_factory=dict)  # url -> Content-Encoding

    @property
    def total(self) -> int:
        return sum(self.sizes.values())

    def add(self, url: str, size: int, encoding: str) -> None:
        key, n = url, 2
        while key in self.sizes and CALLBACK in url:  # each callback answer apart
            key, n = f"{url}#{n}", n + 1
        self.sizes[key] = self.sizes.get(key, 0) + size
        self.fetches[key] = self.fetches.get(key, 0) + 1
        self.encodings[key] = encoding

    def twice(self) -> list[str]:
        """The files fetched more than once (callbacks and polls are news each time)."""
        return [u for u, n in self.fetches.items() if n > 1 and not any(r in u for r in REPEATABLE)]

    def fetched(self, path: str) -> bool:
        return any(urlsplit(u).path == path for u in self.sizes)

    def callbacks(self) -> list[tuple[int, str]]:
        return sorted(((n, u) for u, n in self.sizes.items() if CALLBACK in u), reverse=True)

    def lines(self, top: int = 6) -> list[str]:
        out = [f"{self.name}: {len(self.sizes)} responses, {self.total / 1000:.1f} KB on the wire"]
        for size, url in sorted(((n, u) for u, n in self.sizes.items()), reverse=True)[:top]:
            encoding = self.encodings.get(url) or "identity"
            times = self.fetches[url]
            again = f"  (fetched {times} times)" if times > 1 and url in self.twice() else ""
            out.append(f"  {size / 1000:9.1f} KB  {encoding:8s}  {urlsplit(url).path[-72:]}{again}")
        return out


def first_load(context, url: str, name: str, settle_s: float, ready: str | None = None) -> Load:
    """Load url in a new page of a fresh context; count every response's bytes on the wire.

    Playwright's context events include a service worker's own fetches; a page request
    that the worker answered is left out (its bytes are the worker's fetch).
    """
    page = context.new_page()
    # An empty cache: the login page before may have left files in it.
    context.new_cdp_session(page).send("Network.clearBrowserCache")
    finished: list = []
    context.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle", timeout=120_000)
    if ready:
        page.wait_for_selector(ready, state="attached", timeout=60_000)
    page.wait_for_timeout(settle_s * 1000)  # late callbacks, the service worker's keeping
    load = Load(name)
    for request in list(finished):
        response = request.response()
        if response is None or response.from_service_worker:
            continue
        sizes = request.sizes()
        wire = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        if wire == 0:  # the browser's cache answered (a copy kept for offline use): no fetch
            continue
        encoding = response.headers.get("content-encoding", "")
        load.add(request.url, wire, encoding)
    page.close()
    return load


def log_in(context, base_url: str) -> None:
    """Log in through the form, as a person does."""
    page = context.new_page()
    page.goto(f"{base_url}/login")
    page.fill("#username", ADMIN)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.close()


def per_request_ms(
    base_url: str, path: str, accept_encoding: str, repeat: int
) -> tuple[float, int]:
    """Return the median time to fetch plotly.js whole, and the bytes of one answer."""
    session = requests.Session()
    session.headers["Accept-Encoding"] = accept_encoding
    times, size = [], 0
    for _ in range(repeat + 1):  # the first one may fill the server's cache: not counted
        started = time.perf_counter()
        answer = session.get(f"{base_url}{path}", stream=True, timeout=60)
        answer.raise_for_status()
        size = len(answer.raw.read(decode_content=False))
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[1:]), size


def add_admin(database_url: str) -> None:
    from data_access.db import make_engine, transaction
    from data_access.users import add_user

    engine = make_engine(database_url, pool_size=1)
    try:
        with transaction(engine) as session:
            add_user(session, ADMIN, PASSWORD, "admin")
    finally:
        engine.dispose()


def verdict(name: str, ok: bool, detail: str) -> str:
    return f"VERDICT {name}: {'PASS' if ok else 'FAIL'} ({detail})"


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the page weights and print them with the verdicts; exit 0 when all pass."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.page_weight", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--rev", help="serve this git revision (default: the work tree)")
    parser.add_argument("--repeat", type=int, default=20, help="plotly.js fetches per encoding")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to wait after load")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--top", type=int, default=6, help="the largest responses listed per page")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="page-weight-"))
    source = folder / "src"
    served = snapshot_source(source, args.rev)
    sys.path.insert(0, str(source))
    database_url = f"sqlite:///{folder / 'kipp.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "INSTANCE_DIR": str(folder),
        "PYTHONPATH": str(source),
        "PYTHONUNBUFFERED": "1",
    }
    server = None
    try:
        token_path = demo_with_token(env, source, "weight")
        add_admin(database_url)
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        command = [*procfile_command(source), "--bind", f"127.0.0.1:{port}"]
        say(f"serving {served}: {' '.join(command[1:])}")
        server = start_server(command, source, env, folder / "gunicorn.log", base_url)
        kiosk_url = token_path if token_path.startswith("http") else f"{base_url}{token_path}"

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                pages = []
                for path in DASHBOARD_PAGES:
                    # Each page in a fresh context: its first visit, after the login page.
                    admin = browser.new_context(service_workers="block")
                    log_in(admin, base_url)
                    graph = ".js-plotly-plot .main-svg" if path in GRAPH_PAGES else None
                    pages.append(first_load(admin, f"{base_url}{path}", path, args.settle, graph))
                    admin.close()
                screen = browser.new_context(service_workers="allow")
                kiosk = first_load(screen, kiosk_url, "/kiosk (service worker on)", args.settle)
            finally:
                browser.close()

        # The plotly.js the graphs loaded (Dash's full one before the partial bundle).
        plotly = PLOTLY if any(load.fetched(PLOTLY) for load in pages) else FULL_PLOTLY
        gzip_ms, gzip_bytes = per_request_ms(base_url, plotly, "gzip", args.repeat)
        plain_ms, plain_bytes = per_request_ms(base_url, plotly, "identity", args.repeat)
    finally:
        if server is not None:
            stop_server(server)
        remove_folder(folder, args.keep)

    for load in (*pages, kiosk):
        for line in load.lines(args.top):
            print(line)
    callbacks = [c for load in (*pages, kiosk) for c in load.callbacks()]
    largest, largest_url = max(callbacks) if callbacks else (0, "(none)")
    print(f"largest callback answer: {largest / 1000:.1f} KB ({urlsplit(largest_url).path})")
    ratio = gzip_ms / plain_ms if plain_ms else float("inf")
    print(
        f"plotly.js per request (median of {args.repeat}): gzip {gzip_ms:.1f} ms "
        f"({gzip_bytes / 1000:.0f} KB) vs identity {plain_ms:.1f} ms "
        f"({plain_bytes / 1000:.0f} KB), ratio {ratio:.2f}"
    )
    verdicts = []
    for load in pages:
        limit = PROGRESS_LIMIT if load.name == "/" else DASHBOARD_LIMIT
        verdicts.append(
            (load.total <= limit, load.name, f"{load.total / 1000:.1f} KB <= {limit // 1000} KB")
        )
    verdicts.append((kiosk.total <= KIOSK_LIMIT, "kiosk", f"{kiosk.total / 1000:.1f} KB <= 400 KB"))
    twice = kiosk.twice()
    verdicts.append((not twice, "kiosk fetched twice", f"{len(twice)} files <= 0 files"))
    full = [load.name for load in (*pages, kiosk) if load.fetched(FULL_PLOTLY)]
    verdicts.append((not full, "full plotly.js", f"{len(full)} pages <= 0 pages"))
    verdicts.append(
        (
            ratio <= GZIP_RATIO_LIMIT and gzip_bytes < plain_bytes,
            "plotly gzip cost",
            f"compressed, ratio {ratio:.2f} <= 2",
        )
    )
    for ok, name, detail in verdicts:
        print(verdict(name, ok, detail))
    return 0 if all(ok for ok, _n, _d in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
