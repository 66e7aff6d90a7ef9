"""A juror's way to one of their own sheets: find it by codes, its window, its running score.

The web sheet (/penilaian/<stage>/<innovation>) addresses a sheet by the stage's and the
innovation's codes; the juror is always the signed-in one, so no juror can even name
another's sheet. A sheet opens only for an assignment the juror holds (an abstained one
opens read-only, to say so). Scoring is open inside the stage's window
(data_access.jury.windows: the schedule's dates in the edition's time zone, or a
committee's extension for this juror or the whole stage); outside it the sheet is
read-only. Before the first score the juror declares a conflict of interest or none
(data_access.jury.conflicts); the sheet opens only after "none".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.formatting import http_url
from data_access.jury import conflicts, sheets, windows
from data_access.jury.assigned import juror_assigned
from data_access.jury.conflicts import Declaration
from data_access.jury.sheets import (
    HUNDRED,
    CriterionLine,
    DeclarationRequired,
    Sheet,
    SheetKey,
    SheetLocked,
    WindowClosed,
    load_sheet,
)
from data_access.jury.windows import Window
from data_access.models import (
    Edition,
    Innovation,
    InnovationDocument,
    Juror,
    Stage,
    Unit,
    utcnow,
)
from data_access.scoring.arithmetic import div_half_up

# What a juror may type: 0–100 with at most two decimals, a comma or a point before them.
SCORE_TEXT = re.compile(r"^(\d{1,3})(?:[.,](\d{1,2}))?$")


@dataclass(frozen=True)
class JurorSheet:
    """A juror's own sheet with what the page shows around it."""

    sheet: Sheet
    stage_code: str
    stage_name: str
    innovation_code: str
    innovation_title: str
    unit: str
    window: Window
    abstain: bool  # the assignment abstains (a confirmed conflict, or the committee's import)
    declaration: Declaration | None  # the juror's conflict-of-interest declaration, if made
    summary: str | None = None  # the innovation's paragraph for jurors (innovations.csv)
    proposal_url: str | None = None  # where the proposal can be read, only an http(s) link
    edition_code: str = ""
    document: bool = False  # the committee uploaded the proposal as a PDF (data_access.documents)

    @property
    def conflict_status(self) -> str | None:
        """Return conflicts.NONE/DECLARED/CONFIRMED, or None before a declaration."""
        return None if self.declaration is None else self.declaration.status

    def is_open(self, now: datetime | None = None) -> bool:
        """Return True when the window is open at `now` (default: this moment)."""
        return self.window.is_open(now or utcnow())

    def can_declare(self, now: datetime | None = None) -> bool:
        """Return True when the page asks for the declaration: open, unlocked, undeclared."""
        return (
            self.declaration is None
            and not self.abstain
            and not self.sheet.locked
            and self.is_open(now)
        )

    def editable(self, now: datetime | None = None) -> bool:
        """Return True when the juror may type: declared no conflict, open and not locked."""
        return (
            self.conflict_status == conflicts.NONE
            and not self.abstain
            and not self.sheet.locked
            and self.is_open(now)
        )


def find_juror_sheet(
    session: Session, juror_id: int, stage_code: str, innovation_code: str
) -> JurorSheet | None:
    """Return the juror's sheet for an assignment they hold (abstained too), or None."""
    mine = juror_assigned(juror_id)
    row = session.execute(
        select(
            Stage,
            Innovation.id,
            Innovation.code,
            Innovation.title,
            Unit.name,
            mine.c.abstain,
            Innovation.summary,
            Innovation.proposal_url,
            Edition.code,
            InnovationDocument.innovation_id,
        )
        .select_from(mine)
        .join(Stage, Stage.id == mine.c.stage_id)
        .join(Innovation, Innovation.id == mine.c.innovation_id)
        .join(Unit, Unit.id == Innovation.unit_id)
        .join(Juror, Juror.id == juror_id)
        .join(Edition, Edition.id == Juror.edition_id)
        .outerjoin(InnovationDocument, InnovationDocument.innovation_id == Innovation.id)
        .where(
            Stage.code == stage_code,
            Stage.edition_id == Juror.edition_id,
            Innovation.code == innovation_code,
            Innovation.edition_id == Juror.edition_id,
        )
    ).first()
    if row is None:
        return None
    stage, innovation_id, code, title, unit, abstain, summary, proposal_url = row[:8]
    edition_code, document = row[8:]
    key = SheetKey(stage.id, juror_id, innovation_id)
    return JurorSheet(
        load_sheet(session, key),
        stage.code,
        stage.name,
        code,
        title,
        unit,
        windows.scoring_window(session, key),
        bool(abstain),
        conflicts.declaration(session, key),
        summary or None,
        http_url(proposal_url),
        edition_code,
        document is not None,
    )


def parse_score(text: str) -> Decimal | None:
    """Return a typed score ("82,5", "82.5", "" for none) as a Decimal, or raise ValueError."""
    text = text.strip()
    if not text:
        return None
    found = SCORE_TEXT.match(text)
    if found is None:
        raise ValueError(text)
    whole, fraction = found.groups()
    value = Decimal(f"{whole}.{fraction}" if fraction else whole)
    if value > HUNDRED:
        raise ValueError(text)
    return value


def running_score(criteria: list[CriterionLine]) -> Decimal | None:
    """Return Σ(bobot × score) / Σ bobot over the scored criteria, half-up to two decimals.

    The engine's rule (SCORING.md 3, data_access.scoring.sheets) on a complete sheet; on a
    partial one the same rule over what is scored so far, for the juror to see as they go.
    """
    scored = [c for c in criteria if c.value is not None]
    weight = sum(int(c.weight.scaleb(2)) for c in scored)
    if not scored or weight <= 0:
        return None
    weighted = sum(
        int(c.weight.scaleb(2)) * int(c.value.scaleb(2)) for c in scored if c.value is not None
    )
    return Decimal(div_half_up(weighted, weight)).scaleb(-2)


# Why a sheet waits, by its declaration's status (None: not declared yet).
WAITING = {
    None: "conflict.required",
    conflicts.DECLARED: "conflict.declared",
    conflicts.CONFIRMED: "conflict.abstained",
}


def _check_open(found: JurorSheet, now: datetime) -> None:
    """Refuse a change to an abstained, locked or closed sheet (the page shows it read-only)."""
    if found.abstain:
        raise DeclarationRequired("conflict.abstained")
    if found.sheet.locked:
        raise SheetLocked("sheet.locked")
    if not found.is_open(now):
        raise WindowClosed("window.closed", stage=found.stage_code)


def save_juror_sheet(
    session: Session,
    juror_id: int,
    stage_code: str,
    innovation_code: str,
    values: Mapping[str, Decimal | None],
    comments: Mapping[str, str],
    note: str,
    *,
    expected_revision: int,
    submit: bool,
    actor: str,
    now: datetime | None = None,
) -> JurorSheet | None:
    """Save the juror's own draft (and submit it, when asked) in its window; None: not theirs.

    A submit saves what the page shows first, then submits that revision, in the caller's
    one transaction: what is submitted is exactly what the juror saw.
    """
    now = now or utcnow()
    found = find_juror_sheet(session, juror_id, stage_code, innovation_code)
    if found is None:
        return None
    _check_open(found, now)
    # Comments and the note wait for the declaration as the scores do (the page's inputs do).
    status = found.conflict_status
    if status != conflicts.NONE:
        raise DeclarationRequired(WAITING[status])
    key = found.sheet.key
    saved = sheets.save_draft(
        session,
        key,
        values,
        comments,
        note,
        expected_revision=expected_revision,
        actor=actor,
        now=now,
        loaded=found.sheet,
        checked=True,  # the window, the abstention and the declaration, just above
    )
    if submit:
        saved = sheets.submit(
            session,
            key,
            expected_revision=saved.revision,
            actor=actor,
            now=now,
            loaded=saved,
            checked=True,
        )
    return replace(found, sheet=saved)


def declare_juror_conflict(
    session: Session,
    juror_id: int,
    stage_code: str,
    innovation_code: str,
    *,
    reason: str | None,
    actor: str,
    now: datetime | None = None,
) -> JurorSheet | None:
    """Record the juror's declaration on their own sheet's innovation; None: not theirs.

    reason None declares no conflict; a reason declares a conflict for the committee.
    Refused (as a save is) on an abstained, locked or closed sheet; conflicts refuses a
    second declaration after a conflict, and an empty reason.
    """
    now = now or utcnow()
    found = find_juror_sheet(session, juror_id, stage_code, innovation_code)
    if found is None:
        return None
    _check_open(found, now)
    key = found.sheet.key
    if reason is None:
        made = conflicts.declare_no_conflict(session, key, actor, now=now)
    else:
        made = conflicts.declare_conflict(session, key, reason, actor, now=now)
    return replace(found, declaration=made)
