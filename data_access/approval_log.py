"""The approval's record: every approval, re-approval and cancellation, who, when, which hashes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import queries
from data_access.models import CeremonyApproval

APPROVE, REAPPROVE, CANCEL = "approve", "reapprove", "cancel"


@dataclass(frozen=True)
class ApprovalRecord:
    """One recorded approval action: `old_hash` is what it replaced, `new_hash` what it set."""

    action: str
    at: datetime
    by: str
    old_hash: str | None
    new_hash: str | None
    data_version: int | None


def record(
    session: Session,
    edition_id: int,
    action: str,
    *,
    by: str,
    at: datetime,
    old_hash: str | None,
    new_hash: str | None,
    data_version: int | None,
) -> None:
    """Add one action to the record (in the caller's transaction, beside the change itself)."""
    session.add(
        CeremonyApproval(
            edition_id=edition_id,
            action=action,
            at=at,
            by=by[:80],
            old_hash=old_hash,
            new_hash=new_hash,
            data_version=data_version,
        )
    )
    session.flush()


def approval_history(session: Session, code: str) -> list[ApprovalRecord]:
    """Return the edition's approval actions, oldest first."""
    edition = queries.get_edition(session, code)
    rows = session.execute(
        select(CeremonyApproval)
        .where(CeremonyApproval.edition_id == edition.id)
        .order_by(CeremonyApproval.at, CeremonyApproval.id)
    ).scalars()
    return [
        ApprovalRecord(r.action, r.at, r.by, r.old_hash, r.new_hash, r.data_version) for r in rows
    ]
