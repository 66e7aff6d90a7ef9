"""Import an edition's data from a folder of CSV files or one .xlsx workbook, all or nothing.

Errors in a workbook name the file as ``<workbook>.xlsx:<sheet>`` (e.g.
``kudus.xlsx:scores``); errors in a folder name the CSV file (``scores.csv``).
Report counts are keyed by the CSV name (``scores.csv``) in both cases, plus
``default stages`` and ``default criteria`` when the import created them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from data_access import audit
from data_access.approval import ApprovedEdition, approval_comparison, approved_editions
from data_access.db import transaction
from data_access.i18n import Message
from data_access.importing.apply import apply_plan
from data_access.importing.errors import (
    ApprovalNotConfirmed,
    ImportErrorItem,
    ImportFailed,
    ImportReport,
)
from data_access.importing.plan import validate_import
from data_access.importing.reader import ALL_FILES, KNOWN_FILES, read_import

__all__ = [
    "KNOWN_FILES",
    "ApprovalNotConfirmed",
    "ImportErrorItem",
    "ImportFailed",
    "ImportReport",
    "import_path",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def _order(item: ImportErrorItem) -> tuple[int, int]:
    name = item.file.rsplit(":", 1)[-1].removesuffix(".csv")
    position = ALL_FILES.index(name) if name in ALL_FILES else -1
    return position, item.row or 0


def _approved(session, code: str | None) -> ApprovedEdition | None:
    """Return the existing edition an import writes into when its results are approved."""
    if code is None:
        return None
    return next((e for e in approved_editions(session) if e.code == code), None)


def _record(
    session: Session, report: ImportReport, book: str | None, files: list[str], *, by: str
) -> bool:
    """Record the import in the audit record: its file(s) and what it created or changed.

    An import that changes nothing writes nothing at all, not even its event: the same
    file imported twice leaves the database as it was (tests/reliability).
    """
    names = [book] if book else [f"{name}.csv" for name in files]
    counts = {
        table: {"inserted": c["inserted"], "updated": c["updated"]}
        for table, c in report.counts.items()
        if c["inserted"] or c["updated"]
    }
    if not counts:
        return False
    audit.record(
        session,
        audit.IMPORT_APPLIED,
        by=by,
        edition=report.edition_code,
        subject=", ".join(names),
        files=names,
        counts=counts,
    )
    return True


def import_path(
    engine: Engine,
    path: str | Path,
    *,
    edition_code: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
    prior_errors: Sequence[ImportErrorItem] = (),
    confirm_approved: bool = False,
    by: str = "import",
    before_write: Callable[[], Callable[[Session], None] | None] | None = None,
) -> ImportReport:
    """Check and import a folder of CSV files or an .xlsx workbook in one transaction.

    prior_errors are problems found before the files reached this folder (an upload form
    refusing a file, say): the import is still checked in full, so that every error is
    reported at once, but nothing is written. An edition whose results are approved is
    written only with confirm_approved (else ApprovalNotConfirmed, nothing written); the
    report then says whether the approved results now differ from the live ones. `by`
    (the person importing) is what the score history and the audit record name.
    `before_write` runs once the files passed every check, before anything is written (the
    automatic backup, data_access.backups.backup_for_import): what it raises stops the
    import; what it returns is called in the import's transaction once the import has
    written something (the backup's audit entry, which a killed or no-op import leaves out).
    """
    read = read_import(path, max_bytes=max_bytes)
    try:
        with transaction(engine) as session:
            plan, errors = validate_import(session, read, edition_code=edition_code)
            if errors or prior_errors:
                # Raising inside the block rolls the (read-only) transaction back.
                raise ImportFailed(sorted([*prior_errors, *errors], key=_order))
            approved = _approved(session, plan.edition_code if plan.edition else None)
            if approved is not None and not confirm_approved:
                raise ApprovalNotConfirmed(approved)
            # So far this transaction has only read; the backup reads on its own connection.
            after_write = before_write() if before_write is not None else None
            report = apply_plan(session, plan, progress=progress, by=by)
            if _record(session, report, read.book, plan.files, by=by) and after_write:
                after_write(session)
            if approved is not None:
                report.approval = approval_comparison(session, approved.code)
            return report
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise ImportFailed(
            [
                ImportErrorItem(
                    Path(path).name,
                    None,
                    None,
                    None,
                    Message("importing.database_refused", reason=reason),
                )
            ]
        ) from exc
