"""The XLSX export (openpyxl): an Info sheet, then one sheet per table, numbers as numbers."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from data_access.exports.info import info_rows
from data_access.exports.model import Cell, Column, ExportBundle, header_text
from data_access.formatting import to_local, zone_abbreviation

NUMBER_FORMATS = {
    "integer": "0",
    "decimal": "0.00",
    "percent": "0.0%",
    "datetime": "dd/mm/yyyy hh:mm",
}
MIN_WIDTH, MAX_WIDTH = 8, 60
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _value(value: Cell, timezone: str) -> Cell:
    if isinstance(value, datetime):
        # Excel has no time zones: write the wall-clock time of the edition's zone.
        return to_local(value, timezone).replace(tzinfo=None)
    if isinstance(value, str):
        # openpyxl refuses control characters other than tab, newline and carriage return.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _shown_length(value: Cell, kind: str) -> int:
    if value is None:
        return 0
    if kind == "datetime" or isinstance(value, datetime):
        return 16
    if kind == "percent":
        return 6
    if isinstance(value, Decimal):
        return len(f"{value:.2f}")
    return max(len(line) for line in str(value).splitlines() or [""])


def _write_sheet(
    sheet: Worksheet, columns: list[Column], rows: list[list[Cell]], timezone: str, zone: str
) -> None:
    sheet.append([header_text(c, zone) for c in columns])
    for cell in sheet[1]:
        cell.font = BOLD
    for row in rows:
        sheet.append([_value(v, timezone) for v in row])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        longest = max(
            [
                len(header_text(column, zone)),
                *(_shown_length(r[index - 1], column.kind) for r in rows),
            ]
        )
        sheet.column_dimensions[letter].width = min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)
        number_format = NUMBER_FORMATS.get(column.kind)
        wrap = longest + 2 > MAX_WIDTH
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if number_format and not isinstance(cell.value, str):
                cell.number_format = number_format
            if wrap:
                cell.alignment = WRAP
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions


def _info_sheet(sheet: Worksheet, bundle: ExportBundle, zone: str) -> None:
    columns = [Column("key", "Kunci"), Column("label", "Keterangan"), Column("value", "Nilai")]
    rows = [[r.key, r.label, r.value] for r in info_rows(bundle)]
    _write_sheet(sheet, columns, rows, bundle.timezone, zone)
    sheet.column_dimensions["C"].width = 70  # the snapshot's SHA-256 on one line
    for (cell,) in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        if isinstance(cell.value, datetime):
            cell.number_format = NUMBER_FORMATS["datetime"]
        elif isinstance(cell.value, int):
            cell.number_format = NUMBER_FORMATS["integer"]


def write_xlsx(bundle: ExportBundle) -> bytes:
    """Return the bundle's tables as an XLSX workbook, the Info sheet first."""
    zone = zone_abbreviation(bundle.generated_at, tz=bundle.timezone)
    workbook = Workbook()
    info = workbook.active
    info.title = "Info"
    _info_sheet(info, bundle, zone)
    for table in bundle.tables:
        _write_sheet(
            workbook.create_sheet(table.sheet), table.columns, table.rows, bundle.timezone, zone
        )
    workbook.properties.title = f"Hasil {bundle.edition_name}"
    workbook.properties.creator = "KIPP Live"
    workbook.properties.created = bundle.generated_at.replace(tzinfo=None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
