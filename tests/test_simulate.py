"""Tests of data_access/simulate.py: the rehearsal jury writes inside each stage's window."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, update

from data_access import committee
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE, load_demo
from data_access.jury import conflicts, lookup, sheets
from data_access.jury.history import SheetKey, SheetNames, append, event_line
from data_access.jury.sheet_read import key_of
from data_access.models import (
    REHEARSAL,
    SUBMITTED,
    Edition,
    Innovation,
    Score,
    ScoreHistory,
    ScoreSheet,
    SheetState,
    Stage,
    utcnow,
)
from data_access.simulate import open_sheets, rehearsal_moments, simulate

WIB = ZoneInfo("Asia/Jakarta")
# The demo's scheduled scoring windows (data_access/demo.py EDITION), both days inclusive.
WINDOWS = {
    "proposal": (date(2022, 11, 17), date(2022, 11, 22)),
    "presentation": (date(2022, 11, 24), date(2022, 11, 24)),
}
NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)  # 7 Desember 2026, 10.00 WIB


@pytest.fixture
def demo(demo_db_url):
    """An engine on a fresh copy of the demo (SQLite and PostgreSQL)."""
    engine = make_engine(demo_db_url)
    yield engine
    engine.dispose()


def _run(engine, **options) -> int:
    return simulate(engine, DEMO_CODE, sleep=lambda _s: None, out=lambda _l: None, **options)


def _inside(moment: datetime, stage: str) -> bool:
    """Return True when an aware moment falls on a day of the stage's window, in WIB."""
    start, end = WINDOWS[stage]
    return start <= moment.astimezone(WIB).date() <= end


# ---------------------------------------------------------------- the moments, pure
@pytest.mark.parametrize(
    ("start", "end", "today"),
    [
        (date(2026, 12, 1), date(2026, 12, 10), date(2026, 12, 7)),  # inside
        (date(2026, 12, 7), date(2026, 12, 7), date(2026, 12, 7)),  # its one day
        (None, None, date(2026, 12, 7)),  # no schedule
        (None, date(2026, 12, 9), date(2026, 12, 7)),  # only an end, not passed
        (date(2026, 12, 1), None, date(2026, 12, 7)),  # only a start, passed
        (date(2026, 12, 11), date(2026, 12, 11), date(2026, 12, 7)),  # ahead: never later
        (date(2027, 1, 4), None, date(2026, 12, 7)),  # only a start, ahead
    ],
)
def test_a_window_open_or_ahead_is_stamped_now(start, end, today):
    now = datetime.combine(today, time(10), WIB)
    assert rehearsal_moments(start, end, "Asia/Jakarta", now, 5) is None


@pytest.mark.parametrize(
    ("start", "end", "first", "last"),
    [
        (date(2022, 11, 17), date(2022, 11, 22), date(2022, 11, 17), date(2022, 11, 22)),
        (date(2026, 11, 30), date(2026, 12, 6), date(2026, 11, 30), date(2026, 12, 6)),
        (None, date(2022, 11, 24), date(2022, 11, 24), date(2022, 11, 24)),
    ],
)
def test_a_window_over_gets_its_working_hours_in_order(start, end, first, last):
    moments = rehearsal_moments(start, end, "Asia/Jakarta", NOW, 40)
    assert moments is not None and len(moments) == 40
    assert moments == sorted(moments) and all(m.tzinfo is not None for m in moments)
    local = [m.astimezone(WIB) for m in moments]
    assert all(first <= m.date() <= last for m in local)
    assert all(time(8) <= m.time() <= time(17) for m in local)
    assert {m.date() for m in local} == {
        first + timedelta(days=n) for n in range((last - first).days + 1)
    }  # spread over every day of the window


def test_moments_are_in_the_editions_time_zone():
    """Makassar (WITA, UTC+8): 08.00 there is 00.00 UTC."""
    (moment,) = rehearsal_moments(
        date(2022, 11, 24), date(2022, 11, 24), "Asia/Makassar", NOW, 1
    ) or [None]
    assert moment is not None and moment.astimezone(ZoneInfo("Asia/Makassar")).hour >= 8
    assert moment.astimezone(ZoneInfo("Asia/Makassar")).date() == date(2022, 11, 24)


# ---------------------------------------------------------------- the rehearsal, on both back ends
def test_a_rehearsal_of_a_past_edition_writes_inside_its_windows(demo):
    """Scores, sheets' last score, history: all on the 2022 window's days, none today."""
    started = utcnow()
    written = _run(demo, by="gladi", seed=3)
    assert written > 0 and open_sheets(demo, DEMO_CODE) == []
    with transaction(demo) as s:
        lines = s.execute(
            select(ScoreHistory.stage_code, ScoreHistory.at).where(ScoreHistory.by == "gladi")
        ).all()
        stage_of = dict(s.execute(select(Stage.id, Stage.code)).all())
        scores = s.execute(select(Score.stage_id, Score.scored_at)).all()
        last = s.execute(select(ScoreSheet.stage_id, ScoreSheet.last)).all()
        in_order = s.scalars(
            select(ScoreHistory.at).where(ScoreHistory.by == "gladi").order_by(ScoreHistory.id)
        ).all()
    assert {stage for stage, _at in lines} == {"proposal", "presentation"}
    assert all(_inside(at, stage) for stage, at in lines)
    assert all(_inside(at, stage_of[stage]) for stage, at in scores)
    assert all(_inside(at, stage_of[stage]) for stage, at in last)
    assert all(at < started for _stage, at in lines)
    assert in_order == sorted(in_order)  # the history reads in the order it was written


def test_a_rehearsal_submits_an_app_draft_inside_the_window(demo):
    """A juror's draft the rehearsal completes is submitted, with its time and its line."""
    with transaction(demo) as s:
        edition_id = s.scalar(select(Edition.id).where(Edition.code == DEMO_CODE))
        # An open sheet with no score yet (a partly imported one is locked to the app).
        sheet, key = next(
            (sheet, key)
            for sheet in open_sheets(demo, DEMO_CODE)
            for key in [
                SheetKey(
                    lookup.stage_id(s, edition_id, sheet.stage),
                    sheet.juror_id,
                    sheet.innovation_id,
                )
            ]
            if not sheets.load_sheet(s, key).locked
        )
        start = WINDOWS[sheet.stage][0]
        during = datetime.combine(start, time(9), WIB)
        conflicts.declare_no_conflict(s, key, actor="juri", now=during)
        loaded = sheets.load_sheet(s, key)
        first = next(c.code for c in loaded.criteria if c.value is None)
        sheets.save_draft(
            s,
            key,
            {first: Decimal(75)},
            expected_revision=loaded.revision,
            actor="juri",
            now=during,
        )
    assert _run(demo, by="gladi") > 0
    with transaction(demo) as s:
        state = s.get(SheetState, (key.stage_id, key.juror_id, key.innovation_id))
        submit = s.scalar(
            select(ScoreHistory.at).where(
                ScoreHistory.event == "submit",
                ScoreHistory.juror_id == key.juror_id,
                ScoreHistory.innovation_id == key.innovation_id,
            )
        )
    assert state.state == SUBMITTED and state.submitted_by == "gladi"
    assert _inside(state.submitted_at, sheet.stage) and _inside(state.updated_at, sheet.stage)
    assert submit == state.submitted_at
    assert open_sheets(demo, DEMO_CODE) == []


def test_a_window_open_today_is_stamped_now(demo):
    """With today inside the proposal window, the rehearsal's proposal scores are now's."""
    today = utcnow().astimezone(WIB).date()
    with transaction(demo) as s:
        s.execute(
            update(Edition)
            .where(Edition.code == DEMO_CODE)
            .values(
                proposal_start=today - timedelta(days=2), proposal_end=today + timedelta(days=2)
            )
        )
    before = utcnow()
    _run(demo, by="gladi", max_sheets=3)
    with transaction(demo) as s:
        stamps = s.scalars(select(ScoreHistory.at).where(ScoreHistory.by == "gladi")).all()
    assert stamps and all(before <= at <= utcnow() for at in stamps)


# ---------------------------------------------------------------- the committee's button
def test_the_button_on_a_live_demo_stamps_nothing_after_now_and_says_rehearsal(engine):
    """Today inside proposal judging, the presentation days ahead (`demo --live`)."""
    load_demo(engine, live_at=utcnow())
    committee.simulate_demo(engine, DEMO_CODE, by="panitia")
    done = utcnow()
    with transaction(engine) as s:
        lines = s.execute(
            select(ScoreHistory.stage_code, ScoreHistory.source, ScoreHistory.at)
            .where(ScoreHistory.by == "panitia")
            .order_by(ScoreHistory.id)
        ).all()
        latest = s.scalar(select(func.max(Score.scored_at)))
    assert {stage for stage, _source, _at in lines} == {"proposal", "presentation"}
    assert {source for _stage, source, _at in lines} == {REHEARSAL}
    assert all(at <= done for _stage, _source, at in lines) and latest <= done


def test_a_sheet_worked_after_its_window_keeps_its_history_in_order(demo):
    """A sheet reopened after its window closed: the rehearsal's lines come after that."""
    sheet = open_sheets(demo, DEMO_CODE)[0]
    with transaction(demo) as s:
        edition_id = s.scalar(select(Edition.id).where(Edition.code == DEMO_CODE))
        key = SheetKey(
            lookup.stage_id(s, edition_id, sheet.stage), sheet.juror_id, sheet.innovation_id
        )
        names = SheetNames(edition_id, sheet.stage, sheet.juror_code, sheet.innovation_code)
        late = utcnow()  # after the demo's import, years after the 2022 window
        append(s, [event_line(key, names, "reopen", source="web", by="panitia", at=late)])
    _run(demo, by="gladi")
    with transaction(demo) as s:
        stamps = s.scalars(
            select(ScoreHistory.at).where(key_of(ScoreHistory, key)).order_by(ScoreHistory.id)
        ).all()
    assert len(stamps) > 2 and stamps == sorted(stamps) and stamps[-1] <= utcnow()
    assert stamps[-1] >= late


def test_the_rehearsal_is_refused_with_nothing_open(demo):
    assert committee.simulate_demo(demo, DEMO_CODE) > 0
    with transaction(demo) as s:
        count = s.scalar(select(func.count()).select_from(Score))
    with pytest.raises(committee.NothingOpen):
        committee.simulate_demo(demo, DEMO_CODE)
    with transaction(demo) as s:
        assert s.scalar(select(func.count()).select_from(Score)) == count


def test_the_rehearsal_completes_a_proposal_sheet_left_once_awards_are_decided(demo):
    """Awards decided and a proposal sheet still open: the rehearsal still has work."""
    _run(demo)
    with transaction(demo) as s:
        score = s.execute(
            select(Score.id)
            .join(Stage, Stage.id == Score.stage_id)
            .join(Innovation, Innovation.id == Score.innovation_id)
            .where(Stage.code == "proposal")
            .order_by(Innovation.code.desc())
        ).first()
        s.execute(Score.__table__.delete().where(Score.id == score[0]))
    assert len(open_sheets(demo, DEMO_CODE)) == 1
    assert committee.simulate_demo(demo, DEMO_CODE) == 1
