"""What every command shares: the command classes, the runtime, editions, errors and tables."""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

import click
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from data_access import queries
from data_access.approval import ApprovalComparison
from data_access.db import make_engine, transaction
from data_access.editions import default_edition_code
from data_access.formatting import format_datetime
from data_access.i18n import Message, compact
from data_access.importing.errors import KeptStatus
from data_access.settings import Settings


def help_text(*keys: str, **values: object) -> str:
    """Return catalogue texts as a click help text: one paragraph per key, "teks / text"."""
    return "\n\n".join(str(Message(key, **values)) for key in keys)


# The help text of --edition where the command only reads, and where it changes an edition.
READ_EDITION_HELP = help_text("cli.help.read_edition")
WRITE_EDITION_HELP = help_text("cli.help.write_edition")


class CliError(Exception):
    """A failure to report to the user in both languages, without a traceback.

    Raised with a `Message` (or text already in both languages): `str()` is "id / en".
    """


def _bilingual_help_option(option: click.Option | None) -> click.Option | None:
    """Give click's own --help option its text from the catalogue."""
    if option is not None:
        option.help = help_text("cli.help.help")
    return option


class Command(click.Command):
    """A command listed with its whole bilingual summary line, never cut short with "..."."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """Return the --help option, its help text in both languages."""
        return _bilingual_help_option(super().get_help_option(ctx))

    def get_short_help_str(self, limit: int = 45) -> str:
        """Return the first paragraph of the help text, whatever its length."""
        return _summary(self)


class Group(click.Group):
    """A group of commands, listed like one (see Command); its subcommands are Commands."""

    command_class = Command
    group_class = type  # subgroups are Groups too

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """Return the --help option, its help text in both languages."""
        return _bilingual_help_option(super().get_help_option(ctx))

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Return the commands in the order they were added: the order of the work."""
        return list(self.commands)

    def get_short_help_str(self, limit: int = 45) -> str:
        """Return the first paragraph of the help text, whatever its length."""
        return _summary(self)


def _summary(command: click.Command) -> str:
    first = inspect.cleandoc(command.short_help or command.help or "").split("\n\n")[0]
    return " ".join(first.split())


@dataclass
class Runtime:
    """The database a run works on: its engine is made on first use and disposed at the end."""

    database_url: str | None

    @cached_property
    def settings(self) -> Settings:
        """Return the settings read from the environment."""
        return Settings.from_env()

    @cached_property
    def engine(self) -> Engine:
        """Return the run's one engine (the --database-url given, else the settings')."""
        return make_engine(self.database_url or self.settings.database_url)

    def close(self) -> None:
        """Dispose of the engine if the run made one."""
        if "engine" in self.__dict__:
            self.engine.dispose()


pass_runtime = click.make_pass_decorator(Runtime)


def fail() -> None:
    """End the command with exit status 1, its reasons already printed on stderr."""
    click.get_current_context().exit(1)


@contextmanager
def refusing(run: Runtime, *refusals: type[Exception]) -> Iterator[Session]:
    """Open a transaction in which those refusals reach the user as they are worded."""
    try:
        with transaction(run.engine) as session:
            yield session
    except refusals as exc:
        raise CliError(str(exc)) from exc


def reading_edition(engine: Engine, code: str | None) -> str:
    """Return the named edition, else the default one (data_access.editions): for reading."""
    if code:
        return code
    with transaction(engine) as session:
        found = default_edition_code(session)
        several = len(queries.list_edition_codes(session)) > 1
    if found is None:
        raise CliError(Message("cli.no_edition"))
    if several:  # on stderr: stdout stays exactly the CSV or JSON asked for
        print(f"{Message('cli.edition')}: {found} ({Message('cli.default')})", file=sys.stderr)
    return found


def only_edition(engine: Engine, code: str | None) -> str:
    """Return the named edition, else the only one: for commands that change an edition."""
    if code:
        return code
    with transaction(engine) as session:
        codes = queries.list_edition_codes(session)
    if len(codes) == 1:
        return codes[0]
    if not codes:
        raise CliError(Message("cli.no_edition"))
    raise CliError(f"{Message('cli.choose_edition')}: {', '.join(codes)}")


def text_table(rows: Sequence[Mapping[str, object]]) -> str:
    """Return rows as an aligned plain-text table."""
    if not rows:
        return f"({Message('cli.empty')})"
    columns = list(rows[0])
    cells = [[("" if row[c] is None else str(row[c])) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(line.rstrip() for line in lines)


def approval_lines(comparison: ApprovalComparison) -> list[str]:
    """Return the approval as the command line prints it: when, by whom, winners, differences."""
    from data_access.exports.approval_text import place_lines, score_lines, winner_lines

    moment = format_datetime(comparison.approved_at, tz=comparison.timezone)
    lines = [
        f"{Message('cli.approved')}: {moment} {compact('cli.by')} {comparison.approved_by or '-'} "
        f"(SHA-256 {comparison.hash[:12]})",
        *(f"  {line}" for line in winner_lines(comparison)),
    ]
    if not comparison.differs:
        lines.append(str(Message("cli.approval_same")))
        return lines
    lines.append(str(Message("cli.approval_differs")))
    return lines + [f"  {line}" for line in (*place_lines(comparison), *score_lines(comparison))]


def cli_user() -> str:
    """Return who runs a command, for the records: $USER, else "cli"."""
    return os.environ.get("USER", "") or "cli"


def kept_status_lines(kept: list[KeptStatus]) -> list[str]:
    """Return the statuses an import left as the committee set them, as the CLI prints them."""
    if not kept:
        return []
    head = str(Message("status.kept.title", count=len(kept)))
    return [head, *(f"  {k.message()}" for k in kept)]
