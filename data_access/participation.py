"""Pure OPD participation per SCORING.md: required OPDs, sub-units rolled up, late entries, rate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, NamedTuple, cast
from zoneinfo import ZoneInfo

from data_access.progress import ratio
from data_access.scoring import ELIGIBLE


@dataclass(frozen=True)
class UnitRow:
    """A unit as participation sees it."""

    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    required: bool


@dataclass(frozen=True)
class SubmissionRow:
    """An innovation as participation sees it."""

    id: int
    unit_id: int
    admin_status: str
    submitted_at: datetime | None


class OpdParticipation(NamedTuple):
    """One required OPD's submissions, its sub-units' included.

    A NamedTuple (not a dataclass): a national page holds 600 of them per data version,
    built from SQL's rows and looked up by value (each row's texts are formatted once per
    process), so making, hashing and comparing them are the C tuple's own.
    """

    unit_id: int
    code: str
    name: str
    short_name: str
    kind: str
    submitted: int
    passed: int
    finalists: int
    first_submitted_at: datetime | None
    late: int
    from_sub_units: int

    @property
    def has_submitted(self) -> bool:
        """Return True when the OPD (or a sub-unit) submitted at least one innovation."""
        return self.submitted > 0


@dataclass(frozen=True)
class Participation:
    """Participation of every required OPD, and the rate."""

    rows: list[OpdParticipation]
    required: int
    participating: int
    rate: Decimal | None
    unattributed: int  # innovations of units that roll up to no required OPD
    timezone: str = "Asia/Jakarta"
    submission_end: date | None = None


def owner_of(units: Sequence[UnitRow]) -> dict[int, int | None]:
    """Return unit id -> the required OPD it counts for (itself or nearest required ancestor)."""
    by_id = {u.id: u for u in units}
    owners: dict[int, int | None] = {}
    for unit in units:
        seen: set[int] = set()
        current: UnitRow | None = unit
        owner = None
        while current is not None and current.id not in seen:
            seen.add(current.id)
            if current.required:
                owner = current.id
                break
            current = by_id.get(current.parent_id) if current.parent_id is not None else None
        owners[unit.id] = owner
    return owners


class OpdCounts(NamedTuple):
    """One required OPD's innovations in an edition, its sub-units' rolled up by SQL.

    The row without a unit (unit_id None) counts the innovations of units that roll up to
    no required OPD.
    """

    unit_id: int | None
    code: str | None
    name: str | None
    short_name: str | None
    kind: str | None
    submitted: int
    passed: int
    finalists: int
    first_submitted_at: datetime | None
    late: int
    from_sub_units: int


def late_from(deadline: date | None, timezone: str) -> datetime | None:
    """Return the first moment (UTC) that is late: the deadline's next day in the zone."""
    if deadline is None:
        return None
    next_day = datetime.combine(deadline + timedelta(days=1), time.min, tzinfo=ZoneInfo(timezone))
    return next_day.astimezone(UTC)


def submissions_closed(participation: Participation, now: datetime) -> bool:
    """Return True once the deadline's day is over in the edition's zone: an OPD without a
    submission then did not submit (it has not submitted *yet* before that)."""
    first_late = late_from(participation.submission_end, participation.timezone)
    return first_late is not None and now >= first_late


def closed_key(key: str, closed: bool) -> str:
    """Return a catalogue key of a "not submitted" text, in its after-the-deadline form."""
    return f"{key}.closed" if closed else key


def is_late(submitted_at: datetime | None, deadline: date | None, timezone: str) -> bool:
    """Return True when a submission came after the deadline day, in the edition's time zone."""
    if submitted_at is None or deadline is None:
        return False
    return submitted_at.astimezone(ZoneInfo(timezone)).date() > deadline


def compute_participation(
    units: Sequence[UnitRow],
    innovations: Sequence[SubmissionRow],
    finalist_ids: frozenset[int],
    *,
    submission_end: date | None,
    timezone: str,
) -> Participation:
    """Return every required OPD's participation, sub-units rolled up to their parent."""
    owners = owner_of(units)
    stats = _empty_stats(units)
    unattributed = 0
    for inn in innovations:
        owner = owners.get(inn.unit_id)
        if owner is None:
            unattributed += 1
            continue
        row = stats[owner]
        row["submitted"] += 1
        row["passed"] += inn.admin_status == ELIGIBLE
        row["finalists"] += inn.id in finalist_ids
        row["late"] += is_late(inn.submitted_at, submission_end, timezone)
        row["sub"] += inn.unit_id != owner
        if inn.submitted_at is not None and (
            row["first"] is None or inn.submitted_at < row["first"]
        ):
            row["first"] = inn.submitted_at
    return _participation(units, stats, unattributed, submission_end, timezone)


def participation_from_counts(
    counts: Sequence[OpdCounts], *, submission_end: date | None, timezone: str
) -> Participation:
    """Return compute_participation's result from SQL's per-OPD counts (the live path).

    The counts were taken with the same rules (owner_of's roll-up, passed, finalist, late:
    after late_from); tests/test_participation.py holds the two equal.
    """
    make = OpdParticipation._make
    rows = sorted(
        # A row with a unit carries every unit column (only the orphans' row has None).
        (make(cast(tuple[Any, ...], row)) for row in counts if row.unit_id is not None),
        key=_code,
    )
    unattributed = sum(row.submitted for row in counts if row.unit_id is None)
    return _result(rows, unattributed, submission_end, timezone)


def _code(row: OpdParticipation) -> str:
    return row.code


def _empty_stats(units: Sequence[UnitRow]) -> dict[int, dict]:
    """Return every required OPD's counters, at zero."""
    return {
        u.id: {"submitted": 0, "passed": 0, "finalists": 0, "first": None, "late": 0, "sub": 0}
        for u in units
        if u.required
    }


def _participation(
    units: Sequence[UnitRow],
    stats: dict[int, dict],
    unattributed: int,
    submission_end: date | None,
    timezone: str,
) -> Participation:
    rows = [
        OpdParticipation(
            unit_id=u.id,
            code=u.code,
            name=u.name,
            short_name=u.short_name,
            kind=u.kind,
            submitted=stats[u.id]["submitted"],
            passed=stats[u.id]["passed"],
            finalists=stats[u.id]["finalists"],
            first_submitted_at=stats[u.id]["first"],
            late=stats[u.id]["late"],
            from_sub_units=stats[u.id]["sub"],
        )
        for u in sorted((u for u in units if u.required), key=lambda u: u.code)
    ]
    return _result(rows, unattributed, submission_end, timezone)


def _result(
    rows: list[OpdParticipation],
    unattributed: int,
    submission_end: date | None,
    timezone: str,
) -> Participation:
    participating = sum(1 for r in rows if r.has_submitted)
    return Participation(
        rows=rows,
        required=len(rows),
        participating=participating,
        rate=ratio(participating, len(rows)),
        unattributed=unattributed,
        timezone=timezone,
        submission_end=submission_end,
    )
