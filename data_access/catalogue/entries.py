"""The catalogue's public record: every innovation of the published editions, public fields only.

`load_catalogue` reads, in a handful of statements, everything the public may know and
nothing else: titles, units (with their OPD), categories, years, summaries, photos'
captions, and, only through the ceremony's own door (`ceremony.public_awards`), the
awards once the reveal reached "all". The innovator's name, the finalists and the
proposal PDF are in an entry only when the committee published them. No score, juror,
rank or administrative status is ever read here, so none can leak from a page built on it.

What a record is cached by (`catalogue_version`) and what each edition's part depends on
(`fingerprints`) live in version.py; this module reads the rows those marks say changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.catalogue.record import (
    Catalogue,
    CatalogueEdition,
    CatalogueEntry,
    edition_year,
    fold,
)
from data_access.catalogue.version import Published, digest, fingerprints, version_row
from data_access.ceremony import public_awards
from data_access.ceremony.public import PublicAwards
from data_access.models import Innovation, InnovationDocument, InnovationPhoto, Unit


class _Unit(NamedTuple):
    """A unit as the catalogue reads it: plain values (ORM objects cost 0.1 ms per entry)."""

    id: int
    code: str
    name: str
    short_name: str | None
    parent_id: int | None


@dataclass(frozen=True)
class _Paths:
    """Every unit's path up to its OPD (the unit first), and its part of the search text."""

    stamp: int  # the units counter they were read at
    paths: dict[int, list[_Unit]]
    words: dict[int, str]


def _opd_paths(session: Session, stamp: int) -> _Paths:
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
    # Each unit's part of the search text (its path's names and codes), made once per unit.
    words = {
        unit_id: " ".join(f"{m.name} {m.short_name or ''} {m.code}" for m in path)
        for unit_id, path in paths.items()
    }
    return _Paths(stamp, paths, words)


@dataclass(frozen=True)
class _Piece:
    """One published edition's part of the record, and what it was made from.

    A later load keeps the whole part while the edition's `Published` row is the same,
    and otherwise each ingredient whose own mark did not move: the innovations' rows (the
    innovations counter), the awards (the ceremony's revision), the photos and documents
    (their counts and latest times), and each entry whose inputs are all the same.
    """

    published: Published
    edition: CatalogueEdition
    entries: tuple[CatalogueEntry, ...]  # winners first, then by title
    units: dict[str, tuple[str, str]]
    rows: list  # the innovations' rows (plain tuples)
    awards: PublicAwards
    photos: dict[int, tuple[str | None, datetime]]
    documents: frozenset[int]
    made: dict[int, tuple[tuple, CatalogueEntry]]  # innovation id -> (inputs, entry)
    by_key: dict[str, CatalogueEntry]
    opds: dict[str, str]  # this part's OPDs and categories, as `Catalogue` has them
    categories: dict[str, str]
    paths_stamp: int  # the units counter of the paths the entries were made with


@dataclass(frozen=True)
class _Memory:
    """What a later load may keep (load_catalogue's `previous`): each edition's part, by
    edition id, and the units' paths. The record holds it as an opaque value, so the record's
    types need not know the loader's."""

    pieces: dict[int, _Piece]
    paths: _Paths


def _entry_order(entry: CatalogueEntry) -> tuple:
    """Return where an entry stands in its edition: winners, finalists, then by title."""
    return (entry.award or 9, 0 if entry.finalist else 1, fold(entry.title), entry.code)


_ROW_COLUMNS = (
    Innovation.id,
    Innovation.edition_id,
    Innovation.code,
    Innovation.title,
    Innovation.unit_id,
    Innovation.innovator,
    Innovation.category,
    Innovation.summary,
    Innovation.continues,
)


def _grouped(pairs, editions: set[int]) -> dict[int, list]:
    """Return rows grouped by their edition (the second value), every edition present."""
    out: dict[int, list] = {edition_id: [] for edition_id in editions}
    for pair in pairs:
        out[pair[1]].append(pair)
    return out


def _read_rows(session: Session, editions: set[int]) -> dict[int, list]:
    """Return the innovations' rows of these editions, by edition."""
    if not editions:
        return {}
    found = session.execute(select(*_ROW_COLUMNS).where(Innovation.edition_id.in_(editions)))
    return _grouped((tuple(row) for row in found), editions)


def _read_photos(
    session: Session, editions: set[int]
) -> dict[int, dict[int, tuple[str | None, datetime]]]:
    """Return the photos' (caption, time) of these editions' innovations, by edition."""
    if not editions:
        return {}
    found = session.execute(
        select(
            InnovationPhoto.innovation_id,
            Innovation.edition_id,
            InnovationPhoto.caption,
            InnovationPhoto.updated_at,
        )
        .join(Innovation, Innovation.id == InnovationPhoto.innovation_id)
        .where(Innovation.edition_id.in_(editions))
    )
    return {
        edition_id: {row[0]: (row[2], row[3]) for row in rows}
        for edition_id, rows in _grouped(found, editions).items()
    }


def _read_documents(session: Session, editions: set[int]) -> dict[int, frozenset[int]]:
    """Return the innovations of these editions that have a proposal PDF, by edition."""
    if not editions:
        return {}
    found = session.execute(
        select(InnovationDocument.innovation_id, Innovation.edition_id)
        .join(Innovation, Innovation.id == InnovationDocument.innovation_id)
        .where(Innovation.edition_id.in_(editions))
    )
    return {
        edition_id: frozenset(row[0] for row in rows)
        for edition_id, rows in _grouped(found, editions).items()
    }


def _build_piece(
    session: Session,
    published: Published,
    old: _Piece | None,
    paths: _Paths,
    rows: list,
    photos: dict[int, tuple[str | None, datetime]],
    documents: frozenset[int],
) -> _Piece:
    """Make one edition's part, keeping from `old` every entry whose inputs are the same."""
    if old is not None and old.published.ceremony_revision == published.ceremony_revision:
        public = old.awards
    else:
        public = public_awards(session, published.code)
    edition = CatalogueEdition(
        code=published.code,
        name=published.name,
        year=edition_year(published),
        is_demo=published.is_demo,
        published_at=published.published_at,
        awards_public=public.complete,
        show_finalists=published.show_finalists,
        show_innovators=published.show_innovators,
        show_documents=published.show_documents,
    )
    kept = old.made if old is not None and old.paths_stamp == paths.stamp else {}
    made: dict[int, tuple[tuple, CatalogueEntry]] = {}
    units: dict[str, tuple[str, str]] = {}
    heading = (edition.code, edition.name, edition.year)
    for row in rows:
        innovation_id = row[0]
        inputs = (
            row,
            heading,
            public.awards.get(innovation_id),
            photos.get(innovation_id),
            edition.show_finalists and innovation_id in public.finalists,
            edition.show_documents and innovation_id in documents,
            edition.show_innovators,
        )
        path = paths.paths.get(row[4]) or []
        for member in path:
            if member.code not in units:
                units[member.code] = (member.name, member.short_name or "")
        before = kept.get(innovation_id)
        if before is not None and before[0] == inputs:
            made[innovation_id] = before
            continue
        made[innovation_id] = (inputs, _entry(inputs, path, paths))
    entries = tuple(sorted((entry for _inputs, entry in made.values()), key=_entry_order))
    opds: dict[str, str] = {}
    categories: dict[str, str] = {}
    for entry in entries:
        if entry.opd_code:
            opds.setdefault(entry.opd_code, entry.opd_name)
        if entry.category:
            categories.setdefault(fold(entry.category), entry.category)
    return _Piece(
        published=published,
        edition=edition,
        entries=entries,
        units=units,
        rows=rows,
        awards=public,
        photos=photos,
        documents=documents,
        made=made,
        by_key={entry.key: entry for entry in entries},
        opds=opds,
        categories=categories,
        paths_stamp=paths.stamp,
    )


def _entry(inputs: tuple, path: list[_Unit], paths: _Paths) -> CatalogueEntry:
    """Make one entry from its inputs (see `_build_piece`)."""
    row, (edition_code, edition_name, year), award, photo, finalist, document, innovators = inputs
    _id, _edition, code, title, unit_id, innovator, category, summary, continues = row
    unit = path[0] if path else None
    opd = path[-1] if path else None
    summary = (summary or "").strip()
    return CatalogueEntry(
        edition_code=edition_code,
        edition_name=edition_name,
        year=year,
        code=code,
        title=title,
        unit_code=unit.code if unit else "",
        unit_name=unit.name if unit else "",
        unit_short_name=(unit.short_name or "") if unit else "",
        opd_code=opd.code if opd else "",
        opd_name=opd.name if opd else "",
        category=(category or "").strip(),
        summary=summary,
        innovator=((innovator or "").strip() or None) if innovators else None,
        photo_caption=((photo[0] or "").strip() or None) if photo else None,
        photo_stamp=f"{photo[1]:%Y%m%d%H%M%S%f}" if photo else None,
        award=award[0] if award else None,
        award_tie=award[1] if award else False,
        finalist=finalist,
        has_document=document,
        continues=(continues or "").strip() or None,
        unit_path=tuple(member.code for member in path),
        search_text=fold(f"{code} {title} {summary} {paths.words.get(unit_id, '')}"),
    )


def load_catalogue(session: Session, previous: Catalogue | None = None) -> Catalogue:
    """Read the whole public record of every published edition (see the module's note).

    With `previous` (the record a process holds), only what changed since is read again:
    each published edition's part is kept whole while its `Published` row (one grouped
    statement for all) is the same, else rebuilt from the ingredients that moved
    (`_Piece`); the units' paths are kept while no unit was written. The answer is the
    same as a load from nothing (tests/test_catalogue.py checks it).
    """
    stamp = version_row(session)
    version = digest(stamp)
    if previous is not None and previous.version == version:
        return previous
    published = fingerprints(session, stamp)
    if not published:
        return Catalogue(version, (), (), {})
    memory = previous.memory if previous is not None else None
    kept = memory.pieces if isinstance(memory, _Memory) else {}
    paths = memory.paths if isinstance(memory, _Memory) else None
    if paths is None or paths.stamp != stamp.units:
        paths = _opd_paths(session, stamp.units)
    pieces: dict[int, _Piece] = {}
    changed: dict[int, _Piece | None] = {}
    for edition_id, row in published.items():
        old = kept.get(edition_id)
        if old is not None and old.published == row and old.paths_stamp == paths.stamp:
            pieces[edition_id] = old
        else:
            changed[edition_id] = old
    if changed:
        # Each ingredient read once for every edition that needs it (one statement each).
        rows = _read_rows(
            session,
            {
                e
                for e, old in changed.items()
                if old is None or old.published.innovations != published[e].innovations
            },
        )
        photos = _read_photos(
            session,
            {
                e
                for e, old in changed.items()
                if old is None or old.published.photos != published[e].photos
            },
        )
        documents = _read_documents(
            session,
            {
                e
                for e, old in changed.items()
                if old is None or old.published.documents != published[e].documents
            },
        )
        for edition_id, old in changed.items():
            pieces[edition_id] = _build_piece(
                session,
                published[edition_id],
                old,
                paths,
                rows[edition_id] if old is None or edition_id in rows else old.rows,
                photos[edition_id] if old is None or edition_id in photos else old.photos,
                documents[edition_id] if old is None or edition_id in documents else old.documents,
            )
    # Newest first: by year, then the edition made last (the larger id) first.
    order = sorted(pieces, key=lambda edition_id: (-pieces[edition_id].edition.year, -edition_id))
    entries = tuple(entry for edition_id in order for entry in pieces[edition_id].entries)
    units: dict[str, tuple[str, str]] = {}
    by_key: dict[str, CatalogueEntry] = {}
    opds: dict[str, str] = {}
    categories: dict[str, str] = {}
    for edition_id in order:
        piece = pieces[edition_id]
        units.update(piece.units)  # a unit's names are the same in every part
        by_key.update(piece.by_key)
        for code, name in piece.opds.items():  # the first in the record's order, as before
            opds.setdefault(code, name)
        for folded, category in piece.categories.items():
            categories.setdefault(folded, category)
    return Catalogue(
        version=version,
        editions=tuple(pieces[edition_id].edition for edition_id in order),
        entries=entries,
        units=units,
        by_key=by_key,
        memory=_Memory(pieces, paths),
        opds=opds,
        categories=categories,
    )
