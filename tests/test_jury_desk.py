"""The committee's jury desk (/kelola-juri): each form's action, on SQLite and PostgreSQL.

Who may use it and the CSRF token are in tests/security (the matrices) and at the end
here; the browser walk is tests/test_jury_desk_browser.py.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from data_access.db import transaction
from data_access.demo import DEMO_CODE
from data_access.exports.history import history_rows
from data_access.invitations import LIVE, REVOKED, invitation_state, reinvite
from data_access.jury import conflicts, sheets
from data_access.jury.history import SheetKey
from data_access.models import (
    Assignment,
    Innovation,
    Juror,
    SheetState,
    Stage,
    WindowExtension,
    utcnow,
)
from data_access.users import add_user
from tests.sheets_web import prepare_sheet
from tests.web import JURI_JUROR, client_as, committee_site, csrf_from

DESK = "/kelola-juri"
LINK = re.compile(r'id="desk-link" type="text" readonly value="([^"]+)"')
REASON = "Aspek kedua salah ketik"


@pytest.fixture
def site(demo_url, tmp_path):
    """The app on a fresh demo with one account per role.

    SQLite only: a page's test (conftest's rule); the writes behind each form run on both
    back ends in test_jury_committee.py, test_invitations.py and test_jury_cli.py.
    """
    with committee_site(demo_url, tmp_path, "test-desk") as site:
        yield site


def _post(client, path: str, lang: str = "id", **fields: str):
    """Post a desk form with the page's CSRF token, as the page's own form does."""
    token = csrf_from(client.get(f"{DESK}?lang={lang}").get_data(as_text=True))
    return client.post(f"{path}?lang={lang}", data={"csrf": token, "edition": DEMO_CODE, **fields})


def _result(client, response, lang: str = "id") -> str:
    """Follow a post's redirect and return the page it shows (the outcome, once)."""
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    assert response.headers["Location"].startswith((DESK, "/riwayat-nilai"))
    return html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))


def _token(link: str) -> str:
    return link.split("token=", 1)[1]


def test_invite_reinvite_revoke(site):
    """A new juror's link is shown once; a re-sent one kills it; a revoked one opens nothing."""
    app, engine = site
    admin = client_as(app, "admin")
    page = _result(admin, _post(admin, f"{DESK}/undang", username="juri-j02", juror="J02"), "id")
    assert "Undangan dibuat untuk juri-j02." in page
    first = LINK.search(page).group(1)
    assert first.startswith("http://localhost/undangan?token=")
    again = admin.get(f"{DESK}?lang=id").get_data(as_text=True)
    assert _token(first) not in again  # shown once only
    assert "juri-j02" in again and "aktif" in again
    page = _result(admin, _post(admin, f"{DESK}/kirim-ulang", "en", username="juri-j02"), "en")
    assert "A new link for juri-j02; the old one no longer works." in page
    second = LINK.search(page).group(1)
    with transaction(engine) as s:
        assert invitation_state(s, _token(first)) == REVOKED
        assert invitation_state(s, _token(second)) == LIVE
    page = _result(admin, _post(admin, f"{DESK}/cabut", username="juri-j02"))
    assert "Undangan juri-j02 dicabut." in page
    with transaction(engine) as s:
        assert invitation_state(s, _token(second)) == REVOKED
    # Refusals are the command line's, in the page's language.
    page = _result(admin, _post(admin, f"{DESK}/cabut", "en", username="juri-j02"), "en")
    assert 'class="alert alert-danger"' in page and "juri-j02" in page and "live" in page
    page = _result(admin, _post(admin, f"{DESK}/undang", username="juri-j03", juror="X99"))
    assert "Juri 'X99' tidak ada di edisi" in page
    assert admin.get("/undangan?token=" + _token(second)).status_code == 410
    # A link of an account of no juror (a viewer's, from /akun) is the console's, not here.
    with transaction(engine) as s:
        add_user(s, "tamu-baru", "sementara-123", "viewer")
        reinvite(s, "tamu-baru", by="panitia")
    assert 'data-username="tamu-baru"' not in admin.get(DESK).get_data(as_text=True)


def _declared(engine) -> tuple[SheetKey, str]:
    """Let J01 declare a conflict on its first proposal innovation; return the key and code."""
    sheet = prepare_sheet(engine)
    with transaction(engine) as s:
        juror = s.execute(select(Juror).where(Juror.code == JURI_JUROR).limit(1)).scalar_one()
        stage = s.execute(
            select(Stage.id).where(Stage.edition_id == juror.edition_id, Stage.code == "proposal")
        ).scalar_one()
        innovation = s.execute(
            select(Innovation.id).where(
                Innovation.edition_id == juror.edition_id, Innovation.code == sheet.innovation
            )
        ).scalar_one()
        key = SheetKey(stage, juror.id, innovation)
        conflicts.declare_conflict(s, key, "Saya pembina unit ini", "juri-j01")
    return key, sheet.innovation


def test_confirm_a_declared_conflict(site):
    """Every declaration is listed with its reason; Konfirmasi makes the juror abstain."""
    app, engine = site
    key, innovation = _declared(engine)
    admin = client_as(app, "admin")
    page = html.unescape(admin.get(f"{DESK}?lang=id").get_data(as_text=True))
    assert "Saya pembina unit ini" in page and "konflik dinyatakan" in page
    page = _result(
        admin, _post(admin, f"{DESK}/konfirmasi", juror=JURI_JUROR, innovation=innovation)
    )
    assert f"Konflik {JURI_JUROR} – {innovation} dikonfirmasi" in page
    assert "konflik dikonfirmasi (abstain)" in page
    with transaction(engine) as s:
        abstain = s.scalar(
            select(Assignment.abstain).where(
                Assignment.stage_id == key.stage_id,
                Assignment.juror_id == key.juror_id,
                Assignment.innovation_id == key.innovation_id,
            )
        )
    assert abstain is True
    page = _result(admin, _post(admin, f"{DESK}/konfirmasi", juror="J01", innovation="TIDAK"))
    assert 'class="alert alert-danger"' in page


def _submitted(engine) -> tuple[SheetKey, str]:
    """Score and submit J01's first proposal sheet; return its key and innovation code."""
    sheet = prepare_sheet(engine)
    with transaction(engine) as s:
        juror = s.execute(select(Juror).where(Juror.code == JURI_JUROR).limit(1)).scalar_one()
        stage = s.execute(
            select(Stage.id).where(Stage.edition_id == juror.edition_id, Stage.code == "proposal")
        ).scalar_one()
        innovation = s.execute(
            select(Innovation.id).where(
                Innovation.edition_id == juror.edition_id, Innovation.code == sheet.innovation
            )
        ).scalar_one()
        key = SheetKey(stage, juror.id, innovation)
        conflicts.declare_no_conflict(s, key, "juri-j01")
    values = {code: Decimal("80") for code, _w in sheet.criteria}
    with transaction(engine) as s:
        saved = sheets.save_draft(s, key, values, expected_revision=0, actor="juri-j01")
        sheets.submit(s, key, expected_revision=saved.revision, actor="juri-j01")
    return key, sheet.innovation


def test_reopen_from_the_desk_and_from_the_history(site):
    """The picker lists the submitted sheet; a reason is required; the juror sees it."""
    app, engine = site
    key, innovation = _submitted(engine)
    admin = client_as(app, "admin")
    picked = f"proposal|{JURI_JUROR}|{innovation}"
    assert f'value="{picked}"' in admin.get(DESK).get_data(as_text=True)
    page = _result(admin, _post(admin, f"{DESK}/buka-kembali", sheet=picked, reason="  "))
    assert "alert-danger" in page
    # The history of that one sheet carries the form, and the post comes back to it.
    history = f"/riwayat-nilai?edition={DEMO_CODE}&stage=proposal&juror={JURI_JUROR}"
    history += f"&innovation={innovation}"
    assert 'id="history-reopen"' in admin.get(history).get_data(as_text=True)
    fields = {"stage": "proposal", "juror": JURI_JUROR, "innovation": innovation}
    answer = _post(admin, f"{DESK}/buka-kembali", reason=REASON, next=history, **fields)
    assert answer.headers["Location"] == history
    page = _result(admin, answer)
    assert 'id="history-reopen"' not in page  # a draft again: nothing to reopen
    assert REASON in page  # the history's reopen line
    with transaction(engine) as s:
        state = s.get(SheetState, tuple(key))
        lines = history_rows(s, DEMO_CODE, juror=JURI_JUROR, innovation=innovation)
    reopened = [(r.by, r.source, r.reason) for r in lines if r.event == "reopen"]
    assert reopened == [("panitia", "web", REASON)]
    assert (state.state, state.reopened_by, state.reopen_reason) == ("draft", "panitia", REASON)
    juror = client_as(app, "juri")
    assert REASON in html.unescape(
        juror.get(f"/penilaian/proposal/{innovation}").get_data(as_text=True)
    )
    # A `next` off the desk's own pages is not followed.
    again = _post(admin, f"{DESK}/buka-kembali", sheet=picked, reason="x", next="//evil.test/")
    assert again.headers["Location"].startswith(DESK)


def test_extend_a_window(site):
    """A stage's window is extended for one juror or all, recorded; a bad date is refused."""
    app, engine = site
    admin = client_as(app, "admin")
    page = _result(admin, _post(admin, f"{DESK}/perpanjang", stage="proposal", until="besok"))
    assert "Tanggal tidak sah." in page
    past = (utcnow() - timedelta(days=30)).date().isoformat()
    page = _result(admin, _post(admin, f"{DESK}/perpanjang", stage="proposal", until=past))
    assert "sudah lewat" in page
    until = (utcnow() + timedelta(days=30)).date()
    answer = _post(admin, f"{DESK}/perpanjang", "en", stage="proposal", until=str(until))
    page = _result(admin, answer, "en")
    assert "extended until" in page and "every juror" in page
    answer = _post(admin, f"{DESK}/perpanjang", stage="presentation", until=str(until), juror="J01")
    page = _result(admin, answer)
    assert "diperpanjang sampai" in page
    with transaction(engine) as s:
        rows = s.execute(
            select(WindowExtension.juror_id.is_(None), WindowExtension.created_by).order_by(
                WindowExtension.id
            )
        ).all()
    assert [tuple(r) for r in rows][-2:] == [(True, "panitia"), (False, "panitia")]
    assert page.count(">panitia</td>") >= 2  # both listed, by the admin


def test_a_body_over_the_limit_is_refused_unread(site):
    """A post larger than a form can be (16 KiB) gets 413 before its fields are read."""
    app, engine = site
    admin = client_as(app, "admin")
    token = csrf_from(admin.get(DESK).get_data(as_text=True))
    big = {"csrf": token, "stage": "proposal", "until": "2099-12-31", "reason": "a" * 20000}
    assert admin.post(f"{DESK}/perpanjang", data=big).status_code == 413
    with transaction(engine) as s:
        assert s.execute(select(WindowExtension)).first() is None
