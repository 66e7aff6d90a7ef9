"""Fan-out: with 200 viewers on one page, how often is the aggregate computed per data version?

Usage: python -m bench.fanout [--viewers 200] [--changes 3] [--size 1m]

The production command serves the national edition twice in turn: with each worker's own
cache (Flask-Caching SimpleCache), then with one Redis shared by the workers
(CACHE_REDIS_URL; a Redis database of its own, emptied first). 200 simulated viewers
(threads, a few logged-in sessions shared among them) tick every 5 s (+-10%) as
assets/kipp-live.js does: `GET /api/versi`, and the progress page's refresh callback when
the version differs from the one shown. Once every viewer shows the edition, a score
changes --changes times, 15 s apart; each time every viewer fetches the new content
within a tick or two, all at about the same moment.

The app logs every real computation (dashboard/shared_cache.py, logger kipp.compute):
"computed _progress (EditionRef(code='code', id=n), version, ...) in N ms (pid P)".
Counted per key (function and arguments: the data version, and for the report its
5-minute clock bucket) over both workers: the target is at most once per worker with the
per-process cache, and once in all with Redis.
"""

from __future__ import annotations

import argparse
import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass

import requests

from bench.dash_payloads import callback_body, find_callback
from bench.harness import VIEWER, Verdicts, add_accounts, login, say, serve
from bench.national import CODE
from bench.refresh import RawDatabase

INTERVAL_S = 5.0
JITTER = 0.10
CHANGE_EVERY_S = 15.0
SESSIONS = 4
REDIS_URL = "redis://127.0.0.1:6379/13"  # the bench's own Redis database, emptied per run
COMPUTED = re.compile(r"computed (\w+) \(EditionRef\(code='([^']*)', id=\d+\), (\d+)([^)]*)\)")
AGGREGATE = "_progress"  # dashboard/page_data.py: the progress, its tallies summed by SQL within it


@dataclass
class Shared:
    """What the viewers share: the server, the callback, the stop, the versions they show."""

    base: str
    entry: dict
    stop: threading.Event
    shown: dict[int, int]
    refreshes: Counter
    errors: list[str]
    lock: threading.Lock
    interval_s: float = INTERVAL_S


def viewer(number: int, http: requests.Session, shared: Shared) -> None:
    """Tick like a browser until stopped."""
    rng = random.Random(number)
    search = f"?edition={CODE}"
    shown = None
    due = time.monotonic() + rng.uniform(0, shared.interval_s)
    while not shared.stop.wait(max(0.0, due - time.monotonic())):
        due += shared.interval_s * rng.uniform(1 - JITTER, 1 + JITTER)
        try:
            tick = http.get(f"{shared.base}/api/versi?lang=id", timeout=60)
            version = tick.json().get("version")
            if tick.status_code != 200 or version is None:
                raise RuntimeError(f"tick answered {tick.status_code}")
            if shown is not None and shown.get("version") == version:
                continue
            values: dict[tuple[str, str], object] = {("progress-url", "search"): search}
            values["progress-interval-trigger", "data"] = {"version": version, "at": number}
            if shown is not None:
                values["progress-shown", "data"] = shown
            body = callback_body(shared.entry, values, ["progress-interval-trigger.data"])
            answer = http.post(f"{shared.base}/_dash-update-component", json=body, timeout=120)
            answer.raise_for_status()
            shown = answer.json()["response"].get("progress-shown", {}).get("data", shown)
            with shared.lock:
                shared.refreshes[version] += 1
                if shown:
                    shared.shown[number] = shown["version"]
        except Exception as exc:  # counted: a fan-out run must have none
            with shared.lock:
                shared.errors.append(f"viewer {number}: {type(exc).__name__}: {exc}")


def computations(log_text: str) -> dict[str, Counter]:
    """Return {function: Counter(version -> computations of its most computed key)}.

    A key is the whole call: _progress's also carries the 5-minute clock bucket (pace
    projections depend on the time), so a version that spans a bucket's end is
    rightly computed again for the new bucket; that is a new key, not a repeat.
    """
    per_key: Counter = Counter()
    for name, code, version, rest in COMPUTED.findall(log_text):
        if code == CODE:
            per_key[(name, int(version), rest)] += 1
    found: dict[str, Counter] = {}
    for (name, version, _rest), count in per_key.items():
        counts = found.setdefault(name, Counter())
        counts[version] = max(counts[version], count)
    return found


def one_run(
    url: str,
    viewers: int,
    changes: int,
    redis: bool,
    *,
    interval_s: float = INTERVAL_S,
    change_every_s: float = CHANGE_EVERY_S,
) -> tuple[dict, Counter, int, list]:
    """Serve, fan out, change scores; return computations, refreshes, workers, errors.

    interval_s and change_every_s: the viewers' tick and the pause after each change
    (shorter only in the smoke test, tests/test_bench_national.py, which measures nothing).
    """
    add_accounts(url)
    env = {"DATABASE_URL": url, "REFRESH_INTERVAL_S": "30"}
    if redis:
        import redis as redis_client

        redis_client.Redis.from_url(REDIS_URL).flushdb()
        env["CACHE_REDIS_URL"] = REDIS_URL
    raw = RawDatabase(url)
    try:
        with serve(env, name="fanout") as server:
            sessions = [login(server.base, VIEWER) for _ in range(SESSIONS)]
            dependencies = sessions[0].get(f"{server.base}/_dash-dependencies", timeout=60).json()
            shared = Shared(
                server.base,
                find_callback(dependencies, "progress-content.children"),
                threading.Event(),
                {},
                Counter(),
                [],
                threading.Lock(),
                interval_s,
            )
            threads = []
            clients = []
            for n in range(viewers):
                http = requests.Session()
                http.headers["Sec-Fetch-Site"] = "same-origin"
                http.cookies.update(sessions[n % SESSIONS].cookies)
                clients.append(http)
                thread = threading.Thread(target=viewer, args=(n, http, shared), daemon=True)
                thread.start()
                threads.append(thread)
            deadline = time.monotonic() + 300
            while len(shared.shown) < viewers and time.monotonic() < deadline:
                time.sleep(0.5)
            say(f"  {len(shared.shown)} of {viewers} viewers show the edition")
            versions = []
            for _ in range(changes):
                raw.change_a_score()
                time.sleep(change_every_s)
                with shared.lock:
                    versions.append(max(shared.shown.values()))
                    behind = sum(v < versions[-1] for v in shared.shown.values())
                say(f"  version {versions[-1]}: {behind} viewers behind after {change_every_s:g} s")
            shared.stop.set()
            for thread in threads:
                thread.join(30)
            for http in [*sessions, *clients]:  # an open keep-alive delays the stop by 2 s
                http.close()
            workers = len(server.workers)
            found = computations(server.log_text())
    finally:
        raw.close()
    counts = {
        name: Counter({v: c for v, c in per.items() if v in versions})
        for name, per in found.items()
    }
    refreshes = Counter({v: shared.refreshes[v] for v in versions})
    return counts, refreshes, workers, shared.errors


def run(url: str, verdicts: Verdicts, *, viewers: int = 200, changes: int = 3) -> None:
    """Measure both caches and add the fan-out verdicts."""
    for redis in (False, True):
        kind = "one Redis for all workers" if redis else "each worker's own cache"
        say(f"fan-out with {viewers} viewers, {kind}")
        counts, refreshes, workers, errors = one_run(url, viewers, changes, redis)
        per_version = counts.get(AGGREGATE, Counter())
        for version, n in sorted(refreshes.items()):
            others = ", ".join(
                f"{name} {per[version]}"
                for name, per in sorted(counts.items())
                if name != AGGREGATE
            )
            say(
                f"  version {version}: {n} refreshes served, aggregate computed"
                f" {per_version[version]}x ({others})"
            )
        limit = 1 if redis else workers
        most = max((per_version[v] for v in refreshes), default=0)
        everyone = all(n >= viewers * 0.9 for n in refreshes.values())
        served = all(per_version[v] >= 1 for v in refreshes)
        verdicts.add(
            f"fan-out, {kind}",
            f"aggregate computed at most {most}x per data version for"
            f" {min(refreshes.values(), default=0)}+ refreshes ({workers} workers,"
            f" {len(errors)} errors)",
            "once in all" if redis else "at most once per worker",
            most <= limit and served and everyone and not errors,
        )
        for line in errors[:5]:
            say(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--changes", type=int, default=3)
    parser.add_argument("--size", default="1m")
    args = parser.parse_args()
    from bench.datasets import sqlite_dataset

    verdicts = Verdicts()
    run(sqlite_dataset(args.size), verdicts, viewers=args.viewers, changes=args.changes)
    raise SystemExit(0 if verdicts.passed else 1)


if __name__ == "__main__":
    main()
