"""What one page draws beyond the shared report, each query restricted to what it shows:
a stage's heat-map cells, the counted sheets of shown innovations, juror severity groups,
the finalists alone (participation needs no ranking).
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import (
    BigInteger,
    Select,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    select,
    union,
    union_all,
)
from sqlalchemy.orm import Session

from data_access.models import (
    CONFIRMED_CONFLICT,
    Assignment,
    ConflictDeclaration,
    Criterion,
    Innovation,
    ScoreSheet,
    SheetState,
)
from data_access.participation import UnitCounts
from data_access.queries import draft_of, explicit_stage_ids, stage_sheet_rules
from data_access.scoring import (
    COUNTED,
    ELIGIBLE,
    PRESENTATION,
    SheetResult,
)


def _finalist_picks(stages: dict[int, str]):
    """Return the innovations a presentation assignment row or sheet picks, as a subquery."""
    stage_id = next((i for i, code in stages.items() if code == PRESENTATION), None)
    if stage_id is None:
        return None
    return union(
        select(Assignment.innovation_id).where(Assignment.stage_id == stage_id),
        select(ScoreSheet.innovation_id).where(ScoreSheet.stage_id == stage_id),
    ).subquery()


def finalist_ids(session: Session, stages: dict[int, str]) -> frozenset[int]:
    """Return the finalists (SCORING.md 6) without ranking anyone: a few index probes.

    The eligible innovations with a presentation assignment row (an abstaining one too; a
    confirmed conflict is no row) or a presentation sheet (any, a draft too): the same set
    as the ranking's finalist_ids (tests/test_totals.py holds them equal).
    """
    picked = _finalist_picks(stages)
    if picked is None:
        return frozenset()
    rows = session.execute(
        select(Innovation.id)
        .join(picked, picked.c.innovation_id == Innovation.id)
        .where(Innovation.admin_status == ELIGIBLE)
    )
    return frozenset(rows.scalars())


def unit_counts(
    session: Session, edition_id: int, stages: dict[int, str], late: datetime | None
) -> list[UnitCounts]:
    """Return each unit's innovations in the edition: submitted, passed, finalists, first, late.

    One grouping of the edition's innovations (not one row each): participation rolls the
    units up to their OPDs (data_access.participation.participation_from_counts). `late`
    is the first late moment (participation.late_from), None without a deadline.
    """
    eligible = Innovation.admin_status == ELIGIBLE
    picked = _finalist_picks(stages)
    finalist = false() if picked is None else and_(eligible, picked.c.innovation_id.is_not(None))
    statement = select(
        Innovation.unit_id,
        func.count(),
        func.sum(case((eligible, 1), else_=0)),
        func.sum(case((finalist, 1), else_=0)),
        func.min(Innovation.submitted_at),
        func.sum(case((Innovation.submitted_at >= late, 1), else_=0)) if late else literal(0),
    ).where(Innovation.edition_id == edition_id)
    if picked is not None:
        statement = statement.outerjoin(picked, picked.c.innovation_id == Innovation.id)
    rows = session.connection().execute(statement.group_by(Innovation.unit_id))
    return [
        UnitCounts(unit, int(n), int(passed), int(finalists), first, int(late_))
        for unit, n, passed, finalists, first, late_ in rows
    ]


def stage_sheets(session: Session, stage_id: int) -> list[tuple[int, int, bool, bool]]:
    """Return one stage's sheets as (juror, innovation, complete, draft).

    Reads only that stage's rows of score_sheets, whose key starts with stage_id: a heat
    map of a small stage never loads the rest of the edition.
    """
    criteria = session.execute(
        select(func.count(Criterion.id)).where(Criterion.stage_id == stage_id)
    ).scalar_one()
    sheet = ScoreSheet
    rows = session.connection().execute(
        select(sheet.juror_id, sheet.innovation_id, sheet.n, SheetState.stage_id.is_(None))
        .outerjoin(SheetState, draft_of(sheet.stage_id, sheet.juror_id, sheet.innovation_id))
        .where(sheet.stage_id == stage_id)
    )
    # A draft of the app is partial however many criteria it scores (SCORING.md).
    return [
        (juror_id, innovation_id, bool(submitted) and n >= criteria, not submitted)
        for juror_id, innovation_id, n, submitted in rows
    ]


def _counted_complete(
    session: Session, stages: dict[int, str], innovation_ids: list[int] | None = None
):
    """Return the counted complete sheets as a CTE: stage_id, juror_id, innovation_id, score.

    The same rules as data_access.scoring.evaluate_sheets (and data_access.totals):
    complete when every criterion is scored and the sheet is not an app draft, counted
    when the innovation is eligible and, in a stage that lists assignments, the juror is
    assigned and not abstaining.
    The score is the sheet score in hundredths, rounded half-up on integers. One select
    per stage, each with its own constants, so a stage without assignments never probes
    them. Sheet totals come from score_sheets (kept exact by triggers), not score rows.
    """
    parts = _counted_parts(session, stages, innovation_ids)
    if not parts:
        return None
    return (union_all(*parts) if len(parts) > 1 else parts[0]).cte("counted")


def _counted_parts(
    session: Session, stages: dict[int, str], innovation_ids: list[int] | None = None
) -> list[Select[int, int, int, int]]:
    """Return one select of counted complete sheets per stage (see _counted_complete)."""
    rules = stage_sheet_rules(session, stages)
    explicit = explicit_stage_ids(session, stages)
    sheet = ScoreSheet
    parts = []
    for stage_id, (count, weight) in rules.items():
        if weight <= 0:
            continue  # no sheet score without weights (scoring would divide by zero)
        part = (
            select(
                sheet.stage_id,
                sheet.juror_id,
                sheet.innovation_id,
                ((2 * sheet.ws + weight) // (2 * weight)).label("score"),
            )
            .join(Innovation, Innovation.id == sheet.innovation_id)
            .outerjoin(SheetState, draft_of(sheet.stage_id, sheet.juror_id, sheet.innovation_id))
            .where(
                sheet.stage_id == stage_id,
                sheet.n >= count,
                SheetState.stage_id.is_(None),  # a draft of the app is partial
                Innovation.admin_status == ELIGIBLE,
            )
        )
        if innovation_ids is not None:
            part = part.where(sheet.innovation_id.in_(innovation_ids))
        if stage_id in explicit:
            part = part.join(
                Assignment,
                and_(
                    Assignment.stage_id == sheet.stage_id,
                    Assignment.juror_id == sheet.juror_id,
                    Assignment.innovation_id == sheet.innovation_id,
                    Assignment.abstain.is_not(True),
                ),
            )
        else:  # every juror is assigned, but for the committee's confirmed abstentions
            part = part.where(
                ~exists().where(
                    ConflictDeclaration.juror_id == sheet.juror_id,
                    ConflictDeclaration.innovation_id == sheet.innovation_id,
                    *CONFIRMED_CONFLICT,
                )
            )
        parts.append(part)
    return parts


def counted_sheets(
    session: Session, stages: dict[int, str], innovation_ids: list[int]
) -> list[SheetResult]:
    """Return the counted complete sheets of the given innovations only, with their scores."""
    if not innovation_ids:
        return []
    counted = _counted_complete(session, stages, innovation_ids)
    if counted is None:
        return []
    rows = session.connection().execute(select(counted))
    return [
        SheetResult(stages[stage_id], juror_id, innovation_id, True, COUNTED, int(score))
        for stage_id, juror_id, innovation_id, score in rows
    ]


class SeverityGroup(NamedTuple):
    """A juror's counted complete sheets in one stage on panels of one size n.

    deviation_sum is Σ (score × n − panel sum) in hundredths: the exact sum of the
    juror's differences from the panel mean is deviation_sum / n.
    """

    stage: str
    juror_id: int
    panel_size: int
    sheets: int
    deviation_sum: int


def severity_groups(session: Session, stages: dict[int, str]) -> list[SeverityGroup]:
    """Return per (stage, juror, panel size ≥ 2) the sheet count and deviation sum, from SQL.

    At most a few rows per juror and stage instead of one per sheet: Python then adds
    deviation_sum / n exactly (data_access.scoring.stats.severity_from_groups).
    """
    # One part per stage, each windowed over its own panels: a stage's sheets come in
    # innovation order from ix_score_sheets_panel, so the window needs no sort.
    grouped = []
    for part in _counted_parts(session, stages):
        counted = part.subquery()
        panel = counted.c.innovation_id
        panels = select(
            counted.c.stage_id,
            counted.c.juror_id,
            counted.c.score,
            func.count().over(partition_by=panel).label("size"),
            func.sum(counted.c.score).over(partition_by=panel).label("total"),
        ).subquery()
        p = panels.c
        grouped.append(
            select(
                p.stage_id,
                p.juror_id,
                p.size,
                func.count(),
                cast(func.sum(p.score * p.size - p.total), BigInteger),
            )
            .where(p.size >= 2)
            .group_by(p.stage_id, p.juror_id, p.size)
        )
    if not grouped:
        return []
    statement = union_all(*grouped) if len(grouped) > 1 else grouped[0]
    return [
        SeverityGroup(stages[stage_id], juror_id, int(size), int(count), int(total))
        for stage_id, juror_id, size, count, total in session.connection().execute(statement)
    ]
