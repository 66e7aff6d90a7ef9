"""A rehearsal jury: completes open score sheets one by one, so live refresh can be seen."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from data_access import queries
from data_access.db import transaction
from data_access.i18n import Message, compact
from data_access.jury import history
from data_access.models import Criterion, Score, Stage, utcnow
from data_access.reports import load_edition_data, ranking
from data_access.scoring import COUNTED, PRESENTATION, PROPOSAL

BASE_INTERVAL_S = 3.0


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


def complete_sheet(
    engine: Engine,
    edition_code: str,
    sheet: OpenSheet,
    rng: random.Random,
    *,
    by: str = "simulate",
    source: str = "cli",
) -> int:
    """Score every criterion the juror has not scored yet on this sheet; return how many.

    Each score written gets a line in the score history (`source`, `by`).
    """
    with transaction(engine) as session:
        edition = queries.get_edition(session, edition_code)
        stage_id = session.execute(
            select(Stage.id).where(Stage.edition_id == edition.id, Stage.code == sheet.stage)
        ).scalar_one()
        criteria = session.execute(
            select(Criterion.id, Criterion.code)
            .where(Criterion.stage_id == stage_id)
            .order_by(Criterion.position)
        ).all()
        done = set(
            session.execute(
                select(Score.criterion_id).where(
                    Score.stage_id == stage_id,
                    Score.juror_id == sheet.juror_id,
                    Score.innovation_id == sheet.innovation_id,
                )
            ).scalars()
        )
        level = rng.uniform(60, 90)
        now = utcnow()
        # (criterion id, code, score in hundredths) of each criterion not scored yet.
        scored = [
            (criterion_id, code, max(0, min(10000, round((level + rng.gauss(0, 5)) * 100))))
            for criterion_id, code in criteria
            if criterion_id not in done
        ]
        if scored:
            key = history.SheetKey(stage_id, sheet.juror_id, sheet.innovation_id)
            session.execute(
                insert(Score),
                [
                    {**key._asdict(), "criterion_id": c, "score_centi": v, "scored_at": now}
                    for c, _code, v in scored
                ],
            )
            names = history.SheetNames(
                edition.id, sheet.stage, sheet.juror_code, sheet.innovation_code
            )
            history.append(
                session,
                (
                    history.score_line(key, names, (c, code), None, v, source=source, by=by, at=now)
                    for c, code, v in scored
                ),
            )
        return len(scored)


def simulate(
    engine: Engine,
    edition_code: str,
    *,
    speed: float = 1.0,
    max_sheets: int | None = None,
    seed: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    out: Callable[[str], None] = print,
    by: str = "simulate",
    source: str = "cli",
) -> int:
    """Complete open sheets one at a time until none is left, max_sheets, or Ctrl-C."""
    if speed <= 0:
        raise ValueError(str(Message("simulate.bad_speed")))
    rng = random.Random(seed)
    pending = open_sheets(engine, edition_code)
    rng.shuffle(pending)
    pending.sort(key=lambda s: s.stage != PROPOSAL)  # the proposal stage is judged first
    written = 0
    try:
        for sheet in pending:
            if max_sheets is not None and written >= max_sheets:
                break
            count = complete_sheet(engine, edition_code, sheet, rng, by=by, source=source)
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
