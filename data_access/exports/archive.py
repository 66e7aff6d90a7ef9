"""An edition archive: one workbook in the import format that imports back into the edition.

Every sheet of docs/IMPORT.md with every column the importer reads (their lists are the
importer's own, data_access.importing.validate.SPECS), every unit of the regency (the
participation counts the units that submitted nothing too), and the archive's optional
sheets: the states of the sheets filled in the app and the jurors' comments on them, the
conflict declarations, the window extensions, the administrative status changes, the
seri decisions, the score history and, on a read-only sheet, the approved snapshot as
stored with its hash. Importing it into an
empty database reproduces the edition (tests/test_archive.py).

Times are written as text, local to the edition with their offset and to the microsecond,
so that they read back as the same instants; scores and weights as numbers.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from data_access import queries
from data_access.ceremony import store
from data_access.importing.reader import ALL_FILES
from data_access.importing.validate import EDITION_KEYS, SPECS
from data_access.models import (
    AdminStatusChange,
    Assignment,
    ConflictDeclaration,
    Criterion,
    Edition,
    Innovation,
    Juror,
    Score,
    ScoreHistory,
    SeriDecision,
    SheetComment,
    SheetState,
    Stage,
    Unit,
    WindowExtension,
)

# A cell holds at most 32,767 characters (Excel); the snapshot's JSON runs over rows.
SNAPSHOT_CHUNK = 30_000
# Characters a chunk of the snapshot must not start or end with: the importer trims cells,
# and a text cell starting with a formula sign is no formula here, but keep it plain.
_EDGES = " \t\r\n=+-@"
PROTECTED = "approval"
MIN_WIDTH, MAX_WIDTH = 10, 60

Cell = str | int | float | None


def archive_rows(session: Session, code: str) -> dict[str, list[list[Cell]]]:
    """Return the archive's sheets, in the importer's order: header row, then the data."""
    store.consistent_view(session)  # every sheet from one state of the data
    edition = session.execute(select(Edition).where(Edition.code == code)).scalar_one_or_none()
    if edition is None:
        raise queries.EditionNotFound(code)
    zone = ZoneInfo(edition.timezone)
    stages = dict(
        session.execute(select(Stage.id, Stage.code).where(Stage.edition_id == edition.id)).all()
    )
    jurors = dict(
        session.execute(select(Juror.id, Juror.code).where(Juror.edition_id == edition.id)).all()
    )
    innovations = dict(
        session.execute(
            select(Innovation.id, Innovation.code).where(Innovation.edition_id == edition.id)
        ).all()
    )
    names = _Names(zone, stages, jurors, innovations)
    sheets: dict[str, list[Any] | None] = {
        "edition": _edition(edition),
        "units": _units(session),
        "criteria": _criteria(session, edition.id),
        "innovations": _innovations(session, edition.id, names),
        "jurors": _jurors(session, edition.id),
        "assignments": _assignments(session, stages, names),
        "scores": _scores(session, edition.id, names),
        "sheet_states": _sheet_states(session, stages, names),
        "sheet_comments": _comments(session, stages, names),
        "conflicts": _conflicts(session, jurors, names),
        "extensions": _extensions(session, stages, names),
        "admin_status_changes": _status_changes(session, edition.id, names),
        "seri_decisions": _seri(session, edition.id, names),
        "score_history": _history(session, edition.id, names),
        "approval": _approval(session, edition.id, zone),
    }
    out: dict[str, list[list[Cell]]] = {}
    for name in ALL_FILES:
        rows = sheets[name]
        if rows is None:  # no approval: no approval sheet
            continue
        if name in ("edition", "approval"):
            out[name] = [["key", "value"], *rows]
            continue
        header: list[Cell] = [col.name for col in SPECS[name]]
        out[name] = [header, *([row[column] for column in header] for row in rows)]
    return out


class _Names:
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


def _number(centi: int | None) -> Cell:
    """Return hundredths as the number a cell holds (7050 -> 70.5, 8000 -> 80)."""
    if centi is None:
        return None
    return centi // 100 if centi % 100 == 0 else float(Decimal(centi).scaleb(-2))


def _flag(value: bool | None) -> int:
    return 1 if value else 0


def _edition(edition: Edition) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for key in EDITION_KEYS:
        value: Any = getattr(edition, key)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = _number(int(value * 100))
        elif isinstance(value, bool):
            value = _flag(value)
        rows.append([key, value])
    return rows


def _units(session: Session) -> list[dict[str, Cell]]:
    parent = aliased(Unit)
    rows = session.execute(
        select(Unit, parent.code.label("parent_code"))
        .outerjoin(parent, parent.id == Unit.parent_id)
        .order_by(Unit.id)
    ).all()
    return [
        {
            "code": unit.code,
            "name": unit.name,
            "short_name": unit.short_name,
            "kind": unit.kind,
            "parent_code": parent_code,
            "required": _flag(unit.required),
            "confidence": unit.confidence,
        }
        for unit, parent_code in rows
    ]


def _criteria(session: Session, edition_id: int) -> list[dict[str, Cell]]:
    rows = session.execute(
        select(Stage.code, Criterion)
        .join(Criterion, Criterion.stage_id == Stage.id)
        .where(Stage.edition_id == edition_id)
        .order_by(Stage.position, Criterion.position, Criterion.id)
    ).all()
    return [
        {
            "stage": stage,
            "code": c.code,
            "name": c.name,
            "weight": _number(c.weight_centi),
            "description": c.description,
        }
        for stage, c in rows
    ]


def _innovations(session: Session, edition_id: int, names: _Names) -> list[dict[str, Cell]]:
    rows = session.execute(
        select(Innovation, Unit.code)
        .join(Unit, Unit.id == Innovation.unit_id)
        .where(Innovation.edition_id == edition_id)
        .order_by(Innovation.id)
    ).all()
    return [
        {
            "code": i.code,
            "title": i.title,
            "unit_code": unit_code,
            "innovator": i.innovator,
            "category": i.category,
            "submitted_at": names.when(i.submitted_at),
            "admin_status": i.admin_status,
            "summary": i.summary,
            "proposal_url": i.proposal_url,
            "continues": i.continues,
        }
        for i, unit_code in rows
    ]


def _jurors(session: Session, edition_id: int) -> list[dict[str, Cell]]:
    rows = session.execute(
        select(Juror).where(Juror.edition_id == edition_id).order_by(Juror.id)
    ).scalars()
    return [{"code": j.code, "name": j.name, "group": j.jury_group} for j in rows]


def _assignments(session: Session, stages, names: _Names) -> list[dict[str, Cell]]:
    rows = session.execute(
        select(Assignment).where(Assignment.stage_id.in_(stages)).order_by(Assignment.id)
    ).scalars()
    return [
        {
            **names.sheet(a.stage_id, a.juror_id, a.innovation_id),
            "abstain": _flag(a.abstain),
        }
        for a in rows
    ]


def _scores(session: Session, edition_id: int, names: _Names) -> list[dict[str, Cell]]:
    rows = session.execute(
        select(Score, Criterion.code)
        .join(Criterion, Criterion.id == Score.criterion_id)
        .join(Stage, Stage.id == Score.stage_id)
        .where(Stage.edition_id == edition_id)
        .order_by(Score.id)
    ).all()
    return [
        {
            **names.sheet(s.stage_id, s.juror_id, s.innovation_id),
            "criterion_code": criterion,
            "score": _number(s.score_centi),
            "scored_at": names.when(s.scored_at),
        }
        for s, criterion in rows
    ]


def _sheet_states(session: Session, stages, names: _Names) -> list[dict[str, Cell]]:
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


def _comments(session: Session, stages, names: _Names) -> list[dict[str, Cell]]:
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


def _conflicts(session: Session, jurors, names: _Names) -> list[dict[str, Cell]]:
    rows = session.execute(
        select(ConflictDeclaration)
        .where(ConflictDeclaration.juror_id.in_(jurors))
        .order_by(ConflictDeclaration.juror_id, ConflictDeclaration.innovation_id)
    ).scalars()
    return [
        {
            "juror_code": names.jurors[c.juror_id],
            "innovation_code": names.innovations[c.innovation_id],
            "conflict": _flag(c.conflict),
            "reason": c.reason,
            "declared_at": names.when(c.declared_at),
            "declared_by": c.declared_by,
            "confirmed_at": names.when(c.confirmed_at),
            "confirmed_by": c.confirmed_by,
        }
        for c in rows
    ]


def _extensions(session: Session, stages, names: _Names) -> list[dict[str, Cell]]:
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


def _status_changes(session: Session, edition_id: int, names: _Names) -> list[dict[str, Cell]]:
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


def _seri(session: Session, edition_id: int, names: _Names) -> list[dict[str, Cell]]:
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


def _history(session: Session, edition_id: int, names: _Names) -> list[dict[str, Cell]]:
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
            "old_score": _number(h.old_centi),
            "new_score": _number(h.new_centi),
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
    names = _Names(zone, {}, {}, {})
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


def archive_xlsx(session: Session, code: str) -> bytes:
    """Return the edition's archive as .xlsx bytes; the approval sheet is protected."""
    return rows_xlsx(archive_rows(session, code), code)


def rows_xlsx(sheets: dict[str, list[list[Cell]]], code: str) -> bytes:
    """Return sheets of rows as the archive's .xlsx bytes (bold headers, approval protected)."""
    from openpyxl import Workbook  # only this download pays for it
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        _fill(sheet, rows)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = _widths(rows)
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        if name == PROTECTED:
            sheet.protection.sheet = True  # read-only: its hash covers it
    workbook.properties.title = f"Arsip edisi {code} (KIPP Live)"
    workbook.properties.creator = "KIPP Live"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet, rows: list[list[Cell]]) -> None:
    """Write rows cell by cell: text stays text even when it begins with a formula sign."""
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value is None or value == "":
                continue  # empty: no cell
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula: the archive holds data only


def _widths(rows: Iterable[list[Cell]]) -> list[int]:
    widths: list[int] = []
    for row in rows:
        for index, value in enumerate(row):
            size = min(len(str(value)) + 2 if value is not None else 0, MAX_WIDTH)
            if index == len(widths):
                widths.append(MIN_WIDTH)
            widths[index] = max(widths[index], size)
    return widths
