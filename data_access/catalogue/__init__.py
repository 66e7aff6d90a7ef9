"""The public catalogue (Katalog Inovasi): the record of every published edition.

publication (which editions are public, and what the committee chose to show of them),
record (the public record's types: an edition, an entry, the record, `fold`, the year),
entries (loading that record through the ceremony's public door, edition by edition),
version (the version it is cached by, and each published edition's fingerprint),
open_data (CSV, JSON and their schema), search (an address's filters, the matching
entries, one page),
screens (what the ceremony screens and /ringkasan say of it: published, the winners).
Callers use the names below: `from data_access import catalogue; catalogue.publish(...)`.
"""

from data_access.catalogue.entries import load_catalogue
from data_access.catalogue.publication import (
    SWITCHES,
    Publication,
    is_published,
    publication,
    publications,
    publish,
    unpublish,
)
from data_access.catalogue.record import (
    Catalogue,
    CatalogueEdition,
    CatalogueEntry,
    edition_year,
    fold,
)
from data_access.catalogue.screens import PublicWinner, public_winners, screen_marks
from data_access.catalogue.search import (
    PAGE_SIZE,
    UNIT_PAGE_SIZE,
    Filters,
    Results,
    facets,
    search,
)
from data_access.catalogue.version import catalogue_version

__all__ = [
    "PAGE_SIZE",
    "SWITCHES",
    "UNIT_PAGE_SIZE",
    "Catalogue",
    "CatalogueEdition",
    "CatalogueEntry",
    "Filters",
    "PublicWinner",
    "Publication",
    "Results",
    "catalogue_version",
    "edition_year",
    "facets",
    "fold",
    "is_published",
    "load_catalogue",
    "public_winners",
    "publication",
    "publications",
    "publish",
    "screen_marks",
    "search",
    "unpublish",
]
