"""Shared builders for the importer tests: a small complete import, table dumps, workbooks."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
from sqlalchemy import Engine, select

from data_access.models import Base, DataVersion

# A small but complete import; the child unit comes before its parent on purpose.
BASE: dict[str, list[list[str]]] = {
    "edition": [
        ["key", "value"],
        ["code", "kudus-2022"],
        ["name", "KIPP Kabupaten Kudus 2022"],
        ["timezone", "Asia/Jakarta"],
        ["submission_start", "2022-10-13"],
        ["submission_end", "2022-11-13"],
        ["proposal_start", "2022-11-17"],
        ["proposal_end", "2022-11-22"],
        ["presentation_start", "2022-11-24"],
        ["presentation_end", "2022-11-24"],
        ["ceremony_date", "2022-12-29"],
        ["weight_proposal", "40"],
        ["weight_presentation", "60"],
        ["finalist_count", "6"],
    ],
    "units": [
        ["code", "name", "short_name", "kind", "parent_code", "required"],
        ["BAG_ORG", "Bagian Organisasi", "Bag. Organisasi", "bagian", "SETDA", "0"],
        ["SETDA", "Sekretariat Daerah", "Setda", "sekretariat", "", "1"],
        ["DKK", "Dinas Kesehatan", "DKK", "dinas", "", "1"],
        ["PKM_JATI", "UPTD Puskesmas Jati", "Puskesmas Jati", "puskesmas", "DKK", "0"],
    ],
    "criteria": [
        ["stage", "code", "name", "weight"],
        ["presentation", "substansi", "Substansi", "60"],
        ["presentation", "penyajian", "Penyajian", "40"],
    ],
    "innovations": [
        ["code", "title", "unit_code", "innovator", "category", "submitted_at", "admin_status"],
        [
            "INV01",
            "Jos Pakk: layanan, cepat",
            "BAG_ORG",
            "Mas’ud",
            "tata kelola",
            "2022-10-20 09:15",
            "lolos",
        ],
        [
            "INV02",
            '=HYPERLINK("http://x")',
            "DKK",
            "Mas'ud",
            "kesehatan",
            "2022-11-13T23:59:00+07:00",
            "lolos",
        ],
        ["INV03", "<b>Sehat</b> *Bersama*", "PKM_JATI", "", "", "", "menunggu"],
    ],
    "jurors": [
        ["code", "name", "group"],
        ["J1", "Prof. Budi", "Undip"],
        ["J2", "Dr. Ani", "UMK"],
        ["J3", "Rina", "Wartawan"],
    ],
    "assignments": [
        ["juror_code", "innovation_code", "stage", "abstain"],
        ["J1", "INV01", "proposal", "0"],
        ["J2", "INV01", "proposal", "1"],
        ["J1", "INV02", "presentation", "0"],
    ],
    "scores": [
        ["juror_code", "innovation_code", "stage", "criterion_code", "score", "scored_at"],
        ["J1", "INV01", "proposal", "ringkasan", "90", "2022-11-17 10:05"],
        ["J1", "INV01", "proposal", "latar_belakang", "80,5", "2022-11-17 10:05"],
        ["J1", "INV01", "proposal", "kebaruan", "70.25", "2022-11-17T10:06:00+07:00"],
        ["J1", "INV02", "presentation", "substansi", "100", "2022-11-24 13:00"],
        ["J1", "INV02", "presentation", "penyajian", "0", "2022-11-24 13:00"],
    ],
}


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    """Return rows as CSV text."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def write_folder(folder: Path, files: dict[str, list[list[str]]] | None = None, **changes) -> Path:
    """Write an import folder: BASE (or files) with some files replaced or (None) left out."""
    folder.mkdir(parents=True, exist_ok=True)
    chosen = dict(BASE if files is None else files)
    chosen.update(changes)
    for name, rows in chosen.items():
        if rows is not None:
            (folder / f"{name}.csv").write_text(csv_text(rows), encoding="utf-8")
    return folder


def write_workbook(path: Path, files: dict[str, list[list[str]]] | None = None) -> Path:
    """Write an .xlsx workbook with one sheet per file, named without .csv."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in (BASE if files is None else files).items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def with_rows(name: str, *rows: list[str]) -> list[list[str]]:
    """Return BASE's file with extra rows appended."""
    return [*BASE[name], *rows]


def dump(engine: Engine) -> dict[str, list[tuple]]:
    """Return every row of every table, ordered by primary key, for before/after comparison."""
    with engine.connect() as conn:
        return {
            table.name: [tuple(row) for row in conn.execute(select(table).order_by(*table.c))]
            for table in Base.metadata.sorted_tables
        }


def data_version(engine: Engine) -> int:
    """Return the data_version counter the triggers bump."""
    with engine.connect() as conn:
        return conn.scalar(select(DataVersion.version))
