"""A juror's sheet in the app: load it, save a draft, submit it; the committee reopens it.

SCORING.md: a sheet filled in the app counts only once submitted. Every save names the
revision it started from; a save against an older revision is refused with the values now
on record (two tabs never silently overwrite each other). Every score change, submit and
reopen appends a line to the score history. The caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from data_access.jury import conflicts, history, windows
from data_access.jury.history import SheetKey
from data_access.jury.sheet_model import (
    CriterionLine,
    DeclarationRequired,
    InvalidScore,
    Sheet,
    SheetConflict,
    SheetLocked,
    SheetRefused,
    WindowClosed,
)
from data_access.jury.sheet_read import key_of as _key_of
from data_access.jury.sheet_read import load_sheet
from data_access.jury.sheet_read import value as _value
from data_access.models import (
    DRAFT,
    SUBMITTED,
    Score,
    SheetComment,
    SheetState,
    utcnow,
)

__all__ = [
    "CriterionLine",
    "DeclarationRequired",
    "InvalidScore",
    "Sheet",
    "SheetConflict",
    "SheetKey",
    "SheetLocked",
    "SheetRefused",
    "WindowClosed",
    "load_sheet",
    "reopen",
    "save_draft",
    "submit",
]

HUNDRED = Decimal(100)


def _check_window(session: Session, sheet: Sheet, now: datetime) -> None:
    window = windows.scoring_window(session, sheet.key)
    if not window.is_open(now):
        raise WindowClosed("window.closed", stage=sheet.names.stage_code)


def _check_declaration(session: Session, key: SheetKey) -> None:
    """Refuse scores until the juror declared no conflict with the innovation."""
    found = conflicts.declaration(session, key)
    if found is None:
        raise DeclarationRequired("conflict.required")
    if found.status == conflicts.CONFIRMED:
        raise DeclarationRequired("conflict.abstained")
    if found.status == conflicts.DECLARED:
        raise DeclarationRequired("conflict.declared")


def score_centi(code: str, value: Decimal) -> int:
    """Return a 0–100 value with at most two decimals in hundredths, or refuse it."""
    try:
        finite = value.is_finite()
        centi = value.scaleb(2)
        whole = finite and centi == centi.to_integral_value()
    except (AttributeError, InvalidOperation):
        whole = False
    if not whole or not (0 <= value <= HUNDRED):
        raise InvalidScore("sheet.invalid_score", criterion=code)
    return int(centi)


def _claim(session: Session, sheet: Sheet, expected_revision: int, changes: dict) -> int:
    """Move the sheet's revision on from expected_revision and return it, or refuse.

    The conditional UPDATE (or the INSERT of a first save) is the check: of two saves
    that start from one revision, exactly one changes a row, whatever the back end.
    """
    if sheet.locked:
        raise SheetLocked("sheet.locked")
    key = sheet.key
    if sheet.state is None and expected_revision == 0:
        # Two first saves race on the primary key: the second inserts nothing.
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        statement = (
            dialect.insert(SheetState)
            .values({**key._asdict(), "state": DRAFT, "revision": 1, "note": "", **changes})
            .on_conflict_do_nothing()
        )
    else:
        statement = (
            update(SheetState)
            .where(
                _key_of(SheetState, key),
                SheetState.revision == expected_revision,
                SheetState.state == DRAFT,
            )
            .values(revision=SheetState.revision + 1, **changes)
        )
    # RETURNING rather than rowcount, which the PostgreSQL driver may leave at -1 here.
    claimed = session.execute(statement.returning(SheetState.revision)).first()
    if claimed is None:
        current = load_sheet(session, key)
        if current.locked:
            raise SheetLocked("sheet.locked")
        raise SheetConflict(current)
    return claimed[0]


def save_draft(
    session: Session,
    key: SheetKey,
    values: Mapping[str, Decimal | None],
    comments: Mapping[str, str] | None = None,
    note: str | None = None,
    *,
    expected_revision: int,
    actor: str,
    source: str = "web",
    now: datetime | None = None,
    loaded: Sheet | None = None,
    checked: bool = False,
) -> Sheet:
    """Save the given criteria (code -> value, None clears), comments and note as a draft.

    Criteria not named keep their value. Refused when the sheet is submitted or imported
    (SheetLocked), when expected_revision is not the revision on record (SheetConflict,
    carrying the sheet as it is now), outside the stage's scoring window (WindowClosed),
    and for a score before the juror declared no conflict of interest with the innovation
    (DeclarationRequired). Return the sheet as saved. `loaded`: the sheet as this
    transaction already read it (not read again); `checked`: the caller already checked
    the window and the declaration in this transaction.

    The writes that move the data version (the sheet's state, then its scores) come last:
    from the first of them to the commit the transaction holds the version's row lock,
    which every writer of judged data waits for (migration 0005), so nothing but those
    writes (and the comments, which need the state row) happen while it is held. The
    history lines go first; a refused claim rolls them back with the rest.
    """
    now = now or utcnow()
    sheet = loaded if loaded is not None and loaded.key == key else load_sheet(session, key)
    if sheet.locked:
        raise SheetLocked("sheet.locked")
    if not checked:
        _check_window(session, sheet, now)
        if any(value is not None for value in values.values()):
            _check_declaration(session, key)
    by_code = {c.code: c for c in sheet.criteria}
    wanted: dict[int, int | None] = {}
    for code, value in values.items():
        if code not in by_code:
            raise SheetRefused("sheet.unknown_criterion", criterion=code)
        wanted[by_code[code].id] = None if value is None else score_centi(code, value)
    for code in comments or {}:
        if code not in by_code:
            raise SheetRefused("sheet.unknown_criterion", criterion=code)
    changes: dict[str, object] = {"updated_at": now, "updated_by": actor}
    if note is not None:
        changes["note"] = note

    old = {c.id: c for c in sheet.criteria}
    moves: list[tuple[int, int | None, int | None]] = []  # (criterion, before, new)
    for criterion_id, new in wanted.items():
        line = old[criterion_id]
        before = None if line.value is None else int(line.value.scaleb(2))
        if before != new:
            moves.append((criterion_id, before, new))
    history.append(
        session,
        [
            history.score_line(
                key,
                sheet.names,
                (criterion_id, old[criterion_id].code),
                before,
                new,
                source=source,
                by=actor,
                at=now,
            )
            for criterion_id, before, new in moves
        ],
    )

    revision = _claim(session, sheet, expected_revision, changes)  # the version's lock
    # After the claim: a comment belongs to the sheet's state row (a first save makes it).
    written: dict[int, str] = {}
    for code, text in (comments or {}).items():
        stored = by_code[code].comment
        if text == stored or not (text.strip() or stored.strip()):
            continue  # unchanged (the page sends every comment with each save)
        criterion_id = by_code[code].id
        where = and_(_key_of(SheetComment, key), SheetComment.criterion_id == criterion_id)
        session.execute(delete(SheetComment).where(where))
        written[criterion_id] = text if text.strip() else ""
        if text.strip():
            session.execute(
                insert(SheetComment).values(**key._asdict(), criterion_id=criterion_id, text=text)
            )
    for criterion_id, before, new in moves:
        where = and_(_key_of(Score, key), Score.criterion_id == criterion_id)
        if new is None:
            session.execute(delete(Score).where(where))
        elif before is None:
            session.execute(
                insert(Score).values(
                    **key._asdict(), criterion_id=criterion_id, score_centi=new, scored_at=now
                )
            )
        else:
            session.execute(update(Score).where(where).values(score_centi=new, scored_at=now))
    # The sheet as saved, from what this transaction wrote (not read again under the lock).
    moved = {criterion_id: new for criterion_id, _before, new in moves}
    criteria = [
        replace(
            line,
            value=_value(moved[line.id]) if line.id in moved else line.value,
            comment=written.get(line.id, line.comment),
        )
        for line in sheet.criteria
    ]
    return replace(
        sheet,
        criteria=criteria,
        state=DRAFT,
        revision=revision,
        note=sheet.note if note is None else note,
        updated_at=now,
        updated_by=actor,
    )


def submit(
    session: Session,
    key: SheetKey,
    *,
    expected_revision: int,
    actor: str,
    source: str = "web",
    now: datetime | None = None,
    loaded: Sheet | None = None,
    checked: bool = False,
) -> Sheet:
    """Submit a complete draft: it counts from now on and is locked (only a reopen unlocks).

    Refused outside the stage's scoring window and on a declared conflict of interest.
    `loaded` and `checked` as for save_draft.
    """
    now = now or utcnow()
    sheet = loaded if loaded is not None and loaded.key == key else load_sheet(session, key)
    if sheet.locked:
        raise SheetLocked("sheet.locked")
    if not checked:
        _check_window(session, sheet, now)
        _check_declaration(session, key)
    missing = sum(1 for c in sheet.criteria if c.value is None)
    if missing or sheet.state is None:
        raise SheetRefused("sheet.incomplete", missing=missing or len(sheet.criteria))
    changes = {
        "state": SUBMITTED,
        "updated_at": now,
        "updated_by": actor,
        "submitted_at": now,
        "submitted_by": actor,
    }
    history.append(
        session, [history.event_line(key, sheet.names, "submit", source=source, by=actor, at=now)]
    )
    revision = _claim(session, sheet, expected_revision, changes)  # the version's lock
    return replace(
        sheet,
        state=SUBMITTED,
        revision=revision,
        updated_at=now,
        updated_by=actor,
        submitted_at=now,
    )


def reopen(session: Session, key: SheetKey, reason: str, by: str, *, source: str = "web") -> Sheet:
    """Give a submitted (or imported) sheet back to its juror as a draft, with a reason."""
    reason = reason.strip()
    if not reason:
        raise SheetRefused("sheet.reason_required")
    sheet = load_sheet(session, key)
    if not sheet.locked:
        raise SheetRefused("sheet.not_submitted")
    now = utcnow()
    changes = {
        "state": DRAFT,
        "updated_at": now,
        "updated_by": by,
        "reopened_at": now,
        "reopened_by": by,
        "reopen_reason": reason,
    }
    if sheet.state is None:  # an imported sheet becomes an app draft
        session.execute(
            insert(SheetState).values({**key._asdict(), "revision": 1, "note": "", **changes})
        )
    else:
        session.execute(
            update(SheetState)
            .where(_key_of(SheetState, key), SheetState.state == SUBMITTED)
            .values(revision=SheetState.revision + 1, **changes)
        )
    history.append(
        session,
        [
            history.event_line(
                key, sheet.names, "reopen", source=source, by=by, at=now, reason=reason
            )
        ],
    )
    return load_sheet(session, key)


def submitted_sheets(session: Session, stage_ids: list[int]) -> set[SheetKey]:
    """Return the sheets of these stages submitted in the app (locked for imports)."""
    rows = session.execute(
        select(SheetState.stage_id, SheetState.juror_id, SheetState.innovation_id).where(
            SheetState.stage_id.in_(stage_ids), SheetState.state == SUBMITTED
        )
    )
    return {SheetKey(*row) for row in rows}
