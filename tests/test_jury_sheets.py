"""A juror's sheet in the app: drafts, submit, reopen, conflicts, and the append-only history."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from data_access.db import transaction
from data_access.jury import conflicts, sheets
from data_access.jury.history import SheetKey, sheet_history
from data_access.models import DataVersion, Edition, ScoreHistory
from data_access.reports import edition_report, load_edition_data, ranking
from tests.seed import add_edition, add_innovation, add_juror, add_unit, stage_of

FULL = {
    "ringkasan": "50",
    "latar_belakang": "80",
    "kebaruan": "70.5",
    "implementasi": "90",
    "signifikansi": "60.25",
    "adaptabilitas": "85",
    "sumber_daya": "75",
    "keberlanjutan": "65",
}
# Inside the seeded proposal window (17–22 November 2022, WIB).
NOW = datetime(2022, 11, 18, 3, 0, tzinfo=UTC)


@pytest.fixture
def key(engine) -> SheetKey:
    """Seed one edition with one juror and one eligible innovation; return its proposal sheet."""
    with transaction(engine) as s:
        edition = add_edition(s)
        innovation = add_innovation(s, edition, "I01", add_unit(s, "U1"))
        juror = add_juror(s, edition, "J1")
        key = SheetKey(stage_of(s, edition, "proposal").id, juror.id, innovation.id)
        conflicts.declare_no_conflict(s, key, "juri1")
        return key


def _save(engine, key, values, revision, **kw):
    with transaction(engine) as s:
        given = {c: None if v is None else Decimal(v) for c, v in values.items()}
        return sheets.save_draft(
            s, key, given, expected_revision=revision, actor="juri1", now=NOW, **kw
        )


def _version(engine) -> int:
    with transaction(engine) as s:
        return s.execute(select(DataVersion.version)).scalar_one()


def _proposal_score(engine):
    with transaction(engine) as s:
        report = edition_report(s, "t-2022")
        reference = ranking(load_edition_data(s, "t-2022"))
    assert report.ranking.rows == reference.rows  # the SQL path equals the pure engine
    return report.ranking.rows[0].proposal_score, report.progress


def test_a_draft_counts_only_once_submitted(engine, key):
    """A full draft is partial in the ranking and progress; submitting makes it count."""
    sheet = _save(engine, key, FULL, 0, comments={"kebaruan": "baru"}, note="catatan")
    assert (sheet.state, sheet.revision, sheet.complete, sheet.note) == (
        "draft",
        1,
        True,
        "catatan",
    )
    assert sheet.criteria[2].comment == "baru"
    score, progress = _proposal_score(engine)
    assert score is None
    juror = next(j for j in progress.jurors if j.stage == "proposal")
    assert (juror.complete, juror.partial, juror.drafts) == (0, 1, 1)
    before = _version(engine)
    with transaction(engine) as s:
        done = sheets.submit(s, key, expected_revision=1, actor="juri1", now=NOW)
    assert (done.state, done.revision, done.locked) == ("submitted", 2, True)
    assert _version(engine) > before  # the wall sees the submission
    score, progress = _proposal_score(engine)
    assert score == Decimal("71.65")  # Σ weight × score / 100 over the default criteria
    juror = next(j for j in progress.jurors if j.stage == "proposal")
    assert (juror.complete, juror.partial, juror.drafts) == (1, 0, 0)


def test_a_stale_save_is_refused_with_the_values_on_record(engine, key):
    _save(engine, key, {"kebaruan": "80"}, 0)
    _save(engine, key, {"kebaruan": "81"}, 1)  # another tab
    with pytest.raises(sheets.SheetConflict) as refused:
        _save(engine, key, {"kebaruan": "50"}, 1)
    assert refused.value.current.revision == 2
    assert refused.value.current.values["kebaruan"] == Decimal("81.00")
    with pytest.raises(sheets.SheetConflict):
        _save(engine, key, {"kebaruan": "50"}, 0)  # a second "first save"


def test_submitted_sheets_are_locked_until_the_committee_reopens(engine, key):
    _save(engine, key, FULL, 0)
    with transaction(engine) as s:
        sheets.submit(s, key, expected_revision=1, actor="juri1", now=NOW)
    with pytest.raises(sheets.SheetLocked):
        _save(engine, key, {"kebaruan": "10"}, 2)
    with transaction(engine) as s, pytest.raises(sheets.SheetRefused):
        sheets.reopen(s, key, "   ", by="panitia")
    with transaction(engine) as s:
        opened = sheets.reopen(s, key, "Nilai replikasi salah ketik", by="panitia")
    assert (opened.state, opened.reopen_reason, opened.reopened_by) == (
        "draft",
        "Nilai replikasi salah ketik",
        "panitia",
    )
    _save(engine, key, {"signifikansi": "65", "kebaruan": None}, opened.revision)
    with transaction(engine) as s, pytest.raises(sheets.SheetRefused) as incomplete:
        sheets.submit(s, key, expected_revision=opened.revision + 1, actor="juri1", now=NOW)
    assert "1" in str(incomplete.value)
    with transaction(engine) as s:
        lines = [
            (h.event, h.criterion_code, h.old_centi, h.new_centi) for h in sheet_history(s, key)
        ]
    assert lines[8:] == [
        ("submit", None, None, None),
        ("reopen", None, None, None),
        ("score", "signifikansi", 6025, 6500),
        ("score", "kebaruan", 7050, None),
    ]
    assert lines[0] == ("score", "ringkasan", None, 5000)


@pytest.mark.parametrize("value", ["100.001", "-1", "100.01", "NaN", "Infinity"])
def test_values_outside_the_scale_are_refused(engine, key, value):
    with pytest.raises(sheets.InvalidScore):
        _save(engine, key, {"kebaruan": value}, 0)


def test_an_unsaved_sheet_cannot_be_submitted(engine, key):
    with transaction(engine) as s, pytest.raises(sheets.SheetRefused):
        sheets.submit(s, key, expected_revision=0, actor="juri1", now=NOW)


def test_the_history_refuses_update_and_delete(engine, key):
    """Nothing edits or removes the record, and deleting the edition is not blocked by it."""
    _save(engine, key, {"kebaruan": "80"}, 0)
    for statement in (update(ScoreHistory).values(by="x"), delete(ScoreHistory)):
        with pytest.raises(DBAPIError, match="append-only"), transaction(engine) as s:
            s.execute(statement)
    if engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"), transaction(engine) as s:
            s.execute(text("TRUNCATE score_history"))
    with transaction(engine) as s:
        s.delete(s.execute(select(Edition)).scalar_one())
    with transaction(engine) as s:
        assert s.execute(select(ScoreHistory.juror_code)).scalars().all() == ["J1"]
