"""Tests of the committee's upload page (/impor): who may use it, its CSRF token, the
server's size limit (413, in process and through a real gunicorn), errors listed row by
row in the page's language, and an upload that imports for real.

The malformed imports are tests/test_import_validate.py's own table of cases, posted
through the form: the importer's checks are tested there, their reporting on the page here.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests
import urllib3
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from app import create_app
from dashboard.auth import ADMIN, BUPATI, KIOSK, VIEWER
from dashboard.console_routes import tool_paths
from dashboard.imports_routes import IMPORT_PATH, TEMPLATE_PATH
from dashboard.services import EXTENSION_KEY
from dashboard.shell import nav_links
from data_access.db import make_engine, transaction
from data_access.importing import ImportFailed, import_path
from data_access.importing.errors import VALUE_SHOWN_CHARS
from data_access.kiosks import create_token, kiosk_url
from data_access.models import (
    Assignment,
    Criterion,
    DataVersion,
    Edition,
    Innovation,
    Juror,
    Score,
    Stage,
    Unit,
)
from data_access.settings import Settings
from tests.serving import Gunicorn
from tests.test_import_fixtures import (
    BASE,
    csv_text,
    data_version,
    dump,
    write_folder,
    write_workbook,
)
from tests.test_import_validate import CASES
from tests.web import PASSWORD, ROLE_USER, add_accounts, client_as, copy_database, csrf_from, settle

LIMIT = 200_000  # IMPORT_MAX_BYTES of these tests' servers
IMPORT_TABLES = {
    model.__tablename__
    for model in (
        Edition,
        Unit,
        Stage,
        Criterion,
        Innovation,
        Juror,
        Assignment,
        Score,
        DataVersion,
    )
}
Files = dict[str, bytes]


def base_files(**changes: list[list[str]] | None) -> Files:
    """Return BASE as CSV files to upload, some replaced or (None) left out."""
    chosen = {**BASE, **changes}
    return {f"{name}.csv": csv_text(rows).encode() for name, rows in chosen.items() if rows}


def imported_rows(engine: Engine) -> dict[str, list[tuple]]:
    """Return every row of the tables an import writes (logins write their own tables)."""
    return {name: rows for name, rows in dump(engine).items() if name in IMPORT_TABLES}


class _ErrorTable(HTMLParser):
    """Collects the cells of the page's error table (#import-errors), row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._inside = self._cell = False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("id", "import-errors") in attrs:
            self._inside = True
        elif self._inside and tag == "tr":
            self.rows.append([])
        elif self._inside and tag in ("td", "th") and self.rows:
            self._cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag == "table":
            self._inside = False
        elif tag in ("td", "th"):
            self._cell = False

    def handle_data(self, data):
        if self._inside and self._cell:
            self.rows[-1][-1] += data


def error_table(page: str) -> list[tuple[str, ...]]:
    """Return the rows of the page's error table (file, row, column, value, message)."""
    parser = _ErrorTable()
    parser.feed(page)
    return [tuple(cell.strip() for cell in row) for row in parser.rows[1:]]  # no header


@dataclass
class Office:
    """The app on a fresh database with one account per role, and its engine."""

    server: Flask
    engine: Engine

    def client(self, role: str | None) -> FlaskClient:
        """Return a test client logged in with the role's account (anonymous for None)."""
        return client_as(self.server, role)

    def post(
        self, client: FlaskClient, files: Files, *, lang: str = "id", **form: str
    ) -> tuple[int, str]:
        """Post files to /impor with the client's CSRF token; return status and page."""
        if "csrf" not in form:
            page = client.get(f"{IMPORT_PATH}?lang={lang}").get_data(as_text=True)
            form["csrf"] = csrf_from(page)
        uploads = [(io.BytesIO(data), name) for name, data in files.items()]
        response = client.post(
            IMPORT_PATH + ("?lang=en" if lang == "en" else ""),
            data={**form, "files": uploads},
            content_type="multipart/form-data",
        )
        return response.status_code, response.get_data(as_text=True)

    def state(self) -> tuple[dict, int]:
        """Return every row of the tables an import writes, and the data version."""
        return imported_rows(self.engine), data_version(self.engine)


@pytest.fixture(scope="module")
def accounts_template(sqlite_template, tmp_path_factory) -> Path:
    """A migrated SQLite file with one account per role (argon2 hashes made once)."""
    folder = tmp_path_factory.mktemp("upload-accounts")
    url = copy_database(sqlite_template, folder)
    engine = make_engine(url)
    add_accounts(engine)
    engine.dispose()
    settle(url)
    return folder / "kipp.sqlite3"


@pytest.fixture
def office(accounts_template, tmp_path) -> Iterator[Office]:
    """The app (upload limit LIMIT bytes) on a fresh database with one account per role."""
    url = copy_database(accounts_template, tmp_path)
    engine = make_engine(url)
    settings = Settings(
        database_url=url, secret_key="upload", instance_dir=str(tmp_path), import_max_bytes=LIMIT
    )
    server = create_app(settings)
    yield Office(server, engine)
    server.extensions[EXTENSION_KEY].dispose()
    engine.dispose()


# ---------------------------------------------------------------- who may import
def test_anonymous_visitors_are_sent_to_the_login(office):
    before = office.state()
    anonymous = office.client(None)
    response = anonymous.get(f"{IMPORT_PATH}?lang=en")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/impor%3Flang%3Den"
    files = [(io.BytesIO(data), name) for name, data in base_files().items()]
    response = anonymous.post(IMPORT_PATH, data={"files": files})
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert office.state() == before
    response = anonymous.get(f"{TEMPLATE_PATH}?lang=en")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/impor/templat.xlsx%3Flang%3Den"


@pytest.mark.parametrize("role", [VIEWER, BUPATI, KIOSK])
def test_other_roles_are_refused(office, role):
    before = office.state()
    if role == KIOSK:  # a ceremony screen's session, opened with its display token
        with transaction(office.engine) as session:
            token = create_token(session, "TV Pendopo")
        client = office.server.test_client()
        assert client.get(kiosk_url(token)).status_code == 200
    else:
        client = office.client(role)
    response = client.get(IMPORT_PATH)
    assert response.status_code == 403
    assert "Tidak berwenang" in response.get_data(as_text=True)
    files = [(io.BytesIO(data), name) for name, data in base_files().items()]
    response = client.post(IMPORT_PATH, data={"files": files, "csrf": "x"})
    assert response.status_code == 403
    assert office.state() == before
    response = client.get(TEMPLATE_PATH)
    assert response.status_code == 403 and "Tidak berwenang" in response.get_data(as_text=True)


def test_the_committee_gets_the_form_in_its_language(office):
    admin = office.client(ADMIN)
    page = admin.get(IMPORT_PATH).get_data(as_text=True)
    assert '<html lang="id">' in page and "Impor Data" in page
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
    assert "Batas ukuran unggahan: 0,2 MB" in page
    assert csrf_from(page)
    response = admin.get(f"{IMPORT_PATH}?lang=en")
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert '<html lang="en">' in page and "Upload size limit: 0.2 MB" in page
    assert 'action="/impor?lang=en"' in page


def test_the_navbar_leads_to_the_import_page_for_the_committee_only():
    """The committee's navbar names its console, which links /impor; no other role's does."""

    def hrefs(role: str) -> list[str]:
        links = nav_links([], role=role, pathname="/", search="", lang="en")
        return [link.children.href for link in links]

    assert hrefs(ADMIN) == ["/konsol?lang=en"]
    assert IMPORT_PATH in tool_paths()
    assert hrefs(VIEWER) == hrefs(BUPATI) == []


# ---------------------------------------------------------------- cross-site requests
def test_a_post_without_this_sessions_token_is_refused(office):
    admin, other = office.client(ADMIN), office.client(ADMIN)
    before = office.state()
    foreign_token = csrf_from(other.get(IMPORT_PATH).get_data(as_text=True))
    for form in ({}, {"csrf": ""}, {"csrf": "x" * 43}, {"csrf": foreign_token}):
        uploads = [(io.BytesIO(data), name) for name, data in base_files().items()]
        response = admin.post(
            IMPORT_PATH, data={**form, "files": uploads}, content_type="multipart/form-data"
        )
        assert response.status_code == 400, form
        assert "Formulir kedaluwarsa" in response.get_data(as_text=True)
    assert office.state() == before
    assert office.post(admin, base_files())[0] == 200  # the page's own token works


# ---------------------------------------------------------------- the size limit
def test_a_body_over_the_limit_is_413_before_it_is_read(office):
    admin = office.client(ADMIN)
    before = office.state()
    status, page = office.post(admin, {"scores.csv": b"x" * (LIMIT + 100_000)})
    assert status == 413
    assert "Unggahan terlalu besar / Upload too large" in page
    assert "melebihi batas 0,2 MB" in page and "over the 0.2 MB limit" in page
    # The form's framing is allowed for: a file of exactly the limit reaches the importer,
    # which reads it (junk here); one byte more is refused by the importer's own check.
    status, page = office.post(admin, {"scores.csv": b"x\n" * (LIMIT // 2)}, lang="en")
    assert status == 422 and "Required column 'juror_code' is missing" in html.unescape(page)
    status, page = office.post(admin, {"scores.csv": b"x" * (LIMIT + 1)}, lang="en")
    assert status == 422 and f"File too large ({LIMIT + 1} bytes)" in page
    assert office.state() == before


@pytest.fixture(scope="module")
def served(accounts_template, tmp_path_factory) -> Iterator[tuple[Gunicorn, Engine]]:
    """The production server (gunicorn) with a 100 kB upload limit, on a database with accounts."""
    folder = tmp_path_factory.mktemp("upload-gunicorn")
    shutil.copyfile(accounts_template, folder / "kipp.sqlite3")
    url = f"sqlite:///{folder / 'kipp.sqlite3'}"
    engine = make_engine(url)
    server = Gunicorn(url, folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IMPORT_MAX_BYTES", "100000")  # the server inherits the environment
        server.start()
    yield server, engine
    server.stop()
    engine.dispose()


def test_gunicorn_answers_413_to_a_body_over_the_limit(served):
    server, engine = served
    before = imported_rows(engine), data_version(engine)
    browser = requests.Session()
    page = browser.get(f"{server.url}/login").text
    login = {"username": ROLE_USER[ADMIN], "password": PASSWORD, "csrf": csrf_from(page)}
    assert browser.post(f"{server.url}/login", data=login, allow_redirects=False).ok
    token = csrf_from(browser.get(f"{server.url}{IMPORT_PATH}").text)

    def post(data: bytes, *, chunked: bool, close: bool = False) -> requests.Response:
        body, content_type = urllib3.encode_multipart_formdata(
            {"csrf": token, "files": ("scores.csv", data)}
        )
        # A generator makes requests send "Transfer-Encoding: chunked", no Content-Length.
        sent = (body[i : i + 65536] for i in range(0, len(body), 65536)) if chunked else body
        headers = {"Content-Type": content_type} | ({"Connection": "close"} if close else {})
        response = browser.post(
            f"{server.url}{IMPORT_PATH}", data=sent, headers=headers, timeout=30
        )
        assert ("Transfer-Encoding" in response.request.headers) is chunked
        assert ("Content-Length" in response.request.headers) is not chunked
        return response

    for chunked in (False, True):
        response = post(b"x" * 300_000, chunked=chunked)
        assert response.status_code == 413, chunked
        assert "Upload too large" in response.text and "Unggahan terlalu besar" in response.text
        # The refused body was read to its end: the same connection serves the next
        # request, and under the limit the route imports (and refuses this junk).
        response = post(b"x" * 50_000, chunked=chunked)
        assert response.status_code == 422 and "Impor dibatalkan" in response.text
        # Far over the limit, the body is not read at all; the answer is still 413.
        response = post(b"x" * 5_000_000, chunked=chunked, close=True)
        assert response.status_code == 413 and "Upload too large" in response.text
    assert (imported_rows(engine), data_version(engine)) == before


def _as_shown(value: str | None) -> str:
    """Return a value as the page's table shows it: a long one cut to VALUE_SHOWN_CHARS."""
    if value and len(value) > VALUE_SHOWN_CHARS:
        return value[: VALUE_SHOWN_CHARS - 1] + "…"
    return value or ""


# ---------------------------------------------------------------- what the page reports
def test_malformed_imports_are_listed_row_by_row(office, tmp_path):
    import_path(office.engine, write_folder(tmp_path / "base"))
    admin = office.client(ADMIN)
    token = csrf_from(admin.get(IMPORT_PATH).get_data(as_text=True))
    before = office.state()
    for case in CASES:
        changes, expected = case.values
        status, page = office.post(admin, base_files(**changes), csrf=token)
        assert status == 422, case.id
        rows = error_table(page)
        shown = {(file, row, column, value) for file, row, column, value, _message in rows}
        wanted = {
            (file, "–" if row is None else str(row), column or "–", _as_shown(value))
            for file, row, column, value in expected
        }
        assert shown == wanted, case.id
        assert len(rows) == len(expected) and all(row[4] for row in rows), case.id
        assert f"tidak ada yang diubah: {len(expected)} kesalahan" in page, case.id
    assert office.state() == before


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_error_reads_in_the_page_language(office, tmp_path, lang):
    changes = {
        "scores": [*BASE["scores"], ["J1", "INV03", "proposal", "ringkasan", "101", "x"]],
        "jurors": [*BASE["jurors"], ["J4", "", "Undip"], ["J5", "Eko", ""]],
    }
    with pytest.raises(ImportFailed) as failed:
        import_path(office.engine, write_folder(tmp_path / "bad", **changes))
    status, page = office.post(office.client(ADMIN), base_files(**changes), lang=lang)
    assert status == 422
    assert error_table(page) == [
        (
            e.file,
            str(e.row) if e.row is not None else "–",
            e.column or "–",
            e.value or "",
            e.message_en if lang == "en" else e.message_id,
        )
        for e in failed.value.errors
    ]
    assert len(failed.value.errors) >= 4


def test_upload_problems_are_reported_with_the_files_errors(office, tmp_path, monkeypatch):
    """Odd names, wrong kinds and paths in file names: refused, never written anywhere."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "uploads"))  # where uploads land
    (tmp_path / "uploads").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    admin = office.client(ADMIN)
    before = office.state()
    climb = "../" * 12 + str(elsewhere).lstrip("/")
    files = base_files(jurors=None)
    files[f"{climb}/jurors.csv"] = csv_text(BASE["jurors"]).encode()  # read as jurors.csv
    files["Scores.csv"] = b"x"
    files["catatan.txt"] = b"x"
    status, page = office.post(admin, files, lang="en")
    assert status == 422
    assert error_table(page) == [
        ("Scores.csv", "–", "–", "Scores.csv", error_table(page)[0][4]),
        ("catatan.txt", "–", "–", "", "Only .xlsx or .csv files can be imported."),
    ]
    assert "Unknown file name" in page
    # A workbook's name with a path in it: imported, and written only where the server chose.
    book = write_workbook(tmp_path / "book.xlsx").read_bytes()
    for name in (f"{climb}/kudus.xlsx", "..\\..\\kudus.xlsx"):
        status, page = office.post(admin, {name: book}, lang="en")
        assert status == 200 and "Import done" in page, name
    assert list(elsewhere.iterdir()) == []
    assert list((tmp_path / "uploads").iterdir()) == []  # every temporary folder removed
    assert office.state()[0] != before[0]  # the workbooks imported

    for files, message in [
        ({"kudus.xlsx": book, "jurors.csv": b"code"}, "not both"),
        ({"a.xlsx": book, "b.xlsx": book}, "not both"),
        ({"jurors.csv": b"x", "./jurors.csv": b"y"}, "more than once"),
    ]:
        state = office.state()
        status, page = office.post(admin, files, lang="en")
        assert status == 422 and message in page, files.keys()
        assert office.state() == state


NO_FILE = {
    "id": "Belum ada berkas yang dipilih. Pilih satu buku kerja .xlsx atau berkas CSV terlebih "
    "dahulu, lalu tekan Impor. Tidak ada yang diubah.",
    "en": "No file chosen yet. Choose one .xlsx workbook or CSV files first, then press Import. "
    "Nothing was changed.",
}


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("files", [{}, {"": b""}], ids=["no-field", "empty-field"])
def test_a_post_without_a_file_says_to_choose_one(office, lang, files):
    """A form sent with no file chosen says so above the form, keeps the edition, changes nothing.

    A browser sends an empty file part for an untouched file input; a script may send none.
    """
    admin = office.client(ADMIN)
    state = office.state()
    status, page = office.post(admin, files, lang=lang, edition="kudus-2022")
    assert status == 400
    assert f'<div class="alert alert-danger" role="alert">{NO_FILE[lang]}</div>' in page
    assert 'id="import-failed"' not in page and 'id="import-errors"' not in page
    assert 'id="import-form"' in page and 'value="kudus-2022"' in page
    assert f'<html lang="{lang}">' in page
    assert office.state() == state


@pytest.mark.parametrize(
    ("lang", "filename", "link"),
    [
        ("id", "templat-impor-kipp.xlsx", "Unduh templat .xlsx"),
        ("en", "kipp-import-template.xlsx", "Download the .xlsx template"),
    ],
)
def test_the_committee_downloads_the_template_and_it_imports_as_it_is(office, lang, filename, link):
    """The page links the template; downloaded and uploaded unchanged, its examples import."""
    admin = office.client(ADMIN)
    query = "?lang=en" if lang == "en" else ""
    page = admin.get(IMPORT_PATH + query).get_data(as_text=True)
    anchor = rf'<a href="{re.escape(TEMPLATE_PATH + query)}"\s+id="import-template" download>'
    assert re.search(anchor + re.escape(link) + "</a>", page)
    response = admin.get(TEMPLATE_PATH + query)
    assert response.status_code == 200
    assert response.content_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.headers["Content-Disposition"] == f"attachment; filename={filename}"
    assert response.headers["Cache-Control"] == "no-store"
    book = response.get_data()
    assert book.startswith(b"PK")
    assert admin.head(TEMPLATE_PATH + query).status_code == 200
    status, page = office.post(admin, {filename: book}, lang=lang)
    assert status == 200, error_table(page)
    done = {"id": "Impor selesai: edisi kudus-2026", "en": "Import done: edition kudus-2026"}
    assert done[lang] in page
    if lang == "en":  # the language chosen is kept: /impor opens in it, as every page does
        assert admin.get(IMPORT_PATH).headers["Location"] == f"{IMPORT_PATH}?lang=en"


def test_a_workbook_upload_imports_and_a_repeat_changes_nothing(office, tmp_path):
    admin = office.client(ADMIN)
    book = write_workbook(tmp_path / "kudus.xlsx").read_bytes()
    _rows, version = office.state()
    status, page = office.post(admin, {"kudus.xlsx": book})
    assert status == 200
    assert "Impor selesai: edisi kudus-2022" in page
    assert re.search(r"<th scope=\"row\">scores.csv</th>\s*<td[^>]*>5</td>", page)
    with transaction(office.engine) as session:
        assert session.scalar(select(func.count()).select_from(Innovation)) == 3
        assert session.scalar(select(func.count()).select_from(Score)) == 5
    rows, bumped = office.state()
    assert bumped > version

    status, page = office.post(admin, {"kudus.xlsx": book}, lang="en")
    assert status == 200 and "Import done: edition kudus-2022" in page
    counts = re.findall(r"<td class=\"text-end\">(\d+)</td>", page)
    assert counts and set(counts[0::4]) == set(counts[1::4]) == {"0"}  # inserted, updated
    assert office.state() == (rows, bumped)
