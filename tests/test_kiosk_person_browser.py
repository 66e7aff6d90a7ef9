"""A screen's link opened in Chromium where a committee member is logged in (test id KP1).

The link must not log them out of /kendali: the browser shows a page saying it is logged
in as a person and what to do, in Bahasa Indonesia (English through ?lang=en); its
logout button then makes this browser the screen. Screenshots land in test-results/.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from data_access.db import transaction
from data_access.kiosks import create_token, kiosk_url
from tests.serving import serve_demo
from tests.web import PASSWORD, ROLE_USER

pytestmark = pytest.mark.browser
FRAME = "#kiosk-frame .kiosk-frame-inner"


def test_kp1_a_screen_link_leaves_the_committee_logged_in(
    offline_page: Page, demo_url, live_dash, tmp_path, artifacts_dir
):
    paths: list[str] = []

    def add_screen(engine) -> None:
        with transaction(engine) as session:
            paths.append(kiosk_url(create_token(session, "TV Pendopo")))

    with serve_demo(demo_url, live_dash, tmp_path, prepare=add_screen) as served:
        page, link = offline_page, served.url + paths[0]
        page.goto(f"{served.url}/login?next=/kendali")
        page.fill("#username", ROLE_USER["admin"])
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        expect(page.locator("#control-next")).to_be_visible(timeout=15_000)

        page.goto(link)
        expect(page.locator("h1")).to_have_text("Peramban ini sedang dipakai akun seseorang")
        expect(page.locator(".alert")).to_contain_text("Anda masuk sebagai panitia")
        expect(page.locator("html")).to_have_attribute("lang", "id")
        page.screenshot(path=artifacts_dir / "kp1-kiosk-link-person-id.png")
        page.click("text=English")
        expect(page.locator("h1")).to_have_text("This browser is logged in as a person")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.screenshot(path=artifacts_dir / "kp1-kiosk-link-person-en.png")

        # Still the committee: /kendali opens, with its buttons.
        page.goto(f"{served.url}/kendali")
        expect(page.locator("#control-next")).to_be_visible(timeout=15_000)

        # The page's logout button: logged out, and this browser becomes the screen.
        page.goto(link)
        page.click("button[type=submit]")
        expect(page.locator(FRAME)).to_be_visible(timeout=30_000)
        assert page.url == link
        page.goto(f"{served.url}/kendali")  # a screen may not open the control page
        expect(page.locator("h1")).to_have_text("Tidak berwenang")
