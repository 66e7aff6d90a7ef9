"""The public catalogue (Katalog Inovasi): the record of every published edition.

publication (which editions are public, and what the committee chose to show of them),
entries (the public record itself, loaded through the ceremony's public door, and the
version it is cached by), search (an address's filters, the matching entries, one page),
screens (what the ceremony screens and /ringkasan say of it: published, the winners).
Callers use the names below: `from data_access import catalogue; catalogue.publish(...)`.
"""

from data_access.catalogue.entries import (
    Catalogue,
    CatalogueEdition,
    CatalogueEntry,
    catalogue_version,
    edition_year,
    fold,
    load_catalogue,
)
from data_access.catalogue.publication import (
    SWITCHES,
    Publication,
    is_published,
    publication,
    publications,
    publish,
    unpublish,
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
