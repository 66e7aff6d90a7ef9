"""An innovation's photo: checked (images.py), stored with its caption, changed, removed.

One photo per innovation; a new one replaces it. The command line's `ceremony photo` and
the committee's /berkas both store through `set_photo`, so both get the same checks.
A photo shows on its innovation's award screen once revealed: a change to the photo of
a winner already on screen moves the ceremony's revision, the mark every screen polls,
so the screens draw again with the new photo (a photo of one not yet revealed moves
nothing: no screen shows it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, delete, insert, select, update
from sqlalchemy.orm import Session

from data_access import audit, queries
from data_access.ceremony.errors import CeremonyError
from data_access.ceremony.images import (
    MAX_PHOTO_BYTES,
    check_photo,
    photo_type,
    thumbnail_of_stored,
)
from data_access.ceremony.public import revealed_innovation_ids
from data_access.ceremony.store import apply_change
from data_access.models import Innovation, InnovationPhoto, utcnow

__all__ = [
    "MAX_CAPTION",
    "MAX_PHOTO_BYTES",
    "PhotoInfo",
    "get_photo",
    "photo_thumbnail",
    "photo_type",
    "remove_photo",
    "set_caption",
    "set_photo",
]

MAX_CAPTION = 200


@dataclass(frozen=True)
class PhotoInfo:
    """What is known of a stored photo without its bytes."""

    content_type: str
    size: int
    width: int | None  # None: stored before 0018
    height: int | None
    caption: str
    updated_at: datetime
    uploaded_by: str


def _innovation_id(session: Session, code: str, innovation_code: str) -> int:
    edition = queries.get_edition(session, code)
    found = session.execute(
        select(Innovation.id).where(
            Innovation.edition_id == edition.id, Innovation.code == innovation_code
        )
    ).scalar_one_or_none()
    if found is None:
        raise CeremonyError("ceremony.refused.photo_innovation", code=innovation_code)
    return found


def clean_caption(caption: str | None) -> str | None:
    """Return a caption as kept: one line, trimmed, at most MAX_CAPTION (None: empty)."""
    cleaned = " ".join((caption or "").split())[:MAX_CAPTION].strip()
    return cleaned or None


def _screens_notice(session: Session, code: str, innovation_id: int, by: str) -> None:
    """Move the ceremony's revision when the innovation is on the screens (revealed)."""
    if innovation_id not in revealed_innovation_ids(session, code):
        return

    def decide(row: Row, _moment: datetime) -> dict:
        return {"step": row.step}  # the step stays; the write moves the revision

    apply_change(session, code, decide, by=by, expected_revision=None, now=None)


def set_photo(
    session: Session,
    code: str,
    innovation_code: str,
    data: bytes,
    *,
    caption: str | None = None,
    by: str = "",
) -> PhotoInfo:
    """Store (or replace) an innovation's photo, checked and without metadata, with a caption.

    A replaced photo keeps its caption unless a new one is given.
    """
    checked = check_photo(data)
    innovation_id = _innovation_id(session, code, innovation_code)
    stored = _stored_caption(session, innovation_id)
    values = {
        "content_type": checked.content_type,
        "data": checked.data,
        "width": checked.width,
        "height": checked.height,
        "thumbnail": checked.thumbnail,
        "updated_at": utcnow(),
        "uploaded_by": by[:80],
        "caption": clean_caption(caption) or (stored[1] if stored else None),
    }
    # Statements, not the ORM's objects: the bytes replaced are never loaded.
    if stored is None:
        session.execute(insert(InnovationPhoto).values(innovation_id=innovation_id, **values))
    else:
        session.execute(
            update(InnovationPhoto)
            .where(InnovationPhoto.innovation_id == innovation_id)
            .values(**values)
        )
    actor = by or "cli"
    _screens_notice(session, code, innovation_id, actor)
    audit.record(
        session,
        audit.PHOTO_SET,
        by=actor,
        edition=code,
        subject=innovation_code,
        type=checked.content_type,
        width=checked.width,
        height=checked.height,
        size=len(checked.data),
        replaced=stored is not None,
    )
    return _info(values)


def _stored_caption(session: Session, innovation_id: int) -> tuple[int, str | None] | None:
    """Return (id, caption) of the innovation's stored photo, or None when it has none."""
    found = session.execute(
        select(InnovationPhoto.innovation_id, InnovationPhoto.caption).where(
            InnovationPhoto.innovation_id == innovation_id
        )
    ).first()
    return None if found is None else (found[0], found[1])


def _info(values: dict) -> PhotoInfo:
    return PhotoInfo(
        values["content_type"],
        len(values["data"]),
        values["width"],
        values["height"],
        values["caption"] or "",
        values["updated_at"],
        values["uploaded_by"],
    )


def set_caption(
    session: Session, code: str, innovation_code: str, caption: str | None, *, by: str = ""
) -> bool:
    """Change (or clear) the caption of an innovation's photo; False when it has no photo."""
    innovation_id = _innovation_id(session, code, innovation_code)
    if _stored_caption(session, innovation_id) is None:
        return False
    cleaned = clean_caption(caption)
    session.execute(
        update(InnovationPhoto)
        .where(InnovationPhoto.innovation_id == innovation_id)
        .values(caption=cleaned)
    )
    audit.record(
        session,
        audit.PHOTO_CAPTION,
        by=by or "cli",
        edition=code,
        subject=innovation_code,
        caption=cleaned or "",
    )
    return True


def remove_photo(session: Session, code: str, innovation_code: str, *, by: str = "") -> bool:
    """Remove an innovation's photo; False when it had none."""
    innovation_id = _innovation_id(session, code, innovation_code)
    if _stored_caption(session, innovation_id) is None:
        return False
    session.execute(delete(InnovationPhoto).where(InnovationPhoto.innovation_id == innovation_id))
    _screens_notice(session, code, innovation_id, by or "cli")
    audit.record(
        session, audit.PHOTO_REMOVED, by=by or "cli", edition=code, subject=innovation_code
    )
    return True


def get_photo(session: Session, innovation_id: int) -> tuple[str, bytes] | None:
    """Return an innovation's photo type and bytes, or None."""
    found = session.execute(
        select(InnovationPhoto.content_type, InnovationPhoto.data).where(
            InnovationPhoto.innovation_id == innovation_id
        )
    ).first()
    return None if found is None else (found[0], found[1])


def photo_thumbnail(session: Session, innovation_id: int) -> bytes | None:
    """Return the JPEG thumbnail of an innovation's photo (drawn now if stored before 0018)."""
    found = session.execute(
        select(InnovationPhoto.thumbnail, InnovationPhoto.content_type).where(
            InnovationPhoto.innovation_id == innovation_id
        )
    ).first()
    if found is None:
        return None
    if found[0] is not None:
        return found[0]
    full = get_photo(session, innovation_id)
    return None if full is None else thumbnail_of_stored(full[1], full[0])
