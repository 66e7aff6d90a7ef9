"""The command line's editions, run in-process (CliRunner) on SQLite.

Reading commands without --edition use the default edition (data_access.editions), the
one the pages and screens use; commands that change an edition (ceremony moves, a new
display token) still want --edition when the database holds several.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from data_access import ceremony
from data_access.db import make_engine, transaction
from data_access.kiosks import screen_for_token
from tests.cli_run import cli, ok, refused
from tests.seed import add_edition


@pytest.fixture
def db_url(sqlite_url) -> str:
    """SQLite only: arguments and output are the point (the query: tests/test_editions.py)."""
    return sqlite_url


CEREMONY, REHEARSAL = "acara-2022", "latihan-2023"
T0 = datetime(2022, 11, 1, tzinfo=UTC)


def two_editions(url: str) -> None:
    """The ceremony's edition, then a newer rehearsal imported after it."""
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            add_edition(session, CEREMONY, created_at=T0)
            add_edition(session, REHEARSAL, created_at=T0 + timedelta(days=1))
    finally:
        engine.dispose()


def start_reveal(url: str) -> None:
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            ceremony.advance(session, CEREMONY, by="panitia")
    finally:
        engine.dispose()


def test_a_token_is_made_for_a_named_edition_and_listed_with_it(db_url):
    two_editions(db_url)
    unnamed = cli(db_url, "kiosk", "token", "create", "TV Pendopo")
    message = refused(unnamed)
    assert "--edition" in message and CEREMONY in message and REHEARSAL in message
    assert unnamed.stdout == ""
    unknown = refused(cli(db_url, "kiosk", "token", "create", "TV Pendopo", "--edition", "x-1"))
    assert "x-1" in unknown and CEREMONY in unknown

    made = ok(cli(db_url, "kiosk", "token", "create", "TV Pendopo", "--edition", CEREMONY))
    lines = made.splitlines()
    assert lines[-1].startswith("/kiosk?token=")  # still the last line
    assert f"Edisi layar / the screen's edition: {CEREMONY}" in lines
    engine = make_engine(db_url)
    try:
        with transaction(engine) as session:
            screen = screen_for_token(session, lines[-1].split("=", 1)[1])
        assert screen.bound_edition == CEREMONY
    finally:
        engine.dispose()

    listed = ok(cli(db_url, "kiosk", "token", "list")).splitlines()
    assert listed[0].split() == [
        "name",
        "created",
        "last_seen",
        "edition",
        "shown",
        "token_edition",
    ]
    assert listed[2].split()[:2] == ["TV", "Pendopo"] and listed[2].split()[-1] == CEREMONY


def test_reading_commands_use_the_default_edition(db_url):
    two_editions(db_url)
    results = cli(db_url, "results", "--format", "csv")
    assert ok(results).startswith("rank,code,title")  # stdout stays the bare CSV
    assert f"{REHEARSAL} (bawaan / default)" in results.stderr  # no reveal yet: the newest
    start_reveal(db_url)
    results = cli(db_url, "results", "--format", "csv")
    assert ok(results).startswith("rank,code,title")
    assert f"{CEREMONY} (bawaan / default)" in results.stderr
    status = ok(cli(db_url, "ceremony", "status"))
    assert f"edition: {CEREMONY}" in status and "step: splash" in status


def test_commands_that_change_an_edition_still_want_it_named(db_url):
    two_editions(db_url)
    start_reveal(db_url)
    for command in (["ceremony", "next"], ["ceremony", "reset"], ["ceremony", "approve"]):
        message = refused(cli(db_url, *command))
        assert "--edition" in message and CEREMONY in message and REHEARSAL in message, command
    engine = make_engine(db_url)
    try:
        with transaction(engine) as session:
            assert ceremony.get_state(session, CEREMONY).step == "splash"  # nothing moved
    finally:
        engine.dispose()


def test_help_states_the_rule():
    shown = ok(cli("sqlite://", "--help"))
    assert "default edition" in " ".join(shown.split())
    results = " ".join(ok(cli("sqlite://", "results", "--help")).split())
    assert "the edition whose reveal is under way, else an approved one, else the newest" in results
    token = " ".join(ok(cli("sqlite://", "kiosk", "token", "create", "--help")).split())
    assert "required when the database holds several editions" in token
