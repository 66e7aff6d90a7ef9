"""The audit view's downloads: its entries as CSV lines (streamed) or an XLSX workbook.

Columns, in this order: the time (WIB, ISO 8601 with its offset in the CSV), who, the
kind (in the reader's language), the action's code, the edition, what it was done on,
and the description in the reader's language. Every text cell is neutralised against
formula injection, as every export is (data_access/exports/model.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from data_access.audit_view import Entry
from data_access.exports.csv import BOM
from data_access.exports.model import neutralize
from data_access.formatting import JAKARTA, to_local
from data_access.i18n import t

COLUMNS = ("at", "actor", "kind", "action", "edition", "subject", "what")


def audit_headers(lang: str) -> list[str]:
    """Return the column headers in a language, the time column naming its zone."""
    headers = [t(f"audit.col.{c}", lang) for c in COLUMNS]
    headers[0] = f"{headers[0]} (WIB)"
    return headers


def _texts(entry: Entry, lang: str) -> list[str]:
    values = [
        entry.actor,
        t(f"audit.kind.{entry.kind}", lang),
        entry.action,
        entry.edition or "",
        entry.subject_text(lang),
        entry.text(lang),
    ]
    return [neutralize(value) for value in values]


def audit_csv(entries: Iterable[Entry], lang: str) -> Iterator[bytes]:
    """Yield the CSV file a few lines at a time: a byte-order mark, the header, the entries."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(audit_headers(lang))
    yield BOM.encode("utf-8") + _drain(buffer)
    for count, entry in enumerate(entries, start=1):
        at = to_local(entry.at, JAKARTA).isoformat(timespec="seconds")
        writer.writerow([at, *_texts(entry, lang)])
        if count % 500 == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")


def audit_xlsx(entries: Iterable[Entry], lang: str) -> bytes:
    """Return the entries as an XLSX workbook's bytes (times as WIB wall-clock cells)."""
    from openpyxl import Workbook  # only when a workbook is asked for
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(t("audit.sheet", lang))
    sheet.freeze_panes = "A2"
    sheet.append(audit_headers(lang))
    for entry in entries:
        at = WriteOnlyCell(sheet, to_local(entry.at, JAKARTA).replace(tzinfo=None))
        at.number_format = "dd/mm/yyyy hh:mm:ss"
        # openpyxl refuses control characters a typed reason may carry.
        sheet.append([at, *(ILLEGAL_CHARACTERS_RE.sub("", v) for v in _texts(entry, lang))])
    workbook.properties.title = t("audit.title", lang)
    workbook.properties.creator = "KIPP Live"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
