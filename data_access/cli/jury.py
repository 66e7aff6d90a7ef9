"""The committee's jury commands: reopen a sheet, its history, conflicts of interest, windows."""

from __future__ import annotations

import csv
import sys
from datetime import date
from pathlib import Path

import click

from data_access import queries
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
from data_access.exports.history import history_cells, history_headers, history_rows, history_xlsx
from data_access.formatting import iso_minutes, zone_abbreviation
from data_access.i18n import Message
from data_access.jury import conflicts, lookup, sheets, windows
from data_access.migrate import upgrade
from data_access.models import utcnow

REFUSALS = (
    sheets.SheetRefused,
    conflicts.ConflictRefused,
    windows.WindowRefused,
    lookup.UnknownCode,
)


@click.group(cls=Group, help=help_text("cli.help.jury"))
def jury() -> None:
    """The committee's tools for the jury's sheets in the app."""


read_edition = click.option("--edition", help=READ_EDITION_HELP)
write_edition = click.option("--edition", help=WRITE_EDITION_HELP)
by_option = click.option("--by", help=help_text("cli.help.ceremony.by"))
stage_option = click.option("--stage", required=True, help=help_text("cli.help.jury.stage"))
juror_option = click.option("--juror", required=True, help=help_text("cli.help.jury.juror"))
innovation_option = click.option(
    "--innovation", required=True, help=help_text("cli.help.jury.innovation")
)


def _changing(run: Runtime, edition: str | None) -> str:
    upgrade(run.engine)
    return only_edition(run.engine, edition)


@jury.command(help=help_text("cli.help.jury.reopen"))
@write_edition
@stage_option
@juror_option
@innovation_option
@click.option("--reason", required=True, help=help_text("cli.help.jury.reason"))
@by_option
@pass_runtime
def reopen(
    run: Runtime,
    edition: str | None,
    stage: str,
    juror: str,
    innovation: str,
    reason: str,
    by: str | None,
) -> None:
    """Reopen a submitted sheet with a reason."""
    code = _changing(run, edition)
    with refusing(run, *REFUSALS) as session:
        key = lookup.sheet_key(session, code, stage, juror, innovation)
        sheet = sheets.reopen(session, key, reason, by or cli_user(), source="cli")
    print(f"{Message('jury.reopened')}: {code} {stage} {juror} {innovation} (rev {sheet.revision})")


@jury.command(help=help_text("cli.help.jury.history"))
@read_edition
@click.option("--stage", help=help_text("cli.help.jury.stage"))
@click.option("--juror", help=help_text("cli.help.jury.juror"))
@click.option("--innovation", help=help_text("cli.help.jury.innovation"))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "csv", "xlsx"]),
    default="text",
    help=help_text("cli.help.jury.format"),
)
@click.option("--out", help=help_text("cli.help.jury.out"))
@pass_runtime
def history(
    run: Runtime,
    edition: str | None,
    stage: str | None,
    juror: str | None,
    innovation: str | None,
    fmt: str,
    out: str | None,
) -> None:
    """Print or write the score history of the edition's sheets."""
    upgrade(run.engine)
    code = reading_edition(run.engine, edition)
    narrowed = {"stage": stage, "juror": juror, "innovation": innovation}
    if fmt == "xlsx":
        if not out:
            raise CliError(Message("cli.jury.out_required"))
        with refusing(run) as session:
            data = history_xlsx(session, code, stage=stage, juror=juror, innovation=innovation)
        try:
            Path(out).write_bytes(data)
        except OSError as exc:
            raise CliError(f"{Message('cli.cannot_read_file')}: {exc}") from exc
        print(f"{Message('jury.saved')}: {out}")
        return
    with refusing(run) as session:
        timezone = queries.get_edition(session, code).timezone
        rows = history_rows(session, code, **narrowed)
    headers = history_headers(zone_abbreviation(utcnow(), tz=timezone))
    cells = [history_cells(r, timezone) for r in rows]
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(headers)
        for row_cells, row in zip(cells, rows, strict=True):
            row_cells[0] = iso_minutes(row.at, timezone)
            writer.writerow(["" if v is None else v for v in row_cells])
        return
    print(
        text_table(
            [
                {
                    h: (iso_minutes(r.at, timezone) if i == 0 else v)
                    for i, (h, v) in enumerate(zip(headers, c, strict=True))
                }
                for r, c in zip(rows, cells, strict=True)
            ]
        )
    )


@jury.command("conflicts", help=help_text("cli.help.jury.conflicts"))
@read_edition
@click.option("--all", "with_none", is_flag=True, help=help_text("cli.help.jury.all"))
@pass_runtime
def conflicts_(run: Runtime, edition: str | None, with_none: bool) -> None:
    """List the conflict-of-interest declarations."""
    upgrade(run.engine)
    code = reading_edition(run.engine, edition)
    with refusing(run) as session:
        info = queries.get_edition(session, code)
        found = conflicts.conflicts(session, info.id, with_none=with_none)
    print(
        text_table(
            [
                {
                    "juror": d.juror_code,
                    "innovation": d.innovation_code,
                    "status": d.status,
                    "reason": d.reason or "",
                    "declared": iso_minutes(d.declared_at, info.timezone),
                    "confirmed_by": d.confirmed_by or "",
                }
                for d in found
            ]
        )
    )


@jury.command("confirm-conflict", help=help_text("cli.help.jury.confirm_conflict"))
@write_edition
@juror_option
@innovation_option
@by_option
@pass_runtime
def confirm_conflict(
    run: Runtime, edition: str | None, juror: str, innovation: str, by: str | None
) -> None:
    """Confirm a declared conflict: the juror's assignments to the innovation abstain."""
    code = _changing(run, edition)
    with refusing(run, *REFUSALS) as session:
        key = lookup.conflict_key(session, code, juror, innovation)
        conflicts.confirm_conflict(session, key, by or cli_user())
    print(f"{Message('jury.conflict_confirmed')}: {juror} {innovation}")


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CliError(f"{Message('cli.jury.bad_date')}: {value}") from exc


@jury.command(help=help_text("cli.help.jury.extend"))
@write_edition
@stage_option
@click.option("--until", required=True, help=help_text("cli.help.jury.until"))
@click.option("--juror", help=help_text("cli.help.jury.juror"))
@by_option
@pass_runtime
def extend(
    run: Runtime, edition: str | None, stage: str, until: str, juror: str | None, by: str | None
) -> None:
    """Extend a stage's scoring window, for one juror or all."""
    code = _changing(run, edition)
    day = _day(until)
    with refusing(run, *REFUSALS) as session:
        done = windows.extend_window(session, code, stage, day, by or cli_user(), juror=juror)
    whom = done.juror_code or Message("window.all_jurors")
    print(Message("window.extended", stage=stage, until=day.isoformat(), whom=whom))
