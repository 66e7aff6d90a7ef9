"""The committee's list of each innovation's photo and proposal PDF (/berkas), no bytes read.

One query per page: every innovation of an edition with its unit, what is known of its
photo (type, pixels, size, caption, when, by) and of its document (name, size, pages,
when, by). Sizes are the database's length of the stored bytes, so no file is loaded;
the photos and PDFs themselves are sent by their own routes. A search narrows the list
by code or title, for editions of a few hundred innovations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from data_access import queries
from data_access.ceremony import get_photo, photo_thumbnail
from data_access.models import Innovation, InnovationDocument, InnovationPhoto, Unit

MAX_SEARCH = 100


@dataclass(frozen=True)
class PhotoRow:
    """An innovation's stored photo, without its bytes."""

    content_type: str
    size: int
    width: int | None  # None: stored before its size in pixels was kept
    height: int | None
    caption: str
    uploaded_at: datetime
    uploaded_by: str  # "" when stored before the uploader was kept


@dataclass(frozen=True)
class DocumentRow:
    """An innovation's stored proposal PDF, without its bytes."""

    filename: str
    size: int
    page_count: int | None
    uploaded_at: datetime
    uploaded_by: str


@dataclass(frozen=True)
class InnovationFiles:
    """One innovation of the list: who it is, its photo and its document (None: none yet)."""

    innovation_id: int
    code: str
    title: str
    unit: str
    photo: PhotoRow | None
    document: DocumentRow | None


def _search(query: str) -> str:
    """Return a LIKE pattern matching `query` anywhere, its wildcards taken literally."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def innovation_files(
    session: Session, edition_id: int, *, search: str = ""
) -> list[InnovationFiles]:
    """Return the edition's innovations by code with their photo and document (a search:
    those whose code or title holds it, case aside)."""
    photo, document = InnovationPhoto, InnovationDocument
    statement = (
        select(
            Innovation.id,
            Innovation.code,
            Innovation.title,
            func.coalesce(Unit.short_name, Unit.name),
            photo.content_type,
            func.length(photo.data),
            photo.width,
            photo.height,
            photo.caption,
            photo.updated_at,
            photo.uploaded_by,
            document.filename,
            document.size,
            document.page_count,
            document.uploaded_at,
            document.uploaded_by,
        )
        .join(Unit, Unit.id == Innovation.unit_id)
        .outerjoin(photo, photo.innovation_id == Innovation.id)
        .outerjoin(document, document.innovation_id == Innovation.id)
        .where(Innovation.edition_id == edition_id)
        .order_by(Innovation.code)
    )
    wanted = search.strip()[:MAX_SEARCH]
    if wanted:
        pattern = _search(wanted)
        statement = statement.where(
            or_(
                func.lower(Innovation.code).like(pattern, escape="\\"),
                func.lower(Innovation.title).like(pattern, escape="\\"),
            )
        )
    found = []
    for row in session.execute(statement):
        (iid, code, title, unit, p_type, p_size, width, height, caption, p_at, p_by) = row[:11]
        d_name, d_size, pages, d_at, d_by = row[11:]
        found.append(
            InnovationFiles(
                iid,
                code,
                title,
                unit,
                None
                if p_type is None
                else PhotoRow(p_type, int(p_size), width, height, caption or "", p_at, p_by or ""),
                None if d_name is None else DocumentRow(d_name, int(d_size), pages, d_at, d_by),
            )
        )
    return found


def count_innovations(session: Session, edition_id: int) -> int:
    """Return how many innovations the edition has (the list's "of N" when searching)."""
    return (
        session.scalar(
            select(func.count()).select_from(Innovation).where(Innovation.edition_id == edition_id)
        )
        or 0
    )


THUMBNAIL_TYPE = "image/jpeg"


def photo_of(
    session: Session, edition_code: str, innovation_code: str, *, small: bool
) -> tuple[str, bytes] | None:
    """Return an innovation's photo (type, bytes), or its JPEG thumbnail; None: none of it."""
    try:
        edition = queries.get_edition(session, edition_code)
    except queries.EditionNotFound:
        return None
    innovation_id = session.execute(
        select(Innovation.id).where(
            Innovation.edition_id == edition.id, Innovation.code == innovation_code
        )
    ).scalar_one_or_none()
    if innovation_id is None:
        return None
    if not small:
        return get_photo(session, innovation_id)
    thumbnail = photo_thumbnail(session, innovation_id)
    return None if thumbnail is None else (THUMBNAIL_TYPE, thumbnail)
