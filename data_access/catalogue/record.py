"""The catalogue's public record as its readers see it: an edition, an entry, the record.

What the pages, the open data, the search and the screens hold: public fields only (no
score, juror, rank or administrative status exists here to leak), the same innovation
across editions (`Catalogue.lineage`), and the two rules the record is read by: `fold`
(how search compares text) and `edition_year`. entries.py loads a record; version.py
says when a record held is out of date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from data_access.minutes import edition_year as minutes_edition_year

if TYPE_CHECKING:
    from datetime import datetime

    from data_access.catalogue.version import Published
    from data_access.models import Edition

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


def edition_year(edition: Edition | Published) -> int:
    """Return the year an edition belongs to in the catalogue: `minutes.edition_year`'s rule
    (the name's year, else the first date's), else a year in its code, else its creation's.

    The same year as the ceremony screens and the minutes: "KIPP Kabupaten Kudus 2022"
    with its ceremony moved into January 2023 is 2022's edition everywhere.
    """
    found = minutes_edition_year(edition)
    if found is not None:
        return found
    coded = _YEAR.search(edition.code)
    return int(coded.group(0)) if coded else edition.created_at.year


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
    # What a later load may keep (entries.load_catalogue's own memory, opaque here).
    memory: object = field(default=None, repr=False, compare=False)
    # The filter form's choices, made once per edition's part (search.facets reads them):
    # OPD code -> name, and folded category -> the category as first written.
    opds: dict[str, str] = field(default_factory=dict, repr=False)
    categories: dict[str, str] = field(default_factory=dict, repr=False)

    def edition(self, code: str) -> CatalogueEdition | None:
        """Return the published edition with this code, or None."""
        return next((e for e in self.editions if e.code == code), None)

    def entry(self, edition_code: str, code: str) -> CatalogueEntry | None:
        """Return one innovation of a published edition, or None."""
        return self.by_key.get(f"{edition_code}:{code}")

    @cached_property
    def _followers(self) -> dict[str, list[CatalogueEntry]]:
        """Return, per "EDITION:CODE", the entries that continue it (made once per record)."""
        followers: dict[str, list[CatalogueEntry]] = {}
        for candidate in self.entries:
            if candidate.continues:
                followers.setdefault(candidate.continues, []).append(candidate)
        return followers

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
        followers = self._followers
        queue = [entry.key]
        while queue:
            for later in followers.get(queue.pop(), []):
                if later.key not in found:
                    found[later.key] = later
                    queue.append(later.key)
        others = [e for e in found.values() if e.key != entry.key]
        return sorted(others, key=lambda e: (e.year, e.edition_code, e.code))
