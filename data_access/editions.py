"""The edition shown where none is named: one rule for the dashboard, /kendali, /kiosk and the CLI.

Importing a second edition (a rehearsal, next year's) must not pull the hall's screens or
the committee's pages away from the ceremony under way, so the default is, in this order:

1. an edition whose reveal is in progress (its ceremony's step is past `rotation`),
2. an edition whose results are approved,
3. any edition;

newest first (created_at, then id) within each. A ceremony's approval or step does not
move the data version, so a cache of the default is keyed by `ceremony_fingerprint` too.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Connection, and_, case, func, select
from sqlalchemy.orm import Session

from data_access.ceremony import ROTATION
from data_access.models import CatalogueVersion, Ceremony, DataVersion, Edition


def default_edition_code(session: Session) -> str | None:
    """Return the code of the edition shown when none is named, or None without editions."""
    order = case(
        (and_(Ceremony.step.is_not(None), Ceremony.step != ROTATION), 0),
        (and_(Ceremony.approved_at.is_not(None), Ceremony.snapshot.is_not(None)), 1),
        else_=2,
    )
    statement = (
        select(Edition.code)
        .outerjoin(Ceremony, Ceremony.edition_id == Edition.id)
        .order_by(order, Edition.created_at.desc(), Edition.id.desc())
        .limit(1)
    )
    return session.execute(statement).scalar_one_or_none()


def _fingerprint():
    # Every accepted change of a ceremony row adds one to its revision, and a row goes away
    # only with its edition (which moves the data version): the sum moves with every change.
    return select(func.coalesce(func.sum(Ceremony.revision), 0)).scalar_subquery()


def ceremony_fingerprint(session: Session) -> int:
    """Return a number that moves whenever any edition's ceremony changes (one tiny read)."""
    return int(session.execute(select(_fingerprint())).scalar_one())


class WatchNumbers(NamedTuple):
    """What a worker watches, read in one statement several times a second."""

    version: int  # the data version: moves with every write to the judged data
    ceremonies: int  # ceremony_fingerprint: moves with every ceremony change
    # The editions' definitions' counter (catalogue_version.editions + .stages, migrations
    # 0022 and 0023): moves with every write to the editions or stages tables and nothing
    # else, so the editions list and what a page reads of an edition (its deadline, zone,
    # presentation stage) are read again only when they may have changed, not at every
    # score saved.
    editions: int


# Built once: the pages' ticks and the news watcher read it several times a second.
WATCH_NUMBERS = select(
    DataVersion.version,
    _fingerprint(),
    select(CatalogueVersion.editions + CatalogueVersion.stages)
    .where(CatalogueVersion.id == 1)
    .scalar_subquery(),
).where(DataVersion.id == 1)


def watch_numbers(session: Session | Connection) -> WatchNumbers:
    """Return the data version, the ceremony fingerprint and the editions' counter, in one
    statement."""
    version, ceremonies, editions = session.execute(WATCH_NUMBERS).one()
    return WatchNumbers(int(version), int(ceremonies), int(editions))
