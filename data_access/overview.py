"""The edition overview: one edition's name, dates and headline counts, counted in SQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import ScalarSelect, func, literal, select
from sqlalchemy.orm import Session

from data_access.models import Edition, Innovation, Juror, ScoreSheet, Stage, Unit
from data_access.participation import SubmissionRow, UnitRow

# Deeper than any real unit tree; stops the walk up the tree should parents ever form a cycle.
MAX_UNIT_DEPTH = 16


@dataclass(frozen=True)
class EditionOverview:
    """Headline figures of one edition."""

    code: str
    name: str
    ceremony_date: date | None
    # Required OPDs with at least one innovation; a sub-unit's entries count for its OPD.
    units_participating: int
    innovations: int
    innovations_passed: int  # admin_status 'lolos'
    jurors: int
    score_rows: int


@dataclass(frozen=True)
class EditionFigures:
    """One edition's headline figures for the side-by-side table."""

    code: str
    name: str
    rate: Decimal | None
    innovations: int
    finalists: int
    finalists_by_kind: Mapping[str, int] = field(default_factory=dict)
    current: bool = False


def finalists_by_kind(
    units: Sequence[UnitRow], submissions: Sequence[SubmissionRow], finalist_ids: frozenset[int]
) -> dict[str, int]:
    """Count an edition's finalists by the kind of the unit that submitted each one."""
    kinds = {u.id: u.kind.strip().lower() for u in units}
    return dict(Counter(kinds.get(s.unit_id, "") for s in submissions if s.id in finalist_ids))


def _count(*columns, where) -> ScalarSelect[int]:
    """Return a COUNT subquery, correlated with the edition of the outer query."""
    return select(func.count(*columns)).where(*where).scalar_subquery()


def _count_participating_opds(session: Session, edition_id: int) -> int:
    """Count required OPDs that submitted, themselves or through a sub-unit, as SCORING.md says."""
    # Walk up from each submitting unit and stop at the first required unit: its owner OPD
    # (the same rule as participation.owner_of, done in SQL).
    submitting = select(Innovation.unit_id).where(Innovation.edition_id == edition_id)
    chain = (
        select(
            Unit.id.label("unit_id"),
            Unit.parent_id.label("parent_id"),
            Unit.required.label("required"),
            literal(0).label("depth"),
        )
        .where(Unit.id.in_(submitting))
        .cte("chain", recursive=True)
    )
    parent = select(Unit.id, Unit.parent_id, Unit.required, chain.c.depth + 1).join(
        chain, Unit.id == chain.c.parent_id
    )
    chain = chain.union_all(
        parent.where(chain.c.required.is_(False), chain.c.depth < MAX_UNIT_DEPTH)
    )
    stmt = select(func.count(chain.c.unit_id.distinct())).where(chain.c.required.is_(True))
    return session.execute(stmt).scalar_one()


def edition_overview(session: Session, code: str | None = None) -> EditionOverview | None:
    """Return the overview of the edition with this code, or of the newest one when None."""
    in_edition = Innovation.edition_id == Edition.id
    stmt = select(
        Edition.id,
        Edition.code,
        Edition.name,
        Edition.ceremony_date,
        _count(Innovation.id, where=[in_edition]),
        _count(Innovation.id, where=[in_edition, Innovation.admin_status == "lolos"]),
        _count(Juror.id, where=[Juror.edition_id == Edition.id]),
        # Score rows counted from the per-sheet totals (n per sheet), not row by row.
        select(func.coalesce(func.sum(ScoreSheet.n), 0))
        .where(ScoreSheet.stage_id == Stage.id, Stage.edition_id == Edition.id)
        .scalar_subquery(),
    )
    if code is None:
        stmt = stmt.order_by(Edition.created_at.desc(), Edition.id.desc()).limit(1)
    else:
        stmt = stmt.where(Edition.code == code)
    row = session.execute(stmt).one_or_none()
    if row is None:
        return None
    edition_id, code, name, ceremony_date, innovations, passed, jurors, score_rows = row
    return EditionOverview(
        code=code,
        name=name,
        ceremony_date=ceremony_date,
        units_participating=_count_participating_opds(session, edition_id),
        innovations=innovations,
        innovations_passed=passed,
        jurors=jurors,
        score_rows=score_rows,
    )


def list_editions(session: Session) -> list[tuple[str, str]]:
    """Return (code, name) of every edition, newest first."""
    stmt = select(Edition.code, Edition.name).order_by(Edition.created_at.desc(), Edition.id.desc())
    return [(code, name) for code, name in session.execute(stmt)]
