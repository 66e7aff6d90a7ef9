"""The juror's sheet page and its save endpoint (dashboard/sheet_routes.py), through Flask."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from dashboard.builders.sheet import scoring_window
from data_access.db import transaction
from data_access.demo import DEMO_CODE
from data_access.formatting import format_date
from data_access.jury.conflicts import confirm_conflict
from data_access.jury.sheet_access import parse_score, running_score
from data_access.jury.sheets import CriterionLine, SheetKey, reopen
from data_access.jury.windows import extend_window
from data_access.models import (
    Assignment,
    ConflictDeclaration,
    Criterion,
    Innovation,
    Juror,
    Score,
    SheetState,
    Stage,
    utcnow,
)
from tests.sheets_web import csrf_of, declare, engine_of, local_today, post_sheet, prepare_sheet
from tests.web import JURI_JUROR


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("82,5", Decimal("82.5")),
        ("82.5", Decimal("82.5")),
        (" 100 ", Decimal("100")),
        ("0", Decimal("0")),
        ("99,99", Decimal("99.99")),
        ("", None),
    ],
)
def test_typed_scores_read_with_a_comma_or_a_point(typed, value):
    assert parse_score(typed) == value


@pytest.mark.parametrize("typed", ["100,01", "101", "82,555", "-1", "8a", "1e2", "82,", ",5"])
def test_anything_else_is_refused(typed):
    with pytest.raises(ValueError, match=re.escape(typed)):
        parse_score(typed)


def _line(code: str, weight: str, value: str | None) -> CriterionLine:
    return CriterionLine(
        0, code, code, Decimal(weight), None if value is None else Decimal(value), ""
    )


def test_running_score_is_the_engines_rule_half_up():
    # (30 × 80 + 70 × 75,55) / 100 = 76,885 -> 76,89 (half up)
    lines = [_line("a", "30", "80"), _line("b", "70", "75.55")]
    assert running_score(lines) == Decimal("76.89")
    # Partial: over what is scored so far; nothing scored: no score.
    assert running_score([_line("a", "30", "80"), _line("b", "70", None)]) == Decimal("80.00")
    assert running_score([_line("a", "30", None)]) is None


def _scores(sheet, *values: str) -> dict[str, str]:
    return {code: value for (code, _w), value in zip(sheet.criteria, values, strict=False)}


def test_save_submit_and_lock(any_app, any_login):
    sheet = prepare_sheet(engine_of(any_app))
    juror = any_login("juri")
    token = csrf_of(juror, sheet)
    assert declare(juror, sheet, token).status_code == 200
    page = juror.get(sheet.path).get_data(as_text=True)
    assert 'id="sheet-submit"' in page and "kipp-sheet.js" in page and "readonly" not in page
    # The demo's first proposal criterion weighs 0: (0 × 82,5 + 10 × 70,25) / 10 = 70,25.
    body = {"revision": 0, "scores": _scores(sheet, "82,5", "70.25")}
    first = post_sheet(juror, sheet, token, body)
    assert first.status_code == 200, first.get_json()
    saved = first.get_json()["sheet"]
    assert saved["revision"] == 1 and saved["scores"][sheet.criteria[0][0]] == "82,5"
    assert saved["saved"].startswith("Tersimpan pukul ") and saved["score"] == "70,25"
    # Submit while incomplete: refused, the sheet stays a draft.
    early = post_sheet(juror, sheet, token, {"revision": 1, "action": "submit"})
    assert early.status_code == 400 and "belum dinilai" in early.get_json()["message"]
    values = ["82.5"] + ["70"] * (len(sheet.criteria) - 1)
    body = {"revision": 1, "action": "submit", "scores": _scores(sheet, *values), "note": "ok"}
    done = post_sheet(juror, sheet, token, body)
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["sheet"]["locked"] and done.get_json()["sheet"]["state"] == "submitted"
    with transaction(engine_of(any_app)) as session:
        assert session.execute(select(SheetState.state)).scalars().all().count("submitted") == 1
    # Locked: a save is refused (423), and the page is read-only with no submit button.
    later = post_sheet(juror, sheet, token, {"revision": 3, "scores": _scores(sheet, "1")})
    assert later.status_code == 423
    page = juror.get(sheet.path).get_data(as_text=True)
    assert 'id="sheet-submit"' not in page and "Terkirim" in page and "readonly" in page
    # The list shows it as Terkirim, with a link to the sheet.
    listing = juror.get("/penilaian").get_data(as_text=True)
    assert f'href="{sheet.path}?lang=id"' in listing and "Terkirim" in listing


# Page and access checks on SQLite only (conftest's rule for page tests): the reopen is
# written on both back ends in test_jury_sheets.py, and the save, the stale revision, the
# conflict and the extension below stay on both.
SQLITE_ONLY = pytest.mark.parametrize("any_app", ["sqlite"], indirect=True)


@SQLITE_ONLY
def test_a_reopened_sheet_shows_the_committees_reason(any_app, any_login):
    sheet = prepare_sheet(engine_of(any_app))
    juror = any_login("juri")
    token = csrf_of(juror, sheet)
    assert declare(juror, sheet, token).status_code == 200
    values = ["80"] * len(sheet.criteria)
    body = {"revision": 0, "action": "submit", "scores": _scores(sheet, *values)}
    assert post_sheet(juror, sheet, token, body).status_code == 200
    with transaction(engine_of(any_app)) as session:
        key = session.execute(
            select(SheetState.stage_id, SheetState.juror_id, SheetState.innovation_id)
        ).one()
        reopen(session, SheetKey(*key), "Aspek 2 tertukar", "panitia")
    page = juror.get(sheet.path).get_data(as_text=True)
    assert "Panitia membuka kembali lembar ini: Aspek 2 tertukar" in page
    assert 'id="sheet-submit"' in page
    assert "Draf" in juror.get("/penilaian").get_data(as_text=True)


def test_a_stale_revision_is_refused_with_the_others_values(any_app, any_login):
    sheet = prepare_sheet(engine_of(any_app))
    juror = any_login("juri")
    token = csrf_of(juror, sheet)
    assert declare(juror, sheet, token).status_code == 200
    code = sheet.criteria[0][0]
    assert (
        post_sheet(juror, sheet, token, {"revision": 0, "scores": {code: "60"}}).status_code == 200
    )
    # A second tab still holding revision 0 saves: refused, with what the first saved.
    stale = post_sheet(juror, sheet, token, {"revision": 0, "scores": {code: "90"}})
    assert stale.status_code == 409
    assert stale.get_json()["sheet"]["scores"][code] == "60"
    assert stale.get_json()["sheet"]["revision"] == 1
    kept = juror.get(sheet.path).get_data(as_text=True)
    assert 'value="60"' in kept and 'value="90"' not in kept


def test_invalid_values_are_refused_field_by_field(app, login):
    sheet = prepare_sheet(engine_of(app))
    juror = login("juri")
    token = csrf_of(juror, sheet)
    assert declare(juror, sheet, token).status_code == 200
    code = sheet.criteria[0][0]
    for bad in ("101", "82,555", "abc", 82):
        answer = post_sheet(juror, sheet, token, {"revision": 0, "scores": {code: bad}})
        assert answer.status_code == 400, bad
        assert "0–100" in answer.get_json()["errors"][code]
    english = post_sheet(juror, sheet, token, {"revision": 0, "scores": {code: "x"}}, lang="en")
    assert "from 0 to 100" in english.get_json()["errors"][code]
    # Malformed bodies and an unknown criterion: 400, nothing saved.
    for body in ([], {"revision": "0"}, {"revision": 0, "scores": []}, {"revision": 0, "note": 5}):
        assert post_sheet(juror, sheet, token, body).status_code == 400, body
    unknown = post_sheet(juror, sheet, token, {"revision": 0, "scores": {"ZZ": "5"}})
    assert unknown.status_code == 400
    with transaction(engine_of(app)) as session:
        assert session.execute(select(SheetState)).first() is None


def test_no_csrf_token_and_a_large_body_are_refused_unread(app, login):
    sheet = prepare_sheet(engine_of(app))
    juror = login("juri")
    token = csrf_of(juror, sheet)
    assert juror.post(sheet.api, json={"revision": 0}).status_code == 403
    assert post_sheet(juror, sheet, "forged", {"revision": 0}).status_code == 403
    huge = {"revision": 0, "note": "x" * (70 * 1024)}
    assert post_sheet(juror, sheet, token, huge).status_code == 413
    long_note = {"revision": 0, "note": "x" * 4001}
    assert post_sheet(juror, sheet, token, long_note).status_code == 400


@pytest.mark.parametrize("window", ["past", "future"])
def test_outside_the_window_the_sheet_is_read_only(app, login, window):
    sheet = prepare_sheet(engine_of(app), window=window)
    juror = login("juri")
    token = csrf_of(juror, sheet)
    page = juror.get(sheet.path).get_data(as_text=True)
    assert "Di luar jadwal penilaian" in page and 'id="sheet-submit"' not in page
    assert page.count("readonly") == 2 * len(sheet.criteria) + 1
    # No declaration is asked while closed, and none is taken.
    assert 'id="sheet-declare"' not in page
    assert declare(juror, sheet, token).status_code == 403
    answer = post_sheet(juror, sheet, token, {"revision": 0, "scores": {sheet.criteria[0][0]: "5"}})
    assert answer.status_code == 403 and "ditutup" in answer.get_json()["message"]


@SQLITE_ONLY
def test_only_the_juror_opens_their_own_assigned_sheets(any_app, any_login):
    sheet = prepare_sheet(engine_of(any_app))
    juror = any_login("juri")
    token = csrf_of(juror, sheet)
    not_mine = f"/penilaian/{sheet.stage}/{sheet.other}"
    refused = juror.get(f"{not_mine}?lang=en")
    assert refused.status_code == 404
    assert "href='/penilaian?lang=en'>← Back to My assessments" in refused.get_data(as_text=True)
    answer = juror.post(f"/api{not_mine}", json={"revision": 0}, headers={"X-CSRF-Token": token})
    assert answer.status_code == 404
    assert juror.get("/penilaian/tahap-lain/X").status_code == 404
    for role in ("viewer", "bupati", "admin"):
        assert any_login(role).get(sheet.path).status_code == 403, role
        assert any_login(role).post(sheet.api, json={"revision": 0}).status_code == 403, role
    anonymous = any_app.test_client()
    assert anonymous.get(sheet.path).headers["Location"].startswith("/login?next=/penilaian/")
    assert anonymous.post(sheet.api, json={"revision": 0}).status_code == 401


def _key(engine, sheet) -> SheetKey:
    """Return the SheetKey of the prepared sheet (the juri account's juror)."""
    with transaction(engine) as session:
        return SheetKey(
            *session.execute(
                select(Assignment.stage_id, Assignment.juror_id, Assignment.innovation_id)
                .join(Stage, Stage.id == Assignment.stage_id)
                .join(Juror, Juror.id == Assignment.juror_id)
                .join(Innovation, Innovation.id == Assignment.innovation_id)
                .where(
                    Stage.code == sheet.stage,
                    Juror.code == JURI_JUROR,
                    Innovation.code == sheet.innovation,
                )
            ).one()
        )


def test_the_scores_wait_for_the_declaration_of_no_conflict(app, login):
    sheet = prepare_sheet(engine_of(app))
    juror = login("juri")
    token = csrf_of(juror, sheet)
    page = juror.get(sheet.path).get_data(as_text=True)
    # Asked first: the button, the conflict path with its reason; the fields wait, disabled.
    assert 'id="sheet-declare"' in page and "Tidak ada konflik kepentingan" in page
    assert "Saya memiliki konflik kepentingan" in page and 'id="declare-reason"' in page
    # Fields and comments, the note, and both declaration buttons until the script listens.
    assert page.count(" disabled") == 2 * len(sheet.criteria) + 3
    assert 'id="sheet-submit"' not in page
    assert "Belum dinilai" in juror.get("/penilaian").get_data(as_text=True)
    code = sheet.criteria[0][0]
    early = post_sheet(juror, sheet, token, {"revision": 0, "scores": {code: "80"}})
    assert early.status_code == 403 and "konflik kepentingan" in early.get_json()["message"]
    # Only the score, also a note alone: the fields wait for the declaration as a whole.
    assert post_sheet(juror, sheet, token, {"revision": 0, "note": "x"}).status_code == 403
    done = declare(juror, sheet, token)
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["sheet"]["conflict"] == "none"
    assert done.get_json()["sheet"]["editable"] is True
    # Again: no change, still fine.
    assert declare(juror, sheet, token).status_code == 200
    page = juror.get(sheet.path).get_data(as_text=True)
    assert 'id="sheet-declare"' not in page
    assert page.count(" disabled") == 1  # the submit button, until the script listens
    assert 'id="sheet-submit" class="btn btn-primary" type="button" disabled' in page
    saved = post_sheet(juror, sheet, token, {"revision": 0, "scores": {code: "80"}})
    assert saved.status_code == 200, saved.get_json()
    with transaction(engine_of(app)) as session:
        row = session.execute(select(ConflictDeclaration)).scalar_one()
        assert (row.conflict, row.declared_by) == (False, "juri-j01")
    english = juror.get(f"{sheet.path}?lang=en").get_data(as_text=True)
    assert "Score sheet" in english


def test_the_declaration_step_in_english(app, login):
    sheet = prepare_sheet(engine_of(app))
    juror = login("juri")
    page = juror.get(f"{sheet.path}?lang=en").get_data(as_text=True)
    assert "No conflict of interest" in page and "I have a conflict of interest" in page
    assert "Tidak ada konflik" not in page and "Reason (required)" in page
    # The stage by its English name, here and on the list, as every other page says it.
    listing = juror.get("/penilaian?lang=en").get_data(as_text=True)
    for english in (page, listing):
        assert "Proposal Assessment" in english and "Penilaian Proposal" not in english


def _bar(page: str) -> str:
    """Return the line of the sheet's fixed bar (#sheet-saved) as the server wrote it."""
    found = re.search(r'id="sheet-saved"[^>]*>([^<]*)<', page)
    assert found, "the page has no #sheet-saved"
    return found.group(1)


def test_a_declared_conflict_awaits_the_committee_then_abstains(any_app, any_login):
    engine = engine_of(any_app)
    sheet = prepare_sheet(engine)
    juror = any_login("juri")
    token = csrf_of(juror, sheet)
    # The reason is required, by the endpoint too.
    for body in ({"conflict": True}, {"conflict": True, "reason": "  "}):
        empty = declare(juror, sheet, token, body)
        assert empty.status_code == 400 and "Alasan" in empty.get_json()["message"]
    too_long = declare(juror, sheet, token, {"conflict": True, "reason": "x" * 1001})
    assert too_long.status_code == 400
    reason = {"conflict": True, "reason": "Inovator adalah adik saya"}
    made = declare(juror, sheet, token, reason)
    assert made.status_code == 200, made.get_json()
    assert made.get_json()["sheet"]["conflict"] == "declared"
    assert made.get_json()["sheet"]["editable"] is False
    # Read-only, awaiting the committee, the reason shown; nothing is taken meanwhile.
    page = juror.get(sheet.path).get_data(as_text=True)
    assert "menunggu keputusan panitia" in page and "Inovator adalah adik saya" in page
    assert _bar(page).startswith("Konflik kepentingan dinyatakan pukul ")  # not a save's time
    assert 'id="sheet-declare"' not in page and 'id="sheet-submit"' not in page
    assert page.count("readonly") == 2 * len(sheet.criteria) + 1
    code = sheet.criteria[0][0]
    refused = post_sheet(juror, sheet, token, {"revision": 0, "scores": {code: "80"}})
    assert refused.status_code == 403 and "menunggu" in refused.get_json()["message"]
    again = declare(juror, sheet, token)
    assert again.status_code == 409 and "panitia" in again.get_json()["message"]
    listing = juror.get("/penilaian").get_data(as_text=True)
    assert "Konflik dinyatakan" in listing and f'href="{sheet.path}?lang=id"' in listing
    english = juror.get(f"{sheet.path}?lang=en").get_data(as_text=True)
    assert "awaits the committee" in english
    # The committee confirms: the assignment abstains, and the sheet says so.
    with transaction(engine) as session:
        confirm_conflict(session, _key(engine, sheet), "panitia")
    page = juror.get(f"{sheet.path}?lang=id").get_data(as_text=True)
    assert "Abstain: panitia mengonfirmasi" in page and 'id="sheet-submit"' not in page
    assert _bar(page) == "Abstain"
    assert 'id="sheet-declare"' not in page and "readonly" in page
    refused = post_sheet(juror, sheet, token, {"revision": 0, "note": "x"})
    assert refused.status_code == 403 and "abstain" in refused.get_json()["message"]
    assert declare(juror, sheet, token).status_code == 403
    listing = juror.get("/penilaian?lang=id").get_data(as_text=True)
    assert "Abstain" in listing and "Konflik dinyatakan" not in listing


def test_a_conflict_found_after_declaring_none_can_still_be_declared(app, login):
    sheet = prepare_sheet(engine_of(app))
    juror = login("juri")
    token = csrf_of(juror, sheet)
    assert declare(juror, sheet, token).status_code == 200
    later = declare(juror, sheet, token, {"conflict": True, "reason": "Baru tahu"})
    assert later.status_code == 200 and later.get_json()["sheet"]["conflict"] == "declared"


def test_the_declaration_endpoint_checks_as_the_save_does(app, login):
    sheet = prepare_sheet(engine_of(app))
    juror = login("juri")
    token = csrf_of(juror, sheet)
    assert app.test_client().post(sheet.declare, json={"conflict": False}).status_code == 401
    for role in ("viewer", "bupati", "admin"):
        assert login(role).post(sheet.declare, json={"conflict": False}).status_code == 403
    assert juror.post(sheet.declare, json={"conflict": False}).status_code == 403  # no CSRF
    assert declare(juror, sheet, "forged").status_code == 403
    huge = {"conflict": True, "reason": "x" * (70 * 1024)}
    assert declare(juror, sheet, token, huge).status_code == 413
    for body in ([], {}, {"conflict": "no"}, {"conflict": 0}, {"conflict": True, "reason": 5}):
        assert declare(juror, sheet, token, body).status_code == 400, body
    not_mine = f"/api/penilaian/{sheet.stage}/{sheet.other}/konflik"
    answer = juror.post(not_mine, json={"conflict": False}, headers={"X-CSRF-Token": token})
    assert answer.status_code == 404
    # None of that recorded anything.
    with transaction(engine_of(app)) as session:
        assert session.execute(select(ConflictDeclaration)).first() is None


def test_a_partly_imported_sheet_is_listed_as_imported_not_submitted(app, login):
    # The committee's import brought some of the criteria: locked, yet not finished.
    engine = engine_of(app)
    sheet = prepare_sheet(engine)
    with transaction(engine) as session:
        juror_id = session.execute(select(Juror.id).where(Juror.code == JURI_JUROR)).scalar()
        stage_id, innovation_id = session.execute(
            select(Stage.id, Innovation.id)
            .join(Innovation, Innovation.edition_id == Stage.edition_id)
            .join(Juror, Juror.edition_id == Stage.edition_id)
            .where(
                Juror.id == juror_id, Stage.code == sheet.stage, Innovation.code == sheet.innovation
            )
        ).one()
        criteria = session.execute(
            select(Criterion.id).where(Criterion.stage_id == stage_id).order_by(Criterion.id)
        ).scalars()
        for criterion_id in list(criteria)[:-1]:
            session.add(
                Score(
                    stage_id=stage_id,
                    juror_id=juror_id,
                    innovation_id=innovation_id,
                    criterion_id=criterion_id,
                    score_centi=8000,
                    scored_at=utcnow(),
                )
            )
    juror = login("juri")
    scored, total = len(sheet.criteria) - 1, len(sheet.criteria)
    for lang, said in (("id", "Impor: {} dari {} aspek"), ("en", "Imported: {} of {} criteria")):
        listing = juror.get(f"/penilaian?lang={lang}").get_data(as_text=True)
        link = listing.index(f'href="{sheet.path}?lang={lang}"')
        item = listing[listing.rindex("<li", 0, link) : listing.index("</li>", link)]
        assert said.format(scored, total) in item and "(impor" not in item, item


def test_a_one_day_window_names_its_day_once():
    # The demo's presentation stage is one day: not "12 Desember 2026 – 12 Desember 2026".
    day, next_day = date(2026, 12, 12), date(2026, 12, 13)
    assert scoring_window(day, day, "id") == "Jadwal penilaian: 12 Desember 2026"
    assert scoring_window(day, day, "en") == "Scoring window: December 12, 2026"
    both = "Jadwal penilaian: 12 Desember 2026 – 13 Desember 2026"
    assert scoring_window(day, next_day, "id") == both
    assert scoring_window(None, day, "id") == "Jadwal penilaian belum ditetapkan"


def test_a_committee_extension_for_this_juror_reopens_a_closed_window(any_app, any_login):
    engine = engine_of(any_app)
    sheet = prepare_sheet(engine, window="past")
    juror = any_login("juri")
    token = csrf_of(juror, sheet)
    assert "Di luar jadwal penilaian" in juror.get(sheet.path).get_data(as_text=True)
    today = local_today()
    assert format_date(today, lang="id") not in juror.get("/penilaian").get_data(as_text=True)
    with transaction(engine) as session:
        extend_window(session, DEMO_CODE, sheet.stage, today, "panitia", juror="J02")
    # Another juror's extension opens nothing for this one.
    assert "Di luar jadwal penilaian" in juror.get(sheet.path).get_data(as_text=True)
    with transaction(engine) as session:
        extend_window(session, DEMO_CODE, sheet.stage, today, "panitia", juror=JURI_JUROR)
    page = juror.get(sheet.path).get_data(as_text=True)
    assert "Di luar jadwal" not in page and 'id="sheet-declare"' in page
    assert "diperpanjang panitia" in page
    # /penilaian shows the stage's last day as extended for this juror.
    assert format_date(today, lang="id") in juror.get("/penilaian").get_data(as_text=True)
    assert declare(juror, sheet, token).status_code == 200
    code = sheet.criteria[0][0]
    saved = post_sheet(juror, sheet, token, {"revision": 0, "scores": {code: "77"}})
    assert saved.status_code == 200, saved.get_json()
    assert 'id="sheet-submit"' in juror.get(sheet.path).get_data(as_text=True)


def _set_texts(app, sheet, *, summary, url, description) -> None:
    """Store the sheet's innovation's summary and link and its first criterion's description."""
    with transaction(engine_of(app)) as session:
        innovation = session.scalars(
            select(Innovation)
            .join(Juror, Juror.edition_id == Innovation.edition_id)
            .where(Juror.code == JURI_JUROR, Innovation.code == sheet.innovation)
        ).one()
        innovation.summary, innovation.proposal_url = summary, url
        stage_id = session.execute(
            select(Stage.id).where(
                Stage.edition_id == innovation.edition_id, Stage.code == "proposal"
            )
        ).scalar_one()
        first = session.scalars(
            select(Criterion).where(
                Criterion.stage_id == stage_id, Criterion.code == sheet.criteria[0][0]
            )
        ).one()
        first.description = description


def test_the_sheet_shows_the_criteria_descriptions_the_summary_and_the_proposal(app, login):
    sheet = prepare_sheet(engine_of(app))
    url = "https://proposal.contoh.invalid/uji.pdf?v=1&b=2"
    _set_texts(app, sheet, summary="Layanan <b>cepat</b> untuk warga.", url=url,
               description="Kejelasan masalah & tujuan.")  # fmt: skip
    juror = login("juri")
    page = juror.get(sheet.path).get_data(as_text=True)
    assert "Layanan &lt;b&gt;cepat&lt;/b&gt; untuk warga." in page  # text, never HTML
    assert 'id="about-1">Kejelasan masalah &amp; tujuan.</p>' in page
    assert 'aria-describedby="about-1 error-1"' in page
    link = re.search(
        r'<a href="([^"]*)" target="_blank" rel="noopener noreferrer">Baca proposal', page
    )
    assert (
        link is not None and link.group(1) == "https://proposal.contoh.invalid/uji.pdf?v=1&amp;b=2"
    )
    english = juror.get(f"{sheet.path}?lang=en").get_data(as_text=True)
    assert "Read the proposal" in english and "Baca proposal" not in english


@pytest.mark.parametrize(
    "stored",
    ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "//evil.invalid/x",
     "ftp://proposal.contoh.invalid/x", "https://x.invalid/\" onclick=\"x", ""],
)  # fmt: skip
def test_a_stored_link_that_is_not_http_is_never_drawn(app, login, stored):
    sheet = prepare_sheet(engine_of(app))
    _set_texts(app, sheet, summary=None, url=stored, description=None)
    page = login("juri").get(sheet.path).get_data(as_text=True)
    assert "Baca proposal" not in page and "kipp-sheet-about" not in page
    assert "about-1" not in page
    if stored:
        assert stored not in page and "alert(1)" not in page
