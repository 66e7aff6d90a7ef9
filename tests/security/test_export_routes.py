"""Tests of the export downloads (GET /ekspor/<fmt>): who may download, what the answer's
headers say, and the bilingual refusals (on SQLite: the exports' queries are tested on both
back ends in tests/test_exports.py and tests/test_reports.py).

Tests that download a file need data_access.exports and skip until it is there.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, text
from werkzeug.test import TestResponse

from dashboard.auth import KIOSK
from dashboard.services import EXTENSION_KEY
from data_access import ceremony
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE, DEMO_NAME
from data_access.simulate import simulate

FORMATS = ["xlsx", "csv", "pdf"]
# The edition archive: every juror's scores, so the committee's alone (not the bupati's).
ARCHIVE = "archive"
EVERY_FORMAT = [*FORMATS, ARCHIVE]
ROLES = [None, "viewer", "bupati", "admin", "juri", KIOSK]
REFUSED = ["viewer", "juri", KIOSK]
TITLE = "Ekspor tidak tersedia / Export not available"


@dataclass
class Office:
    """The app on the demo edition, an engine on its database, and a client per role."""

    engine: Engine
    clients: dict[str | None, FlaskClient]

    def approve(self) -> None:
        """Finish the demo judging and approve the results, as the committee would."""
        simulate(self.engine, DEMO_CODE, sleep=lambda _s: None, out=lambda _line: None)
        with transaction(self.engine) as session:
            ceremony.approve(session, DEMO_CODE, by="panitia")

    def get(self, role: str | None, path: str) -> TestResponse:
        """GET a path as a role and read the whole answer."""
        response = self.clients[role].get(path)
        response.get_data()
        response.close()
        return response


def _office(app, login) -> Iterator[Office]:
    engine = make_engine(app.extensions[EXTENSION_KEY].settings.database_url)
    yield Office(engine, {role: login(role) for role in ROLES})
    engine.dispose()


@pytest.fixture(scope="module")
def office(shared_app, shared_login) -> Iterator[Office]:
    """The demo edition served once for the tests that change nothing, a client per role."""
    yield from _office(shared_app, shared_login)


@pytest.fixture
def own_office(app, login) -> Iterator[Office]:
    """The demo edition on a copy of its own, for a test that approves or breaks the database."""
    yield from _office(app, login)


def _never_cached(response: TestResponse) -> None:
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def _says(response: TestResponse, indonesian: str, english: str) -> None:
    page = response.get_data(as_text=True)
    assert TITLE in page
    assert indonesian in page and english in page
    assert DEMO_NAME not in page


# ---------------------------------------------------------------- who may download
@pytest.mark.parametrize("fmt", EVERY_FORMAT)
def test_anonymous_is_sent_to_the_login_page_and_back(office, fmt):
    path = f"/ekspor/{fmt}?edition={DEMO_CODE}"
    response = office.get(None, path)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next=/ekspor/{fmt}%3Fedition%3D{DEMO_CODE}"
    _never_cached(response)


@pytest.mark.parametrize("fmt", EVERY_FORMAT)
@pytest.mark.parametrize("role", REFUSED)
def test_viewer_juror_and_ceremony_screen_are_refused(office, fmt, role):
    for query in ("", f"?edition={DEMO_CODE}", "?table=ranking", "?edition=tidak-ada"):
        response = office.get(role, f"/ekspor/{fmt}{query}")
        assert response.status_code == 403, (role, query)
        assert "attachment" not in response.headers.get("Content-Disposition", "")
        _never_cached(response)
        _says(response, "hanya untuk kantor Bupati dan panitia", "committee only")
        # Back to the home page: the summary would refuse this account too.
        assert 'href="/"' in response.get_data(as_text=True)
        assert 'href="/ringkasan"' not in response.get_data(as_text=True)
    if role == KIOSK:  # refused, and still a screen afterwards
        assert office.clients[KIOSK].get("/kiosk/api/state").status_code == 200


@pytest.mark.parametrize("role", ["bupati", "admin"])
def test_an_unknown_format_is_404(office, role):
    for fmt in ("docx", "XLSX", "zip", "pdf.exe"):
        response = office.get(role, f"/ekspor/{fmt}?edition={DEMO_CODE}")
        assert response.status_code == 404, fmt
        _never_cached(response)
        _says(response, "Format ekspor tidak dikenal", "Unknown export format")


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unknown_edition_is_404_in_both_languages(office, fmt):
    response = office.get("bupati", f"/ekspor/{fmt}?edition=kudus-1999")
    assert response.status_code == 404
    _never_cached(response)
    _says(
        response,
        "Tidak ada edisi dengan kode “kudus-1999”",
        "There is no edition with the code “kudus-1999”",
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_bupati_downloads_only_approved_results(office, fmt):
    for query in (f"?edition={DEMO_CODE}", "", "?table=participation"):
        response = office.get("bupati", f"/ekspor/{fmt}{query}")
        assert response.status_code == 409, query
        _never_cached(response)
        _says(response, "tersedia setelah hasil disetujui panitia", "once the committee approves")


def test_a_database_error_is_503_in_both_languages(own_office):
    own_office.get("bupati", "/ringkasan")  # logged in while the database was fine
    with own_office.engine.begin() as conn:
        conn.execute(text("ALTER TABLE editions RENAME TO editions_away"))
    for fmt in FORMATS:
        response = own_office.get("bupati", f"/ekspor/{fmt}?edition={DEMO_CODE}")
        assert response.status_code == 503, fmt
        _never_cached(response)
        _says(response, "Basis data tidak dapat dibaca", "database cannot be read")


def test_an_empty_database_has_nothing_to_export(own_office):
    with own_office.engine.begin() as conn:
        conn.execute(text("ALTER TABLE editions RENAME TO editions_away"))
        conn.execute(text("CREATE TABLE editions AS SELECT * FROM editions_away WHERE 1 = 0"))
    response = own_office.get("admin", "/ekspor/pdf")
    assert response.status_code == 404
    _says(response, "Belum ada edisi KIPP", "no KIPP edition yet")


# ---------------------------------------------------------------- downloads (need the exports)
@pytest.fixture
def exports(monkeypatch):
    """The exports package, with every export_bytes call's juror_scores and table recorded."""
    import data_access.exports as package

    calls: list[dict] = []
    real = package.export_bytes

    def recording(session, code, fmt, **options):
        calls.append({"code": code, "fmt": fmt, **options})
        return real(session, code, fmt, **options)

    monkeypatch.setattr(package, "export_bytes", recording)
    return calls


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("role", ["bupati", "admin"])
def test_bupati_and_admin_download_every_format(own_office, exports, fmt, role):
    own_office.approve()
    response = own_office.get(role, f"/ekspor/{fmt}?edition={DEMO_CODE}")
    assert response.status_code == 200
    _never_cached(response)
    # CSV without a table is every table, zipped.
    suffix, magic = {"xlsx": (".xlsx", b"PK"), "csv": (".zip", b"PK"), "pdf": (".pdf", b"%PDF-")}[
        fmt
    ]
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert disposition.endswith(suffix)
    assert response.data.startswith(magic)
    assert response.headers["X-Data-Version"].isdigit()
    # Juror-level scores go to the committee alone.
    assert exports[-1]["juror_scores"] is (role == "admin")
    assert exports[-1]["code"] == DEMO_CODE


def test_the_committee_downloads_before_approval_too(office, exports):
    response = office.get("admin", f"/ekspor/pdf?edition={DEMO_CODE}")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF-")


def test_without_an_edition_the_newest_is_exported(own_office, exports):
    own_office.approve()
    response = own_office.get("bupati", "/ekspor/xlsx")
    assert response.status_code == 200
    assert exports[-1]["code"] == DEMO_CODE


def test_csv_passes_its_table_and_refuses_an_unknown_one(own_office, exports):
    own_office.approve()
    response = own_office.get("bupati", f"/ekspor/csv?edition={DEMO_CODE}&table=ranking")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"].endswith(".csv")
    assert exports[-1]["table"] == "ranking"
    # Juror-level scores are the committee's: for the bupati that table is not in the export.
    response = own_office.get("bupati", f"/ekspor/csv?edition={DEMO_CODE}&table=juror_scores")
    assert response.status_code == 404
    assert (
        own_office.get("admin", f"/ekspor/csv?edition={DEMO_CODE}&table=juror_scores").status_code
        == 200
    )
    response = own_office.get("admin", f"/ekspor/csv?edition={DEMO_CODE}&table=tidak-ada")
    assert response.status_code == 404
    assert exports[-1]["table"] == "tidak-ada"
    _says(response, "Tabel “tidak-ada” tidak ada", "is not part of this export")
    # Other formats hold every table: a table asked of them is not passed on.
    own_office.get("admin", f"/ekspor/pdf?edition={DEMO_CODE}&table=ranking")
    assert exports[-1]["table"] is None


# ---------------------------------------------------------------- the edition archive
def test_the_bupati_never_downloads_the_archive(own_office, exports):
    for approved in (False, True):
        if approved:
            own_office.approve()
        for query in ("", f"?edition={DEMO_CODE}", "?edition=tidak-ada", "?table=ranking"):
            response = own_office.get("bupati", f"/ekspor/{ARCHIVE}{query}")
            assert response.status_code == 403, (approved, query)
            assert "attachment" not in response.headers.get("Content-Disposition", "")
            _never_cached(response)
            _says(response, "hanya panitia yang dapat mengunduhnya", "only the committee")
    assert exports == []  # refused before anything was read


def test_the_committee_downloads_the_archive_before_and_after_approval(own_office, exports):
    from openpyxl import load_workbook

    for approved in (False, True):
        if approved:
            own_office.approve()
        response = own_office.get("admin", f"/ekspor/{ARCHIVE}?edition={DEMO_CODE}")
        assert response.status_code == 200
        _never_cached(response)
        disposition = response.headers["Content-Disposition"]
        version = response.headers["X-Data-Version"]
        assert disposition.endswith(f"-arsip-v{version}.xlsx")
        assert exports[-1]["fmt"] == ARCHIVE and exports[-1]["juror_scores"] is True
        book = load_workbook(io.BytesIO(response.data), read_only=True)
        assert ("approval" in book.sheetnames) is approved
    response = own_office.get("admin", f"/ekspor/{ARCHIVE}?edition=kudus-1999")
    assert response.status_code == 404
