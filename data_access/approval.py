"""The approved results beside the live ones: one comparison for every page, export and import.

Once the committee approves, the ceremony, the bupati's summary and the berita acara read
the frozen snapshot (data_access/ceremony/) while the ranking page and the jury's data
go on living. `approval_comparison` says, in one place, what was approved (when, by
whom, the Juara I-III) and what the live data now says differently: which Juara places
would change and which scores moved.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import queries
from data_access.ceremony import (
    AWARD_LEVELS,
    Snapshot,
    get_state,
    live_differences,
    ranking_payload,
)
from data_access.formatting import format_datetime
from data_access.models import Ceremony, Edition
from data_access.reports import edition_report
from data_access.scoring import Ranking

LEVELS = tuple(sorted(AWARD_LEVELS))  # Juara I first, as a page lists them
SCORES = ("proposal_score", "presentation_score", "final_score")


@dataclass(frozen=True)
class ApprovedWinner:
    """One innovation the approval awarded a Juara level (several share a level on a seri)."""

    level: int
    innovation_id: int
    code: str
    title: str
    unit_code: str
    unit_name: str
    tie: bool
    final_score: Decimal | None


@dataclass(frozen=True)
class PlaceChange:
    """A Juara level whose holders differ between the approval and the live data."""

    level: int
    approved: tuple[str, ...]  # innovation codes; several on a seri
    live: tuple[str, ...]  # empty when the live data awards nobody this level (yet)


@dataclass(frozen=True)
class ScoreMove:
    """One score of one innovation that is not what was approved."""

    code: str
    title: str
    score: str  # "proposal_score", "presentation_score" or "final_score"
    approved: Decimal | None
    live: Decimal | None


@dataclass(frozen=True)
class ApprovalComparison:
    """What was approved and, if the live data moved since, how it differs."""

    edition_code: str
    approved_at: datetime
    approved_by: str
    hash: str
    data_version: int  # the data version the snapshot was taken at
    winners: tuple[ApprovedWinner, ...]  # Juara I first
    changed_places: tuple[PlaceChange, ...]
    moved_scores: tuple[ScoreMove, ...]
    changed_codes: tuple[str, ...]  # every innovation whose live result is not the approved one
    timezone: str = "Asia/Jakarta"  # the edition's, for writing approved_at

    @property
    def differs(self) -> bool:
        """Return True when the live results are no longer the approved ones."""
        return bool(self.changed_codes)

    def winners_at(self, level: int) -> list[ApprovedWinner]:
        """Return the approved holders of one Juara level."""
        return [w for w in self.winners if w.level == level]

    @property
    def winner_codes(self) -> dict[str, int]:
        """Return {innovation code: approved Juara level}."""
        return {w.code: w.level for w in self.winners}


@dataclass(frozen=True)
class ApprovedEdition:
    """An edition whose results are approved: what an import page warns about."""

    code: str
    name: str
    approved_at: datetime
    approved_by: str
    timezone: str = "Asia/Jakarta"

    def moment(self, lang: str) -> str:
        """Return when it was approved: "Kamis, 17 November 2022 pukul 10.05 WIB" (or English)."""
        return format_datetime(self.approved_at, lang=lang, tz=self.timezone)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _holders(rows: list[dict], level: int) -> tuple[str, ...]:
    return tuple(sorted(row["code"] for row in rows if row["award"] == level))


def compare(snapshot: Snapshot, live: dict) -> ApprovalComparison:
    """Return the comparison of a snapshot with a live ranking payload (pure)."""
    approved_rows, live_rows = snapshot.rows, live["ranking"]
    winners = tuple(
        ApprovedWinner(
            level=level,
            innovation_id=row["innovation_id"],
            code=row["code"],
            title=row["title"],
            unit_code=row["unit_code"],
            unit_name=row["unit_name"],
            tie=bool(row["tie"]) or len(snapshot.winners(level)) > 1,
            final_score=_decimal(row["final_score"]),
        )
        for level in LEVELS
        for row in snapshot.winners(level)
    )
    places = tuple(
        PlaceChange(level, _holders(approved_rows, level), _holders(live_rows, level))
        for level in LEVELS
        if _holders(approved_rows, level) != _holders(live_rows, level)
    )
    now = {row["code"]: row for row in live_rows}
    moves = tuple(
        ScoreMove(row["code"], row["title"], name, _decimal(row[name]), _decimal(other[name]))
        for row in approved_rows
        if (other := now.get(row["code"])) is not None
        for name in SCORES
        if row[name] != other[name]
    )
    return ApprovalComparison(
        edition_code=snapshot.edition_code,
        approved_at=snapshot.approved_at,
        approved_by=snapshot.approved_by,
        hash=snapshot.hash,
        data_version=snapshot.data_version,
        winners=winners,
        changed_places=places,
        moved_scores=moves,
        changed_codes=tuple(live_differences(snapshot, live)),
    )


def approval_comparison(
    session: Session, code: str, *, ranking: Ranking | None = None, version: int | None = None
) -> ApprovalComparison | None:
    """Return the edition's approval beside its live results, or None when not approved.

    A caller that already holds the live ranking (a page's cached report) passes it.
    """
    snapshot = get_state(session, code).snapshot
    if snapshot is None:
        return None
    if ranking is None:
        ranking = edition_report(session, code).ranking
    if version is None:
        version = queries.data_version(session)
    result = compare(snapshot, ranking_payload(session, code, ranking, version))
    return replace(result, timezone=queries.get_edition(session, code).timezone)


def approved_editions(session: Session) -> list[ApprovedEdition]:
    """Return every edition whose results are approved, newest approval first."""
    rows = session.execute(
        select(
            Edition.code, Edition.name, Ceremony.approved_at, Ceremony.approved_by, Edition.timezone
        )
        .join(Ceremony, Ceremony.edition_id == Edition.id)
        .where(Ceremony.approved_at.is_not(None), Ceremony.snapshot.is_not(None))
        .order_by(Ceremony.approved_at.desc(), Edition.code)
    )
    # `at is not None` repeats the WHERE clause for the type checker: it drops no row.
    return [ApprovedEdition(c, n, at, by or "", tz) for c, n, at, by, tz in rows if at is not None]


def is_approved(session: Session, code: str) -> bool:
    """Return True when the edition exists and its results are approved."""
    return any(e.code == code for e in approved_editions(session))
