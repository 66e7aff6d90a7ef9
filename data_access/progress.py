"""Pure judging progress per SCORING.md: per stage, per juror, per jury group, and pace."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple
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
    drafts: int = 0  # of partial: sheets filled in the app and not submitted yet


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
    drafts: int = 0  # of partial: sheets filled in the app and not submitted yet


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
    behind: bool  # the projected end falls after the window's end, or it closed unfinished
    closed: bool = False  # the window's last day has passed


def ratio(part: int, whole: int) -> Decimal | None:
    """Return part ÷ whole rounded half-up to four decimals (None when whole is 0)."""
    if whole <= 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(RATIO, rounding=ROUND_HALF_UP)


class JurorTally(NamedTuple):
    """One juror's counted sheets in a stage, and the time of their latest score.

    drafts counts the partial sheets that are app drafts (complete ones are submitted).
    """

    complete: int = 0
    partial: int = 0
    last_epoch: int | None = None
    drafts: int = 0


@dataclass(frozen=True)
class PaceWindow:
    """The part of a stage's window that has passed: from its start until now or its end."""

    start_epoch: int
    until_epoch: int
    days: Decimal


@dataclass(frozen=True)
class ProgressTotals:
    """What progress needs of the sheets, summed (by SQL, or by progress_totals from sheets)."""

    jurors: Mapping[tuple[str, int], JurorTally]
    unexpected: Mapping[str, int]
    coverage: Mapping[tuple[str, int], frozenset[str]]  # groups with a counted complete sheet
    completions: Mapping[str, tuple[int, int | None]]  # (complete inside the window, latest)


def pace_window(
    window_start: date | None, window_end: date | None, *, now: datetime, timezone: str
) -> PaceWindow | None:
    """Return the elapsed part of a stage window (None when the stage has no start date)."""
    if window_start is None:
        return None
    tz = ZoneInfo(timezone)
    start = datetime.combine(window_start, time.min, tzinfo=tz)
    end = datetime.combine(window_end, time.max, tzinfo=tz) if window_end else None
    until = min(now, end) if end else now
    elapsed_s = max((until - start).total_seconds(), 0.0)
    days = (Decimal(elapsed_s) / Decimal(86400)).quantize(RATIO, rounding=ROUND_HALF_UP)
    return PaceWindow(int(start.timestamp()), int(until.timestamp()), days)


def progress_totals(
    sheets: Sequence[SheetResult],
    group_of: Mapping[int, str],
    windows: Mapping[str, PaceWindow | None],
) -> ProgressTotals:
    """Sum evaluated sheets into what progress needs (the reference for the SQL version)."""
    jurors: dict[tuple[str, int], JurorTally] = {}
    unexpected: dict[str, int] = defaultdict(int)
    coverage: dict[tuple[str, int], set[str]] = defaultdict(set)
    inside: dict[str, int] = defaultdict(int)
    latest: dict[str, int] = {}
    for s in sheets:
        key = (s.stage, s.juror_id)
        tally = jurors.get(key, JurorTally())
        if s.last_epoch is not None and (
            tally.last_epoch is None or s.last_epoch > tally.last_epoch
        ):
            tally = tally._replace(last_epoch=s.last_epoch)
        if s.status == COUNTED:
            if s.complete:
                tally = tally._replace(complete=tally.complete + 1)
                coverage[(s.stage, s.innovation_id)].add(group_of.get(s.juror_id, ""))
                window = windows.get(s.stage)
                if s.last_epoch is not None:
                    if window and window.start_epoch <= s.last_epoch <= window.until_epoch:
                        inside[s.stage] += 1
                    latest[s.stage] = max(latest.get(s.stage, s.last_epoch), s.last_epoch)
            else:
                tally = tally._replace(
                    partial=tally.partial + 1, drafts=tally.drafts + int(s.draft)
                )
        elif s.status == UNEXPECTED:
            unexpected[s.stage] += 1
        jurors[key] = tally
    return ProgressTotals(
        jurors=jurors,
        unexpected=dict(unexpected),
        coverage={k: frozenset(v) for k, v in coverage.items()},
        completions={stage: (inside.get(stage, 0), latest.get(stage)) for stage in STAGES},
    )


def assigned_counts(context: StageContext, juror_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Return juror -> (assigned, abstained) over the stage's eligible innovations."""
    if context.explicit is None:
        abstained: dict[int, int] = {}
        for juror_id, innovation_id in context.abstained:
            if innovation_id in context.innovation_ids:
                abstained[juror_id] = abstained.get(juror_id, 0) + 1
        total = len(context.innovation_ids)
        return {j: (total - abstained.get(j, 0), abstained.get(j, 0)) for j in juror_ids}
    counts: dict[int, list[int]] = {j: [0, 0] for j in juror_ids}
    for (juror_id, innovation_id), abstain in context.explicit.items():
        if innovation_id in context.innovation_ids:
            counts.setdefault(juror_id, [0, 0])[1 if abstain else 0] += 1
    return {j: (a, b) for j, (a, b) in counts.items()}


def _to_datetime(epoch: int | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC)


def progress_from_totals(
    contexts: Mapping[str, StageContext],
    jurors: Sequence[JurorRow],
    totals: ProgressTotals,
) -> tuple[list[StageProgress], list[JurorProgress], list[GroupCoverage]]:
    """Return stage, juror and jury-group progress from summed sheets."""
    juror_ids = [j.id for j in jurors]
    groups = sorted({j.group for j in jurors})
    stage_rows: list[StageProgress] = []
    juror_rows: list[JurorProgress] = []
    coverage_rows: list[GroupCoverage] = []
    for stage in STAGES:
        context = contexts[stage]
        assigned = assigned_counts(context, juror_ids)
        tallies = [totals.jurors.get((stage, j), JurorTally()) for j in assigned]
        total_assigned = sum(a for a, _b in assigned.values())
        total_complete = sum(t.complete for t in tallies)
        total_partial = sum(t.partial for t in tallies)
        stage_rows.append(
            StageProgress(
                stage=stage,
                expected=total_assigned,
                complete=total_complete,
                partial=total_partial,
                missing=total_assigned - total_complete - total_partial,
                abstained=sum(b for _a, b in assigned.values()),
                unexpected=totals.unexpected.get(stage, 0),
                ratio=ratio(total_complete, total_assigned),
                drafts=sum(t.drafts for t in tallies),
            )
        )
        for j in jurors:
            n_assigned, n_abstained = assigned.get(j.id, (0, 0))
            tally = totals.jurors.get((stage, j.id), JurorTally())
            juror_rows.append(
                JurorProgress(
                    stage=stage,
                    juror_id=j.id,
                    code=j.code,
                    name=j.name,
                    group=j.group,
                    assigned=n_assigned,
                    complete=tally.complete,
                    partial=tally.partial,
                    abstained=n_abstained,
                    last_scored_at=_to_datetime(tally.last_epoch),
                    ratio=ratio(tally.complete, n_assigned),
                    drafts=tally.drafts,
                )
            )
        for innovation_id in sorted(context.innovation_ids):
            have = totals.coverage.get((stage, innovation_id), frozenset())
            coverage_rows.append(
                GroupCoverage(stage, innovation_id, {g: g in have for g in groups})
            )
    return stage_rows, juror_rows, coverage_rows


def compute_progress(
    contexts: Mapping[str, StageContext],
    jurors: Sequence[JurorRow],
    sheets: Sequence[SheetResult],
) -> tuple[list[StageProgress], list[JurorProgress], list[GroupCoverage]]:
    """Return stage, juror and jury-group progress from evaluated sheets."""
    totals = progress_totals(sheets, {j.id: j.group for j in jurors}, {})
    return progress_from_totals(contexts, jurors, totals)


def compute_pace(
    progress: StageProgress,
    completions: tuple[int, int | None],
    *,
    window: PaceWindow | None,
    window_end: date | None,
    now: datetime,
    timezone: str,
) -> Pace:
    """Return the stage's pace: complete sheets per day inside its window, and where it ends."""
    tz = ZoneInfo(timezone)
    remaining = max(progress.expected - progress.complete, 0)
    closed = window_end is not None and now.astimezone(tz).date() > window_end
    if window is None:
        return Pace(progress.stage, None, Decimal(0), remaining, None, window_end, False, closed)
    inside, latest = completions
    late = closed and remaining > 0
    if window.days <= 0 or not inside:
        return Pace(progress.stage, None, window.days, remaining, None, window_end, late, closed)
    per_day = (Decimal(inside) / window.days).quantize(RATIO, rounding=ROUND_HALF_UP)
    if remaining == 0 and latest is not None:
        projected = datetime.fromtimestamp(latest, tz).date()
    elif closed:
        projected = None  # no projection from a window that is over
    else:
        projected = (now + timedelta(days=float(Decimal(remaining) / per_day))).astimezone(tz)
        projected = projected.date()
    behind = late or bool(window_end and projected and projected > window_end)
    return Pace(
        progress.stage, per_day, window.days, remaining, projected, window_end, behind, closed
    )
