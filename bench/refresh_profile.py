"""Profile the live pages' refresh in one process: where a refresh after a score change goes.

Usage: python -m bench.refresh_profile [--size 1m] [--postgres] [--rounds 3] [--profile PAGE]

The app is built in this process (create_app) on a bench dataset (bench/datasets.py), an
admin logs in through Flask's test client, and each round changes one score (every cache
misses) before posting each page's refresh callback as the browser posts it, timed. With
--profile the named page's requests run under cProfile and the top functions are printed
(cumulative and own time). Not a figure of `make bench`: a tool for finding the cost.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import re
import statistics
import tempfile
import time

from bench.dash_payloads import callback_body, find_callback
from bench.harness import ADMIN, PASSWORD, add_accounts, say
from bench.national import CODE
from bench.refresh import PAGES, RawDatabase

GC_THRESHOLDS = (10_000, 50, 50)  # gunicorn.conf.py's, for its workers


def build_client(url: str):
    """Return a test client of the app on this database, logged in as the bench's admin."""
    from app import create_app
    from data_access.settings import Settings

    add_accounts(url)
    settings = Settings.from_env(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "profile-secret-key-not-for-production",
            "REFRESH_INTERVAL_S": "30",
            # 0: every request sees the change just made (PROFILE_VERSION_CACHE_MS to profile
            # what a deployment's memo spares, e.g. a stored answer's hit)
            "VERSION_CACHE_MS": os.environ.get("PROFILE_VERSION_CACHE_MS", "0"),
            "INSTANCE_DIR": tempfile.mkdtemp(prefix="kipp-profile-"),
        }
    )
    server = create_app(settings)
    client = server.test_client()
    client.environ_base["HTTP_SEC_FETCH_SITE"] = "same-origin"
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    if token is None:
        raise RuntimeError("no login form")
    answer = client.post(
        "/login", data={"username": ADMIN, "password": PASSWORD, "csrf": token.group(1)}
    )
    if answer.status_code != 302:
        raise RuntimeError(f"login failed: {answer.status_code}")
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1m")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", choices=sorted(PAGES), default=None)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    from bench.datasets import postgres_dataset, sqlite_dataset

    url = postgres_dataset(args.size) if args.postgres else sqlite_dataset(args.size)
    client = build_client(url)
    gc.freeze()  # as gunicorn.conf.py's workers do
    gc.set_threshold(*GC_THRESHOLDS)
    raw = RawDatabase(url)
    dependencies = client.get("/_dash-dependencies").get_json()
    bodies = {}
    for page, (prefix, output) in PAGES.items():
        entry = find_callback(dependencies, output)
        values = {(f"{prefix}-url", "search"): f"?edition={CODE}"}
        bodies[page] = callback_body(entry, values, [f"{prefix}-url.search"])
    headers = {"Accept-Encoding": "br, gzip"}
    profiler = cProfile.Profile()
    times: dict[str, list[float]] = {page: [] for page in PAGES}
    try:
        for round_ in range(args.rounds + 1):  # the first round warms up
            for page, body in bodies.items():
                raw.change_a_score()
                profiling = args.profile == page and round_ > 0
                if profiling:
                    profiler.enable()
                started = time.perf_counter()
                answer = client.post("/_dash-update-component", json=body, headers=headers)
                elapsed = time.perf_counter() - started
                if profiling:
                    profiler.disable()
                if answer.status_code != 200:
                    raise RuntimeError(f"{page}: {answer.status_code}")
                if round_ > 0:
                    times[page].append(elapsed)
    finally:
        raw.close()
    for page, values in times.items():
        say(
            f"{page:<14} median {statistics.median(values) * 1000:7.1f} ms"
            f"  ({', '.join(f'{v * 1000:.0f}' for v in values)})"
        )
    if args.profile:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
