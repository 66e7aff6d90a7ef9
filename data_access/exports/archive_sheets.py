"""The optional sheets of an edition archive, and how every sheet of it writes its cells.

What the jury and the committee did in the app, beside the import's own sheets: the states
of the sheets filled in the app and the jurors' comments on them, the conflict
declarations, the window extensions, the administrative status changes, the seri
decisions, the score history and, on a read-only sheet, the approved snapshot as stored
with its hash (data_access/importing/archive.py reads them back). archive.py assembles
the workbook and writes the import's own sheets with the same cells (`Names`, `as_number`,
`as_flag`): times as text, local to the edition with their offset and to the microsecond,
so that they read back as the same instants; scores as numbers; booleans as 1 or 0.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.ceremony import store
from data_access.models import (
    AdminStatusChange,
    ConflictDeclaration,
    Criterion,
    Innovation,
    ScoreHistory,
    SeriDecision,
    SheetComment,
    SheetState,
    WindowExtension,
)

# A cell holds at most 32,767 characters (Excel); the snapshot's JSON runs over rows.
SNAPSHOT_CHUNK = 30_000
# Characters a chunk of the snapshot must not start or end with: the importer trims cells,
# and a text cell starting with a formula sign is no formula here, but keep it plain.
_EDGES = " \t\r\n=+-@"

Cell = str | int | float | None


class Names:
    """Codes by id and the edition's time zone, for writing rows by their codes."""

    def __init__(self, zone: ZoneInfo, stages, jurors, innovations) -> None:
        self.zone, self.stages, self.jurors, self.innovations = zone, stages, jurors, innovations

    def when(self, value: datetime | None) -> str | None:
        """Return an instant as local ISO text with its offset (microseconds when any)."""
        return None if value is None else value.astimezone(self.zone).isoformat(sep=" ")

    def sheet(self, stage_id: int, juror_id: int, innovation_id: int) -> dict[str, Cell]:
        """Return a sheet's codes."""
        return {
            "stage": self.stages[stage_id],
            "juror_code": self.jurors[juror_id],
            "innovation_code": self.innovations[innovation_id],
        }


def as_number(centi: int | None) -> Cell:
    """Return hundredths as the number a cell holds (7050 -> 70.5, 8000 -> 80)."""
    if centi is None:
        return None
    return centi // 100 if centi % 100 == 0 else float(Decimal(centi).scaleb(-2))


def as_flag(value: bool | None) -> int:
    """Return a boolean as the 1 or 0 a cell holds."""
    return 1 if value else 0


def optional_sheets(
    session: Session, edition_id: int, stages, jurors, names: Names
) -> dict[str, list[Any] | None]:
    """Return the optional sheets' rows by sheet name (no approval: its sheet is None)."""
    return {
        "sheet_states": _sheet_states(session, stages, names),
        "sheet_comments": _comments(session, stages, names),
        "conflicts": _conflicts(session, jurors, names),
        "extensions": _extensions(session, stages, names),
        "admin_status_changes": _status_changes(session, edition_id, names),
        "seri_decisions": _seri(session, edition_id, names),
        "score_history": _history(session, edition_id, names),
        "approval": _approval(session, edition_id, names.zone),
    }


def _sheet_states(session: Session, stages, names: Names) -> list[dict[str, Cell]]:
    rows = session.execute(
        select(SheetState)
        .where(SheetState.stage_id.in_(stages))
        .order_by(SheetState.stage_id, SheetState.juror_id, SheetState.innovation_id)
    ).scalars()
    return [
        {
            **names.sheet(s.stage_id, s.juror_id, s.innovation_id),
            "state": s.state,
            "revision": s.revision,
            "note": s.note,
            "updated_at": names.when(s.updated_at),
            "updated_by": s.updated_by,
            "submitted_at": names.when(s.submitted_at),
            "submitted_by": s.submitted_by,
            "reopened_at": names.when(s.reopened_at),
            "reopened_by": s.reopened_by,
            "reopen_reason": s.reopen_reason,
        }
        for s in rows
    ]


def _comments(session: Session, stages, names: Names) -> list[dict[str, Cell]]:
    rows = session.execute(
        select(SheetComment, Criterion.code)
        .join(Criterion, Criterion.id == SheetComment.criterion_id)
        .where(SheetComment.stage_id.in_(stages))
        .order_by(
            SheetComment.stage_id,
            SheetComment.juror_id,
            SheetComment.innovation_id,
            Criterion.position,
        )
    ).all()
    return [
        {
            **names.sheet(c.stage_id, c.juror_id, c.innovation_id),
            "criterion_code": criterion,
            "text": c.text,
        }
        for c, criterion in rows
    ]


def _conflicts(session: Session, jurors, names: Names) -> list[dict[str, Cell]]:
    rows = session.execute(
        select(ConflictDeclaration)
        .where(ConflictDeclaration.juror_id.in_(jurors))
        .order_by(ConflictDeclaration.juror_id, ConflictDeclaration.innovation_id)
    ).scalars()
    return [
        {
            "juror_code": names.jurors[c.juror_id],
            "innovation_code": names.innovations[c.innovation_id],
            "conflict": as_flag(c.conflict),
            "reason": c.reason,
            "declared_at": names.when(c.declared_at),
            "declared_by": c.declared_by,
            "confirmed_at": names.when(c.confirmed_at),
            "confirmed_by": c.confirmed_by,
        }
        for c in rows
    ]


def _extensions(session: Session, stages, names: Names) -> list[dict[str, Cell]]:
    rows = session.execute(
        select(WindowExtension)
        .where(WindowExtension.stage_id.in_(stages))
        .order_by(WindowExtension.id)
    ).scalars()
    return [
        {
            "stage": names.stages[e.stage_id],
            "juror_code": None if e.juror_id is None else names.jurors[e.juror_id],
            "until": e.until.isoformat(),
            "created_at": names.when(e.created_at),
            "created_by": e.created_by,
        }
        for e in rows
    ]


def _status_changes(session: Session, edition_id: int, names: Names) -> list[dict[str, Cell]]:
    rows = session.execute(
        select(AdminStatusChange)
        .join(Innovation, Innovation.id == AdminStatusChange.innovation_id)
        .where(Innovation.edition_id == edition_id)
        .order_by(AdminStatusChange.id)
    ).scalars()
    return [
        {
            "innovation_code": names.innovations[c.innovation_id],
            "old_status": c.old_status,
            "new_status": c.new_status,
            "reason": c.reason,
            "changed_by": c.changed_by,
            "changed_at": names.when(c.changed_at),
        }
        for c in rows
    ]


def _seri(session: Session, edition_id: int, names: Names) -> list[dict[str, Cell]]:
    rows = session.execute(
        select(SeriDecision)
        .where(SeriDecision.edition_id == edition_id)
        .order_by(SeriDecision.decided_at, SeriDecision.id)
    ).scalars()
    return [
        {
            "order": d.order_codes,
            "reason": d.reason,
            "chair": d.chair,
            "decided_by": d.decided_by,
            "decided_at": names.when(d.decided_at),
        }
        for d in rows
    ]


def _history(session: Session, edition_id: int, names: Names) -> list[dict[str, Cell]]:
    rows = session.execute(
        select(ScoreHistory).where(ScoreHistory.edition_id == edition_id).order_by(ScoreHistory.id)
    ).scalars()
    return [
        {
            # The codes as the line kept them: it outlives what it names.
            "stage": h.stage_code,
            "juror_code": h.juror_code,
            "innovation_code": h.innovation_code,
            "criterion_code": h.criterion_code,
            "event": h.event,
            "old_score": as_number(h.old_centi),
            "new_score": as_number(h.new_centi),
            "reason": h.reason,
            "source": h.source,
            "by": h.by,
            "at": names.when(h.at),
        }
        for h in rows
    ]


def _approval(session: Session, edition_id: int, zone: ZoneInfo) -> list[list[Cell]] | None:
    row = store.read(session, edition_id)
    if row is None or row.snapshot is None or row.approved_at is None:
        return None
    names = Names(zone, {}, {}, {})
    rows: list[list[Cell]] = [["snapshot", part] for part in snapshot_parts(row.snapshot)]
    rows += [
        ["snapshot_hash", row.snapshot_hash],
        ["snapshot_version", row.snapshot_version],
        ["approved_at", names.when(row.approved_at)],
        ["approved_by", row.approved_by],
        ["locked_at", names.when(row.locked_at)],
        ["completed_at", names.when(row.completed_at)],
    ]
    return rows


def snapshot_parts(text: str, size: int = SNAPSHOT_CHUNK) -> list[str]:
    """Split the snapshot's JSON into cells of at most size characters, joined back as is.

    A cut never falls beside a space (the importer trims cells) nor before a formula sign.
    """
    parts, start = [], 0
    while len(text) - start > size:
        end = start + size
        while end > start + 1 and (text[end - 1] in _EDGES or text[end] in _EDGES):
            end -= 1
        parts.append(text[start:end])
        start = end
    parts.append(text[start:])
    return parts
