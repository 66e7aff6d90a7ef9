"""Conflicts of interest: a juror declares one (with a reason) or none before scoring an
innovation; the committee confirms a declared one, and the juror then abstains on it.

A declaration holds for the juror and the innovation in every stage. The caller owns the
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from data_access.i18n import CarriesMessage, Message
from data_access.jury import history
from data_access.jury.history import SheetKey
from data_access.models import Assignment, ConflictDeclaration, Innovation, Juror, Stage, utcnow

NONE = "none"  # declared no conflict
DECLARED = "declared"  # declared a conflict, awaiting the committee
CONFIRMED = "confirmed"  # the committee confirmed it: the juror abstains


class ConflictRefused(CarriesMessage, ValueError):
    """A declaration or a confirmation refused, with its reason as a catalogue message."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.message = Message(key, **params)
        super().__init__(str(self.message))


@dataclass(frozen=True)
class Declaration:
    """A juror's declaration on one innovation, as the committee and the juror read it."""

    juror_code: str
    juror_name: str
    innovation_code: str
    innovation_title: str
    conflict: bool
    reason: str | None
    declared_at: datetime
    declared_by: str
    confirmed_at: datetime | None
    confirmed_by: str | None

    @property
    def status(self) -> str:
        """Return NONE, DECLARED or CONFIRMED."""
        if not self.conflict:
            return NONE
        return DECLARED if self.confirmed_at is None else CONFIRMED


def _select():
    return (
        select(
            Juror.code,
            Juror.name,
            Innovation.code,
            Innovation.title,
            ConflictDeclaration.conflict,
            ConflictDeclaration.reason,
            ConflictDeclaration.declared_at,
            ConflictDeclaration.declared_by,
            ConflictDeclaration.confirmed_at,
            ConflictDeclaration.confirmed_by,
        )
        .join(Juror, Juror.id == ConflictDeclaration.juror_id)
        .join(Innovation, Innovation.id == ConflictDeclaration.innovation_id)
    )


def declaration(session: Session, key: SheetKey) -> Declaration | None:
    """Return the juror's declaration on the sheet's innovation, None before one is made."""
    row = session.execute(
        _select().where(
            ConflictDeclaration.juror_id == key.juror_id,
            ConflictDeclaration.innovation_id == key.innovation_id,
        )
    ).one_or_none()
    return None if row is None else Declaration(*row)


def _declared(session: Session, key: SheetKey) -> Declaration:
    found = declaration(session, key)
    if found is None:  # only after a flush that wrote it: never
        raise ConflictRefused("sheet.unknown")
    return found


def _names(session: Session, key: SheetKey) -> history.SheetNames:
    names = history.sheet_names(session, key)
    if names is None:
        raise ConflictRefused("sheet.unknown")
    return names


def _row(session: Session, key: SheetKey) -> ConflictDeclaration | None:
    _names(session, key)
    return session.get(
        ConflictDeclaration, (key.juror_id, key.innovation_id), populate_existing=True
    )


def declare_no_conflict(
    session: Session, key: SheetKey, actor: str, *, now: datetime | None = None
) -> Declaration:
    """Record that the juror has no conflict with the innovation (again: no change)."""
    row = _row(session, key)
    if row is not None and row.conflict:
        raise ConflictRefused("conflict.already_declared")
    if row is None:
        session.add(
            ConflictDeclaration(
                juror_id=key.juror_id,
                innovation_id=key.innovation_id,
                conflict=False,
                reason=None,
                declared_at=now or utcnow(),
                declared_by=actor,
            )
        )
        session.flush()
    return _declared(session, key)


def declare_conflict(
    session: Session, key: SheetKey, reason: str, actor: str, *, now: datetime | None = None
) -> Declaration:
    """Record the juror's conflict with the innovation and its reason, for the committee.

    It may replace an earlier declaration of no conflict (a juror who finds one later);
    once a conflict is declared only the committee decides on it.
    """
    reason = reason.strip()
    if not reason:
        raise ConflictRefused("conflict.reason_required")
    row = _row(session, key)
    if row is not None and row.conflict:
        raise ConflictRefused("conflict.already_declared")
    if row is None:
        row = ConflictDeclaration(juror_id=key.juror_id, innovation_id=key.innovation_id)
        session.add(row)
    row.conflict = True
    row.reason = reason
    row.declared_at = now or utcnow()
    row.declared_by = actor
    session.flush()
    return _declared(session, key)


def confirm_conflict(
    session: Session, key: SheetKey, by: str, *, now: datetime | None = None
) -> Declaration:
    """Confirm a declared conflict: the juror abstains on the innovation in every stage.

    The juror's assignments to the innovation abstain (judged data: the assignments trigger
    moves data_version). In a stage that lists no assignments (every juror scores
    everything, SCORING.md 5) no row is written, which would make the stage list
    assignments: the scoring reads the confirmation itself as the abstention there, and
    its trigger (migration 0013) moves data_version. Refused when no conflict is declared,
    or when every stage lists assignments and none is the juror's for the innovation
    (nothing to abstain from).
    """
    row = _row(session, key)
    names = _names(session, key)
    if row is None or not row.conflict:
        raise ConflictRefused(
            "conflict.not_declared", juror=names.juror_code, innovation=names.innovation_code
        )
    stage_ids = list(session.scalars(select(Stage.id).where(Stage.edition_id == names.edition_id)))
    marked = session.execute(
        update(Assignment)
        .where(
            Assignment.juror_id == key.juror_id,
            Assignment.innovation_id == key.innovation_id,
            Assignment.stage_id.in_(stage_ids),
        )
        .values(abstain=True)
        .returning(Assignment.stage_id)
    ).all()
    listing = set(
        session.scalars(
            select(Assignment.stage_id).where(Assignment.stage_id.in_(stage_ids)).distinct()
        )
    )
    done = bool(marked) or any(stage_id not in listing for stage_id in stage_ids)
    if not done:
        raise ConflictRefused(
            "conflict.no_assignment", juror=names.juror_code, innovation=names.innovation_code
        )
    if row.confirmed_at is None:
        row.confirmed_at = now or utcnow()
        row.confirmed_by = by
    session.flush()
    return _declared(session, key)


def conflicts(session: Session, edition_id: int, *, with_none: bool = False) -> list[Declaration]:
    """Return the edition's declarations of a conflict (all of them with with_none), by juror."""
    statement = _select().where(Juror.edition_id == edition_id)
    if not with_none:
        statement = statement.where(ConflictDeclaration.conflict.is_(True))
    rows = session.execute(statement.order_by(Juror.code, Innovation.code))
    return [Declaration(*row) for row in rows]
