"""The reveal's state machine: where an edition's ceremony stands and how it moves.

The reveal walks

    rotation -> splash -> Juara III -> Juara II -> Juara I -> all three

(`rotation` is the slide show before the ceremony). A level with nobody on it (a seri
above took its place: ranks 1, 2, 2) is skipped, and a seri is shown as one screen
with every tied innovation: the product never settles it. The screens' settings are
saved here too: they live on the same row and bump the same revision screens watch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Row, select
from sqlalchemy.orm import Session

from data_access import audit, queries
from data_access.ceremony.errors import CeremonyError
from data_access.ceremony.settings import CeremonySettings
from data_access.ceremony.snapshot import Snapshot, snapshot_from_row
from data_access.ceremony.store import apply_change
from data_access.ceremony.store import read as read_row
from data_access.ceremony.terms import ALL, ROTATION, SPLASH, award_step, step_level
from data_access.models import Ceremony, Edition


@dataclass(frozen=True)
class CeremonyState:
    """Where an edition's ceremony stands."""

    edition_code: str
    step: str
    revision: int
    updated_at: datetime | None
    updated_by: str
    settings: CeremonySettings
    snapshot: Snapshot | None
    # When a winner first reached the screens: the approval is final from then on.
    locked_at: datetime | None = None
    # When the reveal first reached "all": every award is public from then on.
    completed_at: datetime | None = None

    @property
    def approval_locked(self) -> bool:
        """Return True once a winner has been on screen: no re-approval, no cancellation."""
        return self.locked_at is not None or self.step not in (ROTATION, SPLASH)

    @property
    def steps(self) -> list[str]:
        """Return every step of the reveal, in order, for this snapshot."""
        return steps_for(self.snapshot)

    @property
    def next_step(self) -> str | None:
        """Return the step "next" goes to, or None at the end."""
        steps = self.steps
        index = steps.index(self.step) if self.step in steps else 0
        return steps[index + 1] if index + 1 < len(steps) else None

    @property
    def revealed_levels(self) -> list[int]:
        """Return the Juara levels already revealed, in the reveal's order."""
        if self.snapshot is None:
            return []
        if self.step == ALL:
            return self.snapshot.levels()
        level = step_level(self.step)
        if level is None:
            return []
        order = self.snapshot.levels()
        return order[: order.index(level) + 1] if level in order else []


def steps_for(snapshot: Snapshot | None) -> list[str]:
    """Return the reveal's steps: III, II, I for the levels someone holds, then all."""
    if snapshot is None or not snapshot.levels():
        return [ROTATION, SPLASH]
    return [ROTATION, SPLASH, *(award_step(level) for level in snapshot.levels()), ALL]


def state_from_row(code: str, row: Row) -> CeremonyState:
    """Return the state a ceremony row holds."""
    return CeremonyState(
        edition_code=code,
        step=row.step,
        revision=row.revision,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
        settings=CeremonySettings.from_json(row.settings),
        snapshot=snapshot_from_row(code, row),
        locked_at=row.locked_at,
        completed_at=row.completed_at,
    )


def get_state(session: Session, code: str) -> CeremonyState:
    """Return the edition's ceremony state (the start state when nothing was done yet)."""
    edition = queries.get_edition(session, code)
    row = read_row(session, edition.id)
    if row is None:
        return CeremonyState(code, ROTATION, 0, None, "", CeremonySettings(), None)
    return state_from_row(code, row)


def ceremony_revision(session: Session | Connection, code: str) -> int:
    """Return the ceremony's revision: one tiny read for screens that poll."""
    found = session.execute(
        select(Ceremony.revision)
        .join(Edition, Edition.id == Ceremony.edition_id)
        .where(Edition.code == code)
    ).scalar_one_or_none()
    return int(found or 0)


def _next_target(state: CeremonyState) -> str:
    if state.step == SPLASH:  # one check then the other, so the type checker sees the narrowing
        if state.snapshot is None:
            raise CeremonyError("ceremony.refused.not_approved")
        if not state.snapshot.levels():
            raise CeremonyError("ceremony.refused.no_winners")
    return state.next_step or state.step


def _back_target(state: CeremonyState) -> str:
    steps = state.steps
    index = steps.index(state.step) if state.step in steps else 0
    return steps[max(index - 1, 0)]


# next: the following step (Juara III needs approved results); back: one step back, never
# before the rotation; reset: back to the rotation, keeping the approval.
MOVES = {"next": _next_target, "back": _back_target, "reset": lambda _state: ROTATION}


def move(
    session: Session,
    code: str,
    action: str,
    *,
    by: str,
    expected_revision: int | None = None,
    now: datetime | None = None,
) -> CeremonyState:
    """Move the reveal ("next", "back" or "reset") and return the new state.

    With `expected_revision`, refuse (CeremonyConflict) when the state moved since the
    caller looked: two clicks on two laptops never skip a winner. A step taken is
    recorded in the audit record (from, to, which move), in the same transaction.
    """
    seen: dict[str, str] = {}

    def decide(row: Row, moment: datetime) -> dict | None:
        step = MOVES[action](state_from_row(code, row))
        if step == row.step:
            return None
        seen["from"] = row.step  # the row the write that wins decided on
        values: dict = {"step": step}
        if row.locked_at is None and (step == ALL or step_level(step) is not None):
            values["locked_at"] = moment  # a winner is on screen: the approval is final
        if row.completed_at is None and step == ALL:
            values["completed_at"] = moment  # every award is public from now on
        return values

    _id, row, changed = apply_change(
        session, code, decide, by=by, expected_revision=expected_revision, now=now
    )
    if changed:
        audit.record(
            session,
            audit.REVEAL_STEP,
            by=by,
            edition=code,
            subject=row.step,
            at=row.updated_at,
            from_step=seen["from"],
            to_step=row.step,
            move=action,
        )
    return state_from_row(code, row)


def advance(session: Session, code: str, **options) -> CeremonyState:
    """Go to the reveal's next step (see move)."""
    return move(session, code, "next", **options)


def back(session: Session, code: str, **options) -> CeremonyState:
    """Go back one step of the reveal (see move)."""
    return move(session, code, "back", **options)


def reset(session: Session, code: str, **options) -> CeremonyState:
    """Go back to the slide rotation; the approval stays (see move)."""
    return move(session, code, "reset", **options)


def save_settings(
    session: Session,
    code: str,
    settings: CeremonySettings,
    *,
    by: str,
    now: datetime | None = None,
    expected_revision: int | None = None,
) -> CeremonyState:
    """Store the screens' settings for an edition."""
    text = settings.to_json()

    def decide(row: Row, _moment: datetime) -> dict | None:
        return None if text == row.settings else {"settings": text}

    _id, row, _changed = apply_change(
        session, code, decide, by=by, expected_revision=expected_revision, now=now
    )
    return state_from_row(code, row)
