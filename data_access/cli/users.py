"""The dashboard's accounts: users add, list and remove."""

from __future__ import annotations

import getpass
import os
import sys

import click

from data_access.cli.common import (
    CliError,
    Group,
    Runtime,
    help_text,
    pass_runtime,
    refusing,
    text_table,
)
from data_access.db import transaction
from data_access.formatting import iso_minutes
from data_access.i18n import Message
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


@users.command(help=help_text("cli.help.users.add"))
@click.argument("name")
# Checked by add_user, which answers in both languages (a click.Choice would not).
@click.option("--role", required=True, help=help_text("cli.help.users.add.role"))
@click.option("--password-env", metavar="VAR", help=help_text("cli.help.users.add.password_env"))
@pass_runtime
def add(run: Runtime, name: str, role: str, password_env: str | None) -> None:
    """Add an account with its role; the password comes from $VAR or is typed twice."""
    from data_access.users import UserError, add_user

    upgrade(run.engine)
    password = _password(password_env)
    with refusing(run, UserError) as session:
        account = add_user(session, name, password, role)
    print(f"{Message('cli.user_added')}: {account.username} ({account.role})")


@users.command("list", help=help_text("cli.help.users.list"))
@pass_runtime
def list_(run: Runtime) -> None:
    """Print the accounts as a table."""
    from data_access.users import list_users

    upgrade(run.engine)
    with transaction(run.engine) as session:
        accounts = list_users(session)
    rows = [
        {"username": a.username, "role": a.role, "created": iso_minutes(a.created_at)}
        for a in accounts
    ]
    print(text_table(rows))


@users.command(help=help_text("cli.help.users.remove"))
@click.argument("name")
@pass_runtime
def remove(run: Runtime, name: str) -> None:
    """Remove an account."""
    from data_access.users import UserError, remove_user

    upgrade(run.engine)
    with refusing(run, UserError) as session:
        remove_user(session, name)
    print(f"{Message('cli.user_removed')}: {name}")
