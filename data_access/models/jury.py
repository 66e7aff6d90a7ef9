"""Judging in the app, the committee's side: conflict declarations, scoring-window extensions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base, UTCDateTime


class ConflictDeclaration(Base):
    """A juror's declaration on one innovation before scoring it: a conflict, or none.

    One per juror and innovation, whatever the stage: a conflict of interest is with the
    innovation (its unit, its innovator), not with a stage. A declared conflict carries its
    reason; once the committee confirms it, every assignment of that juror to that
    innovation abstains (confirmed_at/by say when and who), and in a stage that lists no
    assignments the scoring reads the confirmation itself as the abstention (SCORING.md 5).
    A confirmation moves data_version (migration 0013's trigger on confirmed_at).
    """

    __tablename__ = "conflict_declarations"

    juror_id: Mapped[int] = mapped_column(
        ForeignKey("jurors.id", ondelete="CASCADE"), primary_key=True
    )
    innovation_id: Mapped[int] = mapped_column(
        ForeignKey("innovations.id", ondelete="CASCADE"), primary_key=True
    )
    conflict: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text)
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime)
    declared_by: Mapped[str] = mapped_column(String(80))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by: Mapped[str | None] = mapped_column(String(80))

    __table_args__ = (
        CheckConstraint(
            "(conflict AND reason IS NOT NULL) OR (NOT conflict AND reason IS NULL)",
            name="conflict_has_reason",
        ),
        CheckConstraint(
            "confirmed_at IS NULL OR conflict", name="conflict_confirmed_only_if_declared"
        ),
        Index("ix_conflict_declarations_innovation", "innovation_id"),
    )


# The committee's confirmed conflicts of interest: a WHERE clause on ConflictDeclaration.
CONFIRMED_CONFLICT = (
    ConflictDeclaration.conflict.is_(True),
    ConflictDeclaration.confirmed_at.is_not(None),
)


class WindowExtension(Base):
    """The committee keeps a stage's scoring open past its window: for one juror, or for all.

    `until` is a date of the edition's time zone (WIB), inclusive. Rows are never changed:
    a later extension adds a row, and the latest `until` that applies wins, so the record
    says who extended what, when, until when and for whom.
    """

    __tablename__ = "window_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    juror_id: Mapped[int | None] = mapped_column(ForeignKey("jurors.id", ondelete="CASCADE"))
    until: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(80))

    __table_args__ = (Index("ix_window_extensions_stage", "stage_id", "juror_id"),)
