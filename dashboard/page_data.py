"""What the pages draw, computed once per data version (and clock bucket, or ceremony revision).

Each loader takes the `EditionRef` that dashboard/data.py resolved and the version it
watched, and is memoized in data.py's shared cache (dashboard/shared_cache.py): one
computation per version serves every viewer and worker. The few that are not cached say
why (a step or a profile moves no data version).
"""

from __future__ import annotations

from datetime import datetime

from dashboard.auth import OUTSIDE_TRANSACTION
from dashboard.data import CLOCK_BUCKET_S, EditionRef, _session, cache, one_read, watched_numbers
from dashboard.shared_cache import compute_ahead, memoize_once
from data_access import ceremony, committee, page_queries, queries
from data_access.accounts import signatory
from data_access.approval import ApprovalComparison, approval_comparison
from data_access.models import utcnow
from data_access.overview import EditionOverview, edition_overview
from data_access.page_queries import ParticipationEdition
from data_access.participation import Participation
from data_access.reports import (
    EditionReport,
    EditionStanding,
    EditionTallies,
    JurorTallies,
    ProgressReport,
    edition_tallies,
    juror_tallies,
    participation_for,
    progress_from,
    standing_from,
)


def _clock_bucket(now: datetime) -> int:
    return int(now.timestamp()) // CLOCK_BUCKET_S


@memoize_once(cache)
def tallies(edition: EditionRef, version: int) -> EditionTallies:
    """Return what the edition's ranking and progress are drawn from, at this data version.

    The SQL of a version's figures: one computation per version serves every page. A page
    that shows no place (progress, the schedule, the screens' finalists) stops here.
    """
    with _session() as db:
        return edition_tallies(db, edition.code)


@memoize_once(cache)
def standing(edition: EditionRef, version: int) -> EditionStanding:
    """Return the edition's ranking at this data version, drawn from its tallies."""
    return standing_from(tallies(edition, version))


@memoize_once(cache)
def _juror_tallies(edition: EditionRef, version: int, bucket: int) -> JurorTallies:
    with _session() as db:
        return juror_tallies(db, queries.get_edition(db, edition.code), now=utcnow())


@memoize_once(cache)
def _progress(edition: EditionRef, version: int, bucket: int) -> ProgressReport:
    # The jurors' tallies are a statement of their own: the database runs it beside the
    # edition's tallies (a national edition: some 70 and 105 ms) instead of after them.
    compute_ahead(_juror_tallies, edition, version, bucket)
    shared = tallies(edition, version)
    return progress_from(shared, _juror_tallies(edition, version, bucket))


def progress(edition: EditionRef, version: int) -> ProgressReport:
    """Return the edition's judging progress at this data version (and clock bucket)."""
    return _progress(edition, version, _clock_bucket(utcnow()))


def report(edition: EditionRef, version: int) -> EditionReport:
    """Return ranking and progress of an edition at this data version."""
    drawn = progress(edition, version)  # first: it reads the jurors' tallies beside the rest
    shared = standing(edition, version)
    return EditionReport(shared.edition, shared.ranking, drawn, shared.finalist_ids)


@memoize_once(cache)
def approval(edition: EditionRef, version: int, revision: int) -> ApprovalComparison | None:
    """Return the edition's approval beside its live results at this data version.

    Keyed by the ceremony revision too: approving changes the revision, not the data version.
    """
    shared = standing(edition, version)  # the live ranking the page already holds
    with _session() as db:
        return approval_comparison(db, edition.code, ranking=shared.ranking, version=version)


@memoize_once(cache)
def overview(edition: EditionRef, version: int) -> EditionOverview | None:
    """Return the edition's headline counts at this data version."""
    with _session() as db:
        return edition_overview(db, edition.code)


@memoize_once(cache)
def participation_edition(code: str, mark: int) -> ParticipationEdition:
    """Return what participation reads of an edition (id, deadline, zone, presentation
    stage) as of the editions' counter `mark` (the watch numbers' third).

    That counter moves with every write to the editions and stages tables and with nothing
    else: read again when the edition or its stages may have changed, not at every score
    saved (a statement and a round trip less on every data version).
    """
    with one_read() as conn:
        return page_queries.participation_edition(conn, code)


@memoize_once(cache)
def participation(edition: EditionRef, version: int) -> Participation:
    """Return the edition's OPD participation at this data version."""
    # The edition's settings at the worker's watch numbers, read with (or after) this
    # version: at least as new as the figures cached under it.
    settings = participation_edition(edition.code, watched_numbers().editions)
    # Its finalists read alone: a ranking would cost this page ten times its own work.
    with _session() as db:
        # Its statement outside a transaction: no BEGIN and ROLLBACK round trips around it.
        db.connection(execution_options=OUTSIDE_TRANSACTION)
        return participation_for(db, edition.code, edition=settings)


@memoize_once(cache)
def control_status(edition: EditionRef, version: int, revision: int) -> committee.DeskStatus:
    """Return what the control page shows of the edition's ceremony at this version and revision.

    Cached by the revision the page watched: its step panel and the cards beside it, drawn
    by two callbacks one after the other, read one state and so show the same ceremony.
    """
    shared = standing(edition, version)  # the live ranking the page already holds
    with _session() as db:
        return committee.desk_status(db, edition.code, ranking=shared.ranking, version=version)


def approver(username: str | None, lang: str) -> str:
    """Return how an approval names its approver now: display name and NIP, else the username.

    Not cached: a profile edited on /akun moves no data version, and this is one indexed
    read where an approval is drawn.
    """
    if not username:
        return ""
    with _session() as db:
        return signatory(db, username, lang)


def ceremony_state(edition: EditionRef) -> ceremony.CeremonyState:
    """Return the edition's ceremony now (not cached: a step moves no data version)."""
    with _session() as db:
        return ceremony.get_state(db, edition.code)
