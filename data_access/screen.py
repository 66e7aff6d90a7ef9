"""What the ceremony screen reads beyond the shared report: finalists by name, winners' photos.

The screen is public in the hall: a finalist is shown by title and unit only (no score,
no rank), and a photo only once its innovation's award has been revealed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import ceremony
from data_access.models import Edition, Innovation, Unit


@dataclass(frozen=True)
class Finalist:
    """A finalist as the finalists slide shows it: no score, no order but the alphabet."""

    title: str
    unit_name: str


def approved_finalists(snapshot: ceremony.Snapshot) -> list[Finalist]:
    """Return the finalists the committee approved, from the snapshot."""
    return [Finalist(row["title"], row["unit_name"]) for row in snapshot.rows if row["finalist"]]


def live_finalists(session: Session, edition_id: int, ids: Iterable[int]) -> list[Finalist]:
    """Return the given innovations of the edition (the live finalists) with their units' names."""
    rows = session.execute(
        select(Innovation.title, Unit.name)
        .join(Unit, Unit.id == Innovation.unit_id)
        .where(Innovation.edition_id == edition_id, Innovation.id.in_(list(ids)))
    )
    return [Finalist(title, unit) for title, unit in rows]


def shown_photo(
    session: Session, innovation_id: int, *, any_photo: bool
) -> tuple[str, bytes] | None:
    """Return an innovation's photo (type, bytes) once its award is revealed, else None.

    `any_photo` (the committee previewing) skips the reveal check, never the edition's.
    """
    code = session.execute(
        select(Edition.code)
        .join(Innovation, Innovation.edition_id == Edition.id)
        .where(Innovation.id == innovation_id)
    ).scalar_one_or_none()
    if code is None:
        return None
    if not any_photo and innovation_id not in ceremony.revealed_innovation_ids(session, code):
        return None
    return ceremony.get_photo(session, innovation_id)
