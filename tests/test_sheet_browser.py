"""A juror declares no conflict, scores a sheet in Chromium on a phone offline mid-way, submits."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app import create_app
from dashboard.services import EXTENSION_KEY
from data_access.db import make_engine, transaction
from data_access.jury.sheet_access import parse_score
from data_access.models import (
    ConflictDeclaration,
    Criterion,
    Innovation,
    Juror,
    Score,
    SheetState,
    Stage,
    utcnow,
)
from data_access.scoring.arithmetic import div_half_up
from data_access.settings import Settings
from tests.drawn import drawn_width
from tests.sheets_web import prepare_sheet
from tests.web import JURI_JUROR, PASSWORD, add_accounts

pytestmark = pytest.mark.browser

TYPED = ["82,5", "70.25", "90", "75", "80,5", "60", "88", "77"]


def _expected(criteria: list[tuple[str, int]], typed: list[str]) -> str:
    """Return the sheet score the engine's rule gives, as the page writes it (id)."""
    pairs = [
        (w, int(parse_score(v).scaleb(2))) for (_c, w), v in zip(criteria, typed, strict=False)
    ]
    weight = sum(w for w, _v in pairs if w)
    centi = div_half_up(sum(w * v for w, v in pairs), weight)
    return f"{Decimal(centi).scaleb(-2):.2f}".replace(".", ",")


def _declared(engine, innovation: str) -> tuple[int, int]:
    """Record juri-j01's "no conflict" for the sheet (its fields open at once); return the ids."""
    with transaction(engine) as session:
        juror_id = session.execute(select(Juror.id).where(Juror.code == JURI_JUROR)).scalar_one()
        innovation_id = session.execute(
            select(Innovation.id).where(Innovation.code == innovation)
        ).scalar_one()
        session.add(
            ConflictDeclaration(
                juror_id=juror_id,
                innovation_id=innovation_id,
                conflict=False,
                declared_at=utcnow(),
                declared_by="juri-j01",
            )
        )
    return juror_id, innovation_id


def _log_in(page: Page, url: str) -> None:
    page.goto(f"{url}/login?next=/penilaian")
    page.get_by_label("Nama pengguna").fill("juri-j01")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Penilaian Saya")).to_be_visible()


# The focused field and its error on screen, above the sheet's fixed bar (not under it).
FOCUS_ABOVE_THE_BAR = """() => {
    const field = document.activeElement;
    const error = document.getElementById(field.dataset.error || '');
    const bar = document.querySelector('.kipp-sheet-bar').getBoundingClientRect();
    return field.classList.contains('is-invalid') && error !== null
        && field.getBoundingClientRect().top >= 0
        && error.getBoundingClientRect().bottom <= bar.top;
}"""


def test_js01_juror_scores_offline_midway_and_submits_on_a_phone(
    demo_url, live_dash, tmp_path, offline_page: Page, artifacts_dir
):
    engine = make_engine(demo_url)
    add_accounts(engine)
    sheet = prepare_sheet(engine)
    typed = TYPED[: len(sheet.criteria)]
    server = create_app(
        Settings(database_url=demo_url, secret_key="js01", instance_dir=str(tmp_path))
    )
    url = live_dash(server)
    page = offline_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{url}/login?next=/penilaian")
        page.get_by_label("Nama pengguna").fill("juri-j01")
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        expect(page.get_by_role("heading", name="Penilaian Saya")).to_be_visible()
        page.locator(f'a[href="{sheet.path}?lang=id"]').click()
        scores = page.locator("input.kipp-sheet-score")
        expect(scores).to_have_count(len(sheet.criteria))

        # First the declaration: the fields wait, disabled, with no submit button.
        expect(page.locator("#sheet-declare")).to_be_visible()
        expect(scores.first).to_be_disabled()
        expect(page.locator("#sheet-submit")).to_have_count(0)
        page.screenshot(path=str(artifacts_dir / "js01-declare-390.png"), full_page=True)
        assert drawn_width(page) <= 390
        # The conflict path asks for its reason before anything is sent.
        page.get_by_text("Saya memiliki konflik kepentingan").click()
        page.locator("#declare-send").click()
        expect(page.locator("#declare-error")).to_contain_text("alasan")
        expect(page.locator("#declare-reason")).to_be_focused()
        page.screenshot(path=str(artifacts_dir / "js01-declare-conflict-390.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(artifacts_dir / "js01-declare-1280.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.get_by_role("button", name="Tidak ada konflik kepentingan").click()
        expect(page.locator("#sheet-submit")).to_be_visible()
        expect(page.locator("#sheet-declare")).to_have_count(0)
        expect(scores.first).to_be_enabled()
        with transaction(engine) as session:
            declared = session.execute(select(ConflictDeclaration.conflict)).scalars().all()
        assert declared == [False]

        # Refused at the field, with a message; then a comma and a point are both fine.
        scores.nth(0).fill("82,555")
        expect(page.locator("#error-1")).to_contain_text("0–100")
        scores.nth(0).fill(typed[0])
        expect(page.locator("#error-1")).to_be_empty()
        scores.nth(1).fill(typed[1])
        # The running score as typed (criterion 1 weighs 0): 70,25; then the server's value.
        expect(page.locator("#sheet-score")).to_have_text(_expected(sheet.criteria[:2], typed[:2]))
        expect(page.locator("#sheet-saved")).to_contain_text("Tersimpan pukul")

        # The network drops: typing goes on, the page says it keeps what was typed.
        page.context.set_offline(True)
        half = len(typed) // 2 + 1
        for index in range(2, half):
            scores.nth(index).fill(typed[index])
        expect(page.locator("#sheet-saved")).to_contain_text("Tidak tersambung")
        for index in range(half, len(typed)):
            scores.nth(index).fill(typed[index])
        page.locator("#sheet-note").fill("Catatan ditulis tanpa jaringan")
        expect(page.locator("#sheet-saved")).to_contain_text("Tidak tersambung")
        kept = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('kipp-sheet:'))")
        assert len(kept) == 1
        expect(page.locator("#sheet-score")).to_have_text(_expected(sheet.criteria, typed))
        page.screenshot(path=str(artifacts_dir / "js01-offline-390.png"), full_page=True)

        # Back online: everything typed reaches the server.
        page.context.set_offline(False)
        expect(page.locator("#sheet-saved")).to_contain_text("Tersimpan pukul", timeout=15_000)
        with transaction(engine) as session:
            stage_id = session.execute(
                select(Criterion.stage_id)
                .join(Stage)
                .where(Criterion.code == sheet.criteria[0][0], Stage.code == sheet.stage)
                .limit(1)
            ).scalar_one()
            state = session.execute(
                select(SheetState).where(SheetState.stage_id == stage_id)
            ).scalar_one()
            saved = session.execute(
                select(Criterion.code, Score.score_centi)
                .join(Criterion, Criterion.id == Score.criterion_id)
                .where(
                    Score.stage_id == stage_id,
                    Score.juror_id == state.juror_id,
                    Score.innovation_id == state.innovation_id,
                )
            ).all()
            assert state.note == "Catatan ditulis tanpa jaringan"
        assert dict(saved) == {
            code: int(parse_score(value).scaleb(2))
            for (code, _w), value in zip(sheet.criteria, typed, strict=False)
        }
        assert page.evaluate("Object.keys(localStorage).length") == 0
        page.screenshot(path=str(artifacts_dir / "js01-sheet-390.png"), full_page=True)
        assert drawn_width(page) <= 390

        # A value that is no score stops the submission: the bar says why, and the page
        # brings the field into view above the fixed bar (seen from the top of the sheet).
        last = scores.nth(len(typed) - 1)
        last.fill("101")
        page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
        page.locator("#sheet-submit").click()
        expect(page.locator("#sheet-status")).to_contain_text("Perbaiki nilai yang ditandai merah")
        expect(page.locator("#sheet-confirm")).to_be_hidden()
        page.wait_for_function(FOCUS_ABOVE_THE_BAR, timeout=5000)  # a smooth scroll
        page.screenshot(path=str(artifacts_dir / "js01-invalid-390.png"))
        last.fill(typed[-1])
        expect(page.locator(f"#error-{len(typed)}")).to_be_empty()

        # Submit, with a confirmation; then it is locked.
        page.locator("#sheet-submit").click()
        expect(page.locator("#sheet-confirm")).to_be_visible()
        page.screenshot(path=str(artifacts_dir / "js01-confirm-390.png"))
        page.locator("#sheet-confirm-yes").click()
        expect(page.locator("#sheet-status")).to_contain_text("Terkirim")
        expect(page.locator("#sheet-submit")).to_have_count(0)
        expect(scores.first).to_have_attribute("readonly", "")
        page.reload()
        expect(page.locator("#sheet-status")).to_contain_text("terkunci")
        expect(scores.first).to_have_attribute("readonly", "")
        expect(page.locator("#sheet-score")).to_have_text(_expected(sheet.criteria, typed))
        page.screenshot(path=str(artifacts_dir / "js01-locked-390.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(artifacts_dir / "js01-locked-1280.png"), full_page=True)
        column = page.locator("main").bounding_box()
        page.goto(f"{url}/penilaian")
        expect(page.locator(f'a[href="{sheet.path}?lang=id"]')).to_be_visible()
        # The list keeps the sheet's column on a laptop, its badges beside their titles.
        assert column is not None and column["width"] < 900
        listed = page.locator("main").bounding_box()
        assert listed is not None and (listed["x"], listed["width"]) == (
            column["x"],
            column["width"],
        )
        page.screenshot(path=str(artifacts_dir / "js01-penilaian-1280.png"), full_page=True)
        # Only the failed saves while offline may have logged (Chromium's network errors).
        assert [e for e in errors if "ERR_INTERNET_DISCONNECTED" not in e] == []
    finally:
        server.extensions[EXTENSION_KEY].dispose()
        engine.dispose()


def test_js02_what_is_typed_before_the_script_runs_is_saved(
    demo_url, live_dash, tmp_path, offline_page: Page
):
    """A slow phone: the fields are there before kipp-sheet.js runs; typing is not lost."""
    engine = make_engine(demo_url)
    add_accounts(engine)
    sheet = prepare_sheet(engine)
    juror_id, innovation_id = _declared(engine, sheet.innovation)
    server = create_app(
        Settings(database_url=demo_url, secret_key="js02", instance_dir=str(tmp_path))
    )
    url = live_dash(server)
    page = offline_page
    held: list[str] = []

    def slow_script(route):
        held.append(route.request.url)
        time.sleep(1.5)  # the script arrives late, after the juror typed
        route.continue_()

    try:
        page.goto(f"{url}/login?next=/penilaian")
        page.get_by_label("Nama pengguna").fill("juri-j01")
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        expect(page.get_by_role("heading", name="Penilaian Saya")).to_be_visible()
        page.route("**/assets/jury/kipp-sheet.js*", slow_script)
        page.goto(f"{url}{sheet.path}", wait_until="commit")
        page.locator("input.kipp-sheet-score").first.fill("77")  # no listener yet
        expect(page.locator("#sheet-saved")).to_contain_text("Tersimpan pukul", timeout=15_000)
        assert held, "the script was not held back: the test proved nothing"
        with transaction(engine) as session:
            saved = session.execute(
                select(Score.score_centi)
                .join(Criterion, Criterion.id == Score.criterion_id)
                .where(
                    Criterion.code == sheet.criteria[0][0],
                    Score.juror_id == juror_id,
                    Score.innovation_id == innovation_id,
                )
            ).scalars()
            assert list(saved) == [7700]
    finally:
        server.extensions[EXTENSION_KEY].dispose()
        engine.dispose()


def test_js03_a_submission_waiting_for_the_network_is_sent_once(
    demo_url, live_dash, tmp_path, offline_page: Page
):
    """Back online, the retry timer and the "online" event both want to send the waiting
    submission: the sheet sends it once (a second found the sheet locked: 423 on screen)."""
    engine = make_engine(demo_url)
    add_accounts(engine)
    sheet = prepare_sheet(engine)
    _declared(engine, sheet.innovation)
    server = create_app(
        Settings(database_url=demo_url, secret_key="js03", instance_dir=str(tmp_path))
    )
    url = live_dash(server)
    page = offline_page
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    submits: list[str] = []

    def slow_submit(route):
        if json.loads(route.request.post_data or "{}").get("action") == "submit":
            submits.append(route.request.url)
            time.sleep(0.8)  # on its way while the second wish comes
        route.continue_()

    try:
        _log_in(page, url)
        page.goto(f"{url}{sheet.path}?lang=id")
        scores = page.locator("input.kipp-sheet-score")
        for index in range(len(sheet.criteria)):
            scores.nth(index).fill(TYPED[index])
        expect(page.locator("#sheet-saved")).to_contain_text("Tersimpan pukul")
        page.context.set_offline(True)
        page.locator("#sheet-submit").click()
        page.locator("#sheet-confirm-yes").click()
        expect(page.locator("#sheet-status")).to_contain_text("dikirim otomatis")
        page.route("**/api/penilaian/**", slow_submit)
        page.context.set_offline(False)  # the "online" event: the submission leaves
        page.evaluate("window.dispatchEvent(new Event('online'))")  # and a second wish
        expect(page.locator("#sheet-status")).to_contain_text("Terkirim", timeout=15_000)
        page.wait_for_timeout(1500)  # room for a second submission to be answered
        assert len(submits) == 1, submits
        with transaction(engine) as session:
            states = session.execute(select(SheetState.state)).scalars().all()
        assert states.count("submitted") == 1
        assert [e for e in errors if "ERR_INTERNET_DISCONNECTED" not in e] == []
    finally:
        server.extensions[EXTENSION_KEY].dispose()
        engine.dispose()


def _draft_before_the_declaration(engine, sheet) -> None:
    """Put a draft of juri-j01's sheet on record, saved two hours ago, with no declaration."""
    with transaction(engine) as session:
        juror_id = session.execute(select(Juror.id).where(Juror.code == JURI_JUROR)).scalar_one()
        stage_id, innovation_id = session.execute(
            select(Stage.id, Innovation.id)
            .join(Innovation, Innovation.edition_id == Stage.edition_id)
            .where(Stage.code == sheet.stage, Innovation.code == sheet.innovation)
        ).one()
        session.add(
            SheetState(
                stage_id=stage_id,
                juror_id=juror_id,
                innovation_id=innovation_id,
                note="Draf lama",
                updated_at=utcnow() - timedelta(hours=2),
                updated_by="juri-j01",
            )
        )


def test_js04_the_bar_says_what_a_declared_conflict_did(
    demo_url, live_dash, tmp_path, offline_page: Page, artifacts_dir
):
    """A sheet with a draft on record from before its declaration: once the juror declares a
    conflict, the fixed bar says so and that the committee decides, not the old save's time."""
    engine = make_engine(demo_url)
    add_accounts(engine)
    sheet = prepare_sheet(engine)
    _draft_before_the_declaration(engine, sheet)
    server = create_app(
        Settings(database_url=demo_url, secret_key="js04", instance_dir=str(tmp_path))
    )
    url = live_dash(server)
    page = offline_page
    bar = page.locator("#sheet-saved")
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        _log_in(page, url)
        page.goto(f"{url}{sheet.path}?lang=id")
        expect(bar).to_contain_text("Tersimpan pukul")
        page.get_by_text("Saya memiliki konflik kepentingan").click()
        page.locator("#declare-reason").fill("Inovator adalah adik saya")
        page.locator("#declare-send").click()
        expect(page.locator("#sheet-status")).to_contain_text("menunggu keputusan panitia")
        said = r"^Konflik kepentingan dinyatakan pukul \d\d\.\d\d; menunggu keputusan panitia$"
        expect(bar).to_have_text(re.compile(said))
        assert drawn_width(page) <= 390
        page.screenshot(path=str(artifacts_dir / "js04-declared-390.png"))
        page.set_viewport_size({"width": 1366, "height": 768})
        page.screenshot(path=str(artifacts_dir / "js04-declared-1366.png"))
        page.goto(f"{url}{sheet.path}?lang=en")
        said = r"^Conflict of interest declared at .+; awaiting the committee's decision$"
        expect(bar).to_have_text(re.compile(said))
    finally:
        server.extensions[EXTENSION_KEY].dispose()
        engine.dispose()
