"""The accounts console's data layer (data_access/accounts.py): profiles and their NIP, the
last-admin guard, reset links, login locks, one's own password, and the audit record each
change leaves (never a password or a token)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from data_access import accounts, audit
from data_access.db import transaction
from data_access.invitations import LIVE, REVOKED, accept_invitation, invitation_state
from data_access.login_limits import NAME_LIMIT, record_failure
from data_access.models import AuditEvent, User, UserSession
from data_access.users import UserError, add_user, authenticate, remove_user, start_session

PASSWORD = "rahasia-akun-2026"
NEW_PASSWORD = "sandi-baru-2026"
# An invented official, in the style the committee writes names.
NAME = "Dra. Sekar Ayu Pramesti, M.Si."


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("19800101 200601 2 009", "198001012006012009"),
        (" 198001012006012009 ", "198001012006012009"),
        ("", None),
        ("   ", None),
    ],
)
def test_an_nip_is_kept_as_its_18_digits(typed, stored):
    assert accounts.normalize_nip(typed) == stored


@pytest.mark.parametrize(
    "typed", ["12345", "1980010120060120091", "19800101-200601-2-009", "١٩٨٠٠١٠١٢٠٠٦٠١٢٠٠٩"]
)
def test_an_nip_that_is_not_18_digits_is_refused_in_words(typed):
    with pytest.raises(UserError) as refused:
        accounts.normalize_nip(typed)
    assert refused.value.args[0].text("id") == "NIP harus 18 angka (spasi boleh)"


def _events(session, action: str) -> list[audit.Event]:
    return audit.events(session, actions=(action,))


def select_user_id(username: str):
    """Return the query of a user's id."""
    return select(User.id).where(User.username == username)


def test_a_profile_names_the_person_and_the_username_stands_in_without_one(engine):
    with transaction(engine) as session:
        add_user(session, "sekretaris", PASSWORD, "viewer", by="panitia")
        assert accounts.profile(session, "sekretaris").name == "sekretaris"
        assert accounts.signatory(session, "sekretaris") == "sekretaris"
        assert accounts.signatory(session, "tidak-ada") == "tidak-ada"
        accounts.set_profile(
            session,
            "sekretaris",
            display_name=f"  {NAME} ",
            nip="19800101 200601 2 009",
            jabatan="Analis Kebijakan",
            by="panitia",
        )
        # The same profile again changes nothing and records nothing.
        accounts.set_profile(
            session,
            "sekretaris",
            display_name=NAME,
            nip="198001012006012009",
            jabatan="Analis Kebijakan",
            by="panitia",
        )
    with transaction(engine) as session:
        found = accounts.profile(session, "sekretaris")
        assert (found.display_name, found.nip) == (NAME, "198001012006012009")
        assert accounts.signatory(session, "sekretaris") == f"{NAME} (NIP 19800101 200601 2 009)"
        (event,) = _events(session, audit.ACCOUNT_PROFILE)
        assert event.subject == "sekretaris" and event.actor == "panitia"
        assert event.detail == {"fields": ["display_name", "jabatan", "nip"]}
        with pytest.raises(UserError, match="Jabatan paling banyak"):
            accounts.set_profile(
                session, "sekretaris", display_name=NAME, nip="", jabatan="x" * 201, by="panitia"
            )


def test_the_last_admin_is_never_removed_nor_demoted_and_nobody_acts_on_themselves(engine):
    with transaction(engine) as session:
        add_user(session, "panitia", PASSWORD, "admin")
        add_user(session, "tamu", PASSWORD, "viewer")
        start_session(session, session.execute(select_user_id("tamu")).scalar_one())
    with transaction(engine) as session:
        for act in (
            lambda: accounts.change_role(session, "panitia", "viewer", by="cli", person=False),
            lambda: remove_user(session, "panitia", by="cli"),
        ):
            with pytest.raises(UserError) as refused:
                act()
            assert "satu-satunya admin" in refused.value.args[0].text("id")
        with pytest.raises(UserError, match="sendiri"):
            accounts.remove_account(session, "panitia", by="panitia")
        with pytest.raises(UserError, match="sendiri"):
            accounts.change_role(session, "panitia", "viewer", by="panitia")
        with pytest.raises(UserError, match="Kelola Juri"):
            accounts.change_role(session, "tamu", "juri", by="panitia")
        accounts.change_role(session, "tamu", "admin", by="panitia")
    with transaction(engine) as session:
        # The database ended the promoted account's session (trigger, migration 0004).
        assert session.scalar(select(func.count()).select_from(UserSession)) == 0
        accounts.change_role(session, "panitia", "bupati", by="tamu")  # two admins: allowed
        accounts.remove_account(session, "panitia", by="tamu")
    with transaction(engine) as session:
        roles = [
            (e.subject, e.detail["old_role"], e.detail["new_role"])
            for e in _events(session, "account.role")
        ]
        assert roles == [("panitia", "admin", "bupati"), ("tamu", "viewer", "admin")]
        (removed,) = _events(session, audit.ACCOUNT_REMOVED)
        assert (removed.subject, removed.actor, removed.detail) == (
            "panitia",
            "tamu",
            {"role": "bupati"},
        )


def test_links_locks_and_ones_own_password_are_recorded_without_a_secret(engine):
    with transaction(engine) as session:
        first = accounts.add_account(session, "sekretaris", "bupati", nip="", by="panitia")
        assert [a.link_until is not None for a in accounts.console(session)] == [True]
        second = accounts.reset_link(session, "sekretaris", by="panitia")
        assert invitation_state(session, first) == REVOKED
        assert invitation_state(session, second) == LIVE
        accept_invitation(session, second, PASSWORD)
        (row,) = accounts.console(session)
        assert (row.role, row.link_until, row.locked_until) == ("bupati", None, None)
        with pytest.raises(UserError, match="tidak sedang terkunci"):
            accounts.unlock(session, "sekretaris", by="panitia")
        for _ in range(NAME_LIMIT):
            record_failure(session, "sekretaris", "203.0.113.9")
        assert accounts.console(session)[0].locked_until is not None
        assert accounts.unlock(session, "sekretaris", by="panitia") == NAME_LIMIT
        assert accounts.console(session)[0].locked_until is None
        user_id = session.execute(select_user_id("sekretaris")).scalar_one()
        here, elsewhere = start_session(session, user_id), start_session(session, user_id)
        with pytest.raises(accounts.WrongPassword):
            accounts.change_own_password(
                session, "sekretaris", "salah", NEW_PASSWORD, keep_token=here
            )
        with pytest.raises(UserError, match="minimal 8"):
            accounts.change_own_password(session, "sekretaris", PASSWORD, "pendek", keep_token=here)
        ended = accounts.change_own_password(
            session, "sekretaris", PASSWORD, NEW_PASSWORD, keep_token=here
        )
        assert ended == 1 and elsewhere != here
        assert session.scalar(select(func.count()).select_from(UserSession)) == 1
        assert authenticate(session, "sekretaris", NEW_PASSWORD) is not None
    with transaction(engine) as session:
        found = {e.action: e for e in audit.events(session)}
        assert found[audit.ACCOUNT_ADDED].detail == {"role": "bupati", "invited": True}
        assert found[audit.ACCOUNT_RESET_LINK].actor == "panitia"
        assert found[audit.ACCOUNT_UNLOCKED].detail == {"failures": NAME_LIMIT}
        changes = [e.detail["via"] for e in _events(session, audit.ACCOUNT_PASSWORD)]
        assert changes == ["own", "link"]
        stored = " ".join(session.execute(select(AuditEvent.detail)).scalars())
    for secret in (first, second, PASSWORD, NEW_PASSWORD, here, elsewhere):
        assert secret not in stored
