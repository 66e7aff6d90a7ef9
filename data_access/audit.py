"""The record of who did what: `record` an action in its own transaction; read them back.

Actions with a table of their own are not repeated here (approvals: ceremony_approvals,
seri decisions, status changes, window extensions, the score history); everything else
a committee member or the system does that someone may later ask about is one row of
`audit_events`, written by the code that acts, in the same transaction (a backup's and a
restore's in one of their own, once done: the backup only reads, the restore replaces the
database the entry goes into).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import AuditEvent, utcnow

# Every action this table records, by the name the audit view filters on.
REVEAL_STEP = "reveal.step"
IMPORT_APPLIED = "import.applied"
ACCOUNT_ADDED = "account.added"
ACCOUNT_REMOVED = "account.removed"
ACCOUNT_ROLE = "account.role"
ACCOUNT_PROFILE = "account.profile"
ACCOUNT_RESET_LINK = "account.reset_link"
ACCOUNT_PASSWORD = "account.password"  # noqa: S105 (an action's name)
ACCOUNT_UNLOCKED = "account.unlocked"
# An innovation's photo and proposal PDF: the rows keep the last upload's who and when;
# these keep every upload, caption change and removal.
PHOTO_SET = "photo.set"
PHOTO_CAPTION = "photo.caption"
PHOTO_REMOVED = "photo.removed"
DOCUMENT_SET = "document.set"
DOCUMENT_REMOVED = "document.removed"
MINUTES_SAVED = "minutes.saved"  # the berita acara's number, date, place, signatories
MINUTES_IMAGE = "minutes.image"  # its letterhead or a logo stored or removed
# A ceremony screen registered, renamed or revoked (never its token).
SCREEN_REGISTERED = "screen.registered"
SCREEN_RENAMED = "screen.renamed"
SCREEN_REVOKED = "screen.revoked"
# An edition made public in the catalogue, its switches changed, or taken out of it.
CATALOGUE_PUBLISHED = "catalogue.published"
CATALOGUE_SETTINGS = "catalogue.settings"
CATALOGUE_UNPUBLISHED = "catalogue.unpublished"
# A backup made (by hand, or automatically before an import, an approval or a reset), written
# into the database it copied once the copy is whole; a restore, written into the restored
# database once it is in place and checked (data_access/backups/trail.py).
BACKUP_MADE = "backup.made"
RESTORE_DONE = "restore.done"
ACTIONS = (
    REVEAL_STEP,
    IMPORT_APPLIED,
    ACCOUNT_ADDED,
    ACCOUNT_REMOVED,
    ACCOUNT_ROLE,
    ACCOUNT_PROFILE,
    ACCOUNT_RESET_LINK,
    ACCOUNT_PASSWORD,
    ACCOUNT_UNLOCKED,
    PHOTO_SET,
    PHOTO_CAPTION,
    PHOTO_REMOVED,
    DOCUMENT_SET,
    DOCUMENT_REMOVED,
    MINUTES_SAVED,
    MINUTES_IMAGE,
    SCREEN_REGISTERED,
    SCREEN_RENAMED,
    SCREEN_REVOKED,
    CATALOGUE_PUBLISHED,
    CATALOGUE_SETTINGS,
    CATALOGUE_UNPUBLISHED,
    BACKUP_MADE,
    RESTORE_DONE,
)
MAX_SUBJECT = 200
# Detail keys that must never be recorded, whatever a caller passes.
SECRET_KEYS = frozenset({"password", "token", "link", "password_hash", "token_hash"})


@dataclass(frozen=True)
class Event:
    """One recorded action as the audit view lists it."""

    at: datetime
    actor: str
    action: str
    edition_code: str | None
    subject: str
    detail: dict[str, object]


def record(
    session: Session,
    action: str,
    *,
    by: str,
    edition: str | None = None,
    subject: str = "",
    at: datetime | None = None,
    **detail: object,
) -> None:
    """Add one event to the caller's transaction (it commits or rolls back with the action)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action: {action}")
    leaked = SECRET_KEYS.intersection(detail)
    if leaked:
        raise ValueError(f"never recorded: {', '.join(sorted(leaked))}")
    session.add(
        AuditEvent(
            at=at or utcnow(),
            actor=by[:80],
            action=action,
            edition_code=edition,
            subject=subject[:MAX_SUBJECT],
            detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
        )
    )


def events(
    session: Session,
    *,
    actions: tuple[str, ...] | None = None,
    edition: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 1000,
) -> list[Event]:
    """Return recorded events, newest first, filtered by action, edition and time."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    if actions:
        query = query.where(AuditEvent.action.in_(actions))
    if edition is not None:
        query = query.where(AuditEvent.edition_code == edition)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    return [
        Event(row.at, row.actor, row.action, row.edition_code, row.subject, json.loads(row.detail))
        for row in session.execute(query).scalars()
    ]
