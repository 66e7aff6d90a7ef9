"""The web side's reads and writes of one person's work, never cached: a juror's own list,
sheet and proposal PDF, the committee's score history and its proposal PDFs.

Split from dashboard/data.py, whose session they share: what these return changes no
data version (or is the writer's own change), so each request reads it fresh, as the
person at the keyboard expects to see their last change.
"""

from __future__ import annotations

from dashboard.data import _session
from data_access import assignments, documents, queries
from data_access.editions import default_edition_code
from data_access.jury import sheet_access
from data_access.jury.sheet_access import JurorSheet, find_juror_sheet


def juror_assignments(juror_id: int) -> assignments.JurorAssignments | None:
    """Return one juror's own assignments for /penilaian (read fresh: it is a juror's own list)."""
    with _session() as db:
        return assignments.juror_assignments(db, juror_id)


def juror_sheet(juror_id: int, stage_code: str, innovation_code: str) -> JurorSheet | None:
    """Return one of the juror's own sheets for its page (None: not an assignment of theirs)."""
    with _session() as db:
        return find_juror_sheet(db, juror_id, stage_code, innovation_code)


def save_juror_sheet(
    juror_id: int, stage_code: str, innovation_code: str, **change
) -> JurorSheet | None:
    """Save (and, asked, submit) the juror's own sheet in one transaction; see save_juror_sheet."""
    with _session() as db, db.begin():
        return sheet_access.save_juror_sheet(db, juror_id, stage_code, innovation_code, **change)


def declare_juror_conflict(
    juror_id: int, stage_code: str, innovation_code: str, *, reason: str | None, actor: str
) -> JurorSheet | None:
    """Record the juror's conflict-of-interest declaration (reason None: no conflict)."""
    with _session() as db, db.begin():
        return sheet_access.declare_juror_conflict(
            db, juror_id, stage_code, innovation_code, reason=reason, actor=actor
        )


# ---------------------------------------------------------------- the score history
# Read fresh (never cached): the committee opens it to see the very latest change.
def score_history(
    code: str | None, *, stage: str | None, juror: str | None, innovation: str | None
) -> tuple[queries.EditionInfo, list]:
    """Return an edition (the default one without a code) and its narrowed history lines.

    Raises queries.EditionNotFound for an unknown code or when there is no edition at all.
    """
    from data_access.exports.history import history_rows  # openpyxl: only when asked

    with _session() as db:
        info = queries.get_edition(db, code or default_edition_code(db) or "")
        rows = history_rows(db, info.code, stage=stage, juror=juror, innovation=innovation)
    return info, rows


def score_history_xlsx(
    code: str | None, *, stage: str | None, juror: str | None, innovation: str | None, lang: str
) -> tuple[queries.EditionInfo, bytes]:
    """Return an edition and its narrowed history as an XLSX workbook's bytes."""
    from data_access.exports.history import history_xlsx  # openpyxl: only when asked

    with _session() as db:
        info = queries.get_edition(db, code or default_edition_code(db) or "")
        data = history_xlsx(
            db, info.code, stage=stage, juror=juror, innovation=innovation, lang=lang
        )
    return info, data


# ---------------------------------------------------------------- the proposal PDFs
# Read fresh (never cached, as /penilaian is): a document changes no data version.
def document(edition_code: str, innovation_code: str) -> documents.Document | None:
    """Return an innovation's proposal PDF, for the committee (None: none, or no such one)."""
    with _session() as db:
        return documents.get_document(db, edition_code, innovation_code)


def juror_document(
    juror_id: int, edition_code: str, innovation_code: str
) -> documents.Document | None:
    """Return a proposal PDF of an innovation assigned to the juror (None: not theirs, none)."""
    with _session() as db:
        return documents.juror_document(db, juror_id, edition_code, innovation_code)


def document_desk(edition_code: str | None) -> documents.DocumentDesk:
    """Return what /impor's document form shows for an edition (None: the default one)."""
    with _session() as db:
        return documents.document_desk(db, edition_code)


def save_document(
    edition_code: str, innovation_code: str, body: bytes, *, filename: str, by: str
) -> documents.DocumentInfo:
    """Store (or replace) an innovation's proposal PDF in one transaction."""
    with _session() as db, db.begin():
        return documents.set_document(
            db, edition_code, innovation_code, body, filename=filename, by=by
        )
