"""The berita acara's own data per edition (number, date, place, signatories) and its images."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base, UTCDateTime, utcnow

# The images an edition may hold: the berita acara's letterhead and the two logos.
IMAGE_KINDS = ("kop", "regency_logo", "competition_logo")


class EditionMinutes(Base):
    """What the committee sets for an edition's berita acara and piagam (one row per edition).

    Empty text means "not set": the documents then use their defaults (place Kudus, the
    ceremony's date, the regent as the "Mengetahui" signatory).
    """

    __tablename__ = "edition_minutes"

    edition_id: Mapped[int] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[str] = mapped_column(String(120), default="")
    signed_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(80), default="")
    # The juror who chairs the jury, by code (kept across a re-import of the jurors).
    chair_code: Mapped[str] = mapped_column(String(64), default="")
    known_title: Mapped[str] = mapped_column(String(120), default="")
    known_name: Mapped[str] = mapped_column(String(120), default="")
    known_nip: Mapped[str] = mapped_column(String(18), default="")
    committee_title: Mapped[str] = mapped_column(String(120), default="")
    committee_name: Mapped[str] = mapped_column(String(120), default="")
    committee_nip: Mapped[str] = mapped_column(String(18), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(80), default="")


class EditionImage(Base):
    """An edition's image: the letterhead (kop surat) or a logo, a checked PNG or JPEG."""

    __tablename__ = "edition_images"

    edition_id: Mapped[int] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(80), default="")

    __table_args__ = (
        CheckConstraint(
            "kind IN ('kop', 'regency_logo', 'competition_logo')", name="edition_image_kind_known"
        ),
    )
