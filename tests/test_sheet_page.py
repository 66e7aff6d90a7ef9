"""The juror's sheet page and its save endpoint (dashboard/sheet_routes.py), through Flask."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from data_access.db import transaction
from data_access.jury.sheet_access import parse_score, running_score
from data_access.jury.sheets import CriterionLine, reopen
from data_access.models import SheetState
from tests.sheets_web import csrf_of, engine_of, post_sheet, prepare_sheet


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


def test_save_submit_and_lock(app, login):
    sheet = prepare_sheet(engine_of(app))
    juror = login("juri")
    token = csrf_of(juror, sheet)
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
    with transaction(engine_of(app)) as session:
        assert session.execute(select(SheetState.state)).scalars().all().count("submitted") == 1
    # Locked: a save is refused (423), and the page is read-only with no submit button.
    later = post_sheet(juror, sheet, token, {"revision": 3, "scores": _scores(sheet, "1")})
    assert later.status_code == 423
    page = juror.get(sheet.path).get_data(as_text=True)
    assert 'id="sheet-submit"' not in page and "Terkirim" in page and "readonly" in page
    # The list shows it as Terkirim, with a link to the sheet.
    listing = juror.get("/penilaian").get_data(as_text=True)
    assert f'href="{sheet.path}?lang=id"' in listing and "Terkirim" in listing


def test_a_reopened_sheet_shows_the_committees_reason(app, login):
    sheet = prepare_sheet(engine_of(app))
    juror = login("juri")
    token = csrf_of(juror, sheet)
    values = ["80"] * len(sheet.criteria)
    body = {"revision": 0, "action": "submit", "scores": _scores(sheet, *values)}
    assert post_sheet(juror, sheet, token, body).status_code == 200
    with transaction(engine_of(app)) as session:
        key = session.execute(
            select(SheetState.stage_id, SheetState.juror_id, SheetState.innovation_id)
        ).one()
        from data_access.jury.sheets import SheetKey

        reopen(session, SheetKey(*key), "Aspek 2 tertukar", "panitia")
    page = juror.get(sheet.path).get_data(as_text=True)
    assert "Panitia membuka kembali lembar ini: Aspek 2 tertukar" in page
    assert 'id="sheet-submit"' in page
    assert "Draf" in juror.get("/penilaian").get_data(as_text=True)


def test_a_stale_revision_is_refused_with_the_others_values(app, login):
    sheet = prepare_sheet(engine_of(app))
    juror = login("juri")
    token = csrf_of(juror, sheet)
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
    answer = post_sheet(juror, sheet, token, {"revision": 0, "scores": {sheet.criteria[0][0]: "5"}})
    assert answer.status_code == 403 and "jadwal" in answer.get_json()["message"]


def test_only_the_juror_opens_their_own_assigned_sheets(app, login):
    sheet = prepare_sheet(engine_of(app))
    juror = login("juri")
    token = csrf_of(juror, sheet)
    not_mine = f"/penilaian/{sheet.stage}/{sheet.other}"
    assert juror.get(not_mine).status_code == 404
    answer = juror.post(f"/api{not_mine}", json={"revision": 0}, headers={"X-CSRF-Token": token})
    assert answer.status_code == 404
    assert juror.get("/penilaian/tahap-lain/X").status_code == 404
    for role in ("viewer", "bupati", "admin"):
        assert login(role).get(sheet.path).status_code == 403, role
        assert login(role).post(sheet.api, json={"revision": 0}).status_code == 403, role
    anonymous = app.test_client()
    assert anonymous.get(sheet.path).headers["Location"].startswith("/login?next=/penilaian/")
    assert anonymous.post(sheet.api, json={"revision": 0}).status_code == 401
