"""The committee's side of the jury's sheets: conflicts of interest and scoring windows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from data_access import queries
from data_access.db import transaction
from data_access.jury import conflicts, lookup, sheets, windows
from data_access.jury.history import SheetKey
from data_access.models import Assignment, DataVersion, Edition, Innovation, Juror
from data_access.reports import edition_report, load_edition_data, progress, ranking
from data_access.scoring import ABSTAINED, COUNTED, stage_contexts
from tests.seed import (
    add_edition,
    add_innovation,
    add_juror,
    add_sheet,
    add_unit,
    full_sheet,
    stage_of,
)

# The seeded proposal window: 17–22 November 2022, WIB (UTC+7).
INSIDE = datetime(2022, 11, 18, 3, 0, tzinfo=UTC)
LAST_MINUTE = datetime(2022, 11, 22, 16, 59, tzinfo=UTC)  # 23.59 WIB on the last day
CLOSED = datetime(2022, 11, 22, 17, 0, tzinfo=UTC)  # 00.00 WIB the day after
BEFORE = datetime(2022, 11, 16, 16, 59, tzinfo=UTC)  # 23.59 WIB the day before


@pytest.fixture
def keys(engine) -> tuple[SheetKey, SheetKey]:
    """Seed one edition with two jurors and one innovation; return both proposal sheets."""
    with transaction(engine) as s:
        edition = add_edition(s)
        innovation = add_innovation(s, edition, "I01", add_unit(s, "U1"))
        stage = stage_of(s, edition, "proposal").id
        return tuple(
            SheetKey(stage, add_juror(s, edition, code).id, innovation.id) for code in ("J1", "J2")
        )


def _save(engine, key, now=INSIDE, value="80"):
    with transaction(engine) as s:
        revision = sheets.load_sheet(s, key).revision
        return sheets.save_draft(
            s,
            key,
            {"kebaruan": Decimal(value)},
            expected_revision=revision,
            actor="juri",
            now=now,
        )


def _version(engine) -> int:
    with transaction(engine) as s:
        return s.execute(select(DataVersion.version)).scalar_one()


def test_no_score_before_a_declaration(engine, keys):
    key, _ = keys
    with pytest.raises(sheets.DeclarationRequired) as refused:
        _save(engine, key)
    assert refused.value.message.key == "conflict.required"
    with transaction(engine) as s:
        assert conflicts.declaration(s, key) is None
        done = conflicts.declare_no_conflict(s, key, "juri")
        again = conflicts.declare_no_conflict(s, key, "juri")
    assert (done.status, again.declared_at) == (conflicts.NONE, done.declared_at)
    assert _save(engine, key).values["kebaruan"] == Decimal("80.00")


def test_a_confirmed_conflict_makes_the_juror_abstain(engine, keys):
    """Declared: no score; confirmed by the committee: the assignments abstain, the data moves."""
    key, other = keys
    with transaction(engine) as s, pytest.raises(conflicts.ConflictRefused):
        conflicts.declare_conflict(s, key, "  ", "juri")
    with transaction(engine) as s:
        conflicts.declare_no_conflict(s, key, "juri")
        declared = conflicts.declare_conflict(s, key, "Kepala unit adalah saudara saya", "juri")
        conflicts.declare_no_conflict(s, other, "juri2")
    assert (declared.status, declared.reason) == (
        conflicts.DECLARED,
        "Kepala unit adalah saudara saya",
    )
    with pytest.raises(sheets.DeclarationRequired) as refused:
        _save(engine, key)
    assert refused.value.message.key == "conflict.declared"
    with transaction(engine) as s, pytest.raises(conflicts.ConflictRefused):
        conflicts.declare_no_conflict(s, key, "juri")  # only the committee decides now
    with transaction(engine) as s:
        presentation = lookup.stage_id(s, queries.get_edition(s, "t-2022").id, "presentation")
        # Every stage lists assignments, none of them J1's for I01: nothing to abstain from.
        s.add_all(
            Assignment(stage_id=stage, juror_id=other.juror_id, innovation_id=other.innovation_id)
            for stage in (other.stage_id, presentation)
        )
    with transaction(engine) as s, pytest.raises(conflicts.ConflictRefused) as unassigned:
        conflicts.confirm_conflict(s, key, "panitia")
    assert unassigned.value.message.key == "conflict.no_assignment"
    with transaction(engine) as s, pytest.raises(conflicts.ConflictRefused):
        conflicts.confirm_conflict(s, other, "panitia")  # J2 declared none
    with transaction(engine) as s:
        s.add(Assignment(**key._asdict()))
    before = _version(engine)
    with transaction(engine) as s:
        confirmed = conflicts.confirm_conflict(s, key, "panitia")
    assert (confirmed.status, confirmed.confirmed_by) == (conflicts.CONFIRMED, "panitia")
    assert _version(engine) > before  # the ranking and progress see the abstention
    with transaction(engine) as s:
        abstain = dict(
            s.execute(
                select(Assignment.juror_id, Assignment.abstain).where(
                    Assignment.stage_id == key.stage_id
                )
            ).all()
        )
        # J1 is not assigned I01 in the presentation stage, which lists assignments.
        mine = select(func.count()).select_from(Assignment)
        assert s.scalar(mine.where(Assignment.juror_id == key.juror_id)) == 1
        edition_id = queries.get_edition(s, "t-2022").id
        listed = conflicts.conflicts(s, edition_id)
        everything = conflicts.conflicts(s, edition_id, with_none=True)
    assert abstain == {key.juror_id: True, other.juror_id: False}
    assert [(d.juror_code, d.innovation_code, d.status) for d in listed] == [
        ("J1", "I01", conflicts.CONFIRMED)
    ]
    assert [d.juror_code for d in everything] == ["J1", "J2"]
    with pytest.raises(sheets.DeclarationRequired) as refused:
        _save(engine, key)
    assert refused.value.message.key == "conflict.abstained"


def test_a_conflict_is_confirmed_in_a_stage_without_assignments(engine, keys):
    """No assignment rows (every juror scores everything): the confirmation is the abstention.

    No row is written (the stage would then list assignments): J2's sheet still counts,
    J1's is an abstention, in the pure scoring and in the SQL totals.
    """
    key, other = keys
    with transaction(engine) as s:
        conflicts.declare_no_conflict(s, other, "juri2")
        conflicts.declare_conflict(s, key, "Saya pembina inovasi ini", "juri")
        edition = s.get(Edition, queries.get_edition(s, "t-2022").id)
        innovation = s.get(Innovation, key.innovation_id)
        for k, value in ((key, "60"), (other, "80")):
            sheet = full_sheet("proposal", value)
            add_sheet(s, edition, s.get(Juror, k.juror_id), innovation, "proposal", sheet)
    before = _version(engine)
    with transaction(engine) as s:
        confirmed = conflicts.confirm_conflict(s, key, "panitia")
    assert confirmed.status == conflicts.CONFIRMED
    assert _version(engine) > before  # the ranking and progress see the abstention
    with transaction(engine) as s:
        again = conflicts.confirm_conflict(s, key, "panitia")  # twice: nothing new
        rows = s.execute(select(Assignment.juror_id, Assignment.abstain)).all()
        data = load_edition_data(s, "t-2022")
        report = edition_report(s, "t-2022", now=INSIDE)
    assert again.confirmed_at == confirmed.confirmed_at
    assert rows == []  # no row: one would make the stage list assignments (SCORING.md 5)
    contexts = stage_contexts(data.innovations, data.assignments, data.sheets)
    assert contexts["proposal"].explicit is None
    assert contexts["proposal"].status_of(key.juror_id, key.innovation_id) == ABSTAINED
    assert contexts["proposal"].status_of(other.juror_id, key.innovation_id) == COUNTED
    reference = ranking(data)
    assert report.ranking.rows == reference.rows
    assert reference.finalist_ids == frozenset()  # an abstention picks no finalist
    assert reference.rows[0].proposal_score == Decimal("80.00")  # J2's sheet alone
    assert report.progress == progress(data, now=INSIDE)
    stage = next(st for st in report.progress.stages if st.stage == "proposal")
    assert (stage.expected, stage.complete, stage.abstained) == (1, 1, 1)


@pytest.mark.parametrize(
    ("now", "open_"),
    [(BEFORE, False), (INSIDE, True), (LAST_MINUTE, True), (CLOSED, False)],
)
def test_the_window_is_the_schedule_in_wib_inclusive(engine, keys, now, open_):
    key, _ = keys
    with transaction(engine) as s:
        conflicts.declare_no_conflict(s, key, "juri")
        assert windows.window_open(s, key, now) is open_
    if open_:
        _save(engine, key, now=now)
    else:
        with pytest.raises(sheets.WindowClosed):
            _save(engine, key, now=now)


def test_the_committee_extends_the_window_for_a_juror_or_a_stage(engine, keys):
    key, other = keys
    later = datetime(2022, 11, 24, 4, 0, tzinfo=UTC)  # 24 November, WIB
    with transaction(engine) as s:
        for k in keys:
            conflicts.declare_no_conflict(s, k, "juri")
        with pytest.raises(windows.WindowRefused):
            windows.extend_window(s, "t-2022", "proposal", date(2022, 11, 23), "panitia", now=later)
        done = windows.extend_window(
            s, "t-2022", "proposal", date(2022, 11, 24), "panitia", juror="J1", now=later
        )
    assert (done.juror_code, done.until, done.created_by) == ("J1", date(2022, 11, 24), "panitia")
    _save(engine, key, now=later)
    with pytest.raises(sheets.WindowClosed):
        _save(engine, other, now=later)  # J1's extension is not J2's
    with transaction(engine) as s:
        windows.extend_window(s, "t-2022", "proposal", date(2022, 11, 25), "ketua", now=later)
        window = windows.scoring_window(s, other)
    assert (window.last_day, window.closes_at) == (
        date(2022, 11, 25),
        datetime(2022, 11, 25, 17, 0, tzinfo=UTC),
    )
    _save(engine, other, now=later)
    with pytest.raises(sheets.WindowClosed):
        _save(engine, other, now=datetime(2022, 11, 25, 17, 0, tzinfo=UTC))
    with transaction(engine) as s:
        recorded = [
            (e.stage_code, e.juror_code, e.until, e.created_by)
            for e in windows.extensions(s, queries.get_edition(s, "t-2022").id)
        ]
    assert recorded == [
        ("proposal", "J1", date(2022, 11, 24), "panitia"),
        ("proposal", None, date(2022, 11, 25), "ketua"),
    ]
