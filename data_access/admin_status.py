"""The committee's administrative check in the browser: an innovation's status (menunggu,
lolos, tidak lolos) set with a reason, each change kept (AdminStatusChange).

Only `lolos` innovations are ranked (SCORING.md): a change moves the ranking and the
data version like any change of judged data, and after an approval it shows as a
difference on the control page like a late score would.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import queries
from data_access.i18n import Message, Refusal
from data_access.models import ADMIN_STATUSES, AdminStatusChange, Innovation, Unit, utcnow

# A reason is a sentence or a short paragraph; it is shown wherever the change is listed.
MAX_REASON = 1000
# The newest changes the page lists under the innovations.
RECENT_CHANGES = 200


class StatusRefused(Refusal):
    """A status change refused, with its reason as a catalogue message."""


@dataclass(frozen=True)
class InnovationStatus:
    """An innovation as the administrative check lists it, with its latest change."""

    code: str
    title: str
    unit: str
    status: str
    changed_by: str | None
    changed_at: datetime | None
    reason: str | None


@dataclass(frozen=True)
class StatusChange:
    """One recorded change, for the list of the newest."""

    code: str
    title: str
    old_status: str
    new_status: str
    reason: str
    changed_by: str
    changed_at: datetime


def set_status(
    session: Session, edition: str, code: str, status: str, reason: str, *, by: str
) -> None:
    """Set an innovation's administrative status with the committee's reason, and record it."""
    found = queries.get_edition(session, edition)
    innovation = session.execute(
        select(Innovation).where(Innovation.edition_id == found.id, Innovation.code == code)
    ).scalar_one_or_none()
    if innovation is None:
        raise StatusRefused(Message("status.refused.no_innovation", code=code))
    if status not in ADMIN_STATUSES:
        raise StatusRefused(Message("status.refused.unknown", status=status))
    reason = reason.strip()
    if not reason:
        raise StatusRefused(Message("status.refused.no_reason"))
    if len(reason) > MAX_REASON:
        raise StatusRefused(Message("status.refused.long_reason", limit=MAX_REASON))
    if innovation.admin_status == status:
        raise StatusRefused(Message("status.refused.unchanged", code=code))
    change = AdminStatusChange(
        innovation_id=innovation.id,
        old_status=innovation.admin_status,
        new_status=status,
        reason=reason,
        changed_by=by[:80],
        changed_at=utcnow(),
    )
    innovation.admin_status = status
    session.add(change)
    session.flush()


def edition_statuses(session: Session, edition_id: int) -> list[InnovationStatus]:
    """Return the edition's innovations by code, each with its status and latest change."""
    latest = (
        select(AdminStatusChange.innovation_id, func.max(AdminStatusChange.id).label("id"))
        .group_by(AdminStatusChange.innovation_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Innovation.code,
            Innovation.title,
            func.coalesce(Unit.short_name, Unit.name),
            Innovation.admin_status,
            AdminStatusChange.changed_by,
            AdminStatusChange.changed_at,
            AdminStatusChange.reason,
        )
        .join(Unit, Unit.id == Innovation.unit_id)
        .outerjoin(latest, latest.c.innovation_id == Innovation.id)
        .outerjoin(AdminStatusChange, AdminStatusChange.id == latest.c.id)
        .where(Innovation.edition_id == edition_id)
        .order_by(Innovation.code)
    )
    return [InnovationStatus(*row) for row in rows]


def recent_changes(session: Session, edition_id: int) -> list[StatusChange]:
    """Return the edition's newest status changes, newest first."""
    rows = session.execute(
        select(
            Innovation.code,
            Innovation.title,
            AdminStatusChange.old_status,
            AdminStatusChange.new_status,
            AdminStatusChange.reason,
            AdminStatusChange.changed_by,
            AdminStatusChange.changed_at,
        )
        .join(Innovation, Innovation.id == AdminStatusChange.innovation_id)
        .where(Innovation.edition_id == edition_id)
        .order_by(AdminStatusChange.id.desc())
        .limit(RECENT_CHANGES)
    )
    return [StatusChange(*row) for row in rows]
