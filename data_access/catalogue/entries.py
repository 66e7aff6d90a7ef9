"""The catalogue's public record: every innovation of the published editions, public fields only.

`load_catalogue` reads, in a handful of statements, everything the public may know and
nothing else: titles, units (with their OPD), categories, years, summaries, photos'
captions, and, only through the ceremony's own door (`ceremony.public_awards`), the
awards once the reveal reached "all". The innovator's name, the finalists and the
proposal PDF are in an entry only when the committee published them. No score, juror,
rank or administrative status is ever read here, so none can leak from a page built on it.

`catalogue_version` is the mark every catalogue page is cached and tagged by (ETag): it
moves with the judged data, the ceremonies, the publications, the photos and the PDFs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.ceremony import public_awards
from data_access.models import (
    CataloguePublication,
    Ceremony,
    DataVersion,
    Edition,
    Innovation,
    InnovationDocument,
    InnovationPhoto,
    Unit,
)

_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")


def fold(text: str) -> str:
    """Return text as search compares it: accents and case ignored ("Kesehatan" ~ "késehatan").

    ASCII text (nearly all of it) has no accent to strip and folds as lower case: the
    character-by-character walk below cost 0.3 s per 5,000 innovations loaded.
    """
    if text.isascii():
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def edition_year(edition: Edition) -> int:
    """Return the year an edition belongs to: the one its name states, else its first date's.

    The same rule as the ceremony screens and the minutes (`data_access.minutes.edition_year`):
    "KIPP Kabupaten Kudus 2022" with its ceremony moved into January 2023 is 2022's edition,
    on the kiosk and in the catalogue alike.
    """
    named = {m.group(0) for m in _YEAR.finditer(edition.name)}
    if len(named) == 1:
        return int(named.pop())
    for day in (
        edition.submission_start,
        edition.submission_end,
        edition.proposal_start,
        edition.report_date,
        edition.ceremony_date,
    ):
        if isinstance(day, date):
            return day.year
    found = _YEAR.search(f"{edition.name} {edition.code}")
    if found:
        return int(found.group(0))
    return edition.created_at.year


@dataclass(frozen=True)
class CatalogueEdition:
    """A published edition as the public sees it."""

    code: str
    name: str
    year: int
    is_demo: bool
    published_at: datetime
    # True once the reveal reached "all": the awards (and finalists, if shown) are public.
    awards_public: bool
    show_finalists: bool
    show_innovators: bool
    show_documents: bool


@dataclass(frozen=True)
class CatalogueEntry:
    """One innovation of a published edition: only what the public may read."""

    edition_code: str
    edition_name: str
    year: int
    code: str
    title: str
    unit_code: str
    unit_name: str
    unit_short_name: str
    opd_code: str  # the unit's OPD (itself when it has no parent)
    opd_name: str
    category: str
    summary: str
    innovator: str | None  # None: the committee did not publish innovators' names
    photo_caption: str | None  # None: no photo
    photo_stamp: str | None  # changes with the photo (its address carries it for caching)
    award: int | None  # Juara level, once public
    award_tie: bool
    finalist: bool  # only when the committee shows finalists, after the reveal
    has_document: bool  # a public proposal PDF
    continues: str | None  # "EDITION:CODE" of the same innovation in an earlier edition
    # The units this entry belongs to (its own, its parents'): the OPD filter matches any.
    unit_path: tuple[str, ...] = ()
    search_text: str = field(default="", repr=False)

    @property
    def key(self) -> str:
        """Return "EDITION:CODE", the form `continues` uses."""
        return f"{self.edition_code}:{self.code}"

    @property
    def has_photo(self) -> bool:
        """Return True when the innovation has a photo."""
        return self.photo_stamp is not None

    @property
    def photo_alt(self) -> str:
        """Return the photo's text for screen readers: its caption, else the title."""
        return self.photo_caption or self.title


@dataclass(frozen=True)
class Catalogue:
    """The whole public record, as loaded for one catalogue version."""

    version: str
    editions: tuple[CatalogueEdition, ...]  # newest first
    entries: tuple[CatalogueEntry, ...]  # newest edition first, winners first, then by title
    units: dict[str, tuple[str, str]]  # unit code -> (name, short name), units with entries
    by_key: dict[str, CatalogueEntry] = field(default_factory=dict, repr=False)

    def edition(self, code: str) -> CatalogueEdition | None:
        """Return the published edition with this code, or None."""
        return next((e for e in self.editions if e.code == code), None)

    def entry(self, edition_code: str, code: str) -> CatalogueEntry | None:
        """Return one innovation of a published edition, or None."""
        return self.by_key.get(f"{edition_code}:{code}")

    def lineage(self, entry: CatalogueEntry) -> list[CatalogueEntry]:
        """Return the same innovation in the other published editions, oldest first.

        Follows `continues` back (what this one continues) and forward (what continues
        it), through published editions only; a link to an unpublished or unknown
        innovation is a dead end, never shown.
        """
        found: dict[str, CatalogueEntry] = {entry.key: entry}
        earlier = entry
        while earlier.continues and earlier.continues not in found:
            previous = self.by_key.get(earlier.continues)
            if previous is None:
                break
            found[previous.key] = previous
            earlier = previous
        followers: dict[str, list[CatalogueEntry]] = {}
        for candidate in self.entries:
            if candidate.continues:
                followers.setdefault(candidate.continues, []).append(candidate)
        queue = [entry.key]
        while queue:
            for later in followers.get(queue.pop(), []):
                if later.key not in found:
                    found[later.key] = later
                    queue.append(later.key)
        others = [e for e in found.values() if e.key != entry.key]
        return sorted(others, key=lambda e: (e.year, e.edition_code, e.code))


def catalogue_version(session: Session) -> str:
    """Return the catalogue's version: one small statement, a short hex string.

    It moves whenever anything a catalogue page shows may have changed: judged data (the
    data version), a ceremony step or approval (revisions), a publication, a photo or a
    proposal PDF (their counts and latest times).
    """
    row = session.execute(
        select(
            select(DataVersion.version).where(DataVersion.id == 1).scalar_subquery(),
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
    return hashlib.sha256(repr(tuple(row)).encode()).hexdigest()[:16]


class _Unit(NamedTuple):
    """A unit as the catalogue reads it: plain values (ORM objects cost 0.1 ms per entry)."""

    id: int
    code: str
    name: str
    short_name: str | None
    parent_id: int | None


def _opd_paths(session: Session) -> dict[int, list[_Unit]]:
    """Return each unit's path up to its OPD, the unit first (a parent cycle stops the walk)."""
    units = {
        row.id: _Unit(*row)
        for row in session.execute(
            select(Unit.id, Unit.code, Unit.name, Unit.short_name, Unit.parent_id)
        )
    }
    paths: dict[int, list[_Unit]] = {}
    for unit in units.values():
        path = [unit]
        seen = {unit.id}
        parent_id = unit.parent_id
        while parent_id is not None and parent_id in units and parent_id not in seen:
            seen.add(parent_id)
            path.append(units[parent_id])
            parent_id = units[parent_id].parent_id
        paths[unit.id] = path
    return paths


def load_catalogue(session: Session) -> Catalogue:
    """Read the whole public record of every published edition (see the module's note)."""
    version = catalogue_version(session)
    published = session.execute(
        select(Edition, CataloguePublication)
        .join(CataloguePublication, CataloguePublication.edition_id == Edition.id)
        .order_by(Edition.id.desc())
    ).all()
    if not published:
        return Catalogue(version, (), (), {})
    editions: dict[int, CatalogueEdition] = {}
    awards = {}
    for found, pub in published:
        public = public_awards(session, found.code)
        awards[found.id] = public
        editions[found.id] = CatalogueEdition(
            code=found.code,
            name=found.name,
            year=edition_year(found),
            is_demo=found.is_demo,
            published_at=pub.published_at,
            awards_public=public.complete,
            show_finalists=pub.show_finalists,
            show_innovators=pub.show_innovators,
            show_documents=pub.show_documents,
        )
    paths = _opd_paths(session)
    # Each unit's part of the search text (its path's names and codes), made once per unit.
    path_words = {
        unit_id: [f"{m.name} {m.short_name or ''} {m.code}" for m in path]
        for unit_id, path in paths.items()
    }
    photo_rows = session.execute(
        select(InnovationPhoto.innovation_id, InnovationPhoto.caption, InnovationPhoto.updated_at)
        .join(Innovation, Innovation.id == InnovationPhoto.innovation_id)
        .where(Innovation.edition_id.in_(editions))
    ).all()
    photos = {row.innovation_id: (row.caption, row.updated_at) for row in photo_rows}
    documents = set(
        session.execute(
            select(InnovationDocument.innovation_id)
            .join(Innovation, Innovation.id == InnovationDocument.innovation_id)
            .where(Innovation.edition_id.in_(editions))
        ).scalars()
    )
    rows = session.execute(
        select(
            Innovation.id,
            Innovation.edition_id,
            Innovation.code,
            Innovation.title,
            Innovation.unit_id,
            Innovation.innovator,
            Innovation.category,
            Innovation.summary,
            Innovation.continues,
        ).where(Innovation.edition_id.in_(editions))
    ).all()
    entries: list[CatalogueEntry] = []
    units: dict[str, tuple[str, str]] = {}
    for row in rows:
        edition = editions[row.edition_id]
        public = awards[row.edition_id]
        path = paths.get(row.unit_id) or []
        unit = path[0] if path else None
        opd = path[-1] if path else None
        award = public.awards.get(row.id)
        photo = photos.get(row.id)
        summary = (row.summary or "").strip()
        for member in path:
            units.setdefault(member.code, (member.name, member.short_name or ""))
        entry = CatalogueEntry(
            edition_code=edition.code,
            edition_name=edition.name,
            year=edition.year,
            code=row.code,
            title=row.title,
            unit_code=unit.code if unit else "",
            unit_name=unit.name if unit else "",
            unit_short_name=(unit.short_name or "") if unit else "",
            opd_code=opd.code if opd else "",
            opd_name=opd.name if opd else "",
            category=(row.category or "").strip(),
            summary=summary,
            innovator=((row.innovator or "").strip() or None) if edition.show_innovators else None,
            photo_caption=((photo[0] or "").strip() or None) if photo else None,
            photo_stamp=f"{photo[1]:%Y%m%d%H%M%S%f}" if photo else None,
            award=award[0] if award else None,
            award_tie=award[1] if award else False,
            finalist=edition.show_finalists and row.id in public.finalists,
            has_document=edition.show_documents and row.id in documents,
            continues=(row.continues or "").strip() or None,
            unit_path=tuple(member.code for member in path),
            search_text=fold(
                " ".join(
                    [
                        row.code,
                        row.title,
                        summary,
                        *path_words.get(row.unit_id, ()),
                    ]
                )
            ),
        )
        entries.append(entry)
    order = {edition_id: position for position, edition_id in enumerate(editions)}
    id_of = {e.code: edition_id for edition_id, e in editions.items()}
    entries.sort(
        key=lambda e: (
            -editions[id_of[e.edition_code]].year,
            order[id_of[e.edition_code]],
            e.award or 9,
            0 if e.finalist else 1,
            fold(e.title),
            e.code,
        )
    )
    return Catalogue(
        version=version,
        editions=tuple(sorted(editions.values(), key=lambda e: (-e.year, order[id_of[e.code]]))),
        entries=tuple(entries),
        units=units,
        by_key={entry.key: entry for entry in entries},
    )
