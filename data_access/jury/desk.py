"""The committee's jury desk (/kelola-juri): what the page shows, and its writes.

The same rules as the command line (`users invite|reinvite|revoke-invite`, `jury
confirm-conflict|reopen|extend`): each write is one transaction on the engine it is
given, committed or rolled back whole, and a refusal raises `Refused` carrying the
catalogue message the command line prints. No module of the page opens a session itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from data_access import queries
from data_access.db import transaction
from data_access.editions import default_edition_code
from data_access.i18n import Message, Refusal
from data_access.invitations import (
    USED,
    InvitationRow,
    invite,
    list_invitations,
    newest_state,
    reinvite,
    revoke_invitation,
)
from data_access.jury import conflicts, lookup, sheets, windows
from data_access.jury.conflicts import Declaration
from data_access.jury.windows import Extension
from data_access.models import SUBMITTED, Innovation, Juror, SheetState, Stage
from data_access.users import JUROR_ROLE, UserError, juror_in_edition

# The reopen picker lists at most this many submitted sheets (newest first); the history
# page reopens any other one (/riwayat-nilai narrowed to the sheet).
MAX_PICKED_SHEETS = 1000
REFUSALS = (
    UserError,
    sheets.SheetRefused,
    conflicts.ConflictRefused,
    windows.WindowRefused,
    lookup.UnknownCode,
)


class Refused(Refusal):
    """A write of the desk refused, with its reason as a catalogue message."""


@dataclass(frozen=True)
class SubmittedSheet:
    """A sheet submitted in the app: the codes that name it, and its juror's name."""

    stage_code: str
    juror_code: str
    juror_name: str
    innovation_code: str
    innovation_title: str


@dataclass(frozen=True)
class Desk:
    """Everything /kelola-juri shows of one edition."""

    edition: queries.EditionInfo
    jurors: list[tuple[str, str]]  # (code, name)
    stages: list[tuple[str, str]]  # (code, name)
    invitations: list[InvitationRow]
    declarations: list[Declaration]
    extensions: list[Extension]
    submitted: list[SubmittedSheet]


def _edition(session: Session, code: str | None) -> queries.EditionInfo:
    """Return the edition asked for, or the default one (EditionNotFound without any)."""
    return queries.get_edition(session, code or default_edition_code(session) or "")


def jury_desk(engine: Engine, code: str | None) -> Desk:
    """Return what the desk shows of an edition (the default one without a code)."""
    with transaction(engine) as session:
        info = _edition(session, code)
        jurors = [
            (row.code, row.name)
            for row in sorted(queries.load_jurors(session, info.id), key=lambda j: j.code)
        ]
        stages = [
            (code, name)
            for code, name in session.execute(
                select(Stage.code, Stage.name)
                .where(Stage.edition_id == info.id)
                .order_by(Stage.position)
            )
        ]
        codes = {c for c, _n in jurors}
        # The edition's jurors' links only: other accounts' links (a viewer's first link, a
        # reset) are the accounts console's (/akun), which lists them with their account.
        invitations = [
            row
            for row in list_invitations(session)
            if row.edition_code == info.code and row.juror_code in codes
        ]
        return Desk(
            info,
            jurors,
            stages,
            invitations,
            conflicts.conflicts(session, info.id),
            windows.extensions(session, info.id),
            _submitted(session, info.id),
        )


def _submitted(session: Session, edition_id: int) -> list[SubmittedSheet]:
    rows = session.execute(
        select(Stage.code, Juror.code, Juror.name, Innovation.code, Innovation.title)
        .select_from(SheetState)
        .join(Stage, Stage.id == SheetState.stage_id)
        .join(Juror, Juror.id == SheetState.juror_id)
        .join(Innovation, Innovation.id == SheetState.innovation_id)
        .where(Stage.edition_id == edition_id, SheetState.state == SUBMITTED)
        .order_by(SheetState.submitted_at.desc(), Juror.code, Innovation.code)
        .limit(MAX_PICKED_SHEETS)
    ).all()
    return [SubmittedSheet(*row) for row in rows]


@contextmanager
def _refusing(engine: Engine) -> Iterator[Session]:
    """Yield a transaction whose refusals come out as Refused (rolled back)."""
    try:
        with transaction(engine) as session:
            yield session
    except queries.EditionNotFound as error:
        raise Refused(Message("refused.no_edition", code=str(error))) from error
    except REFUSALS as error:
        raise Refused(_message_of(error)) from error


def _message_of(error: Exception) -> Message:
    message = getattr(error, "message", None)
    if isinstance(message, Message):
        return message
    first = error.args[0] if error.args else None
    return first if isinstance(first, Message) else Message("desk.refused")


def _not_used(session: Session, username: str) -> None:
    """Refuse a new link for an account whose newest link was used (its juror set a password).

    The desk offers no password reset: a link for such an account would let whoever holds
    it replace the juror's password. The command line's `users reinvite` still makes one.
    """
    if newest_state(session, username) == USED:
        raise Refused(Message("desk.inv.used", username=username))


def invite_juror(engine: Engine, edition: str, username: str, juror: str, *, by: str) -> str:
    """Create (or reuse) a juror's account and return its new link's token."""
    with _refusing(engine) as session:
        _not_used(session, username)
        juror_id = juror_in_edition(session, edition, juror)
        _account, token = invite(session, username, JUROR_ROLE, juror_id=juror_id, by=by)
    return token


def reinvite_user(engine: Engine, username: str, *, by: str) -> str:
    """Return a new link's token for an account; its earlier links stop working."""
    with _refusing(engine) as session:
        _not_used(session, username)
        return reinvite(session, username, by=by)


def revoke_user_invitation(engine: Engine, username: str) -> None:
    """Revoke an account's live link (refused when it has none)."""
    with _refusing(engine) as session:
        revoke_invitation(session, username)


def confirm(engine: Engine, edition: str, juror: str, innovation: str, *, by: str) -> None:
    """Confirm a declared conflict: the juror abstains on the innovation."""
    with _refusing(engine) as session:
        key = lookup.conflict_key(session, edition, juror, innovation)
        conflicts.confirm_conflict(session, key, by)


def reopen(
    engine: Engine, edition: str, stage: str, juror: str, innovation: str, reason: str, *, by: str
) -> int:
    """Give a submitted sheet back to its juror with a reason; return its new revision."""
    with _refusing(engine) as session:
        key = lookup.sheet_key(session, edition, stage, juror, innovation)
        return sheets.reopen(session, key, reason, by, source="web").revision


def extend(
    engine: Engine, edition: str, stage: str, until: date, juror: str | None, *, by: str
) -> Extension:
    """Keep a stage's scoring open until a day, for one juror (None: every juror)."""
    with _refusing(engine) as session:
        return windows.extend_window(session, edition, stage, until, by, juror=juror)


def sheet_locked(engine: Engine, edition: str, stage: str, juror: str, innovation: str) -> bool:
    """Return True when the named sheet is submitted (or imported): the committee may reopen it."""
    with transaction(engine) as session:
        try:
            key = lookup.sheet_key(session, edition, stage, juror, innovation)
        except (lookup.UnknownCode, queries.EditionNotFound):
            return False
        try:
            return sheets.load_sheet(session, key).locked
        except sheets.SheetRefused:
            return False
