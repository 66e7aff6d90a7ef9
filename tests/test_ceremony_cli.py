"""End-to-end tests of `python -m data_access kiosk token ...` and `ceremony ...` (CliRunner).

The demo edition starts with its presentation stage partly scored, so its awards are not
decided: approving must fail and name the finalists still waiting, until `simulate --finish`
completes the open sheets.
"""

from __future__ import annotations

import re
import struct
import zlib

import pytest
from sqlalchemy import select

from data_access import audit, ceremony
from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.kiosks import screen_for_token
from data_access.models import Innovation, InnovationPhoto
from data_access.reports import ranking_for
from data_access.simulate import simulate
from tests.cli_run import cli, ok, refused
from tests.images import size_of

TOKEN_PATH = re.compile(r"^/kiosk\?token=[A-Za-z0-9_-]{20,}$")
HASH_LINE = re.compile(r"^snapshot_hash: ([0-9a-f]{64})$", re.MULTILINE)


def field(output: str, name: str) -> str:
    """Return the value of a `name: value` line of `ceremony` output."""
    found = re.search(rf"^{name}: (.*)$", output, re.MULTILINE)
    assert found, f"no {name!r} line in:\n{output}"
    return found.group(1)


def in_process(url: str):
    """Return an engine for checking what a command wrote (dispose it after use)."""
    return make_engine(url)


def tiny_png() -> bytes:
    """Return a valid 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# ---------------------------------------------------------------- kiosk tokens
def test_kiosk_token_create_list_revoke(tmp_path):
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"  # the command migrates a new file itself
    created = cli(url, "kiosk", "token", "create", "Layar Pendopo")
    lines = ok(created).splitlines()
    assert TOKEN_PATH.match(lines[-1]), lines  # the contract: the path is the last line
    token = lines[-1].split("=", 1)[1]
    assert sum(token in line for line in lines) == 1  # shown once
    engine = in_process(url)
    try:
        with transaction(engine) as session:
            screen = screen_for_token(session, token)
            assert screen is not None and screen.name == "Layar Pendopo"

        listed = cli(url, "kiosk", "token", "list")
        assert "Layar Pendopo" in ok(listed)
        assert token not in listed.stdout + listed.stderr

        revoked = cli(url, "kiosk", "token", "revoke", "Layar Pendopo")
        assert "Layar Pendopo" in ok(revoked)
        after = ok(cli(url, "kiosk", "token", "list"))
        assert "Layar Pendopo" not in after and "no screen yet" in after
        with transaction(engine) as session:
            assert screen_for_token(session, token) is None
            # Both in the audit record, named by who ran them ($USER), the token nowhere.
            events = audit.events(session, actions=(audit.SCREEN_REGISTERED, audit.SCREEN_REVOKED))
        assert [(e.action, e.subject, e.actor) for e in events] == [
            (audit.SCREEN_REVOKED, "Layar Pendopo", "panitia-cli"),
            (audit.SCREEN_REGISTERED, "Layar Pendopo", "panitia-cli"),
        ]
        assert all(token not in str(e.detail) for e in events)
    finally:
        engine.dispose()

    unknown = cli(url, "kiosk", "token", "revoke", "Layar Hantu")
    assert "Layar Hantu" in refused(unknown)
    assert unknown.stdout == ""


# ---------------------------------------------------------------- the reveal
def test_ceremony_approve_and_reveal_on_the_demo(demo_url):
    status = ok(cli(demo_url, "ceremony", "status", "--edition", DEMO_CODE))
    assert field(status, "step").startswith("rotation ")
    assert field(status, "steps") == "rotation -> splash"
    assert "approved: no" in status

    engine = in_process(demo_url)
    try:
        with transaction(engine) as session:
            waiting = [
                r.code
                for r in ranking_for(session, DEMO_CODE).rows
                if r.finalist and r.presentation_score is None
            ]
        assert waiting  # the demo is loaded half-judged
        message = refused(cli(demo_url, "ceremony", "approve", "--edition", DEMO_CODE))
        assert all(code in message for code in waiting), message

        ok(cli(demo_url, "simulate", "--finish", "--seed", "3"))
        approved = ok(cli(demo_url, "ceremony", "approve", "--edition", DEMO_CODE))
        found = HASH_LINE.search(approved)
        assert found, approved
        with transaction(engine) as session:
            snapshot = ceremony.get_state(session, DEMO_CODE).snapshot
        assert snapshot is not None and snapshot.hash == found.group(1)
        assert snapshot.approved_by == "panitia-cli"
        assert snapshot.levels() == [3, 2, 1]
        steps = ["rotation", "splash", "award-3", "award-2", "award-1", "all"]
        assert field(approved, "steps") == " -> ".join(steps)

        revision = int(field(approved, "revision"))
        for expected in steps[1:]:
            moved = ok(cli(demo_url, "ceremony", "next", "--edition", DEMO_CODE))
            assert field(moved, "step").split()[0] == expected
            assert int(field(moved, "revision")) == revision + 1
            revision += 1
        assert field(moved, "next") == "-"  # `all` is the end (staying there: test_ceremony)

        back = ok(cli(demo_url, "ceremony", "back", "--edition", DEMO_CODE))
        assert field(back, "step").split()[0] == "award-1"
        reset = ok(cli(demo_url, "ceremony", "reset", "--edition", DEMO_CODE))
        assert field(reset, "step").split()[0] == "rotation"
        assert field(reset, "snapshot_hash") == snapshot.hash  # the approval stays
        with transaction(engine) as session:
            assert ceremony.get_state(session, DEMO_CODE).step == "rotation"
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_ceremony_approve_and_next_on_postgresql(pg_demo_url):
    engine = make_engine(pg_demo_url)
    try:
        simulate(engine, DEMO_CODE, seed=3, sleep=lambda _s: None, out=lambda _line: None)
        approved = ok(cli(pg_demo_url, "ceremony", "approve", "--edition", DEMO_CODE))
        for expected in ("splash", "award-3"):
            moved = ok(cli(pg_demo_url, "ceremony", "next", "--edition", DEMO_CODE))
            assert field(moved, "step").split()[0] == expected
        with transaction(engine) as session:
            state = ceremony.get_state(session, DEMO_CODE)
            assert state.step == "award-3"
            assert state.snapshot.hash == HASH_LINE.search(approved).group(1)
            assert ceremony.revealed_innovation_ids(session, DEMO_CODE) == {
                row["innovation_id"] for row in state.snapshot.winners(3)
            }
    finally:
        engine.dispose()


# ---------------------------------------------------------------- settings and photos
def test_ceremony_settings_round_trip(demo_url):
    changed = ok(
        cli(
            demo_url,
            "ceremony",
            "settings",
            "--edition",
            DEMO_CODE,
            "--slides",
            "countdown:5, progress:30",
            "--hide-score",
            "--hide-missing",
            "--ceremony-time",
            "19.30",
            "--prize-1",
            " Piala Bupati ",
        )
    )
    assert field(changed, "slides") == "countdown:5,progress:30"
    assert field(changed, "show_score") == "no"
    assert field(changed, "hide_missing") == "yes"
    assert field(changed, "ceremony_time") == "19:30"
    assert field(changed, "prize_1") == "Piala Bupati"
    assert field(changed, "prize_2") == ceremony.DEFAULT_PRIZE
    engine = in_process(demo_url)
    try:
        with transaction(engine) as session:
            stored = ceremony.get_state(session, DEMO_CODE).settings
        assert stored == ceremony.CeremonySettings(
            slides=(("countdown", 5), ("progress", 30)),
            show_score=False,
            prizes={1: "Piala Bupati", 2: ceremony.DEFAULT_PRIZE, 3: ceremony.DEFAULT_PRIZE},
            ceremony_time="19:30",
            hide_missing=True,
        )

        # An invalid value changes nothing, not even the valid options given with it.
        bad = cli(
            demo_url,
            "ceremony",
            "settings",
            "--edition",
            DEMO_CODE,
            "--slides",
            "progress:30,bogus:5",
            "--prize-2",
            "Sepeda",
        )
        assert "bogus" in refused(bad)
        with transaction(engine) as session:
            assert ceremony.get_state(session, DEMO_CODE).settings == stored
    finally:
        engine.dispose()


def test_ceremony_photo(demo_url, tmp_path):
    engine = in_process(demo_url)
    try:
        with transaction(engine) as session:
            code, innovation_id = session.execute(
                select(Innovation.code, Innovation.id).order_by(Innovation.code).limit(1)
            ).one()
        png = tmp_path / "foto.png"
        png.write_bytes(tiny_png())
        saved = cli(
            demo_url,
            "ceremony",
            "photo",
            "--edition",
            DEMO_CODE,
            "--innovation",
            code,
            str(png),
            "--caption",
            "Petugas  melayani\nwarga",
        )
        assert code in ok(saved)
        with transaction(engine) as session:
            stored = ceremony.get_photo(session, innovation_id)
            assert stored is not None and stored[0] == "image/png"
            assert size_of(stored[1]) == (1, 1)
            caption = session.scalar(select(InnovationPhoto.caption))
            assert caption == "Petugas melayani warga"  # one line, as a page shows it

        note = tmp_path / "foto.txt"
        note.write_text("bukan foto / not a photo\n")
        bad = cli(
            demo_url, "ceremony", "photo", "--edition", DEMO_CODE, "--innovation", code, str(note)
        )
        assert "JPEG" in refused(bad)
        with transaction(engine) as session:
            assert ceremony.get_photo(session, innovation_id) == stored
    finally:
        engine.dispose()


# ---------------------------------------------------------------- approving again, cancelling
def test_ceremony_approve_again_and_cancel_approval(demo_url):
    engine = make_engine(demo_url)
    try:
        simulate(engine, DEMO_CODE, seed=3, sleep=lambda _s: None, out=lambda _line: None)
        first = HASH_LINE.search(ok(cli(demo_url, "ceremony", "approve", "--edition", DEMO_CODE)))
        # Approving approved results: refused, saying how to do it on purpose.
        message = refused(cli(demo_url, "ceremony", "approve", "--edition", DEMO_CODE))
        assert "sudah disetujui" in message and "already approved" in message
        assert "ceremony approve --again" in message
        again = ok(cli(demo_url, "ceremony", "approve", "--again", "--edition", DEMO_CODE))
        assert "disetujui ulang" in again and HASH_LINE.search(again).group(1) == first.group(1)

        cancelled = ok(cli(demo_url, "ceremony", "cancel-approval", "--edition", DEMO_CODE))
        assert "approved: no" in cancelled and "approval_locked: no" in cancelled
        with transaction(engine) as session:
            assert not ceremony.public_view(session, DEMO_CODE).approved
        status = ok(cli(demo_url, "ceremony", "status", "--edition", DEMO_CODE))
        lines = status.split("approval_history:\n", 1)[1].splitlines()
        short = first.group(1)[:12]
        assert len(lines) == 3, status
        assert "setujui / approve" in lines[0] and f"- -> {short}" in lines[0]
        assert "re-approve" in lines[1] and f"{short} -> {short}" in lines[1]
        assert "batalkan / cancel" in lines[2] and f"{short} -> -" in lines[2]
        assert all("by panitia-cli" in line and "+07:00 WIB" in line for line in lines)

        # Once Juara III was on screen, neither a re-approval nor a cancellation, even after reset.
        ok(cli(demo_url, "ceremony", "approve", "--edition", DEMO_CODE))
        for _ in range(2):
            ok(cli(demo_url, "ceremony", "next", "--edition", DEMO_CODE))
        ok(cli(demo_url, "ceremony", "reset", "--edition", DEMO_CODE))
        for args in (("approve", "--again"), ("cancel-approval",)):
            message = refused(cli(demo_url, "ceremony", *args, "--edition", DEMO_CODE))
            assert "Juara III sudah tampil" in message and "Juara III has been on screen" in message
        status = ok(cli(demo_url, "ceremony", "status", "--edition", DEMO_CODE))
        assert len(status.split("approval_history:\n", 1)[1].splitlines()) == 4
        assert field(status, "approved").startswith("20")
        assert field(status, "approval_locked").endswith("+07:00")
    finally:
        engine.dispose()
