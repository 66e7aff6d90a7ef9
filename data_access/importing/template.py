"""The import template: an .xlsx workbook with the sheets and columns the importer reads.

Its headers come from the importer's own column lists (validate.SPECS, EDITION_KEYS), in
their order, so the template cannot name a column the importer would refuse; one example
row per sheet (edition: one row per key) shows what a cell holds. The example people are
invented; the unit is a real one of Kudus. The workbook, filled only with its examples,
imports without an error (tests/test_import_template.py).
"""

from __future__ import annotations

import io

from data_access.importing.reader import KNOWN_FILES
from data_access.importing.validate import EDITION_KEYS, SPECS

# Columns the importer reads that the template leaves out, and why: an optional column
# left out of a file leaves the stored values as they are.
LEFT_OUT = {
    # How sure the research behind data/kudus_units_2022.csv is of a unit; not the
    # committee's to fill (and not in docs/IMPORT.md).
    "units": ("confidence",),
}

EDITION_EXAMPLE: dict[str, str | int] = {
    "code": "kudus-2026",
    "name": "KIPP Kabupaten Kudus 2026",
    "timezone": "Asia/Jakarta",
    "submission_start": "2026-07-01",
    "submission_end": "2026-08-14",
    "admin_check_start": "2026-08-17",
    "admin_check_end": "2026-08-21",
    "proposal_start": "2026-08-24",
    "proposal_end": "2026-09-04",
    "presentation_start": "2026-09-15",
    "presentation_end": "2026-09-16",
    "report_date": "2026-09-25",
    "ceremony_date": "2026-10-15",
    "weight_proposal": 40,
    "weight_presentation": 60,
    "finalist_count": 6,
    "normalization": 0,
}

# One row per sheet, by column name; every name here is invented.
EXAMPLES: dict[str, dict[str, str | int | float]] = {
    "units": {
        "code": "DISKOMINFO",
        "name": "Dinas Komunikasi dan Informatika",
        "short_name": "Diskominfo",
        "kind": "dinas",
        "parent_code": "",
        "required": 1,
    },
    "criteria": {
        "stage": "proposal",
        "code": "signifikansi",
        "name": "Signifikansi",
        "weight": 30,
        "description": "Besarnya manfaat dan dampak bagi warga atau pelayanan publik.",
    },
    "innovations": {
        "code": "KIPP26-001",
        "title": "Layanan Aduan Warga Lewat Pesan Singkat",
        "unit_code": "DISKOMINFO",
        "innovator": "Tim Inovasi Diskominfo",
        "category": "Pelayanan publik",
        "submitted_at": "2026-08-10 09:15",
        "admin_status": "lolos",
        "summary": "Contoh ringkasan (fiktif): masalah yang dijawab, cara kerja dan manfaatnya.",
        "proposal_url": "https://proposal.contoh.invalid/KIPP26-001.pdf",
        "continues": "",
    },
    "jurors": {"code": "J01", "name": "Dr. Sekar Ayuningtyas, M.Si.", "group": "UMK"},
    "assignments": {
        "juror_code": "J01",
        "innovation_code": "KIPP26-001",
        "stage": "proposal",
        "abstain": 0,
    },
    "scores": {
        "juror_code": "J01",
        "innovation_code": "KIPP26-001",
        "stage": "proposal",
        "criterion_code": "signifikansi",
        "score": 82.5,
        "scored_at": "2026-08-28 10:00",
    },
}
MIN_WIDTH, MAX_WIDTH = 10, 60


def template_rows() -> dict[str, list[list[str | int | float]]]:
    """Return each sheet's rows in the importer's order: its header, then the example."""
    edition: list[list[str | int | float]] = [["key", "value"]]
    edition += ([key, EDITION_EXAMPLE[key]] for key in EDITION_KEYS)
    sheets = {"edition": edition}
    for name in KNOWN_FILES[1:]:
        left_out = LEFT_OUT.get(name, ())
        header = [col.name for col in SPECS[name] if col.name not in left_out]
        names: list[str | int | float] = [*header]
        sheets[name] = [names, [EXAMPLES[name][column] for column in header]]
    return sheets


def template_xlsx() -> bytes:
    """Return the template as an .xlsx workbook's bytes: bold headers, the top row frozen."""
    from openpyxl import Workbook  # only this download pays for it
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in template_rows().items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append([None if value == "" else value for value in row])  # empty: no cell
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, column in enumerate(zip(*rows, strict=True), start=1):
            width = max(len(str(value)) for value in column) + 2
            sheet.column_dimensions[get_column_letter(index)].width = min(
                max(width, MIN_WIDTH), MAX_WIDTH
            )
        sheet.freeze_panes = "A2"
    workbook.properties.title = "Templat impor KIPP Live"
    workbook.properties.creator = "KIPP Live"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
