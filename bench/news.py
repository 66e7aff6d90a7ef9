"""News in about a second: from a committed save to the new figures on every viewer's screen.

Usage: python -m bench.news [--viewers 200] [--browsers 3] [--changes 9] [--size 1m]

The production command serves the national dataset (bench/datasets.py, SQLite) with two
workers and the default settings (10 s interval, news streams on). On `/` (as a viewer):

- --viewers light viewers hold the news stream (`GET /api/versi/alir`) as a tab's
  EventSource does, in 4 client processes; on each event with a version their page
  does not show they post the page's refresh callback, as assets/kipp-live.js does, and
  note when the answer carrying that version arrived (wall clock);
- --browsers real pages in headless Chromium, logged in, whose fetch is watched: when a
  refresh answer carrying a new version has been applied, the time two animation frames
  later (the figures painted) is noted.

Once every viewer shows the edition, --changes times (3-5 s apart, not in step with
anything) a juror's score is committed through the raw driver and the wall-clock time of
its commit noted. A viewer's wait for a change is the first arrival of that version (or
a newer one) less that time. Targets (issue 16): the median of every viewer's wait over
every change at most 1.5 s, the p95 at most interval/2 + 1 s (6 s), no errors, no stream
refused. Beside it, the baseline a poll gives at the same interval: half an interval at
the median (5 s), a whole one at worst.

Idle cost: before the first change the viewers sit for --idle seconds; the workers' CPU
over that time, per viewer and per interval (what a polling viewer spends on one version
check), against the issue's 0.5 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from dataclasses import dataclass

import requests

from bench.dash_payloads import callback_body, find_callback
from bench.harness import VIEWER, Verdicts, add_accounts, cookie_header, login, say, serve
from bench.lean_http import LeanConnection, found_in
from bench.load_watch import cpu_seconds
from bench.national import CODE
from bench.refresh import RawDatabase
from bench.render_once import FORK, NOT_SHOWN, Audience, ClientProcess, Page, p95, spread
from dashboard.pages import progress
from dashboard.push import NEWS_PATH

INTERVAL_S = 10.0
MEDIAN_TARGET_S = 1.5
P95_TARGET_S = INTERVAL_S / 2 + 1
IDLE_CHECK_MS = 0.5  # issue 16's "CPU per idle viewer per version check" (bench/poll.py)
SESSIONS = 4
CHROMIUM = "/usr/bin/chromium"
PAGE = Page("/", progress.PAGE, VIEWER, "_progress")

# In each Chromium page, before the app's scripts: note (version, when painted) for every
# refresh answer that carries a new version of what the page shows.
WATCH_SCRIPT = """
(() => {
  window.__kippSeen = [];
  const original = window.fetch.bind(window);
  window.fetch = (input, init) => original(input, init).then((response) => {
    const url = typeof input === "string" ? input : (input && input.url) || "";
    if (url.indexOf("_dash-update-component") >= 0) {
      response.clone().json().then((body) => {
        const shown = body && body.response && body.response[%(shown)s];
        const version = shown && shown.data && shown.data.version;
        if (typeof version === "number") {
          requestAnimationFrame(() => requestAnimationFrame(() =>
            window.__kippSeen.push([version, Date.now() / 1000])));
        }
      }).catch(() => {});
    }
    return response;
  });
})();
"""


def news_viewer(number: int, http: requests.Session, audience: Audience) -> None:
    """Hold the news stream; post the refresh on news; note each version's arrival.

    Over bench/lean_http.py, with the session's cookie: through `requests` the viewers
    spent more CPU per change than the server they measure, on the same cores.
    """
    ids = audience.page.ids
    search = f"?edition={CODE}"
    shown: dict | None = None
    lean = LeanConnection(
        audience.base, {"Sec-Fetch-Site": "same-origin", "Cookie": cookie_header(http)}
    )
    try:
        name = "message"
        for line in lean.stream_lines(NEWS_PATH):
            if audience.stop.is_set():
                break
            if line.startswith("event: "):
                name = line[len("event: ") :]
                continue
            if not line.startswith("data: "):
                continue
            if name != "message":
                raise RuntimeError(f"stream said {name!r}")
            version = json.loads(line[len("data: ") :]).get("version")
            if version is None or (shown is not None and shown.get("version") == version):
                continue
            values: dict[tuple[str, str], object] = {(ids.url, "search"): search}
            values[ids.trigger, "data"] = {"version": version, "at": number}
            if shown is not None:
                values[ids.shown, "data"] = shown
            body = callback_body(audience.entry, values, [f"{ids.trigger}.data"])
            answer = lean.post_json("/_dash-update-component", body)
            arrived = time.time()
            found = found_in(answer, ids.shown)
            if isinstance(found, dict) and isinstance(found.get("data"), dict):
                shown = found["data"]
            if shown:
                audience.shown[number] = shown["version"]
                with audience.lock:
                    audience.ticks.append((number, shown["version"], arrived))
    except Exception as exc:  # counted: a run must have none
        if not audience.stop.is_set():
            with audience.lock:
                audience.errors.append(f"viewer {number}: {type(exc).__name__}: {exc}")
    finally:
        lean.close()


def browsers(base: str, cookies: list[dict], count: int, stop, send) -> None:
    """Chromium pages on `/`, in their own process; send back what each painted and when."""
    from playwright.sync_api import sync_playwright

    seen: list[list[tuple[float, float]]] = []
    errors: list[str] = []
    script = WATCH_SCRIPT % {"shown": json.dumps(PAGE.ids.shown)}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox"], headless=True
        )
        pages = []
        for n in range(count):
            context = browser.new_context()
            context.add_cookies(
                [{"name": k, "value": v, "url": base} for k, v in cookies[n % len(cookies)].items()]
            )
            context.add_init_script(script)
            page = context.new_page()
            page.goto(f"{base}{PAGE.path}?edition={CODE}", wait_until="load", timeout=120_000)
            pages.append(page)
        send.send("ready")
        while not stop.is_set():
            pages[0].wait_for_timeout(200)  # lets every page's events run
        for page in pages:
            try:
                seen.append([tuple(x) for x in page.evaluate("() => window.__kippSeen")])
            except Exception as exc:
                errors.append(f"browser: {exc}")
        browser.close()
    send.send((seen, errors))


def waits(commits: list[tuple[int, float]], arrivals: list[tuple[float, float]]) -> list[float]:
    """Each change's wait for one viewer: its first arrival of that version or a newer one."""
    found = []
    for version, committed in commits:
        later = [when for shown, when in arrivals if shown >= version]
        found.append(min(later) - committed if later else float("inf"))
    return found


def run(
    url: str,
    verdicts: Verdicts,
    *,
    viewers: int = 200,
    browsers_count: int = 3,
    changes: int = 9,
    idle_s: float = 30.0,
    spacing_s: float = 3.0,
    tail_s: float = P95_TARGET_S + 4,
) -> None:
    """Serve, let everyone join, commit `changes` saves; print the waits and the verdicts.

    spacing_s: the least time between two saves; tail_s: the wait for the last one's
    latecomers (both shorter only in the smoke test, which measures nothing).
    """
    add_accounts(url)
    env = {"DATABASE_URL": url, "REFRESH_INTERVAL_S": str(int(INTERVAL_S)), "WEB_CONCURRENCY": "2"}
    raw = RawDatabase(url)
    commits: list[tuple[int, float]] = []
    try:
        with serve(env, name="news") as server:
            sessions = [login(server.base, PAGE.username) for _ in range(SESSIONS)]
            dependencies = sessions[0].get(f"{server.base}/_dash-dependencies", timeout=60).json()
            entry = find_callback(dependencies, f"{PAGE.ids.content}.children")
            audience = Audience(
                server.base, PAGE, entry, FORK.Array("q", [NOT_SHOWN] * viewers, lock=False)
            )
            cookies = [dict(http.cookies) for http in sessions]
            clients = [
                ClientProcess(audience, cookies, range(k, viewers, 4), target=news_viewer)
                for k in range(min(4, viewers))
            ]
            receive, send = FORK.Pipe(duplex=False)
            chromium = FORK.Process(
                target=browsers,
                args=(server.base, cookies, browsers_count, audience.stop, send),
                daemon=True,
            )
            if browsers_count:
                chromium.start()
                if not receive.poll(300) or receive.recv() != "ready":
                    audience.errors.append("the browsers did not start")
            _join(audience, viewers)
            time.sleep(min(5.0, idle_s))  # the pages' first callbacks (clock, badge) are done
            pids = server.workers
            idle_from, idle_cpu = time.monotonic(), cpu_seconds(pids)
            time.sleep(idle_s)
            idle_cpu = cpu_seconds(pids) - idle_cpu
            idle_took = time.monotonic() - idle_from
            # Who spends the CPU while the news goes out: the server, or this bench's own
            # light clients (each reads and parses every answer) on the same cores.
            client_pids = [client.process.pid for client in clients]
            busy_from = (cpu_seconds(pids), cpu_seconds(client_pids))
            for _ in range(changes):
                raw.change_a_score()
                commits.append((raw.version(), time.time()))
                # Not in step with the heartbeats nor the watcher's reads.
                time.sleep(spacing_s * (1 + (len(commits) % 3) / 3) + 0.37 * (len(commits) % 2))
            time.sleep(tail_s)  # the last change's latecomers
            busy = Busy(
                changes,
                cpu_seconds(pids) - busy_from[0],
                cpu_seconds(client_pids) - busy_from[1],
            )
            audience.stop.set()
            arrivals: dict[int, list[tuple[float, float]]] = {}
            for client in clients:
                ticks, errors = client.collect()
                for number, version, arrived in ticks:
                    arrivals.setdefault(number, []).append((version, arrived))
                audience.errors.extend(errors)
            painted: list[list[tuple[float, float]]] = []
            if browsers_count:
                if receive.poll(120):
                    painted, errors = receive.recv()
                    audience.errors.extend(errors)
                else:
                    audience.errors.append("the browsers sent nothing back")
                chromium.join(10)
            for http in sessions:
                http.close()
    finally:
        raw.close()
    light = [w for seen in arrivals.values() for w in waits(commits, seen)]
    real = [w for seen in painted for w in waits(commits, seen)]
    judge(light, real, viewers, browsers_count, idle_cpu, idle_took, audience.errors, verdicts)
    say(
        f"  while the changes went out: server workers {busy.server_s / busy.changes:.2f} CPU-s"
        f" per change, the bench's light clients {busy.clients_s / busy.changes:.2f} CPU-s"
        f" per change (on the same {os.cpu_count()} cores)"
    )


@dataclass(frozen=True)
class Busy:
    """CPU seconds spent from the first change to the end of the tail, by whom."""

    changes: int
    server_s: float
    clients_s: float


def _join(audience: Audience, viewers: int) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if all(v != NOT_SHOWN for v in audience.shown[:viewers]):
            return
        time.sleep(0.1)
    late = sum(v == NOT_SHOWN for v in audience.shown[:viewers])
    audience.errors.append(f"{late} viewers never showed the edition")


def judge(
    light: list[float],
    real: list[float],
    viewers: int,
    browsers_count: int,
    idle_cpu: float,
    idle_took: float,
    errors: list[str],
    verdicts: Verdicts,
) -> None:
    """Print the waits beside the poll's baseline and add the verdicts."""
    every = [w for w in light + real if w != float("inf")]
    missed = sum(w == float("inf") for w in light + real)
    if missed:
        errors.append(f"{missed} viewer-changes never arrived")
    median = statistics.median(every) if every else float("inf")
    tail = p95(every) if len(every) > 1 else float("inf")
    arrived_light = [w for w in light if w != float("inf")]
    arrived_real = [w for w in real if w != float("inf")]
    say(
        f"news: {viewers} stream viewers {spread(arrived_light, unit=' s')}, "
        f"{browsers_count} Chromium pages {spread(arrived_real, unit=' s')} "
        f"(median (min–max) of the wait from a commit to the new figures)"
    )
    say(
        f"  all: median {median:.2f} s, p95 {tail:.2f} s over {len(every):,} viewer-changes; "
        f"baseline, a {INTERVAL_S:g} s poll: median {INTERVAL_S / 2:g} s, worst {INTERVAL_S:g} s "
        f"(then {median / (INTERVAL_S / 2):.2f}× the poll's median)"
    )
    per_check_ms = 1000 * idle_cpu / (viewers + browsers_count) / (idle_took / INTERVAL_S)
    say(
        f"  idle: workers' CPU {idle_cpu:.2f} s over {idle_took:.0f} s with "
        f"{viewers + browsers_count} viewers = {per_check_ms:.3f} ms per viewer per interval"
    )
    for line in errors[:5]:
        say(f"  {line}")
    verdicts.add(
        "news, median wait from a save to the screen",
        f"{median:.2f} s",
        f"≤ {MEDIAN_TARGET_S:g} s",
        median <= MEDIAN_TARGET_S,
    )
    verdicts.add(
        "news, p95 wait and errors",
        f"{tail:.2f} s, {len(errors)} errors",
        f"≤ {P95_TARGET_S:g} s, 0 errors",
        tail <= P95_TARGET_S and not errors,
    )
    verdicts.add(
        "news, CPU per idle viewer per interval",
        f"{per_check_ms:.3f} ms",
        f"≤ {IDLE_CHECK_MS:g} ms",
        per_check_ms <= IDLE_CHECK_MS,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--browsers", type=int, default=3)
    parser.add_argument("--changes", type=int, default=9)
    parser.add_argument("--idle", type=float, default=30.0)
    parser.add_argument("--size", default="1m")
    args = parser.parse_args()
    from bench.datasets import sqlite_dataset

    verdicts = Verdicts()
    run(
        sqlite_dataset(args.size),
        verdicts,
        viewers=args.viewers,
        browsers_count=args.browsers,
        changes=args.changes,
        idle_s=args.idle,
    )
    raise SystemExit(0 if verdicts.passed else 1)


if __name__ == "__main__":
    main()
