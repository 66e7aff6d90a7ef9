"""Render once, serve bytes: the server's CPU per data change with many viewers on a live page.

Usage: python -m bench.render_once [--viewers 200] [--few 20] [--changes 9] [--size 1m]

For each live page (`/` and `/partisipasi` as a viewer, `/peringkat` as the committee),
with each worker's own cache and with one Redis shared by the two workers, light viewers
(threads) tick `GET /api/versi` every 5 s (+-10%) and post the page's refresh callback
when the version moved, as assets/kipp-live.js does. Once every viewer shows the edition,
a score changes --changes times; after each change the bench waits until every viewer
shows the new version and reads the workers' CPU seconds over that time, less what the
same viewers' ticks cost over as long before the first change (the idle rate). That is
the CPU one change costs, with --viewers and with --few viewers: per extra viewer is
the difference over the difference in viewers. Viewers read only the shown key of a
refresh answer (a browser decodes its answer on its own machine, not on the server's
cores). Beside the viewers' ticks, a lone probe in its own process ticks every 0.2 s: its
p95 is the server's alone, without the viewers' processes' own waits.

Baseline, side by side: the aggregate itself, as the server computed it for the change
(the `computed _progress ... in N ms` lines of dashboard/shared_cache.py, or the page's own
aggregate: `participation`, `standing` for the ranking): the least any
server must spend on a change. Targets (issue 16): at most 2 CPU-s per change with
--viewers viewers, at most 3 ms per extra viewer, the version check's p95 under 50 ms,
no errors. Figures: the median of the changes and their spread (min-max).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import requests

from bench.dash_payloads import callback_body, find_callback
from bench.harness import ADMIN, VIEWER, Verdicts, add_accounts, login, say, serve
from bench.lean_http import found_in
from bench.load_watch import cpu_seconds
from bench.national import CODE
from bench.refresh import RawDatabase
from dashboard.live_page import LiveIds
from dashboard.pages import participation, progress, ranking

INTERVAL_S = 5.0
JITTER = 0.10
SESSIONS = 4
REDIS_URL = "redis://127.0.0.1:6379/12"  # this bench's own Redis database, emptied per run
COMPUTED = re.compile(r"computed (\w+) \(EditionRef\(code='([^']*)'.*? in ([\d.]+) ms")
CPU_PER_CHANGE_S = 2.0
PER_VIEWER_MS = 3.0
TICK_P95_MS = 50.0
SEEN_WITHIN_S = 60.0  # a viewer that has not seen a change by then counts as an error


@dataclass(frozen=True)
class Page:
    """A live page as a viewer opens it: its address, its ids and who views it."""

    path: str
    ids: LiveIds
    username: str
    aggregate: str  # the dashboard/page_data.py function computing its figures (logged, timed)


PAGES = (
    Page("/", progress.PAGE, VIEWER, "_progress"),  # the tallies within it
    Page("/partisipasi", participation.PAGE, VIEWER, "participation"),
    Page("/peringkat", ranking.PAGE, ADMIN, "standing"),
)


FORK = multiprocessing.get_context("fork")
# The viewers run as threads of this many processes: one process's threads take turns on
# its interpreter, and 200 viewers decoding a megabyte answer each after a change would
# keep one process busy for seconds, every tick timed meanwhile waiting for it.
CLIENT_PROCESSES = 4
NOT_SHOWN = -1


@dataclass
class Audience:
    """What the viewers share: the server, the callback, what each shows, what they measured.

    `shown` (each viewer's version, NOT_SHOWN before its first) and `stop` cross processes;
    `ticks` and `errors` are each process's own until the run ends.
    """

    base: str
    page: Page
    entry: dict
    shown: Any  # multiprocessing.Array of int64, one per viewer
    stop: Any = field(default_factory=FORK.Event)
    # (perf_counter, seconds) per tick; bench/news.py's viewers: (viewer, version, arrived)
    ticks: list[tuple] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    interval_s: float = INTERVAL_S


PROBE_INTERVAL_S = 0.2


def probe(number: int, http: requests.Session, audience: Audience) -> None:
    """Tick alone in a process of its own every PROBE_INTERVAL_S; note each tick's time.

    The viewers' processes decode the refresh answers on the server's cores, so their
    ticks' times also hold their own wait for their interpreter; the probe's do not.
    """
    due = time.monotonic()
    while not audience.stop.wait(max(0.0, due - time.monotonic())):
        due += PROBE_INTERVAL_S
        try:
            started = time.perf_counter()
            tick = http.get(f"{audience.base}/api/versi?lang=id", timeout=60)
            took = time.perf_counter() - started
            if tick.status_code != 200 or tick.json().get("version") is None:
                raise RuntimeError(f"probe tick answered {tick.status_code}")
            audience.ticks.append((started, took))
        except Exception as exc:  # counted: a run must have none
            audience.errors.append(f"probe: {type(exc).__name__}: {exc}")


def viewer(number: int, http: requests.Session, audience: Audience) -> None:
    """Tick like a browser until stopped; note each version shown and each tick's time."""
    rng = random.Random(number)
    ids = audience.page.ids
    search = f"?edition={CODE}"
    shown = None
    due = time.monotonic() + rng.uniform(0, audience.interval_s)
    while not audience.stop.wait(max(0.0, due - time.monotonic())):
        due += audience.interval_s * rng.uniform(1 - JITTER, 1 + JITTER)
        try:
            started = time.perf_counter()
            tick = http.get(f"{audience.base}/api/versi?lang=id", timeout=60)
            took = time.perf_counter() - started
            version = tick.json().get("version")
            if tick.status_code != 200 or version is None:
                raise RuntimeError(f"tick answered {tick.status_code}")
            with audience.lock:
                audience.ticks.append((started, took))
            if shown is not None and shown.get("version") == version:
                continue
            values: dict[tuple[str, str], object] = {(ids.url, "search"): search}
            values[ids.trigger, "data"] = {"version": version, "at": number}
            if shown is not None:
                values[ids.shown, "data"] = shown
            body = callback_body(audience.entry, values, [f"{ids.trigger}.data"])
            answer = http.post(f"{audience.base}/_dash-update-component", json=body, timeout=120)
            answer.raise_for_status()
            # The shown key alone (a browser decodes its answer on its own machine; these
            # viewers share the server's cores, and decoding a ranking's 800 KB each after
            # every change kept their processes busy for seconds, their ticks waiting).
            found = found_in(answer.content, ids.shown)
            if isinstance(found, dict) and isinstance(found.get("data"), dict):
                shown = found["data"]
            if shown:
                audience.shown[number] = shown["version"]
        except Exception as exc:  # counted: a run must have none
            with audience.lock:
                audience.errors.append(f"viewer {number}: {type(exc).__name__}: {exc}")


@dataclass(frozen=True)
class Run:
    """One page, one cache, one number of viewers: CPU per change, aggregate, ticks, errors."""

    cpu: list[float]  # CPU-seconds per change
    aggregate_ms: list[float]
    ticks: list[float]
    errors: list[str]
    probe_ticks: list[float] = field(default_factory=list)  # the probe's (see probe())


def one_run(
    url: str, page: Page, viewers: int, changes: int, redis: bool, interval_s: float = INTERVAL_S
) -> Run:
    """Serve, let the viewers join, change a score `changes` times; measure each change.

    interval_s: the viewers' tick (shorter only in the smoke test, which measures nothing).
    """
    env = {"DATABASE_URL": url, "REFRESH_INTERVAL_S": "30", "WEB_CONCURRENCY": "2"}
    if redis:
        import redis as redis_client

        redis_client.Redis.from_url(REDIS_URL).flushdb()
        env["CACHE_REDIS_URL"] = REDIS_URL
    raw = RawDatabase(url)
    cpu: list[float] = []
    try:
        with serve(env, name="render-once") as server:
            sessions = [login(server.base, page.username) for _ in range(SESSIONS)]
            dependencies = sessions[0].get(f"{server.base}/_dash-dependencies", timeout=60).json()
            entry = find_callback(dependencies, f"{page.ids.content}.children")
            audience = Audience(
                server.base,
                page,
                entry,
                FORK.Array("q", [NOT_SHOWN] * viewers, lock=False),
                interval_s=interval_s,
            )
            cookies = [dict(http.cookies) for http in sessions]
            clients = [
                ClientProcess(audience, cookies, range(k, viewers, CLIENT_PROCESSES))
                for k in range(min(CLIENT_PROCESSES, viewers))
            ]
            _wait_for(audience, viewers, lambda v: v != NOT_SHOWN, 300)
            joined = time.perf_counter()  # the joining burst is not a tick's usual cost
            prober = ClientProcess(audience, cookies, range(1), target=probe)
            pids = server.workers
            idle_from, idle_cpu = time.monotonic(), cpu_seconds(pids)
            time.sleep(2 * interval_s)
            idle_rate = (cpu_seconds(pids) - idle_cpu) / (time.monotonic() - idle_from)
            for _ in range(changes):
                before = max(audience.shown[:])
                started, used = time.monotonic(), cpu_seconds(pids)
                raw.change_a_score()
                _wait_for(audience, viewers, lambda v, b=before: v > b, 60)
                took = time.monotonic() - started
                cpu.append(cpu_seconds(pids) - used - idle_rate * took)
                time.sleep(random.uniform(0.5, 1.5))  # not in step with the ticks
            audience.stop.set()
            probe_ticks, probe_errors = prober.collect()
            audience.errors.extend(probe_errors)
            for client in clients:  # each closes its sessions: an open keep-alive delays the stop
                ticks, errors = client.collect()
                audience.ticks.extend(ticks)
                audience.errors.extend(errors)
            for http in sessions:
                http.close()
            log = server.log_text()
    finally:
        raw.close()
    aggregate = [
        float(ms)
        for name, code, ms in COMPUTED.findall(log)
        if code == CODE and name == page.aggregate
    ]
    ticks = [took for started, took in audience.ticks if started >= joined]
    probed = [took for started, took in probe_ticks]
    return Run(cpu, aggregate, ticks, list(audience.errors), probed)


class ClientProcess:
    """Some of the viewers, as threads of a forked process; their figures come back at the end."""

    def __init__(
        self, audience: Audience, cookies: list[dict], numbers: range, target=None
    ) -> None:
        self._receive, send = FORK.Pipe(duplex=False)
        self.process = FORK.Process(
            target=self._main,
            args=(audience, cookies, numbers, send, target or viewer),
            daemon=True,
        )
        self.process.start()

    @staticmethod
    def _main(audience: Audience, cookies: list[dict], numbers: range, send, target) -> None:
        threads, clients = [], []
        for n in numbers:
            http = requests.Session()
            http.headers["Sec-Fetch-Site"] = "same-origin"
            http.cookies.update(cookies[n % len(cookies)])
            clients.append(http)
            thread = threading.Thread(target=target, args=(n, http, audience), daemon=True)
            thread.start()
            threads.append(thread)
        audience.stop.wait()
        for thread in threads:
            thread.join(30)
        for http in clients:
            http.close()
        send.send((audience.ticks, audience.errors))
        send.close()

    def collect(self) -> tuple[list[tuple], list[str]]:
        """Return the process's ticks and errors once the stop reached it."""
        if not self._receive.poll(90):
            self.process.kill()
            return [], ["a client process sent nothing back"]
        found = self._receive.recv()
        self.process.join(10)
        return found


def _wait_for(audience: Audience, viewers: int, seen, limit_s: float) -> None:
    """Wait until every viewer's shown version passes `seen`, or note the ones that did not."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if all(seen(version) for version in audience.shown[:viewers]):
            return
        time.sleep(0.05)
    late = sum(not seen(version) for version in audience.shown[:viewers])
    audience.errors.append(f"{late} viewers did not see the change within {limit_s:g} s")


def spread(values: list[float], scale: float = 1.0, unit: str = "") -> str:
    """Return 'median (min–max)' of the values times scale."""
    if not values:
        return "—"
    values = [v * scale for v in values]
    return f"{statistics.median(values):.2f}{unit} ({min(values):.2f}–{max(values):.2f})"


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else float("nan")


def run(
    url: str,
    verdicts: Verdicts,
    *,
    viewers: int = 200,
    few: int = 20,
    changes: int = 9,
    pages: tuple[Page, ...] = PAGES,
) -> None:
    """Measure every page with both caches; add the render-once verdicts."""
    add_accounts(url)
    for page in pages:
        for redis in (False, True):
            kind = "one Redis for 2 workers" if redis else "each worker's own cache"
            say(f"render once: {page.path} ({page.username}), {kind}")
            many = one_run(url, page, viewers, changes, redis)
            light = one_run(url, page, few, changes, redis)
            judge(f"render once, {page.path}, {kind}", many, light, viewers, few, verdicts)


def judge(name: str, many: Run, light: Run, viewers: int, few: int, verdicts: Verdicts) -> None:
    """Print a page's figures beside the baseline and add its three verdicts."""
    cpu = statistics.median(many.cpu)
    per_viewer_ms = 1000 * (cpu - statistics.median(light.cpu)) / (viewers - few)
    aggregate_s = statistics.median(many.aggregate_ms) / 1000 if many.aggregate_ms else None
    ratio = f"{cpu / aggregate_s:.1f}× the aggregate" if aggregate_s else "aggregate not logged"
    say(
        f"  CPU per change: {viewers} viewers {spread(many.cpu, unit=' s')}, "
        f"{few} viewers {spread(light.cpu, unit=' s')}; baseline (the aggregate "
        f"alone) {spread(many.aggregate_ms, 0.001, ' s')}: {ratio}"
    )
    tick_p95 = 1000 * p95(many.ticks)
    errors = many.errors + light.errors
    say(
        f"  version check p95 {tick_p95:.1f} ms ({len(many.ticks):,} ticks); "
        f"a lone probe's p95 {1000 * p95(many.probe_ticks):.1f} ms "
        f"({len(many.probe_ticks):,} ticks, every {PROBE_INTERVAL_S:g} s)"
    )
    for line in errors[:5]:
        say(f"  {line}")
    verdicts.add(
        f"{name}, CPU per change",
        f"{cpu:.2f} CPU-s with {viewers} viewers ({ratio})",
        f"≤ {CPU_PER_CHANGE_S:g} CPU-s",
        cpu <= CPU_PER_CHANGE_S,
    )
    verdicts.add(
        f"{name}, per extra viewer",
        f"{per_viewer_ms:.2f} ms",
        f"≤ {PER_VIEWER_MS:g} ms",
        per_viewer_ms <= PER_VIEWER_MS,
    )
    verdicts.add(
        f"{name}, version check p95 and errors",
        f"{tick_p95:.1f} ms, {len(errors)} errors",
        f"< {TICK_P95_MS:g} ms, 0 errors",
        tick_p95 < TICK_P95_MS and not errors,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--few", type=int, default=20)
    parser.add_argument("--changes", type=int, default=9)
    parser.add_argument("--size", default="1m")
    parser.add_argument(
        "--pages", default=",".join(p.path for p in PAGES), help="e.g. /peringkat (default: all)"
    )
    args = parser.parse_args()
    from bench.datasets import sqlite_dataset

    paths = args.pages.split(",")
    pages = tuple(page for page in PAGES if page.path in paths)
    if len(pages) != len(paths):
        parser.error(f"--pages: one of {', '.join(p.path for p in PAGES)}")

    verdicts = Verdicts()
    run(
        sqlite_dataset(args.size),
        verdicts,
        viewers=args.viewers,
        few=args.few,
        changes=args.changes,
        pages=pages,
    )
    raise SystemExit(0 if verdicts.passed else 1)


if __name__ == "__main__":
    main()
