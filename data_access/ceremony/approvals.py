"""Approving the results, withdrawing the approval, and the record of every such action.

Approving freezes the live ranking as the snapshot (see snapshot.py); until a winner has
been on screen the approval may be withdrawn or, when asked for, given again. Each action
is recorded beside the change itself: who, when, which hashes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from data_access import queries
from data_access.ceremony.errors import AlreadyApproved, CeremonyError
from data_access.ceremony.reveal import CeremonyState, state_from_row
from data_access.ceremony.snapshot import (
    Snapshot,
    canonical_json,
    payload_hash,
    ranking_payload,
    snapshot_from_row,
)
from data_access.ceremony.store import apply_change
from data_access.ceremony.terms import ROTATION, SPLASH
from data_access.models import CeremonyApproval
from data_access.reports import edition_report

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


def _locked() -> CeremonyError:
    return CeremonyError("ceremony.refused.locked")


def _check_unlocked(row: Row) -> None:
    # A step past the splash without locked_at: a ceremony that ran before the lock existed.
    if row.locked_at is not None or row.step not in (ROTATION, SPLASH):
        raise _locked()


def approve(
    session: Session,
    code: str,
    *,
    by: str,
    now: datetime | None = None,
    again: bool = False,
    expected_revision: int | None = None,
) -> Snapshot:
    """Freeze the edition's current ranking as the approved snapshot, or raise CeremonyError.

    Approved results are approved again only with `again=True` (recorded as a
    re-approval), and never once Juara III has been on screen. The ranking and the data
    version it records are read in one consistent view of the data.
    """
    done: dict = {}

    def decide(row: Row, moment: datetime) -> dict:
        _check_unlocked(row)
        old_hash = row.snapshot_hash if row.snapshot is not None else None
        if old_hash is not None and not again:
            raise AlreadyApproved("ceremony.refused.already_approved")
        version = queries.data_version(session)
        report = edition_report(session, code, now=now)
        if not report.ranking.awards_decided:
            waiting = [
                r.code for r in report.ranking.rows if r.finalist and r.presentation_score is None
            ]
            detail = f": {', '.join(waiting)}" if waiting else ""
            raise CeremonyError("ceremony.refused.unscored_finalist", detail=detail)
        payload = ranking_payload(session, code, report.ranking, version)
        digest = payload_hash(payload)
        action = REAPPROVE if old_hash else APPROVE
        done.update(action=action, old_hash=old_hash, new_hash=digest, data_version=version)
        return {
            "snapshot": canonical_json(payload),
            "snapshot_hash": digest,
            "snapshot_version": version,
            "approved_at": moment,
            "approved_by": by[:80],
        }

    edition_id, row, _changed = apply_change(
        session, code, decide, by=by, expected_revision=expected_revision, now=now, consistent=True
    )
    record(session, edition_id, by=by, at=row.approved_at, **done)
    snapshot = snapshot_from_row(code, row)
    if snapshot is None:  # the row was just written with its snapshot, in this transaction
        raise RuntimeError(f"edition {code}: the approved snapshot did not read back")
    return snapshot


def cancel_approval(
    session: Session,
    code: str,
    *,
    by: str,
    expected_revision: int | None = None,
    now: datetime | None = None,
) -> CeremonyState:
    """Withdraw the approval before the reveal (recorded), or raise CeremonyError."""
    done: dict = {}

    def decide(row: Row, moment: datetime) -> dict:
        _check_unlocked(row)
        if row.snapshot is None:
            raise CeremonyError("ceremony.refused.nothing_to_cancel")
        done.update(old_hash=row.snapshot_hash, at=moment)
        done["data_version"] = queries.data_version(session)
        return dict.fromkeys(
            ("snapshot", "snapshot_hash", "snapshot_version", "approved_at", "approved_by")
        )

    edition_id, row, _changed = apply_change(
        session, code, decide, by=by, expected_revision=expected_revision, now=now
    )
    record(session, edition_id, CANCEL, by=by, new_hash=None, **done)
    return state_from_row(code, row)
