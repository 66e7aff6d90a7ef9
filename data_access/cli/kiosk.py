"""The ceremony screens' display tokens: kiosk token create, list and revoke."""

from __future__ import annotations

import click

from data_access.cli.common import (
    Group,
    Runtime,
    cli_user,
    help_text,
    pass_runtime,
    refusing,
    text_table,
)
from data_access.db import transaction
from data_access.formatting import iso_minutes
from data_access.i18n import Message
from data_access.migrate import upgrade


@click.group(cls=Group, help=help_text("cli.help.kiosk"))
def kiosk() -> None:
    """Manage the ceremony screens."""


@kiosk.group(help=help_text("cli.help.kiosk.token"))
def token() -> None:
    """Manage the screens' display tokens."""


@token.command(help=help_text("cli.help.kiosk.token.create", "cli.help.kiosk.token.create.detail"))
@click.argument("name")
@click.option("--edition", help=help_text("cli.help.kiosk.token.create.edition"))
@pass_runtime
def create(run: Runtime, name: str, edition: str | None) -> None:
    """Register a screen bound to one edition and print its secret path, once."""
    from data_access.kiosks import KioskError, create_token, kiosk_url, screen_for_token

    upgrade(run.engine)
    with refusing(run, KioskError) as session:
        secret = create_token(session, name, edition, by=cli_user())
        screen = screen_for_token(session, secret)
    print(f"{Message('cli.screen_registered')}: {name.strip()}")
    if screen is not None and screen.bound_edition:
        print(f"{Message('cli.screen_edition')}: {screen.bound_edition}")
    else:
        print(Message("cli.screen_default_edition"))
    print(f"{Message('cli.screen_open')}:")
    print(kiosk_url(secret))


@token.command("list", help=help_text("cli.help.kiosk.token.list"))
@pass_runtime
def list_(run: Runtime) -> None:
    """Print the screens as a table."""
    from data_access.kiosks import list_screens

    upgrade(run.engine)
    with transaction(run.engine) as session:
        screens = list_screens(session)
    if not screens:
        print(Message("cli.no_screen"))
        return
    rows = [
        {
            "name": screen.name,
            "created": iso_minutes(screen.created_at),
            "last_seen": iso_minutes(screen.last_seen_at),
            "edition": screen.edition_code or "",
            "shown": screen.shown,
            # The edition the token belongs to ("edition" is the one shown last).
            "token_edition": screen.bound_edition or f"({Message('cli.default')})",
        }
        for screen in screens
    ]
    print(text_table(rows))


@token.command(help=help_text("cli.help.kiosk.token.revoke"))
@click.argument("name")
@pass_runtime
def revoke(run: Runtime, name: str) -> None:
    """Revoke a screen's token."""
    from data_access.kiosks import KioskError
    from data_access.kiosks import revoke as revoke_token

    upgrade(run.engine)
    with refusing(run, KioskError) as session:
        revoke_token(session, name, by=cli_user())
    print(f"{Message('cli.token_revoked')}: {name.strip()}")
