"""The jury bench's figures (pure): lost saves, save-to-screen times, rounds, the table."""

from __future__ import annotations

import math
import statistics
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Protocol

from bench.jury_clients import (
    DECLARE,
    SAVE,
    SHEET_PAGE,
    SUBMIT,
    Ack,
    Expected,
    Juror,
    Screen,
    ScreenViewer,
)
from bench.jury_dataset import Stored
from bench.load_audience import Audience
from bench.load_report import LOG_PROBLEM, percentiles
from bench.load_requests import CHANGED, KIOSK_FRAME, KIOSK_STATE, UNCHANGED, VERSION, Record


class Run(Protocol):
    """What the report reads of a run (bench.jury.Run): its audience and its clients."""

    audience: Audience
    jurors: list[Juror]
    viewers: list[ScreenViewer]


WITH, WITHOUT = "with jurors", "without jurors"
SAVE_P95_S = 0.150  # a juror's save, answered
JURY_KINDS = (SAVE, SUBMIT, DECLARE, SHEET_PAGE)


# ---------------------------------------------------------------- lost saves
@dataclass(frozen=True)
class Lost:
    """Acknowledged saves the database does not hold, by where they are missing."""

    history: int  # acknowledged score changes without their line in score_history
    submits: int  # acknowledged submits without their 'submit' line
    sheets: int  # sheets whose scores, revision or state differ from their last answer
    unacknowledged: int  # history lines of saves whose answer never came (not a loss)

    @property
    def total(self) -> int:
        return self.history + self.submits + self.sheets


def lost_saves(
    acks: Iterable[Ack],
    expected: dict[tuple[str, str], Expected],
    history: Iterable[tuple[str, str, str | None, str, int | None]],
    scores: dict[tuple[str, str], dict[str, int]],
    states: dict[tuple[str, str], tuple[int, str]],
) -> Lost:
    """Compare what the server acknowledged with what the database holds.

    `history`: (juror, innovation, criterion, event, new value) of the web's lines;
    `scores`: (juror, innovation) -> criterion -> value; `states`: (juror, innovation) ->
    (revision, state). Every acknowledged change must have its own history line (counted
    as a multiset: a value typed twice needs two lines), every acknowledged submit its
    line, and every sheet the scores, revision and state of its last answer (a sheet with
    a save whose answer never came: at least that revision).
    """
    acked: Counter = Counter()
    for ack in acks:
        acked[(ack.juror, ack.innovation, ack.criterion, ack.centi)] += 1
    written: Counter = Counter()
    for juror, innovation, criterion, event, new in history:
        if event == "score":
            written[(juror, innovation, criterion, new)] += 1
        elif event == "submit":
            written[(juror, innovation, None, None)] += 1
    missing = acked - written
    submits = sum(n for key, n in missing.items() if key[2] is None)
    sheets = sum(
        not _holds(want, scores.get(key, {}), states.get(key)) for key, want in expected.items()
    )
    return Lost(sum(missing.values()) - submits, submits, sheets, sum((written - acked).values()))


def _holds(want: Expected, scores: dict[str, int], state: tuple[int, str] | None) -> bool:
    """Return whether a sheet on record holds its last acknowledged answer."""
    if state is None:
        return False
    if not want.settled:
        return state[0] >= want.revision
    submitted = "submitted" if want.submitted else "draft"
    return scores == want.scores and state == (want.revision, submitted)


# ---------------------------------------------------------------- save -> screen
def visibility(
    saves: Sequence[tuple[float, int]], screens: Iterable[Screen]
) -> tuple[list[float], list[float]]:
    """Return how long saves took to reach the viewers' screens, and the first viewer's tick.

    `saves`: (answered at, data version read right after). For every viewer that had its
    page by then: seconds from the answer until its screen showed that version or a later
    one (inf if it never did). For every save: seconds until the first viewer's tick
    reported it. A viewer's versions are taken as their running maximum (two workers may
    remember versions a moment apart).
    """
    every: list[float] = []
    first = [math.inf] * len(saves)
    for screen in screens:
        if not screen.updates:
            every.extend(math.inf for at, _v in saves if at >= screen.joined_at)
            continue
        asked, done, versions = zip(*screen.updates, strict=True)
        highest = list(accumulate(versions, max))
        for n, (at, version) in enumerate(saves):
            if at < screen.joined_at:
                continue
            found = bisect_left(highest, version)
            if found == len(highest):
                every.append(math.inf)
                continue
            every.append(max(0.0, done[found] - at))
            first[n] = min(first[n], max(0.0, asked[found] - at))
    return every, first


def p95(values: Sequence[float]) -> float:
    """Return the 95th percentile (inf when more than 5% are inf, nan without values)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


# ---------------------------------------------------------------- rounds
@dataclass(frozen=True)
class Round:
    """One measured round: its phase and the span its figures count (after settling)."""

    phase: str
    start: float
    end: float
    cpu: float = math.nan  # the server workers' CPU over the round, share of one core
    # The bench's clients (the viewers' and screens' process and the jury's): their own
    # CPU, on the same cores as the server.
    clients_cpu: float = math.nan


def round_p95(
    records: Sequence[Record],
    rounds: Sequence[Round],
    kinds: tuple[str, ...],
    phases: tuple[str, str] = (WITH, WITHOUT),
    where: str | None = None,
):
    """Return phase -> [p95 of the answered requests of these kinds, per round].

    `where`: only the requests recorded for that page.
    """
    found: dict[str, list[float]] = {phase: [] for phase in phases}
    for r in rounds:
        values = [
            x.seconds
            for x in records
            if x.kind in kinds
            and x.error is None
            and r.start <= x.start < r.end
            and (where is None or x.where == where)
        ]
        if values:
            found[r.phase].append(percentiles(values)[1])
    return found


def spread(values: Sequence[float], unit: str = "s", digits: int = 3) -> str:
    """Return 'median (min–max)' of per-round figures."""
    if not values:
        return "—"
    middle = statistics.median(values)
    if len(values) == 1:
        return f"{middle:.{digits}f} {unit}"
    return f"{middle:.{digits}f} {unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def ratio(with_jury: Sequence[float], without: Sequence[float]) -> str:
    """Return the ratio of the per-round medians, with jurors over without."""
    if not with_jury or not without or statistics.median(without) <= 0:
        return "—"
    return f"{statistics.median(with_jury) / statistics.median(without):.2f}×"


# ---------------------------------------------------------------- the table
@dataclass(frozen=True)
class Row:
    metric: str
    with_jury: str
    without: str
    ratio: str
    target: str
    ok: bool | None  # None: a figure for the record, no target


def table(rows: Sequence[Row], phases: tuple[str, str] = (WITH, WITHOUT)) -> str:
    """Return the rows as an aligned text table (metric, both runs, ratio, target, verdict)."""
    head = ("metric", *phases, "ratio", "target", "verdict")
    cells = [head] + [
        (r.metric, r.with_jury, r.without, r.ratio, r.target, _word(r.ok)) for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _word(ok: bool | None) -> str:
    return "—" if ok is None else ("PASS" if ok else "MISS")


# ---------------------------------------------------------------- the report
def report(args, run: Run, rounds: Sequence[Round], stored: Stored, log: str, verdicts) -> None:
    """Print both runs side by side with targets and verdicts; add the VERDICT lines."""
    records = run.audience.recorder.records
    acks = [ack for juror in run.jurors for ack in juror.acks]
    saves = [ack for ack in acks if ack.criterion is not None]
    expected = {(j.account.juror_code, c): e for j in run.jurors for c, e in j.expected.items()}
    lost = lost_saves(acks, expected, stored.history, stored.scores, stored.states)
    every, first = visibility(
        [(ack.acked_at, ack.version) for ack in saves], [v.screen for v in run.viewers]
    )
    answered = [r.seconds for r in records if r.kind == SAVE and r.error is None]
    problems = [line for line in log.splitlines() if LOG_PROBLEM.search(line)]
    failed = {
        phase: sum(
            x.error is not None
            for x in records
            if any(r.phase == phase and r.start <= x.start < r.end for r in rounds)
        )
        for phase in (WITH, WITHOUT)
    }
    jury_failed = sum(r.error is not None for r in records if r.kind in JURY_KINDS)
    all_failed = sum(r.error is not None for r in records)
    ticks = round_p95(records, rounds, (VERSION,))
    refreshes = round_p95(records, rounds, (CHANGED, UNCHANGED))
    kiosk = round_p95(records, rounds, (KIOSK_STATE,))
    frames = round_p95(records, rounds, (KIOSK_FRAME,))
    cpu = {p: [100 * r.cpu for r in rounds if r.phase == p] for p in (WITH, WITHOUT)}
    clients = {p: [100 * r.clients_cpu for r in rounds if r.phase == p] for p in (WITH, WITHOUT)}
    save_p95, seen, half = p95(answered), p95(every), args.interval / 2
    limit = args.interval + 1
    rows = [
        Row(
            "save answered, p95",
            f"{1000 * save_p95:.0f} ms (p50 {1000 * percentiles(answered)[0]:.0f}; "
            f"{len(answered):,} saves)",
            "—",
            "—",
            f"≤ {1000 * SAVE_P95_S:.0f} ms",
            save_p95 <= SAVE_P95_S,
        ),
        Row(
            "errors (failed requests, server log)",
            f"{failed[WITH]} in the rounds",
            f"{failed[WITHOUT]} in the rounds",
            "—",
            "0 in the whole run",
            all_failed + len(problems) == 0,
        ),
        Row(
            "lost saves",
            f"{lost.total} of {len(acks):,} acknowledged",
            "—",
            "—",
            "0",
            lost.total == 0 and bool(saves),
        ),
        Row(
            "save → every viewer's screen, p95",
            f"{seen:.2f} s ({len(every):,} pairs)",
            "—",
            "—",
            f"≤ {limit:g} s (interval + 1 s)",
            seen <= limit,
        ),
        Row("save → first viewer's tick, p95", f"{p95(first):.2f} s", "—", "—", "—", None),
        Row(
            "viewer tick (GET /api/versi), p95",
            spread(ticks[WITH]),
            spread(ticks[WITHOUT]),
            ratio(ticks[WITH], ticks[WITHOUT]),
            f"< {half:g} s (interval / 2)",
            bool(ticks[WITH]) and max(ticks[WITH] + ticks[WITHOUT]) < half,
        ),
        Row(
            "viewer refresh callback, p95",
            spread(refreshes[WITH]),
            spread(refreshes[WITHOUT]),
            ratio(refreshes[WITH], refreshes[WITHOUT]),
            f"< {half:g} s (interval / 2)",
            bool(refreshes[WITH]) and max(refreshes[WITH] + refreshes[WITHOUT]) < half,
        ),
        Row(
            "kiosk state poll, p95",
            spread(kiosk[WITH]),
            spread(kiosk[WITHOUT]),
            ratio(kiosk[WITH], kiosk[WITHOUT]),
            "—",
            None,
        ),
        Row("kiosk frame, p95", spread(frames[WITH]), spread(frames[WITHOUT]), "—", "—", None),
        Row(
            "server workers' CPU (% of one core)",
            spread(cpu[WITH], "%", 0),
            spread(cpu[WITHOUT], "%", 0),
            ratio(cpu[WITH], cpu[WITHOUT]),
            "—",
            None,
        ),
        Row(
            "the bench's clients' CPU (% of one core)",
            spread(clients[WITH], "%", 0),
            spread(clients[WITHOUT], "%", 0),
            ratio(clients[WITH], clients[WITHOUT]),
            "—",
            None,
        ),
    ]
    print(flush=True)
    print(
        f"jury: {args.jurors} jurors saving every {args.save_every:g} s, {args.viewers} viewers "
        f"ticking every {args.interval} s, {args.kiosks} screens polling; PostgreSQL; "
        f"{len(rounds)} rounds of {args.round:g} s, without and with jurors in turn; "
        "per-round figures: median of the rounds (min–max)"
    )
    print(table(rows))
    print(
        f"whole run: {len(records):,} requests, {all_failed} failed ({jury_failed} of the "
        f"jury's), {len(problems)} problem lines in the server log; "
        f"{sum(ack.criterion is None for ack in acks):,} sheets submitted; lost saves: "
        f"history {lost.history}, submits {lost.submits}, sheets {lost.sheets} of "
        f"{len(expected):,}; {sum(math.isinf(x) for x in every)} save-viewer pairs never seen"
    )
    if lost.unacknowledged:
        print(f"({lost.unacknowledged} history lines of saves whose answer never came)")
    if any(j.ran_out for j in run.jurors):
        print("(a juror filled every open sheet: give the edition more --innovations)")
    for note in run.audience.recorder.notes[:5]:
        print(f"  request: {note[:200]}")
    for line in problems[:5]:
        print(f"  server log: {line[:200]}")
    for row in rows:
        if row.ok is not None:
            both = (
                row.with_jury if row.without == "—" else f"{row.with_jury}, without {row.without}"
            )
            verdicts.add(f"jury, {row.metric}", both, row.target, row.ok)
