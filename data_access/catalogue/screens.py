"""What the ceremony screens and /ringkasan may say of the catalogue: is it public, who won.

A screen shows a QR code to the catalogue only while its edition is published (a link to
a page that answers 404 helps no one), and the rotation's "katalog" slide names the
winners only once the reveal has reached "all": through `ceremony.public_awards`, the
same door as the catalogue's own pages, never the live ranking. No score, no rank, no
innovator leaves here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, exists, select
from sqlalchemy.orm import Session

from data_access.ceremony import get_state, public_awards
from data_access.models import CataloguePublication, Ceremony, Edition


@dataclass(frozen=True)
class PublicWinner:
    """A winner as the public record names it: the level, the title and the unit, no more."""

    level: int
    tie: bool
    code: str
    title: str
    unit_name: str


def screen_marks(session: Session | Connection, code: str) -> tuple[int, bool]:
    """Return the edition's ceremony revision and whether it is published, in one statement.

    A screen polls these: a reveal step moves the first, a publication the second, and
    either one redraws the screen (with or without its QR code).
    """
    edition_id = select(Edition.id).where(Edition.code == code).scalar_subquery()
    revision, published = session.execute(
        select(
            select(Ceremony.revision).where(Ceremony.edition_id == edition_id).scalar_subquery(),
            exists().where(CataloguePublication.edition_id == edition_id),
        )
    ).one()
    return int(revision or 0), bool(published)


def public_winners(session: Session, code: str) -> tuple[PublicWinner, ...]:
    """Return the edition's winners (Juara I first) once its awards are public, else ().

    Which innovations won comes from `public_awards` (empty before the reveal reached
    "all"); their titles and units as the approved results name them, as the ceremony
    showed them.
    """
    awards = public_awards(session, code).awards
    if not awards:
        return ()
    snapshot = get_state(session, code).snapshot
    rows = snapshot.rows if snapshot is not None else []
    winners = [
        PublicWinner(
            level=awards[row["innovation_id"]][0],
            tie=awards[row["innovation_id"]][1],
            code=str(row["code"]),
            title=str(row["title"]),
            unit_name=str(row["unit_name"]),
        )
        for row in rows
        if row["innovation_id"] in awards
    ]
    # Ranking order within a level already; Juara I first.
    return tuple(sorted(winners, key=lambda w: w.level))
