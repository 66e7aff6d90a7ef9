"""A rehearsal jury: completes open score sheets one by one, so live refresh can be seen.

What it writes is stamped inside each stage's scheduled scoring window, in the edition's
time zone, when that window is over: spread over its working hours in the order the sheets
are completed, so a rehearsal of a past edition (the 2022 demo) reads as 2022 in the score
history, the jurors' last scores and the pace, never as the day it was run. A window open
today or still ahead is stamped now: nothing is ever stamped after the moment it is written.
Its history lines carry the source "rehearsal", whoever started it.
"""

from __future__ import annotations

import random
import time as clock
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from data_access import queries
from data_access.db import transaction
from data_access.formatting import to_local
from data_access.i18n import Message, compact
from data_access.jury import history
from data_access.jury.sheet_read import key_of
from data_access.models import (
    DRAFT,
    REHEARSAL,
    SUBMITTED,
    Criterion,
    Score,
    ScoreHistory,
    SheetState,
    Stage,
    utcnow,
)
from data_access.reports import load_edition_data, ranking
from data_access.scoring import COUNTED, PRESENTATION, PROPOSAL

BASE_INTERVAL_S = 3.0
# A rehearsal outside its window is stamped in these local working hours of the window's days.
WORKDAY_START_H = 8
WORKDAY_HOURS = 9


@dataclass(frozen=True)
class OpenSheet:
    """A sheet the jury still has to complete."""

    stage: str
    juror_id: int
    juror_code: str
    innovation_id: int
    innovation_code: str


def open_sheets(engine: Engine, edition_code: str) -> list[OpenSheet]:
    """Return every assigned, non-abstained sheet that is not complete yet, proposal first."""
    with transaction(engine) as session:
        data = load_edition_data(session, edition_code)
    result = ranking(data)
    complete = {(s.stage, s.juror_id, s.innovation_id) for s in result.sheets if s.complete}
    juror_codes = {j.id: j.code for j in data.jurors}
    innovation_codes = {i.id: i.code for i in data.innovations}
    found: list[OpenSheet] = []
    for stage in (PROPOSAL, PRESENTATION):
        context = result.contexts[stage]
        for juror_id in sorted(juror_codes):
            for innovation_id in sorted(context.innovation_ids):
                if context.status_of(juror_id, innovation_id) != COUNTED:
                    continue
                if (stage, juror_id, innovation_id) in complete:
                    continue
                found.append(
                    OpenSheet(
                        stage,
                        juror_id,
                        juror_codes[juror_id],
                        innovation_id,
                        innovation_codes[innovation_id],
                    )
                )
    return found


def rehearsal_moments(
    start: date | None, end: date | None, timezone: str, now: datetime, count: int
) -> list[datetime] | None:
    """Return the moments `count` sheets completed one after another are stamped with.

    None (stamp each when it is written) unless the window, in the edition's time zone, is
    over: when today is inside it, when it lies ahead (a stamp after now would be a score
    from the future), or when the schedule sets no end. A window that is over gets moments
    spread evenly over the working hours of its days, first to last, in UTC; one with only
    its end set is that day.
    """
    if end is None or to_local(now, timezone).date() <= end:
        return None  # open, ahead, or never closing: now is the only honest moment
    first, last = min(start or end, end), max(start or end, end)
    zone, workday = ZoneInfo(timezone), WORKDAY_HOURS * 3600
    span = ((last - first).days + 1) * workday
    moments = []
    for k in range(count):
        day, second = divmod(span * (k + 1) // (count + 1), workday)
        opening = datetime.combine(first + timedelta(days=day), time(WORKDAY_START_H), zone)
        moments.append((opening + timedelta(seconds=second)).astimezone(UTC))
    return moments


def _stamps(info: queries.EditionInfo, stage: str, count: int, now: datetime) -> Iterator:
    """Yield the moment each of a stage's `count` sheets is stamped with (None: when written)."""
    start, end = getattr(info, f"{stage}_start"), getattr(info, f"{stage}_end")
    yield from rehearsal_moments(start, end, info.timezone, now, count) or ()
    while True:
        yield None


def _no_earlier_than_the_sheet(
    session: Session, key: history.SheetKey, at: datetime | None
) -> datetime:
    """Return `at` (default now) moved up to the sheet's last work in the history, never past now.

    An imported line is left out: it is stamped when the file was imported, not when the
    juror scored, and would pull a past edition's rehearsal into the day it is run.
    """
    now = utcnow()
    if at is None:
        return now
    last = session.scalar(
        select(func.max(ScoreHistory.at)).where(
            key_of(ScoreHistory, key), ScoreHistory.source != "import"
        )
    )
    return min(max(at, last), now) if last is not None else min(at, now)


def complete_sheet(
    engine: Engine,
    edition_code: str,
    sheet: OpenSheet,
    rng: random.Random,
    *,
    by: str = "simulate",
    source: str = REHEARSAL,
    at: datetime | None = None,
) -> int:
    """Score every criterion the juror has not scored yet on this sheet; return how many.

    Each score written gets a line in the score history (`source`, `by`), and an app draft
    is submitted, all stamped `at` (default: now), never before the sheet's last line in the
    history (its lines stay in time order) nor after now.
    """
    with transaction(engine) as session:
        edition = queries.get_edition(session, edition_code)
        stage_id = session.execute(
            select(Stage.id).where(Stage.edition_id == edition.id, Stage.code == sheet.stage)
        ).scalar_one()
        key = history.SheetKey(stage_id, sheet.juror_id, sheet.innovation_id)
        criteria = session.execute(
            select(Criterion.id, Criterion.code)
            .where(Criterion.stage_id == stage_id)
            .order_by(Criterion.position)
        ).all()
        done = set(session.execute(select(Score.criterion_id).where(key_of(Score, key))).scalars())
        draft = session.execute(
            select(SheetState.state).where(key_of(SheetState, key), SheetState.state == DRAFT)
        ).first()
        level = rng.uniform(60, 90)
        now = _no_earlier_than_the_sheet(session, key, at)
        # (criterion id, code, score in hundredths) of each criterion not scored yet.
        scored = [
            (criterion_id, code, max(0, min(10000, round((level + rng.gauss(0, 5)) * 100))))
            for criterion_id, code in criteria
            if criterion_id not in done
        ]
        names = history.SheetNames(edition.id, sheet.stage, sheet.juror_code, sheet.innovation_code)
        lines = [
            history.score_line(key, names, (c, code), None, v, source=source, by=by, at=now)
            for c, code, v in scored
        ]
        if draft is not None:  # a sheet filled in the app counts once submitted (SCORING.md)
            lines.append(history.event_line(key, names, "submit", source=source, by=by, at=now))
        history.append(session, lines)
        if scored:
            session.execute(
                insert(Score),
                [
                    {**key._asdict(), "criterion_id": c, "score_centi": v, "scored_at": now}
                    for c, _code, v in scored
                ],
            )
        if draft is not None:
            session.execute(
                update(SheetState)
                .where(key_of(SheetState, key), SheetState.state == DRAFT)
                .values(
                    state=SUBMITTED,
                    revision=SheetState.revision + 1,
                    updated_at=now,
                    updated_by=by,
                    submitted_at=now,
                    submitted_by=by,
                )
            )
        return len(scored)


def simulate(
    engine: Engine,
    edition_code: str,
    *,
    speed: float = 1.0,
    max_sheets: int | None = None,
    seed: int | None = None,
    sleep: Callable[[float], None] = clock.sleep,
    out: Callable[[str], None] = print,
    by: str = "simulate",
    source: str = REHEARSAL,
) -> int:
    """Complete open sheets one at a time until none is left, max_sheets, or Ctrl-C.

    Each is stamped inside its stage's window (rehearsal_moments), in the order written.
    """
    if speed <= 0:
        raise ValueError(str(Message("simulate.bad_speed")))
    rng = random.Random(seed)
    pending = open_sheets(engine, edition_code)
    rng.shuffle(pending)
    pending.sort(key=lambda s: s.stage != PROPOSAL)  # the proposal stage is judged first
    if max_sheets is not None:
        pending = pending[: max(max_sheets, 0)]
    with transaction(engine) as session:
        info = queries.get_edition(session, edition_code)
    now = utcnow()
    stamps = {
        stage: _stamps(info, stage, sum(s.stage == stage for s in pending), now)
        for stage in (PROPOSAL, PRESENTATION)
    }
    written = 0
    try:
        for sheet in pending:
            at = next(stamps[sheet.stage])
            count = complete_sheet(engine, edition_code, sheet, rng, by=by, source=source, at=at)
            written += 1
            out(
                f"{utcnow():%H:%M:%S} UTC  {sheet.juror_code} {compact('simulate.scores')} "
                f"{sheet.innovation_code} ({sheet.stage}): {count} {compact('simulate.criteria')}"
            )
            sleep(BASE_INTERVAL_S / speed)
    except KeyboardInterrupt:
        out(str(Message("simulate.stopped")))
    else:
        if written == 0:
            out(str(Message("simulate.nothing_open")))
    return written
