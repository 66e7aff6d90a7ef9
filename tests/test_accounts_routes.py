"""The committee's accounts console (/akun) and everyone's own password (/akun/sandi), through
Flask's test client on the demo; the approver's display name where the product names one.
Who may use the pages is also in tests/security's matrices; the page in Chromium is last."""

from __future__ import annotations

import html
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from dashboard import ids
from dashboard.builders import control as control_build
from dashboard.builders.summary import SUMMARY_CONTENT, SUMMARY_SHOWN, SUMMARY_URL
from dashboard.builders.summary_results import results_card
from data_access import accounts, audit, ceremony
from data_access.db import transaction
from data_access.demo import DEMO_CODE
from data_access.exports import export_bytes
from data_access.exports.info import info_rows
from data_access.exports.tables import build_tables
from data_access.login_limits import NAME_LIMIT, record_failure
from data_access.models import LoginFailure, User
from tests.drawn import drawn_width
from tests.test_builders_summary import row, snapshot
from tests.web import (
    PASSWORD,
    callback_body,
    client_as,
    committee_site,
    csrf_from,
    login,
    texts,
)
from tests.web import update as post_update

ACCOUNTS = "/akun"
OWN = "/akun/sandi"
LINK = re.compile(r'id="account-link" type="text" readonly value="([^"]+)"')
# Invented officials, in the style the committee writes names.
NAME = "Dra. Sekar Ayu Pramesti, M.Si."
NIP, NIP_SHOWN = "19800101 200601 2 009", "19800101 200601 2 009"
NEW_PASSWORD = "sandi-baru-kudus-1"


@pytest.fixture
def site(demo_url, tmp_path):
    """The app on a fresh demo with one account per role (SQLite: a page's test)."""
    with committee_site(demo_url, tmp_path, "test-accounts") as site:
        yield site


def _post(client, path: str, lang: str = "id", **fields: str):
    """Post a form of the page with its CSRF token, as the page's own form does."""
    token = csrf_from(client.get(f"{ACCOUNTS}?lang={lang}").get_data(as_text=True))
    return client.post(f"{path}?lang={lang}", data={"csrf": token, **fields})


def _result(client, response) -> str:
    """Follow a post's redirect and return the page it shows (the outcome, once)."""
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    assert response.headers["Location"].startswith(ACCOUNTS)
    return html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))


def _row(page: str, username: str) -> str:
    """Return the list's row of one account."""
    found = re.search(rf'<tr data-username="{re.escape(username)}">(.*?)</tr>', page, re.S)
    assert found, username
    return found.group(1)


def test_an_added_account_shows_its_link_once_and_its_owner_sets_the_password(site):
    app, engine = site
    admin = client_as(app, "admin")
    fields = {"username": "sekretaris", "role": "bupati", "display_name": NAME, "nip": NIP}
    page = _result(admin, _post(admin, f"{ACCOUNTS}/tambah", **fields, jabatan="Analis"))
    assert "Akun sekretaris dibuat" in page
    link = LINK.search(page).group(1)
    assert link.startswith("http://localhost/undangan?token=")
    again = admin.get(ACCOUNTS).get_data(as_text=True)
    assert LINK.search(again) is None  # shown once
    listed = html.unescape(_row(again, "sekretaris"))
    assert NAME in listed and NIP_SHOWN in listed and "Kantor Bupati" in listed
    assert "Tautan aktif sampai" in listed
    assert "Belum bisa masuk: kata sandi belum dibuat" in listed and "Bisa masuk" not in listed
    # The owner opens the link, sets a password and is in; the link is then used up.
    owner = app.test_client()
    path = link.removeprefix("http://localhost")
    welcome = html.unescape(owner.get(path).get_data(as_text=True))
    assert f"Selamat datang, {NAME}! Buat kata sandi untuk akun sekretaris" in welcome
    token = csrf_from(welcome)
    form = {"csrf": token, "token": path.split("=", 1)[1], "password": PASSWORD, "repeat": PASSWORD}
    assert owner.post("/undangan", data=form).status_code == 302
    assert owner.get("/ringkasan").status_code == 200
    listed = _row(admin.get(ACCOUNTS).get_data(as_text=True), "sekretaris")
    assert "Tautan aktif" not in listed and "Bisa masuk" in listed
    # A juri role is not given here: the page says where juror accounts are made.
    refused = _result(admin, _post(admin, f"{ACCOUNTS}/tambah", username="j9", role="juri"))
    assert "Kelola Juri" in refused and LINK.search(refused) is None
    assert 'href="/kelola-juri?lang=id"' in refused
    bad = _result(
        admin, _post(admin, f"{ACCOUNTS}/tambah", lang="en", username="x2", role="viewer", nip="12")
    )
    assert "an NIP is 18 digits" in bad
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(User)) == 5  # 4 + sekretaris
        added = audit.events(session, actions=(audit.ACCOUNT_ADDED,))
        assert [e.subject for e in added if e.actor == "panitia"] == ["sekretaris"]


def test_profile_role_reset_unlock_and_remove_with_their_refusals(site):
    app, engine = site
    admin, viewer = client_as(app, "admin"), client_as(app, "viewer")
    page = _result(
        admin,
        _post(admin, f"{ACCOUNTS}/profil", username="tamu", display_name=NAME, nip=NIP),
    )
    assert "Profil tamu disimpan" in page and NAME in _row(page, "tamu")
    # The role: the viewer's session ends with it; a juror's account has no role form.
    assert viewer.get("/").status_code == 200
    page = _result(admin, _post(admin, f"{ACCOUNTS}/peran", username="tamu", role="bupati"))
    assert "Peran tamu diubah" in page and "Kantor Bupati" in _row(page, "tamu")
    assert viewer.get("/").status_code == 302
    assert 'name="role"' not in _row(page, "juri-j01")
    juri = _result(admin, _post(admin, f"{ACCOUNTS}/peran", username="juri-j01", role="viewer"))
    assert "Akun juri dibuat dan dikelola di halaman Kelola Juri" in juri
    # A reset is a one-time link, shown once.
    page = _result(admin, _post(admin, f"{ACCOUNTS}/atur-ulang", username="bupati"))
    assert "Tautan atur ulang kata sandi untuk bupati dibuat" in page and LINK.search(page)
    # A locked login, and lifting it.
    with transaction(engine) as session:
        for _ in range(NAME_LIMIT):
            record_failure(session, "bupati", "203.0.113.9")
    row = _row(admin.get(ACCOUNTS).get_data(as_text=True), "bupati")
    assert "Terkunci sampai" in row and "/akun/buka-kunci" in row
    page = _result(admin, _post(admin, f"{ACCOUNTS}/buka-kunci", username="bupati"))
    assert "Kunci login bupati dibuka" in page and "Bisa masuk" in _row(page, "bupati")
    # Removing: never one's own account (no form for it), said in words when tried.
    assert "/akun/hapus" not in _row(page, "panitia")
    self_removal = _result(admin, _post(admin, f"{ACCOUNTS}/hapus", username="panitia"))
    assert "Anda tidak dapat menghapus akun Anda sendiri" in self_removal
    assert "<details" in _row(page, "tamu") and "Ya, hapus akun ini" in _row(page, "tamu")
    page = _result(admin, _post(admin, f"{ACCOUNTS}/hapus", lang="en", username="tamu"))
    assert "Account tamu is removed" in page and 'data-username="tamu"' not in page
    with transaction(engine) as session:
        done = [e.action for e in audit.events(session) if e.actor == "panitia"]
        assert session.scalar(select(func.count()).select_from(LoginFailure)) == 0
    assert done == [
        audit.ACCOUNT_REMOVED,
        audit.ACCOUNT_UNLOCKED,
        audit.ACCOUNT_RESET_LINK,
        audit.ACCOUNT_ROLE,
        audit.ACCOUNT_PROFILE,
    ]


def _change(client, lang: str = "id", **fields: str):
    token = csrf_from(client.get(f"{OWN}?lang={lang}").get_data(as_text=True))
    return client.post(f"{OWN}?lang={lang}", data={"csrf": token, **fields})


def test_every_person_changes_their_own_password_and_their_other_sessions_end(site):
    app, engine = site
    for role in ("admin", "bupati", "juri"):
        page = client_as(app, role).get(OWN).get_data(as_text=True)
        assert 'id="current"' in page and "Ganti sandi" in page, role
    here, elsewhere = client_as(app, "viewer"), client_as(app, "viewer")
    differ = _change(here, current=PASSWORD, new=NEW_PASSWORD, repeat="lain-lain-1")
    assert differ.status_code == 400 and "Kedua kata sandi tidak sama" in differ.text
    short = _change(here, current=PASSWORD, new="pendek", repeat="pendek")
    assert short.status_code == 400 and "Kata sandi minimal 8 karakter" in short.text
    wrong = _change(here, "en", current="tebakan-1", new=NEW_PASSWORD, repeat=NEW_PASSWORD)
    assert wrong.status_code == 401 and "The current password is wrong" in wrong.text
    assert NEW_PASSWORD not in wrong.text and "tebakan-1" not in wrong.text
    with transaction(engine) as session:  # counted as a failed login of the name
        assert session.scalar(select(func.count()).select_from(LoginFailure)) == 1
    done = _change(here, current=PASSWORD, new=NEW_PASSWORD, repeat=NEW_PASSWORD)
    assert done.status_code == 303
    page = here.get(done.headers["Location"]).get_data(as_text=True)
    assert "Kata sandi Anda sudah diganti" in page and "(1)" in page
    assert here.get("/").status_code == 200 and elsewhere.get("/").status_code == 302
    assert login(app.test_client(), "tamu", NEW_PASSWORD).status_code == 302
    # Past the name's limit the form answers as the login does.
    with transaction(engine) as session:
        for _ in range(NAME_LIMIT):
            record_failure(session, "tamu", "127.0.0.1")
    limited = _change(here, current=NEW_PASSWORD, new=PASSWORD, repeat=PASSWORD)
    assert limited.status_code == 429 and "Retry-After" in limited.headers
    with transaction(engine) as session:
        (event,) = audit.events(session, actions=(audit.ACCOUNT_PASSWORD,))
    assert (event.subject, event.actor, event.detail) == (
        "tamu",
        "tamu",
        {"via": "own", "sessions_ended": 1},
    )


def test_an_approval_names_its_approver_by_display_name_and_nip(decided_url, tmp_path):
    """The builders take the approver's line; /ringkasan and the exports read the profile."""
    with committee_site(decided_url, tmp_path, "test-approver") as (app, engine):
        _approver_named(app, engine)


def _approver_named(app, engine) -> None:
    with transaction(engine) as session:
        ceremony.approve(session, DEMO_CODE, by="panitia")
        accounts.set_profile(
            session, "panitia", display_name=NAME, nip=NIP, jabatan=None, by="panitia"
        )
        bundle = build_tables(session, DEMO_CODE, juror_scores=False)
    line = f"{NAME} (NIP {NIP_SHOWN})"
    by = {r.key: r.value for r in info_rows(bundle)}["approved_by"]
    assert by == line
    approved = snapshot([row("A-01", "Satu", 1)])
    assert line in texts(results_card(approved, lang="id", approver=line))
    assert line in texts(control_build.approval_panel(approved, approver=line, lang="id"))
    assert "panitia" in texts(control_build.approval_panel(approved, lang="id"))
    # /ringkasan as the bupati reads it: the profile, not the username.
    from app import dash_apps

    dash = dash_apps(app).dashboard
    key = next(k for k in dash.callback_map if f"{SUMMARY_CONTENT}." in k)
    body = callback_body(
        key, dash.callback_map[key], {(SUMMARY_URL, "search"): "", (SUMMARY_SHOWN, "data"): None}
    )
    answer = post_update(client_as(app, "bupati"), body).get_json()["response"]
    assert line in texts(answer[SUMMARY_CONTENT]["children"])
    # /peringkat's approval banner, as the committee reads it.
    key = next(k for k in dash.callback_map if f"{ids.RANKING_CONTENT}." in k)
    body = callback_body(
        key,
        dash.callback_map[key],
        {(ids.RANKING_URL, "search"): "", (ids.RANKING_SHOWN, "data"): None},
    )
    answer = post_update(client_as(app, "admin"), body).get_json()["response"]
    assert line in texts(answer[ids.RANKING_CONTENT]["children"])
    # The berita acara: no Panitia set on /berita-acara, so the approver signs for it.
    with transaction(engine) as session:
        accounts.set_profile(
            session, "panitia", display_name=NAME, nip=NIP, jabatan="Sekretaris Panitia",
            by="panitia",
        )  # fmt: skip
        pdf = export_bytes(session, DEMO_CODE, "pdf", juror_scores=False).data
    closing = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    tail = closing[closing.index("Panitia,") :]
    assert "Panitia, Sekretaris Panitia" in tail and f"{NAME} NIP. {NIP_SHOWN}" in tail


@pytest.mark.browser
def test_ac01_the_console_in_chromium_at_1366_and_390(site, live_dash, offline_page, artifacts_dir):
    """One load: a new account's link shown once, the list as cards at 390 px, no sideways
    scroll, and the navbar's "Ganti sandi" link."""
    app, _engine = site
    base = live_dash(app)
    page = offline_page
    page.goto(f"{base}/login?next=/akun")
    page.fill("#username", "panitia")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/akun"))
    page.fill("#add-username", "sekretaris")
    page.fill("#add-display-name", NAME)
    page.fill("#add-nip", NIP)
    page.click("#account-add button[type=submit]")
    page.locator("#account-link").wait_for()
    assert "/undangan?token=" in page.input_value("#account-link")
    assert page.locator("tr[data-username=sekretaris]").inner_text().count(NIP_SHOWN) == 1
    assert page.locator(".kipp-account-password").first.get_attribute("href") == f"{OWN}?lang=id"
    page.screenshot(path=artifacts_dir / "accounts-1366.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("tr[data-username=tamu] .kipp-account-edit summary").click()
    assert drawn_width(page) <= 390
    assert page.locator("#accounts-table thead").bounding_box()["height"] <= 1  # cards
    page.screenshot(path=artifacts_dir / "accounts-390.png", full_page=True)
