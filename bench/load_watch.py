"""What the load bench watches on the server's side: database connections, workers, CPU."""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bench.data_movers import JURY_APP_NAME
from bench.load_audience import Audience
from bench.load_report import window_line
from bench.postgres import libpq
from bench.progress import say
from bench.server import worker_pids as children

if TYPE_CHECKING:
    import psycopg

SAMPLE_EVERY_S = 2.0
# The benches' own connections to the database (the jury's writer, the jurors' version
# reader, the vacuum loop): not the server's.
BENCH_APP_NAMES = (JURY_APP_NAME, "kipp-jury-bench", "kipp-bench-vacuum")
JOIN_LIMIT_S = 300.0  # the longest the window waits after the ramp for viewers to get in


class ConnectionCounter:
    """Counts the server's database connections: pg_stat_activity, or open SQLite handles."""

    def __init__(self, database_url: str, admin_url: str | None, master: int) -> None:
        from sqlalchemy.engine import make_url

        self.url = make_url(database_url)
        self.admin_url = admin_url
        self.master = master
        self.conn: psycopg.Connection | None = None

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

            if self.admin_url is None:
                raise ValueError("counting PostgreSQL connections needs the server's URL")
            self.conn = psycopg.connect(libpq(self.admin_url), autocommit=True)
        row = self.conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s"
            " AND coalesce(application_name, '') <> ALL(%s)",
            (self.url.database, list(BENCH_APP_NAMES)),
        ).fetchone()
        return int(row[0]) if row is not None else 0

    def backends(self) -> list[int]:
        """Return the pids of every PostgreSQL backend on the bench database (the bench's too)."""
        if self.url.get_backend_name() == "sqlite" or self.conn is None:
            return []
        rows = self.conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.url.database,)
        ).fetchall()
        return [int(row[0]) for row in rows]

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
    return sum(cpu_by_pid(pids).values())


def cpu_by_pid(pids: Iterable[int]) -> dict[int, float]:
    """Return each process's user + system CPU seconds so far (those that still run)."""
    found = {}
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            found[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found


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
