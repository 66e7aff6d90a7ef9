"""The winners' photos: checked to be a small JPEG, PNG or WebP, stored beside the innovation."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import queries
from data_access.ceremony.errors import CeremonyError
from data_access.models import Innovation, InnovationPhoto, utcnow

PHOTO_TYPES = {
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/webp": b"RIFF",
}
MAX_PHOTO_BYTES = 5 * 1024 * 1024


def photo_type(data: bytes) -> str:
    """Return the image type of photo bytes (JPEG, PNG or WebP), or raise CeremonyError."""
    if len(data) > MAX_PHOTO_BYTES:
        raise CeremonyError("ceremony.refused.photo_size")
    for content_type, magic in PHOTO_TYPES.items():
        if data.startswith(magic) and (content_type != "image/webp" or data[8:12] == b"WEBP"):
            return content_type
    raise CeremonyError("ceremony.refused.photo_type")


def set_photo(session: Session, code: str, innovation_code: str, data: bytes) -> None:
    """Store (or replace) an innovation's photo."""
    content_type = photo_type(data)
    edition = queries.get_edition(session, code)
    innovation_id = session.execute(
        select(Innovation.id).where(
            Innovation.edition_id == edition.id, Innovation.code == innovation_code
        )
    ).scalar_one_or_none()
    if innovation_id is None:
        raise CeremonyError("ceremony.refused.photo_innovation", code=innovation_code)
    photo = session.get(InnovationPhoto, innovation_id)
    if photo is None:
        session.add(
            InnovationPhoto(innovation_id=innovation_id, content_type=content_type, data=data)
        )
    else:
        photo.content_type, photo.data, photo.updated_at = content_type, data, utcnow()
    session.flush()


def get_photo(session: Session, innovation_id: int) -> tuple[str, bytes] | None:
    """Return an innovation's photo type and bytes, or None."""
    photo = session.get(InnovationPhoto, innovation_id)
    return None if photo is None else (photo.content_type, photo.data)
