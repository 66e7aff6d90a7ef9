"""The jury's seri decisions: recording, clearing and reading them for an edition.

SCORING.md: a seri at Juara I-III is shown as such until the panel settles it. The
committee records the panel's decision (the tied innovations in order, the reason, the
chair who signed it); the next approval freezes it into the snapshot and its hash, and
from then on every screen that shows those places says the jury decided them. A decision
is recorded only for a seri the live ranking has now; once a winner has been on screen
the approval is final and so are its decisions. Changing a decision after an approval
takes a re-approval to reach the ceremony (the approval panel shows the difference).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from data_access import queries
from data_access.ceremony.errors import CeremonyError
from data_access.ceremony.store import begin_write
from data_access.ceremony.store import read as read_row
from data_access.ceremony.terms import ROTATION, SPLASH
from data_access.models import SeriDecision, utcnow
from data_access.reports import edition_report
from data_access.scoring import group_key, matching_group

MAX_REASON = 2000
MAX_CHAIR = 120


@dataclass(frozen=True)
class Decision:
    """One recorded decision: the tied innovations' codes in the panel's order."""

    order: tuple[str, ...]
    reason: str
    chair: str
    by: str
    at: datetime

    def payload(self) -> dict:
        """Return the decision as the snapshot stores it (covered by the snapshot's hash)."""
        return {
            "order": list(self.order),
            "reason": self.reason,
            "chair": self.chair,
            "by": self.by,
            "at": self.at.isoformat(timespec="seconds"),
        }


def decisions(session: Session, edition_id: int) -> list[Decision]:
    """Return the edition's recorded decisions, in the order they were recorded."""
    rows = session.execute(
        select(SeriDecision)
        .where(SeriDecision.edition_id == edition_id)
        .order_by(SeriDecision.decided_at, SeriDecision.id)
    ).scalars()
    return [
        Decision(
            order=tuple(r.order_codes.split(",")),
            reason=r.reason,
            chair=r.chair,
            by=r.decided_by,
            at=r.decided_at,
        )
        for r in rows
    ]


def edition_decisions(session: Session, code: str) -> list[Decision]:
    """Return the recorded decisions of the edition with this code."""
    return decisions(session, queries.get_edition(session, code).id)


def _check_unlocked(session: Session, edition_id: int, *, refuse_approved: bool) -> None:
    row = read_row(session, edition_id)
    if row is not None and (row.locked_at is not None or row.step not in (ROTATION, SPLASH)):
        raise CeremonyError("ceremony.refused.locked")
    if refuse_approved and row is not None and row.snapshot_hash is not None:
        raise CeremonyError("seri.refused.approved")


def record_decision(
    session: Session,
    code: str,
    order: list[str],
    *,
    reason: str,
    chair: str,
    by: str,
    now: datetime | None = None,
    refuse_approved: bool = False,
) -> Decision:
    """Record the panel's order for a seri at Juara I-III, or raise CeremonyError.

    Refused unless the live ranking has an award seri of exactly these innovations, the
    order names each once, a reason and a chair are given, and no winner has been on
    screen yet. A decision for the same group replaces the earlier one. `refuse_approved`
    also refuses while the results are approved (the control page's rule: cancel the
    approval first); the command line may change it and re-approve.
    """
    codes = [c.strip() for c in order if c.strip()]
    reason, chair = reason.strip(), chair.strip()
    if len(codes) < 2 or len(set(codes)) != len(codes):
        raise CeremonyError("seri.refused.order")
    if not reason or len(reason) > MAX_REASON:
        raise CeremonyError("seri.refused.reason")
    if not chair or len(chair) > MAX_CHAIR:
        raise CeremonyError("seri.refused.chair")
    begin_write(session)
    edition = queries.get_edition(session, code)
    _check_unlocked(session, edition.id, refuse_approved=refuse_approved)
    ranking = edition_report(session, code, now=now).ranking
    if matching_group(ranking, codes) is None:
        raise CeremonyError("seri.refused.not_a_tie", codes=", ".join(codes))
    key = group_key(codes)
    moment = now or utcnow()
    session.execute(
        delete(SeriDecision).where(
            SeriDecision.edition_id == edition.id, SeriDecision.group_key == key
        )
    )
    session.add(
        SeriDecision(
            edition_id=edition.id,
            group_key=key,
            order_codes=",".join(codes),
            reason=reason,
            chair=chair,
            decided_by=by[:80],
            decided_at=moment,
        )
    )
    session.flush()
    return Decision(tuple(codes), reason, chair, by[:80], moment)


def clear_decisions(
    session: Session, code: str, order: list[str] | None = None, *, refuse_approved: bool = False
) -> int:
    """Remove the edition's decisions, or the one on `order`'s group; return how many went.

    Refused once a winner has been on screen, as recording is (and while approved, asked).
    """
    begin_write(session)
    edition = queries.get_edition(session, code)
    _check_unlocked(session, edition.id, refuse_approved=refuse_approved)
    found = decisions(session, edition.id)
    statement = delete(SeriDecision).where(SeriDecision.edition_id == edition.id)
    if order:
        key = group_key(c.strip() for c in order if c.strip())
        found = [d for d in found if group_key(d.order) == key]
        statement = statement.where(SeriDecision.group_key == key)
    session.execute(statement)
    return len(found)
