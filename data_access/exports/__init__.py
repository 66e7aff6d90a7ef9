"""The official exports of an edition (XLSX, CSV, the berita acara PDF): one entry point,
export_bytes, for the command line and the web routes alike."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from data_access import queries
from data_access.exports.csv import table_csv, write_zip
from data_access.exports.model import Approval, ExportBundle
from data_access.exports.pdf import write_pdf
from data_access.exports.tables import TABLE_KEYS, build_tables
from data_access.exports.xlsx import write_xlsx
from data_access.i18n import Message

FORMATS = ("xlsx", "csv", "pdf", "archive")
# The edition archive (archive.py) holds every juror's scores: the committee's alone.
ARCHIVE = "archive"
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}
JUROR_SCORES = "juror_scores"


class ExportError(ValueError):
    """A refused export request, with its reason in both languages."""


@dataclass(frozen=True)
class ExportFile:
    """A finished export: the file name to offer, its content type, its bytes."""

    filename: str
    content_type: str
    data: bytes
    data_version: int  # the data version the file states (for an X-Data-Version header)
    approval: Approval | None = None  # the approval the file states, None before it


def _slug(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", code).strip("-.") or "edisi"


def _check(fmt: str, table: str | None, juror_scores: bool) -> None:
    if fmt not in FORMATS:
        raise ExportError(
            f"{Message('exporting.unknown_format')}: {fmt!r} "
            f"({Message('exporting.choose')}: {', '.join(FORMATS)})"
        )
    if fmt == ARCHIVE and not juror_scores:
        raise ExportError(Message("archive.forbidden"))
    if table is None:
        return
    if fmt != "csv":
        raise ExportError(Message("exporting.table_csv_only"))
    if table not in TABLE_KEYS:
        raise ExportError(
            f"{Message('exporting.unknown_table')}: {table!r} "
            f"({Message('exporting.choose')}: {', '.join(TABLE_KEYS)})"
        )
    if table == JUROR_SCORES and not juror_scores:
        raise ExportError(Message("exporting.juror_scores_asked"))


def export_bytes(
    session: Session,
    code: str,
    fmt: str,
    *,
    juror_scores: bool,
    table: str | None = None,
    now: datetime | None = None,
) -> ExportFile:
    """Return an edition's export in a format: xlsx, csv (ZIP, or one table), pdf or archive.

    Raises ExportError on a bad format or table key, EditionNotFound on an unknown edition.
    Juror-level scores are included only with juror_scores=True (the caller checks the role);
    the archive, which holds them all, is refused without it.
    """
    _check(fmt, table, juror_scores)
    if fmt == ARCHIVE:
        from data_access.exports.archive import archive_xlsx

        data = archive_xlsx(session, code)  # first: it reads in one consistent view
        version = queries.data_version(session)
        name = f"kipp-{_slug(code)}-arsip-v{version}.xlsx"
        return ExportFile(name, CONTENT_TYPES["xlsx"], data, version)
    bundle: ExportBundle = build_tables(session, code, juror_scores=juror_scores, now=now)
    slug = _slug(bundle.edition_code)
    if fmt == "xlsx":
        data, name, kind = write_xlsx(bundle), f"kipp-{slug}-hasil.xlsx", "xlsx"
    elif fmt == "pdf":
        data, name, kind = write_pdf(bundle), f"berita-acara-{slug}.pdf", "pdf"
    elif table is not None:
        # A lone CSV has no info.csv beside it: its name states the data version.
        data = table_csv(bundle, bundle.table(table))
        name, kind = f"kipp-{slug}-{table}-v{bundle.data_version}.csv", "csv"
    else:
        data, name, kind = write_zip(bundle), f"kipp-{slug}.zip", "zip"
    return ExportFile(name, CONTENT_TYPES[kind], data, bundle.data_version, bundle.approved)


__all__ = [
    "FORMATS",
    "TABLE_KEYS",
    "ExportError",
    "ExportFile",
    "build_tables",
    "export_bytes",
]
