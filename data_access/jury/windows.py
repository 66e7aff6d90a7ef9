"""Scoring windows: a stage's sheets can be saved inside its schedule dates (the edition's
time zone, WIB, both days inclusive), or until a date the committee extended them to, for
one juror or for the whole stage.

A side left empty in the schedule does not close the window: an edition without scoring
dates never refuses a save for its dates. The caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from data_access import queries
from data_access.formatting import to_local
from data_access.i18n import CarriesMessage, Message
from data_access.jury import lookup
from data_access.jury.history import SheetKey
from data_access.models import Edition, Juror, Stage, WindowExtension, utcnow


class WindowRefused(CarriesMessage, ValueError):
    """An extension refused, with its reason as a catalogue message."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.message = Message(key, **params)
        super().__init__(str(self.message))


@dataclass(frozen=True)
class Window:
    """A stage's scoring window for one juror: the schedule's dates and any extension."""

    stage_code: str
    start: date | None
    end: date | None
    extended_until: date | None
    timezone: str

    def today(self, now: datetime) -> date:
        """Return the day it is at `now` in the edition's time zone."""
        return to_local(now, self.timezone).date()

    def is_open(self, now: datetime) -> bool:
        """Return True when a sheet may be saved at `now` (an aware moment)."""
        today = self.today(now)
        if self.extended_until is not None and today <= self.extended_until:
            return True
        return (self.start is None or self.start <= today) and (
            self.end is None or today <= self.end
        )

    @property
    def last_day(self) -> date | None:
        """Return the last day a sheet may be saved, None when no end is set."""
        if self.end is None:
            return None
        return max(self.end, self.extended_until or self.end)

    @property
    def closes_at(self) -> datetime | None:
        """Return when the window closes (midnight after its last day, local): a countdown's end."""
        last = self.last_day
        if last is None:
            return None
        return datetime.combine(last + timedelta(days=1), time(), ZoneInfo(self.timezone))


def countdown(
    start: date | None, last_day: date | None, timezone: str, now: datetime
) -> tuple[str, datetime] | None:
    """Return what a window's countdown counts to at `now`: ("opens", when), ("closes", when)
    or ("closed", when it closed); None when the schedule sets no last day.

    A window opens at midnight starting its first day and closes at midnight ending its last
    day, in the edition's time zone (both days inclusive, as is_open reads them).
    """
    if last_day is None:
        return None
    zone = ZoneInfo(timezone)
    closes = datetime.combine(last_day + timedelta(days=1), time(), zone)
    if start is not None:
        opens = datetime.combine(start, time(), zone)
        if now < opens:
            return "opens", opens
    return ("closes", closes) if now < closes else ("closed", closes)


def scoring_window(session: Session, key: SheetKey) -> Window:
    """Return the sheet's stage window for its juror, with the latest extension that applies."""
    latest = (
        select(func.max(WindowExtension.until))
        .where(
            WindowExtension.stage_id == key.stage_id,
            or_(WindowExtension.juror_id.is_(None), WindowExtension.juror_id == key.juror_id),
        )
        .scalar_subquery()
    )
    code, tz, p_start, p_end, s_start, s_end, extended = session.execute(
        select(
            Stage.code,
            Edition.timezone,
            Edition.proposal_start,
            Edition.proposal_end,
            Edition.presentation_start,
            Edition.presentation_end,
            latest,
        )
        .join(Edition, Edition.id == Stage.edition_id)
        .where(Stage.id == key.stage_id)
    ).one()
    start, end = (p_start, p_end) if code == "proposal" else (s_start, s_end)
    return Window(code, start, end, extended, tz)


def window_open(session: Session, key: SheetKey, now: datetime | None = None) -> bool:
    """Return True when the sheet's juror may save it at `now` (default: this moment)."""
    return scoring_window(session, key).is_open(now or utcnow())


@dataclass(frozen=True)
class Extension:
    """One recorded extension: the stage, for whom (None: every juror), until, who and when."""

    stage_code: str
    juror_code: str | None
    until: date
    created_at: datetime
    created_by: str


def extend_window(
    session: Session,
    edition: str,
    stage: str,
    until: date,
    by: str,
    juror: str | None = None,
    *,
    now: datetime | None = None,
) -> Extension:
    """Keep a stage's scoring open until a day (inclusive, local), for one juror or all.

    Recorded as a new row (who, when, until, for whom); refused for a day already past.
    """
    now = now or utcnow()
    info = queries.get_edition(session, edition)
    stage_id = lookup.stage_id(session, info.id, stage)
    juror_id = None if juror is None else lookup.juror_id(session, info.id, juror)
    if until < to_local(now, info.timezone).date():
        raise WindowRefused("window.until_past", until=until.isoformat())
    session.add(
        WindowExtension(
            stage_id=stage_id, juror_id=juror_id, until=until, created_at=now, created_by=by
        )
    )
    session.flush()
    return Extension(stage, juror, until, now, by)


def extensions(session: Session, edition_id: int) -> list[Extension]:
    """Return the edition's extensions, oldest first."""
    rows = session.execute(
        select(
            Stage.code,
            Juror.code,
            WindowExtension.until,
            WindowExtension.created_at,
            WindowExtension.created_by,
        )
        .join(Stage, Stage.id == WindowExtension.stage_id)
        .outerjoin(Juror, Juror.id == WindowExtension.juror_id)
        .where(Stage.edition_id == edition_id)
        .order_by(WindowExtension.id)
    )
    return [Extension(*row) for row in rows]
