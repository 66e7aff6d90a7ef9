"""The committee's score history (/riwayat-nilai, .xlsx), drafts on /, and the berita acara."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pypdf
import pytest
from sqlalchemy import select

from data_access.db import transaction
from data_access.demo import DEMO_CODE
from data_access.exports import export_bytes
from data_access.exports.history import HistoryRow, changed_after_submission
from data_access.jury import conflicts, sheets
from data_access.jury.history import SheetKey
from data_access.models import Innovation, Juror, Stage, utcnow
from tests.sheets_web import engine_of, prepare_sheet
from tests.web import JURI_JUROR

REASON = "Salah ketik aspek pertama"


def _cycle(engine) -> tuple[str, str]:
    """Score J01's first proposal sheet, submit, reopen, change one score; leave it a draft."""
    sheet = prepare_sheet(engine)
    with transaction(engine) as s:
        juror = s.execute(select(Juror).where(Juror.code == JURI_JUROR).limit(1)).scalar_one()
        stage = s.execute(
            select(Stage).where(Stage.edition_id == juror.edition_id, Stage.code == "proposal")
        ).scalar_one()
        innovation = s.execute(
            select(Innovation).where(
                Innovation.edition_id == juror.edition_id, Innovation.code == sheet.innovation
            )
        ).scalar_one()
        key = SheetKey(stage.id, juror.id, innovation.id)
        conflicts.declare_no_conflict(s, key, "juri-j01")
    values = {code: Decimal("80") for code, _w in sheet.criteria}
    first = sheet.criteria[0][0]
    with transaction(engine) as s:
        saved = sheets.save_draft(s, key, values, expected_revision=0, actor="juri-j01")
    with transaction(engine) as s:
        sheets.submit(s, key, expected_revision=saved.revision, actor="juri-j01")
    with transaction(engine) as s:
        opened = sheets.reopen(s, key, REASON, by="panitia")
    with transaction(engine) as s:
        sheets.save_draft(
            s, key, {first: Decimal("82.5")}, expected_revision=opened.revision, actor="juri-j01"
        )
    return sheet.innovation, first


@pytest.fixture
def cycled(any_app):
    """The app with one reopened sheet of J01 changed after submission (now a draft)."""
    return any_app, *_cycle(engine_of(any_app))


# Who may open the history, and the links to it, are the routes' and pages' own work: on
# SQLite only, as conftest asks of page tests. The tests that read the history's lines (page,
# workbook, berita acara) stay on both back ends: they are what runs history_rows' SQL on
# PostgreSQL, after the writes of `cycled` there.
SQLITE_ONLY = pytest.mark.parametrize("any_app", ["sqlite"], indirect=True)


def _url(**narrow: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"edition": DEMO_CODE, **narrow}.items())
    return f"/riwayat-nilai?{query}"


@SQLITE_ONLY
@pytest.mark.parametrize("xlsx", [False, True])
def test_history_is_the_committees_alone(cycled, any_login, xlsx):
    """Anonymous: to /login; viewer, bupati, juri: 403; admin: 200 — HEAD as GET."""
    app, _innovation, _first = cycled
    url = _url(juror=JURI_JUROR).replace(
        "/riwayat-nilai", "/riwayat-nilai.xlsx" if xlsx else "/riwayat-nilai"
    )
    anonymous = app.test_client()
    for method in (anonymous.get, anonymous.head):
        answer = method(url)
        assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")
    for role in ("viewer", "bupati", "juri"):
        client = any_login(role)
        assert client.get(url).status_code == client.head(url).status_code == 403, role
    admin = any_login("admin")
    got, head = admin.get(url), admin.head(url)
    assert got.status_code == head.status_code == 200
    assert head.get_data() == b"" and got.headers["Cache-Control"] == "no-store"


def test_history_page_lists_the_sheets_changes(cycled, any_login):
    """The table names the reopen's reason, the change 82,50 and the submit, newest first."""
    _app, innovation, _first = cycled
    text = (
        any_login("admin").get(_url(juror=JURI_JUROR, innovation=innovation)).get_data(as_text=True)
    )
    assert "Riwayat Nilai" in text and "Waktu (WIB)" in text
    assert REASON in text and "dibuka kembali" in text and "dikirim" in text
    assert "80,00" in text and "82,50" in text
    assert text.index("82,50") < text.index(REASON) < text.index(">dikirim<")
    english = any_login("admin").get(_url(juror=JURI_JUROR, lang="en")).get_data(as_text=True)
    assert "Score History" in english and "reopened" in english
    # Indonesian asked for by name: this browser chose English just before (remembered).
    none = any_login("admin").get(_url(juror="TIDAK-ADA", lang="id")).get_data(as_text=True)
    assert "Belum ada perubahan nilai yang tercatat." in none
    assert any_login("admin").get("/riwayat-nilai?edition=TIDAK-ADA").status_code == 404


def test_history_xlsx_opens_with_the_same_lines(cycled, any_login):
    """The workbook is an attachment named for the edition and filters, its rows the history."""
    _app, innovation, first = cycled
    answer = any_login("admin").get(_url(juror=JURI_JUROR).replace("nilai?", "nilai.xlsx?"))
    assert answer.headers["Content-Disposition"] == (
        f"attachment; filename=riwayat-nilai-{DEMO_CODE}-{JURI_JUROR}.xlsx"
    )
    book = openpyxl.load_workbook(io.BytesIO(answer.get_data()))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Waktu (WIB)" and rows[0][-1] == "Alasan"
    mine = [r for r in rows[1:] if r[3] == innovation]
    assert [r[9] for r in mine][-3:] == ["dikirim", "dibuka kembali", "nilai diubah"]
    assert (mine[-1][4], mine[-1][5], mine[-1][6]) == (first, 80, 82.5)


@SQLITE_ONLY
def test_pages_link_to_the_history(cycled, any_login):
    """/ (the committee's render) links each juror row; /peringkat each spread."""
    from dashboard.data import data_version, edition_named
    from dashboard.pages import progress, ranking

    app, _innovation, _first = cycled
    with app.test_request_context("/"):
        version = data_version()
        edition = edition_named(DEMO_CODE)
        committee = str(progress.render(edition, version, "id", committee=True))
        others = str(progress.render(edition, version, "id"))
        spread = str(ranking.render(edition, version, "id"))
    assert f"/riwayat-nilai?edition={DEMO_CODE}&juror={JURI_JUROR}&stage=proposal" in committee
    assert "/riwayat-nilai" not in others
    assert "Draf (belum dikirim)" in others  # the cycled sheet is a draft again
    assert f"/riwayat-nilai?edition={DEMO_CODE}&innovation=" in spread


def _line(event, source="web", old=None, new=None, sheet="I1"):
    return HistoryRow(utcnow(), "proposal", "J1", sheet, "a", old, new, "x", source, event, None)


def test_changed_after_submission_rule():
    """Score lines after a submit count; an import replacing an imported value counts too."""
    d = Decimal
    rows = [
        _line("score", new=d(70)),
        _line("submit"),
        _line("reopen"),
        late := _line("score", old=d(70), new=d(75)),
        _line("score", "import", new=d(60), sheet="I2"),
        replaced := _line("score", "import", old=d(60), new=d(65), sheet="I2"),
        _line("score", new=d(50), sheet="I3"),
        _line("score", "cli", old=d(50), new=d(55), sheet="I3"),  # an app draft, not submitted
    ]
    assert changed_after_submission(rows) == [late, replaced]


def test_berita_acara_counts_and_lists_late_changes(cycled):
    """The committee's PDF counts the late change and lists it; the bupati's only counts it."""
    app, innovation, _first = cycled
    engine = engine_of(app)
    with transaction(engine) as s:
        committee = export_bytes(s, DEMO_CODE, "pdf", juror_scores=True).data
        bupati = export_bytes(s, DEMO_CODE, "pdf", juror_scores=False).data

    def words(data: bytes) -> str:
        reader = pypdf.PdfReader(io.BytesIO(data))
        return " ".join(" ".join(p.extract_text() for p in reader.pages).split())

    text = words(committee)
    assert "Perubahan Nilai setelah Lembar Dikirim" in text
    assert "Jumlah nilai yang diubah setelah lembar penilaian dikirim: 1." in text
    assert "Lampiran: Perubahan Nilai setelah Lembar Dikirim" in text
    appendix = text.split("Lampiran:")[1]
    assert (
        innovation in appendix
        and "80,00 menjadi 82,50" in appendix
        and "juri-j01 (web)" in appendix
    )
    other = words(bupati)
    assert "dikirim: 1." in other and "disimpan oleh Panitia" in other
    assert "Lampiran:" not in other and "82,50" not in other


@SQLITE_ONLY
def test_history_pages_by_a_hundred_newest_first(cycled, any_login):
    """The edition's whole history (hundreds of imported lines) is read a hundred lines a
    page, newest first, with links that keep the filters and language; a page beyond the
    last shows the last, a page that is no number the first; one page has no links."""
    from dashboard.builders.history import HISTORY_PAGE_SIZE, newest_page, page_count

    assert newest_page(list(range(250)), 1) == list(range(249, 149, -1))
    assert newest_page(list(range(250)), 3) == list(range(49, -1, -1))
    assert page_count(0) == 1 and page_count(100) == 1 and page_count(101) == 2

    _app, innovation, _first = cycled
    admin = any_login("admin")
    first = admin.get(_url(lang="id")).get_data(as_text=True)
    total = int(first.split('id="history-count">')[1].split(" ")[0].replace(".", ""))
    pages = page_count(total)
    assert pages >= 2, total  # the demo's history fills more than one page
    assert first.count('<tr class="kipp-history-') == HISTORY_PAGE_SIZE
    assert f"Halaman 1 dari {pages}" in first and "Lebih lama →" in first
    assert "← Lebih baru" not in first
    older = f"/riwayat-nilai?edition={DEMO_CODE}&amp;lang=id&amp;halaman=2"
    assert f'rel="next" href="{older}"' in first
    # The newest line (J01's change after the reopen) on page 1 only.
    assert "82,50" in first
    second = admin.get(_url(lang="id", halaman="2")).get_data(as_text=True)
    assert "82,50" not in second and f"Halaman 2 dari {pages}" in second
    assert f'rel="prev" href="/riwayat-nilai?edition={DEMO_CODE}&amp;lang=id"' in second
    last = admin.get(_url(lang="en", halaman="999")).get_data(as_text=True)
    assert f"Page {pages} of {pages}" in last and "Older →" not in last
    assert last.count('<tr class="kipp-history-') == total - (pages - 1) * HISTORY_PAGE_SIZE
    assert "Halaman 1 dari" in admin.get(_url(lang="id", halaman="dua")).get_data(as_text=True)
    one_sheet = admin.get(_url(lang="id", juror=JURI_JUROR, innovation=innovation))
    assert "82,50" in one_sheet.get_data(as_text=True)
    assert "kipp-history-paging" not in one_sheet.get_data(as_text=True)
