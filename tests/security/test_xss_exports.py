"""Hostile names in the official exports: XLSX, CSV and the berita acara PDF show them as text.

The edition of tests/hostile.py, judged and approved, exported as the committee would
(juror-level scores included), on SQLite. Each file is read back with the
tools a reader's program would use (openpyxl, the csv module, pypdf): every name comes
back exactly as typed, a spreadsheet formula only with its neutralising apostrophe, and
nothing in a file is live: no formula or hyperlink cell in the workbook, no link, action
or script in the PDF.
"""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pypdf
import pytest

from data_access.db import transaction
from data_access.exports import export_bytes
from data_access.exports.model import neutralize
from data_access.exports.pdf_layout import BIDI_CONTROLS
from tests import hostile
from tests.hostile import CRITERIA, ENTRIES, FORMULA, JURORS, KIND, RLO


@pytest.fixture
def db_url(sqlite_url) -> str:
    """SQLite only: the files' text is the point (their queries: tests/test_exports.py)."""
    return sqlite_url


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NAMES = {
    text for entry in ENTRIES for text in (entry.code, entry.title, entry.unit, entry.innovator)
}
JUROR_NAMES = {name for _code, name, _group in JURORS}
GROUPS = {group for _code, _name, group in JURORS}
JUROR_CODES = {code for code, _name, _group in JURORS}
DOCUMENT = {hostile.EDITION_NAME, hostile.STAGE_NAME, *CRITERIA.values()}
# The spreadsheets hold every table; the PDF names no kind of unit and no juror's code.
IN_TABLES = NAMES | JUROR_NAMES | GROUPS | JUROR_CODES | DOCUMENT | {KIND}
IN_PDF = NAMES | JUROR_NAMES | GROUPS | DOCUMENT


@pytest.fixture
def exports(engine) -> dict[str, bytes]:
    """The hostile edition's XLSX, CSV (ZIP) and PDF, juror-level scores included."""
    hostile.seed_hostile(engine)
    with transaction(engine) as session:
        return {
            fmt: export_bytes(session, hostile.CODE, fmt, juror_scores=True).data
            for fmt in ("xlsx", "csv", "pdf")
        }


def as_stored(text: str) -> str:
    """Return a name as an export stores it: a formula-like one behind an apostrophe."""
    return neutralize(text)


def test_the_hostile_names_include_every_payload():
    """The seed really carries each kind of payload into the names exported."""
    joined = "\n".join(IN_TABLES)
    for payload in (
        hostile.SCRIPT,
        hostile.IMG,
        hostile.JS_LINK,
        hostile.MARKDOWN,
        hostile.TEMPLATE,
        hostile.JINJA,
        FORMULA,
        RLO,
        hostile.LONG_TITLE,
    ):
        assert payload in joined
    assert len(hostile.LONG_TITLE) == 500 and " " not in hostile.LONG_TITLE


def test_xlsx_shows_every_name_as_typed_and_runs_nothing(exports):
    book = openpyxl.load_workbook(io.BytesIO(exports["xlsx"]))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    missing = sorted(name[:60] for name in IN_TABLES if as_stored(name) not in texts)
    assert missing == []
    assert as_stored(FORMULA) == "'" + FORMULA and FORMULA not in texts
    assert [t for t in texts if t.startswith(FORMULA_STARTS)] == []
    # Nothing in the workbook is live: no formula cell, no hyperlink.
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert [c.coordinate for c in cells if c.hyperlink is not None] == []


def test_csv_shows_every_name_as_typed(exports):
    archive = zipfile.ZipFile(io.BytesIO(exports["csv"]))
    texts = {
        value
        for name in archive.namelist()
        for row in csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"), newline=""))
        for value in row
    }
    missing = sorted(name[:60] for name in IN_TABLES if as_stored(name) not in texts)
    assert missing == []
    assert FORMULA not in texts and [t for t in texts if t.startswith(FORMULA_STARTS)] == []


def _squashed(text: str) -> str:
    return "".join(text.split())


def test_pdf_shows_every_name_as_typed_and_holds_nothing_live(exports):
    reader = pypdf.PdfReader(io.BytesIO(exports["pdf"]))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # reportlab wraps a long word across lines (extracted with line breaks), and drops the
    # bidi controls, for which it has neither layout nor glyph: the rest is as typed.
    shown = _squashed(text)
    expected = {BIDI_CONTROLS.sub("", as_stored(name)) for name in IN_PDF}
    missing = sorted(name[:60] for name in expected if _squashed(name) not in shown)
    assert missing == []
    assert RLO not in text and "\x00" not in text  # no box where an override was
    assert "'" + FORMULA in text and f" {FORMULA}" not in text
    # Escaped, not read as reportlab's markup: the tags are in the text, no link was made.
    assert "<b>bold</b>" in text and '<a href="javascript:window.__xss=3">klik</a>' in text
    for page in reader.pages:
        annotations = [a.get_object() for a in page.get("/Annots") or []]
        assert [a for a in annotations if "/A" in a or "/URI" in str(a)] == []
    catalog = reader.trailer["/Root"]
    assert "/OpenAction" not in catalog and "/AA" not in catalog
    assert "/JavaScript" not in str(catalog.get("/Names", {}))
