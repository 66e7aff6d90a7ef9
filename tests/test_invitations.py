"""Jurors' accounts and invitation links: the CLI, the /undangan flow and /penilaian."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError

from data_access.db import make_engine, transaction
from data_access.demo import DEMO_CODE
from data_access.invitations import INVITATION_LIFETIME, invitation_hash
from data_access.login_limits import NAME_LIMIT
from data_access.models import Invitation, Juror, User, UserSession, utcnow
from data_access.users import add_user, start_session
from tests.cli_run import cli, ok, refused
from tests.web import PASSWORD, csrf_from, login

LINK = re.compile(r"^/undangan\?token=([A-Za-z0-9_-]{40,})$")


def invite(url: str, name: str, juror: str = "J02", *args: str) -> str:
    """Invite a juror through the CLI and return the token of the link on its last line."""
    out = ok(cli(url, "users", "invite", name, "--role", "juri", "--juror", juror, *args))
    found = LINK.match(out.strip().splitlines()[-1])
    assert found, out
    return found.group(1)


def open_link(client, token: str, lang: str = ""):
    return client.get(f"/undangan?token={token}{'&lang=' + lang if lang else ''}")


def set_password(client, token: str, password: str, repeat: str | None = None):
    page = open_link(client, token).get_data(as_text=True)
    form = {"csrf": csrf_from(page), "token": token, "password": password}
    form["repeat"] = password if repeat is None else repeat
    return client.post("/undangan", data=form)


# ---------------------------------------------------------------- the model
def test_a_juri_account_needs_its_juror_and_others_none(engine):
    from tests.seed import add_edition

    with transaction(engine) as session:
        edition = add_edition(session, "e-2022")
        session.add(Juror(edition_id=edition.id, code="J9", name="Juri", jury_group="G"))
    with engine.connect() as conn:
        juror = conn.execute(text("SELECT id FROM jurors WHERE code = 'J9'")).scalar_one()
    for role, juror_id in (("juri", None), ("viewer", juror)):
        with pytest.raises(IntegrityError), transaction(engine) as session:
            session.add(User(username="x1", password_hash="h", role=role, juror_id=juror_id))
    with transaction(engine) as session:
        user = add_user(session, "juri9", PASSWORD, "juri", juror_id=juror)
        start_session(session, user.id)
    # Moving the account to another juror ends its sessions, as a role change does.
    with transaction(engine) as session:
        other = Juror(edition_id=edition.id, code="J8", name="Lain", jury_group="G")
        session.add(other)
        session.flush()
        session.execute(update(User).where(User.id == user.id).values(juror_id=other.id))
    with transaction(engine) as session:
        assert session.execute(select(UserSession)).first() is None
        start_session(session, user.id)
        # Removing the juror removes its account (ON DELETE CASCADE), sessions too.
        session.execute(text("DELETE FROM jurors WHERE code = 'J8'"))
    with transaction(engine) as session:
        assert session.execute(select(User.id).where(User.id == user.id)).first() is None
        assert session.execute(select(UserSession)).first() is None


# ---------------------------------------------------------------- the command line
def test_users_add_invite_list_and_revoke(demo_url):
    env = {"P": "rahasia-juri"}
    # No terminal for the password; a juri role without --juror is refused before asking.
    assert "--password-env" in refused(
        cli(demo_url, "users", "add", "budi", "--role", "juri", "--juror", "J01")
    )
    assert "--juror" in refused(cli(demo_url, "users", "add", "x1", "--role", "juri"))
    out = ok(
        cli(
            demo_url,
            "users",
            "add",
            "budi",
            "--role",
            "juri",
            "--juror",
            "J01",
            "--edition",
            DEMO_CODE,
            "--password-env",
            "P",
            env=env,
        )
    )
    assert "budi (juri, J01)" in out
    assert "NOPE" in refused(
        cli(
            demo_url,
            "users",
            "add",
            "y1",
            "--role",
            "juri",
            "--juror",
            "NOPE",
            "--password-env",
            "P",
            env=env,
        )
    )
    assert "--juror" in refused(
        cli(
            demo_url,
            "users",
            "add",
            "y2",
            "--role",
            "viewer",
            "--juror",
            "J01",
            "--password-env",
            "P",
            env=env,
        )
    )
    first = invite(demo_url, "sari")
    again = invite(demo_url, "sari")  # re-inviting reuses the account, with a new link
    assert first != again
    resent = ok(cli(demo_url, "users", "reinvite", "sari")).strip().splitlines()[-1]
    assert LINK.match(resent)
    listed = ok(cli(demo_url, "users", "invitations"))
    assert listed.count("dicabut / revoked") == 2 and listed.count("aktif / live") == 1
    ok(cli(demo_url, "users", "revoke-invite", "sari"))
    assert "sari" in refused(cli(demo_url, "users", "revoke-invite", "sari"))
    users = ok(cli(demo_url, "users", "list"))
    assert re.search(r"sari\s+juri\s+J02 ", users) and re.search(r"budi\s+juri\s+J01 ", users)
    # An existing account of another role is not turned into a juror by an invitation.
    ok(cli(demo_url, "users", "add", "tamu", "--role", "viewer", "--password-env", "P", env=env))
    assert "tamu" in refused(
        cli(demo_url, "users", "invite", "tamu", "--role", "juri", "--juror", "J03")
    )
    engine = make_engine(demo_url)
    with transaction(engine) as session:
        stored = session.execute(select(Invitation.token_hash)).scalars().all()
    engine.dispose()
    assert invitation_hash(first) in stored and first not in stored  # SHA-256 only


# ---------------------------------------------------------------- /undangan
def _url(app) -> str:
    from dashboard.services import services

    with app.app_context():
        return str(services().engine.url.render_as_string(hide_password=False))


def test_an_invited_juror_sets_a_password_once_and_lands_on_their_list(app, client):
    url = _url(app)
    token = invite(url, "sari")
    page = open_link(client, token)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    body = page.get_data(as_text=True)
    assert "Buat kata sandi" in body and "sari" in body
    assert "Set your password" in open_link(client, token, "en").get_data(as_text=True)
    # Password rules as everywhere: too short, or two that differ, keep the link live.
    assert "minimal 8" in set_password(client, token, "pendek").get_data(as_text=True)
    assert set_password(client, token, "rahasia-sari", "rahasia-lain").status_code == 400
    # No CSRF token: refused.
    no_csrf = client.post(
        "/undangan", data={"token": token, "password": "x" * 9, "repeat": "x" * 9}
    )
    assert no_csrf.status_code == 400
    done = set_password(client, token, "rahasia-sari")
    assert done.status_code == 302 and done.headers["Location"].startswith("/penilaian")
    # Indonesian asked for by name: this browser chose English (the link's) just before.
    mine = client.get("/penilaian?lang=id")
    assert mine.status_code == 200
    assert "Penilaian Saya" in mine.get_data(as_text=True)
    # Used once: the link now says so, and logging in with the password works.
    again = app.test_client()
    used = open_link(again, token)
    assert used.status_code == 410 and "sudah dipakai" in used.get_data(as_text=True)
    assert "panitia" in used.get_data(as_text=True)
    logged = login(again, "sari", "rahasia-sari")
    assert logged.status_code == 302 and logged.headers["Location"] == "/penilaian"


def test_expired_revoked_resent_and_unknown_links_open_nothing(app):
    url = _url(app)
    old = invite(url, "sari")
    new = ok(cli(url, "users", "reinvite", "sari")).strip().splitlines()[-1].split("=", 1)[1]
    browser = app.test_client()
    assert "dicabut" in open_link(browser, old).get_data(as_text=True)
    assert open_link(browser, new).status_code == 200
    ok(cli(url, "users", "revoke-invite", "sari"))
    assert open_link(browser, new).status_code == 410
    late = invite(url, "sari")
    engine = make_engine(url)
    with transaction(engine) as session:
        row = session.execute(
            select(Invitation).where(Invitation.token_hash == invitation_hash(late))
        ).scalar_one()
        assert row.expires_at - row.created_at == timedelta(days=7) == INVITATION_LIFETIME
        session.execute(
            update(Invitation)
            .where(Invitation.token_hash == invitation_hash(late))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    engine.dispose()
    expired = open_link(browser, late)
    assert expired.status_code == 410 and "kedaluwarsa" in expired.get_data(as_text=True)
    unknown = open_link(browser, "x" * 43)
    assert unknown.status_code == 404
    assert "Minta tautan baru kepada panitia" in unknown.get_data(as_text=True)
    en = open_link(browser, "x" * 43, "en").get_data(as_text=True)
    assert "Ask the KIPP committee for a new link" in en
    # A refused POST sets nothing either.
    form = {"csrf": "x", "token": late, "password": "rahasia-baru", "repeat": "rahasia-baru"}
    assert browser.post("/undangan", data=form).status_code == 410


def test_guessing_links_counts_against_the_login_limit(app):
    browser = app.test_client()
    for n in range(NAME_LIMIT):
        assert open_link(browser, f"tebak-{n}").status_code == 404
    limited = open_link(browser, "tebak-lagi")
    assert limited.status_code == 429 and "Retry-After" in limited.headers


def test_a_large_body_is_refused_unread(app):
    browser = app.test_client()
    response = browser.post("/undangan", data={"token": "x" * (20 * 1024)})
    assert response.status_code == 413
