"""The committee's administrative check (/administrasi): a status set with a reason, each
change recorded (who, when, why), the ranking following; refusals in the page's language.
Who may use it is also in tests/security's matrices."""

from __future__ import annotations

import csv
import html
import io

import pytest
from sqlalchemy import select

from data_access import admin_status, queries
from data_access.db import transaction
from data_access.demo import DEMO_CODE
from data_access.models import AdminStatusChange, Innovation, Unit
from data_access.reports import ranking_for
from tests.cli_run import cli, ok
from tests.web import client_as, committee_site, csrf_from

PAGE = "/administrasi"


@pytest.fixture
def site(demo_url, tmp_path):
    with committee_site(demo_url, tmp_path, "test-status") as found:
        yield found


def _post(client, lang: str = "id", **fields: str):
    token = csrf_from(client.get(f"{PAGE}?lang={lang}").get_data(as_text=True))
    data = {"csrf": token, "edition": DEMO_CODE, **fields}
    return client.post(f"{PAGE}/ubah?lang={lang}", data=data)


def _result(client, response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    assert response.headers["Location"].startswith(PAGE)
    return html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))


def _ranked(engine, code: str) -> bool:
    with transaction(engine) as session:
        return any(r.code == code for r in ranking_for(session, DEMO_CODE).rows if r.tier < 3)


def test_a_status_set_with_a_reason_is_recorded_and_moves_the_ranking(site):
    app, engine = site
    admin = client_as(app, "admin")
    page = admin.get(PAGE).get_data(as_text=True)
    assert "Seleksi Administrasi" in page and 'id="inovasi-KIPP22-001"' in page
    assert _ranked(engine, "KIPP22-001")
    done = _result(
        admin, _post(admin, innovation="KIPP22-001", status="tidak_lolos", reason="Berkas ganda")
    )
    assert "Status KIPP22-001 kini Tidak lolos." in done
    assert "KIPP22-001: Lolos → Tidak lolos · Berkas ganda · panitia," in done
    assert not _ranked(engine, "KIPP22-001")  # only those that passed are ranked
    with transaction(engine) as session:
        (change,) = session.scalars(select(AdminStatusChange)).all()
        status = session.scalar(
            select(Innovation.admin_status).where(Innovation.code == "KIPP22-001")
        )
    assert (change.old_status, change.new_status, change.changed_by) == (
        "lolos",
        "tidak_lolos",
        "panitia",
    )
    assert status == "tidak_lolos"
    english = _result(
        admin, _post(admin, "en", innovation="KIPP22-001", status="lolos", reason="Salah pilih")
    )
    assert "KIPP22-001's status is now Passed." in english
    assert _ranked(engine, "KIPP22-001")


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"innovation": "KIPP22-001", "status": "lolos", "reason": "x"}, "sudah seperti itu"),
        ({"innovation": "KIPP22-001", "status": "menunggu", "reason": "  "}, "Tuliskan alasan"),
        ({"innovation": "TIDAK-ADA", "status": "lolos", "reason": "x"}, "tidak ada pada edisi"),
        ({"innovation": "KIPP22-001", "status": "gugur", "reason": "x"}, "tidak dikenal"),
    ],
)
def test_a_refused_change_says_why_and_changes_nothing(site, fields, said):
    app, engine = site
    admin = client_as(app, "admin")
    page = _result(admin, _post(admin, **fields))
    assert said in page
    with transaction(engine) as session:
        assert session.scalars(select(AdminStatusChange)).all() == []


def test_the_data_layer_keeps_every_change_newest_first(engine):
    """On both databases: the record and the latest change per innovation."""
    from tests.seed import add_edition, add_innovation, add_unit

    with transaction(engine) as session:
        edition = add_edition(session)
        unit = add_unit(session, "DKK")
        add_innovation(session, edition, "I01", unit, status="menunggu")
    with transaction(engine) as session:
        admin_status.set_status(session, "t-2022", "I01", "lolos", "Lengkap", by="a")
    with transaction(engine) as session:
        admin_status.set_status(session, "t-2022", "I01", "tidak_lolos", "Ternyata ganda", by="b")
    with transaction(engine) as session:
        edition_id = queries.get_edition(session, "t-2022").id
        (row,) = admin_status.edition_statuses(session, edition_id)
        changes = admin_status.recent_changes(session, edition_id)
    assert (row.status, row.reason, row.changed_by) == ("tidak_lolos", "Ternyata ganda", "b")
    assert [(c.old_status, c.new_status) for c in changes] == [
        ("lolos", "tidak_lolos"),
        ("menunggu", "lolos"),
    ]


def _innovations_csv(engine, statuses: dict[str, str]) -> bytes:
    """Return innovations.csv of the demo edition as stored, with some statuses replaced."""
    with transaction(engine) as session:
        rows = session.execute(
            select(
                Innovation.code,
                Innovation.title,
                Unit.code,
                Innovation.innovator,
                Innovation.category,
                Innovation.submitted_at,
                Innovation.admin_status,
            ).join(Unit, Unit.id == Innovation.unit_id)
        ).all()
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(
        ["code", "title", "unit_code", "innovator", "category", "submitted_at", "admin_status"]
    )
    for code, title, unit, innovator, category, submitted, status in rows:
        when = submitted.isoformat() if submitted else ""
        out.writerow(
            [code, title, unit, innovator or "", category or "", when, statuses.get(code, status)]
        )
    return buffer.getvalue().encode()


def test_an_import_keeps_a_status_set_here_and_says_so(site, tmp_path):
    """/impor and the command line: innovations.csv does not undo the page's decision."""
    app, engine = site
    admin = client_as(app, "admin")
    _result(admin, _post(admin, innovation="KIPP22-001", status="tidak_lolos", reason="Ganda"))
    body = _innovations_csv(engine, {"KIPP22-001": "lolos"})
    token = csrf_from(admin.get("/impor").get_data(as_text=True))
    data = {"csrf": token, "edition": DEMO_CODE, "files": [(io.BytesIO(body), "innovations.csv")]}
    answer = admin.post("/impor", data=data, content_type="multipart/form-data")
    page = html.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 200, page[:500]
    assert 'id="import-kept-statuses"' in page
    assert "tidak diubah oleh impor (1 inovasi)" in page
    assert "KIPP22-001: tetap Tidak lolos (berkas: Lolos)" in page
    assert not _ranked(engine, "KIPP22-001")
    (tmp_path / "innovations.csv").write_bytes(body)
    printed = ok(
        cli(
            engine.url.render_as_string(hide_password=False),
            "import",
            str(tmp_path),
            "--edition",
            DEMO_CODE,
        )
    )
    assert "KIPP22-001: tetap Tidak lolos (berkas: Lolos) / KIPP22-001: stays Not passed" in printed
