"""The committee's ceremony work: what the control page shows, and its writes.

The web's control page (/kendali) reads the reveal and approval with `desk_status`, on the
session of its one way in to the data (dashboard/data.py), and moves, approves and
configures the ceremony through the writes below, each one transaction on the app's
engine, committed or rolled back whole; no module of the page opens a session of its own.
The rules themselves (revisions, locks, what may follow what) stay in `data_access.ceremony`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from data_access import ceremony, queries
from data_access.ceremony import ApprovalRecord, approval_history
from data_access.db import transaction
from data_access.scoring import Ranking, award_tie_groups, group_key
from data_access.simulate import simulate

# The reveal's moves the control page offers, by the name its buttons send.
MOVES: dict[str, Callable[..., ceremony.CeremonyState]] = {
    "next": ceremony.advance,
    "back": ceremony.back,
    "reset": ceremony.reset,
}


class NotADemo(Exception):
    """Simulated judging was asked for on an edition that is not the demo."""


class NothingOpen(Exception):
    """Simulated judging was asked for while every sheet of the edition is complete."""


@dataclass(frozen=True)
class SeriGroup:
    """A seri the live ranking has at Juara I-III: the tied codes and the place they share."""

    codes: tuple[str, ...]
    rank: int

    @property
    def key(self) -> str:
        """Return the group's one name, whatever order its codes come in."""
        return group_key(self.codes)


@dataclass(frozen=True)
class SeriPlace:
    """One innovation of the live Juara I-III or of their seri, as the decisions place it."""

    code: str
    title: str
    unit: str
    rank: int | None
    award: int | None
    tie: bool
    decided: bool


@dataclass(frozen=True)
class SeriDesk:
    """The live seri at Juara I-III and the places they give with the recorded decisions."""

    groups: list[SeriGroup]
    places: list[SeriPlace]

    def names(self) -> dict[str, SeriPlace]:
        """Return the places by innovation code."""
        return {place.code: place for place in self.places}


@dataclass(frozen=True)
class DeskStatus:
    """What the control page shows of one edition's ceremony at one data version."""

    state: ceremony.CeremonyState
    is_demo: bool
    differences: list[str]  # finalists whose live result moved away from the approved one
    history: list[ApprovalRecord]
    # The jury's recorded seri decisions (the approval holds those it froze).
    decisions: list[ceremony.Decision] = field(default_factory=list)
    # The live seri at Juara I-III, for the decision's panel (None: there is none).
    seri: SeriDesk | None = None


# ---------------------------------------------------------------- reads
def desk_status(session: Session, code: str, *, ranking: Ranking, version: int) -> DeskStatus:
    """Return the edition's ceremony, whether it is the demo, what moved since the approval."""
    state = ceremony.get_state(session, code)
    info = queries.get_edition(session, code)
    differences: list[str] = []
    if state.snapshot is not None:
        payload = ceremony.ranking_payload(session, code, ranking, version)
        differences = ceremony.live_differences(state.snapshot, payload)
    history = approval_history(session, code)
    decisions = ceremony.edition_decisions(session, code)
    seri = seri_desk(session, code, ranking=ranking, version=version)
    return DeskStatus(state, info.is_demo, differences, history, decisions, seri)


def seri_desk(session: Session, code: str, *, ranking: Ranking, version: int) -> SeriDesk | None:
    """Return the live ranking's seri at Juara I-III with the places the decisions give."""
    tied = award_tie_groups(ranking)
    if not tied:
        return None
    ranks = {row.code: row.rank for row in ranking.rows}
    members = {c for codes in tied for c in codes}
    # The payload is what an approval would freeze: the recorded decisions applied.
    rows = ceremony.ranking_payload(session, code, ranking, version)["ranking"]
    places = [
        SeriPlace(
            code=row["code"],
            title=row["title"],
            unit=row["unit_name"] or row["unit_code"],
            rank=row["rank"],
            award=row["award"],
            tie=row["tie"],
            decided=bool(row.get("decided")),
        )
        for row in rows
        if row["award"] is not None or row["code"] in members
    ]
    groups = [SeriGroup(codes, ranks[codes[0]] or 0) for codes in tied]
    return SeriDesk(groups, places)


# ---------------------------------------------------------------- writes
def move(engine: Engine, code: str, name: str, *, by: str, expected_revision: int) -> None:
    """Move the reveal ("next", "back" or "reset") if it still is at the expected revision."""
    with transaction(engine) as session:
        MOVES[name](session, code, by=by, expected_revision=expected_revision)


def approve(engine: Engine, code: str, *, by: str, again: bool, expected_revision: int) -> None:
    """Approve the live results (again, replacing an approval, when `again`)."""
    with transaction(engine) as session:
        ceremony.approve(session, code, by=by, again=again, expected_revision=expected_revision)


def cancel_approval(engine: Engine, code: str, *, by: str, expected_revision: int) -> None:
    """Withdraw the approval, if the ceremony still is at the expected revision."""
    with transaction(engine) as session:
        ceremony.cancel_approval(session, code, by=by, expected_revision=expected_revision)


def record_seri_decision(
    engine: Engine, code: str, order: list[str], *, reason: str, chair: str, by: str
) -> ceremony.Decision:
    """Record the jury's order for a seri, refused while the results are approved."""
    try:
        with transaction(engine) as session:
            return ceremony.record_decision(
                session, code, order, reason=reason, chair=chair, by=by, refuse_approved=True
            )
    except IntegrityError as exc:  # PostgreSQL: another member saved the same seri just now
        raise ceremony.CeremonyConflict("ceremony.refused.conflict") from exc


def clear_seri_decision(engine: Engine, code: str, order: list[str]) -> int:
    """Remove the decision on one seri (refused while approved); return how many went."""
    with transaction(engine) as session:
        return ceremony.clear_decisions(session, code, order, refuse_approved=True)


def save_settings(
    engine: Engine, code: str, settings: ceremony.CeremonySettings, *, by: str
) -> None:
    """Store the ceremony screens' settings."""
    with transaction(engine) as session:
        ceremony.save_settings(session, code, settings, by=by)


def simulate_demo(engine: Engine, code: str, *, by: str = "panitia") -> int:
    """Complete every open sheet of the demo edition at once; return how many were written.

    The scores are recorded in the history as the rehearsal's (source "rehearsal"), started
    by the committee member, stamped as data_access/simulate.py says (inside a window that
    is over, else now). Refused (NothingOpen) when no
    sheet is left open: a page drawn before another member's rehearsal still offers it.
    """
    with Session(engine) as session:
        demo = queries.get_edition(session, code).is_demo
    if not demo:  # never invent scores on a real edition, whatever the request says
        raise NotADemo(code)
    written = simulate(engine, code, sleep=lambda _s: None, out=lambda _line: None, by=by)
    if written == 0:
        raise NothingOpen(code)
    return written
