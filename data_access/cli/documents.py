"""The proposal PDFs jurors read: document add, remove and list."""

from __future__ import annotations

from pathlib import Path

import click

from data_access.cli.common import (
    READ_EDITION_HELP,
    WRITE_EDITION_HELP,
    CliError,
    Group,
    Runtime,
    cli_user,
    help_text,
    only_edition,
    pass_runtime,
    reading_edition,
    refusing,
    text_table,
)
from data_access.db import transaction
from data_access.documents import (
    MAX_DOCUMENT_BYTES,
    DocumentError,
    list_documents,
    read_document,
    remove_document,
    set_document,
)
from data_access.formatting import iso_minutes
from data_access.i18n import Message
from data_access.migrate import upgrade

innovation_option = click.option(
    "--innovation", required=True, help=help_text("cli.help.document.innovation")
)


@click.group(cls=Group, help=help_text("cli.help.document"))
def document() -> None:
    """Manage the proposal PDFs jurors read."""


def _read(path: Path) -> bytes:
    """Read a PDF file, refusing a large one by its size before reading a byte of it."""
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise DocumentError("document.refused.size")
        with path.open("rb") as handle:
            return read_document(handle)
    except OSError as exc:
        raise CliError(f"{Message('cli.cannot_read_file')}: {exc}") from exc


# FILE names the argument in both languages: click shows it so in the usage line.
@document.command(
    help=f"{help_text('cli.help.document.add', 'cli.help.document.add.detail')}\n\n"
    f"FILE: {help_text('cli.help.document.add.file')}"
)
@click.option("--edition", help=WRITE_EDITION_HELP)
@innovation_option
@click.option("--by", help=help_text("cli.help.document.by"))
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@pass_runtime
def add(run: Runtime, edition: str | None, innovation: str, by: str | None, file: Path) -> None:
    """Store (or replace) an innovation's proposal PDF."""
    upgrade(run.engine)
    code = only_edition(run.engine, edition)
    data = _read(file)
    with refusing(run, DocumentError) as session:
        saved = set_document(
            session, code, innovation, data, filename=file.name, by=by or cli_user()
        )
    print(f"{Message('cli.document_saved')}: {innovation} {saved.filename} ({saved.size} B)")


@document.command(help=help_text("cli.help.document.remove"))
@click.option("--edition", help=WRITE_EDITION_HELP)
@innovation_option
@click.option("--by", help=help_text("cli.help.document.by"))
@pass_runtime
def remove(run: Runtime, edition: str | None, innovation: str, by: str | None) -> None:
    """Remove an innovation's proposal PDF."""
    upgrade(run.engine)
    code = only_edition(run.engine, edition)
    with refusing(run, DocumentError) as session:
        if not remove_document(session, code, innovation, by=by or cli_user()):
            raise DocumentError("document.refused.none", code=innovation)
    print(f"{Message('cli.document_removed')}: {innovation}")


@document.command("list", help=help_text("cli.help.document.list"))
@click.option("--edition", help=READ_EDITION_HELP)
@pass_runtime
def list_(run: Runtime, edition: str | None) -> None:
    """Print the edition's documents as a table."""
    upgrade(run.engine)
    code = reading_edition(run.engine, edition)
    with transaction(run.engine) as session:
        found = list_documents(session, code)
    rows = [
        {
            "code": each.innovation_code,
            "file": each.filename,
            "bytes": each.size,
            "uploaded": iso_minutes(each.uploaded_at),
            "by": each.uploaded_by,
        }
        for each in found
    ]
    print(text_table(rows))
