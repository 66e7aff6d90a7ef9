"""The audit record: an action's event commits and rolls back with it, and never holds a secret."""

from __future__ import annotations

from datetime import timedelta

import pytest

from data_access import audit
from data_access.db import transaction
from data_access.models import utcnow


def test_an_event_is_kept_with_its_action_and_read_back_newest_first(engine):
    now = utcnow()
    with transaction(engine) as session:
        audit.record(
            session, audit.ACCOUNT_ADDED, by="panitia", subject="sekretaris", at=now, role="viewer"
        )
        audit.record(
            session,
            audit.REVEAL_STEP,
            by="panitia",
            edition="KIPP-X",
            subject="juara_3",
            at=now + timedelta(seconds=1),
            step="juara_3",
        )
    with transaction(engine) as session:
        found = audit.events(session)
        assert [e.action for e in found] == [audit.REVEAL_STEP, audit.ACCOUNT_ADDED]
        assert found[0].detail == {"step": "juara_3"} and found[0].edition_code == "KIPP-X"
        assert found[1].subject == "sekretaris" and found[1].actor == "panitia"
        only = audit.events(session, actions=(audit.ACCOUNT_ADDED,))
        assert [e.subject for e in only] == ["sekretaris"]
        assert [e.action for e in audit.events(session, edition="KIPP-X")] == [audit.REVEAL_STEP]
        assert audit.events(session, since=now + timedelta(seconds=2)) == []
        assert len(audit.events(session, until=now + timedelta(seconds=1))) == 1


def test_a_rolled_back_action_leaves_no_event(sqlite_engine):
    def act() -> None:
        with transaction(sqlite_engine) as session:
            audit.record(session, audit.ACCOUNT_REMOVED, by="panitia", subject="x")
            raise RuntimeError("the action failed")

    with pytest.raises(RuntimeError):
        act()
    with transaction(sqlite_engine) as session:
        assert audit.events(session) == []


def test_secrets_and_unknown_actions_are_refused(sqlite_engine):
    with transaction(sqlite_engine) as session:
        with pytest.raises(ValueError, match="password"):
            audit.record(session, audit.ACCOUNT_PASSWORD, by="a", password="rahasia123")
        with pytest.raises(ValueError, match="unknown"):
            audit.record(session, "account.whatever", by="a")
