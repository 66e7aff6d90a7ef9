"""The load bench's figures (pure: percentiles, span lines, verdicts) and its final report."""

from __future__ import annotations

import re
import statistics
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bench.load_audience import JITTER, KIOSK_POLL_S
from bench.load_requests import (
    CHANGED,
    KIOSK_FRAME,
    KIOSK_STATE,
    LOGIN,
    UNCHANGED,
    VERSION,
    Record,
)

LOG_PROBLEM = re.compile(r"Traceback|\[ERROR\]|\[CRITICAL\]|WARNING|not readable")


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
