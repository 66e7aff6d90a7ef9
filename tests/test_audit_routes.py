"""The committee's audit trail (/audit, /audit.csv, /audit.xlsx): the query's filters on the page
and in its downloads, paging, refusals; the downloads never carry a live formula. Who may
open it is also in tests/security's matrices."""

from __future__ import annotations

import csv
import html
import io
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from data_access import audit, audit_view, committee
from data_access.db import transaction
from data_access.demo import DEMO_CODE
from data_access.models import Criterion
from tests.web import client_as, committee_site

PAGE = "/audit"
FORMULA = '=HYPERLINK("http://contoh.invalid","klik")'


@pytest.fixture
def site(demo_url, tmp_path):
    with committee_site(demo_url, tmp_path, "test-audit") as found:
        _app, engine = found
        at = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # 3 Desember 09.00 WIB
        with transaction(engine) as session:
            audit.record(session, audit.ACCOUNT_ADDED, by="panitia", subject=FORMULA, at=at)
            audit.record(
                session, audit.ACCOUNT_REMOVED, by="+cmd", subject="pensiunan", at=at + timedelta(1)
            )
        yield found


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_page_lists_counts_filters_and_pages_in_its_query(site):
    app, engine = site
    admin = client_as(app, "admin")
    page = admin.get(PAGE)
    text = _text(page)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Jejak Audit" in text and 'id="audit-table"' in text
    with transaction(engine) as session:
        total = audit_view.audit_page(session, audit_view.Filters()).total
    # Every kind together, scores too: paging keeps the filters (the next page's link).
    every = admin.get(f"{PAGE}?jenis=semua")
    assert f"{total:,} entri".replace(",", ".") in _text(every)
    assert total > audit_view.PAGE_SIZE and (
        'rel="next" href="/audit?jenis=semua&amp;halaman=2&amp;lang=id"'
        in every.get_data(as_text=True)
    )
    assert "Halaman 2 dari" in _text(admin.get(f"{PAGE}?jenis=semua&halaman=2"))

    narrowed = _text(admin.get(f"{PAGE}?jenis=akun&oleh=panitia&dari=2026-12-03&sampai=2026-12-03"))
    assert "1 entri" in narrowed and FORMULA in narrowed and "pensiunan" not in narrowed
    assert 'value="2026-12-03"' in narrowed and '<option value="akun" selected>' in narrowed
    several = admin.get(f"{PAGE}?jenis=akun,impor&lang=id").get_data(as_text=True)
    assert '<option value="impor,akun" selected>Impor data, Akun</option>' in several
    with transaction(engine) as session:
        kinds = audit_view.Filters(kinds=(audit_view.IMPORTS, audit_view.ACCOUNTS))
        assert f"{audit_view.audit_page(session, kinds).total} entri" in several
    english = _text(admin.get(f"{PAGE}?jenis=impor&edisi={DEMO_CODE}&lang=en"))
    assert (
        "Audit Trail" in english
        and "Data import: " in english
        and "Account pensiunan" not in english
    )

    bad = admin.get(f"{PAGE}?dari=kemarin&lang=id")
    assert bad.status_code == 400 and "Tanggal tidak dikenali: kemarin" in _text(bad)
    assert admin.get(f"{PAGE}?dari=2026-12-05&sampai=2026-12-01&lang=id").status_code == 400


def test_the_downloads_hold_the_filtered_entries_with_formulas_neutralised(site):
    app, _engine = site
    admin = client_as(app, "admin")
    got = admin.get("/audit.csv?jenis=akun&lang=en")
    assert got.status_code == 200 and got.mimetype == "text/csv"
    assert "jejak-audit-akun.csv" in got.headers["Content-Disposition"]
    body = got.get_data().decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0] == ["Time (WIB)", "By", "Kind", "Action", "Edition", "On", "Description"]
    assert [r[1] for r in rows[1:]] == ["'+cmd", "panitia"]  # newest first, neutralised
    assert rows[2][0] == "2026-12-03T09:00:00+07:00" and rows[2][3] == audit.ACCOUNT_ADDED
    assert rows[2][5] == "'" + FORMULA and rows[2][6].startswith("Account ")

    workbook = admin.get("/audit.xlsx?jenis=akun&sampai=2026-12-03&lang=id")
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.get_data())).active
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0][0] == "Waktu (WIB)" and len(cells) == 2
    assert (
        cells[1][0] == datetime(2026, 12, 3, 9, 0, tzinfo=UTC).replace(tzinfo=None)
        and cells[1][5] == "'" + FORMULA
    )
    assert sheet.cell(2, 6).data_type == "s"  # text, never a formula

    assert admin.get("/audit.csv?sampai=besok&lang=id").status_code == 400


def test_the_default_leaves_the_scores_one_click_away_and_names_the_rehearsal(site):
    """Without ?jenis: the committee's actions, the score lines counted and linked apart."""
    app, engine = site
    committee.simulate_demo(engine, DEMO_CODE, by="panitia")
    with transaction(engine) as session:
        counts = audit_view.count_by_kind(session, audit_view.Filters())
        names = set(session.scalars(select(Criterion.name)))
    admin = client_as(app, "admin")
    page = admin.get(PAGE)
    raw, text = page.get_data(as_text=True), _text(page)
    shown = sum(n for kind, n in counts.items() if kind != audit_view.SCORES)
    assert f"{shown} entri" in text and 'class="kipp-audit-scores"' not in raw
    assert f"{counts[audit_view.SCORES]:,} perubahan nilai juri".replace(",", ".") in text
    assert 'href="/audit?jenis=nilai&amp;lang=id">Nilai juri</a>' in raw
    assert 'href="/audit?jenis=semua&amp;lang=id"' in raw

    scores = _text(admin.get(f"{PAGE}?jenis=nilai&oleh=panitia"))  # dated 2022: not newest
    assert "(latihan)" in scores and "(web)" not in scores
    assert any(f"aspek {name}:" in scores for name in names)
    assert "(rehearsal)" in _text(admin.get(f"{PAGE}?jenis=nilai&oleh=panitia&lang=en"))
    history = _text(admin.get(f"/riwayat-nilai?edition={DEMO_CODE}&lang=id"))
    assert ">latihan<" in history and ">web<" not in history
    assert any(f">{name}<" in history for name in names)

    every = admin.get("/audit.csv?jenis=semua&lang=id")
    assert "jejak-audit-semua.csv" in every.headers["Content-Disposition"]
    assert len(every.get_data().decode("utf-8").splitlines()) == 1 + sum(counts.values())
    plain = admin.get("/audit.csv?lang=id").get_data().decode("utf-8")
    assert len(plain.splitlines()) == 1 + shown


@pytest.mark.parametrize("role", ["viewer", "bupati", "juri"])
def test_no_other_role_opens_it(site, role):
    app, _engine = site
    other = client_as(app, role)
    for path in (PAGE, "/audit.csv", "/audit.xlsx"):
        answer = other.get(f"{path}?jenis=nilai")
        assert answer.status_code == 403, (role, path)
        assert "J01" not in answer.get_data(as_text=True)
    anonymous = app.test_client().get(f"{PAGE}?jenis=nilai")
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"] == "/login?next=/audit%3Fjenis%3Dnilai"


def test_one_entry_is_said_in_the_singular(site):
    app, engine = site
    with transaction(engine) as session:
        audit.record(session, audit.ACCOUNT_ADDED, by="satu-orang", subject="tamu")
        only = audit_view.Filters(kinds=("accounts",), person="satu-orang")
        assert audit_view.audit_page(session, only).total == 1
    text = _text(client_as(app, "admin").get(f"{PAGE}?jenis=akun&oleh=satu-orang&lang=en"))
    assert "1 entry" in text and "1 entries" not in text
    text = _text(client_as(app, "admin").get(f"{PAGE}?jenis=akun&oleh=satu-orang&lang=id"))
    assert "1 entri" in text
