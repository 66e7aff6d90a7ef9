"""Issue 15's "done when", as one scenario in Chromium.

A juror invited by link sets a password, reads the proposal PDF the committee uploaded,
declares no conflict, scores every criterion with the network cut in the middle, submits
while still offline (the submission waits and goes out when the network is back) and sees
the sheet locked; the committee, watching `/`, sees the juror's count move within one
refresh tick, reopens the sheet with a reason on Kelola Juri, reads its history; the
juror sees the reason; the juror's session gets nothing from the committee's routes and
callbacks. On a laptop over PostgreSQL; the phone over SQLite is test_sheet_browser.py's
js01 (the same declaration, offline scoring, submit and lock at 390 px) and
test_invitation_browser.py's ju01, and the committee's side on SQLite is in-process
(test_history_routes.py, test_jury_desk.py): one browser run of each, the suite's time
being everyone's. Pass ("sqlite", PHONE) to the parameters to walk it on a phone too.
The seri decision's path (snapshot, reveal, PDF) is tests/test_control_seri.py,
test_ceremony_seri.py and test_control_browser.py's kc04.
"""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select, update

from app import create_app
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine, transaction
from data_access.models import Innovation, ScoreHistory, SheetState
from data_access.settings import Settings
from tests.cli_run import cli, ok
from tests.conftest import _is_local
from tests.sheets_web import engine_of, prepare_sheet
from tests.web import PASSWORD, add_accounts

pytestmark = pytest.mark.browser

REFRESH_S = 2
JUROR = "J02"
TYPED = ["82,5", "70.25", "90", "75", "80,5", "60", "88", "77"]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 800}
# The committee's pages and the Dash endpoints a juror's session must get nothing from.
CLOSED_TO_JURORS = ["/", "/peringkat", "/partisipasi", "/kendali", "/ringkasan", "/impor"]


def _context(browser: Browser, viewport: dict, foreign: list[str]) -> BrowserContext:
    """A browser context that records every request not sent to 127.0.0.1.

    The browser fails them itself (conftest's CHROMIUM_ARGS); a route on top would turn
    its cache off for every page of the context (tests/conftest.py, offline_page).
    """
    context = browser.new_context(viewport=viewport, locale="id-ID")
    context.on("request", lambda req: None if _is_local(req.url) else foreign.append(req.url))
    return context


def _juror_row(page: Page):
    """The juror's row in the proposal stage's table on `/`."""
    return page.locator("table.kipp-table tr", has_text=JUROR).first


@pytest.mark.parametrize(
    ("backend", "viewport"),
    [pytest.param("postgresql", LAPTOP, marks=pytest.mark.postgres)],
    ids=["laptop-postgresql"],
)
def test_a_juror_scores_in_the_app_and_the_committee_follows(
    request, backend, viewport, live_dash, tmp_path, browser: Browser, artifacts_dir
):
    url_db = request.getfixturevalue("demo_url" if backend == "sqlite" else "pg_demo_url")
    engine = make_engine(url_db)
    add_accounts(engine)  # the committee's "panitia" (admin) among them
    sheet = prepare_sheet(engine, juror=JUROR)
    typed = TYPED[: len(sheet.criteria)]
    proposal = f"https://proposal.contoh.invalid/{sheet.innovation}.pdf"
    with transaction(engine) as session:
        session.execute(
            update(Innovation)
            .where(Innovation.code == sheet.innovation)
            .values(proposal_url=proposal, summary="Ringkasan (fiktif) untuk uji.")
        )
    # The committee uploads the proposal PDF the juror must read.
    pdf = tmp_path / "proposal.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% proposal fiktif untuk uji\n%%EOF\n")
    ok(cli(url_db, "document", "add", "--innovation", sheet.innovation, str(pdf)))
    link = ok(cli(url_db, "users", "invite", "sari", "--role", "juri", "--juror", JUROR))
    invitation = link.strip().splitlines()[-1]
    assert invitation.startswith("/undangan?token=")
    server = create_app(
        Settings(
            database_url=url_db,
            secret_key="walk",
            instance_dir=str(tmp_path),
            refresh_interval_s=REFRESH_S,
        )
    )
    url = live_dash(server)
    foreign: list[str] = []
    errors: list[str] = []
    shot = f"walk-{backend}"
    committee_ctx = _context(browser, LAPTOP, foreign)
    juror_ctx = _context(browser, viewport, foreign)
    try:
        # The committee watches `/` (the proposal stage's per-juror table).
        committee = committee_ctx.new_page()
        committee.goto(f"{url}/login")
        committee.get_by_label("Nama pengguna").fill("panitia")
        committee.get_by_label("Kata sandi").fill(PASSWORD)
        committee.get_by_role("button", name="Masuk").click()
        row = _juror_row(committee)
        expect(row).to_be_visible(timeout=15_000)
        before = row.locator("td").nth(3).inner_text()  # "Lengkap": complete sheets

        # The juror opens the invitation and sets a password.
        juror = juror_ctx.new_page()
        juror.on("pageerror", lambda exc: errors.append(str(exc)))
        juror.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        juror.goto(url + invitation)
        juror.get_by_label("Kata sandi baru").fill("rahasia-sari-22")
        juror.get_by_label("Ulangi kata sandi").fill("rahasia-sari-22")
        juror.get_by_role("button", name="Simpan dan masuk").click()
        expect(juror.get_by_role("heading", name="Penilaian Saya")).to_be_visible()
        expect(juror.locator(".kipp-countdown").first).to_contain_text("ditutup dalam")
        juror.screenshot(path=str(artifacts_dir / f"{shot}-penilaian.png"), full_page=True)

        # The sheet: the proposal to read, then the declaration before any score.
        juror.locator(f'a[href="{sheet.path}?lang=id"]').click()
        expect(juror.locator(".kipp-sheet-proposal a").first).to_have_attribute("href", proposal)
        document = juror.locator("a.kipp-sheet-document")
        expect(document).to_be_visible()
        read = juror_ctx.request.get(url + (document.get_attribute("href") or ""))
        assert read.status == 200 and read.headers["content-type"] == "application/pdf"
        assert read.body() == pdf.read_bytes()
        scores = juror.locator("input.kipp-sheet-score")
        expect(scores.first).to_be_disabled()
        juror.get_by_role("button", name="Tidak ada konflik kepentingan").click()
        expect(scores.first).to_be_enabled()

        # Half the criteria online, the rest with the network cut; submitted while still cut.
        half = len(typed) // 2
        for index in range(half):
            scores.nth(index).fill(typed[index])
        expect(juror.locator("#sheet-saved")).to_contain_text("Tersimpan pukul")
        juror_ctx.set_offline(True)
        for index in range(half, len(typed)):
            scores.nth(index).fill(typed[index])
        juror.locator("#sheet-submit").click()
        juror.locator("#sheet-confirm-yes").click()
        expect(juror.locator("#sheet-status")).to_contain_text("dikirim otomatis")
        juror.screenshot(path=str(artifacts_dir / f"{shot}-submit-offline.png"), full_page=True)
        with transaction(engine) as session:
            assert session.execute(select(SheetState.state)).scalars().all().count("submitted") == 0
        juror_ctx.set_offline(False)
        expect(juror.locator("#sheet-status")).to_contain_text("Terkirim", timeout=15_000)
        expect(scores.first).to_have_attribute("readonly", "")
        expect(scores.nth(1)).to_have_value("70,25")  # typed "70.25": shown as on record
        expect(juror.locator("#sheet-submit")).to_have_count(0)
        juror.screenshot(path=str(artifacts_dir / f"{shot}-locked.png"), full_page=True)

        # The committee's `/` moves within one refresh tick (+1 s) of the submission.
        after = str(int(before) + 1)
        expect(row.locator("td").nth(3)).to_have_text(after, timeout=(REFRESH_S + 1) * 1000)
        committee.screenshot(path=str(artifacts_dir / f"{shot}-committee.png"), full_page=True)

        # The committee reopens the sheet with a reason (Kelola Juri), then reads its history.
        reason = "Nilai aspek pertama perlu diperiksa ulang"
        committee.goto(f"{url}/kelola-juri")
        choice = committee.locator("#reopen-sheet option", has_text=sheet.innovation).filter(
            has_text=JUROR
        )
        committee.locator("#reopen-sheet").select_option(choice.get_attribute("value"))
        committee.locator("#reopen-reason").fill(reason)
        committee.get_by_role("button", name="Buka kembali", exact=True).click()
        expect(committee.locator(".alert-success")).to_be_visible()
        committee.screenshot(path=str(artifacts_dir / f"{shot}-reopened.png"), full_page=True)
        committee.goto(f"{url}/")
        _juror_row(committee).locator("a.kipp-history-link").first.click()
        expect(committee.locator("table")).to_contain_text(sheet.innovation)
        expect(committee.locator("body")).to_contain_text(reason)
        committee.screenshot(path=str(artifacts_dir / f"{shot}-history.png"), full_page=True)
        with transaction(engine) as session:
            written = session.execute(
                select(ScoreHistory.source).where(ScoreHistory.innovation_code == sheet.innovation)
            ).scalars()
            assert "web" in set(written)

        # The juror sees the committee's reason, and the sheet is theirs to edit again.
        juror.reload()
        expect(juror.locator("body")).to_contain_text(reason)
        expect(scores.first).not_to_have_attribute("readonly", "")

        # The juror's session gets nothing from the committee's pages and callbacks.
        for path in CLOSED_TO_JURORS:
            answer = juror_ctx.request.get(url + path, max_redirects=0)
            assert answer.status in (302, 403, 404), (path, answer.status)
            assert sheet.innovation not in answer.text(), path  # no figure of it either
        callback = juror_ctx.request.post(
            url + "/_dash-update-component",
            headers={"Content-Type": "application/json"},
            data=json.dumps(
                {"output": "x.children", "outputs": {}, "inputs": [], "changedPropIds": []}
            ),
        )
        assert callback.status in (401, 403, 404), callback.status
        assert [e for e in errors if "ERR_INTERNET_DISCONNECTED" not in e] == []
        assert foreign == [], f"requests to hosts other than 127.0.0.1: {foreign}"
    finally:
        juror_ctx.close()
        committee_ctx.close()
        # Requests the closed pages left in flight still hold connections: disposing the
        # pool under them would leave psycopg connections to the garbage collector.
        pool = engine_of(server).pool
        deadline = time.monotonic() + 5
        while pool.checkedout() and time.monotonic() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.05)
        server.extensions[EXTENSION_KEY].dispose()
        engine.dispose()
