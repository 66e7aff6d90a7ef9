"""The public catalogue: catalogue publish, unpublish and list."""

from __future__ import annotations

import click

from data_access import catalogue as public_catalogue
from data_access.cli.common import (
    Group,
    Runtime,
    cli_user,
    help_text,
    pass_runtime,
    text_table,
)
from data_access.db import transaction
from data_access.formatting import iso_minutes
from data_access.i18n import Message
from data_access.migrate import upgrade

edition_option = click.option(
    "--edition", required=True, help=help_text("cli.help.catalogue.edition")
)
by_option = click.option("--by", help=help_text("cli.help.catalogue.by"))


@click.group(cls=Group, help=help_text("cli.help.catalogue"))
def catalogue() -> None:
    """Publish editions in the public catalogue."""


@catalogue.command(help=help_text("cli.help.catalogue.publish"))
@edition_option
@click.option(
    "--finalists/--no-finalists", default=None, help=help_text("cli.help.catalogue.finalists")
)
@click.option(
    "--innovators/--no-innovators",
    default=None,
    help=help_text("cli.help.catalogue.innovators"),
)
@click.option(
    "--documents/--no-documents", default=None, help=help_text("cli.help.catalogue.documents")
)
@by_option
@pass_runtime
def publish(
    run: Runtime,
    edition: str,
    finalists: bool | None,
    innovators: bool | None,
    documents: bool | None,
    by: str | None,
) -> None:
    """Publish the edition (or change its switches) and print what it shows."""
    upgrade(run.engine)
    with transaction(run.engine) as session:
        done = public_catalogue.publish(
            session,
            edition,
            by=by or cli_user(),
            show_finalists=finalists,
            show_innovators=innovators,
            show_documents=documents,
        )
    print(f"{Message('cli.catalogue_published')}: {done.edition_code}")
    print(text_table([_row(done)]))


@catalogue.command(help=help_text("cli.help.catalogue.unpublish"))
@edition_option
@by_option
@pass_runtime
def unpublish(run: Runtime, edition: str, by: str | None) -> None:
    """Withdraw the edition from the catalogue."""
    upgrade(run.engine)
    with transaction(run.engine) as session:
        gone = public_catalogue.unpublish(session, edition, by=by or cli_user())
    key = "cli.catalogue_unpublished" if gone else "cli.catalogue_not_published"
    print(f"{Message(key)}: {edition}")


@catalogue.command("list", help=help_text("cli.help.catalogue.list"))
@pass_runtime
def list_(run: Runtime) -> None:
    """Print the published editions as a table."""
    upgrade(run.engine)
    with transaction(run.engine) as session:
        found = public_catalogue.publications(session)
    print(text_table([_row(each) for each in found]))


def _row(each: public_catalogue.Publication) -> dict[str, object]:
    return {
        "edition": each.edition_code,
        "published": iso_minutes(each.published_at),
        "by": each.published_by,
        "finalists": "ya/yes" if each.show_finalists else "tidak/no",
        "innovators": "ya/yes" if each.show_innovators else "tidak/no",
        "documents": "ya/yes" if each.show_documents else "tidak/no",
    }
