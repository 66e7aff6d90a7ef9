"""Browser tests of Kendali Upacara (/kendali) in a real, offline Chromium (Playwright).

An admin runs a rehearsal: completes the demo judging, approves, then drives the reveal
with the keys a presenter's clicker sends; on an edition with a seri at Juara I, records
the jury's decision and removes it. Screenshots land in test-results/.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from app import create_app
from dashboard.ids import (
    CONTROL_ALERT,
    CONTROL_APPROVAL,
    CONTROL_APPROVE,
    CONTROL_APPROVE_CONFIRM,
    CONTROL_APPROVED_ACTIONS,
    CONTROL_CANCEL_APPROVAL,
    CONTROL_CANCEL_APPROVAL_CONFIRM,
    CONTROL_DIALOGS,
    CONTROL_NEXT_HINT,
    CONTROL_REAPPROVE,
    CONTROL_REAPPROVE_CONFIRM,
    CONTROL_SCREENS,
    CONTROL_SERI_BOX,
    CONTROL_SERI_CHAIR,
    CONTROL_SERI_CLEAR,
    CONTROL_SERI_DIALOG_CANCEL,
    CONTROL_SERI_DIALOG_OK,
    CONTROL_SERI_DOWN,
    CONTROL_SERI_MESSAGE,
    CONTROL_SERI_ORDER,
    CONTROL_SERI_REASON,
    CONTROL_SERI_SAVE,
    CONTROL_SERI_SUMMARY,
    CONTROL_SIMULATE,
    CONTROL_SIMULATE_CONFIRM,
    CONTROL_STEP,
    CONTROL_TIME,
)
from dashboard.services import EXTENSION_KEY
from data_access import ceremony, kiosks
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.settings import Settings
from data_access.simulate import open_sheets
from tests.test_ceremony import CODE, seed
from tests.test_ceremony_seri import REASON, SERI_I
from tests.web import PASSWORD, add_accounts

pytestmark = pytest.mark.browser
STEP = f"#{CONTROL_STEP}"


@dataclass
class Served:
    """The demo dashboard being served, and an engine on its database."""

    url: str
    engine: Engine

    def step(self) -> str:
        """Return the ceremony's step in the database."""
        with transaction(self.engine) as session:
            return ceremony.get_state(session, DEMO_CODE).step

    def wait_for_step(self, page: Page, expected: str, timeout_s: float = 10) -> None:
        """Wait until the database holds the step (a click's callback is asynchronous)."""
        deadline = time.monotonic() + timeout_s
        while self.step() != expected:
            assert time.monotonic() < deadline, f"step {self.step()!r}, expected {expected!r}"
            # Wait through Playwright, not time.sleep: the page's listeners (console errors,
            # foreign requests) run in this process, and only while Playwright has control.
            page.wait_for_timeout(50)

    def screen_seen(self, name: str, shown: str) -> None:
        """Register a ceremony screen (once) and report it alive, showing `shown`."""
        with transaction(self.engine) as session:
            if not any(s.name == name for s in kiosks.list_screens(session)):
                kiosks.create_token(session, name)
            screen = next(s for s in kiosks.list_screens(session) if s.name == name)
            kiosks.record_seen(session, screen.id, shown=shown, edition_code=DEMO_CODE)


@pytest.fixture
def served(demo_url, live_dash, tmp_path) -> Iterator[Served]:
    """Serve the demo edition (awards not decided yet) with an admin account, panitia."""
    engine = make_engine(demo_url)
    add_accounts(engine)
    settings = Settings(
        database_url=demo_url, secret_key="test", refresh_floor_s=1, instance_dir=str(tmp_path)
    )
    server = create_app(settings)
    yield Served(live_dash(server), engine)
    server.extensions[EXTENSION_KEY].dispose()
    engine.dispose()


@pytest.fixture
def console_errors(offline_page: Page) -> list[str]:
    """Collect the page's console errors (a missing asset or a failed callback shows here)."""
    errors: list[str] = []
    offline_page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def _log_in_to_control(page: Page, url: str, query: str = "") -> None:
    page.goto(f"{url}/kendali{query}")
    expect(page).to_have_url(re.compile(r"/login\?next=/kendali"))
    page.fill("#username", "panitia")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{url}/kendali{query}")


def _dialog_settled(page: Page) -> None:
    """Wait until the open dialog has faded and slid in (Bootstrap), so its picture is whole."""
    page.wait_for_function(
        """() => {
            const modal = document.querySelector(".modal.show");
            return modal && getComputedStyle(modal).opacity === "1"
                && getComputedStyle(modal.querySelector(".modal-dialog")).transform === "none";
        }"""
    )


def _screenshot(page: Page, path) -> None:
    png = page.screenshot(path=str(path))
    assert png[16:24] == (1920).to_bytes(4, "big") + (1080).to_bytes(4, "big")


def test_kc01_clicker_keys_drive_the_reveal(served, offline_page, console_errors, artifacts_dir):
    page = offline_page
    _log_in_to_control(page, served.url)
    expect(page.locator(STEP)).to_have_text("Rotasi slide", timeout=15_000)
    expect(page.locator(f"#{CONTROL_SCREENS}")).to_contain_text("halaman Layar Upacara")

    # Rehearsal: the demo jury completes the judging once asked, then the committee approves.
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    asking = page.locator(".modal-dialog")
    page.click(f"#{CONTROL_SIMULATE}")
    expect(asking).to_contain_text("Selesaikan penilaian demo sekarang?")
    _dialog_settled(page)
    _screenshot(page, artifacts_dir / "kc01-control-simulate-dialog.png")
    assert open_sheets(served.engine, DEMO_CODE)  # asked, not done
    page.click(f"#{CONTROL_SIMULATE_CONFIRM}")
    expect(asking).to_be_hidden()
    expect(page.locator(f"#{CONTROL_ALERT}")).to_contain_text("Penilaian demo selesai")
    expect(page.locator(f"#{CONTROL_SIMULATE}")).to_be_hidden()
    page.click(f"#{CONTROL_APPROVE}")
    # The page's own dialog says what approving does; the browser's never opens.
    expect(asking).to_contain_text("Setujui hasil sekarang?")
    _dialog_settled(page)
    _screenshot(page, artifacts_dir / "kc01-control-approve-dialog.png")
    page.click(f"#{CONTROL_APPROVE_CONFIRM}")
    expect(asking).to_be_hidden()
    expect(page.locator(f"#{CONTROL_APPROVAL}")).to_contain_text("Disetujui")
    with transaction(served.engine) as session:
        snapshot = ceremony.get_state(session, DEMO_CODE).snapshot
    assert snapshot is not None
    third, second = snapshot.winners(3)[0], snapshot.winners(2)[0]
    assert dialogs == []

    # The clicker: focus is on the approve button just clicked; keys still drive the reveal.
    page.keyboard.press("ArrowRight")
    served.wait_for_step(page, "splash")
    expect(page.locator(STEP)).to_have_text("Pembukaan pengumuman")
    expect(page.locator(f"#{CONTROL_NEXT_HINT}")).to_contain_text(third["title"])

    # Clicking "Setujui" scrolled it into view (Playwright does, as a person would scroll):
    # from the top, Space must leave the page where it is.
    page.evaluate("window.scrollTo(0, 0)")
    page.keyboard.press("Space")
    served.wait_for_step(page, "award-3")
    expect(page.locator(STEP)).to_have_text("Juara III")
    expect(page.locator(f"#{CONTROL_NEXT_HINT}")).to_contain_text(f"Juara II — {second['title']}")
    assert page.evaluate("window.scrollY") == 0  # Space did not scroll the page

    served.screen_seen("Aula Pendopo", "award-3")
    served.screen_seen("Proyektor Cadangan", "finalists")
    expect(page.locator(f"#{CONTROL_SCREENS}")).to_contain_text("Aula Pendopo")
    expect(page.locator(f"#{CONTROL_SCREENS}")).to_contain_text("Terhubung")
    page.mouse.move(5, 1000)  # no hover effect on the button clicked last
    page.wait_for_timeout(400)  # Bootstrap fades the hover out
    _screenshot(page, artifacts_dir / "kc01-control-award-3.png")

    page.keyboard.press("ArrowLeft")
    served.wait_for_step(page, "splash")
    expect(page.locator(STEP)).to_have_text("Pembukaan pengumuman")

    # Typing in a field: the arrows move the cursor, not the ceremony.
    page.click(f"#{CONTROL_TIME}")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    page.wait_for_timeout(1500)
    assert served.step() == "splash"
    page.keyboard.press("Escape")
    page.locator("body").click(position={"x": 5, "y": 900})

    page.keyboard.press("PageDown")
    served.wait_for_step(page, "award-3")
    expect(page.locator(STEP)).to_have_text("Juara III")
    page.keyboard.press("PageUp")
    served.wait_for_step(page, "splash")
    expect(page.locator(STEP)).to_have_text("Pembukaan pengumuman")
    assert console_errors == []


def test_kc02_english_page_and_a_second_admin_follows(
    served, offline_page, console_errors, artifacts_dir
):
    page = offline_page
    _log_in_to_control(page, served.url, "?lang=en")
    expect(page.locator(STEP)).to_have_text("Slide rotation", timeout=15_000)
    expect(page.locator("h1")).to_have_text("Ceremony Control")
    served.screen_seen("Main Hall", "progress")
    expect(page.locator(f"#{CONTROL_SCREENS}")).to_contain_text("Rotation: Judging Progress")

    # Another admin moves the ceremony from the command line: this page follows by itself.
    with transaction(served.engine) as session:
        ceremony.advance(session, DEMO_CODE, by="laptop-2")
    expect(page.locator(STEP)).to_have_text("Opening screen", timeout=5_000)
    expect(page.locator(f"#{CONTROL_NEXT_HINT}")).to_contain_text("approve the results first")
    # Juara III without approval: refused in the page's language, never a traceback.
    page.keyboard.press("ArrowRight")
    alert = page.locator(f"#{CONTROL_ALERT}")
    expect(alert).to_contain_text("Results not approved yet")
    expect(alert).not_to_contain_text("Hasil belum disetujui")
    assert served.step() == "splash"
    _screenshot(page, artifacts_dir / "kc02-control-english.png")
    assert console_errors == []


def test_kc03_approve_again_and_cancel_ask_first_and_lock_after_juara_iii(
    served, offline_page, console_errors, artifacts_dir
):
    page = offline_page
    _log_in_to_control(page, served.url)
    expect(page.locator(STEP)).to_have_text("Rotasi slide", timeout=15_000)
    expect(page.locator(f"#{CONTROL_APPROVED_ACTIONS}")).to_be_hidden()
    page.click(f"#{CONTROL_SIMULATE}")
    page.click(f"#{CONTROL_SIMULATE_CONFIRM}")
    expect(page.locator(f"#{CONTROL_SIMULATE}")).to_be_hidden()
    asking = page.locator(".modal-dialog")
    page.click(f"#{CONTROL_APPROVE}")
    page.click(f"#{CONTROL_APPROVE_CONFIRM}")
    approval = page.locator(f"#{CONTROL_APPROVAL}")
    expect(approval).to_contain_text("Riwayat persetujuan")
    expect(page.locator(f"#{CONTROL_APPROVE}")).to_be_hidden()

    # Cancel asks first in the page's own dialog; "Batal" changes nothing.
    page.click(f"#{CONTROL_CANCEL_APPROVAL}")
    expect(asking).to_contain_text("Batalkan persetujuan hasil?")
    page.click(f"#{CONTROL_DIALOGS[CONTROL_CANCEL_APPROVAL_CONFIRM][1]}")
    expect(asking).to_be_hidden()
    page.wait_for_timeout(1500)
    with transaction(served.engine) as session:
        assert ceremony.get_state(session, DEMO_CODE).snapshot is not None
    page.click(f"#{CONTROL_REAPPROVE}")
    expect(asking).to_contain_text("Setujui ulang hasil sekarang?")
    page.click(f"#{CONTROL_REAPPROVE_CONFIRM}")
    expect(page.locator(f"#{CONTROL_ALERT}")).to_contain_text("Hasil disetujui ulang.")
    expect(approval).to_contain_text("Disetujui ulang ·")
    page.click(f"#{CONTROL_CANCEL_APPROVAL}")
    page.click(f"#{CONTROL_CANCEL_APPROVAL_CONFIRM}")
    expect(page.locator(f"#{CONTROL_ALERT}")).to_contain_text("Persetujuan dibatalkan.")
    expect(approval).to_contain_text("Belum disetujui")
    expect(approval).to_contain_text("Dibatalkan ·")
    expect(page.locator(f"#{CONTROL_APPROVE}")).to_be_visible()

    # Approved once more, Juara III on screen: both buttons are locked, the reason shown.
    page.click(f"#{CONTROL_APPROVE}")
    page.click(f"#{CONTROL_APPROVE_CONFIRM}")
    expect(page.locator(f"#{CONTROL_REAPPROVE}")).to_be_visible()
    expect(page.locator(f"#{CONTROL_REAPPROVE}")).to_be_enabled()
    _screenshot(page, artifacts_dir / "kc03-control-approved-actions.png")
    for expected, shown in (("splash", "Pembukaan pengumuman"), ("award-3", "Juara III")):
        page.keyboard.press("ArrowRight")
        served.wait_for_step(page, expected)
        expect(page.locator(STEP)).to_have_text(shown)  # the page holds the new revision
    expect(approval).to_contain_text("Terkunci: Juara III sudah tampil di layar")
    expect(page.locator(f"#{CONTROL_REAPPROVE}")).to_be_disabled()
    expect(page.locator(f"#{CONTROL_CANCEL_APPROVAL}")).to_be_disabled()
    page.mouse.move(5, 1000)
    page.wait_for_timeout(400)
    _screenshot(page, artifacts_dir / "kc03-control-approval-locked.png")
    assert console_errors == []


def test_kc04_the_committee_records_the_jury_seri_decision(
    sqlite_url, live_dash, tmp_path, offline_page, console_errors, artifacts_dir
):
    engine = make_engine(sqlite_url)
    seed(engine, SERI_I)  # A and B share Juara I
    add_accounts(engine)
    server = create_app(
        Settings(database_url=sqlite_url, secret_key="test", instance_dir=str(tmp_path))
    )
    page = offline_page
    try:
        _log_in_to_control(page, live_dash(server))
        box = page.locator(f"#{CONTROL_SERI_BOX}")
        expect(box).to_be_visible(timeout=15_000)
        summary = page.locator(f"#{CONTROL_SERI_SUMMARY}")
        expect(summary).to_contain_text("seri")
        expect(summary).not_to_contain_text("berdasarkan keputusan dewan juri")

        # B first: choose A, move it down; the places are named anew.
        order = page.locator(f"#{CONTROL_SERI_ORDER} label")
        expect(order.first).to_contain_text("Juara I · JUDUL-cer-2022-A")
        order.first.click()
        page.click(f"#{CONTROL_SERI_DOWN}")
        expect(order.first).to_contain_text("Juara I · JUDUL-cer-2022-B")
        expect(order.nth(1)).to_contain_text("Juara II · JUDUL-cer-2022-A")
        # On the list, the arrows move between the choices, never the ceremony.
        order.nth(1).click()
        page.keyboard.press("ArrowRight")
        page.fill(f"#{CONTROL_SERI_REASON}", REASON)
        page.fill(f"#{CONTROL_SERI_CHAIR}", "Juri J1")
        page.click(f"#{CONTROL_SERI_SAVE}")
        expect(page.locator(f"#{CONTROL_SERI_MESSAGE}")).to_contain_text("dicatat")
        expect(summary).to_contain_text("berdasarkan keputusan dewan juri", timeout=5_000)
        expect(summary.locator("li").first).to_contain_text("JUDUL-cer-2022-B")
        expect(page.locator(f"#{CONTROL_APPROVAL}")).to_contain_text("Keputusan dewan juri")
        with transaction(engine) as session:
            decisions = ceremony.edition_decisions(session, CODE)
            assert ceremony.get_state(session, CODE).step == "rotation"
        assert [(d.order, d.reason, d.chair) for d in decisions] == [
            ((f"{CODE}-B", f"{CODE}-A"), REASON, "Juri J1")
        ]
        page.mouse.move(5, 1000)
        _screenshot(page, artifacts_dir / "kc04-control-seri-decided.png")

        # Removing asks in the page's own dialog; "Batal" keeps the decision.
        page.click(f"#{CONTROL_SERI_CLEAR}")
        dialog = page.locator(".modal-dialog")
        expect(dialog).to_contain_text("Hapus keputusan seri?")
        page.click(f"#{CONTROL_SERI_DIALOG_CANCEL}")
        expect(dialog).to_be_hidden()
        page.click(f"#{CONTROL_SERI_CLEAR}")
        page.click(f"#{CONTROL_SERI_DIALOG_OK}")
        expect(page.locator(f"#{CONTROL_SERI_MESSAGE}")).to_contain_text("dihapus")
        expect(summary).not_to_contain_text("berdasarkan keputusan dewan juri", timeout=5_000)
        with transaction(engine) as session:
            assert ceremony.edition_decisions(session, CODE) == []
        assert console_errors == []
    finally:
        server.extensions[EXTENSION_KEY].dispose()
        engine.dispose()
