"""The documents jurors read: one proposal PDF per innovation, uploaded by the committee."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base, UTCDateTime, utcnow


class InnovationDocument(Base):
    """An innovation's proposal as a PDF: its bytes, the name it was uploaded under, who, when.

    One per innovation: a new upload replaces it. Not judged data: no score, figure or
    ranking reads it, so the data-version triggers do not watch it (the pages that show
    it, /penilaian and the sheets, read it fresh on every request).
    """

    __tablename__ = "innovation_documents"

    innovation_id: Mapped[int] = mapped_column(
        ForeignKey("innovations.id", ondelete="CASCADE"), primary_key=True
    )
    filename: Mapped[str] = mapped_column(String(200))  # shown, and offered on download
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by: Mapped[str] = mapped_column(String(80))
    # Counted when stored (0018); None: stored before, or a PDF whose pages cannot be read.
    page_count: Mapped[int | None] = mapped_column(Integer)
