"""The score history of an edition's sheets as rows and as an XLSX workbook (admin only)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import queries
from data_access.formatting import to_local, zone_abbreviation
from data_access.i18n import t
from data_access.models import Criterion, ScoreHistory, utcnow

COLUMNS = (
    "at",
    "stage",
    "juror",
    "innovation",
    "criterion",
    "old",
    "new",
    "by",
    "source",
    "event",
    "reason",
)


@dataclass(frozen=True)
class HistoryRow:
    """One line of the history as a reader sees it: values in points, not hundredths."""

    at: datetime
    stage: str
    juror: str
    innovation: str
    criterion: str | None
    old: Decimal | None
    new: Decimal | None
    by: str
    source: str
    event: str
    reason: str | None
    # The criterion's name in its stage as it is now (None when it was removed since).
    criterion_name: str | None = None

    @property
    def event_key(self) -> str:
        """Return the i18n key naming the event: a first score reads "entered", not "changed"."""
        if self.event == "score" and self.old is None and self.new is not None:
            return "history.event.score_first"
        if self.event == "score" and self.new is None and self.old is not None:
            return "history.event.score_cleared"
        return f"history.event.{self.event}"

    @property
    def criterion_text(self) -> str | None:
        """Return the criterion as a reader names it: its name, else its code."""
        return self.criterion_name or self.criterion


def _points(centi: int | None) -> Decimal | None:
    return None if centi is None else Decimal(centi).scaleb(-2)


def history_rows(
    session: Session,
    edition: str,
    *,
    stage: str | None = None,
    juror: str | None = None,
    innovation: str | None = None,
) -> list[HistoryRow]:
    """Return the edition's history lines, oldest first, narrowed by stage/juror/innovation code."""
    statement = (
        select(ScoreHistory, Criterion.name)
        .outerjoin(Criterion, Criterion.id == ScoreHistory.criterion_id)
        .where(ScoreHistory.edition_id == queries.get_edition(session, edition).id)
    )
    for column, code in (
        (ScoreHistory.stage_code, stage),
        (ScoreHistory.juror_code, juror),
        (ScoreHistory.innovation_code, innovation),
    ):
        if code is not None:
            statement = statement.where(column == code)
    return [
        HistoryRow(
            h.at,
            h.stage_code,
            h.juror_code,
            h.innovation_code,
            h.criterion_code,
            _points(h.old_centi),
            _points(h.new_centi),
            h.by,
            h.source,
            h.event,
            h.reason,
            name,
        )
        for h, name in session.execute(statement.order_by(ScoreHistory.id))
    ]


def changed_after_submission(rows: Sequence[HistoryRow]) -> list[HistoryRow]:
    """Return the score lines that changed a sheet already submitted, oldest first.

    A sheet is submitted from its 'submit' line on; a score line after it (one that
    followed a reopen, from the app, an import or the CLI) changed a submitted sheet. An
    imported sheet counts as submitted: an import or CLI line that replaces a value on
    record (old is not None) of a sheet never edited in the app changed it too.
    """
    submitted: set[tuple[str, str, str]] = set()
    in_app: set[tuple[str, str, str]] = set()
    changed = []
    for row in rows:
        sheet = (row.stage, row.juror, row.innovation)
        if row.event == "submit":
            submitted.add(sheet)
        elif row.event == "score":
            if row.source == "web":
                in_app.add(sheet)
            replaced = row.source != "web" and row.old is not None and sheet not in in_app
            if sheet in submitted or replaced:
                changed.append(row)
    return changed


def history_headers(zone: str, lang: str = "id") -> list[str]:
    """Return the column headers in a language, the time column naming its zone (WIB)."""
    headers = [t(f"history.col.{c}", lang) for c in COLUMNS]
    headers[0] = f"{headers[0]} ({zone})"
    return headers


def history_cells(row: HistoryRow, timezone: str, lang: str = "id") -> list[object]:
    """Return one row's cells: local wall-clock time, event named in the language."""
    local = to_local(row.at, timezone).replace(tzinfo=None)
    event = t(row.event_key, lang)
    return [
        local,
        row.stage,
        row.juror,
        row.innovation,
        row.criterion,
        row.old,
        row.new,
        row.by,
        row.source,
        event,
        row.reason,
    ]


def history_xlsx(
    session: Session,
    edition: str,
    *,
    stage: str | None = None,
    juror: str | None = None,
    innovation: str | None = None,
    lang: str = "id",
    now: datetime | None = None,
) -> bytes:
    """Return the history (narrowed like history_rows) as an XLSX workbook's bytes."""
    info = queries.get_edition(session, edition)
    rows = history_rows(session, edition, stage=stage, juror=juror, innovation=innovation)
    zone = zone_abbreviation(now or utcnow(), tz=info.timezone)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = t("history.sheet", lang)
    sheet.append(history_headers(zone, lang))
    for row in rows:
        # openpyxl refuses control characters a typed reason may carry.
        sheet.append(
            [
                ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v
                for v in history_cells(row, info.timezone, lang)
            ]
        )
    for (cell,) in sheet.iter_rows(min_row=2, min_col=1, max_col=1):
        cell.number_format = "dd/mm/yyyy hh:mm:ss"
    for index in (6, 7):
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = "0.00"
    sheet.freeze_panes = "A2"
    workbook.properties.title = f"{t('history.title', lang)} — {info.name}"
    workbook.properties.creator = "KIPP Live"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
