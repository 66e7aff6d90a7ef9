"""The national load run's figures: rounds with the phones on 3G beside rounds at full speed.

Each figure is a per-round p95 (or median), printed as the median of the rounds and their
spread, for the rounds with the phones on 3G and those at full speed, with their ratio,
its target and its verdict (bench/jury_report's table). The screens' state poll is the
figure the phones must not move: its median over the 3G rounds at most SCREEN_RATIO
times that over the full-speed rounds (the rounds of one run swing about that much on a
shared 2-core machine, whatever the phones do).
"""

from __future__ import annotations

import math
import os
import statistics
from collections.abc import Sequence

from bench.jury_clients import SAVE
from bench.jury_report import (
    JURY_KINDS,
    Round,
    Row,
    p95,
    ratio,
    round_p95,
    spread,
    table,
    visibility,
)
from bench.load_audience import KIOSK_POLL_S
from bench.load_live import LIVE_PAGES, PHONE, VISIT
from bench.load_news_feed import STREAM
from bench.load_report import LOG_PROBLEM, percentiles
from bench.load_requests import CHANGED, KIOSK_FRAME, KIOSK_STATE, UNCHANGED, VERSION, Record

SLOW, FAST = "phones on 3G", "phones at full speed"
PHASES = (SLOW, FAST)
SCREEN_RATIO = 1.25  # the screens' state poll p95, 3G rounds over full-speed rounds
SAVE_P95_S = 0.150  # the jury bench's target for a save's answer
NEWS_MEDIAN_S = 1.5  # issue 16: news in about a second (and the p95 within interval / 2 + 1 s)
NGINX_PROBLEM = ("[error]", "[crit]", "[alert]", "[emerg]")
REFRESH = (CHANGED, UNCHANGED)
PHONE_REFRESH = tuple(f"{PHONE} {kind}" for kind in REFRESH)


def round_line(
    records: Sequence[Record], r: Round, number: int, *, screens_only: bool = False
) -> str:
    """Return a round's line: the screens' polls, and (at the end) tabs, phones and saves."""
    inside = [x for x in records if r.start <= x.start < r.end]

    def figure(*kinds: str) -> str:
        values = [x.seconds for x in inside if x.kind in kinds and x.error is None]
        return f"{len(values):,} p95 {percentiles(values)[1]:.3f} s"

    errors = sum(x.error is not None for x in inside)
    parts = [f"screens' state {figure(KIOSK_STATE)}", f"frames {figure(KIOSK_FRAME)}"]
    if not screens_only:
        parts += [
            f"refreshes {figure(*REFRESH)}",
            f"polls {figure(VERSION)}",
            f"phones' refreshes {figure(*PHONE_REFRESH)}",
            f"saves {figure(SAVE)}",
        ]
    return (
        f"round {number:2d} {r.phase:20s}: {'; '.join(parts)}; {errors} errors; "
        f"server CPU {100 * r.cpu:.0f}% of one core, the bench's clients {100 * r.clients_cpu:.0f}%"
    )


def medians(
    records: Sequence[Record], rounds: Sequence[Round], kind: str
) -> dict[str, list[float]]:
    """Return phase -> [median of the answered records of this kind, per round]."""
    found: dict[str, list[float]] = {phase: [] for phase in PHASES}
    for r in rounds:
        values = [
            x.seconds
            for x in records
            if x.kind == kind and x.error is None and r.start <= x.start < r.end
        ]
        if values:
            found[r.phase].append(statistics.median(values))
    return found


def within(values: dict[str, list[float]], limit: float) -> bool:
    every = values[SLOW] + values[FAST]
    return bool(every) and max(every) < limit


def screens_in_time(kiosk: dict[str, list[float]]) -> Row:
    """The screens' state poll answered within its own interval, in every round.

    Without it, a server too busy for anything would pass the comparison below: its
    polls take as long with the phones as without.
    """
    every = kiosk[SLOW] + kiosk[FAST]
    return Row(
        "screens' state poll, p95 of the slowest round",
        f"{max(kiosk[SLOW], default=math.nan):.3f} s",
        f"{max(kiosk[FAST], default=math.nan):.3f} s",
        "—",
        f"≤ {KIOSK_POLL_S:g} s (the screens' poll interval)",
        bool(every) and max(every) <= KIOSK_POLL_S,
    )


def screens_row(kiosk: dict[str, list[float]]) -> Row:
    """The screens' state poll: the 3G rounds' median p95 at most SCREEN_RATIO x full speed."""
    slow, fast = kiosk[SLOW], kiosk[FAST]
    ok = (
        bool(slow)
        and bool(fast)
        and statistics.median(slow) <= SCREEN_RATIO * statistics.median(fast)
    )
    return Row(
        "screens' state poll (GET /kiosk/api/state), p95",
        spread(slow),
        spread(fast),
        ratio(slow, fast),
        f"≤ {SCREEN_RATIO:g}× full speed",
        ok,
    )


def compared(
    metric: str, figures: dict[str, list[float]], *, unit: str = "s", digits: int = 3
) -> Row:
    """A figure for the record: the 3G rounds, the full-speed rounds, their ratio."""
    slow, fast = figures[SLOW], figures[FAST]
    return Row(
        metric, spread(slow, unit, digits), spread(fast, unit, digits), ratio(slow, fast), "—", None
    )


def judged(metric: str, figures: dict[str, list[float]], target: str, ok: bool) -> Row:
    """A figure with its target: per round as `compared`, judged over the window."""
    row = compared(metric, figures)
    return Row(row.metric, row.with_jury, row.without, row.ratio, target, ok)


def report(
    args, run, rounds: Sequence[Round], watch: dict, logs: tuple[str, str], limit, verdicts
) -> None:
    """Print the rounds, the table and the whole run's counts; add the VERDICT lines."""
    records = run.audience.recorder.records
    for number, measured in enumerate(rounds, 1):
        print(round_line(records, measured, number), flush=True)

    def rounds_of(*kinds: str, where: str | None = None) -> dict[str, list[float]]:
        return round_p95(records, rounds, kinds, PHASES, where)

    server_log, nginx_log = logs
    problems = [line for line in server_log.splitlines() if LOG_PROBLEM.search(line)]
    problems += [line for line in nginx_log.splitlines() if any(w in line for w in NGINX_PROBLEM)]
    failed = {
        phase: sum(
            x.error is not None
            for x in records
            if any(r.phase == phase and r.start <= x.start < r.end for r in rounds)
        )
        for phase in PHASES
    }
    all_failed = sum(r.error is not None for r in records) + run.lost
    restarts = watch.get("restarts", 0)
    half = args.interval / 2
    acks = [ack for juror in run.jurors for ack in juror.acks]
    saves = [ack for ack in acks if ack.criterion is not None]
    acked = [(a.acked_at, a.version) for a in saves]
    streamed, _first = visibility(acked, [screen for polls, screen in run.screens if not polls])
    polled, _first = visibility(acked, [screen for polls, screen in run.screens if polls])
    news_median = statistics.median(streamed) if streamed else math.nan
    saved = [r.seconds for r in records if r.kind == SAVE and r.error is None]
    save_p95 = p95(saved) if saved else math.nan
    in_window = [r for r in records if rounds and rounds[0].start <= r.start < rounds[-1].end]
    refreshes = [r.seconds for r in in_window if r.kind in REFRESH and r.error is None]
    polls = [r.seconds for r in in_window if r.kind == VERSION and r.error is None]
    refresh_p95, poll_p95 = percentiles(refreshes)[1], percentiles(polls)[1]
    connections = max(watch["connections"], default=0)
    nginx = {p: [100 * share for phase, share in watch["nginx"] if phase == p] for p in PHASES}
    database = {p: [100 * x for phase, x in watch["database"] if phase == p] for p in PHASES}
    machine = {p: [100 * x for phase, x in watch["machine"] if phase == p] for p in PHASES}
    cpu = {p: [100 * r.cpu for r in rounds if r.phase == p] for p in PHASES}
    clients = {p: [100 * r.clients_cpu for r in rounds if r.phase == p] for p in PHASES}
    visit = medians(records, rounds, f"{PHONE} {VISIT}")
    opened = [r.seconds for r in records if r.kind.endswith(STREAM) and r.error is None]
    rows = [
        screens_row(rounds_of(KIOSK_STATE)),
        screens_in_time(rounds_of(KIOSK_STATE)),
        compared("screens' frame, p95", rounds_of(KIOSK_FRAME)),
        Row(
            "errors (failed requests, server and proxy logs, restarts)",
            f"{failed[SLOW]} in the rounds",
            f"{failed[FAST]} in the rounds",
            "—",
            "0 in the whole run",
            all_failed + len(problems) + restarts == 0,
        ),
        judged(
            "tabs' refresh callback, p95 (desk tabs)",
            rounds_of(*REFRESH),
            f"< {half:g} s (interval / 2) over the window: {refresh_p95:.3f} s",
            bool(refreshes) and refresh_p95 < half,
        ),
        *(
            compared(f"  … on {page.path}", rounds_of(*REFRESH, where=page.path))
            for page in LIVE_PAGES
        ),
        judged(
            "pollers' tick (GET /api/versi), p95",
            rounds_of(VERSION),
            f"< {half:g} s (interval / 2) over the window: {poll_p95:.3f} s",
            bool(polls) and poll_p95 < half,
        ),
        Row(
            "news streams opened (the answer's head), p95",
            f"{percentiles(opened)[1]:.3f} s over the run ({len(opened):,})",
            "—",
            "—",
            "—",
            None,
        ),
        judged(
            "save answered, p95",
            rounds_of(SAVE),
            f"≤ {1000 * SAVE_P95_S:.0f} ms over the run: {1000 * save_p95:.0f} ms ({len(saved):,})",
            bool(saved) and save_p95 <= SAVE_P95_S,
        ),
        Row(
            "save → every streaming tab's screen, median / p95",
            f"{news_median:.2f} / {p95(streamed):.2f} s over the run ({len(streamed):,} pairs)",
            "—",
            "—",
            f"≤ {NEWS_MEDIAN_S:g} / {half + 1:g} s (interval / 2 + 1 s)",
            bool(streamed) and news_median <= NEWS_MEDIAN_S and p95(streamed) <= half + 1,
        ),
        Row(
            "save → every polling tab's screen, p95",
            f"{p95(polled):.2f} s over the run ({len(polled):,} pairs)",
            "—",
            "—",
            f"≤ {args.interval + 1:g} s (interval + 1 s)",
            bool(polled) and p95(polled) <= args.interval + 1,
        ),
        compared("phones' refresh callback, p95", rounds_of(*PHONE_REFRESH)),
        compared("a phone opening its page (~700 KB), median", visit),
        Row(
            "PostgreSQL connections of the server, max",
            f"{connections} over the run",
            "—",
            "—",
            f"≤ {limit[0]} ({limit[1]})",
            connections <= limit[0],
        ),
        compared("server workers' CPU (% of one core)", cpu, unit="%", digits=0),
        compared("nginx's CPU (% of one core)", nginx, unit="%", digits=0),
        compared("PostgreSQL's CPU on the database (% of one core)", database, unit="%", digits=0),
        compared("the bench's clients' CPU (% of one core)", clients, unit="%", digits=0),
        compared(
            f"the machine, every process ({os.cpu_count()} cores; % of one)",
            machine,
            unit="%",
            digits=0,
        ),
    ]
    print(flush=True)
    topology = "gunicorn alone" if args.no_proxy else "make serve (nginx -> gunicorn)"
    length = min(args.round, args.minutes * 30)
    print(
        f"national load: {args.viewers} tabs on {', '.join(p.path for p in LIVE_PAGES)} "
        f"({args.pollers} polling every {args.interval} s, {args.phones} phones), "
        f"{args.kiosks} screens, {args.jurors} jurors saving every {args.save_every:g} s; "
        f"PostgreSQL, {topology}; {len(rounds)} rounds of {length:g} s, the phones at "
        f"{args.phone_kbit:g} kbit/s and {args.phone_rtt_ms:g} ms or at full speed in turn; "
        "per-round figures: median of the rounds (min–max)"
    )
    print(table(rows, PHASES))
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine load average at the end (1 / 5 / 15 min): {load}")
    jury_failed = sum(r.error is not None for r in records if r.kind in JURY_KINDS)
    print(
        f"whole run: {len(records):,} requests, {all_failed} failed ({jury_failed} of the "
        f"jury's), {len(problems)} problem lines in the server's and nginx's logs, {restarts} "
        f"worker restarts; {len(saves):,} saves, {sum(a.criterion is None for a in acks):,} "
        f"sheets submitted; news streams: {run.refused} refused (the tab polled), "
        f"{run.renewed} renewed after their lifetime; "
        f"{sum(math.isinf(x) for x in streamed + polled)} save-tab pairs never seen"
    )
    for note in run.audience.recorder.notes[:5]:
        print(f"  request: {note[:200]}")
    for line in problems[:5]:
        print(f"  log: {line[:200]}")
    for row in rows:
        if row.ok is not None:
            both = row.with_jury if row.without == "—" else f"{row.with_jury}, {FAST} {row.without}"
            verdicts.add(f"load, {row.metric}", both, row.target, row.ok)
