"""The committee, in Chromium, invites a juror on /kelola-juri, re-sends the link, revokes it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app import create_app
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.invitations import accept_invitation, invite
from data_access.jury import conflicts
from data_access.jury.history import SheetKey
from data_access.jury.windows import extend_window
from data_access.models import Innovation, Juror, Stage
from data_access.settings import Settings
from data_access.users import JUROR_ROLE
from tests.drawn import drawn_width
from tests.test_jury_desk import _submitted
from tests.web import PASSWORD, add_accounts

pytestmark = pytest.mark.browser
# What sticks out past the phone's width, to say so when it does.
WIDEST = """Array.from(document.querySelectorAll('main *'))
  .filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('.table-responsive'))
  .slice(0, 5).map((e) => e.tagName + '#' + e.id + '.' + e.className)"""


def _seed(url: str) -> None:
    """Accounts, a submitted sheet of J01 and a conflict declared by J02: every section shows."""
    engine = make_engine(url)
    try:
        add_accounts(engine)
        _submitted(engine)
        with transaction(engine) as s:
            juror = s.execute(select(Juror).where(Juror.code == "J02").limit(1)).scalar_one()
            stage = s.execute(
                select(Stage.id).where(Stage.edition_id == juror.edition_id).limit(1)
            ).scalar_one()
            innovation = s.execute(
                select(Innovation.id).where(Innovation.edition_id == juror.edition_id).limit(1)
            ).scalar_one()
            key = SheetKey(stage, juror.id, innovation)
            conflicts.declare_conflict(s, key, "Istri saya bekerja di unit ini", "juri-j02")
    finally:
        engine.dispose()


def _open_desk(page: Page, url: str) -> None:
    """Log in as the committee through the form and land on Kelola Juri."""
    page.goto(f"{url}/login?next=/kelola-juri")
    page.get_by_label("Nama pengguna").fill("panitia")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Kelola Juri", exact=True)).to_be_visible()


def test_jd01_invite_resend_revoke(
    demo_url, live_dash, tmp_path, offline_page: Page, artifacts_dir
):
    _seed(demo_url)
    server = create_app(
        Settings(database_url=demo_url, secret_key="jd01", instance_dir=str(tmp_path))
    )
    url = live_dash(server)
    page = offline_page
    try:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
        page.set_viewport_size({"width": 1366, "height": 900})
        _open_desk(page, url)

        page.get_by_label("Nama pengguna").fill("sari")
        page.get_by_label("Kode juri").select_option("J02")
        page.get_by_role("button", name="Buat undangan").click()
        expect(page.locator("#desk-result")).to_contain_text("Undangan dibuat untuk sari.")
        # The outcome and its link, shown once, are where the browser lands (whole, not
        # scrolled away above the invitations' section).
        expect(page).to_have_url(re.compile(r"#desk-result$"))
        expect(page.locator("#desk-result")).to_be_in_viewport(ratio=1)
        first = page.locator("#desk-link").input_value()
        assert "/undangan?token=" in first
        page.get_by_role("button", name="Salin tautan").click()
        expect(page.get_by_role("button", name="Tersalin")).to_be_visible()
        assert page.evaluate("navigator.clipboard.readText()") == first
        page.screenshot(path=str(artifacts_dir / "jd01-kelola-juri-1366.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(artifacts_dir / "jd01-kelola-juri-390.png"), full_page=True)
        wide = page.evaluate(WIDEST)
        assert drawn_width(page) <= 390, wide
        page.set_viewport_size({"width": 1366, "height": 900})

        row = page.locator("#desk-invitations tr[data-username='sari']")
        row.get_by_role("button", name="Kirim ulang").click()
        expect(page.locator("#desk-result")).to_contain_text("Tautan baru untuk sari")
        second = page.locator("#desk-link").input_value()
        assert second != first
        page.reload()  # shown once: gone after the next load
        expect(page.locator("#desk-link")).to_have_count(0)

        row.get_by_role("button", name="Cabut").click()
        expect(page.locator("#desk-result")).to_contain_text("Undangan sari dicabut.")
        expect(row).to_contain_text("dicabut")
        expect(row.get_by_role("button", name="Cabut")).to_have_count(0)
        for link in (first, second):  # both dead
            page.goto(link)
            expect(page.get_by_text("dicabut")).to_be_visible()
    finally:
        server.extensions[EXTENSION_KEY].dispose()


# Every table box of the page that scrolls sideways: none should at a phone's width.
SCROLLED = """Array.from(document.querySelectorAll('main .table-responsive'))
  .filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.firstElementChild.id)"""


GREEN = "rgb(11, 110, 79)"  # --kipp-green, assets/kipp.css


def test_jd02_desk_tables_read_on_a_phone(
    demo_url, live_dash, tmp_path, offline_page: Page, artifacts_dir
):
    """At 390 px each table row is a card of labelled values; at 1366 px a table again."""
    _seed(demo_url)
    engine = make_engine(demo_url)
    try:
        with transaction(engine) as s:
            j05 = s.execute(select(Juror.id).where(Juror.code == "J05")).scalar_one()
            j03 = s.execute(select(Juror.id).where(Juror.code == "J03")).scalar_one()
            _account, used = invite(s, "maya", JUROR_ROLE, juror_id=j05, by="panitia")
            invite(s, "citra.paramitha", JUROR_ROLE, juror_id=j03, by="panitia")
        with transaction(engine) as s:
            accept_invitation(s, used, "kata-sandi-maya")
            extend_window(s, DEMO_CODE, "proposal", date(2099, 12, 31), "panitia", juror="J03")
    finally:
        engine.dispose()
    server = create_app(
        Settings(database_url=demo_url, secret_key="jd02", instance_dir=str(tmp_path))
    )
    url = live_dash(server)
    page = offline_page
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        _open_desk(page, url)
        page.screenshot(path=str(artifacts_dir / "jd02-kelola-juri-390.png"), full_page=True)
        assert drawn_width(page) <= 390
        assert page.evaluate(SCROLLED) == []
        for table in ("desk-invitations", "desk-conflicts", "desk-extensions"):
            row = page.locator(f"#{table} tbody tr").first
            assert row.evaluate("(e) => getComputedStyle(e).display") == "block", table
            head = page.locator(f"#{table} thead")  # kept for screen readers, not shown
            assert head.evaluate("(e) => e.getBoundingClientRect().height") <= 1, table
        used_row = page.locator("#desk-invitations tr[data-username='maya']")
        state = used_row.locator("td").nth(1)  # the header's label beside the value
        assert state.evaluate("(e) => getComputedStyle(e, '::before').content") == '"Status"'
        expect(used_row).to_contain_text("Kata sandi sudah dibuat")
        expect(used_row.get_by_role("button", name="Kirim ulang")).to_have_count(0)
        live_row = page.locator("#desk-invitations tr[data-username='citra.paramitha']")
        expect(live_row.get_by_role("button", name="Kirim ulang")).to_be_visible()

        page.set_viewport_size({"width": 1366, "height": 768})
        page.screenshot(path=str(artifacts_dir / "jd02-kelola-juri-1366.png"), full_page=True)
        row = page.locator("#desk-invitations tbody tr").first
        assert row.evaluate("(e) => getComputedStyle(e).display") == "table-row"
        # The house green on a plain page's buttons too (Bootstrap's own is blue).
        primary = page.locator("main .btn-primary").first
        assert primary.evaluate("(e) => getComputedStyle(e).backgroundColor") == GREEN
        expect(page.locator("#desk-invitations thead")).to_be_visible()
        # The dashboard's navbar: Riwayat Nilai carries it too, the page's words in English.
        page.goto(f"{url}/riwayat-nilai?lang=en")
        nav = page.locator("nav.kipp-navbar")
        expect(nav.get_by_role("link", name="Judging Progress")).to_be_visible()
        console = nav.get_by_role("link", name="Committee Console")
        expect(console).to_have_attribute("aria-current", "page")  # the console's own tool
        page.screenshot(path=str(artifacts_dir / "jd02-riwayat-nilai-1366.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(artifacts_dir / "jd02-riwayat-nilai-390.png"))
        assert drawn_width(page) <= 390
    finally:
        server.extensions[EXTENSION_KEY].dispose()
