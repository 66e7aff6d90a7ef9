"""Which editions are public in /katalog, and what the committee chose to show of them.

Nothing of an edition reaches the catalogue until the committee publishes it (from the
console's catalogue page or `python -m data_access catalogue publish`); unpublishing takes
it away again. Each change is one row of the audit record, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from data_access import audit, queries
from data_access.models import CataloguePublication, Edition, utcnow

# The committee's choices, by the names the command line and the page use.
SWITCHES = ("show_finalists", "show_innovators", "show_documents")


@dataclass(frozen=True)
class Publication:
    """An edition in the catalogue: when, by whom, and what it shows beyond the basics."""

    edition_code: str
    edition_name: str
    published_at: datetime
    published_by: str
    updated_at: datetime
    show_finalists: bool
    show_innovators: bool
    show_documents: bool


def _publication(row: CataloguePublication, edition: Edition) -> Publication:
    return Publication(
        edition_code=edition.code,
        edition_name=edition.name,
        published_at=row.published_at,
        published_by=row.published_by,
        updated_at=row.updated_at,
        show_finalists=row.show_finalists,
        show_innovators=row.show_innovators,
        show_documents=row.show_documents,
    )


def publications(session: Session) -> list[Publication]:
    """Return every published edition, newest edition first."""
    rows = session.execute(
        select(CataloguePublication, Edition)
        .join(Edition, Edition.id == CataloguePublication.edition_id)
        .order_by(Edition.id.desc())
    ).all()
    return [_publication(row, edition) for row, edition in rows]


def publication(session: Session, code: str) -> Publication | None:
    """Return how the edition is published, or None when it is not public."""
    found = session.execute(
        select(CataloguePublication, Edition)
        .join(Edition, Edition.id == CataloguePublication.edition_id)
        .where(Edition.code == code)
    ).one_or_none()
    return None if found is None else _publication(*found)


def is_published(session: Session, code: str) -> bool:
    """Return True when the edition is public in the catalogue."""
    return publication(session, code) is not None


def publish(
    session: Session,
    code: str,
    *,
    by: str,
    show_finalists: bool | None = None,
    show_innovators: bool | None = None,
    show_documents: bool | None = None,
) -> Publication:
    """Make the edition public (or change what it shows); a switch left None keeps its value.

    A first publication starts with every switch off (titles, units, summaries, photos and,
    after the reveal, the awards only). Raises EditionNotFound for an unknown code.
    """
    edition_info = queries.get_edition(session, code)
    row = session.get(CataloguePublication, edition_info.id)
    first = row is None
    now = utcnow()
    if row is None:
        row = CataloguePublication(
            edition_id=edition_info.id,
            published_at=now,
            published_by=by[:80],
            show_finalists=False,
            show_innovators=False,
            show_documents=False,
        )
        session.add(row)
    wanted = {
        "show_finalists": show_finalists,
        "show_innovators": show_innovators,
        "show_documents": show_documents,
    }
    changed = {name: value for name, value in wanted.items() if value is not None}
    if not first and all(getattr(row, name) == value for name, value in changed.items()):
        return _publication(row, session.get_one(Edition, edition_info.id))
    for name, value in changed.items():
        setattr(row, name, value)
    row.updated_at = now
    session.flush()
    audit.record(
        session,
        audit.CATALOGUE_PUBLISHED if first else audit.CATALOGUE_SETTINGS,
        by=by,
        edition=code,
        subject=code,
        show_finalists=bool(row.show_finalists),
        show_innovators=bool(row.show_innovators),
        show_documents=bool(row.show_documents),
    )
    return _publication(row, session.get_one(Edition, edition_info.id))


def unpublish(session: Session, code: str, *, by: str) -> bool:
    """Take the edition out of the catalogue; return False when it was not public."""
    edition = queries.get_edition(session, code)
    done = session.execute(
        delete(CataloguePublication).where(CataloguePublication.edition_id == edition.id)
    )
    gone = int(cast(CursorResult[Any], done).rowcount or 0)
    if gone:
        audit.record(session, audit.CATALOGUE_UNPUBLISHED, by=by, edition=code, subject=code)
    return bool(gone)
