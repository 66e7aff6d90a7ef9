"""The ceremony screens' display tokens: kiosk token create, list and revoke."""

from __future__ import annotations

import click

from data_access.cli.common import Group, Runtime, pass_runtime, refusing, text_table
from data_access.db import transaction
from data_access.formatting import iso_minutes
from data_access.i18n import Message
from data_access.migrate import upgrade


@click.group(cls=Group)
def kiosk() -> None:
    """layar upacara / ceremony screens"""


@kiosk.group()
def token() -> None:
    """token layar / display tokens"""


@token.command()
@click.argument("name")
@click.option(
    "--edition",
    help="edisi layar; wajib bila ada beberapa edisi / the screen's edition; "
    "required when the database holds several editions",
)
@pass_runtime
def create(run: Runtime, name: str, edition: str | None) -> None:
    """daftarkan layar sebuah edisi / register a screen of one edition

    Layar menampilkan edisinya, apa pun yang diimpor kemudian / the screen shows its edition,
    whatever is imported later.
    """
    from data_access.kiosks import KioskError, create_token, kiosk_url, screen_for_token

    upgrade(run.engine)
    with refusing(run, KioskError) as session:
        secret = create_token(session, name, edition)
        screen = screen_for_token(session, secret)
    print(f"{Message('cli.screen_registered')}: {name.strip()}")
    if screen is not None and screen.bound_edition:
        print(f"{Message('cli.screen_edition')}: {screen.bound_edition}")
    else:
        print(Message("cli.screen_default_edition"))
    print(f"{Message('cli.screen_open')}:")
    print(kiosk_url(secret))


@token.command("list")
@pass_runtime
def list_(run: Runtime) -> None:
    """daftar layar / list screens"""
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


@token.command()
@click.argument("name")
@pass_runtime
def revoke(run: Runtime, name: str) -> None:
    """cabut token / revoke a token"""
    from data_access.kiosks import KioskError
    from data_access.kiosks import revoke as revoke_token

    upgrade(run.engine)
    with refusing(run, KioskError) as session:
        revoke_token(session, name)
    print(f"{Message('cli.token_revoked')}: {name.strip()}")
