"""What the ceremony screens read, beside the pages' figures (dashboard/data.py).

A screen's frame draws the ceremony as a screen may see it (revealed winners only), the
finalists, and whether the catalogue is public (with its winners once the awards are);
its state poll notes what it shows; the control page lists the screens heard of in the
last seconds. Every read and write opens its session here, as in data.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from dashboard import data
from dashboard.data import EditionRef, cache
from dashboard.page_data import ceremony_state, tallies
from dashboard.services import services
from dashboard.shared_cache import memoize_once
from data_access import catalogue, ceremony, kiosks, minutes, queries, screen
from data_access.models import utcnow

# A screen not heard of for this long counts as disconnected on the control page.
CONNECTED_WITHIN_S = 10


def screen_view(edition: EditionRef) -> tuple[ceremony.PublicView, queries.EditionInfo]:
    """Return the ceremony as a screen may see it (revealed winners only) and the edition."""
    with services().session() as db:
        return ceremony.public_view(db, edition.code), queries.get_edition(db, edition.code)


@dataclass(frozen=True)
class ScreenCatalogue:
    """What a screen may say of the catalogue: whether the edition is public, and who won."""

    published: bool
    # Empty until the reveal reached "all" (ceremony.public_awards), and when not asked for.
    winners: tuple[catalogue.PublicWinner, ...] = ()


def screen_catalogue(edition: EditionRef, *, winners: bool) -> ScreenCatalogue:
    """Return whether the edition is published and, when asked and public, its winners."""
    with services().session() as db:
        published = catalogue.is_published(db, edition.code)
        found = catalogue.public_winners(db, edition.code) if published and winners else ()
    return ScreenCatalogue(published, found)


@memoize_once(cache)
def finalists(edition: EditionRef, version: int, approval: int | None) -> list[screen.Finalist]:
    """Return the finalists (approved ones once approved), with their units' names."""
    state = ceremony_state(edition)
    if state.snapshot is not None:
        return screen.approved_finalists(state.snapshot)
    live_ids = tallies(edition, version).finalist_ids
    with services().session() as db:
        return screen.live_finalists(db, edition.id, live_ids)


def photo(innovation_id: int, *, any_photo: bool) -> tuple[str, bytes] | None:
    """Return an innovation's photo once its award is revealed (any, for the committee)."""
    with services().session() as db:
        return screen.shown_photo(db, innovation_id, any_photo=any_photo)


def logos(edition: EditionRef) -> dict[str, int]:
    """Return the edition's logos present, each with the stamp its screen address carries."""
    with services().session() as db:
        return minutes.logo_stamps(db, edition.code)


def logo(asked: str | None, screen_id: int | None, kind: str) -> tuple[str, bytes] | None:
    """Return a logo of the edition a screen shows (its own, for a screen's token), or None.

    Only the logos: the letterhead is the committee's (GET /berita-acara/gambar/kop).
    """
    if kind not in minutes.LOGO_KINDS:
        return None
    edition = data.watch_screen(asked, screen_id).edition
    if edition is None:
        return None
    with services().session() as db:
        return minutes.get_image(db, edition.code, kind)


def record_presence(screen_id: int, shown: str, edition: EditionRef | None) -> bool:
    """Note what a screen shows; False when a busy database deferred the write to a later poll."""
    with services().session() as db:
        try:
            kiosks.record_seen(
                db, screen_id, shown=shown, edition_code=edition.code if edition else None
            )
            db.commit()
        except SQLAlchemyError:
            db.rollback()  # a busy database must not cost the screen its frame
            return False
    return True


def connected_screens(now: datetime | None = None) -> list[tuple[kiosks.Screen, bool]]:
    """Return every registered screen and whether it was heard of in the last seconds."""
    now = now or utcnow()
    with services().session() as db:
        screens = kiosks.list_screens(db)
    return [
        (
            each,
            each.last_seen_at is not None
            and (now - each.last_seen_at).total_seconds() <= CONNECTED_WITHIN_S,
        )
        for each in screens
    ]
