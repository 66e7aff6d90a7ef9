"""Reading a downloaded workbook back: a sheet's rows as records, and all of its text.

A workbook is a zip: its bytes, searched as text, never show a canary even when one is in a
cell. `workbook_text` reads every cell of every sheet (openpyxl) so a search can fail.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_records(data: bytes, sheet: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Return a sheet's header and its other rows as {header: value} (empty cells None)."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = [list(row) for row in book[sheet].iter_rows(values_only=True)]
    book.close()
    header = [str(name) for name in rows[0]]
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


def workbook_text(data: bytes, sheets: tuple[str, ...] = ()) -> str:
    """Return every cell's value of every sheet (or of these sheets), one per line."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    lines = [
        str(value)
        for sheet in book.worksheets
        if not sheets or sheet.title in sheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    book.close()
    return "\n".join(lines)


def answer_text(mimetype: str, body: bytes) -> str:
    """Return an answer's body as text to search: a workbook's cells, else the bytes decoded."""
    if mimetype == XLSX_TYPE:
        return workbook_text(body)
    return body.decode("utf-8", errors="replace")
