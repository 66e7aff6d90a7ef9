"""The default edition (data_access/editions.py): one rule for pages, screens and the CLI.

In progress (a step past the rotation) first, then approved, newest first within each,
then the newest edition; on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from data_access import ceremony, queries
from data_access.db import transaction
from data_access.editions import (
    ceremony_fingerprint,
    default_edition_code,
    watch_numbers,
)
from data_access.models import Ceremony, Edition
from tests.seed import add_edition

T0 = datetime(2022, 11, 1, tzinfo=UTC)


def editions(engine, *codes: str) -> None:
    """Add editions, each one created a day after the one before (the last is the newest)."""
    with transaction(engine) as session:
        for day, code in enumerate(codes):
            add_edition(session, code, created_at=T0 + timedelta(days=day))


def default(engine) -> str | None:
    with transaction(engine) as session:
        return default_edition_code(session)


def approve(engine, code: str) -> None:
    """Record an approval as ceremony.approve leaves it (the rule reads only these columns)."""
    with transaction(engine) as session:
        edition_id = session.scalar(select(Edition.id).where(Edition.code == code))
        session.add(
            Ceremony(
                edition_id=edition_id,
                step="rotation",
                revision=1,
                settings="{}",
                approved_at=T0,
                approved_by="panitia",
                snapshot="{}",
                snapshot_hash="0" * 64,
                snapshot_version=1,
            )
        )


def start(engine, code: str) -> None:
    """Open the reveal (rotation -> splash) through the ceremony's own move."""
    with transaction(engine) as session:
        ceremony.advance(session, code, by="panitia")


def test_no_edition_no_default(engine):
    assert default(engine) is None


def test_without_a_ceremony_the_newest_edition(engine):
    editions(engine, "a-2022", "b-2023")
    assert default(engine) == "b-2023"
    # Settings saved on the older one (a ceremony row in rotation) change nothing.
    with transaction(engine) as session:
        ceremony.save_settings(
            session, "a-2022", ceremony.CeremonySettings(show_score=False), by="panitia"
        )
    assert default(engine) == "b-2023"


def test_an_approved_edition_before_a_newer_one(engine):
    """A rehearsal or next year's edition imported after the approval does not take over."""
    editions(engine, "a-2022", "b-2023")
    approve(engine, "a-2022")
    assert default(engine) == "a-2022"
    editions(engine, "c-2024")  # imported later still
    assert default(engine) == "a-2022"


def test_the_newest_approved_one_when_several_are(engine):
    editions(engine, "a-2022", "b-2023", "c-2024")
    approve(engine, "a-2022")
    approve(engine, "b-2023")
    assert default(engine) == "b-2023"


def test_a_reveal_in_progress_before_an_approved_one(engine):
    editions(engine, "a-2022", "b-2023", "c-2024")
    approve(engine, "b-2023")
    start(engine, "a-2022")  # the splash needs no approval: the reveal is under way
    assert default(engine) == "a-2022"
    start(engine, "c-2024")
    assert default(engine) == "c-2024"  # newest first among those in progress
    with transaction(engine) as session:
        ceremony.reset(session, "c-2024", by="panitia")
    assert default(engine) == "a-2022"
    with transaction(engine) as session:
        ceremony.reset(session, "a-2022", by="panitia")
    assert default(engine) == "b-2023"  # only the approval is left


def test_the_fingerprint_moves_with_every_ceremony_change(engine):
    """An approval or a step does not move the data version; the fingerprint does."""
    editions(engine, "a-2022", "b-2023")
    with transaction(engine) as session:
        version, first, _ = watch_numbers(session)
        assert version == queries.data_version(session)
        assert first == ceremony_fingerprint(session) == 0
    seen = {first}
    for change in (
        lambda s: ceremony.advance(s, "a-2022", by="panitia"),
        lambda s: ceremony.advance(s, "b-2023", by="panitia"),
        lambda s: ceremony.reset(s, "a-2022", by="panitia"),
        lambda s: ceremony.save_settings(
            s, "b-2023", ceremony.CeremonySettings(show_score=False), by="panitia"
        ),
    ):
        with transaction(engine) as session:
            change(session)
        with transaction(engine) as session:
            now_version, fingerprint, _ = watch_numbers(session)
        assert now_version == version  # ceremonies are not judged data
        assert fingerprint not in seen
        seen.add(fingerprint)


def test_ties_in_creation_time_go_to_the_later_edition(engine):
    editions(engine, "a-2022", "b-2023")
    with transaction(engine) as session:
        session.execute(update(Edition).values(created_at=T0))
    assert default(engine) == "b-2023"
