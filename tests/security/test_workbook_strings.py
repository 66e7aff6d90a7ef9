"""Workbook strings: one shared string named by thousands of cells, refused by characters.

An 11 KB .xlsx whose one shared string (50 KB of spaces) was named by 21,000 cells took a
gunicorn worker from 84 MB to 1.15 GB through /impor, and the command line grew with the
references: the budget counted cells, and a shared-string part under 100 KiB skips the
ratio check. The budget now counts characters too (every cell that shows a text counts
it, and a cell holds at most Excel's 32,767). Each workbook here is written part by part
with zipfile; the refusal must name the sheet and the cell, and the peak memory (VmHWM)
of the process that read it must stay near where it was.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from data_access.db import make_engine
from data_access.importing import ImportFailed, import_path
from data_access.importing.reader import read_import
from data_access.importing.workbook_guard import (
    MAX_CELL_CHARS,
    CellBudget,
    check_workbook,
    column_letter,
)
from data_access.settings import PROJECT_ROOT
from tests.rawhttp import children, memory_kb
from tests.serving import Gunicorn
from tests.test_import_fixtures import BASE, write_workbook
from tests.web import add_accounts, csrf_from, http_login

MB = 1024 * 1024
SCORES = BASE["scores"][0]  # the header row of a scores sheet
# How far a reader's peak memory may move for one hostile workbook (kB). The old code
# went up by hundreds of MB (a 50 KB text copied or rendered per cell).
ALLOWED_GROWTH_KB = 40 * 1024

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def shared_string_book(path: Path, text: str, *, references: int, unused: int = 0) -> Path:
    """Write a scores sheet: a real header, then `references` cells naming one shared string.

    `unused` more strings (s0, s1, ...) follow the first in the table, named by no cell.
    """
    width = len(SCORES)
    rows = ['<row r="1">']
    rows += [
        f'<c r="{column_letter(n)}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for n, name in enumerate(SCORES, start=1)
    ]
    rows.append("</row>")
    for index in range(references // width):
        row = index + 2
        cells = "".join(
            f'<c r="{column_letter(n)}{row}" t="s"><v>0</v></c>' for n in range(1, width + 1)
        )
        rows.append(f'<row r="{row}">{cells}</row>')
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(rows)}</sheetData></worksheet>'
    strings = (
        f'<sst xmlns="{MAIN}" count="{references}" uniqueCount="1">'
        f'<si><t xml:space="preserve">{text}</t></si>'
        + "".join(f"<si><t>s{n}</t></si>" for n in range(unused))
        + "</sst>"
    )
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{OFFICE}.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{OFFICE}.sharedStrings+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
            '<sheet name="scores" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{RELS}">'
            f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": strings,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + data)
    return path


# (text of the shared string, cells naming it, the refused cell, words of the refusal).
# A text that trimming shortens (a trailing space) is copied once per cell when trimmed:
# with the old reader, 21,000 cells made 21,000 copies (about 1.1 GB for 50 KB).
SHAPES = {
    # The file: 50 KB, mostly spaces, 21,000 references. Over the limit of a cell.
    "long-cell": ("x" + " " * 50_000 + "x ", 21_000, "A2", "holds 50,003 characters"),
    # A text within the cell limit, named until the total passes 20 MB (the upload limit).
    "many-references": ("x" * 29_999 + " ", 21_000, "D118", "more text than fits"),
}


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("string-books")
    made = {}
    for case, (text, references, _cell, _words) in SHAPES.items():
        made[case] = shared_string_book(folder / f"{case}.xlsx", text, references=references)
        assert made[case].stat().st_size < 100_000  # an innocent-looking upload
    return made


def test_the_budget_counts_characters_per_cell_and_in_all():
    budget = CellBudget.for_limit(100)
    assert budget.take(1, ["a" * 40, "b" * 40]) is None
    column, refusal = budget.take(2, ["c" * 10, "d" * 20])
    assert column == "B" and "By cell B2" in refusal.message_en and "sel B2" in refusal.message_id
    column, refusal = CellBudget.for_limit(MB).take(7, ["", "x" * (MAX_CELL_CHARS + 1)])
    assert column == "B" and "Cell B7 holds 32,768 characters" in refusal.message_en
    assert "Sel B7 memuat 32.768 karakter" in refusal.message_id
    assert column_letter(1) == "A" and column_letter(27) == "AA" and column_letter(16384) == "XFD"


@pytest.mark.parametrize("case", SHAPES)
def test_the_reader_refuses_naming_the_cell(books, case):
    _text, _references, cell, words = SHAPES[case]
    result = read_import(books[case], max_bytes=20 * MB)
    [error] = result.errors
    assert error.file == f"{case}.xlsx:scores"
    assert error.row == int(cell[1:]) and error.column == cell[0]
    assert f"{cell}" in error.message_en and words in error.message_en
    assert f"{cell}" in error.message_id
    assert error.value is None  # the text itself is never kept in the report
    assert result.tables == {}


def test_a_shared_string_table_over_the_budget_is_refused_before_reading(books, tmp_path):
    """openpyxl loads the table whole: its strings and characters are counted first."""
    # 70,000 strings in a 1 MB upload limit (at most 65,536: one per 16 bytes).
    crowded = shared_string_book(tmp_path / "crowded.xlsx", "x", references=6, unused=70_000)
    assert crowded.stat().st_size < MB
    [error] = read_import(crowded, max_bytes=MB).errors
    assert error.file == "crowded.xlsx" and error.row is None
    assert "shared-string table 'xl/sharedStrings.xml' holds more text" in error.message_en
    assert "65,536 strings" in error.message_en and "65.536 teks" in error.message_id
    # Characters: 50,003 of them against a 40,000-character budget.
    refusal = check_workbook(books["long-cell"], max_unpacked=25 * MB, max_text=40_000)
    assert refusal is not None and "at most 40,000 characters" in refusal.message_en
    # Within the budget, the same table passes.
    assert check_workbook(books["long-cell"], max_unpacked=25 * MB, max_text=MB) is None
    assert (
        read_import(
            shared_string_book(tmp_path / "ok.xlsx", "x", references=6, unused=60_000), max_bytes=MB
        ).errors
        == []
    )


def peak_of_cli(url: str, path: Path) -> tuple[int, str, int]:
    """Run `python -m data_access import PATH`; return its exit status, stderr, peak kB."""
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['data_access', *sys.argv[1:]]\n"
        "try:\n"
        "    runpy.run_module('data_access', run_name='__main__')\n"
        "finally:\n"
        "    peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "    print('PEAK', peak.split()[1], file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, "-c", probe, "--database-url", url, "import", str(path)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    peak = int(done.stderr.rsplit("PEAK ", 1)[1].split()[0])
    return done.returncode, done.stderr, peak


def test_the_command_line_refuses_with_flat_memory(books, sqlite_url, tmp_path):
    # The same command on a genuine workbook: the memory a real import takes.
    genuine = write_workbook(tmp_path / "genuine.xlsx")
    status, _err, baseline = peak_of_cli(sqlite_url, genuine)
    assert status == 0
    for case, (_text, _references, cell, words) in SHAPES.items():
        status, stderr, peak = peak_of_cli(sqlite_url, books[case])
        assert status == 1, stderr
        assert f"{case}.xlsx:scores" in stderr and cell in stderr and words in stderr
        assert "Traceback" not in stderr
        assert peak - baseline <= ALLOWED_GROWTH_KB, (case, baseline, peak)
    with pytest.raises(ImportFailed):
        import_path(make_engine(sqlite_url), books["long-cell"])


@pytest.fixture(scope="module")
def office(sqlite_template, tmp_path_factory) -> Iterator[tuple[Gunicorn, requests.Session]]:
    """gunicorn (the Procfile's command, two workers) and the committee signed in."""
    folder = tmp_path_factory.mktemp("string-office")
    shutil.copyfile(sqlite_template, folder / "kipp.sqlite3")
    url = f"sqlite:///{folder / 'kipp.sqlite3'}"
    engine = make_engine(url)
    add_accounts(engine)
    engine.dispose()
    server = Gunicorn(url, folder)
    server.start()
    try:
        browser = http_login(server.url, "panitia")
        yield server, browser
    finally:
        server.stop()


def upload(server: Gunicorn, browser: requests.Session, path: Path) -> requests.Response:
    token = csrf_from(browser.get(f"{server.url}/impor?lang=en").text)
    with path.open("rb") as file:
        return browser.post(
            f"{server.url}/impor?lang=en",
            data={"csrf": token},
            files={"files": (path.name, file)},
            timeout=300,
        )


def test_impor_refuses_with_flat_worker_memory(office, books, tmp_path):
    server, browser = office
    workers = children(server.process.pid)
    assert len(workers) == 2
    genuine = write_workbook(tmp_path / "genuine.xlsx")
    for _ in range(len(workers) * 2):  # warm each worker up with a real import
        assert upload(server, browser, genuine).status_code == 200
    before = {pid: memory_kb(pid) for pid in workers}
    for case, (_text, _references, cell, words) in SHAPES.items():
        response = upload(server, browser, books[case])
        assert response.status_code == 422, case
        assert f"{case}.xlsx:scores" in response.text and words in response.text
        assert cell in response.text
    grown = {pid: memory_kb(pid) - before[pid] for pid in workers}
    assert all(kb <= ALLOWED_GROWTH_KB for kb in grown.values()), json.dumps(grown)
