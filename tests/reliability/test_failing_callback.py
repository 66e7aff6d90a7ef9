"""One failing part of a page does not stop the others, and shows a notice, not an error.

/jadwal has two server callbacks: the data refresh (the page's content) and the clock
that redraws the timeline (every minute; every second here). A fault is injected in-
process into one of them at a time (a builder that raises), with the app served by a
real server thread and viewed in real Chromium. The failing part shows the bilingual
"Bagian ini tidak dapat ditampilkan" notice, the other parts keep updating (a renamed
edition appears, the navbar switches language), no traceback reaches the browser but the
server's log has it, and the part recovers by itself once the fault is gone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine, update

from dashboard import ids, live_page
from dashboard.pages import schedule as schedule_page
from data_access.db import transaction
from data_access.demo import DEMO_CODE
from data_access.i18n import t
from data_access.models import Edition
from tests.serving import Served, serve_demo
from tests.web import PASSWORD, ROLE_USER

pytestmark = pytest.mark.browser
CANARY = "kipp-fault-canary-5d1f"
NOTICE = ".kipp-part-problem"


@pytest.fixture
def served(demo_url, live_dash, tmp_path, monkeypatch) -> Iterator[Served]:
    """The demo dashboard served in-process, refreshing (and its clocks ticking) every second."""
    monkeypatch.setattr(live_page, "CLOCK_MS", 1000)  # a minute in production
    with serve_demo(demo_url, live_dash, tmp_path, refresh_s=1) as served:
        yield served


def _boom(*_args, **_kwargs):
    raise RuntimeError(f"injected fault {CANARY}")


def _rename(engine: Engine, name: str) -> None:
    """Rename the demo edition: a real data change that moves the data version."""
    with transaction(engine) as session:
        session.execute(update(Edition).where(Edition.code == DEMO_CODE).values(name=name))


def _log_in(page: Page, url: str) -> None:
    page.goto(f"{url}/login?next=/jadwal")
    page.fill("#username", ROLE_USER["admin"])
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")


def test_fc01_a_failing_part_shows_a_notice_and_the_rest_goes_on(
    served, offline_page, monkeypatch, caplog, artifacts_dir
):
    page = offline_page
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    bodies: list[str] = []
    page.on(
        "response",
        lambda r: (
            bodies.append(r.text())
            if "_dash-update-component" in r.url and r.status == 200
            else None
        ),
    )
    caplog.set_level(logging.ERROR, logger="dashboard.live_page")
    _log_in(page, served.url)
    content = page.locator(f"#{ids.SCHEDULE_CONTENT}")
    timeline = page.locator(f"#{ids.SCHEDULE_TIMELINE}")
    status = page.locator(f"#{ids.SCHEDULE_STATUS}")
    expect(timeline.locator(".kipp-schedule-timeline")).to_be_visible(timeout=15_000)
    expect(status).to_contain_text("Diperbarui pukul")
    page.evaluate("window.__kipp_marker = 1")

    # 1. The clock's part fails; the data refresh beside it carries on.
    original_timeline = schedule_page._timeline
    monkeypatch.setattr(schedule_page, "_timeline", _boom)
    expect(timeline.locator(NOTICE)).to_contain_text(
        t("live.part_failed.title", "id"), timeout=5000
    )
    expect(timeline.locator(NOTICE)).to_contain_text(t("live.part_failed.body", "id"))
    _rename(served.engine, "KIPP Kudus Edisi Uji Satu")
    expect(content).to_contain_text("KIPP Kudus Edisi Uji Satu", timeout=5000)
    expect(status).to_contain_text("Diperbarui pukul")
    expect(timeline.locator(NOTICE)).to_be_visible()  # retried every tick, still failing
    page.screenshot(path=artifacts_dir / "fc01-clock-failed.png")
    monkeypatch.setattr(schedule_page, "_timeline", original_timeline)
    expect(timeline.locator(".kipp-schedule-timeline")).to_be_visible(timeout=5000)
    expect(timeline.locator(NOTICE)).to_have_count(0)

    # 2. The data refresh fails at the next version; the navbar still answers, in English.
    original_tallies = schedule_page.tallies
    monkeypatch.setattr(schedule_page, "tallies", _boom)
    _rename(served.engine, "KIPP Kudus Edisi Uji Dua")
    expect(content.locator(NOTICE)).to_contain_text(t("live.part_failed.title", "id"), timeout=5000)
    page.locator(f"#{ids.SHELL_LANG_EN}").click()
    expect(page.locator(f"#{ids.SHELL_NAV_LINKS}")).to_contain_text("Schedule", timeout=5000)
    expect(content.locator(NOTICE)).to_contain_text(t("live.part_failed.title", "en"), timeout=5000)
    expect(content.locator(NOTICE)).to_contain_text(t("live.part_failed.body", "en"))
    page.screenshot(path=artifacts_dir / "fc01-content-failed-en.png")
    monkeypatch.setattr(schedule_page, "tallies", original_tallies)
    # Recovered at the next tick, without a new data version or a reload.
    expect(content).to_contain_text("KIPP Kudus Edisi Uji Dua", timeout=5000)
    expect(content.locator(NOTICE)).to_have_count(0)
    expect(timeline.locator(".kipp-schedule-timeline")).to_be_visible(timeout=5000)
    expect(status).to_contain_text("Updated at")
    assert page.evaluate("window.__kipp_marker") == 1, "the page was reloaded"

    # Nothing of the fault reached the browser; the server's log has the whole traceback.
    assert console_errors == []  # no failed (500) callback request either
    assert bodies, "no callback answers were recorded"
    assert not [b for b in bodies if CANARY in b or "Traceback" in b]
    assert CANARY not in page.content()
    logged = [r for r in caplog.records if r.exc_info and CANARY in str(r.exc_info[1])]
    parts = {r.getMessage().split(":")[0] for r in logged}
    assert parts == {ids.SCHEDULE_TIMELINE, ids.SCHEDULE_CONTENT}
