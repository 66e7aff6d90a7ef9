"""The append-only score history: one line per score changed, sheet submitted or reopened."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from data_access.models import Criterion, Innovation, Juror, ScoreHistory, Stage


class SheetKey(NamedTuple):
    """One sheet: a juror's scores for one innovation in one stage."""

    stage_id: int
    juror_id: int
    innovation_id: int


class SheetNames(NamedTuple):
    """The codes a history line keeps beside the ids (the record outlives the rows)."""

    edition_id: int
    stage_code: str
    juror_code: str
    innovation_code: str


def sheet_names(session: Session, key: SheetKey) -> SheetNames | None:
    """Return the sheet's edition and codes, or None when its parts are not one edition's."""
    row = session.execute(
        select(Stage.edition_id, Stage.code, Juror.code, Innovation.code)
        .select_from(Stage)
        .join(Juror, Juror.edition_id == Stage.edition_id)
        .join(Innovation, Innovation.edition_id == Stage.edition_id)
        .where(
            Stage.id == key.stage_id,
            Juror.id == key.juror_id,
            Innovation.id == key.innovation_id,
        )
    ).one_or_none()
    return None if row is None else SheetNames(*row)


def score_line(
    key: SheetKey,
    names: SheetNames,
    criterion: tuple[int, str],
    old: int | None,
    new: int | None,
    *,
    source: str,
    by: str,
    at: datetime,
) -> dict[str, object]:
    """Return the history line of one score changed (old None: created; new None: cleared)."""
    return {
        **_sheet_fields(key, names),
        "criterion_id": criterion[0],
        "criterion_code": criterion[1],
        "event": "score",
        "old_centi": old,
        "new_centi": new,
        "reason": None,
        "source": source,
        "by": by,
        "at": at,
    }


def event_line(
    key: SheetKey,
    names: SheetNames,
    event: str,
    *,
    source: str,
    by: str,
    at: datetime,
    reason: str | None = None,
) -> dict[str, object]:
    """Return the history line of a sheet event ('submit' or 'reopen', with its reason)."""
    return {
        **_sheet_fields(key, names),
        "criterion_id": None,
        "criterion_code": None,
        "event": event,
        "old_centi": None,
        "new_centi": None,
        "reason": reason,
        "source": source,
        "by": by,
        "at": at,
    }


def _sheet_fields(key: SheetKey, names: SheetNames) -> dict[str, object]:
    return {**key._asdict(), **names._asdict()}


CHUNK = 2_000


def append(session: Session, lines: Iterable[dict[str, object]]) -> int:
    """Append history lines in batches (multi-row INSERTs); return how many."""
    batch: list[dict[str, object]] = []
    written = 0
    for line in lines:
        batch.append(line)
        if len(batch) >= CHUNK:
            session.execute(insert(ScoreHistory), batch)
            written += len(batch)
            batch = []
    if batch:
        session.execute(insert(ScoreHistory), batch)
        written += len(batch)
    return written


def criterion_codes(session: Session, stage_ids: Iterable[int]) -> dict[int, str]:
    """Return criterion id -> code for the given stages."""
    rows = session.execute(
        select(Criterion.id, Criterion.code).where(Criterion.stage_id.in_(list(stage_ids)))
    )
    return {criterion_id: code for criterion_id, code in rows}


def sheet_history(session: Session, key: SheetKey) -> list[ScoreHistory]:
    """Return a sheet's history, oldest first."""
    return list(
        session.execute(
            select(ScoreHistory)
            .where(
                ScoreHistory.stage_id == key.stage_id,
                ScoreHistory.juror_id == key.juror_id,
                ScoreHistory.innovation_id == key.innovation_id,
            )
            .order_by(ScoreHistory.id)
        ).scalars()
    )
