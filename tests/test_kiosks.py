"""Tests for data_access/kiosks.py: display tokens for the ceremony screens, on both databases."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from data_access import kiosks
from data_access.db import transaction
from data_access.kiosks import (
    KioskError,
    create_token,
    get_screen,
    kiosk_url,
    list_screens,
    record_seen,
    revoke,
    screen_for_token,
)
from tests.seed import add_edition

T1 = datetime(2022, 12, 29, 2, 5, tzinfo=UTC)


def create(engine, name: str) -> str:
    with transaction(engine) as session:
        return create_token(session, name)


def lookup(engine, token):
    with transaction(engine) as session:
        return screen_for_token(session, token)


def screens(engine) -> list[kiosks.Screen]:
    with transaction(engine) as session:
        return list_screens(session)


def stored_rows(engine) -> list[tuple]:
    """Return every column of every kiosk_screens row, as the database holds it."""
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text("SELECT * FROM kiosk_screens"))]


def test_create_returns_a_token_once_and_stores_only_its_hash(engine):
    token = create(engine, "Layar Pendopo")
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,}", token)
    assert kiosk_url(token) == f"/kiosk?token={token}"
    rows = stored_rows(engine)
    assert len(rows) == 1
    values = [str(value) for value in rows[0] if value is not None]
    assert all(token not in value for value in values)  # the token itself is nowhere
    assert hashlib.sha256(token.encode()).hexdigest() in values
    # A second screen gets a different token.
    other = create(engine, "Layar Aula")
    assert other != token
    assert {s.name for s in screens(engine)} == {"Layar Pendopo", "Layar Aula"}


def test_token_opens_its_screen_and_nothing_else_does(engine):
    token = create(engine, "Layar Pendopo")
    other = create(engine, "Layar Aula")
    found = lookup(engine, token)
    assert found is not None and found.name == "Layar Pendopo"
    assert lookup(engine, other).name == "Layar Aula"
    unknown = "A" * len(token)  # well formed, never issued
    for wrong in (
        unknown,
        token[:-1],
        token + "x",
        token.swapcase(),
        "",
        None,
        "short",
        token + "!",
        token[:10] + " " + token[11:],
        "x" * 101,
        hashlib.sha256(token.encode()).hexdigest(),  # the stored hash does not open it
    ):
        if wrong != token:
            assert lookup(engine, wrong) is None, wrong


def test_duplicate_name_is_refused(engine):
    create(engine, "Layar Pendopo")
    for name in ("Layar Pendopo", "  Layar Pendopo  "):
        with pytest.raises(KioskError) as refused:
            create(engine, name)
        assert " / " in str(refused.value) and "Layar Pendopo" in str(refused.value)
    assert [s.name for s in screens(engine)] == ["Layar Pendopo"]
    assert len(stored_rows(engine)) == 1


BAD_NAMES = ["", "   ", "x" * 81, "<script>", "Layar/1", "nama;DROP", "a\nb", "tab\there"]


def test_bad_names_are_refused(engine):
    for name in BAD_NAMES:
        with pytest.raises(KioskError) as refused:
            create(engine, name)
        assert " / " in str(refused.value), name
    assert stored_rows(engine) == []


def test_good_names_are_accepted_and_listed_by_name(engine):
    names = ["TV-2.utama", "Layar Pendopo (1)", "x" * 80, "Layar Ruang Rapat Setda"]
    tokens = [create(engine, f"  {name} ") for name in names]
    listed = screens(engine)
    assert [s.name for s in listed] == sorted(names)
    assert all(s.last_seen_at is None and s.shown == "" for s in listed)
    assert all(s.created_at is not None for s in listed)
    dump = repr(listed)
    assert all(token not in dump for token in tokens)
    assert not hasattr(listed[0], "token") and not hasattr(listed[0], "token_hash")


def test_revoke_stops_the_token(engine):
    token = create(engine, "Layar Pendopo")
    kept = create(engine, "Layar Aula")
    with transaction(engine) as session:
        revoke(session, " Layar Pendopo ")
    assert lookup(engine, token) is None
    assert lookup(engine, kept).name == "Layar Aula"
    assert [s.name for s in screens(engine)] == ["Layar Aula"]
    with pytest.raises(KioskError) as refused, transaction(engine) as session:
        revoke(session, "Layar Pendopo")
    assert " / " in str(refused.value)
    # The name is free again, with a new token.
    again = create(engine, "Layar Pendopo")
    assert again != token and lookup(engine, again).name == "Layar Pendopo"


def test_record_seen_and_get_screen(engine):
    token = create(engine, "Layar Pendopo")
    screen = lookup(engine, token)
    with transaction(engine) as session:
        record_seen(
            session, screen.id, shown="award-3 " + "x" * 200, edition_code="kudus-2022", now=T1
        )
    with transaction(engine) as session:
        seen = get_screen(session, screen.id)
    assert seen.last_seen_at == T1
    assert seen.edition_code == "kudus-2022"
    assert seen.shown.startswith("award-3 ") and len(seen.shown) == 120
    assert screens(engine)[0].last_seen_at == T1
    with transaction(engine) as session:
        record_seen(session, screen.id, shown="rotation", edition_code=None)
        assert get_screen(session, screen.id).last_seen_at > T1
        revoke(session, "Layar Pendopo")
        assert get_screen(session, screen.id) is None
        record_seen(session, screen.id, shown="rotation", edition_code=None)  # a no-op now
    assert stored_rows(engine) == []


# ---------------------------------------------------------------- a token's edition
def test_a_token_belongs_to_the_only_edition(engine):
    with transaction(engine) as session:
        add_edition(session, "kudus-2022")
    token = create(engine, "Layar Pendopo")
    with transaction(engine) as session:
        add_edition(session, "latihan-2023")  # imported later: the screen stays
    assert lookup(engine, token).bound_edition == "kudus-2022"
    assert [s.bound_edition for s in screens(engine)] == ["kudus-2022"]


def test_with_several_editions_the_edition_must_be_named(engine):
    with transaction(engine) as session:
        add_edition(session, "kudus-2022")
        add_edition(session, "latihan-2023")
    with pytest.raises(KioskError) as refused:
        create(engine, "Layar Pendopo")
    message = str(refused.value)
    assert "--edition" in message and " / " in message
    assert "kudus-2022" in message and "latihan-2023" in message
    for wrong in ("kudus-2099", ""):
        with pytest.raises(KioskError) as unknown, transaction(engine) as session:
            create_token(session, "Layar Pendopo", wrong or " ")
        assert "kudus-2022, latihan-2023" in str(unknown.value) and " / " in str(unknown.value)
    assert stored_rows(engine) == []
    with transaction(engine) as session:
        token = create_token(session, "Layar Pendopo", " kudus-2022 ")
    assert lookup(engine, token).bound_edition == "kudus-2022"
    with transaction(engine) as session:
        get = get_screen(session, lookup(engine, token).id)
    assert get.bound_edition == "kudus-2022"


def test_a_token_made_before_any_edition_follows_the_default(engine):
    token = create(engine, "Layar Pendopo")
    assert lookup(engine, token).bound_edition is None
