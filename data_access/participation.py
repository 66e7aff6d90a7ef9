"""Pure OPD participation per SCORING.md: required OPDs, sub-units rolled up, late entries, rate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple
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


@dataclass(frozen=True)
class OpdParticipation:
    """One required OPD's submissions, its sub-units' included."""

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


class UnitCounts(NamedTuple):
    """One unit's own innovations in an edition, counted by SQL (sub-units apart)."""

    unit_id: int
    submitted: int
    passed: int
    finalists: int
    first_submitted_at: datetime | None
    late: int


def late_from(deadline: date | None, timezone: str) -> datetime | None:
    """Return the first moment (UTC) that is late: the deadline's next day in the zone."""
    if deadline is None:
        return None
    next_day = datetime.combine(deadline + timedelta(days=1), time.min, tzinfo=ZoneInfo(timezone))
    return next_day.astimezone(UTC)


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
    units: Sequence[UnitRow],
    counts: Sequence[UnitCounts],
    *,
    submission_end: date | None,
    timezone: str,
) -> Participation:
    """Return compute_participation's result from SQL's per-unit counts (the live path).

    The counts were taken per unit with the same rules (passed, finalist, late: after
    late_from); here each unit's are rolled up to its required OPD.
    """
    owners = owner_of(units)
    stats = _empty_stats(units)
    unattributed = 0
    for unit_id, submitted, passed, finalists, first, late in counts:
        owner = owners.get(unit_id)
        if owner is None:
            unattributed += submitted
            continue
        row = stats[owner]
        row["submitted"] += submitted
        row["passed"] += passed
        row["finalists"] += finalists
        row["late"] += late
        row["sub"] += submitted if unit_id != owner else 0
        if first is not None and (row["first"] is None or first < row["first"]):
            row["first"] = first
    return _participation(units, stats, unattributed, submission_end, timezone)


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
