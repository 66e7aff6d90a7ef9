"""Two SQL statements that sum an edition's sheets into everything ranking and progress need.

The first (per innovation) is all the ranking needs and does not depend on the clock: the
web caches it per data version for every page. The second (per juror) adds what progress
needs, the pace's window included. Both read the per-sheet sums that database triggers
keep in score_sheets (migration 0005) instead of grouping the score rows, and apply the
same sheet rules as data_access.scoring (completeness, eligibility, assignments,
abstentions) inside the database, so Python only sees one row per innovation and per
juror instead of one per sheet. tests/test_totals.py checks them against the pure
reference on random editions, on SQLite and PostgreSQL.

Each stage's sheets are read once by each, in the order of an index, so neither grouping
sorts: per innovation along ix_score_sheets_panel (stage, innovation, ...), per juror along
the primary key (stage, juror, innovation). Which jury groups completed an innovation's
sheets comes back as one integer of bit flags, not one row per group; a stage's constants
(criteria, weights, whether it lists assignments) are in its statement, so a stage that
lists no assignments never probes them. (One statement over all sheets, classified into a
CTE and grouped twice, sorted the national edition's 129 thousand sheets twice and cost
three to five times as much.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    false,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from data_access.models import (
    CONFIRMED_CONFLICT,
    Assignment,
    ConflictDeclaration,
    Innovation,
    Juror,
    ScoreSheet,
    SheetState,
)
from data_access.progress import JurorTally, PaceWindow, ProgressTotals
from data_access.queries import draft_of, epoch_seconds, explicit_stage_ids, stage_sheet_rules
from data_access.scoring import ELIGIBLE, PRESENTATION, STAGES, StageTotals

# Jury groups per flags column: bits of a signed 64-bit integer, with room to spare.
FLAGS_PER_COLUMN = 60


@dataclass(frozen=True)
class EditionTotals:
    """An edition's score rows summed by SQL."""

    stage_totals: StageTotals
    progress: ProgressTotals
    presentation_scored: frozenset[int]  # innovations with any presentation score


@dataclass(frozen=True)
class StageRule:
    """What a stage's statement needs: its criteria count and weight sum, its assignments."""

    stage_id: int
    criteria: int
    weight: int  # Σ weight_centi
    explicit: bool  # the stage lists assignments


def stage_rules(session: Session, stages: Mapping[int, str]) -> list[StageRule]:
    """Return the rules of the stages that have criteria (two small reads)."""
    rules = stage_sheet_rules(session, dict(stages))
    explicit = explicit_stage_ids(session, dict(stages))
    return [StageRule(i, k, w, i in explicit) for i, (k, w) in rules.items()]


@dataclass(frozen=True)
class _Sheet:
    """One stage's sheet classified, as SQL expressions over score_sheets and its joins."""

    counted: ColumnElement[bool]  # eligible, assigned (or implicitly) and not abstaining
    complete: ColumnElement[bool]  # every criterion scored, and not an app draft
    draft: ColumnElement[bool]
    unexpected: ColumnElement[bool]  # eligible, in a stage listing assignments, not assigned
    score: ColumnElement[Any]  # hundredths, half-up on integers (only read when complete)


def _classify(rule: StageRule) -> tuple[_Sheet, Select]:
    """Return a stage's sheet classification and the FROM with the joins it reads."""
    sheet = ScoreSheet
    draft = SheetState.stage_id.is_not(None)
    eligible = Innovation.admin_status == ELIGIBLE
    joined = (
        select()
        .select_from(sheet)
        .join(Innovation, Innovation.id == sheet.innovation_id)
        .outerjoin(SheetState, draft_of(sheet.stage_id, sheet.juror_id, sheet.innovation_id))
    )
    if rule.explicit:
        joined = joined.outerjoin(
            Assignment,
            and_(
                Assignment.stage_id == sheet.stage_id,
                Assignment.juror_id == sheet.juror_id,
                Assignment.innovation_id == sheet.innovation_id,
            ),
        )
        counted = and_(eligible, Assignment.id.is_not(None), Assignment.abstain.is_not(True))
        unexpected = and_(eligible, Assignment.id.is_(None))
    else:  # every juror is assigned, but for the committee's confirmed conflicts
        joined = joined.outerjoin(
            ConflictDeclaration,
            and_(
                ConflictDeclaration.juror_id == sheet.juror_id,
                ConflictDeclaration.innovation_id == sheet.innovation_id,
                *CONFIRMED_CONFLICT,
            ),
        )
        counted = and_(eligible, ConflictDeclaration.juror_id.is_(None))
        unexpected = false()
    weight = rule.weight
    # Without weights there is no sheet score: such a sheet counts as partial, as before.
    complete = and_(sheet.n >= rule.criteria, ~draft) if weight > 0 else false()
    score = (2 * sheet.ws + weight) // (2 * weight) if weight > 0 else null()
    return _Sheet(counted, complete, draft, unexpected, score), joined.where(
        sheet.stage_id == rule.stage_id
    )


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def _window(window: PaceWindow | None) -> ColumnElement[bool]:
    """Return whether a sheet's last score falls in the stage's passed window (whole seconds)."""
    if window is None:
        return false()
    start = datetime.fromtimestamp(window.start_epoch, UTC)
    until = datetime.fromtimestamp(window.until_epoch, UTC) + timedelta(seconds=1)
    # Compared as stored, not converted per sheet: [start, until's second + 1 s).
    return and_(ScoreSheet.last >= start, ScoreSheet.last < until)


def _group_flags(groups: Sequence[str]) -> list[ColumnElement[int]]:
    """Return the flags columns: bit n set when group n completed one of the sheets grouped."""
    flags: list[ColumnElement[int]] = []
    for chunk in range(max(1, -(-len(groups) // FLAGS_PER_COLUMN))):
        named = groups[chunk * FLAGS_PER_COLUMN : (chunk + 1) * FLAGS_PER_COLUMN]
        bits = [
            func.max(case((Juror.jury_group == group, 1 << bit), else_=0))
            for bit, group in enumerate(named)
        ]
        flags.append(sum(bits[1:], bits[0]) if bits else literal(0))
    return flags


def stage_totals_statement(
    rules: Sequence[StageRule], stage_codes: Mapping[int, str], groups: Sequence[str]
):
    """Return the statement of what the ranking needs, and the jury groups' coverage.

    Rows: ("I", stage, innovation, Σ score, sheets, *group flags) over each innovation's
    counted complete sheets (innovations with one or more), and ("S", stage, innovation,
    0, 0, 0, ...) for each innovation with any presentation sheet (the finalists).
    Nothing here depends on the clock.
    """
    flags = _group_flags(groups)
    parts = []
    for rule in rules:
        sheet, joined = _classify(rule)
        # Only the counted complete sheets, filtered once rather than asked in each sum.
        parts.append(
            joined.add_columns(
                literal("I"),
                ScoreSheet.stage_id,
                ScoreSheet.innovation_id,
                func.sum(sheet.score),
                func.count(),
                *flags,
            )
            .join(Juror, Juror.id == ScoreSheet.juror_id)
            .where(sheet.counted, sheet.complete)
            .group_by(ScoreSheet.stage_id, ScoreSheet.innovation_id)
        )
        if stage_codes[rule.stage_id] == PRESENTATION:
            parts.append(
                select(
                    literal("S"),
                    ScoreSheet.stage_id,
                    ScoreSheet.innovation_id,
                    *[literal(0)] * (2 + len(flags)),
                )
                .where(ScoreSheet.stage_id == rule.stage_id)
                .group_by(ScoreSheet.stage_id, ScoreSheet.innovation_id)
            )
    if not parts:
        return None
    return union_all(*parts) if len(parts) > 1 else parts[0]


def juror_totals_statement(
    rules: Sequence[StageRule],
    stage_codes: Mapping[int, str],
    windows: Mapping[str, PaceWindow | None],
):
    """Return the statement of what progress needs per juror, the pace's inputs included.

    Rows: (stage, juror, complete, partial, latest of any sheet, unexpected, drafts,
    complete inside the stage's passed window, latest complete).
    """
    parts = []
    for rule in rules:
        sheet, joined = _classify(rule)
        done = and_(sheet.counted, sheet.complete)
        inside = _window(windows.get(stage_codes[rule.stage_id]))
        parts.append(
            joined.add_columns(
                ScoreSheet.stage_id,
                ScoreSheet.juror_id,
                _count(done),
                _count(and_(sheet.counted, ~sheet.complete)),
                epoch_seconds(func.max(ScoreSheet.last)),
                _count(sheet.unexpected),
                _count(and_(sheet.counted, sheet.draft)),
                _count(and_(done, inside)),
                epoch_seconds(func.max(case((done, ScoreSheet.last), else_=None))),
            ).group_by(ScoreSheet.stage_id, ScoreSheet.juror_id)
        )
    if not parts:
        return None
    return union_all(*parts) if len(parts) > 1 else parts[0]


@dataclass(frozen=True)
class StageSums:
    """What the ranking needs of the sheets, and which jury groups completed each one's."""

    stage_totals: StageTotals
    coverage: Mapping[tuple[str, int], frozenset[str]]
    presentation_scored: frozenset[int]  # innovations with any presentation sheet


def load_stage_totals(
    session: Session,
    stages: Mapping[int, str],
    groups: Sequence[str],
    rules: Sequence[StageRule] | None = None,
) -> StageSums:
    """Run the stage totals statement (clock-free: cached per data version) and fold it.

    `groups` are the edition's jury groups: coverage says which of them completed a sheet;
    `rules` the stages' rules when already read (stage_rules).
    """
    stage_totals: dict[str, dict[int, tuple[int, int]]] = defaultdict(dict)
    coverage: dict[tuple[str, int], frozenset[str]] = {}
    scored: set[int] = set()
    if rules is None:
        rules = stage_rules(session, stages)
    statement = stage_totals_statement(rules, stages, groups)
    rows = [] if statement is None else session.connection().execute(statement).all()
    covered: dict[int, frozenset[str]] = {}  # flags -> groups: a handful of distinct values
    for kind, stage_id, key, total, count, *flags in rows:
        if kind == "S":
            scored.add(key)  # any presentation sheet, counted or not
            continue
        stage = stages[stage_id]
        stage_totals[stage][key] = (int(total), int(count))
        bits = _flags(flags)
        if bits not in covered:
            covered[bits] = frozenset(g for n, g in enumerate(groups) if bits >> n & 1)
        coverage[(stage, key)] = covered[bits]
    return StageSums(dict(stage_totals), coverage, frozenset(scored))


@dataclass(frozen=True)
class JurorSums:
    """What progress needs per juror, and the pace's inputs (these depend on the clock)."""

    jurors: Mapping[tuple[str, int], JurorTally]
    unexpected: Mapping[str, int]
    completions: Mapping[str, tuple[int, int | None]]  # (complete inside the window, latest)


def load_juror_totals(
    session: Session,
    stages: Mapping[int, str],
    windows: Mapping[str, PaceWindow | None],
    rules: Sequence[StageRule] | None = None,
) -> JurorSums:
    """Run the juror totals statement: tallies, unexpected sheets, and the pace's inputs."""
    jurors: dict[tuple[str, int], JurorTally] = {}
    unexpected: dict[str, int] = defaultdict(int)
    inside: dict[str, int] = defaultdict(int)
    latest: dict[str, int] = {}
    if rules is None:
        rules = stage_rules(session, stages)
    statement = juror_totals_statement(rules, stages, windows)
    rows = [] if statement is None else session.connection().execute(statement).all()
    for stage_id, juror, complete, partial, last, extra, drafts, within, done in rows:
        stage = stages[stage_id]
        jurors[(stage, juror)] = JurorTally(int(complete), int(partial), _int(last), int(drafts))
        unexpected[stage] += int(extra)
        inside[stage] += int(within)
        if done is not None:
            latest[stage] = max(latest.get(stage, int(done)), int(done))
    completions = {stage: (inside.get(stage, 0), latest.get(stage)) for stage in STAGES}
    return JurorSums(jurors, {s: n for s, n in unexpected.items() if n}, completions)


def progress_totals_from(sums: StageSums, per_juror: JurorSums) -> ProgressTotals:
    """Return progress's totals from the stage sums and the juror sums."""
    return ProgressTotals(
        per_juror.jurors, per_juror.unexpected, sums.coverage, per_juror.completions
    )


def load_totals(
    session: Session,
    stages: Mapping[int, str],
    windows: Mapping[str, PaceWindow | None],
    groups: Sequence[str],
) -> EditionTotals:
    """Return every total ranking and progress need (the two statements above)."""
    rules = stage_rules(session, stages)
    sums = load_stage_totals(session, stages, groups, rules)
    progress = progress_totals_from(sums, load_juror_totals(session, stages, windows, rules))
    return EditionTotals(sums.stage_totals, progress, sums.presentation_scored)


def _flags(columns: Sequence[int]) -> int:
    """Return the group flags of a row's flag columns as one integer (group n is bit n)."""
    bits = 0
    for chunk, value in enumerate(columns):
        bits |= int(value) << (chunk * FLAGS_PER_COLUMN)
    return bits


def _int(value) -> int | None:
    return None if value is None else int(value)
