"""The CSV exports: one table as a CSV, or every table plus info.csv in a ZIP.

Files are UTF-8 with a byte-order mark so Excel reads Indonesian names right; decimals use
a dot and times are ISO 8601 with their offset, so any program can read them back. Tables
stay rectangular: the data version and the approval live in info.csv.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from decimal import Decimal

from data_access.exports.info import info_rows
from data_access.exports.model import Cell, Column, ExportBundle, Table, header_text
from data_access.formatting import iso_minutes, plain_decimal, to_local, zone_abbreviation

BOM = "\ufeff"


def csv_cell(value: Cell, kind: str, timezone: str) -> str:
    """Return one cell as CSV text: 81.91, 62.50 (percent), 2022-11-17T10:05+07:00."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return iso_minutes(value, timezone)
    if isinstance(value, Decimal):
        return plain_decimal(value * 100 if kind == "percent" else value)
    return str(value)


def _csv(columns: list[Column], rows: list[list[Cell]], timezone: str, zone: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header_text(c, zone) for c in columns])
    for row in rows:
        writer.writerow(
            [csv_cell(value, c.kind, timezone) for c, value in zip(columns, row, strict=True)]
        )
    return (BOM + buffer.getvalue()).encode("utf-8")


def table_csv(bundle: ExportBundle, table: Table) -> bytes:
    """Return one table as a CSV file."""
    zone = zone_abbreviation(bundle.generated_at, tz=bundle.timezone)
    return _csv(table.columns, table.rows, bundle.timezone, zone)


def info_csv(bundle: ExportBundle) -> bytes:
    """Return info.csv: the edition, the data version, the approval and when it was made."""
    zone = zone_abbreviation(bundle.generated_at, tz=bundle.timezone)
    columns = [Column("key", "kunci"), Column("label", "keterangan"), Column("value", "nilai")]
    rows = [[r.key, r.label, r.value] for r in info_rows(bundle)]
    return _csv(columns, rows, bundle.timezone, zone)


def write_zip(bundle: ExportBundle) -> bytes:
    """Return a ZIP with info.csv and one CSV per table (named by the table's key)."""
    stamp = to_local(bundle.generated_at, bundle.timezone).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        files = [("info.csv", info_csv(bundle))]
        files += [(f"{table.key}.csv", table_csv(bundle, table)) for table in bundle.tables]
        for name, data in files:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.external_attr = 0o644 << 16  # rw-r--r-- when unpacked
            archive.writestr(entry, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
