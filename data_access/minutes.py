"""The berita acara's own data per edition: number, date, place, signatories, and its images.

The committee sets them on /berita-acara. The berita acara (exports/pdf.py) and the piagam
(exports/piagam.py) read them through `paperwork`, with the defaults filled in; the
ceremony screens read which logos exist through `logo_stamps`. Nothing here is judged
data: the data version does not move. A logo's change moves the ceremony's revision
instead, as new screen settings do, so every screen redraws with it; the letterhead is
the documents' alone and moves nothing.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy import delete, select
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from data_access import audit, queries
from data_access.ceremony.store import apply_change
from data_access.i18n import Message, Refusal
from data_access.models import IMAGE_KINDS, EditionImage, EditionMinutes, Juror, utcnow
from data_access.nip import digits_of, format_nip

DEFAULT_PLACE = "Kudus"
DEFAULT_KNOWN_TITLE = "Bupati Kudus"
KOP = "kop"
LOGO_KINDS = ("regency_logo", "competition_logo")
MAX_IMAGE_BYTES = 2 * 1024 * 1024
# A small file can still describe a huge picture (a "decompression bomb"): refused unread.
MAX_IMAGE_PIXELS = 25_000_000
IMAGE_TYPES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
_PIL_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
# The form's fields and the longest text each column holds.
TEXT_FIELDS = {
    "number": 120,
    "place": 80,
    "known_title": 120,
    "known_name": 120,
    "committee_title": 120,
    "committee_name": 120,
}
NIP_FIELDS = ("known_nip", "committee_nip")
FIELDS = (*TEXT_FIELDS, *NIP_FIELDS, "signed_on", "chair_code")


class MinutesError(Refusal):
    """A refused change of the minutes' data or images, with its reason."""

    def __init__(self, key: str, /, *, field_name: str = "", **params: object) -> None:
        super().__init__(Message(key, **params))
        self.field_name = field_name  # the form's field at fault ("" when none is)


@dataclass(frozen=True)
class Signatory:
    """Who signs a line: their office (jabatan), name and NIP (each may be empty)."""

    title: str
    name: str
    nip: str

    @property
    def nip_text(self) -> str:
        """Return the NIP as it is printed: 19800101 200501 1 001 (or empty)."""
        return format_nip(self.nip)


@dataclass(frozen=True)
class Minutes:
    """The minutes' data as the committee set them (empty text: not set)."""

    number: str = ""
    signed_on: date | None = None
    place: str = ""
    chair_code: str = ""
    known: Signatory = Signatory("", "", "")
    committee: Signatory = Signatory("", "", "")
    updated_at: datetime | None = None
    updated_by: str = ""

    def field_values(self) -> dict[str, str]:
        """Return the values as the form shows them."""
        return {
            "number": self.number,
            "signed_on": self.signed_on.isoformat() if self.signed_on else "",
            "place": self.place,
            "chair_code": self.chair_code,
            "known_title": self.known.title,
            "known_name": self.known.name,
            "known_nip": self.known.nip,
            "committee_title": self.committee.title,
            "committee_name": self.committee.name,
            "committee_nip": self.committee.nip,
        }


@dataclass(frozen=True)
class Paperwork:
    """What the documents print: the minutes with their defaults filled in, and the images."""

    number: str
    day: date | None  # as set, else the ceremony's date; None: the document's own date
    place: str
    chair_code: str
    known: Signatory
    committee: Signatory
    images: dict[str, bytes]
    year: int | None


class DatedEdition(Protocol):
    """What the year of an edition is read from (an EditionInfo, an Edition, a plain row)."""

    @property
    def name(self) -> str: ...
    @property
    def submission_start(self) -> date | None: ...
    @property
    def submission_end(self) -> date | None: ...
    @property
    def proposal_start(self) -> date | None: ...
    @property
    def report_date(self) -> date | None: ...
    @property
    def ceremony_date(self) -> date | None: ...


def edition_year(edition: DatedEdition) -> int | None:
    """Return the edition's year: the one its name states, else that of its first date.

    The name ("KIPP Kabupaten Kudus 2022") is what the committee calls the edition; a
    ceremony moved into the next January does not make it next year's. The one rule of the
    ceremony screens, the minutes and the public catalogue.
    """
    named = set(re.findall(r"\b(?:19|20)\d\d\b", edition.name))
    if len(named) == 1:
        return int(named.pop())
    for day in (
        edition.submission_start,
        edition.submission_end,
        edition.proposal_start,
        edition.report_date,
        edition.ceremony_date,
    ):
        if day is not None:
            return day.year
    return None


# ---------------------------------------------------------------- the minutes' data
def _minutes_of(row: EditionMinutes | None) -> Minutes:
    if row is None:
        return Minutes()
    return Minutes(
        number=row.number,
        signed_on=row.signed_on,
        place=row.place,
        chair_code=row.chair_code,
        known=Signatory(row.known_title, row.known_name, row.known_nip),
        committee=Signatory(row.committee_title, row.committee_name, row.committee_nip),
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


def get_minutes(session: Session, code: str) -> Minutes:
    """Return the edition's minutes' data as set (empty when never set)."""
    edition = queries.get_edition(session, code)
    return _minutes_of(session.get(EditionMinutes, edition.id))


def _nip(name: str, value: str) -> str:
    digits = digits_of(value)
    if digits is None:
        raise MinutesError("minutes.refused.nip", field_name=name, value=value)
    return digits


def _day(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise MinutesError("minutes.refused.date", field_name="signed_on", value=value) from None


def _checked(session: Session, edition_id: int, fields: dict[str, str]) -> dict[str, object]:
    values: dict[str, object] = {}
    for name, longest in TEXT_FIELDS.items():
        value = " ".join(fields.get(name, "").split())
        if len(value) > longest:
            raise MinutesError(
                "minutes.refused.too_long",
                field_name=name,
                field=Message(f"minutes.field.{name}"),
                max=longest,
            )
        values[name] = value
    for name in NIP_FIELDS:
        values[name] = _nip(name, fields.get(name, "").strip())
    values["signed_on"] = _day(fields.get("signed_on", "").strip())
    chair = fields.get("chair_code", "").strip()
    if chair:
        known = session.execute(
            select(Juror.id).where(Juror.edition_id == edition_id, Juror.code == chair)
        ).first()
        if known is None:
            raise MinutesError("minutes.refused.chair", field_name="chair_code", code=chair)
    values["chair_code"] = chair
    return values


def save_minutes(session: Session, code: str, fields: dict[str, str], *, by: str) -> Minutes:
    """Check and store the edition's minutes' data (every field; empty ones mean "not set")."""
    edition = queries.get_edition(session, code)
    values = _checked(session, edition.id, fields)
    row = session.get(EditionMinutes, edition.id)
    if row is None:
        row = EditionMinutes(edition_id=edition.id)
        session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at, row.updated_by = utcnow(), by[:80]
    audit.record(session, audit.MINUTES_SAVED, by=by, edition=code, subject=code)
    session.flush()
    return _minutes_of(row)


# ---------------------------------------------------------------- images
def image_type(data: bytes) -> str:
    """Return the content type of a letterhead or logo (PNG or JPEG), or raise MinutesError.

    Checked by size first, then by the file's signature, then decoded by Pillow (which
    refuses a file that only starts like an image, and a picture too large to draw).
    """
    if len(data) > MAX_IMAGE_BYTES:
        raise MinutesError("minutes.refused.image_size", limit=MAX_IMAGE_BYTES // (1024 * 1024))
    if not any(data.startswith(magic) for magic in IMAGE_TYPES.values()):
        raise MinutesError("minutes.refused.image_type")
    from PIL import Image  # imported here: only an upload needs it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                found = _PIL_FORMATS.get(image.format or "")
                too_big = image.width * image.height > MAX_IMAGE_PIXELS
                image.verify()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning):
        raise MinutesError("minutes.refused.image_broken") from None
    if found is None:
        raise MinutesError("minutes.refused.image_type")
    if too_big:
        raise MinutesError("minutes.refused.image_pixels")
    return found


def _known_kind(kind: str) -> str:
    if kind not in IMAGE_KINDS:
        raise MinutesError("minutes.refused.kind")
    return kind


def _redraw_screens(session: Session, code: str, by: str) -> None:
    """Move the ceremony's revision (its settings unchanged), so every screen redraws."""

    def decide(row: Row, _moment: datetime) -> dict:
        return {"settings": row.settings}

    apply_change(session, code, decide, by=by, expected_revision=None, now=None)


def set_image(session: Session, code: str, kind: str, data: bytes, *, by: str) -> None:
    """Store (or replace) an edition's letterhead or logo, checked to be a small PNG or JPEG."""
    kind = _known_kind(kind)
    content_type = image_type(data)
    if kind in LOGO_KINDS:
        _redraw_screens(session, code, by)  # first: on SQLite it takes the write lock
    edition = queries.get_edition(session, code)
    row = session.get(EditionImage, (edition.id, kind))
    if row is None:
        row = EditionImage(edition_id=edition.id, kind=kind)
        session.add(row)
    row.content_type, row.data = content_type, data
    row.updated_at, row.updated_by = utcnow(), by[:80]
    audit.record(session, audit.MINUTES_IMAGE, by=by, edition=code, subject=kind, bytes=len(data))
    session.flush()


def remove_image(session: Session, code: str, kind: str, *, by: str) -> bool:
    """Remove an edition's letterhead or logo; False when there was none."""
    kind = _known_kind(kind)
    edition = queries.get_edition(session, code)
    present = session.get(EditionImage, (edition.id, kind)) is not None
    if not present:
        return False
    if kind in LOGO_KINDS:
        _redraw_screens(session, code, by)
    session.execute(
        delete(EditionImage).where(EditionImage.edition_id == edition.id, EditionImage.kind == kind)
    )
    audit.record(session, audit.MINUTES_IMAGE, by=by, edition=code, subject=kind, removed=True)
    return True


def get_image(session: Session, code: str, kind: str) -> tuple[str, bytes] | None:
    """Return an edition's image (content type, bytes), or None."""
    if kind not in IMAGE_KINDS:
        return None
    row = session.execute(
        select(EditionImage.content_type, EditionImage.data).where(
            EditionImage.edition_id == _edition_id(session, code), EditionImage.kind == kind
        )
    ).first()
    return None if row is None else (row[0], row[1])


def _edition_id(session: Session, code: str) -> int:
    return queries.get_edition(session, code).id


def image_stamps(session: Session, code: str, kinds: tuple[str, ...] = IMAGE_KINDS) -> dict:
    """Return {kind: a number that changes with the image} for the edition's images present.

    Pages and screens put it in the image's address, so a replaced image is fetched anew.
    """
    rows = session.execute(
        select(EditionImage.kind, EditionImage.updated_at).where(
            EditionImage.edition_id == _edition_id(session, code), EditionImage.kind.in_(kinds)
        )
    )
    return {kind: int(at.timestamp() * 1000) for kind, at in rows}


def logo_stamps(session: Session, code: str) -> dict[str, int]:
    """Return {kind: stamp} of the edition's logos present (what a screen may show)."""
    return image_stamps(session, code, LOGO_KINDS)


# ---------------------------------------------------------------- for the documents
def paperwork(session: Session, code: str, *, kinds: tuple[str, ...] = IMAGE_KINDS) -> Paperwork:
    """Return what the berita acara and the piagam print, with the defaults filled in."""
    edition = queries.get_edition(session, code)
    minutes = _minutes_of(session.get(EditionMinutes, edition.id))
    images = {
        kind: data
        for kind, data in session.execute(
            select(EditionImage.kind, EditionImage.data).where(
                EditionImage.edition_id == edition.id, EditionImage.kind.in_(kinds)
            )
        )
    }
    known = minutes.known
    return Paperwork(
        number=minutes.number,
        day=minutes.signed_on or edition.ceremony_date,
        place=minutes.place or DEFAULT_PLACE,
        chair_code=minutes.chair_code,
        known=Signatory(known.title or DEFAULT_KNOWN_TITLE, known.name, known.nip),
        committee=minutes.committee,
        images=images,
        year=edition_year(edition),
    )
