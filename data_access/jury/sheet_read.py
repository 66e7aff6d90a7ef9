"""A juror's sheet as it stands: its names, state, criteria with their values and comments.

The reading side of data_access.jury.sheets (which saves, submits and reopens): on every
save of a juror, so in as few statements as a sheet needs.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from data_access.jury import history
from data_access.jury.history import SheetKey
from data_access.jury.sheet_model import CriterionLine, Sheet, SheetRefused
from data_access.models import Criterion, Innovation, Juror, Score, SheetComment, SheetState, Stage


def key_of(model, key: SheetKey):
    return and_(
        model.stage_id == key.stage_id,
        model.juror_id == key.juror_id,
        model.innovation_id == key.innovation_id,
    )


def load_sheet(session: Session, key: SheetKey) -> Sheet:
    """Return the sheet: its criteria with values and comments, its state and revision.

    Two reads: the sheet's names with its state, then its criteria with their values and
    comments (on a juror's every save: round trips are what a busy server waits for).
    """
    found = session.execute(
        select(Stage.edition_id, Stage.code, Juror.code, Innovation.code, SheetState)
        .select_from(Stage)
        .join(Juror, Juror.edition_id == Stage.edition_id)
        .join(Innovation, Innovation.edition_id == Stage.edition_id)
        .outerjoin(
            SheetState,
            and_(
                SheetState.stage_id == Stage.id,
                SheetState.juror_id == Juror.id,
                SheetState.innovation_id == Innovation.id,
            ),
        )
        .where(
            Stage.id == key.stage_id,
            Juror.id == key.juror_id,
            Innovation.id == key.innovation_id,
        )
        .execution_options(populate_existing=True)
    ).one_or_none()
    if found is None:
        raise SheetRefused("sheet.unknown")
    names, state = history.SheetNames(*found[:4]), found[4]
    criteria = [
        CriterionLine(
            c.id,
            c.code,
            c.name,
            c.weight,
            value(centi),
            note or "",
            c.description or None,
        )
        for c, centi, note in session.execute(
            select(Criterion, Score.score_centi, SheetComment.text)
            .outerjoin(Score, and_(Score.criterion_id == Criterion.id, key_of(Score, key)))
            .outerjoin(
                SheetComment,
                and_(SheetComment.criterion_id == Criterion.id, key_of(SheetComment, key)),
            )
            .where(Criterion.stage_id == key.stage_id)
            .order_by(Criterion.position, Criterion.id)
        )
    ]
    if state is None:
        return Sheet(key, names, criteria, None, 0, "")
    return Sheet(
        key,
        names,
        criteria,
        state.state,
        state.revision,
        state.note,
        state.updated_at,
        state.updated_by,
        state.submitted_at,
        state.reopened_at,
        state.reopened_by,
        state.reopen_reason,
    )


def value(centi: int | None) -> Decimal | None:
    """Return a value kept in hundredths as the sheet shows it (None: no value)."""
    return None if centi is None else Decimal(centi).scaleb(-2)
