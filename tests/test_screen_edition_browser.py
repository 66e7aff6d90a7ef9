"""A ceremony screen in Chromium stays on its edition when a newer one is imported.

The screen's token was made for the demo edition; a rehearsal edition imported later is
the newest. The screen takes the new data version (it polls) and still shows the demo;
/kendali lists the screen with its edition. Screenshots land in test-results/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, expect

from app import create_app
from dashboard.ids import CONTROL_SCREENS
from dashboard.services import EXTENSION_KEY
from data_access import queries
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE, DEMO_NAME
from data_access.kiosks import create_token, kiosk_url
from data_access.settings import Settings
from tests.seed import add_edition
from tests.web import PASSWORD, add_accounts

pytestmark = pytest.mark.browser
FRAME = "#kiosk-frame .kiosk-frame-inner"
REHEARSAL_NAME = "KIPP Latihan Kudus 2023"
# The demo's ceremony day is long past: a countdown-only rotation shows the edition's name.
NAME_SLIDE = "&slides=countdown:10"


@pytest.fixture
def served(demo_url, live_dash, tmp_path) -> Iterator[tuple[str, object, str]]:
    engine = make_engine(demo_url)
    add_accounts(engine)
    with transaction(engine) as session:
        path = kiosk_url(create_token(session, "TV Pendopo"))  # the only edition: the demo's
    settings = Settings(
        database_url=demo_url, secret_key="test", refresh_floor_s=1, instance_dir=str(tmp_path)
    )
    server = create_app(settings)
    yield live_dash(server), engine, path
    server.extensions[EXTENSION_KEY].dispose()
    engine.dispose()


def test_the_screen_keeps_its_edition_when_a_newer_one_arrives(
    served, browser: Browser, artifacts_dir
):
    url, engine, path = served
    # Two machines: the hall's screen, and the committee's laptop (a screen's token would
    # replace a person's session in a shared browser).
    hall = browser.new_context(viewport={"width": 1920, "height": 1080})
    office = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        screen = hall.new_page()
        screen.goto(url + path + NAME_SLIDE)
        expect(screen.locator(FRAME)).to_contain_text(DEMO_NAME, timeout=30_000)

        with transaction(engine) as session:
            add_edition(session, "latihan-2023", name=REHEARSAL_NAME, created_at=datetime.now(UTC))
        with transaction(engine) as session:
            version = queries.data_version(session)
        # The screen saw the new data version and drew its frame again: still the demo.
        expect(screen.locator(FRAME)).to_have_attribute(
            "data-frame-version", re.compile(rf"^{version}-"), timeout=15_000
        )
        expect(screen.locator(FRAME)).to_contain_text(DEMO_NAME)
        expect(screen.locator(FRAME)).not_to_contain_text(REHEARSAL_NAME)
        screen.screenshot(path=str(artifacts_dir / "screen-edition-kiosk.png"))

        control = office.new_page()
        control.goto(f"{url}/login?next=/kendali")
        control.fill("#username", "panitia")
        control.fill("#password", PASSWORD)
        control.click("button[type=submit]")
        row = control.locator(f"#{CONTROL_SCREENS} tr", has_text="TV Pendopo")
        expect(row).to_contain_text(DEMO_CODE, timeout=15_000)
        expect(row).to_contain_text("Terhubung")
        control.screenshot(path=str(artifacts_dir / "screen-edition-kendali.png"), full_page=True)
    finally:
        office.close()
        hall.close()
