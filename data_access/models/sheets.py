"""Sheets filled in the app: their state (draft or submitted), comments, and the score history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base, UTCDateTime

DRAFT = "draft"
SUBMITTED = "submitted"
SHEET_STATES = (DRAFT, SUBMITTED)
# The rehearsal jury (data_access/simulate.py), from the control page's button or the CLI.
REHEARSAL = "rehearsal"
HISTORY_SOURCES = ("web", "import", "cli", REHEARSAL)
# What a history row records: one score changed, a sheet submitted, a sheet reopened.
HISTORY_EVENTS = ("score", "submit", "reopen")


class SheetState(Base):
    """The state of one sheet a juror fills in the app (SCORING.md: counted once submitted).

    A sheet without a row here was imported (or written by the CLI) and counts as
    submitted. `revision` grows on every save: a save names the revision it started from
    and is refused when another save got there first. The latest reopen (when, who, why)
    stays so that the juror can be shown the reason.
    """

    __tablename__ = "sheet_states"

    stage_id: Mapped[int] = mapped_column(
        ForeignKey("stages.id", ondelete="CASCADE"), primary_key=True
    )
    juror_id: Mapped[int] = mapped_column(
        ForeignKey("jurors.id", ondelete="CASCADE"), primary_key=True
    )
    innovation_id: Mapped[int] = mapped_column(
        ForeignKey("innovations.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(12), default=DRAFT)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(80))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by: Mapped[str | None] = mapped_column(String(80))
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopened_by: Mapped[str | None] = mapped_column(String(80))
    reopen_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("state IN ('draft', 'submitted')", name="sheet_state_known"),
        CheckConstraint("revision >= 1", name="sheet_revision_positive"),
        Index("ix_sheet_states_juror", "juror_id", "stage_id"),
    )


class SheetComment(Base):
    """A juror's comment on one criterion of a sheet filled in the app.

    A table rather than columns of sheet_states: a stage has any number of criteria, and a
    comment goes with its criterion (removing the criterion removes its comments) and with
    its sheet (removing the sheet's state removes them).
    """

    __tablename__ = "sheet_comments"

    stage_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    juror_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    innovation_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    criterion_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        ForeignKeyConstraint(
            ["stage_id", "juror_id", "innovation_id"],
            ["sheet_states.stage_id", "sheet_states.juror_id", "sheet_states.innovation_id"],
            name="fk_sheet_comment_sheet",
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["criterion_id", "stage_id"],
            ["criteria.id", "criteria.stage_id"],
            name="fk_sheet_comment_criterion",
            ondelete="CASCADE",
        ),
    )


class ScoreHistory(Base):
    """Append-only record of every score change and every submit and reopen of a sheet.

    Database triggers (migration 0007) refuse UPDATE and DELETE (and TRUNCATE on
    PostgreSQL): nothing in the product can edit or remove a line. It has no foreign keys
    on purpose: the record outlives what it names (deleting an edition, a juror or a
    criterion must neither be blocked by it nor cascade into it), so it keeps the ids and
    the codes as plain values. Values are in hundredths; old is NULL when a score was
    created and new is NULL when it was cleared. `source` says where the change came from
    (the web sheet, an import, the command line, the rehearsal jury); `by` is the user or
    $USER (for a rehearsal, whoever started it).
    """

    __tablename__ = "score_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(Integer)
    stage_id: Mapped[int] = mapped_column(Integer)
    juror_id: Mapped[int] = mapped_column(Integer)
    innovation_id: Mapped[int] = mapped_column(Integer)
    criterion_id: Mapped[int | None] = mapped_column(Integer)
    stage_code: Mapped[str] = mapped_column(String(20))
    juror_code: Mapped[str] = mapped_column(String(64))
    innovation_code: Mapped[str] = mapped_column(String(64))
    criterion_code: Mapped[str | None] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(12))
    old_centi: Mapped[int | None] = mapped_column(Integer)
    new_centi: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(12))
    by: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("event IN ('score', 'submit', 'reopen')", name="history_event_known"),
        CheckConstraint(
            "source IN ('web', 'import', 'cli', 'rehearsal')", name="history_source_known"
        ),
        CheckConstraint(
            "event <> 'score' OR (criterion_id IS NOT NULL AND criterion_code IS NOT NULL "
            "AND (old_centi IS NOT NULL OR new_centi IS NOT NULL))",
            name="history_score_names_criterion",
        ),
        Index("ix_score_history_sheet", "stage_id", "juror_id", "innovation_id", "id"),
        Index("ix_score_history_edition", "edition_id", "id"),
        # The audit trail reads the newest lines by moment (migration 0019).
        Index("ix_score_history_at", "at", "id"),
    )
