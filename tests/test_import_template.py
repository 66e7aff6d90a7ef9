"""Tests of data_access/importing/template.py: the .xlsx template /impor offers to fill.

The template cannot drift from the importer: its sheets and columns are the importer's,
and the workbook, filled only with its example rows, is read, checked and imported
without an error, on an empty database and beside another edition.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.importing import import_path
from data_access.importing.reader import KNOWN_FILES, read_import
from data_access.importing.template import (
    EDITION_EXAMPLE,
    EXAMPLES,
    LEFT_OUT,
    template_rows,
    template_xlsx,
)
from data_access.importing.validate import EDITION_KEYS, SPECS
from data_access.queries import get_edition

LIMIT = 20 * 1024 * 1024


def _save(tmp_path: Path) -> Path:
    path = tmp_path / "templat-impor-kipp.xlsx"
    path.write_bytes(template_xlsx())
    return path


def test_the_sheets_and_columns_are_the_importers():
    """Every column the importer reads is in the template, but for the few left out on purpose."""
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx()), read_only=True)
    assert book.sheetnames == list(KNOWN_FILES)
    rows = template_rows()
    assert [key for key, _value in rows["edition"][1:]] == list(EDITION_KEYS)
    assert EDITION_EXAMPLE.keys() == EDITION_KEYS.keys()
    for name in KNOWN_FILES[1:]:
        header, *examples = rows[name]
        left_out = LEFT_OUT.get(name, ())
        assert header + list(left_out) == [col.name for col in SPECS[name]], name
        assert all(col.optional_column for col in SPECS[name] if col.name in left_out), name
        assert EXAMPLES[name].keys() == set(header), name
        assert len(examples) == 1, name
    assert LEFT_OUT.keys() <= set(KNOWN_FILES)
    # Headers read back from the workbook as written; the top row stays in view.
    for name in KNOWN_FILES:
        sheet = book[name]
        assert [cell.value for cell in next(sheet.iter_rows(max_row=1))] == rows[name][0]
    book.close()


def test_the_template_filled_with_its_examples_reads_and_checks_without_an_error(tmp_path):
    read = read_import(_save(tmp_path), max_bytes=LIMIT)
    assert read.errors == []
    assert sorted(read.tables) == sorted(KNOWN_FILES)
    units = read.tables["units"]
    assert units.rows[0].cells[units.header.index("parent_code")] == ""  # an empty cell
    scores = read.tables["scores"]
    assert scores.rows[0].cells[scores.header.index("score")] == "82.5"


def test_the_template_imports_into_an_empty_database_and_again_changes_nothing(
    sqlite_engine, tmp_path
):
    path = _save(tmp_path)
    report = import_path(sqlite_engine, path, max_bytes=LIMIT)
    assert report.edition_code == EDITION_EXAMPLE["code"]
    for name in KNOWN_FILES:  # every sheet's example row written, the edition's as one
        assert report.counts[f"{name}.csv"]["inserted"] == 1, (name, report.counts)
    again = import_path(sqlite_engine, path, max_bytes=LIMIT)
    assert all(counts["inserted"] == counts["updated"] == 0 for counts in again.counts.values()), (
        again.counts
    )


def test_the_template_imports_beside_another_edition(demo_url, tmp_path):
    """Its edition sheet names its edition: a database holding others takes it as a new one."""
    engine = make_engine(demo_url)
    try:
        report = import_path(engine, _save(tmp_path), max_bytes=LIMIT)
        assert report.edition_code == EDITION_EXAMPLE["code"]
        with transaction(engine) as session:
            assert get_edition(session, DEMO_CODE).code == DEMO_CODE  # still there
            assert get_edition(session, report.edition_code).name == EDITION_EXAMPLE["name"]
    finally:
        engine.dispose()
