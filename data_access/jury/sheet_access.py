"""A juror's way to one of their own sheets: find it by codes, its window, its running score.

The web sheet (/penilaian/<stage>/<innovation>) addresses a sheet by the stage's and the
innovation's codes; the juror is always the signed-in one, so no juror can even name
another's sheet. A sheet opens only for an assignment the juror holds (not abstained).
Scoring is open inside the stage's window of the edition's schedule, in the edition's
time zone (WIB by default); outside it the sheet is read-only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.jury import sheets
from data_access.jury.sheets import (
    HUNDRED,
    CriterionLine,
    Sheet,
    SheetKey,
    SheetRefused,
    load_sheet,
)
from data_access.models import Assignment, Edition, Innovation, Juror, Stage, Unit, utcnow
from data_access.scoring.arithmetic import div_half_up

# What a juror may type: 0–100 with at most two decimals, a comma or a point before them.
SCORE_TEXT = re.compile(r"^(\d{1,3})(?:[.,](\d{1,2}))?$")


@dataclass(frozen=True)
class Window:
    """The days a stage is open for scoring (both inclusive), in the edition's time zone."""

    start: date | None
    end: date | None
    timezone: str

    def today(self, now: datetime | None = None) -> date:
        """Return the date it is now where the edition is."""
        return (now or utcnow()).astimezone(ZoneInfo(self.timezone)).date()

    def is_open(self, now: datetime | None = None) -> bool:
        """Return True when scoring is open now (no schedule set: open, nothing to hold to)."""
        today = self.today(now)
        if self.start is not None and today < self.start:
            return False
        return self.end is None or today <= self.end


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


def scoring_window(edition: Edition, stage_code: str, juror_id: int) -> Window:
    """Return the window in which this juror may score this stage.

    Today the edition's schedule alone. The seam for the committee's recorded extensions
    (per juror or per stage, issue 15): look them up here and widen the window.
    """
    del juror_id  # used once extensions per juror exist
    days = {
        "proposal": (edition.proposal_start, edition.proposal_end),
        "presentation": (edition.presentation_start, edition.presentation_end),
    }
    start, end = days.get(stage_code, (None, None))
    return Window(start, end, edition.timezone or "Asia/Jakarta")


def find_juror_sheet(
    session: Session, juror_id: int, stage_code: str, innovation_code: str
) -> JurorSheet | None:
    """Return the juror's sheet for an assignment they hold, or None (none, or abstained)."""
    row = session.execute(
        select(Stage, Innovation.id, Innovation.code, Innovation.title, Unit.name, Edition)
        .select_from(Assignment)
        .join(Stage, Stage.id == Assignment.stage_id)
        .join(Innovation, Innovation.id == Assignment.innovation_id)
        .join(Unit, Unit.id == Innovation.unit_id)
        .join(Juror, Juror.id == Assignment.juror_id)
        .join(Edition, Edition.id == Juror.edition_id)
        .where(
            Assignment.juror_id == juror_id,
            Assignment.abstain.is_(False),
            Stage.code == stage_code,
            Stage.edition_id == Juror.edition_id,
            Innovation.code == innovation_code,
            Innovation.edition_id == Juror.edition_id,
        )
    ).first()
    if row is None:
        return None
    stage, innovation_id, code, title, unit, edition = row
    sheet = load_sheet(session, SheetKey(stage.id, juror_id, innovation_id))
    return JurorSheet(
        sheet,
        stage.code,
        stage.name,
        code,
        title,
        unit,
        scoring_window(edition, stage.code, juror_id),
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


class ScoringClosed(SheetRefused):
    """A save or a submit outside the stage's scoring window."""


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
    found = find_juror_sheet(session, juror_id, stage_code, innovation_code)
    if found is None:
        return None
    if not found.window.is_open(now):
        raise ScoringClosed("sheet.page.closed_api")
    key = found.sheet.key
    saved = sheets.save_draft(
        session,
        key,
        values,
        comments,
        note,
        expected_revision=expected_revision,
        actor=actor,
    )
    if submit:
        saved = sheets.submit(session, key, expected_revision=saved.revision, actor=actor)
    return replace(found, sheet=saved)
