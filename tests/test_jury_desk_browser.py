"""The committee, in Chromium, invites a juror on /kelola-juri, re-sends the link, revokes it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app import create_app
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine, transaction
from data_access.jury import conflicts
from data_access.jury.history import SheetKey
from data_access.models import Innovation, Juror, Stage
from data_access.settings import Settings
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
        page.goto(f"{url}/login?next=/kelola-juri")
        page.get_by_label("Nama pengguna").fill("panitia")
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        expect(page.get_by_role("heading", name="Kelola Juri", exact=True)).to_be_visible()

        page.get_by_label("Nama pengguna").fill("sari")
        page.get_by_label("Kode juri").select_option("J02")
        page.get_by_role("button", name="Buat undangan").click()
        expect(page.locator("#desk-result")).to_contain_text("Undangan dibuat untuk sari.")
        first = page.locator("#desk-link").input_value()
        assert "/undangan?token=" in first
        page.get_by_role("button", name="Salin tautan").click()
        expect(page.get_by_role("button", name="Tersalin")).to_be_visible()
        assert page.evaluate("navigator.clipboard.readText()") == first
        page.screenshot(path=str(artifacts_dir / "jd01-kelola-juri-1366.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(artifacts_dir / "jd01-kelola-juri-390.png"), full_page=True)
        wide = page.evaluate(WIDEST)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
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
