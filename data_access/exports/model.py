"""The plain data every export is written from: tables, the edition's facts, the approval."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from data_access.accounts import Profile
    from data_access.approval import ApprovalComparison
    from data_access.i18n import Message
    from data_access.minutes import Paperwork

Kind = Literal["text", "integer", "decimal", "percent", "datetime"]
Cell = str | int | Decimal | datetime | None

APPROVED = "disetujui"
PROVISIONAL = "sementara/belum disetujui"

# OWASP "CSV injection": a spreadsheet reads a cell starting with one of these as a formula
# (or, for tab and carriage return, may shift it into one); a leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(text: str) -> str:
    """Return text with a leading apostrophe when a spreadsheet could read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Column:
    """One column of an export table: a stable key, its Indonesian header and its kind."""

    key: str
    header: str
    kind: Kind = "text"


@dataclass(frozen=True)
class Table:
    """One export table: rows of cells in column order, text cells already neutralised."""

    key: str
    title: Message  # str() gives "Indonesian / English"
    sheet: str  # the spreadsheet tab name (at most 31 characters)
    columns: list[Column]
    rows: list[list[Cell]]


def make_table(
    key: str, title: Message, sheet: str, columns: list[Column], records: list[dict]
) -> Table:
    """Return a table from records keyed by column key, neutralising every text cell."""
    rows = [
        [
            neutralize(value) if column.kind == "text" and isinstance(value, str) else value
            for column, value in ((c, record.get(c.key)) for c in columns)
        ]
        for record in records
    ]
    return Table(key=key, title=title, sheet=sheet[:31], columns=columns, rows=rows)


@dataclass(frozen=True)
class Approval:
    """The committee's approval of the results: when, by whom, and the snapshot it froze."""

    approved_at: datetime
    approved_by: str
    hash: str
    data_version: int
    live_changes: list[str]  # codes whose live result no longer matches the snapshot
    comparison: ApprovalComparison | None = None  # the approved winners, places and scores moved
    # Who approved, as their profile names them (data_access.accounts): display name, NIP,
    # jabatan for a signature; None when none was read. approver_text() writes the line.
    approver: Profile | None = None


@dataclass(frozen=True)
class RankedRow:
    """One ranking row as the exports show it (from the snapshot or the live ranking)."""

    rank: int | None
    code: str
    title: str
    unit_name: str
    innovator: str
    proposal_score: Decimal | None
    presentation_score: Decimal | None
    final_score: Decimal | None
    finalist: bool
    tier: int
    tie: bool
    award: int | None
    decided: bool = False  # the jury's seri decision set this place


@dataclass(frozen=True)
class CriterionInfo:
    """An aspect of a stage with its weight (bobot)."""

    code: str
    name: str
    weight: Decimal


@dataclass(frozen=True)
class StageInfo:
    """A judging stage with its criteria and its weight in the final score."""

    code: str
    name: str
    weight: Decimal
    criteria: list[CriterionInfo]


@dataclass(frozen=True)
class JurorInfo:
    """A member of the jury."""

    code: str
    name: str
    group: str


@dataclass(frozen=True)
class ConflictInfo:
    """A juror's declared conflict of interest with an innovation, and the committee's word."""

    juror_code: str
    juror_name: str
    innovation_code: str
    innovation_title: str
    reason: str
    confirmed_by: str | None


@dataclass(frozen=True)
class ScoreChange:
    """A score changed after its sheet was submitted (the berita acara's appendix)."""

    stage: str
    juror: str
    innovation: str
    criterion: str | None
    old: Decimal | None
    new: Decimal | None
    by: str
    source: str
    at: datetime


@dataclass(frozen=True)
class ExportBundle:
    """Everything an export shows of one edition at one data version."""

    edition_code: str
    edition_name: str
    timezone: str
    data_version: int
    generated_at: datetime
    approved: Approval | None
    ranking_source: str  # APPROVED or PROVISIONAL
    awards_decided: bool
    normalization: bool
    participation_rate: Decimal | None
    participating: int
    required: int
    ranking: list[RankedRow]
    stages: list[StageInfo]
    jurors: list[JurorInfo]
    tables: list[Table] = field(default_factory=list)
    conflicts: list[ConflictInfo] = field(default_factory=list)
    # Scores changed after submission: how many, and (the committee's copy only) which.
    late_change_count: int = 0
    late_changes: list[ScoreChange] = field(default_factory=list)
    # The jury's seri decisions the ranking shows (order, reason, chair, by, at), as stored.
    seri_decisions: list[dict] = field(default_factory=list)
    # The minutes' own data (number, date, place, signatories) and letterhead, when read.
    paperwork: Paperwork | None = None

    def table(self, key: str) -> Table:
        """Return the table with this key, or raise KeyError."""
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)


def header_text(column: Column, zone: str) -> str:
    """Return a column's header as written, with the time zone on datetime columns."""
    return f"{column.header} ({zone})" if column.kind == "datetime" else column.header
