"""An invited juror, in Chromium on a phone, opens their link, sets a password, sees their list."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from app import create_app
from dashboard.services import EXTENSION_KEY
from data_access.settings import Settings
from tests.cli_run import cli, ok
from tests.drawn import drawn_width

pytestmark = pytest.mark.browser


def test_ju01_invited_juror_sets_a_password_on_a_phone(
    demo_url, live_dash, tmp_path, offline_page: Page, artifacts_dir
):
    link = ok(cli(demo_url, "users", "invite", "sari", "--role", "juri", "--juror", "J02"))
    path = link.strip().splitlines()[-1]
    server = create_app(
        Settings(database_url=demo_url, secret_key="ju01", instance_dir=str(tmp_path))
    )
    url = live_dash(server)
    page = offline_page
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(url + path)
        expect(page.get_by_role("heading", name="Buat kata sandi")).to_be_visible()
        page.screenshot(path=str(artifacts_dir / "ju01-undangan-390.png"), full_page=True)
        page.get_by_label("Kata sandi baru").fill("rahasia-sari-22")
        page.get_by_label("Ulangi kata sandi").fill("rahasia-sari-22")
        page.get_by_role("button", name="Simpan dan masuk").click()
        expect(page).to_have_url(f"{url}/penilaian?lang=id")
        expect(page.get_by_role("heading", name="Penilaian Saya")).to_be_visible()
        expect(page.locator(".kipp-jury-item").first).to_be_visible()
        # No horizontal scrolling on the phone.
        assert drawn_width(page) <= 390
        page.screenshot(path=str(artifacts_dir / "ju01-penilaian-390.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(artifacts_dir / "ju01-penilaian-1280.png"), full_page=True)
        # The link is spent.
        page.goto(url + path)
        expect(page.get_by_text("sudah dipakai")).to_be_visible()
    finally:
        server.extensions[EXTENSION_KEY].dispose()
