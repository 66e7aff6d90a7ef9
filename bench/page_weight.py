"""Page weight: the bytes a browser receives for the first load of `/` and `/kiosk`.

Usage: python -m bench.page_weight [--rev REV] [--repeat 20] [--keep]

A throwaway SQLite database gets the demo edition, an admin account and a display token;
the Procfile's command (gunicorn -c gunicorn.conf.py 'app:create_app()') serves a copy of the work
tree (or of git revision REV, e.g. `--rev HEAD` for the figures before a change) on a free
loopback port. Headless Chromium (/usr/bin/chromium, cache disabled, service workers
blocked) then loads, as a first visit:

- `/` logged in as the admin, waiting until the network is quiet and plotly.js is in;
- the ceremony screen's `/kiosk?token=...`.

Chromium's DevTools protocol counts each response's bytes on the wire
(Network.loadingFinished encodedDataLength: headers and the body as sent, compressed or
not). The figures: each page's total, its heaviest responses, and the largest callback
answer. Then plotly.js (4.8 MB) is fetched --repeat times with and without
`Accept-Encoding: gzip` and the median per-request times are set side by side.

The last lines are the verdicts: `/kiosk` at most 600 KB, `/` at most 2 MB (KB = 1000
bytes), plotly.js served gzipped (smaller than plain) in at most twice the uncompressed
time (compression must not be redone on every request). Exit status 0 when all pass.
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

KIOSK_LIMIT = 600_000
DASHBOARD_LIMIT = 2_000_000
GZIP_RATIO_LIMIT = 2.0
CHROMIUM = "/usr/bin/chromium"
ADMIN, PASSWORD = "panitia", "bench-page-weight-2022"
PLOTLY = "/_dash-component-suites/plotly/package_data/plotly.min.js"
CALLBACK = "_dash-update-component"


@dataclass
class Load:
    """What one first load of a page received: bytes on the wire per URL."""

    name: str
    sizes: dict[str, int] = field(default_factory=dict)  # url -> encoded bytes (summed)
    encodings: dict[str, str] = field(default_factory=dict)  # url -> Content-Encoding

    @property
    def total(self) -> int:
        return sum(self.sizes.values())

    def callbacks(self) -> list[tuple[int, str]]:
        return sorted(((n, u) for u, n in self.sizes.items() if CALLBACK in u), reverse=True)

    def lines(self, top: int = 6) -> list[str]:
        out = [f"{self.name}: {len(self.sizes)} responses, {self.total / 1000:.1f} KB on the wire"]
        for size, url in sorted(((n, u) for u, n in self.sizes.items()), reverse=True)[:top]:
            encoding = self.encodings.get(url) or "identity"
            out.append(f"  {size / 1000:9.1f} KB  {encoding:8s}  {urlsplit(url).path[-72:]}")
        return out


def first_load(context, url: str, name: str, settle_s: float) -> Load:
    """Load url in a new page with the cache off; count every response's bytes on the wire."""
    load = Load(name)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    urls: dict[str, str] = {}

    def on_response(params: dict) -> None:
        response = params["response"]
        urls[params["requestId"]] = response["url"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        load.encodings[response["url"]] = headers.get("content-encoding", "")

    def on_finished(params: dict) -> None:
        address = urls.get(params["requestId"])
        if address is not None:
            key = address
            n = 2
            while key in load.sizes and CALLBACK in address:  # each callback answer apart
                key, n = f"{address}#{n}", n + 1
            load.sizes[key] = load.sizes.get(key, 0) + int(params["encodedDataLength"])

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.goto(url, wait_until="networkidle", timeout=120_000)
    page.wait_for_timeout(settle_s * 1000)  # late callbacks and plotly.js for the graphs
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


def per_request_ms(base_url: str, accept_encoding: str, repeat: int) -> tuple[float, int]:
    """Return the median time to fetch plotly.js whole, and the bytes of one answer."""
    session = requests.Session()
    session.headers["Accept-Encoding"] = accept_encoding
    times, size = [], 0
    for _ in range(repeat + 1):  # the first one may fill the server's cache: not counted
        started = time.perf_counter()
        answer = session.get(f"{base_url}{PLOTLY}", stream=True, timeout=60)
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
                admin = browser.new_context(service_workers="block")
                log_in(admin, base_url)
                dashboard = first_load(admin, f"{base_url}/", "/ (admin)", args.settle)
                screen = browser.new_context(service_workers="block")
                kiosk = first_load(screen, kiosk_url, "/kiosk", args.settle)
            finally:
                browser.close()

        gzip_ms, gzip_bytes = per_request_ms(base_url, "gzip", args.repeat)
        plain_ms, plain_bytes = per_request_ms(base_url, "identity", args.repeat)
    finally:
        if server is not None:
            stop_server(server)
        remove_folder(folder, args.keep)

    for load in (dashboard, kiosk):
        for line in load.lines():
            print(line)
    callbacks = dashboard.callbacks() + kiosk.callbacks()
    largest, largest_url = max(callbacks) if callbacks else (0, "(none)")
    print(f"largest callback answer: {largest / 1000:.1f} KB ({urlsplit(largest_url).path})")
    ratio = gzip_ms / plain_ms if plain_ms else float("inf")
    print(
        f"plotly.js per request (median of {args.repeat}): gzip {gzip_ms:.1f} ms "
        f"({gzip_bytes / 1000:.0f} KB) vs identity {plain_ms:.1f} ms "
        f"({plain_bytes / 1000:.0f} KB), ratio {ratio:.2f}"
    )
    verdicts = [
        (kiosk.total <= KIOSK_LIMIT, "kiosk", f"{kiosk.total / 1000:.1f} KB <= 600 KB"),
        (
            dashboard.total <= DASHBOARD_LIMIT,
            "dashboard",
            f"{dashboard.total / 1000:.1f} KB <= 2000 KB",
        ),
        (
            ratio <= GZIP_RATIO_LIMIT and gzip_bytes < plain_bytes,
            "plotly gzip cost",
            f"compressed, ratio {ratio:.2f} <= 2",
        ),
    ]
    for ok, name, detail in verdicts:
        print(verdict(name, ok, detail))
    return 0 if all(ok for ok, _n, _d in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
