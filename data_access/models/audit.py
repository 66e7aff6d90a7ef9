"""The record of what people did: one row per committee or jury action worth asking about."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base, UTCDateTime, utcnow


class AuditEvent(Base):
    """One action: what (`action`), by whom, when, on what, in which edition, with details.

    Append-only, written in the same transaction as the action it records, so a rolled
    back action leaves no event and a done one always has its event. The edition is kept
    by code, not by key: the record outlives a removed rehearsal edition. `detail` is a
    small JSON object of the action's own facts (names, counts, old and new values),
    never a secret (no password, no token). Actions with a table of their own (approvals,
    seri decisions, status changes, window extensions, score history) are read from there
    by the audit view; this table holds the rest (data_access.audit.ACTIONS).
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_at", "at"),
        Index("ix_audit_events_action", "action", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    edition_code: Mapped[str | None] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")
