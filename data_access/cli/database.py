"""The commands that build and fill the database: init, demo, import and simulate."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from data_access import queries
from data_access.cli.common import (
    CliError,
    Command,
    Runtime,
    approval_lines,
    cli_user,
    fail,
    help_text,
    kept_status_lines,
    pass_runtime,
)
from data_access.db import transaction
from data_access.i18n import Message, compact
from data_access.migrate import upgrade


@click.command(cls=Command, help=help_text("cli.help.init"))
@pass_runtime
def init(run: Runtime) -> None:
    """Create the database's tables, or migrate them to the latest revision."""
    upgrade(run.engine)
    print(Message("cli.database_ready"))


@click.command(cls=Command, help=help_text("cli.help.demo"))
@click.option("--if-missing", is_flag=True, help=help_text("cli.help.demo.if_missing"))
@click.option("--live", is_flag=True, help=help_text("cli.help.demo.live"))
@pass_runtime
def demo(run: Runtime, if_missing: bool, live: bool) -> None:
    """Load the demo edition (after migrating), once; keep its scoring open to try."""
    from data_access.demo import DEMO_CODE, demo_exists, load_demo, open_demo_scoring
    from data_access.models import utcnow

    upgrade(run.engine)
    if demo_exists(run.engine):
        if not if_missing:
            raise CliError(f"{Message('cli.demo_exists')}: {DEMO_CODE}")
        print(f"{Message('cli.demo_present')}: {DEMO_CODE}")
    else:
        loaded = load_demo(run.engine, live_at=utcnow() if live else None)
        print(f"{Message('cli.demo_loaded')}: {loaded}")
    until = open_demo_scoring(run.engine)
    if until is not None:
        print(Message("cli.demo_open", until=until.isoformat()))


@click.command("import", cls=Command, help=help_text("cli.help.import"))
@click.argument("path")
@click.option("--edition", help=help_text("cli.help.import.edition"))
@click.option("--max-bytes", type=int, help=help_text("cli.help.import.max_bytes"))
@click.option(
    "--confirm-approved", is_flag=True, help=help_text("cli.help.import.confirm_approved")
)
@pass_runtime
def import_(
    run: Runtime, path: str, edition: str | None, max_bytes: int | None, confirm_approved: bool
) -> None:
    """Import a folder of CSV files or one .xlsx workbook, all or nothing."""
    from data_access.backups import BackupFailed, backup_for_import
    from data_access.importing import ApprovalNotConfirmed, ImportFailed, import_path

    def back_up():
        made, record = backup_for_import(run.engine, run.settings, by=cli_user())
        if made is not None:  # on stderr: stdout stays the import's report
            print(f"{Message('backup.auto.made')}: {made.path}", file=sys.stderr)
        return record

    try:
        report = import_path(
            run.engine,
            Path(path),
            edition_code=edition,
            max_bytes=max_bytes or run.settings.import_max_bytes,
            progress=sys.stderr.isatty(),
            confirm_approved=confirm_approved,
            by=cli_user(),
            before_write=back_up,
        )
    except BackupFailed as exc:
        raise CliError(str(Message("backup.auto.stopped", reason=exc.message))) from exc
    except ApprovalNotConfirmed as refused:
        print(f"{Message('cli.import_refused')}: {Message('cli.import_approved')}", file=sys.stderr)
        print(f"  {refused.errors[0]}", file=sys.stderr)
        print(f"  {Message('cli.import_anyway')}: --confirm-approved", file=sys.stderr)
        fail()
    except ImportFailed as failure:
        count = f"{len(failure.errors)} {compact('importing.errors')}"
        print(f"{Message('cli.import_refused')}: {count}", file=sys.stderr)
        for error in failure.errors:
            print(f"  {error}", file=sys.stderr)
        fail()
    for name, counts in report.counts.items():
        summary = ", ".join(f"{key} {value}" for key, value in counts.items())
        print(f"{name}: {summary}")
    print(f"{Message('cli.import_done')}: {report.edition_code or '-'}")
    for line in kept_status_lines(report.kept_statuses):
        print(line)
    if report.approval is not None:
        for line in approval_lines(report.approval):
            print(line)


@click.command(cls=Command, help=help_text("cli.help.simulate"))
@click.option("--edition", help=help_text("cli.help.simulate.edition"))
@click.option("--speed", type=float, default=1.0, help=help_text("cli.help.simulate.speed"))
@click.option("--max-sheets", type=int, help=help_text("cli.help.simulate.max_sheets"))
@click.option("--seed", type=int, help=help_text("cli.help.simulate.seed"))
@click.option("--finish", is_flag=True, help=help_text("cli.help.simulate.finish"))
@pass_runtime
def simulate(
    run: Runtime,
    edition: str | None,
    speed: float,
    max_sheets: int | None,
    seed: int | None,
    finish: bool,
) -> None:
    """Score an edition's open sheets as a rehearsal jury would, one at a time."""
    from data_access.demo import DEMO_CODE
    from data_access.simulate import simulate as run_jury

    code = edition or DEMO_CODE
    with transaction(run.engine) as session:
        queries.get_edition(session, code)
    print(Message("cli.simulate_started", code=code), flush=True)
    written = run_jury(
        run.engine,
        code,
        by=cli_user(),
        speed=speed,
        max_sheets=max_sheets,
        seed=seed,
        out=lambda line: print(line, flush=True),
        sleep=(lambda _seconds: None) if finish else time.sleep,
    )
    print(f"{written} {Message('cli.sheets_scored')}")
