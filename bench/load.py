"""Load the production server with a hall's audience: does every viewer get answers in time?

Usage: python -m bench.load [--minutes 10] [--viewers 200] [--interval 5] [--sqlite]

A fresh database (by default a new PostgreSQL database on the loopback server, dropped
afterwards; --sqlite for a throwaway SQLite file) gets the demo edition, a few viewer
accounts and a display token. The Procfile's command (gunicorn -c gunicorn.conf.py
'app:create_app()'; WEB_CONCURRENCY, GUNICORN_THREADS, DB_POOL_SIZE... from this environment,
as in production) serves it on a free loopback port. Then, as a hall would
(bench/load_audience.py):

- each viewer logs in through the form (its own session cookie), loads `/?refresh=5`
  (the page, /_dash-layout, /_dash-dependencies and the callbacks Chromium fires on
  load) and ticks every interval (+-10%) as assets/kipp-live.js does: `GET /api/versi`,
  and only when that version differs from the one shown, the page's refresh callback,
  built from /_dash-dependencies as Dash's renderer sends it. A viewer ticks again once
  its previous tick answered (a slow server gets fewer requests; the report says how
  many of those due were sent);
- one ceremony screen polls /kiosk/api/state 500 ms after each answer, says which slide
  it shows, and asks the frame callback for new slides when the version moves (kiosk.js);
- a jury completes an open score sheet every --jury-every seconds and, once none is
  left, changes one score back and forth, so viewers get full refreshes too.

Viewers join over --ramp seconds (every login costs an argon2 check); the measured window
of --minutes starts once all of them have their page. Every 2 s the server's database
connections are counted (PostgreSQL: pg_stat_activity of the bench database; SQLite: the
workers' open handles on the file) against workers x (pool_size + max_overflow) of
data_access/db.py.
A line per minute, then the figures, then the VERDICT lines: zero errors (failed or
refused requests and "stale" answers over the whole run, warnings and errors in the
server's log, restarted workers), p95 of the viewers' ticks under half the interval
(version requests and refresh callbacks, each kind), connections within the pool. Exit status 0
when all three pass.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bench.kiosk_soak import cli, free_port, procfile_command, say, stop_server, wait_until_up
from bench.kiosk_soak import worker_pids as children
from bench.load_audience import (
    CHANGED,
    JITTER,
    JURY_APP_NAME,
    KIOSK_FRAME,
    KIOSK_POLL_S,
    KIOSK_STATE,
    LOGIN,
    UNCHANGED,
    VERSION,
    Audience,
    Jury,
    Kiosk,
    Record,
    Viewer,
)

PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/"
SAMPLE_EVERY_S = 2.0
JOIN_LIMIT_S = 300.0  # the longest the window waits after the ramp for viewers to get in
LOG_PROBLEM = re.compile(r"Traceback|\[ERROR\]|\[CRITICAL\]|WARNING|not readable")


# ---------------------------------------------------------------- figures (pure)
def percentiles(values: Sequence[float]) -> tuple[float, float, float, float]:
    """Return p50, p95, p99 and the maximum of the values (zeros when there are none)."""
    if not values:
        return 0.0, 0.0, 0.0, 0.0
    if len(values) == 1:
        return values[0], values[0], values[0], values[0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98], max(values)


def answered(records: Iterable[Record], *kinds: str) -> list[float]:
    """Return the durations of the answered requests of these kinds."""
    return [r.seconds for r in records if r.kind in kinds and r.error is None]


def latency_line(label: str, values: Sequence[float]) -> str:
    """Return 'label: n answered, p50/p95/p99/max'."""
    p50, p95, p99, top = percentiles(values)
    return (
        f"{label}: {len(values):,} answered, p50 {p50:.3f} s, p95 {p95:.3f} s, "
        f"p99 {p99:.3f} s, max {top:.3f} s"
    )


def window_line(records: Sequence[Record], viewers: int, span_s: float, interval: int) -> str:
    """Return a span's counts: requests, errors, viewer ticks sent of those due, p95s."""
    ticks = sum(r.kind == VERSION for r in records)  # every tick asks the version first
    due = viewers * span_s / interval

    def p95(kind: str) -> str:
        values = answered(records, kind)
        return f"{len(values):,} {kind.split()[-1]} p95 {percentiles(values)[1]:.3f} s"

    return (
        f"{len(records):,} requests, {sum(r.error is not None for r in records)} errors; "
        f"viewer ticks {ticks:,} of {due:,.0f} due ({p95(VERSION)}; refresh callbacks "
        f"{p95(UNCHANGED)}, {p95(CHANGED)}); "
        f"kiosk state p95 {percentiles(answered(records, KIOSK_STATE))[1]:.3f} s, "
        f"{sum(r.kind == KIOSK_FRAME for r in records)} frames"
    )


@dataclass(frozen=True)
class Verdicts:
    """The three targets and the figures they are judged on."""

    errors: int
    requests: int
    p95: dict[str, float]  # of the answered viewer ticks, by kind
    limit_s: float
    connections: int
    pool_limit: int

    @property
    def no_errors(self) -> bool:
        return self.errors == 0

    @property
    def fast(self) -> bool:
        return bool(self.p95) and all(value < self.limit_s for value in self.p95.values())

    @property
    def within_pool(self) -> bool:
        return self.connections <= self.pool_limit

    @property
    def passed(self) -> bool:
        return self.no_errors and self.fast and self.within_pool

    def lines(self) -> list[str]:
        """Return the VERDICT lines, the report's last."""

        def word(ok: bool) -> str:
            return "PASS" if ok else "FAIL"

        p95 = ", ".join(f"{kind} {value:.3f} s" for kind, value in self.p95.items()) or "none"
        return [
            f"VERDICT zero errors: {word(self.no_errors)} "
            f"({self.errors:,} errors in {self.requests:,} requests)",
            f"VERDICT p95 < {self.limit_s:g} s: {word(self.fast)} (viewer ticks, {p95})",
            f"VERDICT connections within pool: {word(self.within_pool)} "
            f"(max {self.connections} of {self.pool_limit})",
        ]


# ---------------------------------------------------------------- the server's side
def libpq(url: str) -> str:
    """Return a SQLAlchemy URL as a libpq connection string."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def admin(url: str, sql: str) -> None:
    """Run one statement on the PostgreSQL server, outside a transaction."""
    import psycopg

    with psycopg.connect(libpq(url), autocommit=True) as conn:
        conn.execute(sql)


def create_database(admin_url: str) -> tuple[str, str]:
    """Create a fresh database on the PostgreSQL server; return its name and URL."""
    from sqlalchemy.engine import make_url

    name = f"kipp_load_{secrets.token_hex(4)}"
    admin(admin_url, f'CREATE DATABASE "{name}"')
    return name, make_url(admin_url).set(database=name).render_as_string(hide_password=False)


class ConnectionCounter:
    """Counts the server's database connections: pg_stat_activity, or open SQLite handles."""

    def __init__(self, database_url: str, admin_url: str | None, master: int) -> None:
        from sqlalchemy.engine import make_url

        self.url = make_url(database_url)
        self.admin_url = admin_url
        self.master = master
        self.conn = None

    def count(self) -> int:
        """Return how many connections the server's workers hold now."""
        if self.url.get_backend_name() == "sqlite":
            path = os.path.realpath(self.url.database or "")
            found = 0
            for pid in children(self.master):
                with contextlib.suppress(OSError):  # a worker that just went away
                    for fd in Path(f"/proc/{pid}/fd").iterdir():
                        with contextlib.suppress(OSError):
                            found += os.readlink(fd) == path
            return found
        if self.conn is None:
            import psycopg

            self.conn = psycopg.connect(libpq(self.admin_url), autocommit=True)
        row = self.conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
            " AND coalesce(application_name, '') <> %s",
            (self.url.database, JURY_APP_NAME),
        ).fetchone()
        return int(row[0])

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def pool_limit(database_url: str, env: dict[str, str], workers: int) -> tuple[int, str]:
    """Return workers x (pool_size + max_overflow) of the engine the app makes, explained."""
    from data_access.db import make_engine
    from data_access.settings import Settings

    engine = make_engine(database_url, pool_size=Settings.from_env(env).pool_size)
    try:
        size, overflow = engine.pool.size(), getattr(engine.pool, "_max_overflow", 0)
    finally:
        engine.dispose()
    return workers * (size + overflow), f"{workers} workers x ({size} + {overflow} overflow)"


def cpu_seconds(pids: Iterable[int]) -> float:
    """Return the user + system CPU seconds the processes used so far."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def machine_ticks() -> tuple[int, int]:
    """Return the machine's (busy, total) CPU time so far from /proc/stat, in ticks."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(values) - values[3] - values[4], sum(values)


@dataclass(frozen=True)
class Mark:
    """The clocks at one moment: wall, this process's CPU, the workers' CPU, the machine's."""

    at: float
    generator: float
    server: float
    busy: int
    total: int

    @classmethod
    def now(cls, workers: Iterable[int]) -> Mark:
        return cls(time.monotonic(), time.process_time(), cpu_seconds(workers), *machine_ticks())

    def cpu_since(self, earlier: Mark) -> str:
        """Return the CPU shares between an earlier mark and this one."""
        span = max(self.at - earlier.at, 1e-9)
        machine = (self.busy - earlier.busy) / max(1, self.total - earlier.total)
        return (
            f"load generator {100 * (self.generator - earlier.generator) / span:.0f}% "
            f"of one core, server workers {100 * (self.server - earlier.server) / span:.0f}% "
            f"of one core, machine {100 * machine:.0f}% busy ({os.cpu_count()} cores)"
        )


@dataclass
class Watch:
    """What the sampling loop saw of the server."""

    connections: list[tuple[float, int]] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    workers: set[int] = field(default_factory=set)
    restarts: int = 0


def watch_server(
    server: subprocess.Popen,
    counter: ConnectionCounter,
    audience: Audience,
    args: argparse.Namespace,
    started: float,
) -> tuple[Watch, tuple[float, float]]:
    """Sample connections and workers through the ramp and the window; return both.

    The window opens when the ramp is over and every viewer has its page (on a slow
    server logging in takes longer than the ramp), or after JOIN_LIMIT_S at the latest.
    """
    watch = Watch(workers=set(children(server.pid)))
    window: tuple[float, float] | None = None
    next_line = 0.0
    while window is None or time.monotonic() < window[1]:
        now = time.monotonic()
        waited = now - started - args.ramp  # since the ramp ended
        if window is None and waited >= 0 and (audience.all_in.is_set() or waited > JOIN_LIMIT_S):
            window = (now, now + args.minutes * 60)
            next_line = now
            say(
                f"{audience.joined} of {args.viewers} viewers in after {now - started:.0f} s; "
                f"measuring {args.minutes:g} min"
            )
        watch.connections.append((now, counter.count()))
        current = set(children(server.pid))
        watch.restarts += len(current - watch.workers)
        watch.workers |= current
        if window is not None and now >= next_line:
            watch.marks.append(Mark.now(watch.workers))
            period_line(audience, watch, args, window[0])
            next_line += args.report_every
        end = window[1] if window is not None else now + SAMPLE_EVERY_S
        time.sleep(min(SAMPLE_EVERY_S, max(0.05, end - time.monotonic())))
    watch.marks.append(Mark.now(watch.workers))
    period_line(audience, watch, args, window[0])
    return watch, window


def period_line(audience: Audience, watch: Watch, args, window_start: float) -> None:
    """Print the figures of the span between the last two marks."""
    if len(watch.marks) < 2:
        return
    first, last = watch.marks[-2], watch.marks[-1]
    records = audience.recorder.between(first.at, last.at)
    connections = max((n for t, n in watch.connections if first.at <= t <= last.at), default=0)
    say(
        f"minute {(last.at - window_start) / 60:4.1f}: "
        f"{window_line(records, args.viewers, last.at - first.at, args.interval)}; "
        f"DB connections max {connections}; CPU: {last.cpu_since(first)}"
    )


# ---------------------------------------------------------------- the run
def add_viewers(database_url: str, count: int, password: str) -> list[str]:
    """Add `count` viewer accounts (argon2 hashing is slow: a few, shared by the viewers)."""
    from data_access.db import make_engine, transaction
    from data_access.users import add_user

    engine = make_engine(database_url, pool_size=1)
    names = [f"penonton-{n:02d}" for n in range(1, count + 1)]
    try:
        with transaction(engine) as session:
            for name in names:
                add_user(session, name, password, "viewer")
    finally:
        engine.dispose()
    return names


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--minutes", type=float, default=10, help="measured window (default 10)")
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--interval", type=int, default=5, help="refresh seconds (default 5)")
    parser.add_argument("--ramp", type=float, default=60, help="seconds for viewers to join")
    parser.add_argument("--accounts", type=int, default=10, help="viewer accounts they share")
    parser.add_argument("--jury-every", type=float, default=10, help="seconds between writes")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file, not PostgreSQL")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("LOAD_POSTGRES_URL", DEFAULT_POSTGRES),
        help="the PostgreSQL server to make the bench database on ($LOAD_POSTGRES_URL)",
    )
    parser.add_argument("--report-every", type=float, default=60, help="seconds per line")
    parser.add_argument("--keep", action="store_true", help="keep the folder (server log)")
    args = parser.parse_args(argv)
    if args.viewers < 1 or args.accounts < 1 or args.minutes <= 0 or args.interval < 2:
        parser.error("needs a viewer, an account, a window and an interval of at least 2 s")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the load and print the figures and verdicts; exit 0 when every verdict passes."""
    args = parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="kipp-load-"))
    admin_url = name = None
    if args.sqlite:
        database_url = f"sqlite:///{folder / 'kipp.sqlite3'}"
    else:
        admin_url = args.postgres_url
        try:
            name, database_url = create_database(admin_url)
        except Exception as exc:  # no server there, or no right to create a database
            shutil.rmtree(folder, ignore_errors=True)
            say(f"cannot create the bench database on {admin_url}: {exc}")
            return 2
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "INSTANCE_DIR": str(folder),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "KIPP_BUILD": f"kipp-load-{secrets.token_hex(4)}",
        "PYTHONUNBUFFERED": "1",
    }
    server = counter = None
    server_log = folder / "gunicorn.log"
    log_text = ""
    try:
        password = secrets.token_urlsafe(12)
        cli(env, PROJECT, "init")
        cli(env, PROJECT, "demo")
        token_path = cli(env, PROJECT, "kiosk", "token", "create", "load").strip().splitlines()[-1]
        accounts = add_viewers(database_url, min(args.accounts, args.viewers), password)
        command = procfile_command(PROJECT)
        origin = f"http://127.0.0.1:{port}"
        with server_log.open("wb") as log_file:
            server = subprocess.Popen(
                command, cwd=PROJECT, env=env, stdout=log_file, stderr=subprocess.STDOUT
            )
        wait_until_up(origin, server)
        time.sleep(1)  # every worker has booted
        workers = children(server.pid)
        limit, limit_text = pool_limit(database_url, env, len(workers))
        counter = ConnectionCounter(database_url, admin_url, server.pid)
        say(f"database: {'SQLite' if args.sqlite else 'PostgreSQL'} {name or database_url}")
        say(f"server: {' '.join(command[1:])} on {origin}, {len(workers)} workers {workers}")
        deps = requests.get(f"{origin}/_dash-dependencies", timeout=30).json()
        audience = Audience(origin, args.interval, password, deps, args.viewers)
        started = time.monotonic()
        clients = [
            Kiosk(audience, token_path),
            jury := Jury(audience, database_url, args.jury_every),
            *(
                Viewer(
                    n, audience, accounts[n % len(accounts)], started + args.ramp * n / args.viewers
                )
                for n in range(args.viewers)
            ),
        ]
        for client in clients:
            client.start()
        say(
            f"{args.viewers} viewers join over {args.ramp:g} s and refresh every "
            f"{args.interval} s; a kiosk polls every {KIOSK_POLL_S * 1000:.0f} ms; the jury "
            f"writes every {args.jury_every:g} s"
        )
        watch, window = watch_server(server, counter, audience, args, started)
        audience.stop.set()
        for client in clients:
            client.join(timeout=60)
    except Exception as exc:
        say(f"load run failed: {type(exc).__name__}: {exc}")
        if server_log.exists():
            print(server_log.read_text(errors="replace")[-4000:], flush=True)
        return 2
    finally:
        if counter is not None:
            counter.close()
        if server is not None:
            stop_server(server)
        if name is not None:
            admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if server_log.exists():
            log_text = server_log.read_text(errors="replace")
        if args.keep:
            say(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return report(args, audience, jury, clients[0], watch, window, log_text, (limit, limit_text))


def report(args, audience, jury, kiosk, watch, window, log_text, limit) -> int:
    """Print the run's figures and verdicts; return the exit status."""
    problems = [line for line in log_text.splitlines() if LOG_PROBLEM.search(line)]
    records = audience.recorder.records
    measured = audience.recorder.between(*window)
    connections = [n for _t, n in watch.connections]
    in_window = [n for t, n in watch.connections if t >= window[0]]
    failed = sum(r.error is not None for r in records)
    ticks = {kind: answered(measured, kind) for kind in (VERSION, UNCHANGED, CHANGED)}
    print(flush=True)
    print(
        f"load: {args.viewers} viewers refreshing every {args.interval} s (+-{JITTER:.0%}), "
        f"a kiosk polling every {KIOSK_POLL_S:g} s, a jury write every {args.jury_every:g} s; "
        f"{args.minutes:g} min measured once all were in (ramp {args.ramp:g} s); "
        f"{'SQLite' if args.sqlite else 'PostgreSQL'}, {len(watch.workers)} gunicorn workers"
    )
    print(
        f"requests: {len(records):,} in all; in the window "
        f"{window_line(measured, args.viewers, args.minutes * 60, args.interval)}"
    )
    print(f"jury: {jury.sheets} sheets completed, {jury.flips} score changes")
    print(latency_line("viewer ticks (GET /api/versi)", ticks[VERSION]))
    print(latency_line("viewer callbacks, unchanged", ticks[UNCHANGED]))
    print(latency_line("viewer callbacks, changed", ticks[CHANGED]))
    print(latency_line("viewer callbacks, all", ticks[UNCHANGED] + ticks[CHANGED]))
    print(latency_line("kiosk state", answered(measured, KIOSK_STATE)))
    print(latency_line(f"kiosk frame ({kiosk.frames} in all)", answered(measured, KIOSK_FRAME)))
    print(latency_line("logins (ramp)", answered(records, LOGIN)))
    print(
        f"DB connections: max {max(in_window, default=0)} in the window "
        f"(median {statistics.median(in_window) if in_window else 0:g}), "
        f"max {max(connections, default=0)} in all; limit {limit[0]} = {limit[1]}"
    )
    print(f"CPU over the window: {watch.marks[-1].cpu_since(watch.marks[0])}")
    print(
        f"errors: {failed} failed requests, {jury.errors} jury errors, {len(problems)} "
        f"problem lines in the server log, {watch.restarts} worker restarts; "
        f"{audience.recorder.resent} requests resent after a reset connection, as browsers do"
    )
    for note in audience.recorder.notes[:5]:
        print(f"  request: {note[:200]}")
    for line in problems[:5]:
        print(f"  server log: {line[:200]}")
    result = Verdicts(
        errors=failed + jury.errors + len(problems) + watch.restarts,
        requests=len(records),
        p95={kind: percentiles(values)[1] for kind, values in ticks.items() if values},
        limit_s=args.interval / 2,
        connections=max(connections, default=0),
        pool_limit=limit[0],
    )
    for line in result.lines():
        print(line)
    sys.stdout.flush()
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
