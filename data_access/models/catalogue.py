"""The public catalogue's tables: which editions the committee published (and how), its version."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models.base import Base, UTCDateTime, utcnow


class CataloguePublication(Base):
    """An edition the committee made public in /katalog, with what the public may see.

    No row: the edition is not public (nothing of it reaches /katalog). The switches say
    what the committee chose to show beyond titles, units, summaries, photos and awards.
    """

    __tablename__ = "catalogue_publications"

    edition_id: Mapped[int] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), primary_key=True
    )
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The finalists (after the reveal reached "all"), the innovators' names, and the
    # proposal PDFs: each shown only when the committee says so.
    show_finalists: Mapped[bool] = mapped_column(Boolean, default=False)
    show_innovators: Mapped[bool] = mapped_column(Boolean, default=False)
    show_documents: Mapped[bool] = mapped_column(Boolean, default=False)


class CatalogueVersion(Base):
    """One row of counters that database triggers move (0022): what the public record reads.

    Each column moves with every statement that writes its table (editions, units,
    innovations; stages since 0023, which the record does not read: the watch numbers
    do), whoever writes; a score saved moves none of them.
    """

    __tablename__ = "catalogue_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    editions: Mapped[int] = mapped_column(BigInteger, default=0)
    units: Mapped[int] = mapped_column(BigInteger, default=0)
    innovations: Mapped[int] = mapped_column(BigInteger, default=0)
    # Added to the one existing row by 0023, hence its server default.
    stages: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
