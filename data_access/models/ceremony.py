"""The ceremony's tables: screens and their tokens, the ceremony row, approvals, photos."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base, UTCDateTime, utcnow


class KioskScreen(Base):
    """A ceremony screen: a display token (kept as its SHA-256 only) and what it showed last."""

    __tablename__ = "kiosk_screens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shown: Mapped[str] = mapped_column(String(120), default="")
    edition_code: Mapped[str | None] = mapped_column(String(64))  # what it showed last
    # The edition the screen belongs to (None: tokens older than migration 0006 with several
    # editions in the database follow the default edition).
    edition_id: Mapped[int | None] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE", name="fk_kiosk_screens_edition")
    )


class Ceremony(Base):
    """An edition's award ceremony: the approved snapshot and where the reveal stands.

    `revision` moves with every change of the row, so screens notice a step, an approval
    or new settings with one tiny read.
    """

    __tablename__ = "ceremonies"

    edition_id: Mapped[int] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), primary_key=True
    )
    step: Mapped[str] = mapped_column(String(20), default="rotation")
    revision: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(80), default="")
    settings: Mapped[str] = mapped_column(Text, default="{}")
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by: Mapped[str | None] = mapped_column(String(80))
    snapshot: Mapped[str | None] = mapped_column(Text)
    snapshot_hash: Mapped[str | None] = mapped_column(String(64))
    snapshot_version: Mapped[int | None] = mapped_column(BigInteger)
    # The first time Juara III reached the screens: the approval is final from then on.
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The first time the reveal reached "all" (semua juara): from then on the awards are
    # public (the catalogue shows them), whatever step the screens go back to.
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CeremonyApproval(Base):
    """One approval, re-approval or cancellation of an edition's results, kept for the record."""

    __tablename__ = "ceremony_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by: Mapped[str] = mapped_column(String(80))
    old_hash: Mapped[str | None] = mapped_column(String(64))
    new_hash: Mapped[str | None] = mapped_column(String(64))
    data_version: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        CheckConstraint(
            "action IN ('approve', 'reapprove', 'cancel')", name="ceremony_approval_action_known"
        ),
        Index("ix_ceremony_approvals_edition", "edition_id", "at"),
    )


class InnovationPhoto(Base):
    """A photo of an innovation, shown on its award screen once revealed.

    Stored as checked and re-encoded (data_access/images.py: no camera metadata), with a
    small JPEG thumbnail for the committee's list (/berkas). Photos stored before 0018
    have no thumbnail, size or uploader: the list draws their thumbnail when asked.
    `caption` is the photo's alt text (the title stands in when it is empty).
    """

    __tablename__ = "innovation_photos"

    innovation_id: Mapped[int] = mapped_column(
        ForeignKey("innovations.id", ondelete="CASCADE"), primary_key=True
    )
    content_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    caption: Mapped[str | None] = mapped_column(String(200))
    uploaded_by: Mapped[str | None] = mapped_column(String(80))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    thumbnail: Mapped[bytes | None] = mapped_column(LargeBinary)


class SeriDecision(Base):
    """The jury's decision on a seri touching Juara I-III: the tied innovations' order.

    One per edition and tie group (`group_key`: the group's codes sorted, comma-joined);
    `order_codes` holds the same codes in the panel's order. It enters the approved
    snapshot (and its hash) at the next approval.
    """

    __tablename__ = "seri_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"))
    group_key: Mapped[str] = mapped_column(String(400))
    order_codes: Mapped[str] = mapped_column(String(400))
    reason: Mapped[str] = mapped_column(Text)
    chair: Mapped[str] = mapped_column(String(120))
    decided_by: Mapped[str] = mapped_column(String(80))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("edition_id", "group_key", name="uq_seri_decisions_group"),)
