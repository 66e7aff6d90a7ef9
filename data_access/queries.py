"""Queries that load an edition as plain rows; score rows are summed per sheet in SQL."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import BigInteger, Connection, and_, case, cast, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from data_access.i18n import Message
from data_access.models import (
    CONFIRMED_CONFLICT,
    DRAFT,
    Assignment,
    ConflictDeclaration,
    Criterion,
    DataVersion,
    Edition,
    Innovation,
    Juror,
    Score,
    SheetState,
    Stage,
    Unit,
)
from data_access.participation import SubmissionRow, UnitRow
from data_access.progress import JurorRow
from data_access.scoring import (
    AssignmentRow,
    EditionRules,
    InnovationRow,
    SheetRow,
    StageRules,
    decimal_to_centi,
)


class EditionNotFound(LookupError):
    """Raised when no edition has the given code."""

    def __init__(self, code: str) -> None:
        super().__init__(str(Message("refused.no_edition", code=code)))
        self.code = code


def data_version(session: Session) -> int:
    """Return the database's data version (bumped by triggers on every change)."""
    return session.execute(select(DataVersion.version).where(DataVersion.id == 1)).scalar_one()


@dataclass(frozen=True)
class EditionInfo:
    """An edition's settings as plain data (safe to cache and to pickle)."""

    id: int
    code: str
    name: str
    timezone: str
    submission_start: date | None
    submission_end: date | None
    admin_check_start: date | None
    admin_check_end: date | None
    proposal_start: date | None
    proposal_end: date | None
    presentation_start: date | None
    presentation_end: date | None
    report_date: date | None
    ceremony_date: date | None
    weight_proposal: Decimal
    weight_presentation: Decimal
    finalist_count: int
    normalization: bool
    is_demo: bool


def get_edition(session: Session, code: str) -> EditionInfo:
    """Return the edition with this code, or raise EditionNotFound."""
    edition = session.execute(select(Edition).where(Edition.code == code)).scalar_one_or_none()
    if edition is None:
        raise EditionNotFound(code)
    return EditionInfo(**{f.name: getattr(edition, f.name) for f in fields(EditionInfo)})


def list_edition_keys(session: Session | Connection) -> list[tuple[str, int, str]]:
    """Return every edition's (code, id, name), newest first, in one query."""
    statement = select(Edition.code, Edition.id, Edition.name).order_by(
        Edition.created_at.desc(), Edition.id.desc()
    )
    return [(code, id_, name) for code, id_, name in session.execute(statement)]


def list_edition_codes(session: Session) -> list[str]:
    """Return every edition's code, newest first."""
    return list(
        session.execute(
            select(Edition.code).order_by(Edition.created_at.desc(), Edition.id.desc())
        ).scalars()
    )


def stage_ids(session: Session, edition_id: int) -> dict[int, str]:
    """Return stage id -> stage code for an edition."""
    rows = session.execute(select(Stage.id, Stage.code).where(Stage.edition_id == edition_id)).all()
    return {row.id: row.code for row in rows}


def edition_rules(session: Session, edition: EditionInfo) -> EditionRules:
    """Return the scoring rules of an edition: criteria counts and weight sums per stage."""
    rows = session.execute(
        select(
            Stage.code, func.count(Criterion.id), func.coalesce(func.sum(Criterion.weight_centi), 0)
        )
        .join(Criterion, Criterion.stage_id == Stage.id, isouter=True)
        .where(Stage.edition_id == edition.id)
        .group_by(Stage.code)
    ).all()
    stages = {
        code: StageRules(code, int(count), int(total)) for code, count, total in rows if count
    }
    return EditionRules(
        stages=stages,
        weight_proposal_centi=decimal_to_centi(edition.weight_proposal),
        weight_presentation_centi=decimal_to_centi(edition.weight_presentation),
        finalist_count=edition.finalist_count,
        normalization=edition.normalization,
    )


def stage_sheet_rules(session: Session, stages: dict[int, str]) -> dict[int, tuple[int, int]]:
    """Return stage id -> (criteria count, weight sum) of the stages that have criteria."""
    rows = session.execute(
        select(Criterion.stage_id, func.count(), func.sum(Criterion.weight_centi))
        .where(Criterion.stage_id.in_(list(stages)))
        .group_by(Criterion.stage_id)
    ).all()
    return {stage_id: (int(k), int(w)) for stage_id, k, w in rows}


def explicit_stage_ids(session: Session, stages: dict[int, str]) -> set[int]:
    """Return the stages that list assignments (one index probe per stage)."""
    return {
        stage_id
        for stage_id in stages
        if session.execute(
            select(Assignment.id).where(Assignment.stage_id == stage_id).limit(1)
        ).first()
        is not None
    }


def load_innovations(session: Session, edition_id: int) -> list[InnovationRow]:
    """Return the edition's innovations with their unit codes."""
    # Core rows from the connection (no ORM layer): thousands of them on every refresh.
    rows = session.connection().execute(
        select(Innovation.id, Innovation.code, Innovation.admin_status, Innovation.title, Unit.code)
        .join(Unit, Unit.id == Innovation.unit_id)
        .where(Innovation.edition_id == edition_id)
        .order_by(Innovation.code)
    )
    return list(map(InnovationRow._make, rows))


def load_submissions(session: Session, edition_id: int) -> list[SubmissionRow]:
    """Return the edition's innovations as participation needs them."""
    rows = session.execute(
        select(
            Innovation.id, Innovation.unit_id, Innovation.admin_status, Innovation.submitted_at
        ).where(Innovation.edition_id == edition_id)
    ).all()
    return [SubmissionRow(*row) for row in rows]


class UnitName(NamedTuple):
    """How a page names a unit: its short name (the name when it has none) and its name."""

    short: str
    full: str


def load_unit_names(session: Session) -> dict[str, UnitName]:
    """Return every unit's names by its code."""
    rows = session.connection().execute(select(Unit.code, Unit.short_name, Unit.name))
    return {code: UnitName(short or name, name) for code, short, name in rows}


def load_units(session: Session) -> list[UnitRow]:
    """Return every unit of the regency."""
    rows = session.connection().execute(
        select(
            Unit.id, Unit.code, Unit.name, Unit.short_name, Unit.kind, Unit.parent_id, Unit.required
        ).order_by(Unit.code)
    )
    return [UnitRow(*row) for row in rows]


def load_jurors(session: Session, edition_id: int) -> list[JurorRow]:
    """Return the edition's jurors."""
    rows = session.execute(
        select(Juror.id, Juror.code, Juror.name, Juror.jury_group)
        .where(Juror.edition_id == edition_id)
        .order_by(Juror.jury_group, Juror.code)
    ).all()
    return [JurorRow(*row) for row in rows]


def load_assignments(session: Session, stages: dict[int, str]) -> list[AssignmentRow]:
    """Return the assignments of the given stages, and per stage the committee's confirmed
    conflicts of interest of its edition's jurors (AssignmentRow.declared)."""
    rows = session.connection().execute(
        select(
            Assignment.stage_id, Assignment.juror_id, Assignment.innovation_id, Assignment.abstain
        ).where(Assignment.stage_id.in_(list(stages)))
    )
    declared = session.execute(
        select(Stage.id, ConflictDeclaration.juror_id, ConflictDeclaration.innovation_id)
        .join(Juror, Juror.id == ConflictDeclaration.juror_id)
        .join(Stage, Stage.edition_id == Juror.edition_id)
        .where(Stage.id.in_(list(stages)), *CONFIRMED_CONFLICT)
    ).all()
    return [AssignmentRow(stages[r[0]], r[1], r[2], bool(r[3])) for r in rows] + [
        AssignmentRow(stages[s], j, i, True, declared=True) for s, j, i in declared
    ]


class epoch_seconds(FunctionElement):
    """Seconds since 1970 (UTC) of a naive-UTC timestamp, as an integer, in any dialect."""

    type = BigInteger()
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element, compiler, **kw) -> str:
    return f"CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(epoch_seconds, "postgresql")
def _epoch_postgresql(element, compiler, **kw) -> str:
    # Whole seconds down, as SQLite's strftime: a cast alone rounds 23:59:59.7 to the next day.
    seconds = f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})"
    return f"CAST(FLOOR({seconds}) AS BIGINT)"


def draft_of(stage_id, juror_id, innovation_id):
    """Return the ON clause that finds a sheet's draft state (none: imported or submitted)."""
    return and_(
        SheetState.stage_id == stage_id,
        SheetState.juror_id == juror_id,
        SheetState.innovation_id == innovation_id,
        SheetState.state == DRAFT,
    )


def load_sheets(session: Session, stages: dict[int, str]) -> list[SheetRow]:
    """Return one row per (stage, juror, innovation): criteria scored, Σ weight × score, state."""
    grouped = (
        select(
            Score.stage_id,
            Score.juror_id,
            Score.innovation_id,
            func.count().label("scored_count"),
            # PostgreSQL sums bigints as numeric: cast back to keep exact Python ints.
            cast(
                func.sum(cast(Criterion.weight_centi, BigInteger) * Score.score_centi), BigInteger
            ).label("weighted_sum"),
            epoch_seconds(func.max(Score.scored_at)).label("last_epoch"),
        )
        .join(Criterion, Criterion.id == Score.criterion_id)
        .where(Score.stage_id.in_(list(stages)))
        .group_by(Score.stage_id, Score.juror_id, Score.innovation_id)
        .subquery()
    )
    g = grouped.c
    statement = select(
        case(stages, value=g.stage_id).label("stage"),
        g.juror_id,
        g.innovation_id,
        g.scored_count,
        g.weighted_sum,
        g.last_epoch,
        # A draft of the app counts as partial (SCORING.md); no state row: submitted.
        case((SheetState.stage_id.is_(None), True), else_=False).label("submitted"),
    ).outerjoin(SheetState, draft_of(g.stage_id, g.juror_id, g.innovation_id))
    # Core rows straight from the connection: no ORM layer on the hot path (submitted
    # arrives as 1/0 from SQLite, a bool from PostgreSQL: both read the same).
    return list(map(SheetRow._make, session.connection().execute(statement)))
