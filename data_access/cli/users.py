"""The dashboard's accounts: users add, list, remove, profile, role, unlock; one-time links.

Each change is recorded in the audit record by data_access (the actor: $USER), as the
same change made on /akun is.
"""

from __future__ import annotations

import getpass
import os
import sys

import click

from data_access.cli.common import (
    WRITE_EDITION_HELP,
    CliError,
    Group,
    Runtime,
    help_text,
    only_edition,
    pass_runtime,
    refusing,
    text_table,
)
from data_access.db import transaction
from data_access.formatting import iso_minutes
from data_access.i18n import Message, Moment
from data_access.migrate import upgrade


@click.group(cls=Group, help=help_text("cli.help.users"))
def users() -> None:
    """Manage the dashboard's accounts."""


def _password(password_env: str | None) -> str:
    """Return the password from $VAR, else as typed twice on the terminal."""
    if password_env:
        password = os.environ.get(password_env)
        if password is None:
            raise CliError(Message("cli.password_env_missing", name=password_env))
        return password
    if not sys.stdin.isatty():
        raise CliError(Message("cli.no_terminal"))
    first = getpass.getpass(f"{Message('cli.password')}: ")
    if getpass.getpass(f"{Message('cli.password_repeat')}: ") != first:
        raise CliError(Message("cli.passwords_differ"))
    return first


def _actor() -> str:
    """Return who runs the command, as an invitation records it."""
    return os.environ.get("USER", "") or "cli"


def _juror_id(run: Runtime, session, juror: str | None, edition: str | None) -> int | None:
    """Return the id of --juror in --edition (the only edition when there is one)."""
    from data_access.users import juror_in_edition

    if juror is None:
        return None
    return juror_in_edition(session, only_edition(run.engine, edition), juror)


# --role is checked by add_user/invite, which answer in both languages (a click.Choice
# would not); --juror names a juror of --edition, for the juri role.
role_option = click.option("--role", required=True, help=help_text("cli.help.users.add.role"))
juror_option = click.option("--juror", metavar="CODE", help=help_text("cli.help.users.add.juror"))
edition_option = click.option("--edition", metavar="CODE", help=WRITE_EDITION_HELP)


@users.command(help=help_text("cli.help.users.add"))
@click.argument("name")
@role_option
@juror_option
@edition_option
@click.option("--password-env", metavar="VAR", help=help_text("cli.help.users.add.password_env"))
@pass_runtime
def add(
    run: Runtime,
    name: str,
    role: str,
    juror: str | None,
    edition: str | None,
    password_env: str | None,
) -> None:
    """Add an account with its role; the password comes from $VAR or is typed twice."""
    from data_access.users import UserError, add_user, check_new_account

    upgrade(run.engine)
    # Refuse a wrong name, role or juror before asking for a password.
    with refusing(run, UserError) as session:
        juror_id = _juror_id(run, session, juror, edition)
        check_new_account(session, name, role, juror_id)
    password = _password(password_env)
    with refusing(run, UserError) as session:
        account = add_user(session, name, password, role, juror_id=juror_id, by=_actor())
    suffix = f", {juror}" if juror else ""
    print(f"{Message('cli.user_added')}: {account.username} ({account.role}{suffix})")


@users.command(help=help_text("cli.help.users.invite", "cli.help.users.invite.detail"))
@click.argument("name")
@role_option
@juror_option
@edition_option
@pass_runtime
def invite(run: Runtime, name: str, role: str, juror: str | None, edition: str | None) -> None:
    """Create (or reuse) an account and print its one-time link on the last line."""
    from data_access.invitations import invite as invite_account
    from data_access.users import UserError

    upgrade(run.engine)
    with refusing(run, UserError) as session:
        juror_id = _juror_id(run, session, juror, edition)
        account, token = invite_account(session, name, role, juror_id=juror_id, by=_actor())
    _print_link(f"{account.username} ({account.role}{f', {juror}' if juror else ''})", token)


def _print_link(who: str, token: str) -> None:
    from data_access.invitations import INVITATION_LIFETIME, invitation_url
    from data_access.models import utcnow

    until = Moment(utcnow() + INVITATION_LIFETIME)
    print(f"{Message('cli.invitation_made')}: {who}")
    print(f"{Message('cli.invitation_open', until=until)}:")
    print(invitation_url(token))  # the last line: a script can take it with `tail -n 1`


@users.command(help=help_text("cli.help.users.reinvite"))
@click.argument("name")
@pass_runtime
def reinvite(run: Runtime, name: str) -> None:
    """Print a new link for an existing account; its earlier links stop working."""
    from data_access.invitations import reinvite as reinvite_account
    from data_access.users import UserError

    upgrade(run.engine)
    with refusing(run, UserError) as session:
        token = reinvite_account(session, name, by=_actor())
    _print_link(name, token)


@users.command("revoke-invite", help=help_text("cli.help.users.revoke_invite"))
@click.argument("name")
@pass_runtime
def revoke_invite(run: Runtime, name: str) -> None:
    """Revoke an account's live invitation link."""
    from data_access.invitations import revoke_invitation
    from data_access.users import UserError

    upgrade(run.engine)
    with refusing(run, UserError) as session:
        revoke_invitation(session, name)
    print(f"{Message('cli.invitation_revoked')}: {name}")


@users.command(help=help_text("cli.help.users.invitations"))
@pass_runtime
def invitations(run: Runtime) -> None:
    """Print every invitation with its state."""
    from data_access.invitations import list_invitations

    upgrade(run.engine)
    with transaction(run.engine) as session:
        found = list_invitations(session)
    if not found:
        print(Message("cli.no_invitation"))
        return
    rows = [
        {
            "username": row.username,
            "role": row.role,
            "juror": row.juror_code or "",
            "edition": row.edition_code or "",
            "created": iso_minutes(row.created_at),
            "by": row.created_by,
            "expires": iso_minutes(row.expires_at),
            "state": str(Message(f"cli.invitation.{row.state}")),
        }
        for row in found
    ]
    print(text_table(rows))


@users.command("list", help=help_text("cli.help.users.list"))
@pass_runtime
def list_(run: Runtime) -> None:
    """Print the accounts as a table."""
    from data_access.users import list_users

    upgrade(run.engine)
    with transaction(run.engine) as session:
        accounts = list_users(session)
    # The juror column only where there is a juri account: other lists stay as they were.
    jurors = any(a.juror_code for a in accounts)
    names = any(a.display_name for a in accounts)  # likewise the profiles' display names
    rows = [
        {
            "username": a.username,
            "role": a.role,
            **({"name": a.display_name or ""} if names else {}),
            **({"juror": _juror_cell(a)} if jurors else {}),
            "created": iso_minutes(a.created_at),
        }
        for a in accounts
    ]
    print(text_table(rows))


def _juror_cell(account) -> str:
    if not account.juror_code:
        return ""
    return f"{account.juror_code} {account.juror_name} ({account.edition_code})"


@users.command(help=help_text("cli.help.users.remove"))
@click.argument("name")
@pass_runtime
def remove(run: Runtime, name: str) -> None:
    """Remove an account."""
    from data_access.users import UserError, remove_user

    upgrade(run.engine)
    with refusing(run, UserError) as session:
        remove_user(session, name, by=_actor())
    print(f"{Message('cli.user_removed')}: {name}")


@users.command(help=help_text("cli.help.users.profile", "cli.help.users.profile.detail"))
@click.argument("name")
@click.option("--display-name", help=help_text("cli.help.users.profile.display_name"))
@click.option("--nip", help=help_text("cli.help.users.profile.nip"))
@click.option("--jabatan", help=help_text("cli.help.users.profile.jabatan"))
@pass_runtime
def profile(
    run: Runtime, name: str, display_name: str | None, nip: str | None, jabatan: str | None
) -> None:
    """Set an account's display name, NIP and jabatan; options not given stay."""
    from data_access.accounts import format_nip, set_profile
    from data_access.accounts import profile as read_profile
    from data_access.users import UserError

    upgrade(run.engine)
    with refusing(run, UserError) as session:
        now = read_profile(session, name)
        done = set_profile(
            session,
            name,
            display_name=now.display_name if display_name is None else display_name,
            nip=now.nip if nip is None else nip,
            jabatan=now.jabatan if jabatan is None else jabatan,
            by=_actor(),
        )
    shown = " · ".join(
        part
        for part in (done.display_name, done.nip and format_nip(done.nip), done.jabatan)
        if part
    )
    print(f"{Message('cli.profile_set')}: {name}{f' ({shown})' if shown else ''}")


@users.command(help=help_text("cli.help.users.role"))
@click.argument("name")
@click.argument("role")
@pass_runtime
def role(run: Runtime, name: str, role: str) -> None:
    """Give an account another role among admin, viewer and bupati."""
    from data_access.accounts import change_role
    from data_access.users import UserError

    upgrade(run.engine)
    with refusing(run, UserError) as session:
        change_role(session, name, role, by=_actor(), person=False)
    print(f"{Message('cli.role_changed')}: {name} ({role})")


@users.command(help=help_text("cli.help.users.unlock"))
@click.argument("name")
@pass_runtime
def unlock(run: Runtime, name: str) -> None:
    """Lift an account's login lock."""
    from data_access.accounts import unlock as lift
    from data_access.users import UserError

    upgrade(run.engine)
    with refusing(run, UserError) as session:
        lift(session, name, by=_actor())
    print(f"{Message('cli.unlocked')}: {name}")
