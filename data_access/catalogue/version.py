"""The catalogue's version and each published edition's fingerprint: what a record is cached by.

`catalogue_version` is the mark every catalogue page is cached and tagged by (ETag): it
moves with the judged data, the ceremonies, the publications, the photos and the PDFs.
`fingerprints` gives, per published edition, what its part of the record depends on
(`Published`), so that `entries.load_catalogue` rebuilds only the editions whose row moved.
Both read marks (counters, revisions, counts, latest times and the publication's switches),
never an entry's text: entries.py reads the rows into entries, this module says when to.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.models import (
    CataloguePublication,
    CatalogueVersion,
    Ceremony,
    Edition,
    Innovation,
    InnovationDocument,
    InnovationPhoto,
)


class Version(NamedTuple):
    """What the catalogue's version is made of (one row of one statement)."""

    editions: int  # catalogue_version's counters (0022): the judged tables the record reads
    units: int
    innovations: int
    ceremony_revisions: int
    ceremony_updated: object
    publications: int
    publication_updated: object
    photos: int
    photo_updated: object
    documents: int
    document_updated: object


def version_row(session: Session) -> Version:
    """Return the parts of the catalogue's version, in one small statement."""
    row = session.execute(
        select(
            select(CatalogueVersion.editions).where(CatalogueVersion.id == 1).scalar_subquery(),
            select(CatalogueVersion.units).where(CatalogueVersion.id == 1).scalar_subquery(),
            select(CatalogueVersion.innovations).where(CatalogueVersion.id == 1).scalar_subquery(),
            select(func.coalesce(func.sum(Ceremony.revision), 0)).scalar_subquery(),
            select(func.max(Ceremony.updated_at)).scalar_subquery(),
            select(func.count()).select_from(CataloguePublication).scalar_subquery(),
            select(func.max(CataloguePublication.updated_at)).scalar_subquery(),
            select(func.count()).select_from(InnovationPhoto).scalar_subquery(),
            select(func.max(InnovationPhoto.updated_at)).scalar_subquery(),
            select(func.count()).select_from(InnovationDocument).scalar_subquery(),
            select(func.max(InnovationDocument.uploaded_at)).scalar_subquery(),
        )
    ).one()
    return Version(*row)


def digest(parts: Version) -> str:
    """Return the short hex string a version's parts are known by."""
    return hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:16]


def catalogue_version(session: Session) -> str:
    """Return the catalogue's version: one small statement, a short hex string.

    It moves whenever anything a catalogue page shows may have changed: an edition, a unit
    or an innovation written (the catalogue's own counters, migration 0022; a score saved
    moves none of them), a ceremony step or approval (revisions), a publication, a photo
    or a proposal PDF (their counts and latest times).
    """
    return digest(version_row(session))


class Published(NamedTuple):
    """A published edition's row as `fingerprints` reads it (what its part depends on)."""

    id: int
    code: str
    name: str
    is_demo: bool
    # What `edition_year` reads (it is given this row): keep the two in step.
    submission_start: date | None
    submission_end: date | None
    proposal_start: date | None
    report_date: date | None
    ceremony_date: date | None
    created_at: datetime
    published_at: datetime
    updated_at: datetime
    show_finalists: bool
    show_innovators: bool
    show_documents: bool
    ceremony_revision: int | None  # every step, approval or photo on screen moves it
    photos: tuple[int, datetime | None]  # its innovations' photos: count, latest
    documents: tuple[int, datetime | None]  # their proposal PDFs: count, latest
    innovations: int  # the catalogue's counters (0022) when read
    units: int


def fingerprints(session: Session, stamp: Version) -> dict[int, Published]:
    """Return, per published edition (id), what its part of the record depends on.

    One grouped statement: the edition's row, its publication's switches, its ceremony's
    revision, its photos' and documents' counts and latest times; with the catalogue's
    counters of innovations and units (a write to either may change any edition's part).
    """
    photos = (
        select(
            Innovation.edition_id.label("edition_id"),
            func.count().label("n"),
            func.max(InnovationPhoto.updated_at).label("last"),
        )
        .join(Innovation, Innovation.id == InnovationPhoto.innovation_id)
        .group_by(Innovation.edition_id)
        .subquery()
    )
    documents = (
        select(
            Innovation.edition_id.label("edition_id"),
            func.count().label("n"),
            func.max(InnovationDocument.uploaded_at).label("last"),
        )
        .join(Innovation, Innovation.id == InnovationDocument.innovation_id)
        .group_by(Innovation.edition_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Edition.id,
            Edition.code,
            Edition.name,
            Edition.is_demo,
            Edition.submission_start,
            Edition.submission_end,
            Edition.proposal_start,
            Edition.report_date,
            Edition.ceremony_date,
            Edition.created_at,
            CataloguePublication.published_at,
            CataloguePublication.updated_at,
            CataloguePublication.show_finalists,
            CataloguePublication.show_innovators,
            CataloguePublication.show_documents,
            Ceremony.revision,
            photos.c.n,
            photos.c.last,
            documents.c.n,
            documents.c.last,
        )
        .join(CataloguePublication, CataloguePublication.edition_id == Edition.id)
        .outerjoin(Ceremony, Ceremony.edition_id == Edition.id)
        .outerjoin(photos, photos.c.edition_id == Edition.id)
        .outerjoin(documents, documents.c.edition_id == Edition.id)
    ).all()
    return {
        row[0]: Published._make(
            (
                *row[:16],
                (row[16] or 0, row[17]),
                (row[18] or 0, row[19]),
                stamp.innovations,
                stamp.units,
            )
        )
        for row in rows
    }
