"""The command line: python -m data_access [--database-url URL] COMMAND.

One click group; each module of this package holds one group of commands with its help
text beside it, passed as help= from the catalogue (data_access/i18n/cli_help.py) so that
--help reads in both languages; the docstrings document the code. Failures reach the user
in both languages with exit status 1 (usage errors keep click's 2), never as a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click
from sqlalchemy.exc import OperationalError, ProgrammingError

from data_access import queries
from data_access.cli import (
    backups,
    catalogue,
    ceremony,
    database,
    documents,
    jury,
    kiosk,
    reports,
    users,
)
from data_access.cli.common import CliError, Group, Runtime, help_text
from data_access.i18n import Message

PROG = "python -m data_access"
EPILOG = help_text("cli.help.root.epilog")


class Root(Group):
    """The top group: it turns every known failure of a command into a message and a status."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, reporting its failures as the command line always has."""
        try:
            return super().invoke(ctx)
        except (CliError, queries.EditionNotFound, ValueError) as exc:
            print(f"{Message('cli.error')}: {exc}", file=sys.stderr)
            ctx.exit(1)
        except (OperationalError, ProgrammingError) as exc:
            print(f"{Message('cli.database_error')}\n  {exc.orig}", file=sys.stderr)
            ctx.exit(1)
        except KeyboardInterrupt:
            print(Message("cli.stopped"), file=sys.stderr)
            ctx.exit(130)
        except BrokenPipeError:
            # The reader (e.g. `| head`) went away: stop quietly, as Unix tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)


@click.group(
    cls=Root,
    help=f"KIPP Live: {help_text('cli.help.root')}",
    epilog=EPILOG,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option("--database-url", help=help_text("cli.help.root.database_url"))
@click.pass_context
def cli(ctx: click.Context, database_url: str | None) -> None:
    """Open the run's database for the command that follows (made on first use)."""
    run = ctx.obj = Runtime(database_url)
    ctx.call_on_close(run.close)


for command in (
    database.init,
    database.demo,
    database.import_,
    reports.results,
    reports.progress,
    reports.participation,
    database.simulate,
    users.users,
    kiosk.kiosk,
    ceremony.ceremony,
    jury.jury,
    documents.document,
    reports.export,
    catalogue.catalogue,
    backups.backup,
    backups.restore,
):
    cli.add_command(command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    try:
        cli.main(args=argv, prog_name=PROG)
    except SystemExit as done:  # click ends every run this way, with the exit status
        return 0 if done.code is None else done.code if isinstance(done.code, int) else 1
    return 0
