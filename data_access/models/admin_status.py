"""The committee's administrative decisions on innovations, each kept with its reason."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base, UTCDateTime, utcnow


class AdminStatusChange(Base):
    """One change of an innovation's administrative status: from, to, why, who, when.

    Append-only: the innovation's own row holds the status now (its update moves the data
    version, as every change of judged data does); this table is the record of how it got
    there, made in the same transaction.
    """

    __tablename__ = "admin_status_changes"
    __table_args__ = (Index("ix_admin_status_changes_innovation", "innovation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    innovation_id: Mapped[int] = mapped_column(ForeignKey("innovations.id", ondelete="CASCADE"))
    old_status: Mapped[str] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(80))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
