"""The catalogue's open data as an Excel workbook: the CSV's records, and a sheet about them.

An Indonesian-locale Excel opens a comma CSV in one column; /katalog.xlsx opens anywhere.
Its "Katalog" sheet holds the records `open_data.record` builds for the CSV, in COLUMNS'
order under the same header, each value as the spreadsheet's own kind of cell: text as
text, year and award as numbers, award_tie and finalist as TRUE/FALSE, an absent value as
an empty cell. So its rows read back (openpyxl) to exactly the CSV's records, except that
control characters XML cannot hold (other than tab, newline and carriage return) are left
out. Every text is a string cell, never a formula, whatever it starts with: openpyxl would
take a string starting with "=" for a formula, so each text cell's type is set to string,
and one starting with = + - @ also gets Excel's quote prefix (it stays text when edited).
The "Info" sheet says where the file came from, when, which filters made it, and what
each column holds, in the reader's language.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from data_access.catalogue.open_data import COLUMNS
from data_access.exports.model import FORMULA_STARTS
from data_access.exports.xlsx import BOLD, MAX_WIDTH, MIN_WIDTH, WRAP
from data_access.formatting import format_datetime
from data_access.i18n import t

XLSX_PATH = "/katalog.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATA_SHEET = "Katalog"
INFO_SHEET = "Info"
LINKS = frozenset({"page_url", "photo_url", "document_url"})
# The Info sheet's value column: wide enough for an address, a filter line or a note.
INFO_WIDTH = 90


@dataclass(frozen=True)
class About:
    """What the Info sheet states: the address asked, when, the version, the filters."""

    source: str  # the download's absolute address, filters included
    page: str  # the catalogue list with the same filters
    schema: str  # the JSON Schema's address (the columns' types)
    made_at: datetime  # aware
    version: str  # the catalogue's data version
    filters: Sequence[str]  # the active filters as the list's chips name them
    lang: str


def _text_cell(cell: Cell) -> None:
    """Make a cell holding text a string cell: never a formula, whatever it starts with."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True


def _append(sheet: Worksheet, values: Iterable[Any]) -> tuple[Cell, ...]:
    # openpyxl refuses control characters other than tab, newline and carriage return.
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
    row = sheet[sheet.max_row]
    for cell in row:
        _text_cell(cell)
    return row


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, bool):
        return 5
    return max((len(line) for line in str(value).splitlines()), default=0)


def _data_sheet(sheet: Worksheet, records: Iterable[Mapping[str, Any]]) -> int:
    """Write the header and one row per record; return how many records."""
    widths = [len(name) for name in COLUMNS]
    for cell in _append(sheet, COLUMNS):
        cell.font = BOLD
    count = 0
    for values in records:
        row = _append(sheet, (values[name] for name in COLUMNS))
        for index, (name, cell) in enumerate(zip(COLUMNS, row, strict=True)):
            widths[index] = max(widths[index], _width(values[name]))
            if name in LINKS and values[name]:
                cell.hyperlink = values[name]
                cell.style = "Hyperlink"
        count += 1
    for index, width in enumerate(widths, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return count


def _info_sheet(sheet: Worksheet, about: About, count: int) -> None:
    lang = about.lang
    sheet.append([t("catalogue_data.schema.title", lang)])
    sheet["A1"].font = BOLD
    facts = (
        ("source", about.source),
        ("made_at", format_datetime(about.made_at, lang=lang)),
        ("version", about.version),
        ("filters", "; ".join(about.filters) or t("catalogue_data.xlsx.no_filters", lang)),
        ("count", count),
        ("page", about.page),
        ("schema", about.schema),
        ("contents", t("catalogue_data.xlsx.contents.text", lang)),
    )
    for key, value in facts:
        _append(sheet, (t(f"catalogue_data.xlsx.{key}", lang), value))[0].font = BOLD
    sheet.append([])
    header = (t("catalogue_data.xlsx.column", lang), t("catalogue_data.xlsx.meaning", lang))
    for cell in _append(sheet, header):
        cell.font = BOLD
    for name in COLUMNS:
        _append(sheet, (name, t(f"catalogue_data.field.{name}", lang)))
    sheet.column_dimensions["A"].width = max(len(name) for name in COLUMNS) + 4
    sheet.column_dimensions["B"].width = INFO_WIDTH
    for (cell,) in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.alignment = WRAP


def xlsx_bytes(records: Iterable[Mapping[str, Any]], about: About) -> bytes:
    """Return the workbook: the records on "Katalog" (the CSV's rows), then "Info"."""
    workbook = Workbook()
    data = workbook.active
    data.title = DATA_SHEET
    count = _data_sheet(data, records)
    _info_sheet(workbook.create_sheet(INFO_SHEET), about, count)
    workbook.properties.title = t("catalogue_data.schema.title", about.lang)
    workbook.properties.creator = "KIPP Live"
    workbook.properties.created = about.made_at.astimezone(UTC).replace(tzinfo=None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
