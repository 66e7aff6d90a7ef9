"""Pure judging progress per SCORING.md: per stage, per juror, per jury group, and pace."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from data_access.scoring import (
    COUNTED,
    STAGES,
    UNEXPECTED,
    SheetResult,
    StageContext,
)

RATIO = Decimal("0.0001")


@dataclass(frozen=True)
class JurorRow:
    """A juror as progress sees it."""

    id: int
    code: str
    name: str
    group: str


@dataclass(frozen=True)
class StageProgress:
    """Complete, partial, missing and abstained sheets of a stage."""

    stage: str
    expected: int  # assignments − abstentions, on eligible innovations
    complete: int
    partial: int
    missing: int
    abstained: int
    unexpected: int
    ratio: Decimal | None  # complete ÷ expected, None when nothing is expected


@dataclass(frozen=True)
class JurorProgress:
    """One juror's progress in one stage."""

    stage: str
    juror_id: int
    code: str
    name: str
    group: str
    assigned: int
    complete: int
    partial: int
    abstained: int
    last_scored_at: datetime | None
    ratio: Decimal | None


@dataclass(frozen=True)
class GroupCoverage:
    """Whether each jury group has at least one complete sheet for one innovation."""

    stage: str
    innovation_id: int
    groups: Mapping[str, bool]

    @property
    def covered(self) -> bool:
        """Return True when every group has a complete sheet."""
        return all(self.groups.values())


@dataclass(frozen=True)
class Pace:
    """Complete sheets per day inside the stage's window and the projected end."""

    stage: str
    per_day: Decimal | None
    days_elapsed: Decimal
    remaining: int
    projected_end: date | None
    window_end: date | None
    behind: bool  # the projected end falls after the window's end


def ratio(part: int, whole: int) -> Decimal | None:
    """Return part ÷ whole rounded half-up to four decimals (None when whole is 0)."""
    if whole <= 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(RATIO, rounding=ROUND_HALF_UP)


def _assigned_counts(context: StageContext, juror_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Return juror -> (assigned, abstained) over the stage's eligible innovations."""
    if context.explicit is None:
        return {j: (len(context.innovation_ids), 0) for j in juror_ids}
    counts: dict[int, list[int]] = {j: [0, 0] for j in juror_ids}
    for (juror_id, innovation_id), abstain in context.explicit.items():
        if innovation_id in context.innovation_ids:
            counts.setdefault(juror_id, [0, 0])[1 if abstain else 0] += 1
    return {j: (a, b) for j, (a, b) in counts.items()}


def _to_datetime(epoch: int | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC)


def compute_progress(
    contexts: Mapping[str, StageContext],
    jurors: Sequence[JurorRow],
    sheets: Sequence[SheetResult],
) -> tuple[list[StageProgress], list[JurorProgress], list[GroupCoverage]]:
    """Return stage, juror and jury-group progress from evaluated sheets."""
    juror_ids = [j.id for j in jurors]
    groups = sorted({j.group for j in jurors})
    group_of = {j.id: j.group for j in jurors}
    stage_rows: list[StageProgress] = []
    juror_rows: list[JurorProgress] = []
    coverage_rows: list[GroupCoverage] = []

    for stage in STAGES:
        context = contexts[stage]
        assigned = _assigned_counts(context, juror_ids)
        complete: dict[int, int] = defaultdict(int)
        partial: dict[int, int] = defaultdict(int)
        last_epoch: dict[int, int] = {}
        covered: dict[int, set[str]] = defaultdict(set)
        unexpected = 0
        for s in sheets:
            if s.stage != stage:
                continue
            if s.last_epoch is not None and s.last_epoch > last_epoch.get(s.juror_id, -1):
                last_epoch[s.juror_id] = s.last_epoch
            if s.status == COUNTED:
                if s.complete:
                    complete[s.juror_id] += 1
                    covered[s.innovation_id].add(group_of.get(s.juror_id, ""))
                else:
                    partial[s.juror_id] += 1
            elif s.status == UNEXPECTED:
                unexpected += 1
        total_assigned = sum(a for a, _b in assigned.values())
        total_complete = sum(complete.values())
        total_partial = sum(partial.values())
        stage_rows.append(
            StageProgress(
                stage=stage,
                expected=total_assigned,
                complete=total_complete,
                partial=total_partial,
                missing=total_assigned - total_complete - total_partial,
                abstained=sum(b for _a, b in assigned.values()),
                unexpected=unexpected,
                ratio=ratio(total_complete, total_assigned),
            )
        )
        for j in jurors:
            n_assigned, n_abstained = assigned.get(j.id, (0, 0))
            juror_rows.append(
                JurorProgress(
                    stage=stage,
                    juror_id=j.id,
                    code=j.code,
                    name=j.name,
                    group=j.group,
                    assigned=n_assigned,
                    complete=complete.get(j.id, 0),
                    partial=partial.get(j.id, 0),
                    abstained=n_abstained,
                    last_scored_at=_to_datetime(last_epoch.get(j.id)),
                    ratio=ratio(complete.get(j.id, 0), n_assigned),
                )
            )
        for innovation_id in sorted(context.innovation_ids):
            have = covered.get(innovation_id, set())
            coverage_rows.append(
                GroupCoverage(stage, innovation_id, {g: g in have for g in groups})
            )
    return stage_rows, juror_rows, coverage_rows


def compute_pace(
    progress: StageProgress,
    sheets: Sequence[SheetResult],
    *,
    window_start: date | None,
    window_end: date | None,
    now: datetime,
    timezone: str,
) -> Pace:
    """Return the stage's pace: complete sheets per day inside its window, and where it ends."""
    tz = ZoneInfo(timezone)
    remaining = max(progress.expected - progress.complete, 0)
    if window_start is None:
        return Pace(progress.stage, None, Decimal(0), remaining, None, window_end, False)
    start = datetime.combine(window_start, time.min, tzinfo=tz)
    end = datetime.combine(window_end, time.max, tzinfo=tz) if window_end else None
    until = min(now, end) if end else now
    elapsed_s = max((until - start).total_seconds(), 0.0)
    days = (Decimal(elapsed_s) / Decimal(86400)).quantize(RATIO, rounding=ROUND_HALF_UP)
    lo, hi = start.timestamp(), until.timestamp()
    done_times = [
        s.last_epoch
        for s in sheets
        if s.stage == progress.stage and s.status == COUNTED and s.complete and s.last_epoch
    ]
    inside = [t for t in done_times if lo <= t <= hi]
    if days <= 0 or not inside:
        return Pace(progress.stage, None, days, remaining, None, window_end, False)
    per_day = (Decimal(len(inside)) / days).quantize(RATIO, rounding=ROUND_HALF_UP)
    if remaining == 0:
        projected = datetime.fromtimestamp(max(done_times), tz).date()
    else:
        projected = (now + timedelta(days=float(Decimal(remaining) / per_day))).astimezone(tz)
        projected = projected.date()
    behind = bool(window_end and projected > window_end)
    return Pace(progress.stage, per_day, days, remaining, projected, window_end, behind)
