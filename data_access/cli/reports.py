"""The commands that read an edition: results, progress, participation and export.

Their tables are text for programs as much as for people: dot decimals and ISO times
(data_access.formatting), and the CSV and JSON of `results` are a contract.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click
from sqlalchemy.orm import Session

from data_access.approval import approval_comparison
from data_access.cli.common import (
    READ_EDITION_HELP,
    CliError,
    Command,
    Runtime,
    approval_lines,
    help_text,
    pass_runtime,
    reading_edition,
    refusing,
    text_table,
)
from data_access.db import transaction
from data_access.formatting import iso_minutes, plain_decimal, plain_percent
from data_access.i18n import Message
from data_access.participation import Participation
from data_access.reports import ProgressReport, participation_for, progress_for, ranking_for
from data_access.scoring import Ranking

RESULTS_COLUMNS = [
    "rank",
    "code",
    "title",
    "unit_code",
    "proposal_score",
    "presentation_score",
    "final_score",
    "finalist",
    "tie",
]


def results_rows(result: Ranking) -> list[dict[str, str]]:
    """Return the ranking as rows with exactly the CSV contract's columns."""
    return [
        {
            "rank": "" if r.rank is None else str(r.rank),
            "code": r.code,
            "title": r.title,
            "unit_code": r.unit_code,
            "proposal_score": plain_decimal(r.proposal_score),
            "presentation_score": plain_decimal(r.presentation_score),
            "final_score": plain_decimal(r.final_score),
            "finalist": "1" if r.finalist else "0",
            "tie": "1" if r.tie else "0",
        }
        for r in result.rows
    ]


def format_results(result: Ranking, fmt: str) -> str:
    """Render the ranking as csv, json or a table."""
    rows = results_rows(result)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=RESULTS_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    if fmt == "json":
        extras = {r.code: {"tier": r.tier, "award": r.award} for r in result.rows}
        return json.dumps(
            {
                "awards_decided": result.awards_decided,
                "normalization": result.normalization,
                "rows": [row | extras[row["code"]] for row in rows],
            },
            ensure_ascii=False,
            indent=2,
        )
    table = [
        {**row, "tier": r.tier, "award": r.award or ""}
        for row, r in zip(rows, result.rows, strict=True)
    ]
    return text_table(table)


def format_progress(report: ProgressReport) -> str:
    """Render judging progress as plain-text tables."""
    parts = [str(Message("cli.progress.stages"))]
    parts.append(
        text_table(
            [
                {
                    "stage": s.stage,
                    "expected": s.expected,
                    "complete": s.complete,
                    "partial": s.partial,
                    "missing": s.missing,
                    "abstained": s.abstained,
                    "unexpected": s.unexpected,
                    "progress": plain_percent(s.ratio),
                }
                for s in report.stages
            ]
        )
    )
    parts.append(f"\n{Message('cli.progress.jurors')}")
    parts.append(
        text_table(
            [
                {
                    "stage": j.stage,
                    "juror": j.code,
                    "name": j.name,
                    "group": j.group,
                    "assigned": j.assigned,
                    "complete": j.complete,
                    "partial": j.partial,
                    "abstained": j.abstained,
                    "last_score": iso_minutes(j.last_scored_at, report.timezone),
                    "progress": plain_percent(j.ratio),
                }
                for j in report.jurors
            ]
        )
    )
    parts.append(f"\n{Message('cli.progress.coverage')}")
    coverage_rows = []
    for stage in dict.fromkeys(c.stage for c in report.coverage):
        rows = [c for c in report.coverage if c.stage == stage]
        coverage_rows.append(
            {
                "stage": stage,
                "innovations": len(rows),
                "covered_by_every_group": sum(c.covered for c in rows),
            }
        )
    parts.append(text_table(coverage_rows))
    parts.append(f"\n{Message('cli.progress.pace')}")
    parts.append(
        text_table(
            [
                {
                    "stage": p.stage,
                    "sheets_per_day": plain_decimal(p.per_day),
                    "days_elapsed": plain_decimal(p.days_elapsed),
                    "remaining": p.remaining,
                    "projected_end": p.projected_end,
                    "window_end": p.window_end,
                    "behind": "1" if p.behind else "0",
                }
                for p in report.pace
            ]
        )
    )
    if report.normalization:
        parts.append(f"\n{Message('cli.progress.normalized')}")
    return "\n".join(parts)


def format_participation(result: Participation) -> str:
    """Render OPD participation as a plain-text table with the rate."""
    table = text_table(
        [
            {
                "code": r.code,
                "opd": r.short_name or r.name,
                "kind": r.kind,
                "status": "sudah" if r.has_submitted else "belum",
                "submitted": r.submitted,
                "from_sub_units": r.from_sub_units,
                "passed": r.passed,
                "finalists": r.finalists,
                "late": r.late,
                "first_submission": iso_minutes(r.first_submitted_at, result.timezone),
            }
            for r in result.rows
        ]
    )
    summary = (
        f"\n{Message('cli.participation')}: {result.participating}/{result.required} OPD "
        f"({plain_percent(result.rate)})"
    )
    if result.unattributed:
        summary += f"; {result.unattributed} {Message('cli.unattributed')}"
    return table + summary


# ---------------------------------------------------------------- commands

read_edition = click.option("--edition", help=READ_EDITION_HELP)
T = TypeVar("T")


def _read(run: Runtime, edition: str | None, report: Callable[[Session, str], T]) -> T:
    """Return one report of the named edition, else of the default one."""
    code = reading_edition(run.engine, edition)
    with transaction(run.engine) as session:
        return report(session, code)


@click.command(cls=Command, help=help_text("cli.help.results"))
@read_edition
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "table"]),
    default="table",
    help=help_text("cli.help.format"),
)
@pass_runtime
def results(run: Runtime, edition: str | None, fmt: str) -> None:
    """Print the live ranking; the approval, if any, goes to stderr."""
    code = reading_edition(run.engine, edition)
    with transaction(run.engine) as session:
        result = ranking_for(session, code)
        comparison = approval_comparison(session, code, ranking=result)
    if comparison is not None:
        # On stderr: the ranking's CSV and JSON on stdout keep their exact shape.
        for line in approval_lines(comparison):
            print(line, file=sys.stderr)
        print(Message("cli.live_ranking"), file=sys.stderr)
    print(format_results(result, fmt))


@click.command(cls=Command, help=help_text("cli.help.progress"))
@read_edition
@pass_runtime
def progress(run: Runtime, edition: str | None) -> None:
    """Print the judging progress tables."""
    print(format_progress(_read(run, edition, progress_for)))


@click.command(cls=Command, help=help_text("cli.help.participation"))
@read_edition
@pass_runtime
def participation(run: Runtime, edition: str | None) -> None:
    """Print the OPD participation table and its rate."""
    print(format_participation(_read(run, edition, participation_for)))


@click.command(cls=Command, help=help_text("cli.help.export"))
@read_edition
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(["xlsx", "csv", "pdf", "archive"]),
    help=help_text("cli.help.format", "archive.help.format"),
)
@click.option("--out", required=True, metavar="FILE", help=help_text("cli.help.export.out"))
@click.option(
    "--table",
    metavar="KEY",
    help=f"csv: {help_text('cli.help.export.table')} "
    "(ranking, participation, progress, jurors_progress, juror_scores)",
)
@click.option("--juror-scores", is_flag=True, help=help_text("cli.help.export.juror_scores"))
@pass_runtime
def export(
    run: Runtime, edition: str | None, fmt: str, out: str, table: str | None, juror_scores: bool
) -> None:
    """Write an official export (xlsx, csv or pdf) or the edition archive to a file."""
    from data_access.exports import ExportError, export_bytes

    code = reading_edition(run.engine, edition)
    with refusing(run, ExportError) as session:
        # The command line is the committee's: the archive holds every juror's scores.
        scores = juror_scores or fmt == "archive"
        made = export_bytes(session, code, fmt, juror_scores=scores, table=table)
    path = Path(out)
    try:
        path.write_bytes(made.data)
    except OSError as exc:
        raise CliError(f"{Message('cli.cannot_write_file')}: {exc}") from exc
    print(
        f"{Message('cli.export_written')}: {path} ({len(made.data)} bytes, "
        f"{made.content_type}); {Message('cli.data_version')} {made.data_version}"
    )
    if made.approval is not None and made.approval.comparison is not None:
        # On stderr, like `results`: what the file states about the approval.
        for line in approval_lines(made.approval.comparison):
            print(line, file=sys.stderr)
