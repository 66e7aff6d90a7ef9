"""An edition archive: one workbook in the import format that imports back into the edition.

Every sheet of docs/IMPORT.md with every column the importer reads (their lists are the
importer's own, data_access.importing.validate.SPECS), every unit of the regency (the
participation counts the units that submitted nothing too), and the archive's optional
sheets (archive_sheets.py: what the jury and the committee did in the app, and the
approved snapshot on a read-only sheet). This module writes the import's own sheets and
assembles the workbook: the sheets in the importer's order, their headers, the .xlsx.
Importing it into an empty database reproduces the edition (tests/test_archive.py).

Times are written as text, local to the edition with their offset and to the microsecond,
so that they read back as the same instants; scores and weights as numbers.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from data_access import queries
from data_access.ceremony import store
from data_access.exports.archive_sheets import (
    Cell,
    Names,
    as_flag,
    as_number,
    optional_sheets,
)
from data_access.importing.reader import ALL_FILES
from data_access.importing.validate import EDITION_KEYS, SPECS
from data_access.models import Assignment, Criterion, Edition, Innovation, Juror, Score, Stage, Unit

PROTECTED = "approval"
MIN_WIDTH, MAX_WIDTH = 10, 60


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
    names = Names(zone, stages, jurors, innovations)
    sheets: dict[str, list[Any] | None] = {
        "edition": _edition(edition),
        "units": _units(session),
        "criteria": _criteria(session, edition.id),
        "innovations": _innovations(session, edition.id, names),
        "jurors": _jurors(session, edition.id),
        "assignments": _assignments(session, stages, names),
        "scores": _scores(session, edition.id, names),
        **optional_sheets(session, edition.id, stages, jurors, names),
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


def _edition(edition: Edition) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for key in EDITION_KEYS:
        value: Any = getattr(edition, key)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = as_number(int(value * 100))
        elif isinstance(value, bool):
            value = as_flag(value)
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
            "required": as_flag(unit.required),
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
            "weight": as_number(c.weight_centi),
            "description": c.description,
        }
        for stage, c in rows
    ]


def _innovations(session: Session, edition_id: int, names: Names) -> list[dict[str, Cell]]:
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


def _assignments(session: Session, stages, names: Names) -> list[dict[str, Cell]]:
    rows = session.execute(
        select(Assignment).where(Assignment.stage_id.in_(stages)).order_by(Assignment.id)
    ).scalars()
    return [
        {
            **names.sheet(a.stage_id, a.juror_id, a.innovation_id),
            "abstain": as_flag(a.abstain),
        }
        for a in rows
    ]


def _scores(session: Session, edition_id: int, names: Names) -> list[dict[str, Cell]]:
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
            "score": as_number(s.score_centi),
            "scored_at": names.when(s.scored_at),
        }
        for s, criterion in rows
    ]


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
