"""Tests of the approval's record: re-approval and cancellation are explicit and recorded,
and once Juara III has been on screen the approval never changes
(data_access/ceremony/approvals.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from data_access import ceremony
from data_access.ceremony import (
    ROTATION,
    SPLASH,
    AlreadyApproved,
    ApprovalRecord,
    CeremonyError,
    approval_history,
)
from data_access.db import transaction
from data_access.models import Ceremony
from tests.test_ceremony import (
    BY,
    CODE,
    DISTINCT,
    A,
    B,
    D,
    _set_score,
    advance,
    approve,
    reset,
    seed,
    state,
    view,
)

T1 = datetime(2022, 12, 29, 2, 0, tzinfo=UTC)
T2 = datetime(2022, 12, 29, 3, 30, tzinfo=UTC)
T3 = datetime(2022, 12, 29, 4, 0, tzinfo=UTC)
LOCKED = "Juara III"


def history(engine, code: str = CODE) -> list[ApprovalRecord]:
    with transaction(engine) as session:
        return approval_history(session, code)


def cancel(engine, code: str = CODE, **kw) -> ceremony.CeremonyState:
    with transaction(engine) as session:
        return ceremony.cancel_approval(session, code, by=BY, **kw)


def locked_at(engine) -> datetime | None:
    with transaction(engine) as session:
        return session.execute(select(Ceremony.locked_at)).scalar_one()


def test_first_approval_is_recorded(engine):
    seed(engine, DISTINCT)
    assert history(engine) == []
    snapshot = approve(engine, now=T1)
    assert history(engine) == [
        ApprovalRecord("approve", T1, BY, None, snapshot.hash, snapshot.data_version)
    ]


def test_approving_again_must_be_asked_for_and_is_recorded(engine):
    seed(engine, DISTINCT)
    first = approve(engine, now=T1)
    before = state(engine)
    with pytest.raises(AlreadyApproved) as refused:
        approve(engine)
    assert " / " in str(refused.value)
    assert "sudah disetujui" in str(refused.value) and "already approved" in str(refused.value)
    unchanged = state(engine)
    assert (unchanged.revision, unchanged.snapshot) == (before.revision, before.snapshot)
    assert len(history(engine)) == 1

    _set_score(engine, "D", "99")  # a corrected score: D is first now
    second = approve(engine, now=T2, again=True)
    assert second.hash != first.hash and second.data_version > first.data_version
    assert state(engine).revision == before.revision + 1
    assert history(engine)[1:] == [
        ApprovalRecord("reapprove", T2, BY, first.hash, second.hash, second.data_version)
    ]


def test_cancelling_takes_the_approval_away_and_is_recorded(engine):
    seed(engine, DISTINCT)
    first = approve(engine, now=T1)
    advance(engine)  # the splash shows no winner: cancelling is still allowed
    before = state(engine)
    cancelled = cancel(engine, now=T2, expected_revision=before.revision)
    assert (cancelled.step, cancelled.snapshot, cancelled.revision) == (
        SPLASH,
        None,
        before.revision + 1,
    )
    public = view(engine)
    assert (public.approved, public.winners) == (False, {})
    with pytest.raises(CeremonyError):  # no winner can be revealed now
        advance(engine)
    with pytest.raises(CeremonyError) as nothing:
        cancel(engine)
    assert "belum disetujui" in str(nothing.value) and "not approved" in str(nothing.value)
    records = history(engine)
    assert records[-1].action == "cancel" and records[-1].at == T2
    assert (records[-1].old_hash, records[-1].new_hash) == (first.hash, None)
    assert records[-1].data_version == first.data_version
    # Approving after a cancellation is a first approval again.
    approve(engine, now=T3)
    assert [r.action for r in history(engine)] == ["approve", "cancel", "approve"]
    assert history(engine)[-1].old_hash is None


def test_no_change_once_juara_iii_was_on_screen_not_even_after_reset(engine):
    seed(engine, DISTINCT)
    approve(engine, now=T1)
    advance(engine)
    assert locked_at(engine) is None  # the splash shows no winner
    assert advance(engine, now=T2).step == "award-3"
    assert locked_at(engine) == T2
    reset(engine, now=T3)
    after_reset = state(engine)
    assert after_reset.step == ROTATION and locked_at(engine) == T2  # reset keeps the lock
    for attempt in (
        lambda: approve(engine, again=True),
        lambda: approve(engine),
        lambda: cancel(engine),
    ):
        with pytest.raises(CeremonyError) as refused:
            attempt()
        assert LOCKED in refused.value.message_id and LOCKED in refused.value.message_en
        assert "tidak bisa diubah" in refused.value.message_id
        assert "can no longer change" in refused.value.message_en
    assert state(engine).revision == after_reset.revision
    assert [r.action for r in history(engine)] == ["approve"]
    assert view(engine).approved


def test_the_lock_comes_with_the_first_award_step_on_a_seri(engine):
    """Nobody on Juara III (a seri on II): the first award screen is Juara II, and it locks."""
    seed(engine, {"A": A, "B": B, "C": B, "D": D})
    approve(engine)
    advance(engine)
    assert advance(engine, now=T2).step == "award-2"
    assert locked_at(engine) == T2
    with pytest.raises(CeremonyError, match=LOCKED):
        cancel(engine)
