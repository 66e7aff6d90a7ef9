"""Tests of data_access/committee.py: the control page's read and its one-transaction writes."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from data_access import committee
from data_access.ceremony import CeremonyConflict, CeremonySettings, CeremonyState, get_state
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE, load_demo
from data_access.models import Edition
from data_access.reports import edition_report
from data_access.simulate import open_sheets


@pytest.fixture
def demo(sqlite_url):
    """An engine on the demo edition (awards not decided yet)."""
    engine = make_engine(sqlite_url)
    load_demo(engine)
    yield engine
    engine.dispose()


def _status(engine) -> committee.DeskStatus:
    with transaction(engine) as session:
        ranking = edition_report(session, DEMO_CODE).ranking
        return committee.desk_status(session, DEMO_CODE, ranking=ranking, version=1)


def _state(engine) -> CeremonyState:
    with transaction(engine) as session:
        return get_state(session, DEMO_CODE)


def test_moves_commit_and_a_stale_revision_is_refused(demo):
    committee.move(demo, DEMO_CODE, "next", by="panitia", expected_revision=0)
    state = _state(demo)
    assert (state.step, state.revision, state.updated_by) == ("splash", 1, "panitia")
    with pytest.raises(CeremonyConflict):
        committee.move(demo, DEMO_CODE, "back", by="panitia", expected_revision=0)
    assert _state(demo).step == "splash"
    committee.move(demo, DEMO_CODE, "reset", by="panitia", expected_revision=1)
    assert _state(demo).step == "rotation"


def test_simulate_approve_and_cancel_show_in_the_desk_status(demo):
    before = _status(demo)
    assert before.is_demo and before.state.snapshot is None and before.history == []
    assert committee.simulate_demo(demo, DEMO_CODE) > 0
    assert open_sheets(demo, DEMO_CODE) == []
    committee.approve(demo, DEMO_CODE, by="panitia", again=False, expected_revision=0)
    approved = _status(demo)
    assert approved.state.snapshot is not None and approved.differences == []
    committee.cancel_approval(
        demo, DEMO_CODE, by="panitia", expected_revision=approved.state.revision
    )
    cancelled = _status(demo)
    assert cancelled.state.snapshot is None
    assert [entry.action for entry in cancelled.history] == ["approve", "cancel"]


def test_simulated_judging_is_refused_on_a_real_edition(demo):
    with transaction(demo) as session:
        session.execute(update(Edition).where(Edition.code == DEMO_CODE).values(is_demo=False))
    before = len(open_sheets(demo, DEMO_CODE))
    with pytest.raises(committee.NotADemo):
        committee.simulate_demo(demo, DEMO_CODE)
    assert len(open_sheets(demo, DEMO_CODE)) == before > 0


def test_settings_are_stored(demo):
    settings = CeremonySettings(slides=(("finalists", 30),), ceremony_time="13:30")
    committee.save_settings(demo, DEMO_CODE, settings, by="panitia")
    assert _state(demo).settings == settings
