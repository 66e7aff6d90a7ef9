"""What one page draws beyond the shared report, each query restricted to what it shows:
a stage's heat-map cells, the counted sheets of shown innovations, juror severity groups,
the finalists alone (participation needs no ranking).
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import (
    BigInteger,
    Connection,
    Integer,
    Select,
    and_,
    bindparam,
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
    Edition,
    Innovation,
    ScoreSheet,
    SheetState,
    Stage,
    Unit,
)
from data_access.participation import OpdCounts
from data_access.queries import EditionNotFound, draft_of, explicit_stage_ids, stage_sheet_rules
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


# How far up the units' tree an OPD is looked for (owner_of walks without a bound but stops
# at a cycle; a chain of units this deep exists in no regency).
OWNER_DEPTH = 64


def _owners():
    """Return unit -> the required OPD it counts for, as a recursive CTE (owner_of in SQL).

    Each unit walks up its parents until a required unit: itself when it is required. A
    unit whose chain meets no required unit (an orphan, or a cycle) has no row.
    """
    chain = select(
        Unit.id.label("unit_id"),
        Unit.id.label("at"),
        Unit.parent_id.label("parent"),
        Unit.required.label("required"),
        literal(0).label("depth"),
    ).cte("chain", recursive=True)
    up = Unit.__table__.alias("up")
    chain = chain.union_all(
        select(chain.c.unit_id, up.c.id, up.c.parent_id, up.c.required, chain.c.depth + 1)
        .join(up, up.c.id == chain.c.parent)
        .where(chain.c.required.is_not(True), chain.c.depth < OWNER_DEPTH)
    )
    return (
        select(chain.c.unit_id, chain.c.at.label("owner"))
        .where(chain.c.required.is_(True))
        .cte("owners")
    )


class ParticipationEdition(NamedTuple):
    """What participation reads of an edition: its id, deadline, zone and presentation stage."""

    id: int
    submission_end: date | None
    timezone: str
    presentation: int | None  # the presentation stage's id, None before it is defined


def participation_edition(conn: Connection, code: str) -> ParticipationEdition:
    """Return the edition participation counts (one small statement), or raise EditionNotFound."""
    row = conn.execute(
        select(Edition.id, Edition.submission_end, Edition.timezone, Stage.id)
        .outerjoin(Stage, and_(Stage.edition_id == Edition.id, Stage.code == PRESENTATION))
        .where(Edition.code == code)
    ).first()
    if row is None:
        raise EditionNotFound(code)
    return ParticipationEdition(*row)


def opd_counts(
    session: Session, edition: ParticipationEdition, late: datetime | None
) -> list[OpdCounts]:
    """Return every required OPD with its innovations in the edition, sub-units rolled up.

    One statement (_opd_counts_statement): every required unit with its counts, and one
    row without a unit (unit_id None) counting the innovations of units that roll up to no
    OPD. `late` is the first late moment (participation.late_from), None without a deadline.
    """
    values: dict[str, object] = {"edition": edition.id}
    if late is not None:
        values["late"] = late
    if edition.presentation is not None:
        values["presentation"] = edition.presentation
    statement = _opd_counts_statement(late is not None, edition.presentation is not None)
    rows = session.connection().execute(statement, values).all()
    return [
        OpdCounts(unit, code, name, short, kind, int(n), int(p), int(f), first, int(lt), int(sub))
        for unit, code, name, short, kind, n, p, f, first, lt, sub in rows
    ]


@functools.cache
def _opd_counts_statement(late: bool, presentation: bool):
    """Return opd_counts' statement for an edition with or without a deadline and a
    presentation stage, built once per process (its values are bound at each run).

    The edition's innovations grouped by the OPD they count for (SQL walks the units' tree
    as owner_of does), joined to every required unit, submitted or not, and the group of
    those with no OPD. The finalists are the eligible innovations a presentation assignment
    row or sheet picks (SCORING.md 6), as finalist_ids reads them; the stage's id is a
    value, not a subquery, so that the planner reads score_sheets by its key (stage first).
    """
    owners = _owners()
    eligible = Innovation.admin_status == ELIGIBLE
    stage = bindparam("presentation", type_=Integer)
    picked = (
        union(
            select(Assignment.innovation_id).where(Assignment.stage_id == stage),
            select(ScoreSheet.innovation_id).where(ScoreSheet.stage_id == stage),
        ).subquery()
        if presentation
        else None
    )
    finalist = false() if picked is None else and_(eligible, picked.c.innovation_id.is_not(None))
    is_late = Innovation.submitted_at >= bindparam("late", type_=Innovation.submitted_at.type)
    grouped = (
        select(
            owners.c.owner,
            func.count().label("submitted"),
            func.sum(case((eligible, 1), else_=0)).label("passed"),
            func.sum(case((finalist, 1), else_=0)).label("finalists"),
            func.min(Innovation.submitted_at).label("first"),
            (func.sum(case((is_late, 1), else_=0)) if late else literal(0)).label("late"),
            func.sum(case((Innovation.unit_id != owners.c.owner, 1), else_=0)).label("sub"),
        )
        .select_from(Innovation)
        .outerjoin(owners, owners.c.unit_id == Innovation.unit_id)
        .where(Innovation.edition_id == bindparam("edition", type_=Integer))
        .group_by(owners.c.owner)
    )
    if picked is not None:
        grouped = grouped.outerjoin(picked, picked.c.innovation_id == Innovation.id)
    counts = grouped.cte("counts")
    zero = literal(0)
    opds = (
        select(
            Unit.id,
            Unit.code,
            Unit.name,
            Unit.short_name,
            Unit.kind,
            func.coalesce(counts.c.submitted, zero),
            func.coalesce(counts.c.passed, zero),
            func.coalesce(counts.c.finalists, zero),
            counts.c.first,
            func.coalesce(counts.c.late, zero),
            func.coalesce(counts.c.sub, zero),
        )
        .outerjoin(counts, counts.c.owner == Unit.id)
        .where(Unit.required.is_(True))
    )
    orphans = select(
        *(literal(None) for _ in range(5)),
        *(counts.c[name] for name in ("submitted", "passed", "finalists", "first", "late", "sub")),
    ).where(counts.c.owner.is_(None))
    return union_all(opds, orphans)


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
