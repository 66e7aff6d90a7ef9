"""Kelola Juri offers "Kirim ulang" only for a link not used yet, and refuses it for a used one."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from sqlalchemy import func, select, update

from data_access.db import transaction
from data_access.invitations import USED, accept_invitation, invite, newest_state
from data_access.models import Invitation, Juror, User, utcnow
from data_access.users import JUROR_ROLE
from tests.test_jury_desk import DESK, _post, _result, site  # noqa: F401 - the fixture
from tests.web import client_as

ROW = r'<tr data-username="{}">(.*?)</tr>'


def _invite(engine, username: str, juror: str) -> str:
    """Invite an account for a demo juror; return the link's token."""
    with transaction(engine) as s:
        juror_id = s.execute(select(Juror.id).where(Juror.code == juror)).scalar_one()
        _account, token = invite(s, username, JUROR_ROLE, juror_id=juror_id, by="test")
    return token


def _links(engine, username: str) -> int:
    with transaction(engine) as s:
        return s.scalar(
            select(func.count())
            .select_from(Invitation)
            .join(User, User.id == Invitation.user_id)
            .where(User.username == username)
        )


def _row(page: str, username: str) -> str:
    found = re.search(ROW.format(username), page, re.S)
    assert found, username
    return found.group(1)


def test_resend_is_offered_for_a_pending_or_expired_link_only(site):  # noqa: F811
    """A live or expired link has "Kirim ulang"; a used one says the password is set instead."""
    app, engine = site
    _invite(engine, "sari", "J02")
    _invite(engine, "bayu", "J04")
    used = _invite(engine, "maya", "J05")
    with transaction(engine) as s:
        accept_invitation(s, used, "kata-sandi-maya")
        s.execute(
            update(Invitation)
            .where(
                Invitation.user_id
                == select(User.id).where(User.username == "bayu").scalar_subquery()
            )
            .values(expires_at=utcnow() - timedelta(hours=1))
        )
    page = html.unescape(client_as(app, "admin").get(f"{DESK}?lang=id").get_data(as_text=True))
    live, expired, done = (_row(page, name) for name in ("sari", "bayu", "maya"))
    assert "Kirim ulang" in live and "Cabut" in live
    assert "Kirim ulang" in expired and "kedaluwarsa" in expired and "Cabut" not in expired
    assert "Kirim ulang" not in done and "Cabut" not in done
    assert "Kata sandi sudah dibuat" in done and "terpakai" in done


def test_a_used_link_is_not_sent_again(site):  # noqa: F811
    """Posting "Kirim ulang" (or the invite form) for a used link makes no link and says why."""
    app, engine = site
    with transaction(engine) as s:
        accept_invitation(s, _invite(engine, "maya", "J05"), "kata-sandi-maya")
    admin = client_as(app, "admin")
    for lang, said in (
        ("id", "Undangan maya sudah dipakai: juri sudah membuat kata sandinya"),
        ("en", "The invitation of maya was already used: the juror has set a password"),
    ):
        page = _result(admin, _post(admin, f"{DESK}/kirim-ulang", lang, username="maya"), lang)
        assert 'class="alert alert-danger"' in page and said in page
        assert "users reinvite maya" in page and 'id="desk-link"' not in page
    page = _result(admin, _post(admin, f"{DESK}/undang", username="maya", juror="J05"))
    assert "Undangan maya sudah dipakai" in page and 'id="desk-link"' not in page
    assert _links(engine, "maya") == 1
    with transaction(engine) as s:
        assert newest_state(s, "maya") == USED


def test_an_expired_link_is_sent_again(site):  # noqa: F811
    """An expired link's "Kirim ulang" makes a new live link, shown once."""
    app, engine = site
    _invite(engine, "bayu", "J04")
    with transaction(engine) as s:
        s.execute(update(Invitation).values(expires_at=utcnow() - timedelta(hours=1)))
    admin = client_as(app, "admin")
    page = _result(admin, _post(admin, f"{DESK}/kirim-ulang", "en", username="bayu"), "en")
    assert "A new link for bayu" in page and 'id="desk-link"' in page
    assert _links(engine, "bayu") == 2
