"""The commands that keep the data safe: backup and restore (data_access/backups)."""

from __future__ import annotations

import sys

import click

from data_access.backups import BackupFailed, BackupResult
from data_access.backups import backup as make_backup
from data_access.backups import restore as run_restore
from data_access.backups.trail import MANUAL, record_backup
from data_access.cli.common import CliError, Command, Runtime, cli_user, help_text, pass_runtime
from data_access.i18n import Message, Number, Size


def print_backup(made: BackupResult, *, label: str = "backup.made") -> None:
    """Print where a backup is, its size and what its check found."""
    print(f"{Message(label)}: {made.path}")
    print(
        f"  {Message('backup.size')}: {Size(made.size).text('id')} / {Size(made.size).text('en')}"
    )
    key = "backup.checked" if made.path.suffix == ".sqlite3" else "backup.pg_checked"
    checked = Message(
        key,
        tables=Number(len(made.tables)),
        rows=Number(made.rows),
        version=made.data_version,
        record=made.record.name,
    )
    print(f"  {checked}")


@click.command(cls=Command, help=help_text("cli.help.backup"))
@click.option("--out", "out", metavar="FILE", help=help_text("cli.help.backup.out"))
@pass_runtime
def backup(run: Runtime, out: str | None) -> None:
    """Back up the database while it serves, check the copy, and say where it is."""
    try:
        made = make_backup(run.engine, out)
    except BackupFailed as exc:
        raise CliError(str(exc.message)) from exc
    # Recorded before anything is printed: a closed stdout (`backup | head -1`) must not
    # leave a whole copy out of the audit trail.
    recorded = record_backup(run.engine, made, reason=MANUAL, by=cli_user())
    print_backup(made)
    if not recorded:
        print(Message("backup.unaudited"), file=sys.stderr)


@click.command(cls=Command, help=help_text("cli.help.restore"))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--replace", is_flag=True, help=help_text("cli.help.restore.replace"))
@pass_runtime
def restore(run: Runtime, file: str, replace: bool) -> None:
    """Restore a backup into an empty database (or over one with --replace), migrate, check."""
    url = run.database_url or run.settings.database_url
    try:
        done = run_restore(file, url, replace=replace, settings=run.settings, by=cli_user())
    except BackupFailed as exc:
        raise CliError(str(exc.message)) from exc
    if done.replaced is not None:
        print(f"{Message('restore.replaced')}: {done.replaced.path}")
    print(f"{Message('restore.done')}: {file}")
    facts = done.restored
    key = "restore.checked" if done.recorded else "restore.unrecorded"
    values = {
        "tables": Number(len(facts.tables)),
        "rows": Number(facts.rows),
        "version": facts.data_version,
        "revision": done.revision or "-",
    }
    print(f"  {Message(key, **values)}")
    if not done.audited:
        print(Message("restore.unaudited"), file=sys.stderr)
