"""Load what the database already holds, in a few bulk queries, for checking and diffing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from data_access.models import (
    Assignment,
    Criterion,
    Edition,
    Innovation,
    Juror,
    Score,
    SheetState,
    Stage,
    Unit,
)
from data_access.models.sheets import SUBMITTED


def edition_codes(session: Session) -> list[str]:
    """Return the codes of every edition in the database, sorted."""
    return list(session.scalars(select(Edition.code).order_by(Edition.code)))


def find_edition(session: Session, code: str) -> Row[Any] | None:
    """Return the edition with that code as a row of all its columns, or None."""
    return session.execute(select(Edition.__table__).where(Edition.code == code)).first()


def load_units(session: Session) -> dict[str, Row[Any]]:
    """Return every unit by code (units are shared by all editions)."""
    rows = session.execute(select(Unit.__table__))
    return {row.code: row for row in rows}


def load_stages(session: Session, edition_id: int | None) -> dict[str, int]:
    """Return the edition's stage ids by stage code."""
    if edition_id is None:
        return {}
    rows = session.execute(select(Stage.code, Stage.id).where(Stage.edition_id == edition_id))
    return {code: stage_id for code, stage_id in rows}


def load_criteria(session: Session, edition_id: int | None) -> dict[tuple[str, str], Row[Any]]:
    """Return the edition's criteria by (stage code, criterion code)."""
    if edition_id is None:
        return {}
    rows = session.execute(
        select(Stage.code.label("stage_code"), *Criterion.__table__.columns)
        .join(Stage, Stage.id == Criterion.stage_id)
        .where(Stage.edition_id == edition_id)
    )
    return {(row.stage_code, row.code): row for row in rows}


def load_by_code(
    session: Session, model: type[Innovation] | type[Juror], edition_id: int | None
) -> dict[str, Row[Any]]:
    """Return the edition's innovations or jurors by code."""
    if edition_id is None:
        return {}
    rows = session.execute(select(model.__table__).where(model.edition_id == edition_id))
    return {row.code: row for row in rows}


def load_innovations(session: Session, edition_id: int | None) -> dict[str, Row[Any]]:
    """Return the edition's innovations by code."""
    return load_by_code(session, Innovation, edition_id)


def load_jurors(session: Session, edition_id: int | None) -> dict[str, Row[Any]]:
    """Return the edition's jurors by code."""
    return load_by_code(session, Juror, edition_id)


def load_assignments(session: Session, edition_id: int) -> dict[tuple[int, int, int], Row[Any]]:
    """Return the edition's assignments by (stage id, juror id, innovation id)."""
    rows = session.execute(
        select(Assignment.id, Assignment.stage_id, Assignment.juror_id)
        .add_columns(Assignment.innovation_id, Assignment.abstain)
        .join(Stage, Stage.id == Assignment.stage_id)
        .where(Stage.edition_id == edition_id)
    )
    return {(row.stage_id, row.juror_id, row.innovation_id): row for row in rows}


def load_submitted_scores(
    session: Session, edition_id: int
) -> dict[tuple[str, str, str], dict[str, tuple[int, datetime]]]:
    """Return the scores of sheets submitted in the app (locked), by sheet and criterion code.

    The sheet is keyed by (stage code, juror code, innovation code), as scores.csv names it;
    each criterion code maps to (score in hundredths, scored_at).
    """
    table = Score.__table__
    rows = session.execute(
        select(Stage.code, Juror.code, Innovation.code, Criterion.code)
        .add_columns(table.c.score_centi, table.c.scored_at)
        .select_from(SheetState)
        .join(Stage, Stage.id == SheetState.stage_id)
        .join(Juror, Juror.id == SheetState.juror_id)
        .join(Innovation, Innovation.id == SheetState.innovation_id)
        .outerjoin(
            table,
            (table.c.stage_id == SheetState.stage_id)
            & (table.c.juror_id == SheetState.juror_id)
            & (table.c.innovation_id == SheetState.innovation_id),
        )
        .outerjoin(Criterion, Criterion.id == table.c.criterion_id)
        .where(Stage.edition_id == edition_id, SheetState.state == SUBMITTED)
    )
    found: dict[tuple[str, str, str], dict[str, tuple[int, datetime]]] = {}
    for stage, juror, innovation, criterion, centi, scored_at in rows:
        cells = found.setdefault((stage, juror, innovation), {})
        if criterion is not None:
            cells[criterion] = (centi, scored_at)
    return found


def load_scores(session: Session, edition_id: int) -> dict[tuple[int, int, int], Row[Any]]:
    """Return the edition's scores by (juror id, innovation id, criterion id)."""
    table = Score.__table__
    rows = session.execute(
        select(table.c.id, table.c.juror_id, table.c.innovation_id, table.c.criterion_id)
        .add_columns(table.c.score_centi, table.c.scored_at)
        .join(Stage, Stage.id == table.c.stage_id)
        .where(Stage.edition_id == edition_id)
    )
    return {(row.juror_id, row.innovation_id, row.criterion_id): row for row in rows}
